import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { renderMore, stageLabel, stages } from './console-labels.ts';
import type { FirmTask, TaskStage, Work } from '../internal/api-types.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import type { FirmMembers } from './firm-members.ts';
import { ClientPicker } from './client-picker.ts';
import { PagedList } from './paged-list.ts';

export interface BoardFilters {
  stage: TaskStage | '';
  overdue: boolean;
  clientId: string;
  workId: string;
  /** `''` anyone, else a member id (the console offers "me"). */
  responsibleId: string;
  q: string;
}

const noFilters: BoardFilters = { stage: '', overdue: false, clientId: '', workId: '', responsibleId: '', q: '' };

/**
 * The firm-wide task board (`GET /firm/tasks`): filters by stage, overdue,
 * client, work, responsible member and title search, newest first, with
 * "Show more" for the next page. Opening a row shows the task's detail.
 */
export class TaskBoard implements ReactiveController {
  readonly #host: ConsoleViewHost;
  readonly #members: FirmMembers;
  readonly #list: PagedList<FirmTask>;
  /** The chosen client's work, for the work filter. */
  readonly #works: PagedList<Work>;
  /** The client filter: searched on the server (the firm may have more clients than one page); cleared means all clients. */
  readonly #client: ClientPicker;
  filters: BoardFilters = { ...noFilters };

  constructor(host: ConsoleViewHost, members: FirmMembers) {
    this.#host = host;
    this.#members = members;
    this.#list = new PagedList<FirmTask>(host, '/firm/tasks');
    this.#works = new PagedList<Work>(host, '/firm/work');
    this.#client = new ClientPicker(host, 'board-client', (client) => this.#set({ clientId: client?.id ?? '' }));
    host.addController(this);
  }

  hostConnected(): void {}

  /** Opens the board with these filters (the rest cleared); `clientName` names `initial.clientId` in the client filter. */
  open(initial: Partial<BoardFilters> = {}, clientName = ''): void {
    this.filters = { ...noFilters, ...initial };
    this.#client.set(this.filters.clientId ? { id: this.filters.clientId, name: clientName } : null);
    void this.#members.load();
    this.#loadWorks();
    this.#load(false);
  }

  /** Loads the first page again with the same filters (back from a task). */
  reload(): void {
    this.#load(false);
  }

  /** Loads the first page; after a filter change, says how many are shown (not on opening, which may follow another message). */
  #load(announce = true): void {
    const f = this.filters;
    void this.#list
      .load({
        stage: f.stage,
        overdue: f.overdue && 'true',
        clientId: f.clientId,
        workId: f.workId,
        responsibleId: f.responsibleId,
        q: f.q.trim(),
      })
      .then(() => {
        if (announce) this.#announceCount();
      });
  }

  #announceCount(): void {
    if (!this.#list.error) this.#host.announce(this.#host.strings.tasksShown(this.#list.items.length));
  }

  #loadWorks(): void {
    if (this.filters.clientId) void this.#works.load({ clientId: this.filters.clientId, limit: '100' });
    else this.#works.items = [];
  }

  #set(change: Partial<BoardFilters>): void {
    const clientChanged = change.clientId !== undefined && change.clientId !== this.filters.clientId;
    this.filters = { ...this.filters, ...change, ...(clientChanged ? { workId: '' } : {}) };
    if (clientChanged) this.#loadWorks();
    this.#load();
  }

  #onSearch(event: SubmitEvent): void {
    event.preventDefault();
    const q = new FormData(event.currentTarget as HTMLFormElement).get('q');
    this.#set({ q: String(q ?? '') });
  }

  #renderFilters(): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const f = this.filters;
    const value = (e: Event) => (e.target as HTMLSelectElement).value;
    return html`
      <form class="filters" role="search" aria-label=${t.boardFiltersLabel} @submit=${(e: SubmitEvent) => this.#onSearch(e)}>
        <div class="field">
          <label for="board-q">${t.searchTitles}</label>
          <div class="row">
            <input id="board-q" name="q" type="search" .value=${f.q} autocomplete="off" />
            <button type="submit" class="button secondary">${t.search}</button>
          </div>
        </div>
        <div class="field">
          <label for="board-stage">${t.stageFilter}</label>
          <select id="board-stage" @change=${(e: Event) => this.#set({ stage: value(e) as TaskStage | '' })}>
            <option value="" ?selected=${f.stage === ''}>${t.allStages}</option>
            ${stages.map((s) => html`<option value=${s} ?selected=${f.stage === s}>${stageLabel(t, s)}</option>`)}
          </select>
        </div>
        <div class="field">${this.#client.render(t.clientFilter, { placeholder: t.allClients })}</div>
        ${f.clientId
          ? html`<div class="field">
              <label for="board-work">${t.workFilter}</label>
              <select id="board-work" @change=${(e: Event) => this.#set({ workId: value(e) })}>
                <option value="" ?selected=${f.workId === ''}>${t.allWork}</option>
                ${this.#works.items.map((w) => html`<option value=${w.id} ?selected=${f.workId === w.id}>${w.title}</option>`)}
              </select>
            </div>`
          : nothing}
        <div class="field">
          <label for="board-responsible">${t.responsibleFilter}</label>
          <select id="board-responsible" @change=${(e: Event) => this.#set({ responsibleId: value(e) })}>
            <option value="" ?selected=${f.responsibleId === ''}>${t.anyone}</option>
            ${this.#members.options(f.responsibleId)}
          </select>
        </div>
        <label class="check">
          <input type="checkbox" .checked=${f.overdue} @change=${(e: Event) => this.#set({ overdue: (e.target as HTMLInputElement).checked })} />
          ${t.overdueOnly}
        </label>
      </form>
    `;
  }

  #renderRow(task: FirmTask): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    return html`
      <li data-board-task=${task.id}>
        <button type="button" class="link" @click=${() => host.navigate({ view: 'task', id: task.id })}>${task.title}</button>
        <span class="meta">${task.clientName}</span>
        <span class="badge stage-${task.stage}">${stageLabel(t, task.stage)}</span>
        ${task.unreadMessages ? html`<span class="badge new">${t.unreadMessages(task.unreadMessages)}</span>` : nothing}
        <span class="meta ${task.overdue ? 'overdue' : ''}">
          ${task.dueDate ? t.dueOn(host.formatDate(task.dueDate)) : t.noDueDate}${task.overdue ? html` (${t.overdueNote})` : nothing}
        </span>
      </li>
    `;
  }

  render(): TemplateResult {
    const t = this.#host.strings;
    const list = this.#list;
    return html`
      <h2 tabindex="-1" data-heading id="board-title">${t.boardTitle}</h2>
      ${this.#renderFilters()}
      ${list.loaded && list.items.length === 0 ? html`<p class="muted">${t.noBoardTasks}</p>` : nothing}
      ${list.items.length
        ? html`<ul class="plain rows" aria-labelledby="board-title">${list.items.map((task) => this.#renderRow(task))}</ul>`
        : nothing}
      ${renderMore(list, t, () => void list.reload(), () => void list.more().then(() => this.#announceCount()))}
    `;
  }
}

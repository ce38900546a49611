import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { renderMore } from './console-labels.ts';
import type { Work } from '../internal/api-types.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import type { FirmMembers } from './firm-members.ts';
import { ClientPicker } from './client-picker.ts';
import { NewWorkForm } from './new-work-form.ts';
import { PagedList } from './paged-list.ts';
import type { WorkStatuses } from './work-statuses.ts';

interface WorkFilters {
  clientId: string;
  statusId: string;
  responsibleId: string;
  state: '' | 'open' | 'completed';
  q: string;
}

const noFilters: WorkFilters = { clientId: '', statusId: '', responsibleId: '', state: 'open', q: '' };

/** The work list (`GET /firm/work`), firm-wide or for one client, filtered by status, responsible, state and title. */
export class WorkList implements ReactiveController {
  readonly #host: ConsoleViewHost;
  readonly #statuses: WorkStatuses;
  readonly #members: FirmMembers;
  readonly #newWork: NewWorkForm;
  readonly #list: PagedList<Work>;
  /** The client filter: searched on the server (the firm may have more clients than one page); cleared means all clients. */
  readonly #client: ClientPicker;
  filters: WorkFilters = { ...noFilters };

  constructor(host: ConsoleViewHost, statuses: WorkStatuses, members: FirmMembers) {
    this.#host = host;
    this.#members = members;
    this.#newWork = new NewWorkForm(host, statuses, members);
    this.#statuses = statuses;
    this.#list = new PagedList<Work>(host, '/firm/work');
    this.#client = new ClientPicker(host, 'work-client', (client) => this.#set({ clientId: client?.id ?? '' }));
    host.addController(this);
  }

  hostConnected(): void {}

  /** Opens the list, for `clientId` (named `clientName`) when given. */
  open(clientId = '', clientName = ''): void {
    this.filters = { ...noFilters, clientId };
    this.#client.set(clientId ? { id: clientId, name: clientName } : null);
    this.#newWork.close();
    void this.#statuses.load();
    void this.#members.load();
    this.#load();
  }

  /** Loads the first page again with the same filters (back from a work). */
  reload(): void {
    this.#load();
  }

  #load(): void {
    const f = this.filters;
    void this.#list.load({ clientId: f.clientId, statusId: f.statusId, responsibleId: f.responsibleId, state: f.state, q: f.q.trim() });
  }

  #set(change: Partial<WorkFilters>): void {
    this.filters = { ...this.filters, ...change };
    this.#load();
  }

  render(): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const f = this.filters;
    const list = this.#list;
    const value = (e: Event) => (e.target as HTMLSelectElement).value;
    const client = f.clientId ? this.#client.value : null;
    return html`
      <h2 tabindex="-1" data-heading id="work-title">${client?.name ? t.workForClient(client.name) : t.workTitle}</h2>
      <div class="row">
        <button type="button" class="button" @click=${() => this.#newWork.start(f.clientId, client?.name)}>${t.newWork}</button>
        <button type="button" class="button secondary" @click=${() => host.navigate({ view: 'statuses' })}>${t.statusesTitle}</button>
      </div>
      ${this.#newWork.render()}
      <form class="filters" role="search" aria-label=${t.workFiltersLabel} @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        this.#set({ q: String(new FormData(e.currentTarget as HTMLFormElement).get('q') ?? '') });
      }}>
        <div class="field">
          <label for="work-q">${t.searchTitles}</label>
          <div class="row">
            <input id="work-q" name="q" type="search" .value=${f.q} autocomplete="off" />
            <button type="submit" class="button secondary">${t.search}</button>
          </div>
        </div>
        <div class="field">${this.#client.render(t.clientFilter, { placeholder: t.allClients })}</div>
        <div class="field">
          <label for="work-status">${t.workStatusFilter}</label>
          <select id="work-status" @change=${(e: Event) => this.#set({ statusId: value(e) })}>
            <option value="" ?selected=${f.statusId === ''}>${t.allStatuses}</option>
            ${this.#statuses.items.map((s) => html`<option value=${s.id} ?selected=${f.statusId === s.id}>${s.name}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="work-state">${t.workStateFilter}</label>
          <select id="work-state" @change=${(e: Event) => this.#set({ state: value(e) as WorkFilters['state'] })}>
            <option value="open" ?selected=${f.state === 'open'}>${t.workOpen}</option>
            <option value="completed" ?selected=${f.state === 'completed'}>${t.workCompleted}</option>
            <option value="" ?selected=${f.state === ''}>${t.workAnyState}</option>
          </select>
        </div>
        <div class="field">
          <label for="work-responsible">${t.responsibleFilter}</label>
          <select id="work-responsible" @change=${(e: Event) => this.#set({ responsibleId: value(e) })}>
            <option value="" ?selected=${f.responsibleId === ''}>${t.anyone}</option>
            ${this.#members.options(f.responsibleId)}
          </select>
        </div>
      </form>
      ${list.loaded && list.items.length === 0 ? html`<p class="muted">${t.noWorkFound}</p>` : nothing}
      ${list.items.length
        ? html`<ul class="plain rows" aria-labelledby="work-title">
            ${list.items.map(
              (w) => html`<li>
                <button type="button" class="link" @click=${() => host.navigate({ view: 'work-detail', id: w.id })}>${w.title}</button>
                <span class="meta">${w.clientName}</span>
                <span class="badge">${w.completedAt ? t.workCompleted : w.statusName ?? t.noStatus}</span>
                ${w.selfServiceStartedAt ? html`<span class="badge">${t.startedByClient}</span>` : nothing}
                <span class="meta">${t.startsOn(host.formatDate(w.startDate))} · ${t.openTasksCount(w.taskCounts.open, w.taskCounts.total)}</span>
              </li>`,
            )}
          </ul>`
        : nothing}
      ${renderMore(list, t, () => void list.reload())}
    `;
  }
}

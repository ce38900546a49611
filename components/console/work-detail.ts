import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { isAbort } from '../internal/messages.ts';
import { stageLabel } from './console-labels.ts';
import type { FirmTask, Work, WorkDetail } from '../internal/api-types.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import type { FirmMembers } from './firm-members.ts';
import type { WorkStatuses } from './work-statuses.ts';

/** Tasks grouped by their section, in the order the sections first appear. */
const bySection = (tasks: FirmTask[]): [string | null, FirmTask[]][] => {
  const groups = new Map<string | null, FirmTask[]>();
  for (const task of tasks) groups.set(task.section, [...(groups.get(task.section) ?? []), task]);
  return [...groups];
};

/** One work: its facts, status (from the firm's list), complete/reopen, "Send to client", and its tasks by section. */
export class WorkDetailView implements ReactiveController {
  readonly #host: ConsoleViewHost;
  readonly #statuses: WorkStatuses;
  readonly #members: FirmMembers;
  #id = '';
  #work: WorkDetail | null = null;
  #error = '';
  #busy = false;

  constructor(host: ConsoleViewHost, statuses: WorkStatuses, members: FirmMembers) {
    this.#host = host;
    this.#statuses = statuses;
    this.#members = members;
    host.addController(this);
  }

  hostConnected(): void {}

  open(id: string): void {
    this.#id = id;
    this.#work = null;
    this.#error = '';
    void this.#statuses.load();
    void this.#members.load();
    void this.#load();
  }

  async #load(): Promise<void> {
    const host = this.#host;
    const id = this.#id;
    try {
      const work = await host.apiClient.get<WorkDetail>(`/firm/work/${encodeURIComponent(id)}`);
      if (id === this.#id) this.#work = work; // else another work was opened meanwhile
    } catch (err) {
      if (!isAbort(err) && id === this.#id) this.#error = host.failure(err) ?? '';
    }
    host.requestUpdate();
  }

  /** Runs a change of the work, then loads it again (its tasks change too). */
  async #change(run: (work: WorkDetail) => Promise<Work>, said: (work: Work) => string): Promise<void> {
    const host = this.#host;
    const work = this.#work;
    if (!work || this.#busy) return;
    this.#busy = true;
    host.showError('');
    host.requestUpdate();
    try {
      const changed = await run(work);
      host.announce(said(changed));
      await this.#load();
    } catch (err) {
      const message = host.failure(err);
      if (message !== null) host.showError(message);
      await this.#load();
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  #path(work: Work, tail = ''): string {
    return `/firm/work/${encodeURIComponent(work.id)}${tail}`;
  }

  #setStatus(statusId: string): void {
    const t = this.#host.strings;
    void this.#change(
      (w) => this.#host.apiClient.request<Work>('PATCH', this.#path(w), { version: w.version, statusId }),
      (w) => t.workStatusChanged(w.title, w.statusName ?? ''),
    );
  }

  #setResponsible(memberId: string): void {
    const t = this.#host.strings;
    const name = this.#members.items.find((m) => m.id === memberId)?.name ?? (memberId === this.#host.memberId ? t.me : t.nobody);
    void this.#change(
      (w) => this.#host.apiClient.request<Work>('PATCH', this.#path(w), { version: w.version, responsibleMemberId: memberId || null }),
      (w) => t.responsibleChanged(w.title, name),
    );
  }

  /** Nobody, me and the other members; a responsible member not among them yet (still loading) is kept as chosen. */
  #renderResponsible(work: WorkDetail): TemplateResult {
    const t = this.#host.strings;
    const current = work.responsibleMemberId ?? '';
    const known = current === '' || current === this.#host.memberId || this.#members.items.some((m) => m.id === current);
    return html`<div class="field">
      <label for="work-responsible-select">${t.responsibleLabel}</label>
      <select id="work-responsible-select" .value=${live(current)} ?disabled=${this.#busy} @change=${(e: Event) => this.#setResponsible((e.target as HTMLSelectElement).value)}>
        <option value="" ?selected=${current === ''}>${t.nobody}</option>
        ${known ? nothing : html`<option value=${current} selected>${t.anotherMember}</option>`}
        ${this.#members.options(current)}
      </select>
    </div>`;
  }

  render(): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const work = this.#work;
    const api = host.apiClient;
    return html`
      <button type="button" class="link" @click=${() => host.back()}>${t.back}</button>
      <h2 tabindex="-1" data-heading>${work ? work.title : t.workTitle}</h2>
      ${this.#error ? html`<p class="alert" role="alert">${this.#error}</p>` : nothing}
      ${!work && !this.#error ? html`<p class="muted">${t.loadingList}</p>` : nothing}
      ${work
        ? html`
            <dl class="facts">
              <dt>${t.clientLabel}</dt>
              <dd>${work.clientName}</dd>
              <dt>${t.startDateLabel}</dt>
              <dd>${host.formatDate(work.startDate)}</dd>
              <dt>${t.stateLabel}</dt>
              <dd>${work.completedAt ? t.workCompleted : t.workOpen}</dd>
              ${work.selfServiceStartedAt
                ? html`<dt>${t.startedByClient}</dt>
                    <dd>${host.formatTime(work.selfServiceStartedAt)}</dd>`
                : nothing}
            </dl>
            <div class="field">
              <label for="work-status-select">${t.workStatusLabel}</label>
              <select id="work-status-select" .value=${live(work.statusId ?? '')} ?disabled=${this.#busy} @change=${(e: Event) => this.#setStatus((e.target as HTMLSelectElement).value)}>
                ${work.statusId ? nothing : html`<option value="" selected disabled>${t.noStatus}</option>`}
                ${this.#statuses.items.map(
                  (s) => html`<option value=${s.id} ?selected=${s.id === work.statusId}>${s.name}${s.clientFacing ? ` (${t.clientFacingShort})` : ''}</option>`,
                )}
              </select>
            </div>
            ${this.#renderResponsible(work)}
            <div class="row actions">
              ${work.completedAt
                ? html`<button type="button" class="button secondary" ?disabled=${this.#busy} @click=${() =>
                    this.#change((w) => api.post<Work>(this.#path(w, `/reopen?version=${w.version}`)), (w) => t.workReopened(w.title))}>${t.actionReopen}</button>`
                : html`<button type="button" class="button secondary" ?disabled=${this.#busy} @click=${() =>
                      this.#change((w) => api.post<Work>(this.#path(w, '/send')), (w) => t.workSent(w.title))}>${t.sendToClient}</button>
                    <button type="button" class="button secondary" ?disabled=${this.#busy} @click=${() =>
                      this.#change((w) => api.post<Work>(this.#path(w, `/complete?version=${w.version}`)), (w) => t.workCompletedSaid(w.title))}>${t.actionComplete}</button>`}
              <button type="button" class="button secondary" @click=${() => host.navigate({ view: 'board', clientId: work.clientId, clientName: work.clientName, workId: work.id })}>${t.tasksOnBoard}</button>
            </div>
            <h3>${t.workTasks}</h3>
            ${work.tasks.length === 0 ? html`<p class="muted">${t.noWorkTasks}</p>` : nothing}
            ${bySection(work.tasks).map(
              ([section, tasks]) => html`<section class="work-section" aria-label=${section ?? t.noSection}>
                <h4>${section ?? t.noSection}</h4>
                <ul class="plain rows">
                  ${tasks.map(
                    (task) => html`<li>
                      <button type="button" class="link" @click=${() => host.navigate({ view: 'task', id: task.id })}>${task.title}</button>
                      <span class="badge stage-${task.stage}">${stageLabel(t, task.stage)}</span>
                      <span class="meta">${task.dueDate ? t.dueOn(host.formatDate(task.dueDate)) : t.noDueDate}</span>
                    </li>`,
                  )}
                </ul>
              </section>`,
            )}
          `
        : nothing}
    `;
  }
}

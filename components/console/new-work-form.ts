import { html, nothing, type TemplateResult } from 'lit';
import { fieldError, issuesByPath } from './console-labels.ts';
import type { Work } from '../internal/api-types.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import { ClientPicker } from './client-picker.ts';
import type { FirmMembers } from './firm-members.ts';
import type { WorkStatuses } from './work-statuses.ts';

interface WorkDraft {
  clientId: string;
  title: string;
  startDate: string;
  statusId: string;
  responsibleMemberId: string;
}

/**
 * "New work" on the work list (`POST /firm/work`): client, title, start date,
 * and optionally its status and responsible member; a created work opens.
 */
export class NewWorkForm {
  readonly #host: ConsoleViewHost;
  readonly #statuses: WorkStatuses;
  readonly #members: FirmMembers;
  #draft: WorkDraft | null = null;
  #issues = new Map<string, string>();
  #busy = false;
  /** The client, searched on the server (a firm may have thousands). */
  readonly #client: ClientPicker;

  constructor(host: ConsoleViewHost, statuses: WorkStatuses, members: FirmMembers) {
    this.#host = host;
    this.#statuses = statuses;
    this.#members = members;
    this.#client = new ClientPicker(host, 'new-work-client', (client) => {
      this.#set({ clientId: client?.id ?? '' });
      if (client) host.announce(host.strings.pickerChosen(client.name));
    });
  }

  /** Opens the form, for `clientId` when the list is one client's; closed again on every new list. */
  start(clientId: string, clientName = ''): void {
    this.#draft = { clientId, title: '', startDate: '', statusId: '', responsibleMemberId: this.#host.memberId ?? '' };
    this.#issues = new Map();
    this.#client.set(clientId ? { id: clientId, name: clientName } : null);
    this.#host.requestUpdate();
    void this.#host.updateComplete.then(() => this.#host.renderRoot.querySelector<HTMLElement>('#new-work-client')?.focus());
  }

  close(): void {
    this.#draft = null;
    this.#host.requestUpdate();
  }

  #set(part: Partial<WorkDraft>): void {
    if (this.#draft) this.#draft = { ...this.#draft, ...part };
  }

  async #submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const host = this.#host;
    const t = host.strings;
    const d = this.#draft;
    if (!d || this.#busy) return;
    const issues = new Map<string, string>();
    if (!d.clientId) issues.set('clientId', t.clientRequired);
    if (!d.title.trim()) issues.set('title', t.workTitleRequired);
    if (!d.startDate) issues.set('startDate', t.startDateRequired);
    this.#issues = issues;
    if (issues.size) {
      host.requestUpdate();
      return;
    }
    const body: { clientId: string; title: string; startDate: string; statusId?: string; responsibleMemberId?: string } = {
      clientId: d.clientId,
      title: d.title.trim(),
      startDate: d.startDate,
    };
    if (d.statusId) body.statusId = d.statusId;
    if (d.responsibleMemberId) body.responsibleMemberId = d.responsibleMemberId;
    this.#busy = true;
    host.requestUpdate();
    try {
      const work = await host.apiClient.post<Work>('/firm/work', body);
      this.#draft = null;
      host.announce(t.workCreated(work.title));
      host.navigate({ view: 'work-detail', id: work.id });
    } catch (err) {
      this.#issues = issuesByPath(err);
      const message = host.failure(err);
      if (message !== null && this.#issues.size === 0) host.showError(message);
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  render(): TemplateResult | typeof nothing {
    const d = this.#draft;
    if (!d) return nothing;
    const host = this.#host;
    const t = host.strings;
    const value = (e: Event) => (e.target as HTMLInputElement).value;
    const err = (path: string, id: string) => fieldError(this.#issues, path, id);
    return html`<form class="card new-work" novalidate aria-labelledby="new-work-heading" @submit=${(e: SubmitEvent) => this.#submit(e)}>
      <h3 id="new-work-heading">${t.newWork}</h3>
      <div class="field">
        ${this.#client.render(t.clientLabel, { describedBy: 'new-work-client-error', invalid: this.#issues.has('clientId') })}
        ${err('clientId', 'new-work-client-error')}
      </div>
      <div class="field">
        <label for="new-work-title">${t.titleLabel}</label>
        <input id="new-work-title" type="text" maxlength="200" .value=${d.title} aria-describedby="new-work-title-error" @input=${(e: Event) => this.#set({ title: value(e) })} />
        ${err('title', 'new-work-title-error')}
      </div>
      <div class="field">
        <label for="new-work-start">${t.startDateLabel}</label>
        <input id="new-work-start" type="date" .value=${d.startDate} aria-describedby="new-work-start-error" @input=${(e: Event) => this.#set({ startDate: value(e) })} />
        ${err('startDate', 'new-work-start-error')}
      </div>
      <div class="field">
        <label for="new-work-status">${t.workStatusLabel}</label>
        <select id="new-work-status" aria-describedby="new-work-status-error" @change=${(e: Event) => this.#set({ statusId: value(e) })}>
          <option value="" ?selected=${d.statusId === ''}>${t.noStatus}</option>
          ${this.#statuses.items.map((s) => html`<option value=${s.id} ?selected=${d.statusId === s.id}>${s.name}</option>`)}
        </select>
        ${err('statusId', 'new-work-status-error')}
      </div>
      <div class="field">
        <label for="new-work-responsible">${t.responsibleLabel}</label>
        <select id="new-work-responsible" @change=${(e: Event) => this.#set({ responsibleMemberId: value(e) })}>
          <option value="" ?selected=${d.responsibleMemberId === ''}>${t.nobody}</option>
          ${this.#members.options(d.responsibleMemberId)}
        </select>
      </div>
      <div class="row">
        <button type="submit" class="button" ?disabled=${this.#busy}>${this.#busy ? t.saving : t.createWork}</button>
        <button type="button" class="button secondary" @click=${() => this.close()}>${t.cancel}</button>
      </div>
    </form>`;
  }
}

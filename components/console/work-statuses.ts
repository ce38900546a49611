import { html, type ReactiveController, type TemplateResult } from 'lit';
import { fieldError, issuesByPath } from './console-labels.ts';
import type { Page, WorkStatus } from '../internal/api-types.ts';
import type { ConsoleViewHost } from './console-view-host.ts';

/**
 * The firm's work statuses (`GET /firm/work-statuses`), shared by the work
 * screens, and the small screen to rename them, mark them client-facing and
 * add one.
 */
export class WorkStatuses implements ReactiveController {
  readonly #host: ConsoleViewHost;
  items: WorkStatus[] = [];
  #issues = new Map<string, string>();
  #busy = false;

  constructor(host: ConsoleViewHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  async load(): Promise<void> {
    const host = this.#host;
    try {
      const page = await host.apiClient.get<Page<WorkStatus>>('/firm/work-statuses');
      this.items = [...page.items].sort((a, b) => a.position - b.position);
    } catch (err) {
      const message = host.failure(err);
      if (message !== null) host.showError(message);
    }
    host.requestUpdate();
  }

  async #save(status: WorkStatus, change: Partial<Pick<WorkStatus, 'name' | 'clientFacing'>>): Promise<void> {
    const host = this.#host;
    try {
      const saved = await host.apiClient.request<WorkStatus>('PATCH', `/firm/work-statuses/${encodeURIComponent(status.id)}`, {
        version: status.version,
        ...change,
      });
      this.items = this.items.map((s) => (s.id === saved.id ? saved : s));
      host.announce(host.strings.statusSaved(saved.name));
    } catch (err) {
      const message = host.failure(err);
      if (message !== null) host.showError(message);
    }
    host.requestUpdate();
  }

  async #add(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const host = this.#host;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    if (!name) {
      this.#issues = new Map([['name', host.strings.nameRequired]]);
      host.requestUpdate();
      return;
    }
    this.#busy = true;
    this.#issues = new Map();
    host.requestUpdate();
    try {
      const created = await host.apiClient.post<WorkStatus>('/firm/work-statuses', { name, clientFacing: data.get('clientFacing') === 'on' });
      this.items = [...this.items, created];
      form.reset();
      host.announce(host.strings.statusAdded(created.name));
    } catch (err) {
      this.#issues = issuesByPath(err);
      const message = host.failure(err);
      if (message !== null && this.#issues.size === 0) host.showError(message);
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  render(): TemplateResult {
    const t = this.#host.strings;
    return html`
      <button type="button" class="link" @click=${() => this.#host.back()}>${t.back}</button>
      <h2 tabindex="-1" data-heading id="statuses-title">${t.statusesTitle}</h2>
      <ul class="plain rows" aria-labelledby="statuses-title">
        ${this.items.map(
          (s) => html`<li>
            <form class="row" aria-label=${s.name} @submit=${(e: SubmitEvent) => {
              e.preventDefault();
              const name = String(new FormData(e.currentTarget as HTMLFormElement).get('name') ?? '').trim();
              if (name && name !== s.name) void this.#save(s, { name });
            }}>
              <label class="sr-only" for="status-${s.id}">${t.statusNameLabel}</label>
              <input id="status-${s.id}" name="name" type="text" maxlength="100" .value=${s.name} />
              <button type="submit" class="button secondary">${t.rename}<span class="sr-only">: ${s.name}</span></button>
              <label class="check">
                <input type="checkbox" .checked=${s.clientFacing} @change=${(e: Event) => void this.#save(s, { clientFacing: (e.target as HTMLInputElement).checked })} />
                ${t.clientFacingLabel}<span class="sr-only">: ${s.name}</span>
              </label>
            </form>
          </li>`,
        )}
      </ul>
      <form class="card" novalidate aria-labelledby="add-status-title" @submit=${(e: SubmitEvent) => this.#add(e)}>
        <h3 id="add-status-title">${t.addStatus}</h3>
        <div class="field">
          <label for="new-status-name">${t.statusNameLabel}</label>
          <input id="new-status-name" name="name" type="text" maxlength="100" aria-describedby="new-status-error" />
          ${fieldError(this.#issues, 'name', 'new-status-error')}
        </div>
        <label class="check"><input name="clientFacing" type="checkbox" /> ${t.clientFacingLabel}</label>
        <div><button type="submit" class="button" ?disabled=${this.#busy}>${t.addStatus}</button></div>
      </form>
    `;
  }
}

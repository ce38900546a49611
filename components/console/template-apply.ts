import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { fieldError, issuesByPath, renderMore } from './console-labels.ts';
import type { FirmClient, TemplateApplied, Template } from '../internal/api-types.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import { PagedList } from './paged-list.ts';

/** Pause after a keystroke in the client search before asking the server (ms). */
const DEBOUNCE = 150;

/**
 * "Create from template" (`POST /firm/templates/:id/apply`): pick one client
 * or many (search, "select all shown"), a start date and an optional title;
 * one request creates the work for all of them, or for none if it is refused.
 * The clients are searched and paged on the server (`GET /firm/clients?q&limit=200`,
 * "Show more"): a firm may have more than one page of them. A ticked client stays
 * ticked while the search changes.
 */
export class TemplateApply implements ReactiveController {
  readonly #host: ConsoleViewHost;
  #id = '';
  #template: Template | null = null;
  readonly #clients: PagedList<FirmClient>;
  /** The ticked clients, id to name (a ticked client may not be in the list shown now). */
  #selected = new Map<string, string>();
  #q = '';
  #timer: ReturnType<typeof setTimeout> | undefined;
  #startDate = '';
  #title = '';
  #busy = false;
  #error = '';
  #issues = new Map<string, string>();
  #result = '';

  constructor(host: ConsoleViewHost) {
    this.#host = host;
    this.#clients = new PagedList<FirmClient>(host, '/firm/clients');
    host.addController(this);
  }

  hostConnected(): void {}

  open(id: string): void {
    this.#id = id;
    this.#template = null;
    this.#selected = new Map();
    this.#q = '';
    clearTimeout(this.#timer);
    this.#loadClients();
    this.#title = '';
    this.#error = '';
    this.#result = '';
    this.#issues = new Map();
    void this.#load(id);
  }

  async #load(id: string): Promise<void> {
    const host = this.#host;
    try {
      const template = await host.apiClient.get<Template>(`/firm/templates/${encodeURIComponent(id)}`);
      if (id === this.#id) this.#template = template; // else another template was opened meanwhile
    } catch (err) {
      if (id === this.#id) this.#error = host.failure(err) ?? '';
    }
    host.requestUpdate();
  }

  #loadClients(): void {
    void this.#clients.load({ limit: '200', q: this.#q.trim() });
  }

  #search(q: string): void {
    this.#q = q;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#loadClients(), DEBOUNCE);
    this.#host.requestUpdate();
  }

  get #shown(): FirmClient[] {
    return this.#clients.items;
  }

  #toggle(client: FirmClient, on: boolean): void {
    const next = new Map(this.#selected);
    if (on) next.set(client.id, client.name);
    else next.delete(client.id);
    this.#selected = next;
    this.#host.requestUpdate();
  }

  #selectAllShown(): void {
    const next = new Map(this.#selected);
    for (const c of this.#shown) next.set(c.id, c.name);
    this.#selected = next;
    this.#host.announce(this.#host.strings.clientsSelected(this.#selected.size));
    this.#host.requestUpdate();
  }

  async #apply(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const host = this.#host;
    const t = host.strings;
    const template = this.#template;
    if (!template) return;
    const issues = new Map<string, string>();
    if (this.#selected.size === 0) issues.set('clientIds', t.chooseClients);
    if (!this.#startDate) issues.set('startDate', t.startDateRequired);
    this.#issues = issues;
    this.#result = '';
    this.#error = '';
    if (issues.size) {
      host.requestUpdate();
      return;
    }
    // By name, as the server lists clients, not the order they were ticked.
    const clientIds = [...this.#selected].sort(([a, an], [b, bn]) => (an < bn ? -1 : an > bn ? 1 : a < b ? -1 : a > b ? 1 : 0)).map(([id]) => id);
    const body: { clientIds: string[]; startDate: string; title?: string } = { clientIds, startDate: this.#startDate };
    if (this.#title.trim()) body.title = this.#title.trim();
    this.#busy = true;
    host.announce(t.creatingFor(clientIds.length));
    host.requestUpdate();
    try {
      const res = await host.apiClient.post<TemplateApplied>(`/firm/templates/${encodeURIComponent(template.id)}/apply`, body);
      this.#result = t.createdFor(res.items.length);
      host.announce(this.#result);
      this.#selected = new Map();
    } catch (err) {
      this.#issues = issuesByPath(err);
      this.#error = host.failure(err) ?? '';
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  render(): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const template = this.#template;
    const shown = this.#shown;
    const value = (e: Event) => (e.target as HTMLInputElement).value;
    return html`
      <button type="button" class="link" @click=${() => host.back()}>${t.back}</button>
      <h2 tabindex="-1" data-heading>${template ? t.applyTitle(template.title) : t.createFromTemplate}</h2>
      ${this.#error ? html`<p class="alert" role="alert">${this.#error}</p>` : nothing}
      ${this.#result ? html`<p class="success">${this.#result}</p>` : nothing}
      ${template
        ? html`<form class="apply" novalidate aria-label=${t.createFromTemplate} @submit=${(e: SubmitEvent) => this.#apply(e)}>
            <div class="two">
              <div class="field">
                <label for="apply-start">${t.startDateLabel}</label>
                <input id="apply-start" type="date" .value=${this.#startDate} aria-describedby="apply-start-error" @input=${(e: Event) => (this.#startDate = value(e))} />
                ${fieldError(this.#issues, 'startDate', 'apply-start-error')}
              </div>
              ${template.kind === 'work'
                ? html`<div class="field">
                    <label for="apply-title">${t.workTitleLabel}</label>
                    <input id="apply-title" type="text" maxlength="200" placeholder=${template.title} .value=${this.#title} @input=${(e: Event) => (this.#title = value(e))} />
                  </div>`
                : nothing}
            </div>
            <fieldset class="fieldset" aria-describedby="apply-clients-error">
              <legend>${t.clientsTitle} (${t.clientsSelected(this.#selected.size)})</legend>
              <div class="row">
                <label for="apply-q" class="sr-only">${t.searchClients}</label>
                <input id="apply-q" type="search" placeholder=${t.searchClients} .value=${this.#q} @input=${(e: Event) => this.#search(value(e))} />
                <button type="button" class="button secondary" @click=${() => this.#selectAllShown()}>${t.selectAllShown}</button>
                <button type="button" class="button secondary" @click=${() => {
                  this.#selected = new Map();
                  host.requestUpdate();
                }}>${t.selectNone}</button>
              </div>
              ${fieldError(this.#issues, 'clientIds', 'apply-clients-error')}
              <ul class="plain picker">
                ${shown.map(
                  (c) => html`<li>
                    <label class="check">
                      <input type="checkbox" .checked=${this.#selected.has(c.id)} @change=${(e: Event) => this.#toggle(c, (e.target as HTMLInputElement).checked)} />
                      ${c.name}
                    </label>
                  </li>`,
                )}
              </ul>
              ${renderMore(this.#clients, t, () => this.#loadClients())}
            </fieldset>
            <div>
              <button type="submit" class="button" ?disabled=${this.#busy}>
                ${this.#busy ? t.creatingFor(this.#selected.size) : t.createForSelected(this.#selected.size)}
              </button>
            </div>
          </form>`
        : nothing}
    `;
  }
}

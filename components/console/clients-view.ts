import { css, html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { FirmClient } from '../internal/api-types.ts';
import { renderMore } from './console-labels.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import { PagedList } from './paged-list.ts';

/** Styles of the clients screen, contacts, the client form, the import and opening the portal (over the console's). */
export const clientsStyles = css`
  .client-row {
    display: flex;
    gap: 0.5rem;
    align-items: center;
  }
  .client-row input[type='checkbox'],
  .selection input[type='checkbox'] {
    width: 1.25rem;
    height: 1.25rem;
    flex: none;
    margin: 0;
  }
  .client-row button {
    flex: 1 1 auto;
    min-width: 0;
  }
  .client-search {
    display: grid;
    gap: 0.25rem;
    margin: 0.75rem 0 0.5rem;
  }
  .client-search .row input {
    flex: 1 1 6rem;
    width: auto;
    min-width: 0;
  }
  .selection {
    align-items: center;
    margin-bottom: 0.5rem;
  }
  .contacts .contact-email,
  .contacts .companies {
    overflow-wrap: anywhere;
  }
  .badge.health[data-health='undeliverable'],
  .badge.health[data-health='link_expired'] {
    color: var(--_danger);
  }
  .badge.health[data-health='active'] {
    color: var(--_success);
  }
  .mode {
    align-items: flex-start;
  }
  .table-wrap {
    overflow-x: auto;
  }
  table.stack {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.9rem;
  }
  table.stack th,
  table.stack td {
    text-align: left;
    vertical-align: top;
    padding: 0.35rem 0.5rem;
    border-top: 1px solid var(--_border);
    overflow-wrap: anywhere;
  }
  table.stack tr.import-error td {
    background: color-mix(in srgb, var(--_danger) 8%, transparent);
  }
  .outcome[data-outcome='error'],
  .row-errors {
    color: var(--_danger);
  }
  .row-errors {
    margin: 0.25rem 0 0;
    padding-left: 1.1rem;
  }
  .client-picker {
    display: grid;
    gap: 0.25rem;
  }
  .picker-list {
    list-style: none;
    margin: 0;
    padding: 0.25rem 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    max-height: 14rem;
    overflow: auto;
  }
  .picker-list[hidden] {
    display: none;
  }
  .picker-list li {
    padding: 0.4rem 0.75rem;
    cursor: pointer;
    min-height: 24px;
    overflow-wrap: anywhere;
  }
  .picker-list li[aria-selected='true'] {
    background: var(--_primary);
    color: #fff;
  }
  /* On a phone each row is a card of label: value lines. */
  @media (max-width: 40rem) {
    table.stack thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
    table.stack,
    table.stack tbody,
    table.stack tr,
    table.stack td {
      display: block;
    }
    table.stack tr {
      border-top: 1px solid var(--_border);
      padding: 0.35rem 0;
    }
    table.stack td {
      border: 0;
      padding: 0.1rem 0;
    }
    table.stack td::before {
      content: attr(data-label) ': ';
      font-weight: 600;
    }
  }
`;

/** Clients per page of the clients screen. */
const PAGE = 50;

/**
 * The clients screen's list (`GET /firm/clients?q&limit&cursor`): the firm's
 * clients by name, paged by the server ("Show more"), searched by part of a
 * client's name or a contact's name or email. Each is a toggle button that
 * opens its panel (the chosen one is pressed), with a checkbox to select it;
 * selected clients (kept across pages and searches) go to "Open portal…".
 * "New client" opens the client form. A contact whose address is
 * undeliverable is named under its client.
 */
export class ClientsView implements ReactiveController {
  readonly #host: ConsoleViewHost;
  readonly #list: PagedList<FirmClient>;
  #q = '';
  /** Selected clients by id (what "Open portal…" is for). */
  #selected = new Map<string, FirmClient>();

  constructor(host: ConsoleViewHost) {
    this.#host = host;
    this.#list = new PagedList<FirmClient>(host, '/firm/clients');
    host.addController(this);
  }

  hostConnected(): void {}

  /** The first page, no search, nothing selected (a new sign-in, or the section opened afresh). */
  open(): void {
    this.#q = '';
    this.#selected = new Map();
    void this.#list.load({ limit: String(PAGE) });
  }

  /** The same search loaded again (back from a screen that may have changed a client). */
  reload(): void {
    void this.#list.reload();
  }

  /** Forgets the selection (the portal was opened for it). */
  clearSelection(): void {
    this.#selected = new Map();
    this.#host.requestUpdate();
  }

  /** A client shown or selected, by id. */
  find(id: string | null): FirmClient | undefined {
    if (!id) return undefined;
    return this.#list.items.find((c) => c.id === id) ?? this.#selected.get(id);
  }

  get loaded(): boolean {
    return this.#list.loaded;
  }

  async #search(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    this.#q = String(new FormData(event.currentTarget as HTMLFormElement).get('q') ?? '').trim();
    await this.#list.load({ q: this.#q, limit: String(PAGE) });
    if (this.#list.loaded) this.#host.announce(this.#host.strings.clientsShown(this.#list.items.length));
  }

  #toggle(client: FirmClient, on: boolean): void {
    const selected = new Map(this.#selected);
    if (on) selected.set(client.id, client);
    else selected.delete(client.id);
    this.#selected = selected;
    this.#host.requestUpdate();
  }

  #toggleAll(on: boolean): void {
    const selected = new Map(this.#selected);
    for (const client of this.#list.items) {
      if (on) selected.set(client.id, client);
      else selected.delete(client.id);
    }
    this.#selected = selected;
    this.#host.requestUpdate();
  }

  #renderItem(client: FirmClient, chosenId: string | null, choose: (id: string) => void): TemplateResult {
    const t = this.#host.strings;
    const box = `client-select-${client.id}`;
    return html`<li>
      <div class="client-row">
        <input id=${box} type="checkbox" class="client-select" .checked=${this.#selected.has(client.id)}
          aria-label=${t.selectClient(client.name)} @change=${(e: Event) => this.#toggle(client, (e.target as HTMLInputElement).checked)} />
        <button type="button" aria-pressed=${client.id === chosenId ? 'true' : 'false'} @click=${() => choose(client.id)}>
          <span>${client.name}</span>
          <span class="meta">${t.contactsCount(client.contacts.length)}${client.portalOpen ? '' : ` · ${t.portalClosed}`}</span>
        </button>
      </div>
      ${client.contacts.map((contact) =>
        // The mail provider gave up on this contact's address (bounce, spam complaint, inactive): staff must fix it.
        contact.emailUndeliverable ? html`<p class="meta undeliverable" role="note">${t.emailUndeliverable(contact.email, contact.emailUndeliverable.reason)}</p>` : null,
      )}
    </li>`;
  }

  /** The search, the actions on the selection and the list; `choose` opens a client's panel. */
  render(chosenId: string | null, choose: (id: string) => void): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const list = this.#list;
    const items = list.items;
    const allOn = items.length > 0 && items.every((c) => this.#selected.has(c.id));
    const count = this.#selected.size;
    return html`
      <div class="row">
        <button type="button" class="button secondary" @click=${() => host.navigate({ view: 'client', id: null })}>${t.newClient}</button>
      </div>
      <form class="client-search" role="search" aria-label=${t.clientsSearch} @submit=${(e: SubmitEvent) => this.#search(e)}>
        <label for="clients-q">${t.clientsSearch}</label>
        <div class="row">
          <input id="clients-q" name="q" type="search" autocomplete="off" .value=${this.#q} />
          <button type="submit" class="button secondary">${t.search}</button>
        </div>
      </form>
      <div class="row selection">
        ${items.length
          ? html`<label class="check"><input type="checkbox" class="select-all" .checked=${allOn} @change=${(e: Event) => this.#toggleAll((e.target as HTMLInputElement).checked)} />${t.selectAllShown}</label>`
          : nothing}
        <span class="meta" aria-live="polite">${count ? t.clientsSelected(count) : ''}</span>
        <button type="button" class="button secondary" ?disabled=${count === 0}
          @click=${() => host.navigate({ view: 'open-portal', clientIds: [...this.#selected.keys()] })}>${t.openPortalButton}</button>
      </div>
      ${list.loaded && items.length === 0 ? html`<p class="muted">${this.#q ? t.noClientsFound : t.noClients}</p>` : nothing}
      ${items.length ? html`<ul class="plain clients">${items.map((c) => this.#renderItem(c, chosenId, choose))}</ul>` : nothing}
      ${renderMore(list as PagedList<unknown>, t, () => void list.reload(), () => void list.more())}
    `;
  }
}

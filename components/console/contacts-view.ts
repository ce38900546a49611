import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { FirmContactRecord } from '../internal/api-types.ts';
import type { ContactHealth } from './clients-strings.ts';
import { renderMore } from './console-labels.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import { PagedList } from './paged-list.ts';

/** An item of `GET /firm/contacts`. */
export type ContactListItem = Pick<FirmContactRecord, 'id' | 'name' | 'email' | 'phone' | 'health' | 'invitedAt' | 'lastSignInAt' | 'companies'>;

export const HEALTHS: readonly ContactHealth[] = ['never_invited', 'invited', 'link_expired', 'active', 'undeliverable'];

/** A contact's access health in words, with the time that goes with it (last sign-in, invitation). */
export const renderHealth = (host: ConsoleViewHost, contact: Pick<FirmContactRecord, 'health' | 'invitedAt' | 'lastSignInAt'>): TemplateResult => {
  const t = host.strings;
  const when =
    contact.health === 'active' && contact.lastSignInAt !== null
      ? t.lastSignIn(host.formatTime(contact.lastSignInAt))
      : (contact.health === 'invited' || contact.health === 'link_expired') && contact.invitedAt !== null
        ? t.invitedOn(host.formatTime(contact.invitedAt))
        : '';
  return html`<span class="badge health" data-health=${contact.health}>${t.health(contact.health)}</span>${when ? html` <span class="meta">${when}</span>` : nothing}`;
};

/**
 * The console's Contacts section (`GET /firm/contacts?q&health&limit&cursor`):
 * every contact of the firm by name, paged, searched by name or email and
 * filtered by access health (never invited, invited and not signed in, link
 * expired, active with the last sign-in, undeliverable); each opens its record.
 */
export class ContactsView implements ReactiveController {
  readonly #host: ConsoleViewHost;
  readonly #list: PagedList<ContactListItem>;
  #q = '';
  #health: ContactHealth | '' = '';

  constructor(host: ConsoleViewHost) {
    this.#host = host;
    this.#list = new PagedList<ContactListItem>(host, '/firm/contacts');
    host.addController(this);
  }

  hostConnected(): void {}

  open(health?: string): void {
    this.#q = '';
    this.#health = HEALTHS.includes(health as ContactHealth) ? (health as ContactHealth) : '';
    void this.#load(false);
  }

  reload(): void {
    void this.#list.reload();
  }

  async #load(say: boolean): Promise<void> {
    await this.#list.load({ q: this.#q, health: this.#health });
    if (say && this.#list.loaded) this.#host.announce(this.#host.strings.contactsShown(this.#list.items.length));
  }

  #renderItem(contact: ContactListItem): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    return html`<li data-contact=${contact.id}>
      <button type="button" class="link item-title" @click=${() => host.navigate({ view: 'contact', id: contact.id })}>${contact.name}</button>
      <span class="meta contact-email">${contact.email}</span>
      ${renderHealth(host, contact)}
      <span class="meta companies">${contact.companies.length ? contact.companies.map((c) => c.name).join(', ') : t.noCompanies}</span>
    </li>`;
  }

  render(): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const list = this.#list;
    const filtered = Boolean(this.#q || this.#health);
    return html`
      <h2 tabindex="-1" data-heading id="contacts-title">${t.contactsTitle}</h2>
      <p class="muted">${t.contactsIntro}</p>
      <div class="row"><button type="button" class="button secondary" @click=${() => host.navigate({ view: 'import' })}>${t.importTitle}</button></div>
      <form class="filters" role="search" aria-label=${t.contactsSearch} @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget as HTMLFormElement);
        this.#q = String(data.get('q') ?? '').trim();
        this.#health = String(data.get('health') ?? '') as ContactHealth | '';
        void this.#load(true);
      }}>
        <div class="field">
          <label for="contacts-q">${t.contactsSearch}</label>
          <input id="contacts-q" name="q" type="search" autocomplete="off" .value=${this.#q} />
        </div>
        <div class="field">
          <label for="contacts-health">${t.healthFilter}</label>
          <select id="contacts-health" name="health">
            <option value="" ?selected=${this.#health === ''}>${t.healthAny}</option>
            ${HEALTHS.map((h) => html`<option value=${h} ?selected=${this.#health === h}>${t.health(h)}</option>`)}
          </select>
        </div>
        <div><button type="submit" class="button secondary">${t.search}</button></div>
      </form>
      ${list.loaded && list.items.length === 0 ? html`<p class="muted">${filtered ? t.contactsEmptyFiltered : t.contactsEmpty}</p>` : nothing}
      ${list.items.length ? html`<ul class="plain rows contacts" aria-labelledby="contacts-title">${list.items.map((c) => this.#renderItem(c))}</ul>` : nothing}
      ${renderMore(list as PagedList<unknown>, t, () => void list.reload(), () => void list.more())}
    `;
  }
}

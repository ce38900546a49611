import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { ApiError } from '../internal/api-client.ts';
import { isAbort } from '../internal/messages.ts';
import type { ContactHistoryEntry, FirmContactPatch, FirmContactRecord, PreviewSession } from '../internal/api-types.ts';
import { fieldError, issuesByPath, renderMore } from './console-labels.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import { renderHealth } from './contacts-view.ts';
import { PagedList } from './paged-list.ts';

/**
 * A contact's record (`GET /firm/contacts/:id`): name, email and phone to
 * edit (`PATCH`; an address another contact has is refused at the field),
 * the companies they belong to with portal access on or off for each
 * (`PATCH /firm/clients/:clientId/contacts/:id`), the invitation sent (again)
 * (`POST …/invite`), "Preview portal as this contact" (a read-only portal
 * session opened in a new tab) and the contact's history, newest first, paged.
 */
export class ContactRecord implements ReactiveController {
  readonly #host: ConsoleViewHost;
  readonly #history: PagedList<ContactHistoryEntry>;
  #id = '';
  #contact: FirmContactRecord | null = null;
  #loadError = '';
  #abort: AbortController | null = null;
  #issues = new Map<string, string>();
  #busy = false;
  /** What the last invitation or preview said (inline, beside its button). */
  #notice = '';

  constructor(host: ConsoleViewHost) {
    this.#host = host;
    this.#history = new PagedList<ContactHistoryEntry>(host, '/firm/contacts');
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.#abort?.abort();
  }

  open(id: string): void {
    this.#id = id;
    this.#contact = null;
    this.#loadError = '';
    this.#issues = new Map();
    this.#notice = '';
    void this.#load();
    this.#history.setPath(`/firm/contacts/${encodeURIComponent(id)}/history`);
    void this.#history.load({});
  }

  async #load(): Promise<void> {
    const host = this.#host;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    host.requestUpdate();
    try {
      this.#contact = await host.apiClient.get<FirmContactRecord>(`/firm/contacts/${encodeURIComponent(this.#id)}`, { signal: abort.signal });
    } catch (err) {
      if (isAbort(err)) return;
      this.#loadError = host.failure(err) ?? '';
    } finally {
      if (this.#abort === abort) this.#abort = null;
      host.requestUpdate();
    }
  }

  async #focus(selector: string): Promise<void> {
    await this.#host.updateComplete;
    this.#host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  async #save(event: SubmitEvent, contact: FirmContactRecord): Promise<void> {
    event.preventDefault();
    const host = this.#host;
    const t = host.strings;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const name = String(data.get('name') ?? '').trim();
    const email = String(data.get('email') ?? '').trim();
    const phone = String(data.get('phone') ?? '').trim() || null;
    const issues = new Map<string, string>();
    if (!name) issues.set('name', t.fieldRequired);
    if (!email) issues.set('email', t.fieldRequired);
    this.#issues = issues;
    if (issues.size) {
      host.requestUpdate();
      void this.#focus('.contact-form [aria-invalid="true"]');
      return;
    }
    const patch: FirmContactPatch = {};
    if (name !== contact.name) patch.name = name;
    if (email !== contact.email) patch.email = email;
    if (phone !== contact.phone) patch.phone = phone;
    this.#busy = true;
    host.showError('');
    host.requestUpdate();
    try {
      this.#contact = await host.apiClient.request<FirmContactRecord>('PATCH', `/firm/contacts/${encodeURIComponent(contact.id)}`, patch);
      host.announce(t.contactSaved(this.#contact.name));
      void this.#history.reload();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'email_taken') this.#issues = new Map([['email', t.emailTaken]]);
      else {
        this.#issues = issuesByPath(err);
        const message = host.failure(err);
        if (message !== null && this.#issues.size === 0) host.showError(message);
      }
      host.requestUpdate();
      void this.#focus('.contact-form [aria-invalid="true"]');
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  async #setAccess(contact: FirmContactRecord, company: FirmContactRecord['companies'][number], access: boolean): Promise<void> {
    const host = this.#host;
    const t = host.strings;
    this.#busy = true;
    host.showError('');
    host.requestUpdate();
    try {
      await host.apiClient.request('PATCH', `/firm/clients/${encodeURIComponent(company.id)}/contacts/${encodeURIComponent(contact.id)}`, { portalAccess: access });
      this.#contact = { ...contact, companies: contact.companies.map((c) => (c.id === company.id ? { ...c, access } : c)) };
      host.announce(access ? t.accessTurnedOn(contact.name, company.name) : t.accessTurnedOff(contact.name, company.name));
      void this.#history.reload();
    } catch (err) {
      const message = host.failure(err);
      if (message !== null) host.showError(message);
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  async #invite(contact: FirmContactRecord): Promise<void> {
    const host = this.#host;
    const t = host.strings;
    this.#busy = true;
    this.#notice = '';
    host.showError('');
    host.requestUpdate();
    try {
      await host.apiClient.post(`/firm/contacts/${encodeURIComponent(contact.id)}/invite`);
      this.#notice = t.invitationSent(contact.email);
      host.announce(this.#notice);
      this.#contact = { ...contact, invitedAt: Date.now(), health: contact.health === 'active' ? 'active' : 'invited' };
      void this.#history.reload();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'undeliverable') host.showError(t.undeliverableFixFirst);
      else if (err instanceof ApiError && err.code === 'portal_inactive') host.showError(t.portalInactive);
      else {
        const message = host.failure(err);
        if (message !== null) host.showError(message);
      }
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  async #preview(contact: FirmContactRecord): Promise<void> {
    const host = this.#host;
    // Opened during the click, before the call: a tab opened after an await is blocked as a pop-up.
    const tab = window.open('', '_blank');
    this.#busy = true;
    host.showError('');
    host.requestUpdate();
    try {
      const session = await host.apiClient.post<PreviewSession>(`/firm/contacts/${encodeURIComponent(contact.id)}/preview`);
      if (tab) {
        tab.opener = null; // the portal tab gets no handle on the console
        tab.location.href = session.url;
        host.announce(host.strings.previewOpened);
      } else {
        host.showError(host.strings.previewBlocked(session.url));
      }
    } catch (err) {
      tab?.close();
      const message = host.failure(err);
      if (message !== null) host.showError(message);
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  /** One history entry as a sentence. */
  #sentence(entry: ContactHistoryEntry, contact: FirmContactRecord): string {
    const t = this.#host.strings;
    const who = entry.actor.name ?? (entry.actor.type === 'system' ? t.actorSystem : entry.actor.type === 'apikey' ? t.actorApiKey : t.actorSomeone);
    const data = entry.data ?? {};
    const company = (id: unknown) => contact.companies.find((c) => c.id === id)?.name ?? String(id ?? '');
    let detail = '';
    const labels: Record<string, string> = { name: t.contactNameLabel, email: t.contactEmailLabel, phone: t.contactPhoneLabel.replace(/ \(.*\)$/, '') };
    if (Array.isArray(data['fields'])) detail = (data['fields'] as string[]).map((f) => (labels[f] ?? f).toLocaleLowerCase()).join(', ');
    else if (entry.action === 'contact.access_changed' || entry.action === 'contact.access') detail = (data['access'] ? t.accessOnFor : t.accessOffFor)(company(data['clientId']));
    else if (entry.action === 'contact.email_changed') detail = `${String(data['from'] ?? '')} → ${String(data['to'] ?? '')}`;
    else if (data['clientId']) detail = company(data['clientId']);
    return t.contactHistory(entry.action, who, detail);
  }

  #renderDetails(contact: FirmContactRecord): TemplateResult {
    const t = this.#host.strings;
    const issues = this.#issues;
    const invalid = (path: string) => (issues.has(path) ? 'true' : 'false');
    return html`<form class="card contact-form" novalidate aria-labelledby="contact-details-title" @submit=${(e: SubmitEvent) => this.#save(e, contact)}>
      <h3 id="contact-details-title">${t.contactDetailsTitle}</h3>
      <div class="field">
        <label for="contact-name">${t.contactNameLabel}</label>
        <input id="contact-name" name="name" maxlength="200" autocomplete="off" .value=${contact.name} aria-invalid=${invalid('name')} aria-describedby="contact-name-error" />
        ${fieldError(issues, 'name', 'contact-name-error')}
      </div>
      <div class="field">
        <label for="contact-email">${t.contactEmailLabel}</label>
        <input id="contact-email" name="email" type="email" maxlength="254" autocomplete="off" .value=${contact.email} aria-invalid=${invalid('email')} aria-describedby="contact-email-error" />
        ${fieldError(issues, 'email', 'contact-email-error')}
      </div>
      <div class="field">
        <label for="contact-phone">${t.contactPhoneLabel}</label>
        <input id="contact-phone" name="phone" type="tel" maxlength="50" autocomplete="off" .value=${contact.phone ?? ''} aria-invalid=${invalid('phone')} aria-describedby="contact-phone-error" />
        ${fieldError(issues, 'phone', 'contact-phone-error')}
      </div>
      <div class="row"><button type="submit" class="button" ?disabled=${this.#busy}>${t.saveContact}</button></div>
    </form>`;
  }

  #renderCompanies(contact: FirmContactRecord): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    return html`<section class="card" aria-labelledby="contact-companies-title">
      <h3 id="contact-companies-title">${t.companiesTitle}</h3>
      ${contact.companies.length === 0 ? html`<p class="muted">${t.noCompanies}</p>` : nothing}
      <ul class="plain rows">
        ${contact.companies.map(
          (company) => html`<li data-company=${company.id}>
            <button type="button" class="link" @click=${() => host.navigate({ view: 'client', id: company.id })}>${company.name}</button>
            <label class="check">
              <input type="checkbox" .checked=${company.access} ?disabled=${this.#busy} @change=${(e: Event) => this.#setAccess(contact, company, (e.target as HTMLInputElement).checked)} />
              ${t.accessTo(company.name)}
            </label>
            ${company.portalOpen ? nothing : html`<span class="meta">${t.companyPortalClosed}</span>`}
          </li>`,
        )}
      </ul>
    </section>`;
  }

  render(): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const contact = this.#contact;
    const back = html`<div class="row"><button type="button" class="button secondary" @click=${() => host.back()}>${t.back}</button></div>`;
    // One heading whether loaded or not: focus moved to it on arrival stays there.
    const heading = html`<h2 tabindex="-1" data-heading>${contact ? contact.name : t.contactsTitle}</h2>`;
    const body = contact
      ? this.#renderBody(contact)
      : this.#loadError
        ? html`<p class="alert" role="alert">${this.#loadError}</p><button type="button" class="button secondary" @click=${() => this.#load()}>${t.retry}</button>`
        : html`<p class="muted">${t.loadingContact}</p>`;
    return html`${back}${heading}${body}`;
  }

  #renderBody(contact: FirmContactRecord): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const history = this.#history;
    return html`
      <p>${renderHealth(host, contact)}</p>
      ${contact.emailUndeliverable
        ? html`<p class="notice undeliverable" role="note">${t.undeliverableSince(host.formatTime(contact.emailUndeliverable.at), contact.emailUndeliverable.reason)}</p>`
        : nothing}
      <div class="row">
        <button type="button" class="button secondary" ?disabled=${this.#busy || contact.emailUndeliverable !== null} @click=${() => this.#invite(contact)}>
          ${contact.invitedAt === null ? t.sendInvitation : t.resendInvitation}
        </button>
        ${host.isAdmin
          ? html`<button type="button" class="button secondary" ?disabled=${this.#busy} @click=${() => this.#preview(contact)}>${t.previewPortal}</button>`
          : nothing}
      </div>
      ${this.#notice ? html`<p class="success invite-notice">${this.#notice}</p>` : nothing}
      ${this.#renderDetails(contact)}
      ${this.#renderCompanies(contact)}
      <section class="card" aria-labelledby="contact-history-title">
        <h3 id="contact-history-title">${t.contactHistoryTitle}</h3>
        ${history.loaded && history.items.length === 0 ? html`<p class="muted">${t.contactHistoryEmpty}</p>` : nothing}
        ${history.items.length
          ? html`<ul class="plain history">${history.items.map(
              (entry) => html`<li><span>${this.#sentence(entry, contact)}</span> <span class="meta">${host.formatTime(entry.at)}</span></li>`,
            )}</ul>`
          : nothing}
        ${renderMore(history as PagedList<unknown>, t, () => void history.reload(), () => void history.more())}
      </section>
    `;
  }
}

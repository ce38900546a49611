import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { ApiError } from '../internal/api-client.ts';
import type { FirmClient, FirmClientContact, FirmContactRecord, NewClientContact, NewFirmClient } from '../internal/api-types.ts';
import { fieldError, issuesByPath } from './console-labels.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import type { FirmMembers } from './firm-members.ts';
import { renderConfirmQuestion } from './confirm-question.ts';

/**
 * The client form (`{ view: 'client', id }`): a new client (`POST
 * /firm/clients`; a name the firm has already is refused at the field), or
 * one to edit (`PATCH /firm/clients/:id`): name, responsible member, document
 * folder link, digitisation address; and its contacts: added by email and
 * name (`POST /firm/clients/:id/contacts`; a person already linked is refused
 * at the field) and removed after a confirmation (`DELETE
 * /firm/clients/:id/contacts/:contactId`). A created client stays open here
 * for its contacts.
 */
export class ClientForm implements ReactiveController {
  readonly #host: ConsoleViewHost;
  readonly #members: FirmMembers;
  /** The clients the screens already hold (the clients list and the shell's). */
  readonly #lookup: (id: string) => FirmClient | undefined;
  /** A client was made or changed: lists that hold clients load again. */
  readonly #changed: () => void;
  /** `null`: a new client. */
  #client: FirmClient | null = null;
  #loading = false;
  #loadError = '';
  #issues = new Map<string, string>();
  #contactIssues = new Map<string, string>();
  #busy = false;
  #confirmingRemove: string | null = null;
  /** Bumped to clear the add-contact form after a contact is added. */
  #addKey = 0;

  constructor(host: ConsoleViewHost, members: FirmMembers, lookup: (id: string) => FirmClient | undefined, changed: () => void) {
    this.#host = host;
    this.#members = members;
    this.#lookup = lookup;
    this.#changed = changed;
    host.addController(this);
  }

  hostConnected(): void {}

  open(id: string | null): void {
    this.#issues = new Map();
    this.#contactIssues = new Map();
    this.#confirmingRemove = null;
    this.#loadError = '';
    void this.#members.load();
    this.#client = id ? (this.#lookup(id) ?? null) : null;
    if (id && !this.#client) void this.#find(id);
  }

  /** A client neither list holds: read on its own (`GET /firm/clients/:id`). */
  async #find(id: string): Promise<void> {
    const host = this.#host;
    this.#loading = true;
    host.requestUpdate();
    try {
      this.#client = await host.apiClient.get<FirmClient>(`/firm/clients/${encodeURIComponent(id)}`);
    } catch (err) {
      this.#loadError = err instanceof ApiError && err.status === 404 ? host.strings.clientNotFound : (host.failure(err) ?? '');
    } finally {
      this.#loading = false;
      host.requestUpdate();
    }
  }

  async #focus(selector: string): Promise<void> {
    await this.#host.updateComplete;
    this.#host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  async #save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const host = this.#host;
    const t = host.strings;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => String(data.get(name) ?? '').trim() || null;
    const name = value('name');
    if (!name) {
      this.#issues = new Map([['name', t.fieldRequired]]);
      host.requestUpdate();
      void this.#focus('#client-name');
      return;
    }
    const body: NewFirmClient = {
      name,
      responsibleMemberId: value('responsibleMemberId'),
      documentFolderUrl: value('documentFolderUrl'),
      digitisationAddress: value('digitisationAddress'),
    };
    const existing = this.#client;
    this.#busy = true;
    this.#issues = new Map();
    host.showError('');
    host.requestUpdate();
    try {
      const saved = existing
        ? await host.apiClient.request<FirmClient>('PATCH', `/firm/clients/${encodeURIComponent(existing.id)}`, body)
        : await host.apiClient.post<FirmClient>('/firm/clients', body);
      if (existing) Object.assign(existing, saved);
      this.#client = existing ?? { ...saved, contacts: saved.contacts ?? [] };
      host.announce(existing ? t.clientSaved(saved.name) : t.clientCreated(saved.name));
      this.#changed();
      if (!existing) void this.#focus('[data-heading]');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'client_exists') this.#issues = new Map([['name', t.clientExists]]);
      else {
        this.#issues = issuesByPath(err);
        const message = host.failure(err);
        if (message !== null && this.#issues.size === 0) host.showError(message);
      }
      host.requestUpdate();
      void this.#focus('.client-form [aria-invalid="true"]');
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  async #addContact(event: SubmitEvent, client: FirmClient): Promise<void> {
    event.preventDefault();
    const host = this.#host;
    const t = host.strings;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const email = String(data.get('email') ?? '').trim();
    const name = String(data.get('name') ?? '').trim();
    const phone = String(data.get('phone') ?? '').trim() || null;
    const issues = new Map<string, string>();
    if (!email) issues.set('email', t.fieldRequired);
    if (!name) issues.set('name', t.fieldRequired);
    this.#contactIssues = issues;
    if (issues.size) {
      host.requestUpdate();
      void this.#focus('.add-contact [aria-invalid="true"]');
      return;
    }
    const body: NewClientContact = { email, name, ...(phone ? { phone } : {}) };
    this.#busy = true;
    host.showError('');
    host.requestUpdate();
    try {
      const made = await host.apiClient.post<FirmContactRecord>(`/firm/clients/${encodeURIComponent(client.id)}/contacts`, body);
      const contact: FirmClientContact = { id: made.id, email: made.email, name: made.name, emailUndeliverable: made.emailUndeliverable };
      client.contacts = [...client.contacts.filter((c) => c.id !== made.id), contact];
      this.#addKey++;
      host.announce(t.contactAdded(made.name, client.name));
      this.#changed();
      void this.#focus('#add-contact-email');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'already_linked') this.#contactIssues = new Map([['email', t.alreadyLinked]]);
      else {
        this.#contactIssues = issuesByPath(err);
        const message = host.failure(err);
        if (message !== null && this.#contactIssues.size === 0) host.showError(message);
      }
      host.requestUpdate();
      void this.#focus('.add-contact [aria-invalid="true"]');
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  async #removeContact(client: FirmClient, contact: FirmClientContact): Promise<void> {
    const host = this.#host;
    this.#busy = true;
    host.showError('');
    host.requestUpdate();
    try {
      await host.apiClient.request('DELETE', `/firm/clients/${encodeURIComponent(client.id)}/contacts/${encodeURIComponent(contact.id)}`);
      client.contacts = client.contacts.filter((c) => c.id !== contact.id);
      this.#confirmingRemove = null;
      host.announce(host.strings.contactRemoved(contact.name, client.name));
      this.#changed();
      void this.#focus('#client-contacts-title');
    } catch (err) {
      const message = host.failure(err);
      if (message !== null) host.showError(message);
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  #renderForm(client: FirmClient | null): TemplateResult {
    const t = this.#host.strings;
    const issues = this.#issues;
    const invalid = (path: string) => (issues.has(path) ? 'true' : 'false');
    const responsible = client ? (client.responsibleMemberId ?? '') : (this.#host.memberId ?? '');
    return html`<form class="card client-form" novalidate aria-labelledby="client-form-title" @submit=${(e: SubmitEvent) => this.#save(e)}>
      <h3 id="client-form-title">${t.contactDetailsTitle}</h3>
      <div class="field">
        <label for="client-name">${t.clientNameLabel}</label>
        <input id="client-name" name="name" maxlength="200" autocomplete="off" .value=${client?.name ?? ''} aria-invalid=${invalid('name')} aria-describedby="client-name-error" />
        ${fieldError(issues, 'name', 'client-name-error')}
      </div>
      <div class="field">
        <label for="client-responsible">${t.responsibleLabel}</label>
        <select id="client-responsible" name="responsibleMemberId" aria-invalid=${invalid('responsibleMemberId')} aria-describedby="client-responsible-error">
          <option value="" ?selected=${responsible === ''}>${t.nobody}</option>
          ${this.#members.options(responsible)}
        </select>
        ${fieldError(issues, 'responsibleMemberId', 'client-responsible-error')}
      </div>
      <div class="field">
        <label for="client-form-folder">${t.documentFolderLabel}</label>
        <input id="client-form-folder" name="documentFolderUrl" type="url" maxlength="1000" placeholder="https://" .value=${client?.documentFolderUrl ?? ''}
          aria-invalid=${invalid('documentFolderUrl')} aria-describedby="client-form-folder-error" />
        ${fieldError(issues, 'documentFolderUrl', 'client-form-folder-error')}
      </div>
      <div class="field">
        <label for="client-form-digitisation">${t.digitisationAddressLabel}</label>
        <input id="client-form-digitisation" name="digitisationAddress" type="email" maxlength="254" .value=${client?.digitisationAddress ?? ''}
          aria-invalid=${invalid('digitisationAddress')} aria-describedby="client-form-digitisation-error" />
        ${fieldError(issues, 'digitisationAddress', 'client-form-digitisation-error')}
      </div>
      <div class="row">
        <button type="submit" class="button" ?disabled=${this.#busy}>${client ? t.saveClient : t.createClient}</button>
      </div>
    </form>`;
  }

  #renderContact(client: FirmClient, contact: FirmClientContact): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const confirming = this.#confirmingRemove === contact.id;
    return html`<li data-contact=${contact.id}>
      <button type="button" class="link item-title" @click=${() => host.navigate({ view: 'contact', id: contact.id })}>${contact.name}</button>
      <span class="meta">${contact.email}</span>
      ${contact.emailUndeliverable ? html`<span class="meta undeliverable">${t.health('undeliverable')}</span>` : nothing}
      ${confirming
        ? renderConfirmQuestion({
            questionId: 'remove-contact-question',
            confirmId: 'remove-contact-confirm',
            question: t.removeContactQuestion(contact.name, client.name),
            confirm: t.removeConfirm,
            cancel: t.cancel,
            busy: this.#busy,
            onConfirm: () => void this.#removeContact(client, contact),
            onCancel: () => {
              this.#confirmingRemove = null;
              host.requestUpdate();
              void this.#focus(`#remove-contact-${contact.id}`);
            },
          })
        : html`<button id=${`remove-contact-${contact.id}`} type="button" class="button secondary" ?disabled=${this.#busy} @click=${() => {
            this.#confirmingRemove = contact.id;
            host.requestUpdate();
            void this.#focus('#remove-contact-confirm');
          }}>${t.removeContact}<span class="sr-only">: ${contact.name}</span></button>`}
    </li>`;
  }

  #renderContacts(client: FirmClient): TemplateResult {
    const t = this.#host.strings;
    const issues = this.#contactIssues;
    const invalid = (path: string) => (issues.has(path) ? 'true' : 'false');
    return html`<section class="card" aria-labelledby="client-contacts-title">
      <h3 id="client-contacts-title" tabindex="-1">${t.clientContactsTitle}</h3>
      ${client.contacts.length === 0 ? html`<p class="muted">${t.noClientContactsYet}</p>` : nothing}
      <ul class="plain rows">${client.contacts.map((c) => this.#renderContact(client, c))}</ul>
      ${keyed(
        this.#addKey,
        html`<form class="add-contact" novalidate aria-labelledby="add-contact-title" @submit=${(e: SubmitEvent) => this.#addContact(e, client)}>
          <h4 id="add-contact-title">${t.addContactTitle}</h4>
          <p class="hint">${t.addContactHint}</p>
          <div class="field">
            <label for="add-contact-email">${t.contactEmailLabel}</label>
            <input id="add-contact-email" name="email" type="email" maxlength="254" autocomplete="off" aria-invalid=${invalid('email')} aria-describedby="add-contact-email-error" />
            ${fieldError(issues, 'email', 'add-contact-email-error')}
          </div>
          <div class="field">
            <label for="add-contact-name">${t.contactNameLabel}</label>
            <input id="add-contact-name" name="name" maxlength="200" autocomplete="off" aria-invalid=${invalid('name')} aria-describedby="add-contact-name-error" />
            ${fieldError(issues, 'name', 'add-contact-name-error')}
          </div>
          <div class="field">
            <label for="add-contact-phone">${t.contactPhoneLabel}</label>
            <input id="add-contact-phone" name="phone" type="tel" maxlength="50" autocomplete="off" aria-invalid=${invalid('phone')} aria-describedby="add-contact-phone-error" />
            ${fieldError(issues, 'phone', 'add-contact-phone-error')}
          </div>
          <div class="row"><button type="submit" class="button secondary" ?disabled=${this.#busy}>${t.addContact}</button></div>
        </form>`,
      )}
    </section>`;
  }

  render(): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const client = this.#client;
    const back = html`<div class="row"><button type="button" class="button secondary" @click=${() => host.back()}>${t.back}</button></div>`;
    // One heading whether loaded or not: focus moved to it on arrival stays there.
    const heading = html`<h2 tabindex="-1" data-heading>${client ? t.editClientTitle(client.name) : this.#loading || this.#loadError ? t.editClient : t.newClientTitle}</h2>`;
    const body =
      this.#loading || this.#loadError
        ? this.#loadError
          ? html`<p class="alert" role="alert">${this.#loadError}</p>`
          : html`<p class="muted">${t.loadingClient}</p>`
        : html`${this.#renderForm(client)}${client ? this.#renderContacts(client) : nothing}`;
    return html`${back}${heading}${body}`;
  }
}

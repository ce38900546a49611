import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { ApiError, type PorticoApi } from '../internal/api-client.ts';
import type { FirmClient, ListResponse } from '../internal/api-types.ts';
import { formatCalendarDate, LocalizeController } from '../internal/localize.ts';
import { errorMessage, isUnauthorized } from '../internal/messages.ts';
import { PorticoElement } from '../internal/portico-element.ts';
import { staffTokenStore } from '../internal/session-store.ts';
import { SignInController } from '../internal/sign-in.ts';
import { renderSignInView } from '../internal/sign-in-views.ts';
import { baseStyles } from '../themes/default.ts';
import { ClientTasks } from './client-tasks.ts';
import { renderClients } from './clients-view.ts';
import { consoleStrings, type ConsoleStrings } from './console-strings.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import { consoleStyles } from './portico-console.styles.ts';

/**
 * The staff console: firm staff sign in with an emailed link, see the firm's
 * clients, create tasks for a client and assign, withdraw, complete or
 * reopen them (the buttons are the transitions the server offers for each
 * task). It speaks English and Estonian and follows `lang` like the client
 * elements.
 *
 * Signing in sets an HttpOnly session cookie on the API's origin (the
 * console is served by the Portico server itself); the bearer token from
 * `POST /auth/session` is also kept in `sessionStorage` (per API and firm) as
 * a fallback for browsers that refuse the cookie. The sign-in token of an
 * emailed link is taken out of the address as soon as it is read.
 *
 * This module is the shell (sign-in, clients, status and alerts); the views
 * live beside it: `client-tasks.ts` (a client's tasks), `task-view.ts` (one
 * task), `new-task-form.ts`, `clients-view.ts`.
 *
 * @summary Staff console: sign in, clients, their tasks, new task, task transitions.
 *
 * @attribute lang - Language (`en`, `et`). Default: the nearest ancestor's `lang`, else the firm's locale, else English.
 *
 * @csspart base - The wrapper of everything the console shows.
 * @csspart heading - The heading of a sign-in view.
 * @csspart form - The email sign-in form.
 * @csspart input - The email input.
 * @csspart button - Primary buttons of the sign-in views (send link, continue, retry).
 *
 * @cssprop --portico-console-primary - Buttons, selection and links. Defaults to `--portico-color-primary`.
 * @cssprop --portico-console-surface - Background of cards and buttons. Defaults to `--portico-color-surface`.
 * @cssprop --portico-console-min-height - Room kept while the console starts and signs in (match it in a `portico-console:not(:defined)` rule). Default 24rem.
 */
export class PorticoConsole extends PorticoElement implements ConsoleViewHost {
  static override styles = [PorticoElement.hostStyles, baseStyles, consoleStyles];

  readonly #signIn = new SignInController(this, {
    audience: 'staff',
    store: staffTokenStore,
    credentials: 'include',
    focus: () => void this.focusHeading(),
    onSignedIn: () => {
      this._clientId = null;
    },
  });
  readonly #localize = new LocalizeController(this, () => this.#signIn.session?.firm.locale);
  /** Clears the polite announcement after a while. */
  #statusTimer: ReturnType<typeof setTimeout> | undefined;

  /** The firm's clients, once signed in. */
  readonly #clients = new Task(this, {
    task: async ([api, signedIn], { signal }) => {
      if (!signedIn) return null;
      try {
        return (await api.get<ListResponse<FirmClient>>('/firm/clients', { signal })).items;
      } catch (err) {
        this.failure(err);
        throw err;
      }
    },
    args: () => [this.apiClient, this.#signedIn] as const,
  });

  readonly #tasks = new ClientTasks(this, () => (this.#signedIn ? this._clientId : null));

  /** Polite announcement (role=status). */
  @state() private _announcement = '';
  /** Error of an action (role=alert). */
  @state() private _error = '';
  @state() private _clientId: string | null = null;

  /** Origin of the Portico server; `''` (default) is the page's own origin. */
  @property() api = '';

  /** Slug of the firm staff sign in to (`POST /auth/link { firm }`). Required: without it the console shows a configuration error. */
  @property() firm = '';

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#statusTimer);
  }

  get #signedIn(): boolean {
    return this.#signIn.view === 'signed-in';
  }

  get strings(): ConsoleStrings {
    return consoleStrings(this.#localize.locale);
  }

  get apiClient(): PorticoApi {
    return this.#signIn.api;
  }

  /** Day-month-year for a bare `en` too, as staff in Europe read dates ("20 Apr 2030"). */
  formatDate(iso: string): string {
    const tag = this.#localize.tag;
    return formatCalendarDate(tag === 'en' ? 'en-GB' : tag, iso);
  }

  announce(message: string): void {
    this._announcement = message;
    clearTimeout(this.#statusTimer);
    // Clear later so that the same message can be announced again.
    this.#statusTimer = setTimeout(() => {
      if (this._announcement === message) this._announcement = '';
    }, 8000);
  }

  showError(message: string): void {
    this._error = message;
  }

  messageFor(err: unknown): string {
    if (err instanceof ApiError) {
      if (err.status === 409) return this.strings.conflict;
      if (err.status === 400 && err.message) return err.message;
    }
    return this.strings[errorMessage(err)];
  }

  failure(err: unknown): string | null {
    if (!isUnauthorized(err)) return this.messageFor(err);
    this._clientId = null;
    this._error = '';
    this.#signIn.sessionExpired();
    return null;
  }

  #onChooseClient(id: string): void {
    if (this._clientId === id) return;
    this._clientId = id;
    this._error = '';
    this.#tasks.clientChanged();
  }

  /** Sign-in views, or the signed-in console, with shared status and alert regions. */
  override render(): TemplateResult {
    const t = this.strings;
    const signIn = this.#signIn;
    const status = this._announcement || (signIn.status ? t[signIn.status] : '');
    const error = this._error || (signIn.error ? t[signIn.error] : '');
    return html`
      <div part="base" lang=${this.#localize.tag}>
        <p class="status" role="status" aria-live="polite">${status}</p>
        ${error ? html`<p class="alert" role="alert">${error}</p>` : nothing}
        ${this.#renderView()}
      </div>
    `;
  }

  #renderView(): TemplateResult | typeof nothing {
    const t = this.strings;
    switch (this.#signIn.view) {
      case 'unconfigured':
        return html`<p class="alert" role="alert">${t.noFirm}</p>`;
      case 'starting':
        return html`<p class="muted">${t.loading}</p>`;
      case 'checking-link':
        return html`<p class="muted">${t.checkingLink}</p>`;
      case 'signed-in':
        return this.#renderConsole();
      default:
        return html`<section class="card narrow">${renderSignInView(this.#signIn, t)}</section>`;
    }
  }

  #renderConsole(): TemplateResult {
    const t = this.strings;
    const session = this.#signIn.session;
    const client = (this.#clients.value ?? []).find((c) => c.id === this._clientId);
    return html`
      <div class="topbar">
        <h1 tabindex="-1" data-heading>${t.title}</h1>
        <div class="row">
          ${session ? html`<p class="muted">${t.signedInAsFirm(session.user.email, session.firm.name)}</p>` : nothing}
          <button type="button" class="button secondary" ?disabled=${this.#signIn.busy} @click=${this.#onSignOut}>
            ${t.signOut}
          </button>
        </div>
      </div>
      <div class="layout">
        <nav class="card" aria-labelledby="clients-title">
          <h2 id="clients-title">${t.clientsTitle}</h2>
          ${this.#clients.render({
            initial: () => html`<p class="muted">${t.clientsLoading}</p>`,
            pending: () => html`<p class="muted">${t.clientsLoading}</p>`,
            complete: (clients) => renderClients(clients ?? [], this._clientId, t, (id) => this.#onChooseClient(id)),
            error: (err) => html`
              <p class="alert" role="alert">${this.messageFor(err)}</p>
              <button type="button" class="button secondary" @click=${() => this.#clients.run()}>${t.retry}</button>
            `,
          })}
        </nav>
        <section class="card" aria-labelledby="tasks-title">${this.#tasks.render(client)}</section>
      </div>
    `;
  }

  readonly #onSignOut = (): void => {
    this._error = '';
    void this.#signIn.signOut(true);
  };
}

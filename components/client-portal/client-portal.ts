import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { ContextProvider } from '@lit/context';
import { Task } from '@lit/task';
import { ApiError, PorticoApi } from '../internal/api-client.ts';
import type {
  ClientRef,
  FirmBranding,
  LinkInspection,
  PublicFirm,
  SessionCreated,
  SessionInfo,
  SessionUser,
} from '../internal/api-types.ts';
import { portalContext, type PortalContext } from '../internal/context.ts';
import { LocalizeController } from '../internal/localize.ts';
import { errorMessage, isAbort, type MessageKey } from '../internal/messages.ts';
import { sessionStore } from '../internal/session-store.ts';
import { readLoginToken, takeLoginToken } from '../internal/login-link.ts';
import { baseStyles } from '../themes/default.ts';
import { styles } from './client-portal.styles.ts';

/** Detail of `portico-signed-in`. */
export interface SignedInDetail {
  email: string;
  firm: string;
}
/** Detail of `portico-signed-out`. */
export interface SignedOutDetail {
  firm: string;
}
/** Detail of `portico-client-change`. */
export interface ClientChangeDetail {
  clientId: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'portico-signed-in': CustomEvent<SignedInDetail>;
    'portico-signed-out': CustomEvent<SignedOutDetail>;
    'portico-client-change': CustomEvent<ClientChangeDetail>;
  }
}

type View = 'starting' | 'unavailable' | 'sign-in' | 'link-sent' | 'checking-link' | 'confirm' | 'signed-in';

/** Branding field -> token it fills. */
const brandTokens: Array<[keyof FirmBranding, string]> = [
  ['primaryColor', '--portico-color-primary'],
  ['accentColor', '--portico-color-accent'],
  ['fontFamily', '--portico-font-family'],
  ['radius', '--portico-radius'],
];

/** Only an https: logo (or http://localhost while developing), never a script, data or plain-http address. */
const safeLogo = (url: string | undefined): url is string => /^(https:\/\/|http:\/\/localhost([:/]|$))/i.test(url ?? '');

/**
 * The client portal shell: signs a contact in with an emailed link, keeps the
 * session, applies the firm's branding and language, lets the contact switch
 * between their companies, and provides all of that by context to the
 * Portico elements placed inside it.
 *
 * @summary Sign-in, session, branding and company switch for the Portico client elements.
 *
 * @attribute lang - Language (`en`, `et`). Default: the nearest ancestor's `lang`, else the firm's locale, else English.
 *
 * @slot - Content shown once signed in, typically `<client-task-list>`.
 *
 * @fires portico-signed-in - The contact signed in by clicking "Continue as …". `detail: { email, firm }`.
 * @fires portico-signed-out - The contact ended their session: clicked "Sign out", or "Use another email address" on a sign-in link while signed in. Not fired by {@link ClientPortal.signOut}. `detail: { firm }`.
 * @fires portico-client-change - The contact picked another company. `detail: { clientId }`.
 *
 * @csspart base - The wrapper of everything; carries the branding tokens.
 * @csspart header - The signed-in header (firm, account, company switch, sign out).
 * @csspart logo - The firm's logo image.
 * @csspart heading - The heading of the current view.
 * @csspart form - The email sign-in form.
 * @csspart input - The email input.
 * @csspart button - Primary buttons (send link, continue, retry).
 * @csspart company-select - The company `<select>`.
 * @csspart sign-out - The sign-out button.
 * @csspart content - The wrapper around the default slot.
 * @csspart error - The error alert.
 *
 * @cssprop --portico-color-primary - Brand colour (buttons, links). Default: the firm's branding, else #1f4fbf.
 * @cssprop --portico-color-on-primary - Text on the brand colour. Default #ffffff.
 * @cssprop --portico-color-accent - Focus ring and accents. Default: the firm's branding, else #0f766e.
 * @cssprop --portico-color-danger - Errors and overdue dates. Default #b42318.
 * @cssprop --portico-color-text - Body text. Default #1b2430.
 * @cssprop --portico-color-muted - Secondary text. Default #4f5b69.
 * @cssprop --portico-color-surface - Background. Default #ffffff.
 * @cssprop --portico-color-border - Borders. Default #c5ccd6.
 * @cssprop --portico-radius - Corner radius. Default: the firm's branding, else 8px.
 * @cssprop --portico-font-family - Font. Default: the firm's branding, else the system font.
 * @cssprop --portico-font-size - Base font size. Default 1rem.
 * @cssprop --portico-spacing - Base spacing unit. Default 1rem.
 * @cssprop --client-portal-max-width - Maximum width of the portal. Default 48rem.
 */
export class ClientPortal extends LitElement {
  static override styles = [baseStyles, styles];

  readonly #localize = new LocalizeController(this, () => this.#firmInfo?.locale);
  readonly #provider = new ContextProvider(this, { context: portalContext });
  readonly #firmTask = new Task(this, {
    task: async ([base, firm], { signal }) =>
      firm ? new PorticoApi({ base }).get<PublicFirm>(`/public/firms/${encodeURIComponent(firm)}`, { signal }) : null,
    args: () => [this.api, this.firm] as const,
  });
  #anon = new PorticoApi({ base: '' });
  #authed: PorticoApi | null = null;
  /** The sign-in token taken from the address: kept only here until it is used or refused (Continue and Retry use it). */
  #loginToken: string | null = null;
  #run = 0;

  @state() private view: View = 'starting';
  @state() private session: SessionInfo | null = null;
  @state() private token: string | null = null;
  @state() private clientId: string | null = null;
  @state() private sentTo = '';
  @state() private inspected: LinkInspection | null = null;
  @state() private busy = false;
  @state() private error: MessageKey | null = null;
  @state() private status: MessageKey | null = null;

  /** Origin of the Portico server, e.g. `https://portal.example.com`; empty for the page's own origin. */
  @property() api = '';

  /** The firm's slug. */
  @property() firm = '';

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHashChange);
    window.addEventListener('storage', this.#onStorage);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#onHashChange);
    window.removeEventListener('storage', this.#onStorage);
    // Work in flight carries on: moving the element in the DOM disconnects and reconnects it.
  }

  protected override willUpdate(changed: PropertyValues): void {
    const retarget = changed.has('api') || changed.has('firm');
    if (retarget) {
      // Another server or firm: nothing of the previous session may be used (or cleared) from here on.
      this.#anon = new PorticoApi({ base: this.api });
      this.#signedOutState('starting');
      this.status = null;
      void this.#start();
    }
    if (retarget || changed.has('token')) this.#authed = this.token ? this.#anon.withToken(this.token) : null;
    this.#provide();
  }

  get #firmInfo(): PublicFirm | null {
    return this.session?.firm ?? this.#firmTask.value ?? null;
  }

  #provide(): void {
    const next: PortalContext = {
      api: this.#authed ?? this.#anon,
      base: this.api,
      firm: this.firm,
      token: this.token,
      clientId: this.clientId,
      clients: this.session?.clients ?? [],
      user: this.session?.user ?? null,
      locale: this.#localize.locale,
      firmInfo: this.#firmInfo,
      sessionExpired: this.#sessionExpired,
    };
    const prev = this.#provider.value;
    const same =
      prev && (Object.keys(next) as Array<keyof PortalContext>).every((k) => Object.is(prev[k], next[k]));
    if (!same) this.#provider.setValue(next);
  }

  /** Decides the first view: a login link in the URL, a stored session, or the email form. */
  async #start(): Promise<void> {
    const run = ++this.#run;
    this.error = null;
    if (!this.firm) return;
    const loginToken = takeLoginToken() ?? this.#loginToken;
    if (loginToken) return this.#checkLink(loginToken, run);
    const stored = sessionStore.loadToken(this.api, this.firm);
    if (!stored) {
      this.#signedOutState('sign-in');
      return;
    }
    this.view = 'starting';
    try {
      const info = await this.#anon.withToken(stored).get<SessionInfo>('/auth/session');
      if (run === this.#run) this.#enter(info, stored);
    } catch (err) {
      if (run !== this.#run || isAbort(err)) return;
      if (err instanceof ApiError && err.status === 401) {
        sessionStore.clear(this.api, this.firm);
        this.#signedOutState('sign-in');
        this.error = 'sessionExpired';
      } else {
        this.view = 'unavailable';
        this.error = errorMessage(err);
      }
    }
  }

  async #checkLink(loginToken: string, run: number): Promise<void> {
    this.view = 'checking-link';
    this.#loginToken = loginToken;
    try {
      const info = await this.#anon.post<LinkInspection>('/auth/link/inspect', { token: loginToken });
      if (run !== this.#run) return;
      if (info.audience !== 'client' || info.firm.slug !== this.firm) throw new ApiError(401, 'invalid_token', 'Not a client link for this firm');
      this.inspected = info;
      this.view = 'confirm';
    } catch (err) {
      if (run !== this.#run) return;
      this.#linkFailed(err);
    }
  }

  /** A dead link goes away with a clear message; a network failure keeps it for a retry. */
  #linkFailed(err: unknown): void {
    if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 429) {
      this.#loginToken = null;
      this.inspected = null;
      this.view = 'sign-in';
      this.error = 'linkInvalid';
    } else if (this.view === 'confirm') {
      this.error = errorMessage(err);
    } else {
      this.view = 'unavailable';
      this.error = errorMessage(err);
    }
  }

  #enter(info: SessionInfo, token: string): void {
    const clients = info.clients ?? [];
    const saved = sessionStore.loadClientId(this.api, this.firm);
    this.session = info;
    this.token = token;
    this.clientId = clients.find((c) => c.id === saved)?.id ?? clients[0]?.id ?? null;
    this.error = null;
    this.status = null;
    this.view = 'signed-in';
  }

  #signedOutState(view: View): void {
    this.session = null;
    this.token = null;
    this.clientId = null;
    this.inspected = null;
    this.view = view;
  }

  readonly #sessionExpired = (): void => {
    if (!this.token) return;
    this.#run++;
    sessionStore.clear(this.api, this.firm);
    this.#signedOutState('sign-in');
    this.error = 'sessionExpired';
    void this.#focusHeading();
  };

  readonly #onHashChange = (): void => {
    if (readLoginToken()) void this.#start();
  };

  /** Signing in or out in another tab of the same site does the same here. */
  readonly #onStorage = (event: StorageEvent): void => {
    if (event.key !== null && event.key !== sessionStore.key('session', this.api, this.firm)) return;
    if (event.newValue === this.token || this.#loginToken) return;
    void this.#start();
  };

  async #focusHeading(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[data-heading]')?.focus();
  }

  async #onSubmitEmail(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const input = form.elements.namedItem('email') as HTMLInputElement;
    const email = input.value.trim();
    if (!form.reportValidity() || this.busy) return;
    const run = this.#run;
    this.busy = true;
    this.error = null;
    this.status = 'sendingLink';
    try {
      await this.#anon.post('/auth/link', { firm: this.firm, email, as: 'client' });
      if (run !== this.#run) return;
      this.sentTo = email;
      this.status = null;
      this.view = 'link-sent';
      void this.#focusHeading();
    } catch (err) {
      if (run !== this.#run) return;
      this.status = null;
      this.error = errorMessage(err);
      this.busy = false;
      await this.updateComplete;
      input.focus(); // the disabled button had dropped focus to the page
    } finally {
      this.busy = false;
    }
  }

  #onUseAnotherEmail(): void {
    // From a link while signed in: that session ends too, or a reload would sign the previous person back in.
    if (this.token) {
      this.#authed?.delete('/auth/session').catch(() => undefined);
      sessionStore.clear(this.api, this.firm);
      this.#signedOutEvent();
    }
    this.#run++;
    this.#loginToken = null;
    this.error = null;
    this.status = null;
    this.#signedOutState('sign-in');
    void this.#focusHeading();
  }

  async #onContinue(): Promise<void> {
    const loginToken = this.#loginToken;
    if (!loginToken || this.busy) return;
    const run = ++this.#run;
    this.busy = true;
    this.error = null;
    this.status = 'signingIn';
    try {
      const created = await this.#anon.post<SessionCreated>('/auth/session', { token: loginToken });
      if (run !== this.#run) return;
      this.#loginToken = null;
      sessionStore.saveToken(this.api, this.firm, created.token);
      this.#enter(created, created.token);
      this.dispatchEvent(
        new CustomEvent<SignedInDetail>('portico-signed-in', {
          detail: { email: created.user.email, firm: this.firm },
          bubbles: true,
          composed: true,
        }),
      );
      void this.#focusHeading();
    } catch (err) {
      if (run !== this.#run) return;
      this.status = null;
      this.#linkFailed(err);
      void this.#focusHeading();
    } finally {
      this.busy = false;
    }
  }

  #onClientChange(event: Event): void {
    const clientId = (event.target as HTMLSelectElement).value;
    if (clientId === this.clientId) return;
    this.clientId = clientId;
    sessionStore.saveClientId(this.api, this.firm, clientId);
    this.dispatchEvent(
      new CustomEvent<ClientChangeDetail>('portico-client-change', { detail: { clientId }, bubbles: true, composed: true }),
    );
  }

  #onSignOut(): Promise<void> {
    return this.#signOut(true);
  }

  async #signOut(byUser: boolean): Promise<void> {
    if (this.busy || !this.token) return;
    const { api, firm } = this;
    const authed = this.#authed;
    const run = ++this.#run;
    this.busy = true;
    try {
      await authed?.delete('/auth/session');
    } catch {
      // Revocation is best effort: an expired or unreachable session still ends here.
    } finally {
      this.busy = false;
    }
    sessionStore.clear(api, firm);
    if (run !== this.#run) return;
    this.#signedOutState('sign-in');
    this.error = null;
    this.status = 'signedOut';
    if (!byUser) return;
    this.#signedOutEvent();
    void this.#focusHeading();
  }

  #signedOutEvent(): void {
    this.dispatchEvent(
      new CustomEvent<SignedOutDetail>('portico-signed-out', { detail: { firm: this.firm }, bubbles: true, composed: true }),
    );
  }

  /**
   * Signs the contact out here and on the server (best effort), and shows the
   * sign-in form. Does nothing when nobody is signed in. Fires no
   * `portico-signed-out`: that event reports the contact's own action, and
   * the caller of this method already knows.
   */
  signOut(): Promise<void> {
    return this.#signOut(false);
  }

  #brandStyles(): Record<string, string> {
    const branding = this.#firmInfo?.branding;
    if (!branding) return {};
    const own = getComputedStyle(this);
    const out: Record<string, string> = {};
    for (const [field, token] of brandTokens) {
      const value = branding[field];
      if (value === undefined || value === null || value === '') continue;
      if (own.getPropertyValue(token).trim()) continue; // the page's own setting wins
      out[token] = typeof value === 'number' ? `${value}px` : String(value);
    }
    return out;
  }

  #renderBrand(asHeading: boolean): TemplateResult {
    const firm = this.#firmInfo;
    const name = firm?.name ?? '';
    const url = firm?.branding?.logoUrl;
    const logo = safeLogo(url) ? html`<img part="logo" class="logo" src=${url} alt="" />` : nothing;
    return asHeading
      ? html`<div class="brand">${logo}<h2 part="heading" data-heading tabindex="-1">${name || this.#localize.t.portalTitle}</h2></div>`
      : html`<div class="brand">${logo}${name ? html`<p class="firm-name">${name}</p>` : nothing}</div>`;
  }

  #renderSignIn(): TemplateResult {
    const t = this.#localize.t;
    return html`
      ${this.#renderBrand(false)}
      <h2 part="heading" data-heading tabindex="-1">${t.signInHeading}</h2>
      <p class="muted" id="intro">${t.signInIntro}</p>
      <form part="form" class="stack" @submit=${this.#onSubmitEmail} aria-describedby="intro">
        <label for="email">${t.emailLabel}</label>
        <input
          part="input"
          id="email"
          name="email"
          type="email"
          autocomplete="email"
          inputmode="email"
          required
          .value=${this.sentTo}
          ?disabled=${this.busy}
        />
        <button part="button" class="button" type="submit" ?disabled=${this.busy}>
          ${this.busy ? t.sendingLink : t.sendLink}
        </button>
      </form>
    `;
  }

  #renderLinkSent(): TemplateResult {
    const t = this.#localize.t;
    return html`
      ${this.#renderBrand(false)}
      <h2 part="heading" data-heading tabindex="-1">${t.checkEmailHeading}</h2>
      <p>${t.checkEmailBody(this.sentTo)}</p>
      <button class="button link" type="button" @click=${this.#onUseAnotherEmail}>${t.useAnotherEmail}</button>
    `;
  }

  #renderConfirm(): TemplateResult {
    const t = this.#localize.t;
    const email = this.inspected?.email ?? '';
    return html`
      ${this.#renderBrand(false)}
      <h2 part="heading" data-heading tabindex="-1">${t.signInHeading}</h2>
      <p>${t.continueIntro}</p>
      <div class="row">
        <button part="button" class="button" type="button" ?disabled=${this.busy} @click=${this.#onContinue}>
          ${this.busy ? t.signingIn : t.continueAs(email)}
        </button>
        <button class="button link" type="button" ?disabled=${this.busy} @click=${this.#onUseAnotherEmail}>
          ${t.useAnotherEmail}
        </button>
      </div>
    `;
  }

  #renderSignedIn(): TemplateResult {
    const t = this.#localize.t;
    const clients: ClientRef[] = this.session?.clients ?? [];
    const user: SessionUser | undefined = this.session?.user;
    return html`
      <header part="header" class="header">
        ${this.#renderBrand(true)}
        <div class="account">
          <p class="who"><span class="muted">${t.signedInAs}</span> <strong>${user?.email}</strong></p>
          ${clients.length > 1
            ? html`<div class="company">
                <label for="company">${t.companyLabel}</label>
                <select id="company" part="company-select" @change=${this.#onClientChange}>
                  ${clients.map(
                    (c) => html`<option value=${c.id} ?selected=${c.id === this.clientId}>${c.name}</option>`,
                  )}
                </select>
              </div>`
            : clients.length === 1
              ? html`<p class="company-name">${clients[0]?.name}</p>`
              : nothing}
          <button part="sign-out" class="button secondary" type="button" ?disabled=${this.busy} @click=${this.#onSignOut}>
            ${t.signOut}
          </button>
        </div>
      </header>
      <div part="content" class="content"><slot></slot></div>
    `;
  }

  #renderView(): TemplateResult | typeof nothing {
    const t = this.#localize.t;
    if (this.#firmTask.error instanceof ApiError && this.#firmTask.error.status === 404) {
      return html`<div part="error" class="alert" role="alert">${t.firmNotFound}</div>`;
    }
    switch (this.view) {
      case 'sign-in':
        return this.#renderSignIn();
      case 'link-sent':
        return this.#renderLinkSent();
      case 'confirm':
        return this.#renderConfirm();
      case 'signed-in':
        return this.#renderSignedIn();
      case 'unavailable':
        return html`${this.#renderBrand(false)}
          <button part="button" class="button" type="button" @click=${() => this.#start()}>${t.retry}</button>`;
      case 'checking-link':
        return this.#renderBrand(false); // "Checking your sign-in link…" is in the status region
      default:
        return nothing; // "Loading…" is in the status region
    }
  }

  override render(): TemplateResult {
    const t = this.#localize.t;
    const status = this.status ?? (this.view === 'checking-link' ? 'checkingLink' : this.view === 'starting' ? 'loading' : null);
    return html`
      <div part="base" class="base" lang=${this.#localize.tag} style=${styleMap(this.#brandStyles())}>
        ${this.error ? html`<div part="error" class="alert" role="alert">${t[this.error]}</div>` : nothing}
        ${this.#renderView()}
        <div class="status muted" role="status" aria-live="polite">${status ? t[status] : ''}</div>
      </div>
    `;
  }
}

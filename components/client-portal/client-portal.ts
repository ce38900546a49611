import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ContextProvider } from '@lit/context';
import { Task } from '@lit/task';
import { ApiError, PorticoApi } from '../internal/api-client.ts';
import type { ClientRef, PagedList, PortalAnnouncement, PublicFirm, SessionInfo } from '../internal/api-types.ts';
import { BrandingSheet } from '../internal/branding-sheet.ts';
import { portalContext, type PortalContext } from '../internal/context.ts';
import { LazyModule } from '../internal/lazy-module.ts';
import { LocalizeController } from '../internal/localize.ts';
import { errorMessage, isUnauthorized } from '../internal/messages.ts';
import { PorticoElement } from '../internal/portico-element.ts';
import { sessionStore } from '../internal/session-store.ts';
import { SignInController } from '../internal/sign-in.ts';
import { baseStyles } from '../themes/default.ts';
import { styles } from './client-portal.styles.ts';
import { readFragmentParam, removeFragmentParam, takeFragmentParam } from './fragment-params.ts';
import type { Announcements } from './announcements.ts';
import type { EmailConfirm } from './email-confirm.ts';
import type { ProfileController } from './profile-view.ts';
import type { PortalPart } from './portal-part.ts';
import type { WelcomeVideo } from './welcome-video.ts';
import { shellStrings } from './shell-strings.ts';

/** Detail of `portico-signed-in`. */
export interface SignedInDetail {
  email: string;
  firm: string;
}
/** Detail of `portico-signed-out`. */
export interface SignedOutDetail {
  firm: string;
}
/** Detail of `portico-identity-error`: the server's error code (`identity_token_expired`, `identity_unknown_contact`, `portal_inactive`, …). */
export interface IdentityErrorDetail {
  code: string;
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
    'portico-identity-error': CustomEvent<IdentityErrorDetail>;
  }
}

/** The signed-out views: a chunk of their own, so a signed-in visit never fetches them. */
const signInViews = new LazyModule(() => import('../internal/sign-in-views.ts'));

/** The email settings view: a chunk of its own, fetched when the contact first opens it. */
const profileView = new LazyModule(() => import('./profile-view.ts'));

/** The parts a visit may need after sign-in (each a chunk of its own, fetched only when it shows): the firm's welcome video, its announcements, the preview banner, an email change confirmed. */
const welcomeVideo = new LazyModule(() => import('./welcome-video.ts'));
const announcements = new LazyModule(() => import('./announcements.ts'));
const previewBanner = new LazyModule(() => import('./preview-banner.ts'));
const emailConfirm = new LazyModule(() => import('./email-confirm.ts'));

/** Why the firm could not be loaded (CORS or the network): asked only after a failure, a chunk of its own. */
const loadReachability = () => import('../internal/reachability.ts');

/** Only an https: logo (or http://localhost while developing), never a script, data or plain-http address. */
const safeLogo = (url: string | undefined): url is string => /^(https:\/\/|http:\/\/localhost([:/]|$))/i.test(url ?? '');

/**
 * The client portal shell: signs a contact in with an emailed link, keeps the
 * session, applies the firm's branding and language, lets the contact switch
 * between their companies, and provides all of that by context to the
 * Portico elements placed inside it.
 *
 * It keeps the room of its sign-in view (`--client-portal-min-height`) from
 * its first render on, so the page does not shift as views load. To keep
 * that room before the element is defined too, a host page can add the same
 * height to its own stylesheet:
 * `client-portal:not(:defined) { display: block; min-height: 24rem; }`.
 *
 * Signed in, the header's "Your profile" opens the contact's profile in
 * place of the content (name, phone, a new email address; which kinds of
 * email, single emails or one morning summary, the time zone of morning
 * emails; the PIN); so does `#profile`
 * in the page's address (the footer link of Portico's emails), once signed
 * in, and the fragment is taken out of the address. A task opened from the
 * content (a task email's `#task=<id>` link, say) shows the content again.
 *
 * After sign-in it opens on the company last chosen (the session's
 * `lastClientId`, else this browser's choice), shows the firm's welcome
 * video once (a dialog), lists the firm's announcements above the content
 * and shows those not dismissed in a dialog at each sign-in. `#preview=<token>`
 * (staff's "Preview portal as this contact") opens that read-only session
 * without storing it, with a banner, and the elements disable their write
 * controls; `#email-confirm=<token>` confirms an email change. Each of these
 * parts is a chunk of its own, fetched only when it shows.
 *
 * Signed out, the firm's description shows under its name; while the firm
 * has not opened its portal (`portalActive` false) the element says "This
 * portal is not open yet" instead of the sign-in form.
 *
 * When the page's origin is not among the firm's allowed origins (CORS), it
 * says so on the page with what to configure, and logs it once to the console;
 * when the server cannot be reached at all, it says that and offers a retry.
 *
 * The firm's branding fills the tokens through an adopted stylesheet, never a
 * `style` attribute, so the element works under `style-src 'self'`.
 *
 * @summary Sign-in, session, branding and company switch for the Portico client elements.
 *
 * With `identity-token`, a contact already signed in to the firm's own site
 * needs no email: when there is no session the element exchanges the token
 * (`POST /api/v1/auth/identity`) for one, never showing the email form while
 * it does; a refused token fires `portico-identity-error` and the email form
 * shows instead.
 *
 * @attribute identity-token - An identity token (HS256 JWT, at most 5 minutes, single-use) signed by the firm's server with its embed secret. See README, "Signing clients in from your own site".
 * @attribute lang - Language (`en`, `et`). Default: the nearest ancestor's `lang`, else the firm's locale, else English.
 *
 * @slot - Content shown once signed in, typically `<client-task-list>`.
 *
 * @fires portico-signed-in - The contact signed in by clicking "Continue as …". `detail: { email, firm }`.
 * @fires portico-signed-out - The contact ended their session: clicked "Sign out", or "Use another email address" on a sign-in link while signed in. Not fired by {@link ClientPortal.signOut}. `detail: { firm }`.
 * @fires portico-identity-error - The `identity-token` was refused; the email form shows. `detail: { code }` (`identity_token_invalid`, `identity_token_expired`, `identity_token_used`, `identity_unknown_contact`, `portal_inactive`).
 * @fires portico-client-change - The company shown changed: the contact picked another, or opened a task of another of their companies from an email link. `detail: { clientId }`.
 *
 * @csspart base - The wrapper of everything; carries the branding tokens.
 * @csspart header - The signed-in header (firm, account, company switch, sign out).
 * @csspart logo - The firm's logo image.
 * @csspart description - The firm's few words on the sign-in view (`description` of its settings).
 * @csspart heading - The heading of the current view.
 * @csspart form - The email sign-in form.
 * @csspart input - The email input.
 * @csspart button - Primary buttons (send link, continue, retry).
 * @csspart company-select - The company `<select>`.
 * @csspart documents - The "Documents" link to the current company's document folder, when the firm set one.
 * @csspart sign-out - The sign-out button.
 * @csspart email-settings - The header's "Your profile" button.
 * @csspart preview - The banner of a staff preview.
 * @csspart announcements - The firm's announcements above the content.
 * @csspart dialog - The welcome video's and the sign-in announcements' dialog.
 * @csspart notice - A notice (an email change confirmed).
 * @csspart profile - The profile and email settings view.
 * @csspart back - Its "Back to the portal" button.
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
 * @cssprop --client-portal-min-height - Room kept for the portal while it starts and signs in (match it in a `client-portal:not(:defined)` rule). Default 24rem.
 */
export class ClientPortal extends PorticoElement {
  /** Declared here, not by decorators: the same reactive properties without the decorator helpers (0.4 KB gzip on every page). */
  static override properties = {
    clientId: { state: true },
    view: { state: true },
    api: {},
    firm: {},
    identityToken: { attribute: 'identity-token' },
  };
  static override styles = [PorticoElement.hostStyles, baseStyles, styles];

  readonly #localize = new LocalizeController(this, () => this.#firmInfo?.locale);
  readonly #provider = new ContextProvider(this, { context: portalContext });
  /** A staff preview's session token (`#preview=`): kept in memory only, never in the session store. */
  #previewToken: string | null = null;
  readonly #signIn = new SignInController(this, {
    audience: 'client',
    store: {
      load: (base, firm) => this.#previewToken ?? sessionStore.loadToken(base, firm),
      save: (base, firm, token) => void (this.#previewToken ? undefined : sessionStore.saveToken(base, firm, token)),
      clear: (base, firm) => void (this.#previewToken ? (this.#previewToken = null) : sessionStore.clear(base, firm)),
    },
    device: sessionStore.deviceToken,
    identityToken: () => this.identityToken,
    onIdentityRefused: (code) => this.emit('portico-identity-error', { code }),
    focus: () => void this.focusHeading(),
    onSignedIn: (info, byUser) => {
      this.view = 'content';
      if (this.#wantsProfile) void this.#openProfile();
      const clients = info.clients ?? [];
      // The company last chosen, as the server remembers it (any device), else as this browser does.
      const saved = [info.lastClientId, sessionStore.loadClientId(this.api, this.firm)];
      this.clientId = saved.map((id) => clients.find((c) => c.id === id)).find(Boolean)?.id ?? clients[0]?.id ?? null;
      void this.#afterSignIn(info);
      if (byUser) this.emit('portico-signed-in', { email: info.user.email, firm: this.firm });
    },
    onSignedOut: () => this.emit('portico-signed-out', { firm: this.firm }),
  });
  readonly #firmTask = new Task(this, {
    task: async ([base, firm], { signal }) => {
      if (!firm) return null;
      try {
        return await new PorticoApi({ base }).get<PublicFirm>(`/public/firms/${encodeURIComponent(firm)}`, { signal });
      } catch (err) {
        // Only after a failure: the check why (and its module) costs nothing on a page that works.
        const lost = err instanceof ApiError && err.code === 'network';
        const reachability = lost && (await loadReachability().catch(() => null));
        if (reachability && (await reachability.originRefused(base))) {
          reachability.reportOriginRefused(base, firm);
          throw new ApiError(0, 'origin_refused', `This page's origin is not allowed for the firm ${firm}.`, { cause: err });
        }
        throw err;
      }
    },
    args: () => [this.api, this.firm] as const,
  });
  readonly #branding = new BrandingSheet(this);

  private clientId: string | null = null;
  /** What shows under the signed-in header: the slotted content, or the email settings. */
  private view: 'content' | 'profile' = 'content';
  /** `#profile` was in the address: the email settings open once signed in. */
  #wantsProfile = false;
  /** The email settings' controller, once its module is here. */
  #profile: ProfileController | null = null;
  #welcome: WelcomeVideo | null = null;
  #announcements: Announcements | null = null;
  #emailConfirm: EmailConfirm | null = null;

  /** Origin of the Portico server, e.g. `https://portal.example.com`; empty for the page's own origin. */
  api = '';

  /** The firm's slug. */
  firm = '';

  /** A short-lived identity token signed by the firm's own server: exchanged for a session when there is none. */
  identityToken = '';

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('storage', this.#onStorage);
    window.addEventListener('hashchange', this.#readProfileLink);
    this.addEventListener('portico-task-open', this.#onTaskOpen);
    this.#readProfileLink();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('storage', this.#onStorage);
    window.removeEventListener('hashchange', this.#readProfileLink);
    this.removeEventListener('portico-task-open', this.#onTaskOpen);
  }

  /** `#profile` in the address (an email footer's link): taken out of it; the email settings open once signed in. */
  readonly #readProfileLink = (): void => {
    this.#readPreviewLink(this.hasUpdated);
    const confirm = takeFragmentParam('email-confirm');
    if (confirm) void emailConfirm.load().then((m) => (this.#emailConfirm = new m.EmailConfirm(this, this.#partOptions, confirm)), () => undefined);
    if (readFragmentParam('profile') === null) return;
    removeFragmentParam('profile');
    this.#wantsProfile = true;
    if (this.#signIn.view === 'signed-in') void this.#openProfile();
  };

  /** `#preview=<token>` (a staff member's "Preview portal as this contact"): that session, read-only, kept in memory only. */
  #readPreviewLink(restart: boolean): void {
    const token = takeFragmentParam('preview');
    if (!token) return;
    this.#previewToken = token;
    if (restart) void this.#signIn.start();
  }

  /** What the parts fetched after sign-in need from the shell. */
  readonly #partOptions: PortalPart = {
    api: () => this.#signIn.api,
    session: () => this.#signIn.session,
    locale: () => this.#localize.locale,
    t: () => this.#localize.t,
    unauthorized: (err) => {
      if (isUnauthorized(err)) this.#signIn.sessionExpired();
    },
  };

  /** Signed in: the preview banner, or the welcome video (once) and then the firm's announcements not yet dismissed. */
  async #afterSignIn(info: SessionInfo): Promise<void> {
    this.#welcome = this.#announcements = null;
    if (info.preview) previewBanner.get(this);
    const api = this.#signIn.api;
    const video = !info.preview && info.firm.welcomeVideoUrl;
    const shown = video ? welcomeVideo.load().then((m) => (this.#welcome = new m.WelcomeVideo(this, this.#partOptions, video)).closed) : null;
    const list = await api.get<PagedList<PortalAnnouncement>>('/portal/announcements').catch(() => null);
    if (!list?.items.length || api !== this.#signIn.api) return;
    const part = await announcements.load();
    if (api !== this.#signIn.api) return;
    this.#announcements = new part.Announcements(this, this.#partOptions, list.items);
    this.requestUpdate();
    await shown?.catch(() => undefined);
    if (api === this.#signIn.api && !info.preview) this.#announcements.notice();
  }

  /** A task opens in the content: the content shows again. */
  readonly #onTaskOpen = (): void => {
    if (this.view === 'profile') this.view = 'content';
  };

  async #openProfile(): Promise<void> {
    this.#wantsProfile = false;
    this.view = 'profile';
    await profileView.load().catch(() => undefined);
    this.#profileController()?.open();
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(profileView.loaded ? '#profile-heading' : '[data-heading]')?.focus();
  }

  async #closeProfile(): Promise<void> {
    this.view = 'content';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="email-settings"]')?.focus();
  }

  /** The email settings' controller: made (and its styles adopted) when its module is here. */
  #profileController(): ProfileController | null {
    const module = profileView.loaded;
    if (!module || this.#profile) return this.#profile;
    const sheet = module.styles.styleSheet;
    if (sheet && this.shadowRoot) this.shadowRoot.adoptedStyleSheets = [...this.shadowRoot.adoptedStyleSheets, sheet];
    this.#profile = new module.ProfileController(this, {
      api: () => (this.view === 'profile' && this.#signIn.session ? this.#signIn.api : null),
      locale: () => this.#localize.locale,
      t: () => this.#localize.t,
      firmName: () => this.#firmInfo?.name ?? '',
      unauthorized: (err) => {
        if (isUnauthorized(err)) this.#signIn.sessionExpired();
      },
      back: () => void this.#closeProfile(),
      device: () => sessionStore.deviceToken(this.api, this.firm),
      readOnly: () => !!this.#signIn.session?.preview,
    });
    return this.#profile;
  }

  protected override update(changed: PropertyValues): void {
    // After the controllers' hostUpdate, so the context carries the sign-in state of this render.
    this.#provide();
    super.update(changed);
  }

  protected override willUpdate(changed: PropertyValues): void {
    // A token set after start: used if nobody is signed in (and the email form is showing).
    if (changed.has('identityToken') && changed.get('identityToken') !== undefined && this.identityToken && this.#signIn.view === 'sign-in') {
      void this.#signIn.start();
    }
  }

  protected override updated(): void {
    this.#branding.apply(this.#firmInfo?.branding, '[part~="base"]');
  }

  get #firmInfo(): PublicFirm | null {
    return this.#signIn.session?.firm ?? this.#firmTask.value ?? null;
  }

  #provide(): void {
    const signIn = this.#signIn;
    const next: PortalContext = {
      api: signIn.api,
      base: this.api,
      firm: this.firm,
      token: signIn.token,
      clientId: signIn.session ? this.clientId : null,
      clients: signIn.session?.clients ?? [],
      user: signIn.session?.user ?? null,
      locale: this.#localize.locale,
      firmInfo: this.#firmInfo,
      sessionExpired: this.#sessionExpired,
      readOnly: !!signIn.session?.preview,
    };
    const prev = this.#provider.value;
    const same =
      prev && (Object.keys(next) as Array<keyof PortalContext>).every((k) => Object.is(prev[k], next[k]));
    if (!same) this.#provider.setValue(next);
  }

  readonly #sessionExpired = (): void => this.#signIn.sessionExpired();

  /** Signing in or out in another tab of the same site does the same here. */
  readonly #onStorage = (event: StorageEvent): void => {
    if (event.key !== null && event.key !== sessionStore.key('session', this.api, this.firm)) return;
    if (event.newValue === this.#signIn.token || this.#signIn.hasLink || this.#previewToken) return;
    void this.#signIn.start();
  };

  #onClientChange(event: Event): void {
    this.showClient((event.target as HTMLSelectElement).value);
  }

  #onRetry(): void {
    if (this.#firmTask.error) void this.#firmTask.run();
    if (signInViews.failed) void signInViews.load().then(() => this.requestUpdate(), () => this.requestUpdate());
    void this.#signIn.start();
  }

  /**
   * Shows another of the signed-in contact's companies (`cli_…`), as if they
   * had picked it, and fires `portico-client-change`. Does nothing for a
   * company they do not belong to, or the one already shown.
   */
  showClient(clientId: string): void {
    if (clientId === this.clientId || !this.#signIn.session?.clients.some((c) => c.id === clientId)) return;
    this.clientId = clientId;
    if (!this.#previewToken) {
      sessionStore.saveClientId(this.api, this.firm, clientId);
      // Remembered by the server too, so the next sign-in anywhere opens on it (best effort).
      this.#signIn.api.request('PATCH', '/portal/profile', { lastClientId: clientId }).catch(() => undefined);
    }
    this.emit('portico-client-change', { clientId });
  }

  /**
   * Signs the contact out here and on the server (best effort), and shows the
   * sign-in form. Does nothing when nobody is signed in. Fires no
   * `portico-signed-out`: that event reports the contact's own action, and
   * the caller of this method already knows.
   */
  signOut(): Promise<void> {
    return this.#signIn.signOut(false);
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

  /** The current company's document folder (a firm's shared drive, say), when the firm set an https link. */
  #renderDocuments(clients: ClientRef[]): TemplateResult | typeof nothing {
    const url = clients.find((c) => c.id === this.clientId)?.documentsUrl;
    if (!url || !/^https:\/\//i.test(url)) return nothing;
    return html`<a part="documents" class="documents" href=${url} target="_blank" rel="noopener noreferrer">${this.#localize.t.documents}</a>`;
  }

  #renderSignedIn(): TemplateResult {
    const t = this.#localize.t;
    const session = this.#signIn.session;
    const clients: ClientRef[] = session?.clients ?? [];
    // "Email settings" sits beside the firm's name, in a row it does not make taller, so the header keeps its height.
    return html`
      ${session?.preview ? previewBanner.loaded?.render(this, session.preview.contactName, this.#localize.locale) : nothing}
      <header part="header" class="header">
        ${this.#renderBrand(true)}
        ${this.view === 'content'
          ? html`<button part="email-settings" class="button secondary email-settings" type="button" @click=${() => void this.#openProfile()}>
              ${shellStrings(this.#localize.locale).emailSettings}
            </button>`
          : nothing}
        <div class="account">
          <p class="who"><span class="muted">${t.signedInAs}</span> <strong>${session?.user.email}</strong></p>
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
          ${this.#renderDocuments(clients)}
          <button
            part="sign-out"
            class="button secondary"
            type="button"
            ?disabled=${this.#signIn.busy}
            @click=${() => this.#signIn.signOut(true)}
          >
            ${t.signOut}
          </button>
        </div>
      </header>
      ${this.view === 'profile' ? this.#renderProfile() : nothing}
      <div part="content" class="content" ?hidden=${this.view === 'profile'}>${this.#announcements?.renderHome()}<slot></slot></div>
      ${this.#welcome?.render()} ${this.#announcements?.renderNotice()}
    `;
  }

  /** The email settings, once their module is here (else "Loading…", or the way to try again). */
  #renderProfile(): TemplateResult {
    const t = this.#localize.t;
    const controller = this.#profileController();
    if (controller) return controller.render();
    if (!profileView.failed) return html`<p class="muted">${t.loading}</p>`;
    return html`<div part="error" class="alert" role="alert">${t.errorNetwork}</div>
      <button part="button" class="button" type="button" @click=${() => void this.#openProfile()}>${t.retry}</button>`;
  }

  /** The firm could not be loaded: not found, this page's origin refused, or the server unreachable. */
  #renderFirmError(err: unknown): TemplateResult | null {
    const t = this.#localize.t;
    if (!(err instanceof ApiError)) return null;
    if (err.status === 404) return html`<div part="error" class="alert" role="alert">${t.firmNotFound}</div>`;
    if (err.code === 'origin_refused') {
      return html`<div part="error" class="alert" role="alert">${t.originRefused(location.origin)}</div>`;
    }
    if (err.code !== 'network' || this.#signIn.view === 'signed-in') return null;
    return html`<div part="error" class="alert" role="alert">${t[errorMessage(err)]}</div>
      <button part="button" class="button" type="button" @click=${this.#onRetry}>${t.retry}</button>`;
  }

  /** A signed-out view, once its module is here; until then the brand, with "Loading…" in the status region. */
  #renderSignedOut(): TemplateResult | typeof nothing {
    const firm = this.#firmTask.value;
    const description = firm?.description ? html`<p part="description" class="description">${firm.description}</p>` : nothing;
    const brand = html`${this.#renderBrand(false)}${description}`;
    if (firm && !firm.portalActive) {
      // Clients cannot sign in yet: no form to fill in for nothing.
      return html`${brand}<h2 part="heading" data-heading tabindex="-1">${this.#localize.t.portalNotOpen}</h2>`;
    }
    const views = signInViews.get(this);
    if (views) return views.renderSignInView(this.#signIn, this.#localize.t, brand);
    if (!signInViews.failed) return brand;
    const t = this.#localize.t;
    // Not fetched (the server is out of reach): said once, with the way to try again.
    return html`${brand}${this.#signIn.error ? nothing : html`<div part="error" class="alert" role="alert">${t.errorNetwork}</div>`}
      <button part="button" class="button" type="button" @click=${this.#onRetry}>${t.retry}</button>`;
  }

  override render(): TemplateResult {
    const t = this.#localize.t;
    const { view, error } = this.#signIn;
    const firmError = this.#renderFirmError(this.#firmTask.error);
    // Signed in, still deciding, or not set up: no sign-in view to fetch.
    const signedOut = view !== 'signed-in' && view !== 'starting' && view !== 'unconfigured';
    const viewsPending = signedOut && !firmError && !signInViews.get(this) && !signInViews.failed;
    const status =
      this.#signIn.status ??
      (view === 'checking-link' ? 'checkingLink' : view === 'starting' || viewsPending ? 'loading' : null);
    return html`
      <div part="base" class="base ${view === 'signed-in' ? 'signed-in' : 'signed-out'}" lang=${this.#localize.tag}>
        ${firmError ??
        // The message shows with the view it belongs to, not before it.
        html`${this.#emailConfirm?.render()}${error && !viewsPending ? html`<div part="error" class="alert" role="alert">${t[error]}</div>` : nothing}
        ${view === 'signed-in' ? this.#renderSignedIn() : signedOut ? this.#renderSignedOut() : nothing}`}
        <div class="status muted" role="status" aria-live="polite">${status ? t[status] : ''}</div>
      </div>
    `;
  }
}

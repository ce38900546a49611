import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, PorticoApi } from './api-client.ts';
import type { Audience, LinkInspection, SessionCreated, SessionInfo } from './api-types.ts';
import { readLoginToken, takeLoginToken } from './login-link.ts';
import { errorMessage, isAbort } from './messages.ts';

/** Where the sign-in stands; each element renders the views (see `sign-in-views.ts`) and its own signed-in view. */
export type SignInView =
  | 'unconfigured'
  | 'starting'
  | 'unavailable'
  | 'sign-in'
  | 'link-sent'
  | 'checking-link'
  | 'confirm'
  | 'signed-in';

/** Translation keys of the messages the controller shows (in the element's alert or status region). */
export type SignInMessage =
  | ReturnType<typeof errorMessage>
  | 'sessionExpired'
  | 'linkInvalid'
  | 'linkElsewhere'
  | 'signedOut'
  | 'sendingLink'
  | 'signingIn'
  | 'codeInvalid'
  | 'codeLocked'
  | 'pinWrong'
  | 'pinLocked'
  | 'pinResetSent';

/** Where an element keeps its bearer token, per API origin and firm. */
export interface TokenStore {
  load(base: string, firm: string): string | null;
  save(base: string, firm: string, token: string): void;
  clear(base: string, firm: string): void;
}

export interface SignInHost extends ReactiveControllerHost, HTMLElement {
  api: string;
  firm: string;
}

export interface SignInOptions {
  /** Who signs in here: links and sessions of the other audience, or of another firm, are refused. */
  audience: Audience;
  store: TokenStore;
  /** `'include'` for the console, whose session is also an HttpOnly cookie: then the session is checked even with no stored token. */
  credentials?: RequestCredentials;
  /** This browser's device token for the firm (a contact's PIN is asked once per device); none for staff. */
  device?(base: string, firm: string): string;
  /** An identity token from the firm's own server (`<client-portal identity-token>`), exchanged when there is no session. */
  identityToken?(): string;
  /** The identity token was refused (`code` from the server): the email form shows instead. */
  onIdentityRefused?(code: string): void;
  /** Moves focus to the current view's heading (after a person's action only). */
  focus(): void;
  /** Signed in, from a stored session (`byUser` false) or by "Continue" (true). */
  onSignedIn?(session: SessionInfo, byUser: boolean): void;
  /** The person ended their session: "Sign out", or "Use another email address" while signed in. */
  onSignedOut?(): void;
  /**
   * A sign-in link of this audience for another firm of the same server: answer
   * true after pointing the host at that firm (its `firm` changes, and the link
   * is inspected again for it); false refuses it as "not for here". The console
   * takes any firm's staff link (a new firm's owner signs up from it).
   */
  acceptFirm?(slug: string): boolean;
}

/**
 * The passwordless sign-in both `<client-portal>` and the console use: ask
 * for an email, "check your email", "Continue as …" for a `#login=` link
 * (only a click uses the link), a dead link back to asking for an email, a
 * stored session resumed, sign-out. Listens for `hashchange`, so a link opened
 * in the same tab is picked up. Every answer is checked against the run it
 * belongs to, so a late answer for an earlier start is ignored.
 */
export class SignInController implements ReactiveController {
  readonly #host: SignInHost;
  readonly #options: SignInOptions;
  #anon: PorticoApi;
  #authed: PorticoApi | null = null;
  #target = '';
  /** The sign-in token taken from the address: kept only here until it is used or refused ("Continue" and "Try again" use it). */
  #loginToken: string | null = null;
  /** The 6-digit code typed for `sentTo`, kept while the PIN is asked. */
  #code: string | null = null;
  #run = 0;
  /** Identity tokens already answered: each is single-use, so a refused or used one is not sent again. */
  readonly #identityTried = new Set<string>();

  view: SignInView = 'starting';
  session: SessionInfo | null = null;
  token: string | null = null;
  /** The address the link was sent to; fills the email field again. */
  sentTo = '';
  inspected: LinkInspection | null = null;
  /** The PIN will be asked ("Continue" shows its field). */
  pinAsked = false;
  /** The code failed five times: only a new link helps. */
  codeLocked = false;
  busy = false;
  /** Shown as an alert. */
  error: SignInMessage | null = null;
  /** Announced politely. */
  status: SignInMessage | null = null;

  constructor(host: SignInHost, options: SignInOptions) {
    this.#host = host;
    this.#options = options;
    this.#anon = this.#client('');
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('hashchange', this.#onHashChange);
  }

  hostDisconnected(): void {
    window.removeEventListener('hashchange', this.#onHashChange);
    // Work in flight carries on: moving the element in the DOM disconnects and reconnects it.
  }

  hostUpdate(): void {
    const { api, firm } = this.#host;
    if (`${api}\n${firm}` === this.#target) return;
    // Another server or firm: nothing of the previous session may be used (or cleared) from here on.
    this.#target = `${api}\n${firm}`;
    this.#anon = this.#client(api);
    this.#signedOut('starting');
    this.status = null;
    void this.start();
  }

  /** The API client: with the session's bearer token when signed in. Same instance while the session is. */
  get api(): PorticoApi {
    return this.#authed ?? this.#anon;
  }

  /** Resolves after the host's next render. */
  get updateComplete(): Promise<boolean> {
    return this.#host.updateComplete;
  }

  /** Whether a sign-in link is waiting for "Continue" or a retry. */
  get hasLink(): boolean {
    return this.#loginToken !== null;
  }

  /** Decides the view: a sign-in link in the address (or kept for a retry), a stored session, or the email form. */
  async start(): Promise<void> {
    const run = ++this.#run;
    const { api, firm } = this.#host;
    this.#set({ error: null });
    if (!firm) return this.#set({ view: 'unconfigured' });
    const loginToken = takeLoginToken() ?? this.#loginToken;
    if (loginToken) return this.#checkLink(loginToken, run);
    const stored = this.#options.store.load(api, firm);
    if (!stored && !this.#options.credentials) return this.#signedOutOrIdentity(run);
    this.#set({ view: 'starting' });
    try {
      const info = await this.#anon.withToken(stored).get<SessionInfo>('/auth/session');
      if (run !== this.#run) return;
      // A session of the other audience, or of another firm (a cookie is per server): not signed in here.
      if (info.audience !== this.#options.audience || info.firm.slug !== firm) return this.#signedOut('sign-in');
      this.#enter(info, stored, false);
    } catch (err) {
      if (run !== this.#run || isAbort(err)) return;
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
        // Only a refusal ends the stored session; a network failure or a 5xx keeps it for "Try again".
        this.#options.store.clear(api, firm);
        if (this.#pendingIdentity()) return this.#signedOutOrIdentity(run);
        this.#signedOut('sign-in');
        this.#set({ error: stored ? 'sessionExpired' : null });
      } else {
        this.#set({ view: 'unavailable', error: errorMessage(err) });
      }
    }
  }

  #pendingIdentity(): string | null {
    const token = this.#options.identityToken?.() ?? '';
    return token && !this.#identityTried.has(token) ? token : null;
  }

  /**
   * No session: an identity token not yet tried is exchanged for one (the
   * email form never shows meanwhile); else, or when it is refused, the email form.
   */
  async #signedOutOrIdentity(run: number): Promise<void> {
    const identity = this.#pendingIdentity();
    if (!identity) return this.#signedOut('sign-in');
    const { api, firm } = this.#host;
    this.#set({ view: 'starting' });
    try {
      const { token, ...info } = await this.#anon.post<SessionCreated>('/auth/identity', { firm, token: identity });
      this.#identityTried.add(identity);
      if (run !== this.#run) return;
      this.#options.store.save(api, firm, token);
      this.#enter(info, token, false);
    } catch (err) {
      if (run !== this.#run || isAbort(err)) return;
      if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 429) {
        this.#identityTried.add(identity);
        this.#signedOut('sign-in');
        this.#options.onIdentityRefused?.(err.code);
      } else {
        this.#set({ view: 'unavailable', error: errorMessage(err) });
      }
    }
  }

  /** Emails a sign-in link. Resolves `false` when it could not be sent (the error says why). */
  async sendLink(email: string): Promise<boolean> {
    if (this.busy) return false;
    const run = this.#run;
    const { firm } = this.#host;
    this.#set({ busy: true, error: null, status: 'sendingLink' });
    try {
      await this.#anon.post('/auth/link', { firm, email, as: this.#options.audience });
      if (run !== this.#run) return false;
      this.#set({ sentTo: email, status: null, codeLocked: false, view: 'link-sent' });
      this.#options.focus();
      return true;
    } catch (err) {
      if (run === this.#run) this.#set({ status: null, error: errorMessage(err) });
      return false;
    } finally {
      this.#set({ busy: false });
    }
  }

  /** The email a link or code is for: the inspected link's, else the address the link was sent to. */
  get email(): string {
    return this.inspected?.email ?? this.sentTo;
  }

  /** Whether the link in hand is a forgotten-PIN link ("Choose a new PIN"). */
  get pinReset(): boolean {
    return this.inspected?.purpose === 'pin_reset';
  }

  /**
   * "Continue as …": uses the link (or the code typed before the PIN was
   * asked) and opens the session, with the PIN when asked, or the new PIN of
   * a forgotten-PIN link. Resolves `false` when it did not (the error says why).
   */
  async continue(pins: { pin?: string; newPin?: string } = {}): Promise<boolean> {
    const loginToken = this.#loginToken;
    if ((!loginToken && !this.#code) || this.busy) return false;
    const credentials = loginToken ? { token: loginToken } : this.#codeCredentials(this.#code!);
    return this.#openSession({ ...credentials, ...pins }, true);
  }

  /** Signs in with the 6-digit code of the email sent to `sentTo`. Resolves `false` when it did not (the error says why). */
  async signInWithCode(code: string): Promise<boolean> {
    if (this.busy) return false;
    this.#loginToken = null;
    this.#code = code;
    return this.#openSession(this.#codeCredentials(code), false);
  }

  /** "Forgot PIN?": emails a link to choose a new one. */
  async forgotPin(): Promise<void> {
    if (this.busy) return;
    const run = this.#run;
    this.#set({ busy: true, error: null, status: null });
    try {
      await this.#anon.post('/auth/pin/forgot', { firm: this.#host.firm, email: this.email });
      if (run === this.#run) this.#set({ status: 'pinResetSent' });
    } catch (err) {
      if (run === this.#run) this.#set({ error: errorMessage(err) });
    } finally {
      this.#set({ busy: false });
    }
  }

  #codeCredentials(code: string): Record<string, string> {
    const { firm } = this.#host;
    const credentials: Record<string, string> = { firm, email: this.sentTo, code };
    if (this.#options.audience === 'staff') credentials.as = 'staff';
    return credentials;
  }

  /** Opens the session; on a refusal that keeps the view, the view puts focus back on its field. */
  async #openSession(body: Record<string, string | undefined>, focusAfter: boolean): Promise<boolean> {
    const run = ++this.#run;
    const { api, firm } = this.#host;
    const device = this.#options.device?.(api, firm);
    this.#set({ busy: true, error: null, status: 'signingIn' });
    let opened = false;
    try {
      const { token, ...info } = await this.#anon.post<SessionCreated>('/auth/session', { ...body, ...(device ? { device } : {}) });
      if (run !== this.#run) return false;
      this.#loginToken = null;
      this.#code = null;
      this.#options.store.save(api, firm, token);
      this.#enter(info, token, true);
      opened = true;
    } catch (err) {
      if (run !== this.#run) return false;
      this.#set({ status: null });
      this.#sessionRefused(err, 'code' in body);
    } finally {
      this.#set({ busy: false });
    }
    if (opened || (focusAfter && this.view !== 'confirm')) this.#options.focus();
    return opened;
  }

  /** Why `/auth/session` said no: the PIN's and the code's answers keep the view; a dead link goes back to the email form. */
  #sessionRefused(err: unknown, byCode: boolean): void {
    const code = err instanceof ApiError ? err.code : '';
    if (code === 'pin_required') return this.#set({ pinAsked: true, view: 'confirm' });
    if (code === 'wrong_pin') return this.#set({ pinAsked: true, view: 'confirm', error: 'pinWrong' });
    if (code === 'pin_locked') return this.#set({ pinAsked: true, view: 'confirm', error: 'pinLocked' });
    if (byCode && (code === 'invalid_code' || code === 'code_locked' || !(err instanceof ApiError) || err.status === 429 || err.status >= 500 || code === 'network')) {
      this.#code = null;
      if (code === 'code_locked') return this.#set({ error: 'codeLocked', codeLocked: true });
      return this.#set({ error: code === 'invalid_code' ? 'codeInvalid' : errorMessage(err) });
    }
    this.#code = null;
    this.#linkFailed(err);
  }

  /** Back to the email form; a session open under a sign-in link ends too, or a reload would sign the previous person back in. */
  useAnotherEmail(): void {
    if (this.session) {
      this.#authed?.delete('/auth/session').catch(() => undefined);
      this.#options.store.clear(this.#host.api, this.#host.firm);
      this.#options.onSignedOut?.();
    }
    this.#run++;
    this.#loginToken = null;
    this.#code = null;
    this.#set({ error: null, status: null });
    this.#signedOut('sign-in');
    this.#options.focus();
  }

  /** Signs out here and on the server (best effort). `byUser` fires `onSignedOut` and moves focus. */
  async signOut(byUser: boolean): Promise<void> {
    if (this.busy || !this.session) return;
    const { api, firm } = this.#host;
    const authed = this.#authed;
    const run = ++this.#run;
    this.#set({ busy: true });
    try {
      await authed?.delete('/auth/session');
    } catch {
      // Revocation is best effort: an expired or unreachable session still ends here.
    } finally {
      this.#set({ busy: false });
    }
    this.#options.store.clear(api, firm);
    if (run !== this.#run) return;
    this.#signedOut('sign-in');
    this.#set({ error: null, status: 'signedOut' });
    if (!byUser) return;
    this.#options.onSignedOut?.();
    this.#options.focus();
  }

  /** An API call answered 401 while signed in: back to the email form with a word why. */
  sessionExpired(): void {
    if (!this.session) return;
    this.#run++;
    this.#options.store.clear(this.#host.api, this.#host.firm);
    this.#signedOut('sign-in');
    this.#set({ error: 'sessionExpired' });
    this.#options.focus();
  }

  async #checkLink(loginToken: string, run: number): Promise<void> {
    this.#loginToken = loginToken;
    this.#set({ view: 'checking-link' });
    try {
      const { api, firm } = this.#host;
      const device = this.#options.device?.(api, firm);
      const info = await this.#anon.post<LinkInspection>('/auth/link/inspect', { token: loginToken, ...(device ? { device } : {}) });
      if (run !== this.#run) return;
      if (info.audience === this.#options.audience && info.firm.slug !== this.#host.firm && this.#options.acceptFirm?.(info.firm.slug)) {
        // The host now names the link's firm: the next start inspects the kept link again for it.
        return;
      }
      if (info.audience !== this.#options.audience || info.firm.slug !== this.#host.firm) {
        this.#loginToken = null;
        this.#set({ inspected: null, view: 'sign-in', error: 'linkElsewhere' });
        return;
      }
      this.#set({ inspected: info, pinAsked: info.pinRequired, view: 'confirm' });
    } catch (err) {
      if (run === this.#run) this.#linkFailed(err);
    }
  }

  /** A dead link (used, expired, unknown) goes away with one message; a network failure or 5xx keeps it for a retry. */
  #linkFailed(err: unknown): void {
    if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 429) {
      this.#loginToken = null;
      this.#set({ inspected: null, view: 'sign-in', error: 'linkInvalid' });
    } else if (this.view === 'confirm') {
      this.#set({ error: errorMessage(err) });
    } else {
      this.#set({ view: 'unavailable', error: errorMessage(err) });
    }
  }

  #enter(info: SessionInfo, token: string | null, byUser: boolean): void {
    this.session = info;
    this.token = token;
    this.#authed = token ? this.#anon.withToken(token) : this.#anon;
    this.#set({ error: null, status: null, view: 'signed-in' });
    this.#options.onSignedIn?.(info, byUser);
  }

  #signedOut(view: SignInView): void {
    this.session = null;
    this.token = null;
    this.#authed = null;
    this.#set({ inspected: null, pinAsked: false, codeLocked: false, view });
  }

  #set(patch: Partial<Pick<SignInController, 'view' | 'sentTo' | 'inspected' | 'pinAsked' | 'codeLocked' | 'busy' | 'error' | 'status'>>): void {
    Object.assign(this, patch);
    this.#host.requestUpdate();
  }

  #client(base: string): PorticoApi {
    const { credentials } = this.#options;
    return new PorticoApi(credentials ? { base, credentials } : { base });
  }

  readonly #onHashChange = (): void => {
    if (readLoginToken()) void this.start();
  };
}

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ContextConsumer } from '@lit/context';
import { PorticoApi } from './api-client.ts';
import { portalContext, type PortalContext } from './context.ts';
import { isUnauthorized } from './messages.ts';
import { sessionStore } from './session-store.ts';

/** An element that can work inside `<client-portal>` or alone with its own `api`, `firm` (and `client-id`). */
export interface PortalConnectionHost extends ReactiveControllerHost, HTMLElement {
  api: string;
  firm: string;
  clientId?: string | null;
}

const sessionEvents = ['portico-signed-in', 'portico-signed-out', 'portico-client-change'] as const;

/**
 * "Take the API, firm, session and company from `<client-portal>` by context,
 * else from my own attributes and the session a portal stored for that server
 * and firm." Re-renders its host when any of them changes.
 *
 * A portal that is defined after the host cannot answer the context request
 * yet; the connection asks again once it can. If the portal is still not
 * defined after the host's first render (the same script would have defined it
 * by then), the host works alone meanwhile rather than wait for ever.
 */
export class PortalConnection implements ReactiveController {
  readonly #host: PortalConnectionHost;
  readonly #portal: ContextConsumer<typeof portalContext, PortalConnectionHost>;
  #waitingForPortal = false;
  #storedToken: string | null = null;
  #storedFor = '';
  #ownApi: PorticoApi | null = null;
  #ownKey = '';

  constructor(host: PortalConnectionHost) {
    this.#host = host;
    this.#portal = new ContextConsumer(host, { context: portalContext, subscribe: true });
    host.addController(this);
  }

  hostConnected(): void {
    const host = this.#host;
    const portal = host.closest('client-portal');
    if (portal && !customElements.get('client-portal') && !this.#portal.value) {
      this.#waitingForPortal = true;
      void customElements.whenDefined('client-portal').then(() => {
        this.#waitingForPortal = false;
        if (host.isConnected && !this.#portal.value) this.#portal.hostConnected();
        host.requestUpdate();
      });
      void host.updateComplete.then(() => {
        if (!this.#waitingForPortal || customElements.get('client-portal')) return;
        this.#waitingForPortal = false;
        host.requestUpdate();
      });
    }
    for (const type of sessionEvents) document.addEventListener(type, this.#onSessionEvent);
    window.addEventListener('storage', this.#onSessionEvent);
    this.#readStoredSession();
  }

  hostDisconnected(): void {
    for (const type of sessionEvents) document.removeEventListener(type, this.#onSessionEvent);
    window.removeEventListener('storage', this.#onSessionEvent);
  }

  hostUpdate(): void {
    // `api` or `firm` changed: the stored session of that server and firm applies.
    if (`${this.#host.api}\n${this.#host.firm}` !== this.#storedFor) this.#readStoredSession();
  }

  /** What `<client-portal>` provides, when inside one. */
  get context(): PortalContext | undefined {
    return this.#portal.value;
  }

  /** The API client to use, or `null` when nobody is signed in. Same instance while the session is. */
  get api(): PorticoApi | null {
    const ctx = this.#portal.value;
    if (ctx) return ctx.token ? ctx.api : null;
    const { api, firm } = this.#host;
    if (this.#waitingForPortal || !firm || !this.#storedToken) return null;
    const key = `${api}\n${this.#storedToken}`;
    if (key !== this.#ownKey) {
      this.#ownKey = key;
      this.#ownApi = new PorticoApi({ base: api, token: this.#storedToken });
    }
    return this.#ownApi;
  }

  /** The company to show: the portal's choice; alone, the host's `client-id`, else the portal's last stored choice. */
  get clientId(): string | null {
    const ctx = this.#portal.value;
    if (ctx) return ctx.clientId;
    const { api, firm, clientId } = this.#host;
    return clientId ?? (firm ? sessionStore.loadClientId(api, firm) : null);
  }

  /** A read-only preview of the portal (a staff member looking as the contact): write controls are disabled. */
  get readOnly(): boolean {
    return this.#portal.value?.readOnly === true;
  }

  /** The portal's locale, for a `LocalizeController` fallback. */
  get locale(): string | undefined {
    return this.#portal.value?.locale;
  }

  /**
   * Call with a failed request's error: a 401 sends the portal back to its
   * sign-in view, or (alone) forgets the stored session for this element.
   */
  unauthorized(err: unknown): void {
    if (!isUnauthorized(err)) return;
    const ctx = this.#portal.value;
    if (ctx) ctx.sessionExpired();
    else {
      this.#storedToken = null;
      this.#host.requestUpdate();
    }
  }

  #readStoredSession(): void {
    const { api, firm } = this.#host;
    this.#storedFor = `${api}\n${firm}`;
    this.#storedToken = firm ? sessionStore.loadToken(api, firm) : null;
  }

  readonly #onSessionEvent = (): void => {
    if (this.#portal.value) return;
    this.#readStoredSession();
    this.#host.requestUpdate();
  };
}

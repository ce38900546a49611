import { createContext } from '@lit/context';
import type { PorticoApi } from './api-client.ts';
import type { ClientRef, Locale, PublicFirm, SessionUser } from './api-types.ts';

/**
 * What `<client-portal>` shares with the elements inside it. A new object is
 * provided on every change, so subscribers can compare by identity.
 */
export interface PortalContext {
  /** API client for this portal; carries the bearer token when signed in. Same instance until base or token change. */
  api: PorticoApi;
  /** The `api` attribute of the portal (origin of the Portico server; `''` is same origin). */
  base: string;
  /** Firm slug. */
  firm: string;
  /** Bearer token of the signed-in contact, or `null` when signed out. */
  token: string | null;
  /** The company the contact is looking at (`cli_…`), or `null` when none is chosen. */
  clientId: string | null;
  /** Companies the signed-in contact belongs to. */
  clients: ClientRef[];
  /** The signed-in contact, or `null`. */
  user: SessionUser | null;
  /** Resolved portal locale. */
  locale: Locale;
  /** Public firm info and branding once loaded. */
  firmInfo: PublicFirm | null;
  /** Call when an API request answers 401: the portal returns to its sign-in view. */
  sessionExpired(): void;
  /** A staff member's read-only preview (`#preview=`): write controls are disabled, every write is refused with 403 `preview_read_only`. */
  readOnly?: boolean;
}

/**
 * Context key. A string (not a symbol) so that two copies of the elements on
 * one page still find each other.
 */
export const portalContext = createContext<PortalContext | undefined>('portico-portal');

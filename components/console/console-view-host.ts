import type { ReactiveControllerHost } from 'lit';
import type { PorticoApi } from '../internal/api-client.ts';
import type { ConsoleStrings } from './console-strings.ts';

/** Where the console is: one screen, with what it opens on. */
export type ConsoleRoute =
  | { view: 'clients' }
  /** `clientName` names `clientId` in the client filter (the console holds no list of every client). */
  | { view: 'board'; clientId?: string; clientName?: string; workId?: string }
  | { view: 'task'; id: string }
  | { view: 'work'; clientId?: string; clientName?: string }
  | { view: 'work-detail'; id: string }
  | { view: 'statuses' }
  | { view: 'templates' }
  | { view: 'settings' }
  | { view: 'announcements' }
  | { view: 'inbox' }
  | { view: 'notifications' }
  | { view: 'delivery' }
  | { view: 'request'; id: string }
  /** The template editor; `id: null` makes a new one of `kind`. */
  | { view: 'template'; id: string | null; kind?: 'work' | 'task' }
  | { view: 'apply'; id: string }
  // --- console-clients (H3) ---
  /** The firm's contacts, filtered by access health. */
  | { view: 'contacts'; health?: string }
  /** A contact's record. */
  | { view: 'contact'; id: string }
  /** The client form; `id: null` makes a new client. */
  | { view: 'client'; id: string | null }
  /** The CSV import of contacts. */
  | { view: 'import' }
  /** Opening the portal for the clients chosen on the clients screen. */
  | { view: 'open-portal'; clientIds?: string[] }
  // --- end console-clients (H3) ---
  // --- console setup (H4) ---
  /** Signing a new firm up (before sign-in). */
  | { view: 'signup' }
  | { view: 'team' }
  | { view: 'activity' }
  // --- end console setup (H4) ---
  ;

/** What the console shell offers the views inside it. */
export interface ConsoleViewHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** Strings for the console's language. */
  readonly strings: ConsoleStrings;
  /** The signed-in API client (bearer token and cookie). */
  readonly apiClient: PorticoApi;
  /** The signed-in member's id, for "responsible: me". */
  readonly memberId: string | null;
  /** The signed-in member is the owner or an admin (who manage settings and announcements; members are not offered them). */
  readonly isAdmin: boolean;
  /** The Portico server's origin as the element was given it (`''`: the page's own). */
  readonly api: string;
  /** Formats a `YYYY-MM-DD` calendar date for the console's language. */
  formatDate(iso: string): string;
  /** Formats a moment (UTC milliseconds) as date and time for the console's language. */
  formatTime(ms: number): string;
  /** Formats a count (`10,000`; `10 000` in Estonian) for the console's language. */
  formatNumber(n: number): string;
  /** Formats a file size (`850 kB`, `2.4 MB`) for the console's language. */
  formatSize(bytes: number): string;
  /** Opens a screen (remembered for Back) and moves focus to its heading. */
  navigate(route: ConsoleRoute): void;
  /** The previous screen, or the clients. */
  back(): void;
  /** Says something politely (the status region). */
  announce(message: string): void;
  /** Shows an error alert above the views; `''` clears it. */
  showError(message: string): void;
  /** The message for a failed call. */
  messageFor(err: unknown): string;
  /**
   * The message for a failed call, or `null` when it ended the session (a 401:
   * the console is back at sign-in and says so itself).
   */
  failure(err: unknown): string | null;
}

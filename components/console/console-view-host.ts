import type { ReactiveControllerHost } from 'lit';
import type { PorticoApi } from '../internal/api-client.ts';
import type { ConsoleStrings } from './console-strings.ts';

/** What the console shell offers the views inside it. */
export interface ConsoleViewHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** Strings for the console's language. */
  readonly strings: ConsoleStrings;
  /** The signed-in API client (bearer token and cookie). */
  readonly apiClient: PorticoApi;
  /** Formats a `YYYY-MM-DD` calendar date for the console's language. */
  formatDate(iso: string): string;
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

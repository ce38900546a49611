import type { ReactiveController } from 'lit';
import { isAbort } from '../internal/messages.ts';
import type { Page } from '../internal/api-types.ts';
import type { ConsoleViewHost } from './console-view-host.ts';

/**
 * A cursor-paged list (`{ items, nextCursor }`): the first page for a query,
 * then "Show more" appends the next. Hand-written rather than `@lit/task`
 * because pages accumulate; a new query aborts the one still loading.
 */
export class PagedList<T> implements ReactiveController {
  readonly #host: ConsoleViewHost;
  #path: string;
  #query = new URLSearchParams();
  #abort: AbortController | null = null;
  items: T[] = [];
  nextCursor: string | null = null;
  loading = false;
  /** The message of the last failure, or `''`. */
  error = '';
  /** Whether a first page has arrived for the current query. */
  loaded = false;

  constructor(host: ConsoleViewHost, path: string) {
    this.#host = host;
    this.#path = path;
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.#abort?.abort();
  }

  /** Points the list at another path (the next `load` uses it). */
  setPath(path: string): void {
    this.#path = path;
  }

  /** Loads the first page for `query` (empty values left out). */
  load(query: Record<string, string | undefined | null | false>): Promise<void> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
    this.#query = params;
    this.items = [];
    this.nextCursor = null;
    this.loaded = false;
    return this.#fetch(null);
  }

  /** Loads the current query again from its first page. */
  reload(): Promise<void> {
    this.items = [];
    this.nextCursor = null;
    return this.#fetch(null);
  }

  /** Appends the next page. */
  more(): Promise<void> {
    return this.nextCursor ? this.#fetch(this.nextCursor) : Promise.resolve();
  }

  async #fetch(cursor: string | null): Promise<void> {
    const host = this.#host;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    const params = new URLSearchParams(this.#query);
    if (cursor) params.set('cursor', cursor);
    const qs = params.toString();
    this.loading = true;
    this.error = '';
    host.requestUpdate();
    try {
      const page = await host.apiClient.get<Page<T>>(`${this.#path}${qs ? `?${qs}` : ''}`, { signal: abort.signal });
      this.items = cursor ? [...this.items, ...page.items] : page.items;
      this.nextCursor = page.nextCursor ?? null;
      this.loaded = true;
    } catch (err) {
      if (isAbort(err)) return;
      this.error = host.failure(err) ?? '';
    } finally {
      if (this.#abort === abort) {
        this.loading = false;
        this.#abort = null;
        host.requestUpdate();
      }
    }
  }
}

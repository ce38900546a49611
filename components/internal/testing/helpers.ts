/**
 * Test helpers for the component tests (web-test-runner, Chromium). Not part
 * of the published elements.
 */
import { render, type TemplateResult } from 'lit';
import axe from 'axe-core';

export interface RecordedCall {
  method: string;
  /** Path relative to `/api/v1`, without the query. */
  path: string;
  query: URLSearchParams;
  url: string;
  headers: Headers;
  body: unknown;
  /** The body as sent, when it is not JSON (a Blob of an upload chunk, say). */
  raw: BodyInit | null;
}

export interface FakeReply {
  /** `0`: the connection fails (fetch rejects as browsers do). */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type FakeRoute = FakeReply | ((call: RecordedCall) => FakeReply | Promise<FakeReply>);

/**
 * Replaces `window.fetch` with a stand-in for the Portico API. Routes are
 * keyed `'METHOD /path'` (path relative to `/api/v1`, query ignored);
 * unknown routes answer 404 with the error envelope. Every call is recorded.
 */
export class FakeApi {
  readonly calls: RecordedCall[] = [];
  readonly routes = new Map<string, FakeRoute>();
  readonly #original = window.fetch;

  constructor(routes: Record<string, FakeRoute> = {}) {
    for (const [key, route] of Object.entries(routes)) this.routes.set(key, route);
    window.fetch = this.#fetch;
  }

  on(key: string, route: FakeRoute): this {
    this.routes.set(key, route);
    return this;
  }

  restore(): void {
    window.fetch = this.#original;
  }

  /** Calls whose `'METHOD /path'` equals `key`. */
  callsTo(key: string): RecordedCall[] {
    return this.calls.filter((c) => `${c.method} ${c.path}` === key);
  }

  readonly #fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input instanceof Request ? input.url : input), location.href);
    const marker = '/api/v1';
    const at = url.pathname.indexOf(marker);
    const path = at >= 0 ? url.pathname.slice(at + marker.length) : url.pathname;
    const call: RecordedCall = {
      method: (init.method ?? 'GET').toUpperCase(),
      path,
      query: url.searchParams,
      url: url.href,
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      raw: init.body ?? null,
    };
    this.calls.push(call);
    const route = this.routes.get(`${call.method} ${path}`);
    const answer = Promise.resolve(
      route
        ? typeof route === 'function'
          ? route(call)
          : route
        : { status: 404, body: errorBody('not_found', 'Not found') },
    );
    // An aborted request rejects at once, as fetch does, even while its route holds the answer back.
    const signal = init.signal;
    const aborted = new Promise<never>((_, reject) => {
      const abort = () => reject(new DOMException('The operation was aborted.', 'AbortError'));
      if (signal?.aborted) abort();
      signal?.addEventListener('abort', abort);
    });
    const reply: FakeReply = await Promise.race([answer, aborted]);
    if (reply.status === 0) throw new TypeError('Failed to fetch');
    const status = reply.status ?? 200;
    return new Response(status === 204 || call.method === 'HEAD' || reply.body === undefined ? null : JSON.stringify(reply.body), {
      status,
      headers: { 'content-type': 'application/json', ...reply.headers },
    });
  };
}

export const errorBody = (code: string, message = code) => ({ error: { code, message, requestId: 'req_test' } });

const containers: HTMLElement[] = [];

/** Renders a template into the document and waits for the element's first update. */
export async function fixture<T extends HTMLElement>(template: TemplateResult): Promise<T> {
  const container = document.createElement('div');
  document.body.append(container);
  containers.push(container);
  render(template, container);
  const el = container.firstElementChild as T;
  await (el as unknown as { updateComplete?: Promise<unknown> }).updateComplete;
  return el;
}

/** Removes every fixture. */
export function cleanupFixtures(): void {
  for (const c of containers.splice(0)) c.remove();
}

/** Polls until `fn` returns a truthy value (or throws after `timeout` ms). */
export async function waitFor<T>(fn: () => T | null | undefined | false | '', what: string, timeout = 2000): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = fn();
    if (value) return value;
    if (performance.now() - start > timeout) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** `querySelector` inside an element's shadow root. */
export function $<E extends Element = HTMLElement>(host: Element, selector: string): E | null {
  return host.shadowRoot?.querySelector<E>(selector) ?? null;
}

/** The button in `host`'s shadow root whose text contains `text`. */
export function button(host: Element, text: string): HTMLButtonElement | null {
  return [...(host.shadowRoot?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.includes(text)) ?? null;
}

/** Text of `host`'s shadow root, whitespace collapsed. */
export function textOf(host: Element): string {
  return (host.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The element that has focus, looking through shadow roots. */
export function deepActiveElement(): Element | null {
  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

/** Runs axe on `el` (shadow DOM included) and throws with a readable list when anything is violated. */
export async function expectAccessible(el: Element): Promise<void> {
  const results = await axe.run(el, { resultTypes: ['violations'] });
  if (results.violations.length) {
    const list = results.violations
      .map((v) => `${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.html).join('\n  ')}`)
      .join('\n');
    throw new Error(`Accessibility violations:\n${list}`);
  }
}

/** A promise the test resolves when it wants, e.g. to hold an API answer back. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Puts a sign-in token in the URL fragment without firing `hashchange`. */
export function setLoginFragment(token: string | null): void {
  history.replaceState(null, '', `${location.pathname}${location.search}${token ? `#login=${token}` : ''}`);
}

type Suite = (name: string, fn: () => void) => void;
type Hook = (fn: () => unknown) => void;
type Test = (name: string, fn: () => unknown) => void;
const mochaGlobals = globalThis as unknown as { describe: Suite; it: Test; beforeEach: Hook; afterEach: Hook };

/**
 * Mocha's BDD functions (globals set up by web-test-runner), typed here so the
 * project needs no global mocha typings that would clash with vitest's.
 */
export const { describe, it, beforeEach, afterEach } = mochaGlobals;

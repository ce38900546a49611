import type { ErrorEnvelope } from './api-types.ts';

/** A failed API call: the server's error envelope, or `code: 'network'` when no answer came. */
export class ApiError extends Error {
  /** HTTP status; `0` when the request never got an answer. */
  status: number;
  /** Machine-readable code from the envelope (`unauthorized`, `not_found`, …), or `network`. */
  code: string;
  requestId?: string;
  issues?: unknown;

  constructor(
    status: number,
    code: string,
    message: string,
    extra: { requestId?: string; issues?: unknown; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    if (extra.requestId !== undefined) this.requestId = extra.requestId;
    if (extra.issues !== undefined) this.issues = extra.issues;
  }
}

export interface PorticoApiOptions {
  /** Origin (and optional path prefix) of the Portico server; `''` means same origin. */
  base: string;
  /** Bearer token sent as `Authorization: Bearer …` when set. */
  token?: string | null;
  /** Fetch credentials mode; the console uses `'include'` for its cookie session. */
  credentials?: RequestCredentials;
  /** Fetch implementation; defaults to the global `fetch` at call time (tests may stub it). */
  fetch?: typeof fetch;
}

const codeForStatus = (status: number): string => {
  switch (status) {
    case 400: return 'bad_request';
    case 401: return 'unauthorized';
    case 403: return 'forbidden';
    case 404: return 'not_found';
    case 409: return 'conflict';
    case 413: return 'payload_too_large';
    case 415: return 'unsupported_media_type';
    case 429: return 'rate_limited';
    default: return status >= 500 ? 'internal' : 'http_error';
  }
};

/**
 * A small typed client for `${base}/api/v1`. Stateless apart from its options:
 * make a new one (or use {@link PorticoApi.withToken}) when the session changes.
 */
export class PorticoApi {
  readonly base: string;
  readonly token: string | null;
  readonly credentials: RequestCredentials | undefined;
  readonly #fetch: typeof fetch | undefined;

  constructor(opts: PorticoApiOptions) {
    this.base = (opts.base ?? '').replace(/\/+$/, '');
    this.token = opts.token ?? null;
    this.credentials = opts.credentials;
    this.#fetch = opts.fetch;
  }

  /** A copy of this client that sends another bearer token (or none). */
  withToken(token: string | null): PorticoApi {
    const opts: PorticoApiOptions = { base: this.base, token };
    if (this.credentials !== undefined) opts.credentials = this.credentials;
    if (this.#fetch !== undefined) opts.fetch = this.#fetch;
    return new PorticoApi(opts);
  }

  /** Full URL for a path relative to `/api/v1`. */
  url(path: string): string {
    return `${this.base}/api/v1${path.startsWith('/') ? path : `/${path}`}`;
  }

  get<T>(path: string, init?: { signal?: AbortSignal }): Promise<T> {
    return this.request<T>('GET', path, undefined, init);
  }

  post<T>(path: string, body?: unknown, init?: { signal?: AbortSignal }): Promise<T> {
    return this.request<T>('POST', path, body, init);
  }

  async delete(path: string, init?: { signal?: AbortSignal }): Promise<void> {
    await this.request<unknown>('DELETE', path, undefined, init);
  }

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    init: { signal?: AbortSignal } = {},
  ): Promise<T> {
    const json = body !== undefined;
    const headers: Record<string, string> = json ? { accept: 'application/json', 'content-type': 'application/json' } : { accept: 'application/json' };
    return parse(await this.send(method, this.url(path), { headers, body: json ? JSON.stringify(body) : undefined, signal: init.signal })) as T;
  }

  /**
   * `fetch` with this client's token and credentials, for calls whose answer
   * is not only JSON (the tus uploads read headers): the response when it is
   * ok, else an {@link ApiError} with the envelope's code (or one for the
   * status), `network` when no answer came; an abort is let through as it is.
   */
  async send(method: string, url: string, init: SendInit = {}): Promise<Response> {
    const headers = { ...init.headers };
    if (this.token) headers['authorization'] = `Bearer ${this.token}`;
    // Members left undefined are as good as absent to `fetch`.
    const reqInit: RequestInit = { method, headers, body: init.body, signal: init.signal, credentials: this.credentials };

    const doFetch = this.#fetch ?? globalThis.fetch.bind(globalThis);
    let res: Response;
    try {
      res = await doFetch(url, reqInit);
    } catch (cause) {
      if (init.signal?.aborted) throw cause; // let AbortError through untouched
      throw new ApiError(0, 'network', 'The server could not be reached.', { cause });
    }
    if (res.ok) return res;
    const env = ((await parse(res)) as Partial<ErrorEnvelope> | undefined)?.error;
    const extra: { requestId?: string; issues?: unknown } = {};
    if (env?.requestId) extra.requestId = env.requestId;
    if (env?.issues !== undefined) extra.issues = env.issues;
    throw new ApiError(
      res.status,
      typeof env?.code === 'string' ? env.code : codeForStatus(res.status),
      typeof env?.message === 'string' ? env.message : `${method} ${url} failed with ${res.status}`,
      extra,
    );
  }
}

export interface SendInit {
  headers?: Record<string, string>;
  body?: BodyInit | undefined;
  signal?: AbortSignal | undefined;
}

/** A response's JSON body; undefined when it has none or it is not JSON. */
async function parse(res: Response): Promise<unknown> {
  const text = await res.text().catch(() => '');
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

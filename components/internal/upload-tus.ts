/**
 * A small client of the tus 1.0.0 protocol (core, creation, termination), as
 * far as `<upload-zone>` needs it: create the upload, send the file a chunk
 * per PATCH, and after a failure ask the server how far it got (HEAD) and go
 * on from there instead of starting over. After tus-js-client, without its
 * fingerprint storage, parallel parts and Node support (and its 20 KB).
 *
 * Uses `fetch` (through the API client's `send`, for its token and errors),
 * so progress moves a chunk at a time (`chunkSize`, 2 MiB by default): a
 * resume loses at most one chunk.
 */

import { ApiError, type PorticoApi } from './api-client.ts';

export interface TusUploadOptions {
  /** The client whose token the upload goes with. */
  api: PorticoApi;
  /** The creation path under `/api/v1`, e.g. `/portal/uploads`. */
  path: string;
  file: Blob;
  /** Upload-Metadata pairs (values are base64-encoded here). */
  metadata: Record<string, string>;
  chunkSize: number;
  /** Waits before each retry after a network failure, in ms; attempts reset once a chunk gets through. */
  retryDelays: readonly number[];
  /** Bytes the server has. */
  onProgress(offset: number): void;
  /** A retry is coming after `delay` ms (`null`: waiting until the browser is online again). */
  onRetry?(delay: number | null): void;
}

export interface TusResult {
  fileId: string;
  duplicate: boolean;
}

/** UTF-8 safe base64, as tus wants metadata values. */
const base64 = (value: string): string => btoa(String.fromCharCode(...new TextEncoder().encode(value)));

/** The file an upload became, from the answer to its last PATCH (or to a HEAD once it is complete). */
const resultOf = (res: Response): TusResult => ({
  fileId: res.headers.get('portico-file-id') ?? '',
  duplicate: res.headers.get('portico-duplicate') === '1',
});

/** Worth trying again: no answer, the server busy or failing, or an offset the server disagrees with. */
export const retriable = (err: unknown): boolean =>
  err instanceof ApiError &&
  (err.status === 0 || err.status === 423 || err.status >= 500 || (err.status === 409 && err.code === 'offset_mismatch'));

export class TusUpload {
  readonly #options: TusUploadOptions;
  readonly #abort = new AbortController();
  /** The upload's URL once created: kept across retries, so a retry resumes it. */
  url: string | null = null;

  constructor(options: TusUploadOptions) {
    this.#options = options;
  }

  /** Uploads to the end, retrying network failures; rejects with an {@link ApiError} (or an AbortError once cancelled). */
  async start(): Promise<TusResult> {
    const { retryDelays, onRetry } = this.#options;
    let attempt = 0;
    for (;;) {
      try {
        return await this.#run(() => (attempt = 0));
      } catch (err) {
        this.#abort.signal.throwIfAborted(); // cancelled: an AbortError, whatever the failure was
        const delay = navigator.onLine ? retryDelays[attempt++] : null;
        if (!retriable(err) || delay === undefined) throw err;
        onRetry?.(delay);
        await this.#wait(delay);
      }
    }
  }

  /** Stops sending and asks the server to throw the parts away (best effort). */
  async cancel(): Promise<void> {
    this.#abort.abort();
    // Not with the aborted signal: the DELETE must go out.
    if (this.url) await this.#options.api.send('DELETE', this.url, { headers: { 'tus-resumable': '1.0.0' } }).catch(() => undefined);
  }

  async #run(progressed: () => void): Promise<TusResult> {
    const { api, path, file, metadata, chunkSize, onProgress } = this.#options;
    let offset = 0;
    if (this.url) {
      try {
        const head = await this.#send('HEAD', this.url);
        offset = Number(head.headers.get('upload-offset'));
        // The last PATCH got through but its answer did not.
        if (offset >= file.size && head.headers.get('portico-file-id')) return resultOf(head);
      } catch (err) {
        // Expired or unknown to the server: start a new upload.
        if (err instanceof ApiError && (err.status === 404 || err.status === 410)) this.url = null;
        else throw err;
      }
    }
    if (!this.url) {
      const endpoint = api.url(path);
      const meta = Object.entries(metadata).map(([key, value]) => `${key} ${base64(value)}`).join(',');
      const created = await this.#send('POST', endpoint, { 'upload-length': String(file.size), 'upload-metadata': meta });
      // The endpoint may be relative (a portal on the API's own origin): resolve it against the page first.
      this.url = new URL(created.headers.get('location') ?? '', new URL(endpoint, document.baseURI)).href;
    }
    onProgress(offset);
    for (;;) {
      const res = await this.#send(
        'PATCH',
        this.url,
        { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
        file.slice(offset, offset + chunkSize),
      );
      const next = Number(res.headers.get('upload-offset'));
      // An answer that does not move on: ask the server where it is, as after a mismatch.
      if (!(next > offset)) throw new ApiError(409, 'offset_mismatch', 'offset_mismatch');
      offset = next;
      progressed();
      onProgress(offset);
      if (offset >= file.size) return resultOf(res);
    }
  }

  #send(method: string, url: string, headers?: Record<string, string>, body?: Blob): Promise<Response> {
    return this.#options.api.send(method, url, { headers: { 'tus-resumable': '1.0.0', ...headers }, body, signal: this.#abort.signal });
  }

  /** Waits `ms` (or, with `null`, until the browser is online), cut short by `online`, a page shown again (a phone woken), or cancel. */
  #wait(ms: number | null): Promise<void> {
    return new Promise((resolve) => {
      const listening = new AbortController();
      const signal = listening.signal;
      const done = (): void => {
        clearTimeout(timer);
        listening.abort(); // removes the listeners below
        resolve();
      };
      const timer = ms === null ? undefined : setTimeout(done, ms);
      window.addEventListener('online', done, { signal });
      document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && done(), { signal });
      this.#abort.signal.addEventListener('abort', done, { signal });
    });
  }
}

import { AwsClient } from 'aws4fetch';
import { BlobNotFoundError, BlobStoreError, type BlobStore } from '../ports/blob-store.ts';

export class S3BlobStoreError extends BlobStoreError {
  override name = 'S3BlobStoreError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface S3Options {
  /** The service's address, e.g. `https://<account>.r2.cloudflarestorage.com` or a MinIO URL; objects are addressed path-style. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The transport (tests pass one pointed at a local stand-in). */
  fetch?: typeof fetch;
}

/** Each part of a multipart upload but the last: S3's minimum, and one size for all of them as R2 requires. */
export const PART_SIZE = 5 * 1024 * 1024;

/**
 * Blobs in an S3-compatible bucket (S3, R2, MinIO), signed with SigV4 by
 * `aws4fetch`. Reads stream the object's body as it comes.
 *
 * Writes: with a known length (and no `keepPartial`) the body streams
 * straight through with its Content-Length. S3 refuses a plain chunked body
 * of unknown length, so otherwise the body is cut into parts of PART_SIZE,
 * each sent as it fills: a body that ends within the first part is one PUT;
 * a longer one is a multipart upload (CreateMultipartUpload, UploadPart per
 * part, CompleteMultipartUpload), aborted (AbortMultipartUpload) when the
 * body or a call fails, so nothing is left. Memory: one part per write in
 * flight, whatever the body's size. Multipart rather than spooling to a
 * temporary file: no disk needed beside the bucket (an edge instance may
 * have none), and the bytes go on while they arrive. With `keepPartial`, a
 * body that breaks off is stored as far as it arrived.
 */
export function createS3BlobStore(options: S3Options): BlobStore {
  const aws = new AwsClient({ accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, region: options.region, service: 's3', retries: 0 });
  const send = options.fetch ?? fetch;
  const base = `${options.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(options.bucket)}`;
  const urlOf = (key: string) => `${base}/${key.split('/').map(encodeURIComponent).join('/')}`;
  const call = async (url: string, init: RequestInit = {}) => send(await aws.sign(url, init));
  const fail = async (what: string, res: Response) => new S3BlobStoreError(`S3 ${what}: ${res.status} ${(await res.text().catch(() => '')).slice(0, 200)}`, res.status);
  /** Sends a request whose answer only matters as success or failure (a 200 may still carry an error, as CompleteMultipartUpload's can). */
  const expectOk = async (what: string, url: string, init: RequestInit) => {
    const res = await call(url, init);
    if (!res.ok) throw await fail(what, res);
    const text = await res.text();
    if (text.includes('<Error>')) throw new S3BlobStoreError(`S3 ${what}: ${text.slice(0, 200)}`, res.status);
    return { res, text };
  };

  async function multipart(key: string, first: Uint8Array, body: Parts): Promise<number> {
    const { text } = await expectOk(`CreateMultipartUpload ${key}`, `${urlOf(key)}?uploads`, { method: 'POST' });
    const id = /<UploadId>([^<]+)<\/UploadId>/.exec(text)?.[1];
    if (!id) throw new S3BlobStoreError(`S3 CreateMultipartUpload ${key}: no UploadId in the answer`, 502);
    const uploadId = unescapeXml(id);
    const at = (query: Record<string, string>) => `${urlOf(key)}?${new URLSearchParams(query)}`;
    try {
      const etags: string[] = [];
      let size = 0;
      for (let part = first; part.byteLength > 0; part = await body.next()) {
        const { res } = await expectOk(`UploadPart ${key}`, at({ partNumber: String(etags.length + 1), uploadId }), { method: 'PUT', body: part as BodyInit });
        const etag = res.headers.get('etag');
        if (!etag) throw new S3BlobStoreError(`S3 UploadPart ${key}: no ETag in the answer`, 502);
        etags.push(etag);
        size += part.byteLength;
      }
      const parts = etags.map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${escapeXml(etag)}</ETag></Part>`).join('');
      await expectOk(`CompleteMultipartUpload ${key}`, at({ uploadId }), {
        method: 'POST',
        body: `<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${parts}</CompleteMultipartUpload>`,
        headers: { 'content-type': 'application/xml' },
      });
      return size;
    } catch (error) {
      // Best effort: an upload left unaborted is invisible, and a bucket lifecycle rule can still clear it.
      const res = await call(at({ uploadId }), { method: 'DELETE' }).catch(() => null);
      await res?.body?.cancel();
      throw error;
    }
  }

  return {
    async put(key, body, { length, keepPartial = false } = {}) {
      if (length !== undefined && !keepPartial) {
        const res = await call(urlOf(key), { method: 'PUT', body, headers: { 'content-length': String(length) }, duplex: 'half' } as RequestInit);
        if (!res.ok) throw await fail(`PUT ${key}`, res);
        await res.body?.cancel();
        return { size: length };
      }
      const parts = new Parts(body, keepPartial);
      try {
        const first = await parts.next();
        if (await parts.atEnd()) {
          const res = await call(urlOf(key), { method: 'PUT', body: first as BodyInit });
          if (!res.ok) throw await fail(`PUT ${key}`, res);
          await res.body?.cancel();
          return { size: first.byteLength };
        }
        return { size: await multipart(key, first, parts) };
      } finally {
        parts.release();
      }
    },
    async get(key) {
      const res = await call(urlOf(key));
      if (res.status === 404) {
        await res.body?.cancel();
        throw new BlobNotFoundError(`No blob ${key}`);
      }
      if (!res.ok || !res.body) throw await fail(`GET ${key}`, res);
      return res.body;
    },
    async delete(key) {
      const res = await call(urlOf(key), { method: 'DELETE' });
      await res.body?.cancel();
      if (!res.ok && res.status !== 404) throw new S3BlobStoreError(`S3 DELETE ${key}: ${res.status}`, res.status);
    },
    async list(prefix) {
      const found: { key: string; size: number }[] = [];
      let token: string | undefined;
      do {
        const query = new URLSearchParams({ 'list-type': '2', prefix, ...(token ? { 'continuation-token': token } : {}) });
        const res = await call(`${base}?${query}`);
        if (!res.ok) throw await fail(`ListObjectsV2 ${prefix}`, res);
        const xml = await res.text();
        for (const [, item] of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
          const key = /<Key>([^<]*)<\/Key>/.exec(item!)?.[1];
          const size = /<Size>(\d+)<\/Size>/.exec(item!)?.[1];
          if (key !== undefined) found.push({ key: unescapeXml(key), size: Number(size ?? 0) });
        }
        token = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? /<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(xml)?.[1] : undefined;
      } while (token);
      return found;
    },
    async deletePrefix(prefix) {
      // One DeleteObject per key: a resumable upload has a few parts, and DeleteObjects would need a Content-MD5 that WebCrypto cannot make.
      for (const { key } of await this.list(prefix)) await this.delete(key);
    },
  };
}

/**
 * A body read a part at a time: `next()` answers up to PART_SIZE bytes
 * (fewer only at the end). A body that fails ends there, and the read that
 * meets the failure throws it, unless what arrived is to be kept.
 */
class Parts {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  #pending: Uint8Array | null = null;
  #ended = false;
  #error: unknown = null;
  constructor(
    body: ReadableStream<Uint8Array>,
    readonly keepPartial: boolean,
  ) {
    this.#reader = body.getReader();
  }

  async #read(): Promise<void> {
    try {
      const { done, value } = await this.#reader.read();
      if (done) this.#ended = true;
      else this.#pending = value;
    } catch (error) {
      this.#ended = true;
      this.#error = error ?? new Error('The body failed');
    }
  }

  #check(): void {
    if (this.#error !== null && !this.keepPartial) throw this.#error;
  }

  async next(): Promise<Uint8Array> {
    // The chunks as they came, joined once: memory follows what arrived, not a whole part per call.
    const chunks: Uint8Array[] = [];
    let at = 0;
    while (at < PART_SIZE) {
      if (!this.#pending) {
        if (this.#ended) break;
        await this.#read();
        continue;
      }
      const take = Math.min(PART_SIZE - at, this.#pending.byteLength);
      chunks.push(this.#pending.subarray(0, take));
      at += take;
      this.#pending = take === this.#pending.byteLength ? null : this.#pending.subarray(take);
    }
    this.#check();
    if (chunks.length === 1) return chunks[0]!;
    const out = new Uint8Array(at);
    let offset = 0;
    for (const chunk of chunks) {
      out.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return out;
  }

  /** Whether the body has no more bytes (reads ahead one chunk at most to know). */
  async atEnd(): Promise<boolean> {
    if (!this.#pending && !this.#ended) await this.#read();
    this.#check();
    return this.#pending === null;
  }

  release(): void {
    this.#reader.releaseLock();
  }
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

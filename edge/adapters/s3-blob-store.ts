import { AwsClient } from 'aws4fetch';
import { BlobNotFoundError, BlobStoreError, type BlobStore } from '../ports/blob-store.ts';
import { MAX_FILE_BYTES } from '../domain/files.ts';

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

/**
 * Blobs in an S3-compatible bucket (S3, R2, MinIO), signed with SigV4 by
 * `aws4fetch`. Reads stream the object's body as it comes.
 *
 * Writes: with a known length (and no `keepPartial`) the body streams
 * straight through with its Content-Length. S3 refuses a plain chunked body
 * of unknown length, and an object cannot be appended to, so otherwise the
 * body is gathered first and sent whole: memory up to the body's size per
 * write in flight, at most MAX_FILE_BYTES (10 MiB), as the callers never
 * write more (a resumable upload's part, or a file being received). That is
 * also what lets a part that broke off be kept: what arrived is sent.
 */
export function createS3BlobStore(options: S3Options): BlobStore {
  const aws = new AwsClient({ accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, region: options.region, service: 's3', retries: 0 });
  const send = options.fetch ?? fetch;
  const base = `${options.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(options.bucket)}`;
  const urlOf = (key: string) => `${base}/${key.split('/').map(encodeURIComponent).join('/')}`;
  const call = async (url: string, init: RequestInit = {}) => send(await aws.sign(url, init));
  const fail = async (what: string, res: Response) => new S3BlobStoreError(`S3 ${what}: ${res.status} ${(await res.text().catch(() => '')).slice(0, 200)}`, res.status);

  async function gather(body: ReadableStream<Uint8Array>, keepPartial: boolean): Promise<Uint8Array> {
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > MAX_FILE_BYTES * 2) throw new S3BlobStoreError('A blob of unknown length is limited to twice the file limit', 413);
        chunks.push(value);
      }
    } catch (error) {
      if (!keepPartial) throw error;
    } finally {
      reader.releaseLock();
    }
    const out = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out;
  }

  return {
    async put(key, body, { length, keepPartial = false } = {}) {
      if (length !== undefined && !keepPartial) {
        const res = await call(urlOf(key), { method: 'PUT', body, headers: { 'content-length': String(length) }, duplex: 'half' } as RequestInit);
        if (!res.ok) throw await fail(`PUT ${key}`, res);
        await res.body?.cancel();
        return { size: length };
      }
      const bytes = await gather(body, keepPartial);
      const res = await call(urlOf(key), { method: 'PUT', body: bytes as BodyInit });
      if (!res.ok) throw await fail(`PUT ${key}`, res);
      await res.body?.cancel();
      return { size: bytes.byteLength };
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

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

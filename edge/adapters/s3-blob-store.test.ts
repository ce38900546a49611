import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startS3StandIn } from '../../test/fixtures/s3-standin.ts';
import { BlobNotFoundError } from '../ports/blob-store.ts';
import { createS3BlobStore, S3BlobStoreError } from './s3-blob-store.ts';

let s3: Awaited<ReturnType<typeof startS3StandIn>>;
beforeEach(async () => { s3 = await startS3StandIn('portico'); });
afterEach(() => s3.close());

const store = (secret = 'secret') => createS3BlobStore({ endpoint: s3.endpoint, bucket: 'portico', region: 'auto', accessKeyId: 'AKIDTEST', secretAccessKey: secret, fetch });
const streamOf = (...chunks: string[]) => new ReadableStream<Uint8Array>({ start(c) { for (const s of chunks) c.enqueue(new TextEncoder().encode(s)); c.close(); } });
const broken = (sent: string) => new ReadableStream<Uint8Array>({ pull(c) { if (sent) { c.enqueue(new TextEncoder().encode(sent)); sent = ''; } else c.error(new Error('connection reset')); } });
const text = (s: ReadableStream<Uint8Array>) => new Response(s).text();

describe('S3 blob store (against a local stand-in of the S3 API)', () => {
  it('puts, gets and deletes objects with SigV4-signed requests', async () => {
    const blobs = store();
    expect(await blobs.put('files/abc', streamOf('hello ', 'world'))).toEqual({ size: 11 });
    expect(await blobs.put('files/known', streamOf('12345'), { length: 5 })).toEqual({ size: 5 });
    expect(await text(await blobs.get('files/abc'))).toBe('hello world');
    expect(await text(await blobs.get('files/known'))).toBe('12345');
    expect(s3.seen.find((r) => r.path === '/portico/files/known')?.contentLength).toBe('5');
    expect(s3.seen.every((r) => r.authorization?.startsWith('AWS4-HMAC-SHA256 Credential=AKIDTEST/'))).toBe(true);
    await blobs.delete('files/abc');
    await blobs.delete('files/abc');
    await expect(blobs.get('files/abc')).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('keeps what arrived of a broken body only when asked, and lists and deletes by prefix', async () => {
    const blobs = store();
    await expect(blobs.put('files/x', broken('half'))).rejects.toThrow('connection reset');
    expect(s3.objects.has('files/x')).toBe(false);
    expect(await blobs.put('uploads/u1/0-a', broken('half'), { keepPartial: true })).toEqual({ size: 4 });
    await blobs.put('uploads/u1/4-b', streamOf('more'));
    await blobs.put('uploads/u2/0-c', streamOf('other'));
    expect((await blobs.list('uploads/u1/')).sort((a, b) => a.key.localeCompare(b.key))).toEqual([{ key: 'uploads/u1/0-a', size: 4 }, { key: 'uploads/u1/4-b', size: 4 }]);
    await blobs.deletePrefix('uploads/u1/');
    expect([...s3.objects.keys()]).toEqual(['uploads/u2/0-c']);
  });

  it('streams a body of unknown length past one part as a multipart upload, each part sent as it fills', async () => {
    const MiB = 1024 * 1024;
    const total = 12 * MiB + 123;
    const bytes = Buffer.alloc(total);
    for (let i = 0; i < total; i += 4096) bytes.writeUInt32BE(i, i);
    // Pulled 1 MiB at a time; records how many parts had reached the bucket when each was asked for.
    let sent = 0;
    const partsWhenPulled: number[] = [];
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= total) return c.close();
        partsWhenPulled.push(s3.seen.filter((r) => r.method === 'PUT' && r.query.includes('partNumber')).length);
        c.enqueue(bytes.subarray(sent, Math.min(total, sent + MiB)));
        sent += MiB;
      },
    }, { highWaterMark: 0 });
    expect(await store().put('files/big', body)).toEqual({ size: total });
    expect(s3.objects.get('files/big')!.equals(bytes)).toBe(true);
    const calls = s3.seen.map((r) => `${r.method} ${r.query.replace(/uploadId=[^&]+/, 'uploadId=U')}`);
    expect(calls).toEqual(['POST ?uploads', 'PUT ?partNumber=1&uploadId=U', 'PUT ?partNumber=2&uploadId=U', 'PUT ?partNumber=3&uploadId=U', 'POST ?uploadId=U']);
    expect(s3.seen.filter((r) => r.query.includes('partNumber')).map((r) => Number(r.contentLength))).toEqual([5 * MiB, 5 * MiB, 2 * MiB + 123]);
    // The first part was in the bucket before the body's 7th MiB was read, the second before its 12th: one part in memory, not the file.
    expect(partsWhenPulled[6]).toBe(1);
    expect(partsWhenPulled[11]).toBe(2);
    expect(s3.multipart.size).toBe(0);
  });

  it('sends a body of unknown length within one part as one PUT, and an empty one too', async () => {
    expect(await store().put('files/small', streamOf('a'.repeat(1000)))).toEqual({ size: 1000 });
    expect(await store().put('files/empty', streamOf())).toEqual({ size: 0 });
    expect(s3.seen.map((r) => `${r.method} ${r.path}${r.query}`)).toEqual(['PUT /portico/files/small', 'PUT /portico/files/empty']);
  });

  it('aborts the multipart upload when the body breaks: nothing is left in the bucket', async () => {
    const MiB = 1024 * 1024;
    let sent = 0;
    const breaking = () => new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= 7 * MiB) return c.error(new Error('connection reset'));
        c.enqueue(new Uint8Array(MiB).fill(1));
        sent += MiB;
      },
    }, { highWaterMark: 0 });
    await expect(store().put('files/broken', breaking())).rejects.toThrow('connection reset');
    expect(s3.objects.has('files/broken')).toBe(false);
    expect(s3.multipart.size).toBe(0);
    expect(s3.seen.at(-1)).toMatchObject({ method: 'DELETE', query: expect.stringMatching(/^\?uploadId=/) });
    // A resumable upload's part keeps what arrived instead.
    sent = 0;
    expect(await store().put('uploads/u1/0-a', breaking(), { keepPartial: true })).toEqual({ size: 7 * MiB });
    expect(s3.objects.get('uploads/u1/0-a')!.length).toBe(7 * MiB);
    expect(s3.multipart.size).toBe(0);
  });

  it('aborts the multipart upload when the service refuses a part', async () => {
    let parts = 0;
    const refusing: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (new URL(request.url).searchParams.has('partNumber') && ++parts === 2) return new Response('<Error><Code>InternalError</Code></Error>', { status: 500 });
      return fetch(request);
    };
    const blobs = createS3BlobStore({ endpoint: s3.endpoint, bucket: 'portico', region: 'auto', accessKeyId: 'AKIDTEST', secretAccessKey: 'secret', fetch: refusing });
    const error = await blobs.put('files/x', new Blob([new Uint8Array(11 * 1024 * 1024)]).stream()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3BlobStoreError);
    expect((error as S3BlobStoreError).status).toBe(500);
    expect(s3.objects.size).toBe(0);
    expect(s3.multipart.size).toBe(0);
  });

  it('answers a typed error when the service refuses', async () => {
    const s3Fetch: typeof fetch = async (input) => { const r = new Request(input); r.headers.delete('authorization'); return fetch(r); };
    const unsigned = createS3BlobStore({ endpoint: s3.endpoint, bucket: 'portico', region: 'auto', accessKeyId: 'AKIDTEST', secretAccessKey: 's', fetch: s3Fetch });
    const error = await unsigned.put('files/a', streamOf('a')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3BlobStoreError);
    expect((error as S3BlobStoreError).status).toBe(403);
  });
});

describe('BLOB_STORE=s3', () => {
  it('puts uploads in the bucket and serves downloads from it', async () => {
    const { createTestApp } = await import('../../test/fixtures/test-app.ts');
    const { pdf } = await import('../../test/fixtures/file-samples.ts');
    const t = await createTestApp({ BLOB_STORE: 's3', S3_ENDPOINT: s3.endpoint, S3_BUCKET: 'portico', S3_ACCESS_KEY_ID: 'AKIDTEST', S3_SECRET_ACCESS_KEY: 'secret' });
    try {
      const { token } = await t.signIn('demo', 'client@demo.test');
      const task = (await t.request('GET', '/api/v1/portal/tasks', { token })).json.items[0].id;
      const res = await t.app.request(`/api/v1/portal/tasks/${task}/files/scan.pdf`, { method: 'PUT', body: pdf, headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(201);
      const file = await res.json();
      expect([...s3.objects.keys()]).toEqual([expect.stringMatching(/^files\/[a-z0-9]+$/)]);
      const download = await t.app.request(file.downloadUrl.replace('http://portico.test', ''));
      expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf);
    } finally {
      t.cleanup();
    }
  });
});

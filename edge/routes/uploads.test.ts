import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import * as tus from 'tus-js-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';
import { freePort } from '../../test/fixtures/server-process.ts';
import * as s from '../../test/fixtures/file-samples.ts';

/** tus resumable uploads: the vendor's own client against a real Node server, and every refusal by hand. */
let t: TestApp;
let blobDir: string;
let base: string;
let server: ServerType;
let client: string;
let staff: string;
let taskId: string;
beforeEach(async () => {
  blobDir = mkdtempSync(join(tmpdir(), 'portico-tus-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await createTestApp({ BLOB_DIR: blobDir, PUBLIC_URL: base });
  server = serve({ fetch: t.app.fetch, port, hostname: '127.0.0.1' });
  client = (await t.signIn('demo', 'client@demo.test')).token;
  staff = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  const clientId = String((await t.db.$client.execute("select id from clients where name = 'Northwind Bakery OÜ'")).rows[0]!.id);
  taskId = (await t.request('POST', '/api/v1/firm/tasks', { token: staff, body: { clientId, title: 'March receipts', assign: true } })).json.id;
});
afterEach(async () => {
  await new Promise((done) => server.close(done));
  t.cleanup();
  rmSync(blobDir, { recursive: true, force: true });
});

const blobsOnDisk = () => (readdirSync(blobDir, { recursive: true, withFileTypes: true }) as { isFile(): boolean; name: string }[]).filter((e) => e.isFile());
const b64 = (text: string) => Buffer.from(text).toString('base64');
const meta = (pairs: Record<string, string>) => Object.entries(pairs).map(([k, v]) => `${k} ${b64(v)}`).join(',');

/** A valid PDF of about `size` bytes: comment lines between its header and its end. */
function bigPdf(size: number) {
  const filler = '%' + 'x'.repeat(70) + '\n';
  return new TextEncoder().encode(`%PDF-1.4\n${filler.repeat(Math.ceil(size / filler.length))}%%EOF\n`);
}

async function tusRequest(method: string, path: string, headers: Record<string, string> = {}, body?: BodyInit, token = client) {
  const res = await t.app.request(path, {
    method,
    headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${token}`, ...headers },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}
async function create(length: number, metadata: Record<string, string> = { filename: 'scan.pdf', task: taskId }, token = client) {
  return tusRequest('POST', '/api/v1/portal/uploads', { 'upload-length': String(length), 'upload-metadata': meta(metadata) }, undefined, token);
}
const pathOf = (location: string) => location.replace(base, '');
const patch = (path: string, offset: number, body: BodyInit, headers: Record<string, string> = {}) =>
  tusRequest('PATCH', path, { 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset), ...headers }, body);

function upload(file: Uint8Array, options: Partial<tus.UploadOptions>): Promise<{ url: string; fileId: string | null }> {
  return new Promise((resolve, reject) => {
    let fileId: string | null = null;
    const u = new tus.Upload(Buffer.from(file), {
      endpoint: `${base}/api/v1/portal/uploads`,
      headers: { Authorization: `Bearer ${client}` },
      metadata: { filename: 'statement.pdf', task: taskId },
      retryDelays: [],
      onAfterResponse: (_req, res) => {
        fileId = res.getHeader('Portico-File-Id') ?? fileId;
      },
      onSuccess: () => resolve({ url: u.url!, fileId }),
      onError: reject,
      ...options,
    });
    u.start();
  });
}

describe('tus with tus-js-client', () => {
  it('uploads a file, and after an interruption resumes from the offset the server has', async () => {
    const file = bigPdf(300_000);
    let firstUrl = '';
    // Interrupted after its second chunk: the client gives up.
    await new Promise<void>((resolve) => {
      const u = new tus.Upload(Buffer.from(file), {
        endpoint: `${base}/api/v1/portal/uploads`,
        headers: { Authorization: `Bearer ${client}` },
        metadata: { filename: 'statement.pdf', task: taskId },
        chunkSize: 64 * 1024,
        retryDelays: [],
        onChunkComplete: (_size, sent) => {
          if (sent >= 128 * 1024) {
            firstUrl = u.url!;
            void u.abort().then(() => resolve());
          }
        },
        onError: () => resolve(),
      });
      u.start();
    });
    const head = await tusRequest('HEAD', pathOf(firstUrl));
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('upload-offset'))).toBe(128 * 1024);
    expect(head.headers.get('cache-control')).toBe('no-store');

    let resumedFrom = -1;
    const done = await upload(file, { uploadUrl: firstUrl, onProgress: (sent) => { if (resumedFrom < 0) resumedFrom = sent; } });
    expect(resumedFrom).toBeGreaterThanOrEqual(128 * 1024);
    expect(done.fileId).toMatch(/^fil_/);
    const list = await t.request('GET', `/api/v1/portal/tasks/${taskId}/files`, { token: client });
    expect(list.json.items).toMatchObject([{ id: done.fileId, name: 'statement.pdf', size: file.length, type: 'application/pdf' }]);
    const download = await fetch(list.json.items[0].downloadUrl);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(file);
    // Only the file is left: the parts are gone.
    expect(blobsOnDisk()).toHaveLength(1);

    // The same bytes again: the existing file, marked a duplicate, nothing stored twice.
    let duplicate: string | null = null;
    const again = await upload(file, { onAfterResponse: (_req, res) => { duplicate = res.getHeader('Portico-Duplicate') ?? duplicate; } });
    expect(duplicate).toBe('1');
    expect(await t.count('files')).toBe(1);
    expect(again).toBeDefined();
  });
});

describe('tus by hand: the protocol and its refusals', () => {
  it('answers OPTIONS with what it supports, without a session', async () => {
    const res = await t.app.request('/api/v1/portal/uploads', { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect([res.headers.get('tus-version'), res.headers.get('tus-extension'), res.headers.get('tus-max-size')]).toEqual(['1.0.0', 'creation,termination,expiration', '10485760']);
  });

  it('creates with an absolute Location and an expiry; refuses bad lengths, metadata, names and targets, writing nothing', async () => {
    const ok = await create(s.pdf.length);
    expect(ok.status).toBe(201);
    expect(ok.headers.get('location')).toMatch(new RegExp(`^${base}/api/v1/portal/uploads/upl_[a-z0-9]+$`));
    expect(ok.headers.get('upload-expires')).toMatch(/GMT$/);
    await t.db.$client.execute('delete from uploads');

    const acmeTask = String((await t.db.$client.execute("select t.id from tasks t join firms f on f.id = t.firm_id where f.slug = 'acme' limit 1")).rows[0]!.id);
    const cases: [number, Record<string, string>, number, string][] = [
      [10_485_761, { filename: 'a.pdf', task: taskId }, 413, 'file_too_large'],
      [0, { filename: 'a.pdf', task: taskId }, 400, 'empty_file'],
      [10, { task: taskId }, 400, 'bad_metadata'],
      [10, { filename: 'a.pdf' }, 400, 'bad_metadata'],
      [10, { filename: 'a.pdf', task: 'nonsense' }, 400, 'bad_metadata'],
      [10, { filename: '../../a.pdf', task: taskId }, 400, 'bad_name'],
      [10, { filename: 'a\u202efdp.exe', task: taskId }, 400, 'bad_name'],
      [10, { filename: 'a'.repeat(300), task: taskId }, 400, 'bad_name'],
      [10, { filename: 'a.pdf', task: acmeTask }, 404, 'not_found'],
    ];
    for (const [length, metadata, status, code] of cases) {
      const res = await create(length, metadata);
      expect([res.status, res.json?.error.code]).toEqual([status, code]);
    }
    const broken = await tusRequest('POST', '/api/v1/portal/uploads', { 'upload-length': '10', 'upload-metadata': 'filename !!!' });
    expect(broken.json.error.code).toBe('bad_metadata');
    await t.request('POST', `/api/v1/firm/tasks/${taskId}/withdraw`, { token: staff });
    expect((await create(10)).status).toBe(404);
    expect(await t.count('uploads')).toBe(0);
    expect(blobsOnDisk()).toEqual([]);
  });

  it('wakes the scheduler for the chunk that finishes a file, not for every chunk before it', async () => {
    const path = pathOf((await create(s.pdf.length)).headers.get('location')!);
    const before = t.nudges.count;
    expect((await patch(path, 0, s.pdf.slice(0, 10))).status).toBe(204);
    expect((await patch(path, 10, s.pdf.slice(10, 20))).status).toBe(204);
    expect(t.nudges.count).toBe(before);
    const done = await patch(path, 20, s.pdf.slice(20));
    expect(done.headers.get('portico-file-id')).toMatch(/^fil_/);
    expect(t.nudges.count).toBe(before + 1);
  });

  it('refuses a PATCH whose offset does not match (409) or that would pass the length (413), keeping what was stored', async () => {
    const path = pathOf((await create(s.pdf.length)).headers.get('location')!);
    expect((await patch(path, 5, s.pdf)).json.error.code).toBe('offset_mismatch');
    const tooLong = await patch(path, 0, new Uint8Array([...s.pdf, 1, 2, 3]));
    expect([tooLong.status, tooLong.json.error.code]).toEqual([413, 'file_too_large']);
    expect((await tusRequest('HEAD', path)).headers.get('upload-offset')).toBe('0');
    expect(blobsOnDisk()).toEqual([]);
    const done = await patch(path, 0, s.pdf);
    expect(done.status).toBe(204);
    expect(done.headers.get('portico-file-id')).toMatch(/^fil_/);
  });

  it('refuses an executable as soon as its first bytes are in (415): the upload is gone, nothing on disk', async () => {
    const exe = new Uint8Array(200_000);
    exe.set(s.elf);
    const path = pathOf((await create(exe.length, { filename: 'invoice.pdf', task: taskId })).headers.get('location')!);
    const res = await patch(path, 0, exe);
    expect([res.status, res.json.error.code]).toEqual([415, 'type_not_allowed']);
    expect((await tusRequest('HEAD', path)).status).toBe(404);
    expect(await t.count('uploads')).toBe(0);
    expect(await t.count('files')).toBe(0);
    expect(blobsOnDisk()).toEqual([]);
  });

  it('keeps what arrived before a connection broke, so HEAD answers the true offset', async () => {
    const file = bigPdf(150_000);
    const path = pathOf((await create(file.length)).headers.get('location')!);
    let sent = false;
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new Error('connection reset'));
        sent = true;
        controller.enqueue(file.subarray(0, 100_000));
      },
    });
    await patch(path, 0, broken);
    const head = await tusRequest('HEAD', path);
    expect(head.headers.get('upload-offset')).toBe('100000');
    expect(await t.count('files')).toBe(0);
    const rest = await patch(path, 100_000, file.subarray(100_000));
    expect(rest.headers.get('upload-offset')).toBe(String(file.length));
    const list = await t.request('GET', `/api/v1/portal/tasks/${taskId}/files`, { token: client });
    expect(list.json.items[0].size).toBe(file.length);
  });

  it('lets only one of two concurrent PATCHes at the same offset win', async () => {
    const file = bigPdf(100_000);
    const path = pathOf((await create(file.length)).headers.get('location')!);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let step = 0;
    const slow = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (step === 0) controller.enqueue(file.subarray(0, 70_000));
        else if (step === 1) {
          await gate;
          controller.enqueue(file.subarray(70_000));
        } else controller.close();
        step++;
      },
    });
    const first = patch(path, 0, slow);
    await new Promise((r) => setTimeout(r, 50));
    const second = await patch(path, 0, file.subarray(0, 80_000));
    expect([second.status, second.headers.get('upload-offset')]).toEqual([204, '80000']);
    release();
    const lost = await first;
    expect([lost.status, lost.json.error.code]).toEqual([409, 'offset_mismatch']);
    expect((await tusRequest('HEAD', path)).headers.get('upload-offset')).toBe('80000');
    expect((await patch(path, 80_000, file.subarray(80_000))).status).toBe(204);
    const [stored] = (await t.request('GET', `/api/v1/portal/tasks/${taskId}/files`, { token: client })).json.items;
    expect(new Uint8Array(await (await fetch(stored.downloadUrl)).arrayBuffer())).toEqual(file);
    expect(await t.count('files')).toBe(1);
    expect(blobsOnDisk()).toHaveLength(1);
  });

  it('cancels on DELETE, and lets no one else see, send to or cancel an upload', async () => {
    const path = pathOf((await create(s.pdf.length)).headers.get('location')!);
    await patch(path, 0, s.pdf.subarray(0, 10));
    const other = (await t.signIn('acme', 'client@acme.test')).token;
    expect((await tusRequest('HEAD', path, {}, undefined, other)).status).toBe(404);
    expect((await tusRequest('DELETE', path, {}, undefined, other)).status).toBe(404);
    expect((await tusRequest('DELETE', path)).status).toBe(204);
    expect((await tusRequest('HEAD', path)).status).toBe(404);
    expect(await t.count('uploads')).toBe(0);
    expect(blobsOnDisk()).toEqual([]);
  });

  it('expires an abandoned upload a day after its last byte; the hourly purge removes it and its parts', async () => {
    const path = pathOf((await create(s.pdf.length)).headers.get('location')!);
    await patch(path, 0, s.pdf.subarray(0, 10));
    expect(blobsOnDisk()).toHaveLength(1);
    t.clock.advance(25 * 3_600_000);
    expect((await tusRequest('HEAD', path)).status).toBe(404);
    const { schedulePurge } = await import('../jobs/maintenance.ts');
    await schedulePurge(t.db, t.clock.now() - 2 * 3_600_000);
    await t.runJobs();
    expect(await t.count('uploads')).toBe(0);
    expect(await t.count('files')).toBe(0);
    expect(blobsOnDisk()).toEqual([]);
  });
});

describe('tus: an upload cut off between its last byte and its file', () => {
  /** Stores every byte of an upload, then fails to make the file (the process dying there leaves the same state). */
  async function fullButNoFile(file: Uint8Array, fail: () => () => void) {
    const path = pathOf((await create(file.length)).headers.get('location')!);
    const restore = fail();
    const res = await patch(path, 0, file as BodyInit);
    restore();
    expect(res.status).toBe(500);
    expect(await t.count('files')).toBe(0);
    expect((await t.db.$client.execute('select "offset", length, file_id from uploads')).rows.map((r) => [r.offset, r.length, r.file_id])).toEqual([[file.length, file.length, null]]);
    return path;
  }
  /** The blob store refuses to write the joined file once. */
  const storeFailsOnce = () => {
    const blobs = t.deps.blobs;
    const put = blobs.put.bind(blobs);
    blobs.put = async (key, ...rest) => {
      if (key.startsWith('files/')) {
        blobs.put = put;
        throw new Error('store unavailable');
      }
      return put(key, ...rest);
    };
    return () => { blobs.put = put; };
  };

  it('is finished by a HEAD, which answers the file id; the parts are gone and the file downloads whole', async () => {
    const file = bigPdf(100_000);
    const path = await fullButNoFile(file, storeFailsOnce);
    const head = await tusRequest('HEAD', path);
    expect([head.status, head.headers.get('upload-offset')]).toEqual([200, String(file.length)]);
    const fileId = head.headers.get('portico-file-id');
    expect(fileId).toMatch(/^fil_/);
    // Asked again, the same file: nothing recorded twice.
    expect((await tusRequest('HEAD', path)).headers.get('portico-file-id')).toBe(fileId);
    expect(await t.count('files')).toBe(1);
    expect(blobsOnDisk()).toHaveLength(1);
    const [listed] = (await t.request('GET', `/api/v1/portal/tasks/${taskId}/files`, { token: client })).json.items;
    expect(listed.id).toBe(fileId);
    expect(new Uint8Array(await (await fetch(listed.downloadUrl)).arrayBuffer())).toEqual(file);
  });

  it('is finished by an empty PATCH at the full length; one with more bytes is 413', async () => {
    const path = await fullButNoFile(s.pdf, storeFailsOnce);
    const more = await patch(path, s.pdf.length, new Uint8Array([1]));
    expect([more.status, more.json.error.code]).toEqual([413, 'file_too_large']);
    const res = await patch(path, s.pdf.length, new Uint8Array(0));
    expect(res.status).toBe(204);
    expect(res.headers.get('portico-file-id')).toMatch(/^fil_/);
    expect(await t.count('files')).toBe(1);
    // A retried last PATCH (its answer lost) answers the same file, still not a duplicate.
    const retried = await patch(path, s.pdf.length, new Uint8Array(0));
    expect([retried.headers.get('portico-file-id'), retried.headers.get('portico-duplicate')]).toEqual([res.headers.get('portico-file-id'), null]);
  });

  it('answers a duplicate as one again when asked after it finished (HEAD, a retried PATCH)', async () => {
    const first = pathOf((await create(s.pdf.length)).headers.get('location')!);
    const original = (await patch(first, 0, s.pdf as BodyInit)).headers.get('portico-file-id');
    const second = pathOf((await create(s.pdf.length)).headers.get('location')!);
    const res = await patch(second, 0, s.pdf as BodyInit);
    expect([res.headers.get('portico-file-id'), res.headers.get('portico-duplicate')]).toEqual([original, '1']);
    for (const again of [await tusRequest('HEAD', second), await patch(second, s.pdf.length, new Uint8Array(0))]) {
      expect([again.headers.get('portico-file-id'), again.headers.get('portico-duplicate')]).toEqual([original, '1']);
    }
    expect((await tusRequest('HEAD', first)).headers.get('portico-duplicate')).toBeNull();
    expect(await t.count('files')).toBe(1);
  });

  it('leaves no blob when recording the file fails, and the next HEAD records it', async () => {
    const failBatchOnce = () => {
      const batch = t.db.batch.bind(t.db);
      t.db.batch = (async () => {
        t.db.batch = batch;
        throw new Error('database unavailable');
      }) as typeof t.db.batch;
      return () => {};
    };
    const path = await fullButNoFile(s.pdf, failBatchOnce);
    // Only the upload's part is stored: the joined file was removed with the failed batch.
    expect(blobsOnDisk()).toHaveLength(1);
    expect(readdirSync(join(blobDir, 'files'), { recursive: true })).toEqual([]);
    expect((await tusRequest('HEAD', path)).headers.get('portico-file-id')).toMatch(/^fil_/);
    expect(await t.count('files')).toBe(1);
    expect(await t.count("activity where action = 'file.uploaded'")).toBe(1);
  });
});

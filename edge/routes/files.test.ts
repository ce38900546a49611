import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';
import * as s from '../../test/fixtures/file-samples.ts';

/** Simple uploads, lists, signed downloads and deletes, through the real routes, with the blob folder checked. */
let t: TestApp;
let blobDir: string;
let client: string;
let staff: string;
let taskId: string;
beforeEach(async () => {
  blobDir = mkdtempSync(join(tmpdir(), 'portico-files-'));
  t = await createTestApp({ BLOB_DIR: blobDir });
  client = (await t.signIn('demo', 'client@demo.test')).token;
  staff = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  const clientId = String((await t.db.$client.execute("select id from clients where name = 'Northwind Bakery OÜ'")).rows[0]!.id);
  taskId = (await t.request('POST', '/api/v1/firm/tasks', { token: staff, body: { clientId, title: 'March receipts', assign: true, checklist: ['Bank statement', 'A note'] } })).json.id;
});
afterEach(() => {
  t.cleanup();
  rmSync(blobDir, { recursive: true, force: true });
});

/** Every blob on disk, as paths under the blob folder. */
const blobsOnDisk = () => (readdirSync(blobDir, { recursive: true, withFileTypes: true }) as { isFile(): boolean; name: string }[]).filter((e) => e.isFile()).map((e) => e.name);

async function put(path: string, body: BodyInit | null, options: { token?: string; headers?: Record<string, string> } = {}) {
  const res = await t.app.request(path, {
    method: 'PUT',
    body,
    headers: { authorization: `Bearer ${options.token ?? client}`, 'content-type': 'application/octet-stream', ...options.headers },
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
}
const upload = (name: string, body: BodyInit | null, task = taskId, options = {}) => put(`/api/v1/portal/tasks/${task}/files/${name}`, body, options);

/** A body of `total` bytes sent in 64 KiB chunks, without a Content-Length, that records how much was pulled. */
function chunked(total: number, first: Uint8Array = s.pdf) {
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) return controller.close();
      const chunk = new Uint8Array(Math.min(65_536, total - state.pulled)).fill(0x20);
      if (state.pulled === 0) chunk.set(first.subarray(0, chunk.length));
      state.pulled += chunk.length;
      controller.enqueue(chunk);
    },
  }, { highWaterMark: 0 });
  return { stream, state };
}

async function assertNothingKept() {
  expect(await t.count('files')).toBe(0);
  expect(blobsOnDisk()).toEqual([]);
}

describe('PUT /portal/tasks/:id/files/:name', () => {
  it('stores the file under a random key, lists it, and serves it by a signed link with safe headers', async () => {
    const res = await upload(encodeURIComponent('Märts arve "1".pdf'), s.pdf);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      id: expect.stringMatching(/^fil_/), name: 'Märts arve "1".pdf', size: s.pdf.length, type: 'application/pdf', taskId, checklistItemId: null, requestId: null,
      uploadedByMe: true, deletableUntil: expect.any(Number), review: null, downloadUrl: expect.stringMatching(/^http:\/\/portico\.test\/api\/v1\/files\/fil_\w+\/download\?expires=\d+&signature=[0-9a-f]{64}$/),
    });
    expect(res.json.deletableUntil).toBe(res.json.createdAt + 30 * 60_000);
    expect(blobsOnDisk()).toHaveLength(1);
    expect(blobsOnDisk()[0]).not.toContain('arve');

    const list = await t.request('GET', `/api/v1/portal/tasks/${taskId}/files`, { token: client });
    expect(list.json).toMatchObject({ items: [{ id: res.json.id }], nextCursor: null });

    const download = await t.app.request(res.json.downloadUrl.replace('http://portico.test', ''));
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(s.pdf);
    expect(Object.fromEntries(['content-type', 'content-disposition', 'x-content-type-options', 'cache-control', 'content-security-policy'].map((h) => [h, download.headers.get(h)]))).toEqual({
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="Marts arve _1_.pdf"; filename*=UTF-8''M%C3%A4rts%20arve%20%221%22.pdf`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
      'content-security-policy': 'sandbox',
    });

    const firmList = await t.request('GET', `/api/v1/firm/tasks/${taskId}/files`, { token: staff });
    expect(firmList.json.items[0]).toMatchObject({ id: res.json.id, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), uploadedBy: { type: 'contact', name: expect.any(String) }, deletedAt: null });
  });

  it('answers an identical file already on the task as a duplicate, storing nothing twice', async () => {
    const first = await upload('scan.pdf', s.pdf);
    const again = await upload('scan-again.pdf', s.pdf);
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ id: first.json.id, duplicate: true, name: 'scan.pdf' });
    expect(await t.count('files')).toBe(1);
    expect(blobsOnDisk()).toHaveLength(1);
  });

  it('stores one of two identical uploads racing each other, and answers the other as its duplicate', async () => {
    // Both bodies are fully stored before either is recorded: both duplicate checks run before either insert.
    const blobs = t.deps.blobs;
    const put = blobs.put.bind(blobs);
    let arrived = 0;
    let bothIn!: () => void;
    const gate = new Promise<void>((r) => (bothIn = r));
    blobs.put = async (...args) => {
      const result = await put(...args);
      if (++arrived === 2) bothIn();
      await gate;
      return result;
    };
    const [a, b] = await Promise.all([upload('scan.pdf', s.pdf), upload('scan-again.pdf', s.pdf)]);
    blobs.put = put;
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    const [stored, duplicate] = a.status === 201 ? [a, b] : [b, a];
    expect(duplicate.json).toMatchObject({ id: stored.json.id, duplicate: true });
    expect(await t.count('files')).toBe(1);
    expect(await t.count("activity where action = 'file.uploaded'")).toBe(1);
    expect(blobsOnDisk()).toHaveLength(1);
  });

  it('accepts a file of exactly 10 MB sent without a Content-Length', async () => {
    const { stream } = chunked(10 * 1024 * 1024, s.text);
    const res = await upload('big.txt', stream);
    expect(res.status).toBe(201);
    expect(res.json.size).toBe(10 * 1024 * 1024);
  });

  it('marks a document request done, pending review, in the same batch; refuses an item that asks for none', async () => {
    const [item, other] = (await t.db.$client.execute({ sql: 'select id from checklist_items where task_id = ? order by position', args: [taskId] })).rows.map((r) => String(r.id));
    await t.db.$client.execute({ sql: 'update checklist_items set requests_file = 1 where id = ?', args: [item!] });
    const version = Number((await t.db.$client.execute({ sql: 'select version from tasks where id = ?', args: [taskId] })).rows[0]!.version);
    const res = await upload(`statement.pdf?item=${item}`, s.pdf);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ checklistItemId: item, review: { state: 'pending', reason: null } });
    const row = (await t.db.$client.execute({ sql: 'select checklist_done, version from tasks where id = ?', args: [taskId] })).rows[0]!;
    expect({ done: Number(row.checklist_done), version: Number(row.version) }).toEqual({ done: 1, version: version + 1 });
    expect(await t.count(`checklist_items where id = '${item}' and done_at is not null`)).toBe(1);
    expect(await t.count("activity where action = 'file.uploaded'")).toBe(1);

    const refused = await upload(`note.pdf?item=${other}`, s.png);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('item_not_document_request');

    // The client deletes it: the item is no longer done.
    expect((await t.request('DELETE', `/api/v1/portal/files/${res.json.id}`, { token: client })).status).toBe(204);
    expect(await t.count(`checklist_items where id = '${item}' and done_at is null`)).toBe(1);
    expect(blobsOnDisk()).toEqual([]);
  });
});

describe('bad uploads: refused, nothing in the database, nothing on disk', () => {
  it('10 MB + 1 byte with a Content-Length: 413 before a byte is read', async () => {
    const { stream, state } = chunked(10_485_761);
    const res = await upload('big.pdf', stream, taskId, { headers: { 'content-length': '10485761' } });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('file_too_large');
    expect(state.pulled).toBe(0);
    await assertNothingKept();
  });

  it('10 MB + 1 byte without a Content-Length (chunked): 413 as soon as it passes the limit', async () => {
    const { stream, state } = chunked(20 * 1024 * 1024);
    const res = await upload('big.pdf', stream);
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('file_too_large');
    expect(state.pulled).toBeLessThanOrEqual(10_485_760 + 2 * 65_536);
    await assertNothingKept();
  });

  it('zero bytes: 400 empty_file', async () => {
    expect((await upload('empty.pdf', new Uint8Array(0))).json.error.code).toBe('empty_file');
    expect((await upload('empty.pdf', chunked(0).stream)).json.error.code).toBe('empty_file');
    await assertNothingKept();
  });

  it.each([
    ['an executable renamed .pdf', 'invoice.pdf', s.elf],
    ['a Windows executable renamed .pdf', 'invoice.pdf', s.pe],
    ['HTML', 'page.html', s.html],
    ['SVG with script', 'logo.svg', s.svgWithScript],
    ['a PDF header on an HTML body', 'invoice.pdf', s.pdfHtmlPolyglot],
    ['a PDF that does not end as one', 'invoice.pdf', s.pdfWithoutEnd],
  ])('%s: 415 type_not_allowed', async (_what, name, body) => {
    const res = await upload(name, body);
    expect(res.status).toBe(415);
    expect(res.json.error.code).toBe('type_not_allowed');
    await assertNothingKept();
  });

  it('a PDF header on junk that passes the sniffed bytes and never ends as a PDF: 415, the partial blob removed', async () => {
    const { stream } = chunked(200_000, s.pdfWithoutEnd);
    expect((await upload('long.pdf', stream)).status).toBe(415);
    await assertNothingKept();
  });

  it.each([
    ['a ../ path', '..%2F..%2Fetc%2Fpasswd.pdf'],
    ['a NUL', 'a%00.pdf'],
    ['a control character', 'a%1B%5B31m.pdf'],
    ['300 characters', `${'a'.repeat(296)}.pdf`],
    ['a right-to-left override', 'invoice%E2%80%AEfdp.exe'],
  ])('a name with %s: 400 bad_name', async (_what, name) => {
    const res = await upload(name, s.pdf);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('bad_name');
    await assertNothingKept();
  });

  it("another firm's task, a withdrawn task, a task of a completed work: 404", async () => {
    const acme = (await t.db.$client.execute("select t.id from tasks t join firms f on f.id = t.firm_id where f.slug = 'acme' limit 1")).rows[0]!.id;
    expect((await upload('a.pdf', s.pdf, String(acme))).status).toBe(404);
    const work = (await t.db.$client.execute("select w.id, t.id as task from works w join tasks t on t.work_id = w.id join firms f on f.id = w.firm_id where f.slug = 'demo' and t.assigned_at is not null limit 1")).rows[0]!;
    await t.db.$client.execute({ sql: 'update works set completed_at = 1 where id = ?', args: [String(work.id)] });
    expect((await upload('a.pdf', s.pdf, String(work.task))).status).toBe(404);
    await t.request('POST', `/api/v1/firm/tasks/${taskId}/withdraw`, { token: staff });
    const res = await upload('a.pdf', s.pdf);
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
    await assertNothingKept();
  });

  it('a client disconnecting halfway: no file row, no blob', async () => {
    let sent = false;
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(new Uint8Array(100_000).fill(0x61));
        } else controller.error(new Error('connection reset'));
      },
    });
    expect((await upload('notes.txt', broken)).status).toBeGreaterThanOrEqual(400);
    await assertNothingKept();
  });

  it('the 64 KB JSON limit does not apply to uploads', async () => {
    const big = new Uint8Array(200_000).fill(0x61);
    expect((await upload('notes.txt', big)).status).toBe(201);
  });
});

describe('downloads by signed link', () => {
  it('refuses a tampered, borrowed or expired signature, and a deleted file', async () => {
    const a = (await upload('a.pdf', s.pdf)).json;
    const b = (await upload('b.png', s.png)).json;
    const path = (url: string) => url.replace('http://portico.test', '');
    const tampered = path(a.downloadUrl).replace(/signature=(.)/, (_m, ch) => `signature=${ch === '0' ? '1' : '0'}`);
    const borrowed = path(a.downloadUrl).replace(a.id, b.id);
    const later = path(a.downloadUrl).replace(/expires=\d+/, `expires=${t.clock.now() + 3_600_000}`);
    for (const url of [tampered, borrowed, later]) {
      const res = await t.app.request(url);
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe('download_link_invalid');
    }
    t.clock.advance(6 * 60_000);
    const expired = await t.app.request(path(a.downloadUrl));
    expect(expired.status).toBe(403);
    expect((await expired.json()).error.code).toBe('download_link_expired');

    const fresh = (await t.request('GET', `/api/v1/firm/tasks/${taskId}/files`, { token: staff })).json.items.find((f: { id: string }) => f.id === b.id);
    expect((await t.request('DELETE', `/api/v1/firm/files/${b.id}`, { token: staff })).status).toBe(204);
    expect((await t.app.request(path(fresh.downloadUrl))).status).toBe(404);
  });
});

describe('deleting files', () => {
  it("lets a client delete their own upload for 30 minutes, not another's, not later", async () => {
    const mine = (await upload('mine.pdf', s.pdf)).json;
    const theirs = (await put(`/api/v1/firm/tasks/${taskId}/files/staff.png`, s.png, { token: staff })).json;
    const late = (await upload('late.txt', s.text)).json;
    const del = (id: string) => t.request('DELETE', `/api/v1/portal/files/${id}`, { token: client });
    expect((await del(theirs.id)).json.error.code).toBe('not_your_file');
    expect((await del(mine.id)).status).toBe(204);
    expect((await del(mine.id)).status).toBe(404);
    t.clock.advance(30 * 60_000);
    expect((await del(late.id)).json.error.code).toBe('delete_window_passed');
    const list = await t.request('GET', `/api/v1/portal/tasks/${taskId}/files`, { token: client });
    expect(list.json.items.map((f: { id: string; deletableUntil: number | null }) => [f.id, f.deletableUntil])).toEqual([[late.id, null], [theirs.id, null]]);
    expect(blobsOnDisk()).toHaveLength(2);
  });

  it('lets staff delete a file: its bytes removed, its record kept in history and listed with deleted=1 without a link', async () => {
    const file = (await upload('a.pdf', s.pdf)).json;
    expect((await t.request('DELETE', `/api/v1/firm/files/${file.id}`, { token: staff })).status).toBe(204);
    expect((await t.request('GET', '/api/v1/firm/files', { token: staff })).json.items).toEqual([]);
    const deleted = await t.request('GET', '/api/v1/firm/files?deleted=1', { token: staff });
    expect(deleted.json.items).toMatchObject([{ id: file.id, deletedAt: expect.any(Number), downloadUrl: null }]);
    expect(await t.count("activity where action = 'file.deleted'")).toBe(1);
    expect((await t.request('GET', `/api/v1/portal/tasks/${taskId}/files`, { token: client })).json.items).toEqual([]);
    // The bytes are gone; the record (name, size, SHA-256) stays.
    expect(blobsOnDisk()).toEqual([]);
    expect(deleted.json.items[0]).toMatchObject({ name: 'a.pdf', size: s.pdf.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});

describe('GET /firm/files', () => {
  it('filters by task, name and client, a page at a time; another firm sees none of them', async () => {
    for (const [name, body] of [['a.pdf', s.pdf], ['b.png', s.png], ['c.txt', s.text]] as const) {
      await upload(name, body);
      t.clock.advance(1000);
    }
    const first = await t.request('GET', `/api/v1/firm/files?taskId=${taskId}&limit=2`, { token: staff });
    const rest = await t.request('GET', `/api/v1/firm/files?taskId=${taskId}&limit=2&cursor=${first.json.nextCursor}`, { token: staff });
    expect([...first.json.items, ...rest.json.items].map((f: { name: string }) => f.name)).toEqual(['c.txt', 'b.png', 'a.pdf']);
    expect(rest.json.nextCursor).toBeNull();
    expect((await t.request('GET', '/api/v1/firm/files?q=B.P', { token: staff })).json.items.map((f: { name: string }) => f.name)).toEqual(['b.png']);
    const acme = (await t.signIn('acme', 'owner@acme.test', 'staff')).token;
    expect((await t.request('GET', '/api/v1/firm/files', { token: acme })).json.items).toEqual([]);
    const demoClient = (await t.request('GET', '/api/v1/firm/clients', { token: staff })).json.items[0].id;
    expect((await t.request('GET', `/api/v1/firm/files?clientId=${demoClient}`, { token: acme })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/firm/tasks/${taskId}/files`, { token: acme })).status).toBe(404);
  });
});

describe('files for internal notes and document requests stay where they belong', () => {
  const staffPut = (name: string, body: BodyInit, query = '', task = taskId) => put(`/api/v1/firm/tasks/${task}/files/${name}${query}`, body, { token: staff });
  const portalFileIds = async (task = taskId) => (await t.request('GET', `/api/v1/portal/tasks/${task}/files`, { token: client })).json.items.map((f: { id: string }) => f.id);
  const note = (body: Record<string, unknown>, task = taskId) => t.request('POST', `/api/v1/firm/tasks/${task}/messages`, { token: staff, body });
  async function documentRequestTask() {
    const clientId = String((await t.db.$client.execute("select id from clients where name = 'Northwind Bakery OÜ'")).rows[0]!.id);
    const task = (await t.request('POST', '/api/v1/firm/tasks', { token: staff, body: { clientId, title: 'Statements', assign: true, checklist: [{ text: 'Bank statement', requestsFile: true }] } })).json;
    return { id: task.id as string, itemId: task.checklistItems[0].id as string };
  }

  it('a staff upload for an internal note (?for=internal) is never in a portal answer, before or after it is attached', async () => {
    const forClient = await staffPut('letter.pdf', s.pdf);
    expect([forClient.status, forClient.json.internal]).toEqual([201, false]);
    const internal = await staffPut('working-paper.png', s.png, '?for=internal');
    expect([internal.status, internal.json.internal]).toEqual([201, true]);
    // The default, a staff upload to a task, is for the client.
    expect(await portalFileIds()).toEqual([forClient.json.id]);
    expect((await t.request('DELETE', `/api/v1/portal/files/${internal.json.id}`, { token: client })).status).toBe(404);
    // The same bytes for the client are the client's own file, not a duplicate of the internal one.
    const sameForClient = await staffPut('working-paper.png', s.png);
    expect([sameForClient.status, sameForClient.json.internal]).toEqual([201, false]);
    expect(await portalFileIds()).toEqual([sameForClient.json.id, forClient.json.id]);
    // Onto an internal note, and still hidden.
    expect((await note({ body: 'for the file', visibility: 'internal', fileIds: [internal.json.id] })).status).toBe(201);
    expect(await portalFileIds()).toEqual([sameForClient.json.id, forClient.json.id]);
    // Even were it on a portal message (written straight to the database), the portal would not show it there.
    const portalMessage = (await note({ body: 'hello', visibility: 'portal' })).json.id;
    await t.db.$client.execute({ sql: 'update files set message_id = ? where id = ?', args: [portalMessage, internal.json.id] });
    expect(await portalFileIds()).toEqual([sameForClient.json.id, forClient.json.id]);
    const messages = (await t.request('GET', `/api/v1/portal/tasks/${taskId}/messages`, { token: client })).json.items;
    expect(messages.find((m: { id: string }) => m.id === portalMessage).attachments).toEqual([]);
    const firmList = (await t.request('GET', `/api/v1/firm/tasks/${taskId}/files`, { token: staff })).json.items;
    expect(firmList.find((f: { id: string }) => f.id === internal.json.id)).toMatchObject({ internal: true });
  });

  it('a staff upload for a message goes up hidden and is published by the portal message that carries it, not before', async () => {
    const draft = await staffPut('signed-contract.pdf', s.pdf, '?for=internal');
    expect(await portalFileIds()).toEqual([]);
    // A contact cannot carry the firm's file; the staff member's portal message can.
    const theirs = await t.request('POST', `/api/v1/portal/tasks/${taskId}/messages`, { token: client, body: { body: 'mine now?', fileIds: [draft.json.id] } });
    expect([theirs.status, theirs.json.error?.issues?.[0]?.path]).toEqual([400, 'fileIds']);
    expect(await portalFileIds()).toEqual([]);
    const sent = await note({ body: 'The contract, signed', visibility: 'portal', fileIds: [draft.json.id] });
    expect(sent.status).toBe(201);
    expect(await portalFileIds()).toEqual([draft.json.id]);
    const firmList = (await t.request('GET', `/api/v1/firm/tasks/${taskId}/files`, { token: staff })).json.items;
    expect(firmList.find((f: { id: string }) => f.id === draft.json.id)).toMatchObject({ internal: false });
  });

  it('a resumable staff upload with the metadata `internal` is kept from the client too; a contact cannot ask for one', async () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    const create = (token: string, side: 'firm' | 'portal', metadata: string) =>
      t.app.request(`/api/v1/${side}/uploads`, { method: 'POST', headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${token}`, 'upload-length': String(s.pdf.length), 'upload-metadata': metadata } });
    const created = await create(staff, 'firm', `filename ${b64('note.pdf')},task ${b64(taskId)},internal`);
    expect(created.status).toBe(201);
    const done = await t.app.request(new URL(created.headers.get('location')!).pathname, {
      method: 'PATCH',
      headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${staff}`, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' },
      body: s.pdf,
    });
    const fileId = done.headers.get('portico-file-id');
    expect(fileId).toMatch(/^fil_/);
    expect(await portalFileIds()).toEqual([]);
    expect((await t.request('GET', `/api/v1/firm/tasks/${taskId}/files`, { token: staff })).json.items).toMatchObject([{ id: fileId, internal: true }]);

    const refused = await create(client, 'portal', `filename ${b64('a.pdf')},task ${b64(taskId)},internal`);
    expect([refused.status, (await refused.json()).error.code]).toEqual([400, 'bad_metadata']);
    const task = await documentRequestTask();
    const onItem = await create(staff, 'firm', `filename ${b64('a.pdf')},task ${b64(task.id)},item ${b64(task.itemId)},internal`);
    expect([onItem.status, (await onItem.json()).error.code]).toEqual([400, 'bad_metadata']);
    expect(await t.count('uploads')).toBe(1);
  });

  it('refuses a file for an internal note on a document request, and an unknown audience, writing nothing', async () => {
    const task = await documentRequestTask();
    for (const query of [`?for=internal&item=${task.itemId}`, '?for=everyone']) {
      const res = await staffPut('a.pdf', s.pdf, query, task.id);
      expect([res.status, res.json.error.code], query).toEqual([400, 'validation_failed']);
    }
    expect(await t.count('files')).toBe(0);
    expect(blobsOnDisk()).toEqual([]);
  });

  it("a document request's version cannot be moved onto an internal note", async () => {
    const task = await documentRequestTask();
    const version = await staffPut('statement.pdf', s.pdf, `?item=${task.itemId}`, task.id);
    expect(version.status).toBe(201);
    const messagesBefore = await t.count('messages');
    const res = await note({ body: 'checked this one', visibility: 'internal', fileIds: [version.json.id] }, task.id);
    expect([res.status, res.json.error.issues[0].path]).toEqual([400, 'fileIds']);
    expect(await t.count('messages')).toBe(messagesBefore);
    expect((await t.db.$client.execute({ sql: 'select message_id from files where id = ?', args: [version.json.id] })).rows[0]!.message_id).toBeNull();
    expect((await t.request('GET', `/api/v1/portal/tasks/${task.id}`, { token: client })).json.checklist[0].file).toMatchObject({ id: version.json.id });
  });

  it("the client's checklist never shows a version they may not see, as its latest", async () => {
    const task = await documentRequestTask();
    const older = await staffPut('statement.pdf', s.pdf, `?item=${task.itemId}`, task.id);
    t.clock.advance(1000);
    const newer = await staffPut('statement-2.png', s.png, `?item=${task.itemId}`, task.id);
    // Put on an internal note before that was refused (written straight to the database).
    const internalNote = (await note({ body: 'for us', visibility: 'internal' }, task.id)).json.id;
    await t.db.$client.execute({ sql: 'update files set message_id = ? where id = ?', args: [internalNote, newer.json.id] });
    const detail = (await t.request('GET', `/api/v1/portal/tasks/${task.id}`, { token: client })).json;
    expect(detail.checklist[0].file).toMatchObject({ id: older.json.id });
    // Staff still see the newest version.
    const firmTask = (await t.request('GET', `/api/v1/firm/tasks/${task.id}`, { token: staff })).json;
    expect(firmTask.checklistItems[0].latestFile).toMatchObject({ id: newer.json.id });
  });
});

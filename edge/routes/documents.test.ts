import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';
import { newId } from '../../db/ids.ts';
import { DIGITISE_JOB, digitiseJob } from '../jobs/digitise.ts';
import { oneByOne, type OutgoingEmail } from '../ports/mailer.ts';
import type { Job } from '../jobs/queue.ts';

/** Document requests, "Done uploading", the client's folder and digitisation address, and "Digitise". */
let t: TestApp;
let staff: string;
let acmeStaff: string;
let client: string;
let ids: { firm: string; northwind: string; acmeFirm: string; acmeClient: string; contact: string };
beforeEach(async () => {
  t = await createTestApp();
  staff = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  acmeStaff = (await t.signIn('acme', 'owner@acme.test', 'staff')).token;
  client = (await t.signIn('demo', 'client@demo.test')).token;
  const one = async (sql: string) => String((await t.db.$client.execute(sql)).rows[0]!.id);
  ids = {
    firm: await one("select id from firms where slug = 'demo'"),
    northwind: await one("select id from clients where name = 'Northwind Bakery OÜ'"),
    acmeFirm: await one("select id from firms where slug = 'acme'"),
    acmeClient: await one("select id from clients where name = 'Acme Widgets Ltd'"),
    contact: await one("select id from contacts where email = 'client@demo.test'"),
  };
});
afterEach(() => t.cleanup());

const firm = (method: string, path: string, body?: unknown, token = staff) => t.request(method, `/api/v1/firm${path}`, { token, body });
const portal = (method: string, path: string, body?: unknown) => t.request(method, `/api/v1/portal${path}`, { token: client, body });
const settings = (patch: Record<string, unknown>) => firm('PATCH', '/settings', patch);

async function createTask(body: Record<string, unknown> = {}) {
  const res = await firm('POST', '/tasks', {
    clientId: ids.northwind,
    title: 'Bank statements',
    checklist: ['Read the letter', { text: 'Bank statement for March', requestsFile: true }],
    assign: true,
    ...body,
  });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
}

/** A file as the files module stores one: its row and its bytes (the test stands in for an upload). */
async function addFile(task: { id: string; clientId: string }, opts: { itemId?: string | null; name?: string; size?: number; firmId?: string; at?: number; storedBytes?: number } = {}) {
  const id = newId('fil');
  const size = opts.size ?? 12;
  const blobKey = `test/${id}`;
  // A file that is never read (too big to send) need not really be stored in full.
  const bytes = new Uint8Array(opts.storedBytes ?? size).map((_, i) => i % 251);
  await t.deps.blobs.put(blobKey, new Blob([bytes]).stream());
  await t.db.$client.execute({
    sql: `insert into files (id, firm_id, client_id, task_id, checklist_item_id, name, size, type, sha256, blob_key, uploaded_by_type, uploaded_by_id, review_state, created_at)
      values (?, ?, ?, ?, ?, ?, ?, 'application/pdf', 'sha', ?, 'contact', ?, ?, ?)`,
    args: [id, opts.firmId ?? ids.firm, task.clientId, task.id, opts.itemId ?? null, opts.name ?? `${id}.pdf`, size, blobKey, ids.contact, opts.itemId ? 'pending' : null, opts.at ?? t.clock.now()],
  });
  if (opts.itemId) {
    await t.db.$client.execute({ sql: 'update checklist_items set done_at = ?, done_by = ? where id = ?', args: [t.clock.now(), ids.contact, opts.itemId] });
    await t.db.$client.execute({ sql: 'update tasks set checklist_done = (select count(*) from checklist_items where task_id = tasks.id and done_at is not null) where id = ?', args: [task.id] });
  }
  return { id, bytes };
}
const counts = async () => ({ activity: await t.count('activity'), events: await t.count('events'), jobs: await t.count('jobs'), files: await t.count('files') });
const row = async (sql: string, args: (string | number)[]) => (await t.db.$client.execute({ sql, args })).rows[0]!;

describe('document requests', () => {
  it('take `{ text, requestsFile }` beside plain strings, and staff see each item\'s kind and latest version', async () => {
    const task = await createTask();
    expect(task.checklistItems.map((i: { text: string; requestsFile: boolean; latestFile: unknown }) => [i.text, i.requestsFile, i.latestFile])).toEqual([
      ['Read the letter', false, null],
      ['Bank statement for March', true, null],
    ]);
    const file = await addFile(task, { itemId: task.checklistItems[1].id, name: 'march.pdf' });
    const read = (await firm('GET', `/tasks/${task.id}`)).json;
    expect(read.checklistItems[1]).toMatchObject({ done: true, latestFile: { id: file.id, name: 'march.pdf', review: { state: 'pending', reason: null } } });
  });

  it('can be switched on and off by an edit, and an item read back as is keeps its kind', async () => {
    const task = await createTask();
    const [plain, request] = task.checklistItems;
    const edited = (await firm('PATCH', `/tasks/${task.id}`, { version: task.version, checklist: [{ ...plain, requestsFile: true }, request, { text: 'New plain' }] })).json;
    expect(edited.checklistItems.map((i: { requestsFile: boolean }) => i.requestsFile)).toEqual([true, true, false]);
    // Nothing changed: no write, the version stays.
    const again = (await firm('PATCH', `/tasks/${edited.id}`, { version: edited.version, checklist: edited.checklistItems })).json;
    expect(again.version).toBe(edited.version);
  });

  it('cannot be ticked by the client: 409 needs_file, nothing written; a plain item still ticks', async () => {
    const task = await createTask();
    const before = await counts();
    const res = await portal('PATCH', `/tasks/${task.id}/checklist/${task.checklistItems[1].id}`, { done: true });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('needs_file');
    expect(await counts()).toEqual(before);
    expect((await row('select checklist_done from tasks where id = ?', [task.id])).checklist_done).toBe(0);
    expect((await portal('PATCH', `/tasks/${task.id}/checklist/${task.checklistItems[0].id}`, { done: true })).status).toBe(200);
  });

  it('show the client the latest version with its review', async () => {
    const task = await createTask();
    const itemId = task.checklistItems[1].id;
    await addFile(task, { itemId, name: 'old.pdf', at: t.clock.now() - 10 });
    const latest = await addFile(task, { itemId, name: 'new.pdf' });
    const detail = (await portal('GET', `/tasks/${task.id}`)).json;
    expect(detail.checklist.map((i: { requestsFile: boolean; file: unknown }) => [i.requestsFile, i.file])).toEqual([
      [false, null],
      [true, { id: latest.id, name: 'new.pdf', review: { state: 'pending', reason: null } }],
    ]);
  });

  it('are accepted by staff: the review and a history entry, and the client sees "accepted"', async () => {
    const task = await createTask();
    const file = await addFile(task, { itemId: task.checklistItems[1].id });
    const res = await firm('POST', `/files/${file.id}/accept`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: file.id, review: { state: 'accepted', reason: null }, uploadedBy: { type: 'contact', name: expect.any(String) }, deletedAt: null });
    expect(res.json.downloadUrl).toMatch(/^http:\/\/portico\.test\/api\/v1\/files\/.+\/download\?expires=\d+&signature=[0-9a-f]{64}$/);
    expect((await portal('GET', `/tasks/${task.id}`)).json.checklist[1]).toMatchObject({ done: true, file: { review: { state: 'accepted' } } });
    const history = (await firm('GET', `/tasks/${task.id}/history`)).json.items;
    expect(history.find((e: { action: string }) => e.action === 'file_accepted')).toMatchObject({ actor: { type: 'member' }, data: { fileId: file.id } });
  });

  it('asked again take back the item\'s done state, bump the version, and notify the client by an event', async () => {
    const task = await createTask();
    const itemId = task.checklistItems[1].id;
    const file = await addFile(task, { itemId, name: 'march.pdf' });
    const version = Number((await row('select version from tasks where id = ?', [task.id])).version);
    const res = await firm('POST', `/files/${file.id}/reject`, { reason: 'Page 2 is missing' });
    expect(res.status).toBe(200);
    expect(res.json.review).toEqual({ state: 'rejected', reason: 'Page 2 is missing' });
    expect(await row('select done_at from checklist_items where id = ?', [itemId])).toMatchObject({ done_at: null });
    expect(await row('select checklist_done, version from tasks where id = ?', [task.id])).toMatchObject({ checklist_done: 0, version: version + 1 });
    const event = await row("select kind, subject_id, data from events where kind = 'file.rejected'", []);
    expect(event.subject_id).toBe(file.id);
    expect(JSON.parse(String(event.data))).toMatchObject({ taskId: task.id, itemId, reason: 'Page 2 is missing' });
    expect((await portal('GET', `/tasks/${task.id}`)).json.checklist[1]).toMatchObject({ done: false, file: { review: { state: 'rejected', reason: 'Page 2 is missing' } } });
    const history = (await firm('GET', `/tasks/${task.id}/history`)).json.items;
    expect(history.find((e: { action: string }) => e.action === 'file_rejected')).toMatchObject({ data: { fileId: file.id, reason: 'Page 2 is missing' } });
  });

  it('asked again for, or accepted, once deleted meanwhile, answer 404 and write nothing', async () => {
    const task = await createTask();
    const itemId = task.checklistItems[1].id;
    for (const [decision, body] of [['reject', { reason: 'Blurred' }], ['accept', undefined]] as const) {
      const file = await addFile(task, { itemId });
      const before = { counts: await counts(), item: await row('select done_at from checklist_items where id = ?', [itemId]), task: await row('select checklist_done, version from tasks where id = ?', [task.id]) };
      // The file is deleted after the request found it live, just before its batch runs.
      const batch = t.db.batch.bind(t.db);
      t.db.batch = (async (statements: Parameters<typeof batch>[0]) => {
        t.db.batch = batch;
        await t.db.$client.execute({ sql: 'update files set deleted_at = ? where id = ?', args: [t.clock.now(), file.id] });
        return batch(statements);
      }) as unknown as typeof batch;
      const res = await firm('POST', `/files/${file.id}/${decision}`, body);
      t.db.batch = batch;
      expect([res.status, res.json.error.code]).toEqual([404, 'not_found']);
      expect({ counts: await counts(), item: await row('select done_at from checklist_items where id = ?', [itemId]), task: await row('select checklist_done, version from tasks where id = ?', [task.id]) }).toEqual(before);
      expect(await row('select review_state from files where id = ?', [file.id])).toMatchObject({ review_state: 'pending' });
    }
  });

  it('accepted after all, once asked again, make the item done again', async () => {
    const task = await createTask();
    const itemId = task.checklistItems[1].id;
    const file = await addFile(task, { itemId });
    expect((await firm('POST', `/files/${file.id}/reject`, { reason: 'Blurred' })).status).toBe(200);
    expect((await firm('POST', `/files/${file.id}/accept`)).status).toBe(200);
    expect((await row('select done_at from checklist_items where id = ?', [itemId])).done_at).not.toBeNull();
    expect(await row('select checklist_done from tasks where id = ?', [task.id])).toMatchObject({ checklist_done: 1 });
  });

  it('asked again for an older version keep the item done when a newer one is in', async () => {
    const task = await createTask();
    const itemId = task.checklistItems[1].id;
    const old = await addFile(task, { itemId, at: t.clock.now() - 1000 });
    await addFile(task, { itemId });
    expect((await firm('POST', `/files/${old.id}/reject`, { reason: 'Wrong month' })).status).toBe(200);
    expect((await row('select done_at from checklist_items where id = ?', [itemId])).done_at).not.toBeNull();
  });

  it('keep every version in the history, newest first, a deleted one too', async () => {
    const task = await createTask();
    const itemId = task.checklistItems[1].id;
    const first = await addFile(task, { itemId, at: t.clock.now() - 1000 });
    await firm('POST', `/files/${first.id}/reject`, { reason: 'Blurred' });
    const second = await addFile(task, { itemId, at: t.clock.now() - 500 });
    await t.db.$client.execute({ sql: 'update files set deleted_at = ? where id = ?', args: [t.clock.now(), second.id] });
    const third = await addFile(task, { itemId });
    const res = await firm('GET', `/tasks/${task.id}/checklist/${itemId}/files?limit=2`);
    expect(res.json.items.map((f: { id: string }) => f.id)).toEqual([third.id, second.id]);
    expect(res.json.items[1]).toMatchObject({ downloadUrl: null, deletedAt: expect.any(Number) });
    const rest = await firm('GET', `/tasks/${task.id}/checklist/${itemId}/files?limit=2&cursor=${res.json.nextCursor}`);
    expect(rest.json).toMatchObject({ items: [{ id: first.id, review: { state: 'rejected', reason: 'Blurred' } }], nextCursor: null });
    expect((await firm('GET', `/tasks/${task.id}/checklist/${itemId}/files`, undefined, acmeStaff)).status).toBe(404);
  });

  it('refuse a reason left out, empty or over 500 characters, another firm\'s file and a file not on a document request, writing nothing', async () => {
    const task = await createTask();
    const file = await addFile(task, { itemId: task.checklistItems[1].id });
    const loose = await addFile(task);
    const plainItem = await addFile(task, { itemId: task.checklistItems[0].id });
    const before = await counts();
    const reviewBefore = await row('select review_state from files where id = ?', [file.id]);
    for (const body of [undefined, {}, { reason: '' }, { reason: '   ' }, { reason: 'x'.repeat(501) }, { reason: 5 }]) {
      const res = await firm('POST', `/files/${file.id}/reject`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await firm('POST', `/files/${file.id}/reject`, { reason: 'x'.repeat(500) }, acmeStaff)).status).toBe(404);
    expect((await firm('POST', `/files/${file.id}/accept`, undefined, acmeStaff)).status).toBe(404);
    for (const other of [loose, plainItem]) {
      const res = await firm('POST', `/files/${other.id}/accept`);
      expect(res.status).toBe(409);
      expect(res.json.error.code).toBe('not_a_document_request');
    }
    expect(await counts()).toEqual(before);
    expect(await row('select review_state from files where id = ?', [file.id])).toEqual(reviewBefore);
  });
});

describe('"Done uploading"', () => {
  it('is offered only when the firm switches it on: off answers 409 not_offered and writes nothing', async () => {
    const task = await createTask();
    expect((await portal('GET', `/tasks/${task.id}`)).json.doneUploading).toEqual({ offered: false, at: null });
    const before = await counts();
    const res = await portal('POST', `/tasks/${task.id}/uploads-done`);
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('not_offered');
    expect(await counts()).toEqual(before);
    expect((await settings({ doneUploadingEnabled: true })).json).toMatchObject({ doneUploadingEnabled: true, digitisationEnabled: false });
    expect((await portal('GET', `/tasks/${task.id}`)).json.doneUploading).toEqual({ offered: true, at: null });
  });

  it('keeps the time, writes the history and the event the firm is notified by', async () => {
    await settings({ doneUploadingEnabled: true });
    const task = await createTask();
    const res = await portal('POST', `/tasks/${task.id}/uploads-done`);
    expect(res.status).toBe(200);
    const at = res.json.doneUploading.at;
    expect(at).toBeGreaterThan(0);
    expect(await row('select uploads_done_at from tasks where id = ?', [task.id])).toMatchObject({ uploads_done_at: at });
    expect(await row("select subject_id, actor_type from events where kind = 'task.uploads_done'", [])).toMatchObject({ subject_id: task.id, actor_type: 'contact' });
    expect((await firm('GET', `/tasks/${task.id}/history`)).json.items.map((e: { action: string }) => e.action)).toContain('uploads_done');
  });

  it('is refused on a withdrawn task (404) and on another firm\'s, writing nothing', async () => {
    await settings({ doneUploadingEnabled: true });
    const task = await createTask();
    await firm('POST', `/tasks/${task.id}/withdraw`);
    const acmeTask = (await firm('POST', '/tasks', { clientId: ids.acmeClient, title: 'Theirs', assign: true }, acmeStaff)).json;
    const before = await counts();
    for (const id of [task.id, acmeTask.id]) expect((await portal('POST', `/tasks/${id}/uploads-done`)).status).toBe(404);
    expect(await counts()).toEqual(before);
  });
});

describe("a client's document folder and digitisation address", () => {
  it('are set and cleared by staff; the portal gets the folder as each company\'s documentsUrl', async () => {
    const res = await firm('PATCH', `/clients/${ids.northwind}`, { documentFolderUrl: 'https://drive.example/folders/abc', digitisationAddress: 'Inbox@Receipts.example' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: ids.northwind, documentFolderUrl: 'https://drive.example/folders/abc', digitisationAddress: 'inbox@receipts.example' });
    const session = (await t.request('GET', '/api/v1/auth/session', { token: client })).json;
    expect(session.clients.find((c: { id: string }) => c.id === ids.northwind).documentsUrl).toBe('https://drive.example/folders/abc');
    expect(session.clients.filter((c: { id: string }) => c.id !== ids.northwind).every((c: { documentsUrl: unknown }) => c.documentsUrl === null)).toBe(true);
    const cleared = await firm('PATCH', `/clients/${ids.northwind}`, { documentFolderUrl: null });
    expect(cleared.json).toMatchObject({ documentFolderUrl: null, digitisationAddress: 'inbox@receipts.example' });
  });

  it('refuse a folder that is not https, a bad address and another firm\'s client, writing nothing', async () => {
    const before = await counts();
    for (const body of [
      { documentFolderUrl: 'javascript:alert(1)' },
      { documentFolderUrl: 'http://drive.example/x' },
      { documentFolderUrl: 'https://user:pw@drive.example/x' },
      { documentFolderUrl: 'not a url' },
      { digitisationAddress: 'not-an-address' },
      { digitisationAddress: 'a@b.example\nBcc: x@y.example' },
      { other: 1 },
    ]) {
      const res = await firm('PATCH', `/clients/${ids.northwind}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await firm('PATCH', `/clients/${ids.northwind}`, { documentFolderUrl: 'https://drive.example/x' }, acmeStaff)).status).toBe(404);
    expect(await counts()).toEqual(before);
    expect(await row('select document_folder_url, digitisation_address from clients where id = ?', [ids.northwind])).toMatchObject({ document_folder_url: null, digitisation_address: null });
  });
});

describe('Digitise', () => {
  async function ready() {
    await settings({ digitisationEnabled: true });
    await firm('PATCH', `/clients/${ids.northwind}`, { digitisationAddress: 'inbox@receipts.example' });
    return createTask();
  }
  const digitise = (taskId: string, token = staff) => firm('POST', `/tasks/${taskId}/digitise`, undefined, token);

  it('is refused when off, without an address, or with no files, and for another firm\'s task, queueing nothing', async () => {
    const task = await createTask();
    await addFile(task);
    const expectRefused = async (code: string) => {
      const before = await counts();
      const res = await digitise(task.id);
      expect(res.status).toBe(409);
      expect(res.json.error.code).toBe(code);
      expect(await counts()).toEqual(before);
    };
    await expectRefused('digitisation_off');
    await settings({ digitisationEnabled: true });
    await expectRefused('no_digitisation_address');
    const empty = await createTask();
    await firm('PATCH', `/clients/${ids.northwind}`, { digitisationAddress: 'inbox@receipts.example' });
    const before = await counts();
    const res = await digitise(empty.id);
    expect(res.json.error.code).toBe('no_files');
    expect((await digitise(task.id, acmeStaff)).status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it("emails the task's live files meant for the client to the client's inbox (no working papers) and says so in the history", async () => {
    const task = await ready();
    await addFile(task, { name: 'a.pdf' });
    await addFile(task, { name: 'b.pdf' });
    const gone = await addFile(task, { name: 'deleted.pdf' });
    await t.db.$client.execute({ sql: 'update files set deleted_at = 1 where id = ?', args: [gone.id] });
    // A staff working paper for an internal note stays in the firm.
    const paper = await addFile(task, { name: 'working-paper.pdf' });
    await t.db.$client.execute({ sql: 'update files set internal = 1, uploaded_by_type = ? where id = ?', args: ['member', paper.id] });
    const res = await digitise(task.id);
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ files: 2, emails: 1, skipped: [] });
    const mail = (await t.mailbox()).filter((m) => m.to === 'inbox@receipts.example');
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain('a.pdf');
    expect(mail[0]!.text).not.toContain('deleted.pdf');
    expect(mail[0]!.text).not.toContain('working-paper.pdf');
    const entry = (await firm('GET', `/tasks/${task.id}/history`)).json.items[0];
    expect(entry).toMatchObject({ action: 'digitised', actor: { type: 'member' }, data: { files: ['a.pdf', 'b.pdf'], emails: 1, skipped: [] } });
  });

  it('splits files into emails under 10 MB encoded, skips one over about 7.4 MB (too big alone once base64), and sends each part once however often the job runs', async () => {
    const task = await ready();
    const MB = 1_000_000;
    const small = [await addFile(task, { name: 'one.jpg', size: 2.6 * MB }), await addFile(task, { name: 'two.jpg', size: 2.6 * MB }), await addFile(task, { name: 'three.jpg', size: 2.6 * MB })];
    // 7,425,000 bytes are 9.9 MB as base64, all an email's attachments may take; one byte more cannot go.
    await addFile(task, { name: 'huge.pdf', size: 7_425_001, storedBytes: 10 });
    const res = await digitise(task.id);
    expect(res.json).toEqual({ files: 3, emails: 2, skipped: ['huge.pdf'] });
    const [job] = (await t.db.$client.execute({ sql: 'select * from jobs where kind = ?', args: [DIGITISE_JOB] })).rows;
    const payload = JSON.parse(String(job!.payload));
    const sent: OutgoingEmail[] = [];
    let failAt = 2;
    const mailer = oneByOne(async (email: OutgoingEmail) => {
      if (--failAt === 0) throw new Error('connection reset');
      sent.push(email);
      return { providerId: `p${sent.length}` };
    });
    const deps = { db: t.db, clock: t.clock, config: t.config, mailer, blobs: t.deps.blobs };
    // The first run sends part 1 and fails on part 2; the retry sends only part 2; a third run sends nothing.
    await expect(digitiseJob.run(payload, job as unknown as Job, deps)).rejects.toThrow('connection reset');
    await digitiseJob.run(payload, job as unknown as Job, deps);
    await digitiseJob.run(payload, job as unknown as Job, deps);
    expect(sent.map((e) => e.key)).toEqual([`${DIGITISE_JOB}:${payload.runId}:1`, `${DIGITISE_JOB}:${payload.runId}:2`]);
    for (const email of sent) {
      expect(email.to).toBe('inbox@receipts.example');
      expect(email.attachments!.reduce((n, a) => n + a.content.length, 0)).toBeLessThan(10 * MB);
    }
    expect(sent.flatMap((e) => e.attachments!.map((a) => a.name)).sort()).toEqual(['one.jpg', 'three.jpg', 'two.jpg']);
    const first = sent[0]!.attachments![0]!;
    expect(first.contentType).toBe('application/pdf');
    // Buffer#equals, not toEqual: a deep comparison of megabytes took vitest most of the 20 s timeout.
    expect(Buffer.from(first.content, 'base64').equals(Buffer.from(small[0]!.bytes))).toBe(true);
    const entries = (await firm('GET', `/tasks/${task.id}/history`)).json.items.filter((e: { action: string }) => e.action === 'digitised');
    expect(entries).toHaveLength(1);
    expect(entries[0].data).toMatchObject({ emails: 2, skipped: ['huge.pdf'] });
  });

  it('sends nothing when digitisation was switched off before the job ran', async () => {
    const task = await ready();
    await addFile(task);
    expect((await digitise(task.id)).status).toBe(202);
    await settings({ digitisationEnabled: false });
    expect((await t.mailbox()).filter((m) => m.to === 'inbox@receipts.example')).toHaveLength(0);
    expect((await firm('GET', `/tasks/${task.id}/history`)).json.items.map((e: { action: string }) => e.action)).not.toContain('digitised');
  });
});

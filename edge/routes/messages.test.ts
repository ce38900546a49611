import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

/** Conversations on tasks and requests, both sides, through the real routes. */
let t: TestApp;
let client: string;
let owner: string;
let taskId: string;
let timberTaskId: string;
beforeEach(async () => {
  t = await createTestApp();
  client = (await t.signIn('demo', 'client@demo.test')).token;
  owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  taskId = await one("select id from tasks where title = 'Send March receipts'");
  timberTaskId = await one("select id from tasks where title = 'Send the loan agreement'");
});
afterEach(() => t.cleanup());

async function one(sql: string, ...args: string[]) {
  return String((await t.db.$client.execute({ sql, args })).rows[0]!.id);
}
const portal = (method: string, path: string, body?: unknown, token = client) => t.request(method, `/api/v1/portal${path}`, { token, body });
const firm = (method: string, path: string, body?: unknown, token = owner) => t.request(method, `/api/v1/firm${path}`, { token, body });
const unreadOf = async (id: string) => (await portal('GET', '/tasks')).json.items.find((task: { id: string }) => task.id === id).unreadMessages;

describe('a task conversation', () => {
  it('shows the client portal messages and never internal comments, with unread counts that opening clears', async () => {
    expect((await portal('POST', `/tasks/${taskId}/messages`, { body: 'Where do I send the cash receipts?' })).status).toBe(201);
    // Staff: unread until they open the thread (or write in it: whoever answers has read it).
    expect((await firm('GET', `/tasks/${taskId}`)).json.unreadMessages).toBe(1);
    expect((await firm('GET', '/tasks')).json.items.find((task: { id: string }) => task.id === taskId).unreadMessages).toBe(1);
    const note = await firm('POST', `/tasks/${taskId}/messages`, { body: 'INTERNAL: client is late again', visibility: 'internal' });
    expect(note.status).toBe(201);
    expect(note.json.visibility).toBe('internal');
    const answer = await firm('POST', `/tasks/${taskId}/messages`, { body: 'Upload them here, please.', visibility: 'portal', replyToId: note.json.id });
    expect(answer.status).toBe(201);

    expect(await unreadOf(taskId)).toBe(1);
    expect((await portal('GET', `/tasks/${taskId}`)).json.unreadMessages).toBe(1);
    const thread = await portal('GET', `/tasks/${taskId}/messages`);
    expect(thread.status).toBe(200);
    expect(thread.json.items.map((m: { body: string }) => m.body)).toEqual(['Upload them here, please.', 'Where do I send the cash receipts?']);
    expect(JSON.stringify(thread.json)).not.toContain('INTERNAL');
    expect(thread.json.items[1]).toMatchObject({ mine: true, visibility: 'portal', via: 'portal', author: { type: 'contact', name: 'Kadri Kask' } });
    expect(thread.json.items[0]).toMatchObject({ mine: false, author: { type: 'member', name: 'Olivia Owner' } });
    expect(await unreadOf(taskId)).toBe(0);

    const staffThread = (await firm('GET', `/tasks/${taskId}/messages`)).json.items;
    expect(staffThread.map((m: { visibility: string }) => m.visibility)).toEqual(['portal', 'internal', 'portal']);
    expect((await firm('GET', `/tasks/${taskId}`)).json.unreadMessages).toBe(0);
  });

  it('pages a long thread with a cursor, newest first', async () => {
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1000);
      await portal('POST', `/tasks/${taskId}/messages`, { body: `message ${i}` });
    }
    const first = (await portal('GET', `/tasks/${taskId}/messages?limit=3`)).json;
    expect(first.items.map((m: { body: string }) => m.body)).toEqual(['message 4', 'message 3', 'message 2']);
    const res = await portal('GET', `/tasks/${taskId}/messages?limit=3&cursor=${first.nextCursor}`);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const second = res.json;
    expect(second.items.map((m: { body: string }) => m.body)).toEqual(['message 1', 'message 0']);
    expect(second.nextCursor).toBeNull();
  });

  it('stores HTML as given, trimmed', async () => {
    const res = await portal('POST', `/tasks/${taskId}/messages`, { body: '  <script>alert(1)</script> <b>hi</b>\n' });
    expect(res.status).toBe(201);
    expect(res.json.body).toBe('<script>alert(1)</script> <b>hi</b>');
  });
});

describe('bad messages are refused and write nothing', () => {
  it.each([
    ['an empty body', { body: '   ' }, 'body'],
    ['an overlong body', { body: 'x'.repeat(10_001) }, 'body'],
    ['a client asking for an internal comment', { body: 'secret?', visibility: 'internal' }, 'visibility'],
    ['an unknown field', { body: 'hi', author: 'mem_x' }, ''],
  ])('%s (400)', async (_name, body, path) => {
    const res = await portal('POST', `/tasks/${taskId}/messages`, body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
    if (path) expect(res.json.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(await t.count('messages')).toBe(0);
  });

  it('a staff message without a visibility (400: the choice is explicit)', async () => {
    const res = await firm('POST', `/tasks/${taskId}/messages`, { body: 'hello' });
    expect(res.status).toBe(400);
    expect(res.json.error.issues[0].path).toBe('visibility');
    expect(await t.count('messages')).toBe(0);
  });

  it("a message on another company's task (404), to read or to write", async () => {
    expect((await portal('POST', `/tasks/${timberTaskId}/messages`, { body: 'hi' })).status).toBe(404);
    expect((await portal('GET', `/tasks/${timberTaskId}/messages`)).status).toBe(404);
    const acme = (await t.signIn('acme', 'owner@acme.test', 'staff')).token;
    expect((await firm('POST', `/tasks/${taskId}/messages`, { body: 'hi', visibility: 'portal' }, acme)).status).toBe(404);
    expect(await t.count('messages')).toBe(0);
  });

  it('a reply to a message of another thread, or (for a client) to an internal comment (400)', async () => {
    const other = await one("select id from tasks where title = 'Sign the annual report'");
    const elsewhere = (await portal('POST', `/tasks/${other}/messages`, { body: 'elsewhere' })).json.id;
    const note = (await firm('POST', `/tasks/${taskId}/messages`, { body: 'internal', visibility: 'internal' })).json.id;
    const before = await t.count('messages');
    for (const replyToId of [elsewhere, note]) {
      const res = await portal('POST', `/tasks/${taskId}/messages`, { body: 'a reply', replyToId });
      expect(res.status).toBe(400);
      expect(res.json.error.issues[0].path).toBe('replyToId');
    }
    expect((await firm('POST', `/tasks/${taskId}/messages`, { body: 'a reply', visibility: 'portal', replyToId: elsewhere })).status).toBe(400);
    expect(await t.count('messages')).toBe(before);
  });
});

describe('a closed thread takes no client message (409 thread_closed), writing nothing', () => {
  it('a task the firm completed; staff may still write on it', async () => {
    expect((await firm('POST', `/tasks/${taskId}/complete`)).status).toBe(200);
    const before = { messages: await t.count('messages'), events: await t.count('events') };
    const res = await portal('POST', `/tasks/${taskId}/messages`, { body: 'One more receipt' });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('thread_closed');
    expect({ messages: await t.count('messages'), events: await t.count('events') }).toEqual(before);
    // Still readable on the client's side; the firm can still add to it.
    expect((await portal('GET', `/tasks/${taskId}/messages`)).status).toBe(200);
    expect((await firm('POST', `/tasks/${taskId}/messages`, { body: 'Thanks, all done', visibility: 'portal' })).status).toBe(201);
  });

  it('a request that was closed or turned into a task', async () => {
    const clientId = await one("select id from clients where name = 'Northwind Bakery OÜ'");
    const closed = (await portal('POST', '/requests', { clientId, subject: 'Closed', body: 'x' })).json.id;
    const converted = (await portal('POST', '/requests', { clientId, subject: 'Converted', body: 'y' })).json.id;
    await firm('POST', `/requests/${closed}/close`);
    await firm('POST', `/requests/${converted}/task`);
    const before = await t.count('messages');
    for (const id of [closed, converted]) {
      const res = await portal('POST', `/requests/${id}/messages`, { body: 'hello?' });
      expect(res.status).toBe(409);
      expect(res.json.error.code).toBe('thread_closed');
    }
    expect(await t.count('messages')).toBe(before);
  });
});

describe('attachments', () => {
  async function insertFile(opts: { id: string; task: string; by: string; byType?: string }) {
    const clientId = await one('select client_id as id from tasks where id = ?', opts.task);
    await t.db.$client.execute({
      sql: `insert into files (id, firm_id, client_id, task_id, name, size, type, sha256, blob_key, uploaded_by_type, uploaded_by_id, created_at)
            select ?, firm_id, ?, ?, 'receipt.pdf', 1234, 'application/pdf', 'abc', 'k/' || ?, ?, ?, 1 from tasks where id = ?`,
      args: [opts.id, clientId, opts.task, opts.id, opts.byType ?? 'contact', opts.by, opts.task],
    });
  }

  it("links the caller's own uploads to the thread and lists them; anybody else's file is refused", async () => {
    const me = await one("select id from contacts where email = 'client@demo.test'");
    await insertFile({ id: 'fil_mine', task: taskId, by: me });
    await insertFile({ id: 'fil_staff', task: taskId, by: 'mem_someone', byType: 'member' });
    await insertFile({ id: 'fil_othertask', task: await one("select id from tasks where title = 'Sign the annual report'"), by: me });

    for (const fileIds of [['fil_staff'], ['fil_othertask'], ['fil_mine', 'fil_nope']]) {
      const refused = await portal('POST', `/tasks/${taskId}/messages`, { body: 'files', fileIds });
      expect(refused.status).toBe(400);
      expect(refused.json.error.issues[0].path).toBe('fileIds');
    }
    expect(await t.count('messages')).toBe(0);

    const posted = await portal('POST', `/tasks/${taskId}/messages`, { body: 'here it is', fileIds: ['fil_mine'] });
    expect(posted.status).toBe(201);
    expect(posted.json.attachments).toEqual([{ id: 'fil_mine', name: 'receipt.pdf', size: 1234, type: 'application/pdf', downloadUrl: expect.stringMatching(/\/api\/v1\/files\/fil_mine\/download\?expires=\d+&signature=[0-9a-f]+$/) }]);
    // The thread lists it with a link the download route takes (its signature holds).
    const listed = (await portal('GET', `/tasks/${taskId}/messages`)).json.items[0].attachments[0];
    const download = await t.app.request(new URL(listed.downloadUrl).pathname + new URL(listed.downloadUrl).search);
    expect(download.status).not.toBe(403);
    const tampered = await t.app.request(new URL(listed.downloadUrl).pathname + new URL(listed.downloadUrl).search.replace(/signature=(.)/, (_, c: string) => `signature=${c === '0' ? '1' : '0'}`));
    expect(tampered.status).toBe(403);
    expect(await one('select message_id as id from files where id = ?', 'fil_mine')).toBe(posted.json.id);
    // Once on a message, it cannot be attached again.
    expect((await portal('POST', `/tasks/${taskId}/messages`, { body: 'again', fileIds: ['fil_mine'] })).status).toBe(400);
  });
});

describe('new conversations turned off by the firm', () => {
  it('refuse a first message on a task (403 requests_off) and let replies on an existing conversation through', async () => {
    expect((await firm('PATCH', '/settings', { portalRequestsEnabled: false })).json.portalRequestsEnabled).toBe(false);
    const refused = await portal('POST', `/tasks/${taskId}/messages`, { body: 'a new conversation' });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('requests_off');
    expect(refused.json.error.message).toMatch(/contact Demo/);
    expect(await t.count('messages')).toBe(0);
    // An internal note does not start a conversation the client can see.
    await firm('POST', `/tasks/${taskId}/messages`, { body: 'internal', visibility: 'internal' });
    expect((await portal('POST', `/tasks/${taskId}/messages`, { body: 'still new' })).status).toBe(403);
    await firm('POST', `/tasks/${taskId}/messages`, { body: 'Any questions?', visibility: 'portal' });
    expect((await portal('POST', `/tasks/${taskId}/messages`, { body: 'Yes, one.' })).status).toBe(201);
  });
});

describe('domain events', () => {
  it('are written for client and staff portal messages, none for an internal comment', async () => {
    await portal('POST', `/tasks/${taskId}/messages`, { body: 'client' });
    await firm('POST', `/tasks/${taskId}/messages`, { body: 'note', visibility: 'internal' });
    await firm('POST', `/tasks/${taskId}/messages`, { body: 'staff', visibility: 'portal' });
    const kinds = (await t.db.$client.execute('select kind from events order by at, rowid')).rows.map((r) => r.kind);
    expect(kinds).toEqual(['message.client_added', 'message.staff_added']);
  });
});

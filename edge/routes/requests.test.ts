import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

/** Client requests, both sides, and the staff inbox, through the real routes. */
let t: TestApp;
let client: string;
let owner: string;
let mari: string;
let northwind: string;
beforeEach(async () => {
  t = await createTestApp();
  client = (await t.signIn('demo', 'client@demo.test')).token;
  owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  mari = (await t.signIn('demo', 'mari@demo.test', 'staff')).token;
  northwind = await one("select id from clients where name = 'Northwind Bakery OÜ'");
});
afterEach(() => t.cleanup());

async function one(sql: string, ...args: string[]) {
  return String((await t.db.$client.execute({ sql, args })).rows[0]!.id);
}
const portal = (method: string, path: string, body?: unknown, token = client) => t.request(method, `/api/v1/portal${path}`, { token, body });
const firm = (method: string, path: string, body?: unknown, token = owner) => t.request(method, `/api/v1/firm${path}`, { token, body });
async function sendRequest(subject = 'Last year\'s report', body = 'Could you send me the 2025 annual report?') {
  const res = await portal('POST', '/requests', { clientId: northwind, subject, body });
  expect(res.status).toBe(201);
  return res.json as { id: string; state: string };
}

describe('a client request', () => {
  it('is sent for a company, listed with its state, and recorded as an event', async () => {
    const request = await sendRequest();
    expect(request).toMatchObject({ state: 'open', clientId: northwind, task: null, unreadMessages: 0 });
    expect((await portal('GET', '/requests')).json.items.map((r: { id: string }) => r.id)).toEqual([request.id]);
    expect((await t.db.$client.execute('select kind, subject_id from events')).rows).toEqual([expect.objectContaining({ kind: 'request.created', subject_id: request.id })]);
    // Another contact of the firm does not see it.
    const timber = (await t.signIn('demo', 'timber@demo.test')).token;
    expect((await portal('GET', '/requests', undefined, timber)).json.items).toEqual([]);
    expect((await portal('GET', `/requests/${request.id}`, undefined, timber)).status).toBe(404);
  });

  it.each([
    ['an empty subject', { subject: ' ', body: 'x' }, 'subject'],
    ['an overlong subject', { subject: 's'.repeat(201), body: 'x' }, 'subject'],
    ['an empty body', { subject: 'Hi', body: '' }, 'body'],
    ['an overlong body', { subject: 'Hi', body: 'b'.repeat(10_001) }, 'body'],
  ])('with %s is refused (400) and nothing is written', async (_name, fields, path) => {
    const res = await portal('POST', '/requests', { clientId: northwind, ...fields });
    expect(res.status).toBe(400);
    expect(res.json.error.issues.map((i: { path: string }) => i.path)).toEqual([path]);
    expect(await t.count('requests')).toBe(0);
    expect(await t.count('events')).toBe(0);
  });

  it('keeps HTML as given', async () => {
    const request = await sendRequest('<img src=x onerror=alert(1)>', '<script>alert(1)</script>');
    expect((await firm('GET', `/requests/${request.id}`)).json).toMatchObject({ subject: '<img src=x onerror=alert(1)>', body: '<script>alert(1)</script>' });
  });

  it("for another company, another firm's, or with several companies and none named, is refused", async () => {
    const timberCo = await one("select id from clients where name = 'Baltic Timber AS'");
    expect((await portal('POST', '/requests', { clientId: timberCo, subject: 'Hi', body: 'x' })).status).toBe(404);
    const noCompany = await portal('POST', '/requests', { subject: 'Hi', body: 'x' });
    expect(noCompany.status).toBe(400);
    expect(noCompany.json.error.issues[0].path).toBe('clientId');
    expect(await t.count('requests')).toBe(0);
  });

  it('is refused with 403 requests_off when the firm takes no new requests; replies on an existing one still work', async () => {
    const request = await sendRequest();
    await firm('PATCH', '/settings', { portalRequestsEnabled: false });
    const res = await portal('POST', '/requests', { clientId: northwind, subject: 'Hi', body: 'x' });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('requests_off');
    expect(await t.count('requests')).toBe(1);
    expect((await portal('POST', `/requests/${request.id}/messages`, { body: 'One more thing' })).status).toBe(201);
  });

  it('is switched on or off in the firm the elements read: the public firm and the session say `requestsEnabled`', async () => {
    const enabled = async () => [
      (await t.request('GET', '/api/v1/public/firms/demo')).json.requestsEnabled,
      (await t.request('GET', '/api/v1/auth/session', { token: client })).json.firm.requestsEnabled,
    ];
    expect(await enabled()).toEqual([true, true]);
    await firm('PATCH', '/settings', { portalRequestsEnabled: false });
    expect(await enabled()).toEqual([false, false]);
    await firm('PATCH', '/settings', { portalRequestsEnabled: true });
    expect(await enabled()).toEqual([true, true]);
  });
});

describe('who on the staff sees a request', () => {
  it("the responsible member, admins and the owner; any other member gets 404 and never sees it listed, counted or in the inbox, until it is assigned to them", async () => {
    const request = await sendRequest();
    await portal('POST', `/requests/${request.id}/messages`, { body: 'Client follow-up' });
    expect((await firm('GET', `/requests/${request.id}`)).status).toBe(200);
    expect((await firm('GET', '/inbox')).json.items.length).toBe(2);

    for (const path of [`/requests/${request.id}`, `/requests/${request.id}/messages`]) expect((await firm('GET', path, undefined, mari)).status).toBe(404);
    for (const [method, path, body] of [
      ['POST', `/requests/${request.id}/messages`, { body: 'x', visibility: 'internal' }],
      ['POST', `/requests/${request.id}/close`, undefined],
      ['POST', `/requests/${request.id}/task`, undefined],
      ['PATCH', `/requests/${request.id}`, { assignedMemberId: null, version: 0 }],
    ] as const) {
      expect((await firm(method, path, body, mari)).status).toBe(404);
    }
    expect((await firm('GET', '/requests', undefined, mari)).json.items).toEqual([]);
    expect((await firm('GET', '/inbox', undefined, mari)).json.items).toEqual([]);
    expect(await t.count('messages')).toBe(1);

    const current = (await firm('GET', `/requests/${request.id}`)).json;
    const mariId = await one("select id from members where email = 'mari@demo.test'");
    const assigned = await firm('PATCH', `/requests/${request.id}`, { assignedMemberId: mariId, version: current.version });
    expect(assigned.json.assignedMemberId).toBe(mariId);
    expect((await firm('GET', `/requests/${request.id}`, undefined, mari)).status).toBe(200);
    expect((await firm('GET', '/inbox', undefined, mari)).json.items.length).toBe(2);
    // A stale version is refused.
    expect((await firm('PATCH', `/requests/${request.id}`, { assignedMemberId: null, version: current.version })).status).toBe(409);
  });

  it('given back when its task cannot be made: open again, no task, and it can be converted later', async () => {
    const request = await sendRequest();
    const batch = t.db.batch.bind(t.db);
    t.db.batch = (async () => {
      t.db.batch = batch;
      throw new Error('database unavailable');
    }) as typeof t.db.batch;
    const tasksBefore = await t.count('tasks');
    expect((await firm('POST', `/requests/${request.id}/task`)).status).toBe(500);
    expect(await t.count('tasks')).toBe(tasksBefore);
    expect((await firm('GET', `/requests/${request.id}`)).json).toMatchObject({ state: 'open', taskId: null });
    expect((await firm('POST', `/requests/${request.id}/task`)).status).toBe(201);
  });
});

describe('answering, closing and turning a request into a task', () => {
  it('a staff portal message answers it; the client sees the reply and not the internal note', async () => {
    const request = await sendRequest();
    await firm('POST', `/requests/${request.id}/messages`, { body: 'INTERNAL: check with Mari', visibility: 'internal' });
    expect((await firm('GET', `/requests/${request.id}`)).json.state).toBe('open');
    await firm('POST', `/requests/${request.id}/messages`, { body: 'Attached tomorrow.', visibility: 'portal' });
    const seen = (await portal('GET', `/requests/${request.id}`)).json;
    expect(seen).toMatchObject({ state: 'answered', unreadMessages: 1 });
    const thread = (await portal('GET', `/requests/${request.id}/messages`)).json;
    expect(thread.items.map((m: { body: string }) => m.body)).toEqual(['Attached tomorrow.']);
    // The client writing again puts it back to the firm.
    await portal('POST', `/requests/${request.id}/messages`, { body: 'Thanks!' });
    expect((await firm('GET', `/requests/${request.id}`)).json.state).toBe('open');
  });

  it('close and reopen; a closed request takes no client message and cannot be converted (409)', async () => {
    const request = await sendRequest();
    const tasksBefore = await t.count('tasks');
    expect((await firm('POST', `/requests/${request.id}/close`)).json.state).toBe('closed');
    expect((await portal('POST', `/requests/${request.id}/messages`, { body: 'hello?' })).status).toBe(409);
    const convert = await firm('POST', `/requests/${request.id}/task`);
    expect(convert.status).toBe(409);
    expect(await t.count('tasks')).toBe(tasksBefore);
    expect((await firm('GET', `/requests/${request.id}`)).json.state).toBe('closed');
    expect((await firm('POST', `/requests/${request.id}/reopen`)).json.state).toBe('open');
  });

  it('becomes a task with its text and files; converting again is 409; both sides link to the task', async () => {
    const request = await sendRequest();
    await t.db.$client.execute({
      sql: `insert into files (id, firm_id, client_id, request_id, name, size, type, sha256, blob_key, uploaded_by_type, uploaded_by_id, created_at)
            select 'fil_req', firm_id, client_id, id, 'report.pdf', 10, 'application/pdf', 'abc', 'k/1', 'contact', contact_id, 1 from requests where id = ?`,
      args: [request.id],
    });
    const tasksBefore = await t.count('tasks');
    const res = await firm('POST', `/requests/${request.id}/task`);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ clientId: northwind, title: "Last year's report", description: 'Could you send me the 2025 annual report?', status: 'assigned' });
    expect(await one('select task_id as id from files where id = ?', 'fil_req')).toBe(res.json.id);
    expect((await firm('GET', `/requests/${request.id}`)).json).toMatchObject({ state: 'converted', taskId: res.json.id });
    // The task links back to the request and its conversation, for those the request is directed to only.
    expect(res.json.fromRequest).toEqual({ id: request.id, subject: "Last year's report" });
    expect((await firm('GET', `/tasks/${res.json.id}`)).json.fromRequest).toEqual({ id: request.id, subject: "Last year's report" });
    expect((await firm('GET', `/tasks?limit=100`)).json.items.find((x: { id: string }) => x.id === res.json.id).fromRequest).toEqual({ id: request.id, subject: "Last year's report" });
    expect((await firm('GET', `/tasks/${res.json.id}`, undefined, mari)).json.fromRequest).toBeNull();
    expect((await portal('GET', `/requests/${request.id}`)).json).toMatchObject({ state: 'converted', task: { id: res.json.id, title: "Last year's report" } });
    expect((await portal('GET', '/tasks')).json.items.map((x: { id: string }) => x.id)).toContain(res.json.id);
    // Once the firm withdraws that task, the request no longer names or links it.
    expect((await firm('POST', `/tasks/${res.json.id}/withdraw`)).status).toBe(200);
    expect((await portal('GET', `/requests/${request.id}`)).json).toMatchObject({ state: 'converted', task: null });
    expect((await firm('POST', `/tasks/${res.json.id}/assign`)).status).toBe(200);

    // The request keeps its files to read once closed; a new one cannot go on it (write on the task instead).
    const closed = await sendRequest('Bank letter', 'Attached');
    await t.db.$client.execute({
      sql: `insert into files (id, firm_id, client_id, request_id, name, size, type, sha256, blob_key, uploaded_by_type, uploaded_by_id, created_at)
            select 'fil_closed', firm_id, client_id, id, 'letter.pdf', 10, 'application/pdf', 'def', 'k/2', 'contact', contact_id, 1 from requests where id = ?`,
      args: [closed.id],
    });
    expect((await firm('POST', `/requests/${closed.id}/close`)).status).toBe(200);
    const files = await portal('GET', `/requests/${closed.id}/files`);
    expect([files.status, files.json.items.map((f: { id: string }) => f.id)]).toEqual([200, ['fil_closed']]);
    const put = await t.app.request(`/api/v1/portal/requests/${closed.id}/files/more.pdf`, { method: 'PUT', headers: { authorization: `Bearer ${client}` }, body: '%PDF-1.4\n%%EOF\n' });
    expect(put.status).toBe(404);
    // Another contact still sees nothing of it.
    const timber = (await t.signIn('demo', 'timber@demo.test')).token;
    expect((await portal('GET', `/requests/${closed.id}/files`, undefined, timber)).status).toBe(404);

    const again = await firm('POST', `/requests/${request.id}/task`);
    expect(again.status).toBe(409);
    expect(await t.count('tasks')).toBe(tasksBefore + 1);
    expect((await firm('POST', `/requests/${request.id}/close`)).status).toBe(409);
  });
});

describe('the inbox', () => {
  it('lists new requests and client portal messages newest first, unread until the thread is opened', async () => {
    const taskId = await one("select id from tasks where title = 'Send March receipts'");
    const request = await sendRequest();
    t.clock.advance(1000);
    await portal('POST', `/tasks/${taskId}/messages`, { body: 'A question on the task' });
    await firm('POST', `/tasks/${taskId}/messages`, { body: 'staff are not in the inbox', visibility: 'portal' });
    const inbox = (await firm('GET', '/inbox', undefined, owner)).json;
    expect(inbox.items.map((i: { kind: string; thread: { id: string } }) => [i.kind, i.thread.id])).toEqual([
      ['message', taskId],
      ['request', request.id],
    ]);
    // The owner wrote in the task's thread after the client: that thread is read for them.
    expect(inbox.items.map((i: { unread: boolean }) => i.unread)).toEqual([false, true]);
    await firm('GET', `/requests/${request.id}/messages`);
    expect((await firm('GET', '/inbox')).json.items.map((i: { unread: boolean }) => i.unread)).toEqual([false, false]);
    const paged = (await firm('GET', '/inbox?limit=1')).json;
    expect(paged.items.length).toBe(1);
    expect((await firm('GET', `/inbox?limit=1&cursor=${paged.nextCursor}`)).json.items[0].kind).toBe('request');
  });
});

describe('searching and filtering the inbox', () => {
  it('finds items by their text (subject, body or message), narrows to task or request threads, and keeps the request rule', async () => {
    const taskId = await one("select id from tasks where title = 'Send March receipts'");
    const request = await sendRequest('VAT question', 'Do we owe VAT on the 50% deposit?');
    t.clock.advance(1000);
    await portal('POST', `/tasks/${taskId}/messages`, { body: 'The receipts from the bakery are attached' });
    await portal('POST', `/requests/${request.id}/messages`, { body: 'And the bakery invoice too' });
    const kinds = async (query: string, token = owner) =>
      ((await firm('GET', `/inbox${query}`, undefined, token)).json.items as { kind: string; thread: { kind: string } }[]).map((i) => `${i.kind}:${i.thread.kind}`);

    expect(await kinds('?q=BAKERY')).toEqual(['message:request', 'message:task']);
    expect(await kinds('?q=vat')).toEqual(['request:request']);
    // LIKE's wildcards are taken literally: "50%" matches the deposit, "_" matches nothing.
    expect(await kinds('?q=50%25')).toEqual(['request:request']);
    expect(await kinds('?q=_')).toEqual([]);
    expect(await kinds('?thread=task')).toEqual(['message:task']);
    expect(await kinds('?thread=request')).toEqual(['message:request', 'request:request']);
    expect(await kinds('?thread=request&q=bakery')).toEqual(['message:request']);
    expect(await kinds('?q=%20%20')).toEqual(['message:request', 'message:task', 'request:request']);
    // A member the request is not directed to finds only the task's message, whatever they search.
    expect(await kinds('?q=bakery', mari)).toEqual(['message:task']);
    expect(await kinds('?thread=request', mari)).toEqual([]);

    for (const query of ['?thread=work', `?q=${'x'.repeat(201)}`]) {
      const res = await firm('GET', `/inbox${query}`);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('validation_failed');
    }
  });
});

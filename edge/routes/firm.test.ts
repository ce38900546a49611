import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../data/sessions.ts';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

let t: TestApp;
let staff: string;
let northwind: string;
beforeEach(async () => {
  t = await createTestApp();
  staff = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  const clients = (await t.request('GET', '/api/v1/firm/clients', { token: staff })).json.items;
  northwind = clients.find((c: { name: string }) => c.name === 'Northwind Bakery OÜ').id;
});
afterEach(() => t.cleanup());

const post = (path: string, body?: unknown) => t.request('POST', path, { token: staff, body });
const portalTitles = async (token: string) =>
  (await t.request('GET', '/api/v1/portal/tasks', { token })).json.items.map((i: { title: string }) => i.title);

describe('GET /api/v1/firm/clients', () => {
  it('lists the firm\'s clients with their contacts, and nothing of another firm', async () => {
    const res = await t.request('GET', '/api/v1/firm/clients', { token: staff });
    expect(res.json.items.map((c: { name: string }) => c.name)).toEqual(['Baltic Timber AS', 'Harbor Lights Studio', 'Northwind Bakery OÜ']);
    expect(res.json.items[2].contacts).toEqual([expect.objectContaining({ email: 'client@demo.test' })]);
  });
});

describe('tasks, from creation to withdrawal', () => {
  it('creates a task with a checklist, assigns it, and the client sees it until it is withdrawn', async () => {
    const client = await t.signIn('demo', 'client@demo.test');
    const created = await post('/api/v1/firm/tasks', {
      clientId: northwind, title: '  Send the April bank statement ', dueDate: '2030-04-30', checklist: ['Main account', 'Savings'],
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: expect.stringMatching(/^tsk_/), title: 'Send the April bank statement', status: 'draft', dueDate: '2030-04-30' });
    expect(created.json.checklistItems.map((c: { text: string }) => c.text)).toEqual(['Main account', 'Savings']);
    expect(await portalTitles(client.token)).not.toContain('Send the April bank statement');

    const assigned = await post(`/api/v1/firm/tasks/${created.json.id}/assign`);
    expect(assigned.json.status).toBe('assigned');
    expect(await portalTitles(client.token)).toContain('Send the April bank statement');

    const withdrawn = await post(`/api/v1/firm/tasks/${created.json.id}/withdraw`);
    expect(withdrawn.json.status).toBe('withdrawn');
    expect(await portalTitles(client.token)).not.toContain('Send the April bank statement');

    const history = (await t.db.$client.execute({ sql: 'select action from activity where subject_id = ? order by at', args: [created.json.id] })).rows.map((r) => r.action);
    expect(history).toEqual(['task.created', 'task.assigned', 'task.withdrawn']);
  });

  it('assigns at creation with assign: true, completes and reopens', async () => {
    const created = await post('/api/v1/firm/tasks', { clientId: northwind, title: 'Quick one', assign: true });
    expect(created.json.status).toBe('assigned');
    expect((await post(`/api/v1/firm/tasks/${created.json.id}/complete`)).json.status).toBe('completed');
    const reopened = await post(`/api/v1/firm/tasks/${created.json.id}/reopen`);
    expect(reopened.json).toMatchObject({ status: 'assigned', clientState: 'open', completedAt: null });
  });

  it.each([
    ['withdraw', 'draft'],
    ['reopen', 'draft'],
  ])('refuses to %s a %s task with 409 and changes nothing', async (action) => {
    const created = await post('/api/v1/firm/tasks', { clientId: northwind, title: 'Draft' });
    const res = await post(`/api/v1/firm/tasks/${created.json.id}/${action}`);
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('conflict');
    expect(res.json.error.message).toBe(`This task is a draft; it cannot be ${action === 'withdraw' ? 'withdrawn' : 'reopened'}`);
    expect((await t.request('GET', `/api/v1/firm/tasks/${created.json.id}`, { token: staff })).json.status).toBe('draft');
  });

  it('marks a task overdue by the firm\'s day, the same rule the client sees', async () => {
    const created = await post('/api/v1/firm/tasks', { clientId: northwind, title: 'Due soon', dueDate: '2030-01-10', assign: true });
    expect(created.json.overdue).toBe(false);
    const seeded = (await t.request('GET', `/api/v1/firm/tasks?clientId=${northwind}`, { token: staff })).json.items;
    const receipts = seeded.find((x: { title: string }) => x.title === 'Send March receipts');
    expect(receipts.overdue).toBe(true);
    await post(`/api/v1/firm/tasks/${receipts.id}/complete`);
    expect((await t.request('GET', `/api/v1/firm/tasks/${receipts.id}`, { token: staff })).json.overdue).toBe(false);
  });

  it('refuses to assign an assigned task', async () => {
    const created = await post('/api/v1/firm/tasks', { clientId: northwind, title: 'Twice', assign: true });
    expect((await post(`/api/v1/firm/tasks/${created.json.id}/assign`)).status).toBe(409);
  });

  it('answers 404 for an unknown action or task', async () => {
    expect((await post('/api/v1/firm/tasks/tsk_doesnotexist/assign')).status).toBe(404);
    const created = await post('/api/v1/firm/tasks', { clientId: northwind, title: 'X' });
    expect((await post(`/api/v1/firm/tasks/${created.json.id}/explode`)).status).toBe(404);
  });
});

describe('POST /api/v1/firm/tasks bad input', () => {
  it.each([
    ['no title', { title: undefined }, 'title'],
    ['a blank title', { title: '   ' }, 'title'],
    ['a title over 200 characters', { title: 'x'.repeat(201) }, 'title'],
    ['an impossible due date', { dueDate: '2026-02-30' }, 'dueDate'],
    ['a due date in another format', { dueDate: '30.04.2026' }, 'dueDate'],
    ['a blank checklist item', { checklist: ['ok', ''] }, 'checklist.1'],
    ['101 checklist items', { checklist: Array.from({ length: 101 }, (_, i) => `item ${i}`) }, 'checklist'],
    ['a malformed client id', { clientId: '1 or 1=1' }, 'clientId'],
    ['assign as a string', { assign: 'yes' }, 'assign'],
  ])('refuses %s with validation_failed and writes nothing', async (_name, patch, path) => {
    const before = [await t.count('tasks'), await t.count('checklist_items'), await t.count('activity')];
    const res = await post('/api/v1/firm/tasks', { clientId: northwind, title: 'Valid', ...patch });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
    expect(res.json.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect([await t.count('tasks'), await t.count('checklist_items'), await t.count('activity')]).toEqual(before);
  });

  it('refuses an unknown client with 404 and writes nothing', async () => {
    const before = await t.count('tasks');
    const res = await post('/api/v1/firm/tasks', { clientId: 'cli_unknown', title: 'x' });
    expect(res.status).toBe(404);
    expect(await t.count('tasks')).toBe(before);
  });

  it('refuses malformed JSON with 400 and a non-JSON body with 415, in the envelope', async () => {
    const broken = await t.request('POST', '/api/v1/firm/tasks', { token: staff, body: '{"title": ', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect(broken.json.error).toMatchObject({ code: 'bad_request', requestId: expect.any(String) });
    const form = await t.request('POST', '/api/v1/firm/tasks', { token: staff, body: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    expect(form.json.error.code).toBe('unsupported_media_type');
  });
});

describe('API keys', () => {
  it('let a server create tasks for the key\'s firm; a revoked key is refused', async () => {
    const firmId = String((await t.db.$client.execute("select id from firms where slug = 'demo'")).rows[0]!.id);
    const key = await createApiKey(t.db, firmId, 'Accounting system', t.clock.now());
    const created = await t.request('POST', '/api/v1/firm/tasks', { token: key.secret, body: { clientId: northwind, title: 'From the server' } });
    expect(created.status).toBe(201);
    const stored = JSON.stringify((await t.db.$client.execute('select * from api_keys')).rows);
    expect(stored).not.toContain(key.secret);
    await t.db.$client.execute('update api_keys set revoked_at = 1');
    expect((await t.request('GET', '/api/v1/firm/clients', { token: key.secret })).status).toBe(401);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './fixtures/test-app.ts';

/**
 * "What a contact may see" (edge/data/visibility.ts) through every
 * client-side read, write and email: a contact of one company never reaches
 * another's task, and switching a contact's access off or closing a client's
 * portal hides everything at once, even while the session is cached.
 */
let t: TestApp;
afterEach(() => t.cleanup());

const ids = async (sql: string, ...args: string[]) => (await t.db.$client.execute({ sql, args })).rows.map((r) => String(r.id));
const clientId = async (name: string) => (await ids('select id from clients where name = ?', name))[0]!;
/** Tasks of a client that its own contacts see: assigned and not withdrawn. */
const portalTaskIds = (client: string) => ids('select id from tasks where client_id = ? and assigned_at is not null and withdrawn_at is null', client);
const listOf = async (token: string, query = '') => (await t.request('GET', `/api/v1/portal/tasks${query}`, { token })).json.items as { id: string; clientId: string }[];

async function snapshot() {
  const out: Record<string, unknown> = {};
  for (const table of ['tasks', 'checklist_items', 'task_reads', 'activity', 'jobs', 'emails']) {
    out[table] = (await t.db.$client.execute(`select * from ${table} order by 1`)).rows;
  }
  return JSON.stringify(out);
}

/**
 * Every client-side route about one task, with its parameters filled in with
 * well-formed ids (`:itemId` = one of the task's own checklist items), so each
 * probe passes validation and reaches the visibility check: new routes are
 * probed without editing this test.
 */
function portalTaskRoutes(taskId: string, itemId: string) {
  const seen = new Set<string>();
  return t.app.routes
    .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/v1/portal/tasks/:id'))
    .map((r) => ({ method: r.method, path: r.path.replace(':id', taskId).replace(':itemId', itemId).replace(':name', 'probe.pdf') }))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
}

/** Staff assign a new task to a client (its notice goes out once the window has passed: `t.clock.advance`). */
async function assignNewTask(client: string, title: string) {
  const staff = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  const res = await t.request('POST', '/api/v1/firm/tasks', { token: staff, body: { clientId: client, title, assign: true } });
  expect(res.status).toBe(201);
}
const NOTICE_WINDOW_MS = 301_000;
const noticesTo = async (email: string) => (await t.mailbox()).filter((m) => m.to === email && /new task/i.test(m.subject));

describe('a contact of one company', () => {
  it("never sees another company's task through any client-side read or write", async () => {
    t = await createTestApp();
    const timber = (await t.signIn('demo', 'timber@demo.test')).token;
    const baltic = await clientId('Baltic Timber AS');
    const northwind = await clientId('Northwind Bakery OÜ');
    const foreign = await portalTaskIds(northwind);
    expect(foreign.length).toBeGreaterThan(0);

    const list = await listOf(timber);
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((task) => task.clientId === baltic)).toBe(true);
    expect((await t.request('GET', `/api/v1/portal/tasks?clientId=${northwind}`, { token: timber })).status).toBe(404);

    const before = await snapshot();
    const titles = await ids('select title as id from tasks where client_id = ?', northwind);
    for (const taskId of foreign) {
      expect((await t.request('GET', `/api/v1/portal/tasks/${taskId}`, { token: timber })).status).toBe(404);
      expect((await t.request('POST', `/api/v1/portal/tasks/${taskId}/complete`, { token: timber })).status).toBe(404);
      const itemId = (await ids('select id from checklist_items where task_id = ? order by id', taskId))[0] ?? 'chk_probe';
      const routes = portalTaskRoutes(taskId, itemId);
      expect(routes.some((r) => r.path.endsWith(`/checklist/${itemId}`))).toBe(true);
      for (const route of routes) {
        expect(route.path, 'every parameter filled in').not.toContain(':');
        const res = await t.request(route.method, route.path, { token: timber, body: route.method === 'GET' ? undefined : { done: true } });
        expect(res.status, `${route.method} ${route.path}`).toBe(404);
        for (const title of titles) expect(JSON.stringify(res.json)).not.toContain(title);
      }
    }
    expect(await snapshot()).toBe(before);
  });

  it("gets the assignment email only for its own company's tasks", async () => {
    t = await createTestApp();
    await assignNewTask(await clientId('Baltic Timber AS'), 'Baltic only');
    await assignNewTask(await clientId('Northwind Bakery OÜ'), 'Northwind only');
    t.clock.advance(NOTICE_WINDOW_MS);
    const [northwindMail, ...moreNorthwind] = await noticesTo('client@demo.test');
    expect(moreNorthwind).toEqual([]);
    expect(northwindMail!.text).toContain('Northwind only');
    expect(northwindMail!.text).not.toContain('Baltic only');
    const [timberMail, ...moreTimber] = await noticesTo('timber@demo.test');
    expect(moreTimber).toEqual([]);
    expect(timberMail!.text).toContain('Baltic only');
    expect(timberMail!.text).not.toContain('Northwind only');
  });
});

describe.each([
  ['whose portal access is switched off', (contact: string) => t.db.$client.execute({ sql: 'update client_contacts set portal_access = 0 where contact_id = ?', args: [contact] })],
  ['whose companies have their portal closed', (contact: string) => t.db.$client.execute({ sql: 'update clients set portal_open = 0 where id in (select client_id from client_contacts where contact_id = ?)', args: [contact] })],
])('a contact %s', (_case, switchOff) => {
  it('sees nothing at once, even with the session cached: empty list, 404 on every task, no assignment email', async () => {
    t = await createTestApp({ SESSION_CACHE_SECONDS: '60' });
    const { token, user } = await t.signIn('demo', 'client@demo.test');
    const northwind = await clientId('Northwind Bakery OÜ');
    const visible = await listOf(token);
    expect(visible.length).toBeGreaterThan(0);

    await switchOff(user.id);
    expect(await listOf(token)).toEqual([]);
    expect((await t.request('GET', '/api/v1/auth/session', { token })).json.clients).toEqual([]);
    expect((await listOf(token, `?clientId=${northwind}`)) ?? []).toEqual([]);
    const before = await snapshot();
    for (const task of visible) {
      expect((await t.request('GET', `/api/v1/portal/tasks/${task.id}`, { token })).status).toBe(404);
      expect((await t.request('POST', `/api/v1/portal/tasks/${task.id}/complete`, { token })).status).toBe(404);
    }
    expect(await snapshot()).toBe(before);
    await assignNewTask(northwind, 'Nobody should hear of this');
    t.clock.advance(NOTICE_WINDOW_MS);
    expect(await noticesTo('client@demo.test')).toHaveLength(0);
  });

  it('gets no email for a task assigned before the switch, once the notice falls due', async () => {
    t = await createTestApp();
    const { user } = await t.signIn('demo', 'client@demo.test');
    await assignNewTask(await clientId('Northwind Bakery OÜ'), 'Assigned, then access went away');
    expect(await t.count("jobs where kind = 'notify.assigned' and status = 'pending'")).toBe(1);
    await switchOff(user.id);
    t.clock.advance(NOTICE_WINDOW_MS);
    expect(await noticesTo('client@demo.test')).toHaveLength(0);
  });
});

describe('a contact of two companies, one of them closed', () => {
  it('still sees the open one, and only it', async () => {
    t = await createTestApp({ SESSION_CACHE_SECONDS: '60' });
    const { token } = await t.signIn('demo', 'client@demo.test');
    const northwind = await clientId('Northwind Bakery OÜ');
    const harbor = await clientId('Harbor Lights Studio');
    await t.db.$client.execute({ sql: 'update clients set portal_open = 0 where id = ?', args: [northwind] });
    const list = await listOf(token);
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((task) => task.clientId === harbor)).toBe(true);
    const closed = await portalTaskIds(northwind);
    expect(closed.length).toBeGreaterThan(0);
    for (const taskId of closed) {
      expect((await t.request('GET', `/api/v1/portal/tasks/${taskId}`, { token })).status).toBe(404);
    }
  });
});

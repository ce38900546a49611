import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../edge/data/sessions.ts';
import { createTestApp, type TestApp } from './fixtures/test-app.ts';

/**
 * Firm `acme`'s contact, member and API key against every record of firm
 * `demo` on every endpoint: each answers 404 (never 403, which would confirm
 * the record exists), and nothing is written.
 */
let t: TestApp;
let demo: { taskIds: string[]; clientIds: string[] };
let callers: Record<'contact' | 'member' | 'apikey', string>;

beforeAll(async () => {
  t = await createTestApp();
  const rows = async (sql: string) => (await t.db.$client.execute(sql)).rows.map((r) => String(r.id));
  demo = {
    taskIds: await rows("select t.id from tasks t join firms f on f.id = t.firm_id where f.slug = 'demo'"),
    clientIds: await rows("select c.id from clients c join firms f on f.id = c.firm_id where f.slug = 'demo'"),
  };
  const acmeId = (await rows("select id from firms where slug = 'acme'"))[0]!;
  callers = {
    contact: (await t.signIn('acme', 'client@acme.test')).token,
    member: (await t.signIn('acme', 'owner@acme.test', 'staff')).token,
    apikey: (await createApiKey(t.db, acmeId, 'acme server', t.clock.now())).secret,
  };
});
afterAll(() => t.cleanup());

async function snapshot() {
  const tables = ['tasks', 'checklist_items', 'task_reads', 'activity'];
  const out: Record<string, unknown> = {};
  for (const table of tables) out[table] = (await t.db.$client.execute(`select * from ${table} order by 1`)).rows;
  return JSON.stringify(out);
}

describe('tenant isolation', () => {
  it('has demo records to probe', () => {
    expect(demo.taskIds.length).toBeGreaterThanOrEqual(7);
    expect(demo.clientIds).toHaveLength(3);
  });

  it('a contact of acme gets 404 for every demo task and company on every portal endpoint', async () => {
    const before = await snapshot();
    for (const id of demo.taskIds) {
      const item = (await t.db.$client.execute({ sql: 'select id from checklist_items where task_id = ? limit 1', args: [id] })).rows[0]?.id ?? 'chk_none';
      const probes = [
        ['GET', `/api/v1/portal/tasks/${id}`, undefined],
        ['POST', `/api/v1/portal/tasks/${id}/complete`, undefined],
        ['POST', `/api/v1/portal/tasks/${id}/reopen`, undefined],
        ['PATCH', `/api/v1/portal/tasks/${id}/checklist/${String(item)}`, { done: true }],
      ] as const;
      for (const [method, path, body] of probes) {
        const res = await t.request(method, path, { token: callers.contact, body });
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.json.error.code).toBe('not_found');
      }
    }
    for (const id of demo.clientIds) {
      expect((await t.request('GET', `/api/v1/portal/tasks?clientId=${id}`, { token: callers.contact })).status).toBe(404);
    }
    const own = (await t.request('GET', '/api/v1/portal/tasks', { token: callers.contact })).json.items;
    expect(own.length).toBe(2);
    expect(own.every((i: { id: string }) => !demo.taskIds.includes(i.id))).toBe(true);
    expect(await snapshot()).toBe(before);
  });

  for (const who of ['member', 'apikey'] as const) {
    it(`a ${who} of acme gets 404 for every demo task and client on every firm endpoint`, async () => {
      const before = await snapshot();
      const token = callers[who];
      for (const id of demo.taskIds) {
        const probes: [string, string, unknown?][] = [
          ['GET', `/api/v1/firm/tasks/${id}`],
          ['GET', `/api/v1/firm/tasks/${id}/history`],
          ['PATCH', `/api/v1/firm/tasks/${id}`, { version: 0, title: 'Sneaky', checklist: [{ text: 'Sneaky' }] }],
          ['DELETE', `/api/v1/firm/tasks/${id}?version=0`],
          ...['assign', 'withdraw', 'complete', 'reopen'].map((a): [string, string] => ['POST', `/api/v1/firm/tasks/${id}/${a}`]),
        ];
        for (const [method, path, body] of probes) {
          const res = await t.request(method, path, { token, body });
          expect(res.status, `${method} ${path}`).toBe(404);
          expect(res.json.error.code).toBe('not_found');
        }
      }
      for (const clientId of demo.clientIds) {
        expect((await t.request('GET', `/api/v1/firm/tasks?clientId=${clientId}`, { token })).status).toBe(404);
        const created = await t.request('POST', '/api/v1/firm/tasks', { token, body: { clientId, title: 'Sneaky' } });
        expect(created.status).toBe(404);
      }
      const clients = (await t.request('GET', '/api/v1/firm/clients', { token })).json.items;
      expect(clients.map((c: { name: string }) => c.name)).toEqual(['Acme Widgets Ltd']);
      const tasks = (await t.request('GET', '/api/v1/firm/tasks', { token })).json.items;
      expect(tasks.length).toBeGreaterThan(0);
      expect(tasks.every((task: { id: string }) => !demo.taskIds.includes(task.id))).toBe(true);
      expect(await snapshot()).toBe(before);
    });
  }
});

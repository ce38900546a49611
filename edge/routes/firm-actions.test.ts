import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';
import { findFirmTaskRow, transitionTask } from '../data/firm-tasks.ts';
import type { StaffCaller } from '../domain/caller.ts';

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
const createDraft = async () => (await post('/api/v1/firm/tasks', { clientId: northwind, title: 'Send the lease' })).json as { id: string; actions: string[] };
const historyOf = async (taskId: string) =>
  (await t.db.$client.execute({ sql: 'select action from activity where subject_id = ? order by at', args: [taskId] })).rows.map((r) => r.action);
const rowOf = async (taskId: string) => (await t.db.$client.execute({ sql: 'select * from tasks where id = ?', args: [taskId] })).rows[0]!;

describe('actions on firm tasks', () => {
  it('are the transitions allowed now, in every answer: create, transitions, detail and list', async () => {
    const created = await createDraft();
    expect(created.actions).toEqual(['assign', 'complete']);
    expect((await post(`/api/v1/firm/tasks/${created.id}/assign`)).json.actions).toEqual(['withdraw', 'complete']);
    expect((await post(`/api/v1/firm/tasks/${created.id}/withdraw`)).json.actions).toEqual(['assign', 'complete']);
    expect((await post(`/api/v1/firm/tasks/${created.id}/complete`)).json.actions).toEqual(['reopen']);
    expect((await t.request('GET', `/api/v1/firm/tasks/${created.id}`, { token: staff })).json.actions).toEqual(['reopen']);

    const expected: Record<string, string[]> = { draft: ['assign', 'complete'], assigned: ['withdraw', 'complete'], withdrawn: ['assign', 'complete'], completed: ['reopen'] };
    const list = (await t.request('GET', '/api/v1/firm/tasks', { token: staff })).json.items as { status: string; actions: string[] }[];
    expect(list.length).toBeGreaterThan(0);
    expect(new Set(list.map((task) => task.status))).toEqual(new Set(Object.keys(expected)));
    for (const task of list) expect(task.actions).toEqual(expected[task.status]);
  });

  it('each succeed when taken, and what is not offered is refused with 409', async () => {
    const created = await createDraft();
    for (const action of ['withdraw', 'reopen']) {
      expect(created.actions).not.toContain(action);
      expect((await post(`/api/v1/firm/tasks/${created.id}/${action}`)).status).toBe(409);
    }
    for (const action of created.actions) expect((await post(`/api/v1/firm/tasks/${(await createDraft()).id}/${action}`)).status).toBe(200);
  });
});

describe('two changes to one task from the same read', () => {
  it('let exactly one win: the stale one is refused and writes nothing', async () => {
    const assigned = (await post('/api/v1/firm/tasks', { clientId: northwind, title: 'Race me', assign: true })).json;
    const firmId = String((await rowOf(assigned.id)).firm_id);
    const memberId = (await t.db.$client.execute("select id from members where email = 'owner@demo.test'")).rows[0]!.id as string;
    const caller: StaffCaller = { kind: 'member', firmId, memberId, role: 'owner', sessionId: 'ses_test', timezone: 'Europe/Tallinn' };
    const read = (await findFirmTaskRow(t.db, firmId, assigned.id))!;

    expect(await transitionTask(t.db, caller, read, 'withdraw', t.clock.now())).toBe('done');
    const afterWinner = await rowOf(assigned.id);
    const historyAfterWinner = await historyOf(assigned.id);
    expect(afterWinner.version).toBe(read.version + 1);

    // Completing is allowed from both "assigned" (what the loser read) and "withdrawn": only the version tells.
    expect(await transitionTask(t.db, caller, read, 'complete', t.clock.now() + 1)).toBe('stale');
    expect(await rowOf(assigned.id)).toEqual(afterWinner);
    expect(await historyOf(assigned.id)).toEqual(historyAfterWinner);
    expect(historyAfterWinner).toEqual(['task.created', 'task.assigned', 'task.withdrawn']);
  });

  it.each([['assign', 'assigned'], ['complete', 'completed']])('over HTTP: two %s requests at once answer one 200 and one 409', async (action, done) => {
    const draft = await createDraft();
    const answers = await Promise.all([post(`/api/v1/firm/tasks/${draft.id}/${action}`), post(`/api/v1/firm/tasks/${draft.id}/${action}`)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(await historyOf(draft.id)).toEqual(['task.created', `task.${done}`]);
    expect((await rowOf(draft.id)).version).toBe(1);
  });

  it('every update bumps the version, the client marking it done too', async () => {
    const task = (await post('/api/v1/firm/tasks', { clientId: northwind, title: 'Count me', assign: true })).json;
    expect((await rowOf(task.id)).version).toBe(0);
    const client = (await t.signIn('demo', 'client@demo.test')).token;
    expect((await t.request('POST', `/api/v1/portal/tasks/${task.id}/complete`, { token: client })).status).toBe(200);
    expect((await rowOf(task.id)).version).toBe(1);
    expect((await post(`/api/v1/firm/tasks/${task.id}/complete`)).status).toBe(200);
    expect((await rowOf(task.id)).version).toBe(2);
  });
});

describe('the OpenAPI description', () => {
  it('documents actions on every operation that answers firm tasks', async () => {
    const spec = (await t.request('GET', '/api/openapi.json')).json;
    const ops = [spec.paths['/api/v1/firm/tasks'].get, spec.paths['/api/v1/firm/tasks'].post, spec.paths['/api/v1/firm/tasks/{id}'].get];
    const transition = Object.entries(spec.paths).find(([path]) => path.startsWith('/api/v1/firm/tasks/{id}/{action'));
    expect(transition).toBeDefined();
    ops.push((transition![1] as { post: unknown }).post);
    for (const op of ops) expect(op.description).toMatch(/`actions`: the transitions the caller may take/);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { instantAt } from '../domain/calendar.ts';
import { addDays, todayIn } from '../../db/dates.ts';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

/** The next occurrence of a recurring task, created by a job at the firm's morning hour on the previous one's due date. */
const TZ = 'Europe/Tallinn';
let t: TestApp;
let staff: string;
let northwind: string;
beforeEach(async () => {
  t = await createTestApp({ MORNING_HOUR: '8' });
  staff = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  northwind = String((await t.db.$client.execute("select id from clients where name = 'Northwind Bakery OÜ'")).rows[0]!.id);
});
afterEach(() => t.cleanup());

const firm = (method: string, path: string, body?: unknown) => t.request(method, `/api/v1/firm${path}`, { token: staff, body });
/** Moves the clock to `hour`:`minute` on `date` in the firm's timezone (never back) and runs what is due. */
async function at(date: string, hour: number, minute = 0) {
  const target = instantAt(date, hour, TZ) + minute * 60_000;
  if (target > t.clock.now()) t.clock.advance(target - t.clock.now());
  await t.runJobs();
}
async function series(seriesId: string) {
  const rows = (await t.db.$client.execute({ sql: 'select id, occurrence, due_date, assigned_at, title, section, recurrence, checklist_total, checklist_done from tasks where series_id = ? order by occurrence', args: [seriesId] })).rows;
  return rows.map((r) => ({ ...r }));
}
const create = async (body: Record<string, unknown>) => {
  const res = await firm('POST', '/tasks', { clientId: northwind, title: 'Monthly receipts', ...body });
  if (res.status !== 201) throw new Error(JSON.stringify(res.json));
  return res.json;
};

describe('recurring tasks', () => {
  it("creates occurrence n+1 at the morning hour of n's due date, with the checklist copied unticked, assigned like n; n stays open", async () => {
    const first = await create({ dueDate: '2027-03-10', recurrence: { freq: 'monthly' }, checklist: ['Card', 'Cash'], section: 'Receipts', assign: true });
    const client = await t.signIn('demo', 'client@demo.test');
    await t.request('PATCH', `/api/v1/portal/tasks/${first.id}/checklist/${first.checklistItems[0].id}`, { token: client.token, body: { done: true } });

    await at('2027-03-10', 7, 59);
    expect(await series(first.id)).toHaveLength(1);
    await at('2027-03-10', 8);
    staff = (await t.signIn('demo', 'owner@demo.test', 'staff')).token; // The session from before has expired by now.
    const [one, two] = await series(first.id);
    expect(one).toMatchObject({ occurrence: 1, due_date: '2027-03-10', checklist_done: 1 });
    expect(two).toMatchObject({ occurrence: 2, due_date: '2027-04-10', title: 'Monthly receipts', section: 'Receipts', checklist_total: 2, checklist_done: 0 });
    expect(Number(two!.assigned_at)).toBeGreaterThanOrEqual(instantAt('2027-03-10', 8, TZ));
    expect(Number(two!.assigned_at)).toBeLessThan(instantAt('2027-03-10', 8, TZ) + 60_000);
    const next = (await firm('GET', `/tasks/${two!.id}`)).json;
    expect(next).toMatchObject({ seriesId: first.id, occurrence: 2, recurrence: { freq: 'monthly' }, stage: 'waiting' });
    expect(next.checklistItems.map((i: { text: string; done: boolean }) => [i.text, i.done])).toEqual([['Card', false], ['Cash', false]]);
    expect((await firm('GET', `/tasks/${first.id}`)).json.stage).toBe('waiting');
    const history = (await firm('GET', `/tasks/${two!.id}/history`)).json.items;
    expect(history.map((h: { action: string; actor: { type: string } }) => [h.action, h.actor.type])).toEqual([['assigned', 'system'], ['created', 'system']]);
    // The client hears of it, as of any assignment.
    t.clock.advance(t.config.assignNotifyDelaySeconds * 1000);
    expect((await t.mailbox()).some((m) => m.to === 'client@demo.test' && m.text.includes('Monthly receipts'))).toBe(true);
  });

  it('keeps a draft series as drafts, and keeps the month end: Jan 31, Feb 28, Mar 31, Apr 30', async () => {
    const first = await create({ dueDate: '2027-01-31', recurrence: { freq: 'monthly', day: -1 } });
    for (const date of ['2027-01-31', '2027-02-28', '2027-03-31']) await at(date, 9);
    const rows = await series(first.id);
    expect(rows.map((r) => r.due_date)).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30']);
    expect(rows.every((r) => r.assigned_at === null)).toBe(true);
  });

  it('stops after `count` occurrences in all', async () => {
    const first = await create({ dueDate: '2027-01-04', recurrence: { freq: 'weekly', count: 3 } });
    for (const date of ['2027-01-04', '2027-01-11', '2027-01-18', '2027-01-25', '2027-02-01']) await at(date, 9);
    expect((await series(first.id)).map((r) => r.due_date)).toEqual(['2027-01-04', '2027-01-11', '2027-01-18']);
    expect(await t.count("jobs where kind = 'task.next_occurrence' and status = 'pending'")).toBe(0);
  });

  it('stops at `until`', async () => {
    const first = await create({ dueDate: '2027-01-15', recurrence: { freq: 'quarterly', until: '2027-08-01' } });
    for (const date of ['2027-01-15', '2027-04-15', '2027-07-15', '2027-10-15']) await at(date, 9);
    expect((await series(first.id)).map((r) => r.due_date)).toEqual(['2027-01-15', '2027-04-15', '2027-07-15']);
  });

  it.each(['delete', 'withdraw', 'one-time'])('stops when the latest occurrence is %s', async (change) => {
    const first = await create({ dueDate: '2027-01-04', recurrence: { freq: 'weekly' }, assign: true });
    await at('2027-01-04', 9);
    staff = (await t.signIn('demo', 'owner@demo.test', 'staff')).token; // The session from before has expired by now.
    const second = (await series(first.id))[1]!;
    const read = (await firm('GET', `/tasks/${second.id}`)).json;
    if (change === 'delete') expect((await firm('DELETE', `/tasks/${second.id}?version=${read.version}`)).status).toBe(204);
    if (change === 'withdraw') expect((await firm('POST', `/tasks/${second.id}/withdraw`)).status).toBe(200);
    if (change === 'one-time') expect((await firm('PATCH', `/tasks/${second.id}`, { version: read.version, recurrence: null })).status).toBe(200);
    await at('2027-01-11', 9);
    await at('2027-01-18', 9);
    expect(await series(first.id)).toHaveLength(2);
  });

  it('creates each occurrence once, however often its job runs', async () => {
    const first = await create({ dueDate: '2027-01-04', recurrence: { freq: 'weekly' } });
    await at('2027-01-04', 9);
    // The same job again (a retry after a crash between the insert and finishing it).
    await t.db.$client.execute("update jobs set status = 'pending' where kind = 'task.next_occurrence' and unique_key like '%:1'");
    await t.runJobs();
    expect((await series(first.id)).map((r) => r.occurrence)).toEqual([1, 2]);
    expect(await t.count("jobs where kind = 'task.next_occurrence' and unique_key like '%:2'")).toBe(1);
  });

  it('with a past due date, makes the first occurrence not in the past, not every missed one; the past one stays', async () => {
    const today = todayIn(TZ, t.clock.now());
    const start = addDays(today, -7 * 48 - 2);
    const first = await create({ dueDate: start, recurrence: { freq: 'weekly' }, assign: true });
    for (let i = 0; i < 4; i++) await t.runJobs();
    const rows = await series(first.id);
    const firstAhead = Array.from({ length: 60 }, (_, i) => addDays(start, 7 * i)).find((d) => d >= today)!;
    expect(rows[0]).toMatchObject({ id: first.id, due_date: start, occurrence: 1 });
    expect(rows[1]).toMatchObject({ due_date: firstAhead, occurrence: 50 });
    expect(rows).toHaveLength(2);
    expect(await t.count("tasks where series_id = '" + first.id + "' and due_date < '" + today + "'")).toBe(1);
  });

  it("moves the series' next occurrence when a series task's due date is edited", async () => {
    const first = await create({ dueDate: '2027-01-04', recurrence: { freq: 'weekly' } });
    const res = await firm('PATCH', `/tasks/${first.id}`, { version: first.version, dueDate: '2027-01-20' });
    expect(res.status).toBe(200);
    await at('2027-01-04', 9);
    expect(await series(first.id)).toHaveLength(1);
    await at('2027-01-20', 9);
    expect((await series(first.id)).map((r) => [r.occurrence, r.due_date])).toEqual([[1, '2027-01-20'], [2, '2027-01-27']]);
    expect(await t.count("jobs where kind = 'task.next_occurrence'")).toBe(2);
  });

  it('bases the rest of the series on the edited occurrence when its rule is edited', async () => {
    const first = await create({ dueDate: '2027-01-04', recurrence: { freq: 'weekly' } });
    await at('2027-01-04', 9);
    staff = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
    const second = (await firm('GET', `/tasks/${(await series(first.id))[1]!.id}`)).json;
    const res = await firm('PATCH', `/tasks/${second.id}`, { version: second.version, recurrence: { freq: 'monthly' } });
    expect(res.json).toMatchObject({ seriesId: first.id, occurrence: 2, recurrence: { freq: 'monthly' } });
    await at('2027-01-11', 9);
    await at('2027-02-11', 9);
    expect((await series(first.id)).map((r) => [r.occurrence, r.due_date])).toEqual([[1, '2027-01-04'], [2, '2027-01-11'], [3, '2027-02-11'], [4, '2027-03-11']]);
  });

  it('makes no further occurrence while the task\'s work is completed', async () => {
    const work = (await firm('POST', '/work', { clientId: northwind, title: 'Bookkeeping', startDate: '2027-01-01' })).json;
    const first = await create({ dueDate: '2027-01-04', recurrence: { freq: 'weekly' }, workId: work.id });
    expect((await firm('POST', `/work/${work.id}/complete?version=${work.version}`)).status).toBe(200);
    await at('2027-01-04', 9);
    await at('2027-01-11', 9);
    expect(await series(first.id)).toHaveLength(1);
  });

  it('the database holds one row per series occurrence, for tasks and works', async () => {
    const first = await create({ dueDate: '2027-01-04', recurrence: { freq: 'weekly' } });
    const work = (await firm('POST', '/work', { clientId: northwind, title: 'Bookkeeping', startDate: '2027-01-01' })).json;
    const other = (await firm('POST', '/work', { clientId: northwind, title: 'Bookkeeping 2', startDate: '2027-02-01' })).json;
    await at('2027-01-04', 9);
    await expect(t.db.$client.execute({ sql: 'update tasks set occurrence = 2 where id = ?', args: [first.id] })).rejects.toThrow(/UNIQUE constraint failed: tasks.firm_id, tasks.series_id, tasks.occurrence/);
    await t.db.$client.execute({ sql: "update works set series_id = 'S', occurrence = 1 where id = ?", args: [work.id] });
    await expect(t.db.$client.execute({ sql: "update works set series_id = 'S', occurrence = 1 where id = ?", args: [other.id] })).rejects.toThrow(/UNIQUE constraint failed: works.firm_id, works.series_id, works.occurrence/);
  });

  it('makes an existing task the first of a series when it is given a rule', async () => {
    const task = await create({ dueDate: '2027-01-04' });
    const res = await firm('PATCH', `/tasks/${task.id}`, { version: task.version, recurrence: { freq: 'weekly' } });
    expect(res.json).toMatchObject({ seriesId: task.id, occurrence: 1 });
    await at('2027-01-04', 9);
    expect((await series(task.id)).map((r) => r.due_date)).toEqual(['2027-01-04', '2027-01-11']);
  });
});

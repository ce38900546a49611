import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

/** The portal's tabs and paging, reopening, ticking the checklist, and what leaves the portal. */
let t: TestApp;
let staff: string;
let client: string;
let timber: string;
let ids: { firm: string; northwind: string; harbor: string; baltic: string };
beforeEach(async () => {
  t = await createTestApp();
  staff = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  client = (await t.signIn('demo', 'client@demo.test')).token;
  timber = (await t.signIn('demo', 'timber@demo.test')).token;
  const one = async (sql: string) => String((await t.db.$client.execute(sql)).rows[0]!.id);
  ids = {
    firm: await one("select id from firms where slug = 'demo'"),
    northwind: await one("select id from clients where name = 'Northwind Bakery OÜ'"),
    harbor: await one("select id from clients where name = 'Harbor Lights Studio'"),
    baltic: await one("select id from clients where name = 'Baltic Timber AS'"),
  };
});
afterEach(() => t.cleanup());

const portal = (method: string, path: string, body?: unknown, token = client) => t.request(method, `/api/v1/portal${path}`, { token, body });
const firm = (method: string, path: string, body?: unknown) => t.request(method, `/api/v1/firm${path}`, { token: staff, body });
const assigned = async (body: Record<string, unknown>) => (await firm('POST', '/tasks', { clientId: ids.northwind, title: 'A task', assign: true, ...body })).json;
const titles = (res: { json: { items: { title: string }[] } }) => res.json.items.map((i) => i.title);
const counts = async () => ({ tasks: await t.count('tasks'), items: await t.count('checklist_items'), activity: await t.count('activity'), reads: await t.count('task_reads') });
const snapshot = async () => JSON.stringify([(await t.db.$client.execute('select * from tasks order by id')).rows, (await t.db.$client.execute('select * from checklist_items order by id')).rows]);

describe('GET /portal/tasks: tabs and paging', () => {
  it('lists open tasks by due date (none last), then newest; done ones newest done first; a page at a time', async () => {
    await t.db.$client.execute({ sql: 'update tasks set deleted_at = 1 where client_id = ?', args: [ids.northwind] }); // Start empty.
    await assigned({ title: 'No date, older' });
    t.clock.advance(1000);
    await assigned({ title: 'No date, newer' });
    await assigned({ title: 'Due later', dueDate: '2031-02-01' });
    await assigned({ title: 'Due sooner', dueDate: '2031-01-01' });
    t.clock.advance(1000);
    await assigned({ title: 'Due sooner, newer', dueDate: '2031-01-01' });
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const res = await portal('GET', `/tasks?clientId=${ids.northwind}&state=open&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      pages.push(titles(res));
      cursor = res.json.nextCursor;
    } while (cursor);
    expect(pages).toEqual([['Due sooner, newer', 'Due sooner'], ['Due later', 'No date, newer'], ['No date, older']]);

    for (const title of ['Due later', 'No date, older', 'Due sooner']) {
      t.clock.advance(1000);
      const id = (await portal('GET', `/tasks?clientId=${ids.northwind}&limit=100`)).json.items.find((i: { title: string }) => i.title === title).id;
      await portal('POST', `/tasks/${id}/complete`);
    }
    const first = await portal('GET', `/tasks?clientId=${ids.northwind}&state=done&limit=2`);
    const rest = await portal('GET', `/tasks?clientId=${ids.northwind}&state=done&limit=2&cursor=${first.json.nextCursor}`);
    expect([...titles(first), ...titles(rest)]).toEqual(['Due sooner', 'No date, older', 'Due later']);
    expect(rest.json.nextCursor).toBeNull();
    expect(titles(await portal('GET', `/tasks?clientId=${ids.northwind}`))).toEqual(['Due sooner, newer', 'No date, newer']);
  });

  it('carries the work, its title, the section and whether the firm completed it', async () => {
    await t.db.$client.execute({ sql: "insert into works (id, firm_id, client_id, title, start_date, created_at, updated_at) values ('wrk_annual', ?, ?, 'Annual report 2026', '2030-01-01', 0, 0)", args: [ids.firm, ids.northwind] });
    const task = await assigned({ title: 'In a work', workId: 'wrk_annual', section: 'Documents' });
    const item = (await portal('GET', `/tasks?clientId=${ids.northwind}`)).json.items.find((i: { id: string }) => i.id === task.id);
    expect(item).toMatchObject({ workId: 'wrk_annual', workTitle: 'Annual report 2026', section: 'Documents', completedByFirm: false });
    await firm('POST', `/tasks/${task.id}/complete`);
    const done = (await portal('GET', `/tasks?clientId=${ids.northwind}&state=done`)).json.items.find((i: { id: string }) => i.id === task.id);
    expect(done).toMatchObject({ state: 'done', completedByFirm: true });
  });

  it('takes the tasks of a completed work out of the portal, and brings them back when it is reopened', async () => {
    await t.db.$client.execute({ sql: "insert into works (id, firm_id, client_id, title, start_date, created_at, updated_at) values ('wrk_done', ?, ?, 'Closing', '2030-01-01', 0, 0)", args: [ids.firm, ids.northwind] });
    const task = await assigned({ title: 'Of the work', workId: 'wrk_done' });
    await t.db.$client.execute("update works set completed_at = 5 where id = 'wrk_done'");
    expect(titles(await portal('GET', '/tasks'))).not.toContain('Of the work');
    expect((await portal('GET', `/tasks/${task.id}`)).status).toBe(404);
    await t.db.$client.execute("update works set completed_at = null where id = 'wrk_done'");
    expect(titles(await portal('GET', '/tasks'))).toContain('Of the work');
  });

  it.each(['state=later', 'limit=0', 'cursor=nope', 'state=done&cursor=WzEsMiwzXQ'])('refuses %s with 400', async (query) => {
    const res = await portal('GET', `/tasks?${query}`);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
  });
});

describe('POST /portal/tasks/:id/reopen', () => {
  it("undoes the client's done, with a history entry", async () => {
    const task = await assigned({});
    await portal('POST', `/tasks/${task.id}/complete`);
    const res = await portal('POST', `/tasks/${task.id}/reopen`);
    expect(res.status).toBe(200);
    expect(res.json.state).toBe('open');
    expect((await firm('GET', `/tasks/${task.id}`)).json).toMatchObject({ stage: 'waiting', clientState: 'open' });
    const actions = (await t.db.$client.execute({ sql: 'select action from activity where subject_id = ? order by at, rowid', args: [task.id] })).rows.map((r) => r.action);
    expect(actions.at(-1)).toBe('task.client_undone');
  });

  it('is refused once the firm has completed it (409), writing nothing', async () => {
    const task = await assigned({ autoComplete: true });
    await portal('POST', `/tasks/${task.id}/complete`);
    const before = await snapshot();
    const activity = await t.count('activity');
    const res = await portal('POST', `/tasks/${task.id}/reopen`);
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('conflict');
    expect(await snapshot()).toBe(before);
    expect(await t.count('activity')).toBe(activity);
  });

  it("answers 404 for another company's task", async () => {
    const task = await assigned({});
    await portal('POST', `/tasks/${task.id}/complete`);
    expect((await portal('POST', `/tasks/${task.id}/reopen`, undefined, timber)).status).toBe(404);
    expect((await firm('GET', `/tasks/${task.id}`)).json.clientState).toBe('done');
  });
});

describe('PATCH /portal/tasks/:id/checklist/:itemId', () => {
  it('ticks and unticks an item, keeping the counts in step, each with a history entry', async () => {
    const task = await assigned({ checklist: ['One', 'Two'] });
    const [one] = task.checklistItems;
    const res = await portal('PATCH', `/tasks/${task.id}/checklist/${one.id}`, { done: true });
    expect(res.status).toBe(200);
    expect(res.json.checklist.map((i: { done: boolean }) => i.done)).toEqual([true, false]);
    expect(res.json.checklistProgress).toEqual({ done: 1, total: 2 });
    // Ticking what is ticked changes nothing and records nothing.
    const activity = await t.count('activity');
    await portal('PATCH', `/tasks/${task.id}/checklist/${one.id}`, { done: true });
    expect(await t.count('activity')).toBe(activity);
    const undone = await portal('PATCH', `/tasks/${task.id}/checklist/${one.id}`, { done: false });
    expect(undone.json.checklistProgress).toEqual({ done: 0, total: 2 });
    const rows = (await t.db.$client.execute({ sql: "select data from activity where subject_id = ? and action = 'task.checklist_ticked' order by at, rowid", args: [task.id] })).rows;
    expect(rows.map((r) => JSON.parse(String(r.data)).done)).toEqual([true, false]);
  });

  it.each([
    ['a task of a company the contact does not belong to', 'other-company', 404],
    ['an item of another task', 'other-item', 404],
    ['a withdrawn task', 'withdrawn', 404],
    ['a task the firm completed', 'completed', 409],
    ['a deleted task', 'deleted', 404],
    ['a body without done', 'no-done', 400],
  ])('refuses %s, writing nothing', async (_, kind, status) => {
    const task = await assigned({ checklist: ['One'] });
    const other = await assigned({ checklist: ['Other'] });
    let token = client;
    let itemId = task.checklistItems[0].id;
    if (kind === 'other-company') token = timber;
    if (kind === 'other-item') itemId = other.checklistItems[0].id;
    if (kind === 'withdrawn') await firm('POST', `/tasks/${task.id}/withdraw`);
    if (kind === 'completed') await firm('POST', `/tasks/${task.id}/complete`);
    if (kind === 'deleted') await firm('DELETE', `/tasks/${task.id}?version=${task.version}`);
    const before = await snapshot();
    const counted = await counts();
    const res = await portal('PATCH', `/tasks/${task.id}/checklist/${itemId}`, kind === 'no-done' ? {} : { done: true }, token);
    expect(res.status).toBe(status);
    expect(await snapshot()).toBe(before);
    expect(await counts()).toEqual(counted);
  });
});

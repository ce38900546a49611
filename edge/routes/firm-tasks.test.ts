import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';
import { checklistOf, findFirmTaskRow, updateTask } from '../data/firm-tasks.ts';

/** The board (paging, filters), editing, deleting and the history of firm tasks. */
let t: TestApp;
let staff: string;
let acmeStaff: string;
let ids: { firm: string; northwind: string; harbor: string; timber: string; owner: string; mari: string; acmeClient: string; acmeMember: string };
beforeEach(async () => {
  t = await createTestApp();
  staff = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  acmeStaff = (await t.signIn('acme', 'owner@acme.test', 'staff')).token;
  const one = async (sql: string) => String((await t.db.$client.execute(sql)).rows[0]!.id);
  ids = {
    firm: await one("select id from firms where slug = 'demo'"),
    northwind: await one("select id from clients where name = 'Northwind Bakery OÜ'"),
    harbor: await one("select id from clients where name = 'Harbor Lights Studio'"),
    timber: await one("select id from clients where name = 'Baltic Timber AS'"),
    owner: await one("select id from members where email = 'owner@demo.test'"),
    mari: await one("select id from members where email = 'mari@demo.test'"),
    acmeClient: await one("select id from clients where name = 'Acme Widgets Ltd'"),
    acmeMember: await one("select id from members where email = 'owner@acme.test'"),
  };
});
afterEach(() => t.cleanup());

const req = (method: string, path: string, body?: unknown, token = staff) => t.request(method, `/api/v1/firm${path}`, { token, body });
const create = async (body: Record<string, unknown>) => {
  const res = await req('POST', '/tasks', { clientId: ids.northwind, title: 'A task', ...body });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
};
const titles = (res: { json: { items: { title: string }[] } }) => res.json.items.map((i) => i.title);
const counts = async () => ({ tasks: await t.count('tasks'), items: await t.count('checklist_items'), activity: await t.count('activity'), jobs: await t.count('jobs') });
async function insertWork(id: string, clientId: string, firmId = ids.firm, completedAt: number | null = null) {
  await t.db.$client.execute({
    sql: 'insert into works (id, firm_id, client_id, title, start_date, completed_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?, 0, 0)',
    args: [id, firmId, clientId, `Work ${id}`, '2030-01-01', completedAt],
  });
}

describe('GET /firm/tasks: the board', () => {
  it('pages through every task, newest first, with no task twice or left out', async () => {
    for (let i = 0; i < 7; i++) {
      t.clock.advance(i % 2); // Some share a creation time: the id breaks the tie.
      await create({ title: `Paged ${i}` });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await req('GET', `/tasks?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.json.items.length).toBeLessThanOrEqual(4);
      seen.push(...titles(res));
      cursor = res.json.nextCursor;
      pages++;
    } while (cursor);
    const all = (await t.db.$client.execute({ sql: 'select title from tasks where firm_id = ? order by created_at desc, id desc', args: [ids.firm] })).rows.map((r) => r.title);
    expect(seen).toEqual(all);
    expect(all.length).toBe(18);
    expect(pages).toBe(5);
  });

  it('answers the new fields: stage, clientName, version, work, section, series', async () => {
    const task = await create({ title: 'Fields', dueDate: '2030-01-31', section: 'Payroll', recurrence: { freq: 'monthly', day: -1 } });
    expect(task).toMatchObject({
      clientName: 'Northwind Bakery OÜ', stage: 'draft', version: 0, workId: null, section: 'Payroll',
      recurrence: { freq: 'monthly', day: -1 }, seriesId: task.id, occurrence: 1, sendAt: null,
    });
  });

  it('filters by stage, overdue, client, work, responsible member and a piece of the title', async () => {
    await insertWork('wrk_annual', ids.harbor);
    await create({ title: 'In the annual WORK', clientId: ids.harbor, workId: 'wrk_annual', assign: true });
    await t.db.$client.execute({ sql: 'update clients set responsible_member_id = ? where id = ?', args: [ids.mari, ids.timber] });
    const get = async (query: string) => titles(await req('GET', `/tasks?${query}`));

    expect(await get('stage=draft')).toEqual(['Draft: inventory count', 'Approve and sign the report']);
    expect(await get('stage=withdrawn')).toEqual(['Old payroll question']);
    expect((await get('stage=waiting')).length).toBe(9);
    expect((await get('overdue=true')).sort()).toEqual(['Answer payroll questions', 'Send March receipts']);
    expect((await get(`clientId=${ids.harbor}`)).sort()).toEqual(['Answer payroll questions', 'In the annual WORK', 'Upload Q1 bank statements']);
    expect(await get('workId=wrk_annual')).toEqual(['In the annual WORK']);
    expect(await get(`responsibleId=${ids.mari}`)).toEqual(['Send the loan agreement']);
    expect(await get('q=annual%20w')).toEqual(['In the annual WORK']);
    expect(await get('q=ANNUAL')).toEqual(['In the annual WORK', 'Sign the annual report']);
    expect(await get('q=100%25')).toEqual([]); // % is a letter, not a wildcard.
    expect(await get(`stage=waiting&clientId=${ids.harbor}&q=upload`)).toEqual(['Upload Q1 bank statements']);
  });

  it('shows "done by client, waiting for you" as its own stage', async () => {
    const task = await create({ title: 'Client finishes', assign: true });
    const client = await t.signIn('demo', 'client@demo.test');
    await t.request('POST', `/api/v1/portal/tasks/${task.id}/complete`, { token: client.token });
    expect(titles(await req('GET', '/tasks?stage=client_done'))).toEqual(['Client finishes']);
    expect((await req('GET', `/tasks/${task.id}`)).json.stage).toBe('client_done');
  });

  it.each([
    ['clientId', () => ids.acmeClient],
    ['workId', () => 'wrk_acme'],
    ['responsibleId', () => ids.acmeMember],
    ['clientId', () => 'cli_nosuch'],
  ])('answers 404 for a filter naming another firm\'s %s', async (filter, value) => {
    await insertWork('wrk_acme', ids.acmeClient, String((await t.db.$client.execute("select id from firms where slug = 'acme'")).rows[0]!.id));
    const res = await req('GET', `/tasks?${filter}=${value()}`);
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
  });

  it.each(['limit=0', 'limit=101', 'limit=x', 'cursor=garbage', 'stage=done', 'overdue=yes'])('refuses %s with 400', async (query) => {
    const res = await req('GET', `/tasks?${query}`);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
  });
});

describe('POST /firm/tasks: refused input writes nothing', () => {
  it.each([
    ['an impossible due date', { dueDate: '2027-02-30' }],
    ['a recurrence without a due date', { recurrence: { freq: 'monthly' } }],
    ['an end before the start', { dueDate: '2030-05-01', recurrence: { freq: 'weekly', until: '2030-04-01' } }],
    ['a rule with no next date', { dueDate: '2030-05-01', recurrence: { freq: 'monthly', count: 1 } }],
    ['a rule whose next date is past its end', { dueDate: '2030-05-01', recurrence: { freq: 'yearly', until: '2030-12-31' } }],
    ['an impossible end date', { dueDate: '2030-05-01', recurrence: { freq: 'weekly', until: '2031-02-29' } }],
    ['a day of month out of range', { dueDate: '2030-05-01', recurrence: { freq: 'monthly', day: 32 } }],
    ['an overlong title', { title: 'x'.repeat(201) }],
    ['an overlong description', { description: 'x'.repeat(10_001) }],
    ['an overlong checklist item', { checklist: ['x'.repeat(501)] }],
    ['an overlong section', { section: 'x'.repeat(101) }],
    ['101 checklist items', { checklist: Array.from({ length: 101 }, (_, i) => `item ${i}`) }],
    ['an unknown key in the rule', { dueDate: '2030-05-01', recurrence: { freq: 'monthly', dya: -1 } }],
    ['an unknown key in the body', { dueDate: '2030-05-01', due: '2030-06-01' }],
  ])('refuses %s (400)', async (_, body) => {
    const before = await counts();
    const res = await req('POST', '/tasks', { clientId: ids.northwind, title: 'A task', ...body });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
    expect(await counts()).toEqual(before);
  });

  it("refuses another firm's work, or a work of another client (404)", async () => {
    await insertWork('wrk_harbor', ids.harbor);
    const before = await counts();
    const res = await req('POST', '/tasks', { clientId: ids.northwind, title: 'A task', workId: 'wrk_harbor' });
    expect(res.status).toBe(404);
    expect(await counts()).toEqual(before);
  });
});

describe('PATCH /firm/tasks/:id', () => {
  it('edits fields and the checklist in one call: add, edit, remove, reorder; ticks are kept; the history names the fields', async () => {
    const task = await create({ checklist: ['One', 'Two', 'Three'], assign: true });
    const [one, two, three] = task.checklistItems;
    const client = await t.signIn('demo', 'client@demo.test');
    await t.request('PATCH', `/api/v1/portal/tasks/${task.id}/checklist/${two.id}`, { token: client.token, body: { done: true } });
    const version = (await req('GET', `/tasks/${task.id}`)).json.version;

    const res = await req('PATCH', `/tasks/${task.id}`, {
      version,
      title: 'Renamed',
      dueDate: '2030-06-30',
      checklist: [{ id: three.id, text: 'Three' }, { text: 'New' }, { id: two.id, text: 'Two, edited' }],
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ title: 'Renamed', dueDate: '2030-06-30', version: version + 1 });
    expect(res.json.checklistItems.map((i: { text: string; done: boolean }) => [i.text, i.done])).toEqual([['Three', false], ['New', false], ['Two, edited', true]]);
    expect(res.json.checklistItems[0].id).toBe(three.id);
    expect(res.json.checklistItems.map((i: { id: string }) => i.id)).not.toContain(one.id);
    const row = (await t.db.$client.execute({ sql: 'select checklist_total, checklist_done from tasks where id = ?', args: [task.id] })).rows[0]!;
    expect(row).toMatchObject({ checklist_total: 3, checklist_done: 1 });
    const history = (await req('GET', `/tasks/${task.id}/history`)).json.items;
    expect(history[0]).toMatchObject({ action: 'edited', data: { fields: ['title', 'dueDate', 'checklist'] }, actor: { type: 'member', id: ids.owner, name: 'Olivia Owner' } });
  });

  it('of two edits from the same read, the later is refused (409) and writes nothing: no checklist item is silently dropped', async () => {
    const task = await create({ checklist: ['Keep me'] });
    const first = await req('PATCH', `/tasks/${task.id}`, { version: task.version, checklist: [...task.checklistItems, { text: 'Added by A' }] });
    expect(first.status).toBe(200);
    const before = await counts();
    const snapshot = JSON.stringify((await t.db.$client.execute('select * from checklist_items order by id')).rows);
    const second = await req('PATCH', `/tasks/${task.id}`, { version: task.version, title: 'B', checklist: [{ id: task.checklistItems[0].id, text: 'Keep me' }] });
    expect(second.status).toBe(409);
    expect(second.json.error.code).toBe('conflict');
    expect(await counts()).toEqual(before);
    expect(JSON.stringify((await t.db.$client.execute('select * from checklist_items order by id')).rows)).toBe(snapshot);
    expect((await req('GET', `/tasks/${task.id}`)).json.checklistItems.map((i: { text: string }) => i.text)).toEqual(['Keep me', 'Added by A']);
  });

  it('writes nothing for an edit that changes nothing', async () => {
    const task = await create({ title: 'Same', checklist: ['Same item'] });
    const before = await counts();
    const res = await req('PATCH', `/tasks/${task.id}`, { version: task.version, title: 'Same', checklist: task.checklistItems.map(({ id, text }: { id: string; text: string }) => ({ id, text })) });
    expect(res.status).toBe(200);
    expect(res.json.version).toBe(task.version);
    expect(await counts()).toEqual(before);
  });

  it('applies at most one of two edits made from the same read, even when both pass the route\'s check: the loser writes nothing', async () => {
    const task = await create({ checklist: ['Keep me'] });
    const caller = { kind: 'member' as const, firmId: ids.firm, memberId: ids.owner, role: 'owner' as const, sessionId: 'ses_x', timezone: 'Europe/Tallinn' };
    const read = (await findFirmTaskRow(t.db, ids.firm, task.id))!;
    const items = await checklistOf(t.db, ids.firm, task.id);
    const addition = { checklist: [...items, { text: 'Added by A' }] };
    expect(await updateTask(t.db, caller, read, addition, ['checklist'], t.clock.now())).toBe('done');
    const before = await counts();
    const snapshot = JSON.stringify((await t.db.$client.execute('select * from checklist_items order by id')).rows);
    expect(await updateTask(t.db, caller, read, { title: 'B', checklist: [{ text: 'Only me' }] }, ['title', 'checklist'], t.clock.now())).toBe('stale');
    expect(await counts()).toEqual(before);
    expect(JSON.stringify((await t.db.$client.execute('select * from checklist_items order by id')).rows)).toBe(snapshot);
    expect((await req('GET', `/tasks/${task.id}`)).json.title).toBe('A task');
  });

  it.each([
    ['an impossible date', { dueDate: '2027-02-30' }, 400],
    ['a recurrence on a task with no due date', { recurrence: { freq: 'weekly' } }, 400],
    ['an overlong title', { title: 'x'.repeat(201) }, 400],
    ['an overlong checklist text', { checklist: [{ text: 'x'.repeat(501) }] }, 400],
    ['an item listed twice', 'twice', 400],
    ["another task's checklist item", 'foreign', 404],
    ['a missing version', 'noversion', 400],
    ['an unknown key in the rule', { dueDate: '2030-05-01', recurrence: { freq: 'monthly', dya: -1 } }, 400],
    ['an unknown key in the body', { titel: 'Typo' }, 400],
  ])('refuses %s, writing nothing', async (_, body, status) => {
    const task = await create({ checklist: ['Mine'] });
    const other = await create({ checklist: ['Theirs'] });
    const edit =
      body === 'twice' ? { checklist: [task.checklistItems[0], task.checklistItems[0]] }
      : body === 'foreign' ? { checklist: [other.checklistItems[0]] }
      : body;
    const before = await counts();
    const res = await req('PATCH', `/tasks/${task.id}`, body === 'noversion' ? { title: 'x' } : { version: task.version, ...(edit as object) });
    expect(res.status).toBe(status);
    expect(await counts()).toEqual(before);
    expect((await req('GET', `/tasks/${task.id}`)).json.version).toBe(task.version);
  });

  it('refuses checklist changes on a withdrawn task (409) and on another firm\'s task (404), writing nothing', async () => {
    const task = await create({ checklist: ['Mine'], assign: true });
    const withdrawn = (await req('POST', `/tasks/${task.id}/withdraw`)).json;
    const before = await counts();
    const res = await req('PATCH', `/tasks/${task.id}`, { version: withdrawn.version, checklist: [{ text: 'More' }] });
    expect(res.status).toBe(409);
    const foreign = await req('PATCH', `/tasks/${task.id}`, { version: withdrawn.version, checklist: [{ text: 'More' }] }, acmeStaff);
    expect(foreign.status).toBe(404);
    expect(await counts()).toEqual(before);
  });
});

describe('DELETE /firm/tasks/:id', () => {
  it('takes the task out of the board, its detail, the portal and emails; edits then answer 404; its history stays', async () => {
    const task = await create({ title: 'Soon deleted', assign: true });
    const client = await t.signIn('demo', 'client@demo.test');
    expect((await req('DELETE', `/tasks/${task.id}?version=${task.version + 1}`)).status).toBe(409);
    const res = await req('DELETE', `/tasks/${task.id}?version=${task.version}`);
    expect(res.status).toBe(204);
    expect(titles(await req('GET', '/tasks'))).not.toContain('Soon deleted');
    expect((await req('GET', `/tasks/${task.id}`)).status).toBe(404);
    const before = await counts();
    expect((await req('PATCH', `/tasks/${task.id}`, { version: task.version + 1, title: 'x' })).status).toBe(404);
    expect((await req('POST', `/tasks/${task.id}/complete`)).status).toBe(404);
    expect((await req('DELETE', `/tasks/${task.id}?version=${task.version + 1}`)).status).toBe(404);
    expect(await counts()).toEqual(before);
    const portal = await t.request('GET', `/api/v1/portal/tasks?clientId=${ids.northwind}`, { token: client.token });
    expect(portal.json.items.map((i: { title: string }) => i.title)).not.toContain('Soon deleted');
    expect((await t.request('GET', `/api/v1/portal/tasks/${task.id}`, { token: client.token })).status).toBe(404);
    // The assignment email would have named it: with the task deleted, it names nothing and is not sent.
    t.clock.advance(t.config.assignNotifyDelaySeconds * 1000 + 1);
    expect((await t.mailbox()).filter((m) => m.text.includes('Soon deleted'))).toEqual([]);
    const actions = (await t.db.$client.execute({ sql: 'select action from activity where subject_id = ? order by at, rowid', args: [task.id] })).rows.map((r) => r.action);
    expect(actions).toEqual(['task.created', 'task.assigned', 'task.deleted']);
  });
});

describe('GET /firm/tasks/:id/history', () => {
  it('lists who did what, newest first, a page at a time, naming members and contacts', async () => {
    const task = await create({ checklist: ['Tick me'] });
    t.clock.advance(1000);
    await req('POST', `/tasks/${task.id}/assign`);
    const client = await t.signIn('demo', 'client@demo.test');
    t.clock.advance(1000);
    await t.request('GET', `/api/v1/portal/tasks/${task.id}`, { token: client.token });
    await t.request('GET', `/api/v1/portal/tasks/${task.id}`, { token: client.token }); // Only the first view counts.
    t.clock.advance(1000);
    await t.request('PATCH', `/api/v1/portal/tasks/${task.id}/checklist/${task.checklistItems[0].id}`, { token: client.token, body: { done: true } });
    t.clock.advance(1000);
    await t.request('POST', `/api/v1/portal/tasks/${task.id}/complete`, { token: client.token });
    t.clock.advance(1000);
    await t.request('POST', `/api/v1/portal/tasks/${task.id}/reopen`, { token: client.token });
    t.clock.advance(1000);
    await req('POST', `/tasks/${task.id}/complete`);
    t.clock.advance(1000);
    await req('POST', `/tasks/${task.id}/reopen`);

    const first = await req('GET', `/tasks/${task.id}/history?limit=5`);
    const second = await req('GET', `/tasks/${task.id}/history?limit=5&cursor=${first.json.nextCursor}`);
    expect(second.json.nextCursor).toBeNull();
    const entries = [...first.json.items, ...second.json.items];
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['reopened', 'completed', 'client_undone', 'client_done', 'checklist_ticked', 'viewed', 'assigned', 'created']);
    expect(entries.find((e: { action: string }) => e.action === 'checklist_ticked')).toMatchObject({
      actor: { type: 'contact', name: 'Kadri Kask' },
      data: { itemId: task.checklistItems[0].id, text: 'Tick me', done: true },
    });
    expect(entries.at(-1)).toMatchObject({ actor: { type: 'member', id: ids.owner, name: 'Olivia Owner' }, at: expect.any(Number) });
  });

  it("answers 404 for another firm's task", async () => {
    const task = await create({});
    expect((await req('GET', `/tasks/${task.id}/history`, undefined, acmeStaff)).status).toBe(404);
  });
});

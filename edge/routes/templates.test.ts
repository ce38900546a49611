import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';
import { instantAt } from '../domain/calendar.ts';
import { occurrenceDate } from '../domain/recurrence.ts';
import { addDays, todayIn } from '../../db/dates.ts';

let t: TestApp;
let staff: string;
let clientIds: Record<string, string>;
beforeEach(async () => {
  t = await createTestApp();
  staff = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  const clients = (await t.request('GET', '/api/v1/firm/clients', { token: staff })).json.items;
  clientIds = Object.fromEntries(clients.map((c: { name: string; id: string }) => [c.name, c.id]));
});
afterEach(() => t.cleanup());

const post = (path: string, body?: unknown) => t.request('POST', path, { token: staff, body });
const get = (path: string) => t.request('GET', path, { token: staff });

const task = (over: Record<string, unknown> = {}) => ({ section: 'Documents', title: 'Bank statements', description: 'All accounts', checklist: ['Main', 'Savings'], dueOffsetDays: 10, sending: { kind: 'immediate' }, ...over });
const workTemplate = (tasks: unknown[], over: Record<string, unknown> = {}) => ({ kind: 'work', title: 'Year end', tasks, ...over });
const rowsOf = async () => ({ works: await t.count('works'), tasks: await t.count('tasks'), jobs: await t.count('jobs'), templates: await t.count('templates'), activity: await t.count('activity') });

describe('templates', () => {
  it('are created, read, listed by title, edited with a version and soft-deleted', async () => {
    const created = await post('/api/v1/firm/templates', workTemplate([task()]));
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ kind: 'work', title: 'Year end', version: 0, selfService: false, recurrence: null });
    expect(created.json.tasks[0]).toEqual({ ...task(), autoComplete: false });
    const titles = (await get('/api/v1/firm/templates')).json.items.map((x: { title: string }) => x.title);
    expect(titles).toEqual(['Annual report', 'Year end']);
    const edited = await t.request('PATCH', `/api/v1/firm/templates/${created.json.id}`, { token: staff, body: { version: 0, title: 'Year end close' } });
    expect(edited.json).toMatchObject({ title: 'Year end close', version: 1 });
    expect((await t.request('PATCH', `/api/v1/firm/templates/${created.json.id}`, { token: staff, body: { version: 0, title: 'Stale' } })).status).toBe(409);
    expect((await t.request('DELETE', `/api/v1/firm/templates/${created.json.id}?version=0`, { token: staff })).status).toBe(409);
    expect((await t.request('DELETE', `/api/v1/firm/templates/${created.json.id}?version=1`, { token: staff })).status).toBe(204);
    expect((await get(`/api/v1/firm/templates/${created.json.id}`)).status).toBe(404);
    expect((await get('/api/v1/firm/templates?kind=work')).json.items.map((x: { title: string }) => x.title)).toEqual(['Annual report']);
    expect(await t.count('templates')).toBe(2); // the demo's Annual report, and the deleted one kept for its history
  });

  it.each([
    ['no tasks', workTemplate([]), 'tasks'],
    ['a task template with two tasks', { kind: 'task', title: 'One', tasks: [task(), task()] }, 'tasks'],
    ['a due date before the sending date', workTemplate([task({ dueOffsetDays: 3, sending: { kind: 'offset', days: 5 } })]), 'tasks.0.dueOffsetDays'],
    ['a weekly work template', workTemplate([task()], { recurrence: { freq: 'weekly' } }), 'recurrence.freq'],
    ['a recurrence that never repeats', workTemplate([task()], { recurrence: { freq: 'monthly', count: 1 } }), 'recurrence'],
    ['an overlong title', workTemplate([task({ title: 'x'.repeat(201) })]), 'tasks.0.title'],
    ['an overlong checklist item', workTemplate([task({ checklist: ['x'.repeat(501)] })]), 'tasks.0.checklist.0'],
    ['51 tasks', workTemplate(Array.from({ length: 51 }, () => task())), 'tasks'],
    ['a checklist entry with an empty text', workTemplate([task({ checklist: [{ text: '', requestsFile: true }] })]), 'tasks.0.checklist.0'],
    ['a checklist entry whose requestsFile is not a boolean', workTemplate([task({ checklist: [{ text: 'Statement', requestsFile: 'yes' }] })]), 'tasks.0.checklist.0'],
    ['a checklist entry with an unknown field', workTemplate([task({ checklist: [{ text: 'Statement', done: true }] })]), 'tasks.0.checklist.0'],
  ])('refuses %s with 400 and writes nothing', async (_, body, path) => {
    const before = await rowsOf();
    const res = await post('/api/v1/firm/templates', body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
    expect(res.json.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(await rowsOf()).toEqual(before);
  });

  it('previews what the client sees for a start date: sections, due and sending dates', async () => {
    const created = await post('/api/v1/firm/templates', workTemplate([
      task({ title: 'A', sending: { kind: 'offset', days: -2 }, dueOffsetDays: 5 }),
      task({ section: 'Signing', title: 'B', sending: { kind: 'manual' }, dueOffsetDays: null }),
      task({ title: 'C', dueOffsetDays: -1 }),
    ]));
    const preview = await get(`/api/v1/firm/templates/${created.json.id}/preview?startDate=2028-03-01`);
    expect(preview.json.sections.map((s: { title: string }) => s.title)).toEqual(['Documents', 'Signing']);
    expect(preview.json.sections[0].tasks.map((x: { title: string; dueDate: string; sendDate: string }) => [x.title, x.dueDate, x.sendDate])).toEqual([
      ['A', '2028-03-06', '2028-02-28'],
      ['C', '2028-02-29', expect.stringMatching(/^\d{4}-\d\d-\d\d$/)],
    ]);
    expect(preview.json.sections[1].tasks[0]).toMatchObject({ dueDate: null, sendDate: null });
    expect((await get(`/api/v1/firm/templates/${created.json.id}/preview?startDate=2027-02-30`)).status).toBe(400);
  });
});

describe('create from template', () => {
  it('takes checklist entries that ask for a file, and applied makes document requests of them', async () => {
    const checklist = ['Read the letter', { text: 'Bank statement for March', requestsFile: true }, { text: 'Sign here', requestsFile: false }];
    const tpl = await post('/api/v1/firm/templates', workTemplate([task({ checklist })]));
    expect(tpl.status).toBe(201);
    // Entries are kept as a task's are: a plain text, or `{ text, requestsFile: true }`.
    const stored = ['Read the letter', { text: 'Bank statement for March', requestsFile: true }, 'Sign here'];
    expect(tpl.json.tasks[0].checklist).toEqual(stored);
    expect((await get(`/api/v1/firm/templates/${tpl.json.id}`)).json.tasks[0].checklist).toEqual(stored);
    const preview = await get(`/api/v1/firm/templates/${tpl.json.id}/preview?startDate=2030-05-01`);
    expect(preview.json.sections[0].tasks[0].checklist).toEqual(['Read the letter', 'Bank statement for March', 'Sign here']);
    const applied = await post(`/api/v1/firm/templates/${tpl.json.id}/apply`, { clientIds: [clientIds['Northwind Bakery OÜ']!], startDate: '2030-05-01' });
    const [made] = (await get(`/api/v1/firm/work/${applied.json.items[0].workId}`)).json.tasks;
    expect(made.checklistItems.map((i: { text: string; requestsFile: boolean }) => [i.text, i.requestsFile])).toEqual([
      ['Read the letter', false],
      ['Bank statement for March', true],
      ['Sign here', false],
    ]);
    // An edit can take the file request off again.
    const edited = await t.request('PATCH', `/api/v1/firm/templates/${tpl.json.id}`, { token: staff, body: { version: 0, tasks: [task({ checklist: ['Read the letter', { text: 'Bank statement for March' }] })] } });
    expect(edited.json.tasks[0].checklist).toEqual(['Read the letter', 'Bank statement for March']);
  });

  it('creates a work and tasks per client by the sending rules, in one answer', async () => {
    const tpl = await post('/api/v1/firm/templates', workTemplate([
      task({ title: 'Now' }),
      task({ title: 'Later', sending: { kind: 'offset', days: 3 }, dueOffsetDays: 10 }),
      task({ section: 'Signing', title: 'By hand', sending: { kind: 'manual' } }),
    ]));
    const targets = [clientIds['Northwind Bakery OÜ']!, clientIds['Baltic Timber AS']!];
    const applied = await post(`/api/v1/firm/templates/${tpl.json.id}/apply`, { clientIds: targets, startDate: '2030-05-01', title: 'Year end 2029' });
    expect(applied.status).toBe(201);
    expect(applied.json.items.map((i: { clientId: string }) => i.clientId)).toEqual(targets);
    const work = (await get(`/api/v1/firm/work/${applied.json.items[0].workId}`)).json;
    expect(work).toMatchObject({ title: 'Year end 2029', startDate: '2030-05-01', templateId: tpl.json.id, taskCounts: { total: 3, open: 3 } });
    expect(work.tasks.map((x: { title: string }) => x.title)).toEqual(['Now', 'Later', 'By hand']);
    const byTitle = Object.fromEntries(work.tasks.map((x: { title: string }) => [x.title, x]));
    expect(byTitle.Now).toMatchObject({ status: 'assigned', dueDate: '2030-05-11', checklistItems: [expect.objectContaining({ text: 'Main' }), expect.objectContaining({ text: 'Savings' })] });
    expect(byTitle.Later).toMatchObject({ status: 'draft', dueDate: '2030-05-11' });
    expect(byTitle['By hand']).toMatchObject({ status: 'draft' });
    const sendAt = (await t.db.$client.execute({ sql: 'select send_at from tasks where id = ?', args: [byTitle.Later.id] })).rows[0]!.send_at;
    expect(sendAt).toBe(instantAt('2030-05-04', 9, 'Europe/Tallinn'));
    const jobs = (await t.db.$client.execute("select kind, run_at from jobs where kind in ('template.send', 'notify.assigned') order by kind")).rows.map((r) => [r.kind, r.run_at]);
    // One assignment notice per contact (client@ and timber@), one sending job per offset task.
    expect(jobs).toEqual([['notify.assigned', expect.any(Number)], ['notify.assigned', expect.any(Number)], ['template.send', sendAt], ['template.send', sendAt]]);
    expect(t.wakes.length).toBeGreaterThan(0);
  });

  it('assigns an offset task when the clock passes its morning, once, and not when its work was completed meanwhile', async () => {
    const tpl = await post('/api/v1/firm/templates', workTemplate([task({ title: 'Later', sending: { kind: 'offset', days: 1 }, dueOffsetDays: 10 })]));
    const start = new Date(t.clock.now()).toISOString().slice(0, 10);
    const [nw, bt] = [clientIds['Northwind Bakery OÜ']!, clientIds['Baltic Timber AS']!];
    const applied = (await post(`/api/v1/firm/templates/${tpl.json.id}/apply`, { clientIds: [nw, bt], startDate: start })).json.items;
    expect((await post(`/api/v1/firm/work/${applied[1].workId}/complete?version=0`)).status).toBe(200);
    const status = async (i: number) => (await get(`/api/v1/firm/tasks/${applied[i].taskIds[0]}`)).json.status;
    await t.runJobs();
    expect(await status(0)).toBe('draft');
    t.clock.advance(3 * 86_400_000);
    await t.runJobs();
    expect(await status(0)).toBe('assigned');
    expect(await status(1)).toBe('draft');
    const history = (await t.db.$client.execute({ sql: 'select action, actor_type from activity where subject_id = ? order by at', args: [applied[0].taskIds[0]] })).rows.map((r) => `${r.action}/${r.actor_type}`);
    expect(history).toEqual(['task.created/member', 'task.sent_by_rule/system']);
    // A repeated wake-up finds it assigned and does nothing more.
    await t.db.$client.execute("update jobs set status = 'pending' where kind = 'template.send'");
    await t.runJobs();
    expect((await t.db.$client.execute({ sql: 'select count(*) as n from activity where subject_id = ?', args: [applied[0].taskIds[0]] })).rows[0]!.n).toBe(2);
  });

  it('makes one task per client from a single-task template, with no work', async () => {
    const tpl = await post('/api/v1/firm/templates', { kind: 'task', title: 'Car', tasks: [task({ title: 'Send the car papers', section: null })] });
    const applied = await post(`/api/v1/firm/templates/${tpl.json.id}/apply`, { clientIds: [clientIds['Baltic Timber AS']], startDate: '2030-01-01' });
    expect(applied.json.items).toEqual([{ clientId: clientIds['Baltic Timber AS'], workId: null, taskIds: [expect.stringMatching(/^tsk_/)] }]);
    expect((await get(`/api/v1/firm/tasks/${applied.json.items[0].taskIds[0]}`)).json).toMatchObject({ title: 'Send the car papers', status: 'assigned' });
  });

  it('makes the next work of a repeating template at the morning of the current start date', async () => {
    const tpl = await post('/api/v1/firm/templates', workTemplate([task({ title: 'Monthly papers' })], { title: 'Monthly close', recurrence: { freq: 'monthly', count: 3 } }));
    const today = new Date(t.clock.now()).toISOString().slice(0, 10);
    const applied = await post(`/api/v1/firm/templates/${tpl.json.id}/apply`, { clientIds: [clientIds['Baltic Timber AS']], startDate: today });
    expect(applied.status).toBe(201);
    const series = async () => (await get(`/api/v1/firm/work?clientId=${clientIds['Baltic Timber AS']}`)).json.items.map((w: { startDate: string }) => w.startDate).sort();
    expect(await series()).toHaveLength(1);
    t.clock.advance(86_400_000);
    await t.runJobs();
    const months = await series();
    expect(months).toHaveLength(2);
    expect(months[1]).toBe(occurrenceDate({ freq: 'monthly' }, today, 2));
    // Its job is done: a repeated run makes no third work before its time.
    await t.db.$client.execute("update jobs set status = 'pending' where kind = 'work.repeat' and status = 'done'");
    await t.runJobs();
    expect(await series()).toHaveLength(2);
  });

  it('applied with a past start date, makes only the first period not yet begun, never every missed one', async () => {
    const tpl = await post('/api/v1/firm/templates', workTemplate([task({ title: 'Monthly papers' })], { title: 'Monthly close', recurrence: { freq: 'monthly' } }));
    const today = todayIn('Europe/Tallinn', t.clock.now());
    const start = addDays(today, -365);
    const applied = await post(`/api/v1/firm/templates/${tpl.json.id}/apply`, { clientIds: [clientIds['Baltic Timber AS']], startDate: start });
    expect(applied.status).toBe(201);
    for (let i = 0; i < 4; i++) await t.runJobs();
    const dates = (await get(`/api/v1/firm/work?clientId=${clientIds['Baltic Timber AS']}`)).json.items.map((w: { startDate: string }) => w.startDate).sort();
    const firstAhead = Array.from({ length: 14 }, (_, i) => occurrenceDate({ freq: 'monthly' }, start, i + 1)).find((d) => d >= today);
    expect(dates[0]).toBe(start);
    expect(dates[1]).toBe(firstAhead);
    // One period ahead: the one after it exists only once its own start's morning has come (today's, at most).
    const expected = firstAhead === today && instantAt(today, t.config.morningHour, 'Europe/Tallinn') <= t.clock.now() ? 3 : 2;
    expect(dates).toHaveLength(expected);
  });

  it("refuses a start date edit while a sending rule still waits (409, nothing written), and moves a repeating work's next-work job", async () => {
    const client = clientIds['Baltic Timber AS'];
    const offset = await post('/api/v1/firm/templates', workTemplate([task({ title: 'Later', sending: { kind: 'offset', days: 5 } })]));
    const waiting = (await post(`/api/v1/firm/templates/${offset.json.id}/apply`, { clientIds: [client], startDate: '2030-01-01' })).json.items[0].workId;
    const before = await rowsOf();
    const refused = await t.request('PATCH', `/api/v1/firm/work/${waiting}`, { token: staff, body: { version: 0, startDate: '2030-02-01' } });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/sending rule/);
    expect(await rowsOf()).toEqual(before);
    expect((await get(`/api/v1/firm/work/${waiting}`)).json).toMatchObject({ startDate: '2030-01-01', version: 0 });
    // Its title can still change.
    expect((await t.request('PATCH', `/api/v1/firm/work/${waiting}`, { token: staff, body: { version: 0, title: 'Renamed' } })).status).toBe(200);

    const monthly = await post('/api/v1/firm/templates', workTemplate([task()], { recurrence: { freq: 'monthly' } }));
    const repeating = (await post(`/api/v1/firm/templates/${monthly.json.id}/apply`, { clientIds: [client], startDate: '2030-01-01' })).json.items[0].workId;
    const moved = await t.request('PATCH', `/api/v1/firm/work/${repeating}`, { token: staff, body: { version: 0, startDate: '2030-01-10' } });
    expect(moved.status).toBe(200);
    const runAt = (await t.db.$client.execute({ sql: "select run_at from jobs where unique_key = ?", args: [`work.repeat:${repeating}`] })).rows[0]!.run_at;
    expect(Number(runAt)).toBe(instantAt('2030-01-10', t.config.morningHour, 'Europe/Tallinn'));
  });

  it.each([
    ['more than 1000 clients', () => ({ clientIds: Array.from({ length: 1001 }, (_, i) => `cli_${i}`), startDate: '2030-01-01' }), 400],
    ['no clients', () => ({ clientIds: [], startDate: '2030-01-01' }), 400],
    ['a client named twice', (ids: string[]) => ({ clientIds: [ids[0], ids[0]], startDate: '2030-01-01' }), 400],
    ['an impossible start date', (ids: string[]) => ({ clientIds: [ids[0]], startDate: '2027-02-30' }), 400],
  ])('refuses %s and creates nothing', async (_, body, status) => {
    const tpl = await post('/api/v1/firm/templates', workTemplate([task()]));
    const before = await rowsOf();
    const res = await post(`/api/v1/firm/templates/${tpl.json.id}/apply`, body(Object.values(clientIds)));
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe('validation_failed');
    expect(await rowsOf()).toEqual(before);
  });

  it("refuses the whole batch when one client is another firm's: nothing created for anyone", async () => {
    const acme = (await t.signIn('acme', 'owner@acme.test', 'staff')).token;
    const acmeClient = (await t.request('GET', '/api/v1/firm/clients', { token: acme })).json.items[0].id;
    const tpl = await post('/api/v1/firm/templates', workTemplate([task()]));
    const before = await rowsOf();
    const res = await post(`/api/v1/firm/templates/${tpl.json.id}/apply`, { clientIds: [clientIds['Northwind Bakery OÜ'], acmeClient], startDate: '2030-01-01' });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
    expect(await rowsOf()).toEqual(before);
    // Nor can another firm use this firm's template.
    expect((await t.request('POST', `/api/v1/firm/templates/${tpl.json.id}/apply`, { token: acme, body: { clientIds: [acmeClient], startDate: '2030-01-01' } })).status).toBe(404);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';
import { firms } from '../../db/schema.ts';
import { createDefaultWorkStatuses, listWorkStatuses } from '../data/work.ts';

let t: TestApp;
let staff: string;
let northwind: string;
let statuses: { id: string; name: string; clientFacing: boolean }[];
beforeEach(async () => {
  t = await createTestApp();
  staff = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  const clients = (await t.request('GET', '/api/v1/firm/clients', { token: staff })).json.items;
  northwind = clients.find((c: { name: string }) => c.name === 'Northwind Bakery OÜ').id;
  statuses = (await t.request('GET', '/api/v1/firm/work-statuses', { token: staff })).json.items;
});
afterEach(() => t.cleanup());

const as = (token: string) => ({
  get: (path: string) => t.request('GET', path, { token }),
  post: (path: string, body?: unknown) => t.request('POST', path, { token, body }),
  patch: (path: string, body?: unknown) => t.request('PATCH', path, { token, body }),
});
const firm = () => as(staff);

describe('work statuses', () => {
  it('start as the four defaults, in order, three of them client-facing', () => {
    expect(statuses.map((s) => [s.name, s.clientFacing])).toEqual([
      ['Waiting for documents', true],
      ['In progress', true],
      ['In review', false],
      ['Done', true],
    ]);
  });

  it('are added at the end, renamed and moved; a duplicate name is 409 and writes nothing', async () => {
    const added = await firm().post('/api/v1/firm/work-statuses', { name: 'Waiting for signature', clientFacing: true });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ name: 'Waiting for signature', position: 4, clientFacing: true });
    const renamed = await firm().patch(`/api/v1/firm/work-statuses/${added.json.id}`, { version: 0, name: 'Signing', position: 0 });
    expect(renamed.json).toMatchObject({ name: 'Signing', position: 0, version: 1 });
    const before = await t.count('work_statuses');
    const dup = await firm().post('/api/v1/firm/work-statuses', { name: 'In review' });
    expect(dup.status).toBe(409);
    expect(await t.count('work_statuses')).toBe(before);
  });

  it('are edited compare-and-set on version: without one 400, a stale one 409, nothing written', async () => {
    const status = statuses[0]!;
    expect((await firm().patch(`/api/v1/firm/work-statuses/${status.id}`, { name: 'No version' })).status).toBe(400);
    expect((await firm().patch(`/api/v1/firm/work-statuses/${status.id}`, { version: 0, name: 'First' })).json).toMatchObject({ name: 'First', version: 1 });
    const activity = await t.count('activity');
    const stale = await firm().patch(`/api/v1/firm/work-statuses/${status.id}`, { version: 0, name: 'Second' });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe('conflict');
    expect(await t.count('activity')).toBe(activity);
    expect((await firm().get('/api/v1/firm/work-statuses')).json.items[0]).toMatchObject({ name: 'First', version: 1 });
  });

  it('are made for a new firm by createDefaultWorkStatuses', async () => {
    await t.db.insert(firms).values({ id: 'frm_new', slug: 'new-firm', name: 'New', createdAt: 1 });
    await createDefaultWorkStatuses(t.db, 'frm_new', 1);
    expect((await listWorkStatuses(t.db, 'frm_new')).map((s) => s.name)).toEqual(statuses.map((s) => s.name));
  });

  it("are the firm's own: another firm's status is 404", async () => {
    const acme = (await t.signIn('acme', 'owner@acme.test', 'staff')).token;
    const acmeStatus = (await as(acme).get('/api/v1/firm/work-statuses')).json.items[0];
    expect(acmeStatus.id).not.toBe(statuses[0]!.id);
    expect((await firm().patch(`/api/v1/firm/work-statuses/${acmeStatus.id}`, { version: 0, name: 'Mine now' })).status).toBe(404);
  });
});

describe('work', () => {
  const create = (body: Record<string, unknown> = {}) =>
    firm().post('/api/v1/firm/work', { clientId: northwind, title: 'VAT return March', startDate: '2030-04-01', ...body });

  it('is created, listed newest first with its status, paged by cursor, and filtered', async () => {
    const first = await create({ statusId: statuses[1]!.id });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ title: 'VAT return March', clientName: 'Northwind Bakery OÜ', statusName: 'In progress', clientFacing: true, version: 0, taskCounts: { total: 0, open: 0 } });
    t.clock.advance(1000);
    const second = await create({ title: 'VAT return April' });
    const page1 = await firm().get('/api/v1/firm/work?limit=1');
    expect(page1.json.items.map((w: { id: string }) => w.id)).toEqual([second.json.id]);
    const page2 = await firm().get(`/api/v1/firm/work?limit=1&cursor=${page1.json.nextCursor}`);
    expect(page2.json.items.map((w: { id: string }) => w.id)).toEqual([first.json.id]);
    const byStatus = await firm().get(`/api/v1/firm/work?statusId=${statuses[1]!.id}`);
    expect(byStatus.json.items.map((w: { id: string }) => w.id)).toEqual([first.json.id]);
    expect((await firm().get('/api/v1/firm/work?q=april')).json.items.map((w: { id: string }) => w.id)).toEqual([second.json.id]);
    expect((await firm().get('/api/v1/firm/work?cursor=bogus')).status).toBe(400);
  });

  it('shows the seeded demo work with its tasks in sections', async () => {
    const [demo] = (await firm().get(`/api/v1/firm/work?clientId=${northwind}`)).json.items;
    expect(demo).toMatchObject({ title: 'Annual report 2026', statusName: 'Waiting for documents', taskCounts: { total: 3, open: 3 } });
    const detail = await firm().get(`/api/v1/firm/work/${demo.id}`);
    expect(detail.json.tasks.map((x: { title: string }) => x.title)).toEqual(["Send the year's bank statements", 'Send the inventory count', 'Approve and sign the report']);
  });

  it('refuses a status not in the firm\'s list, on create and on edit, writing nothing', async () => {
    const acme = (await t.signIn('acme', 'owner@acme.test', 'staff')).token;
    const acmeStatus = (await as(acme).get('/api/v1/firm/work-statuses')).json.items[0].id;
    const before = await t.count('works');
    const refused = await create({ statusId: acmeStatus });
    expect(refused.status).toBe(400);
    expect(refused.json.error.issues).toEqual([{ path: 'statusId', message: "Not one of the firm's work statuses" }]);
    expect(await t.count('works')).toBe(before);
    const work = await create();
    const edit = await firm().patch(`/api/v1/firm/work/${work.json.id}`, { version: 0, statusId: acmeStatus, title: 'Changed' });
    expect(edit.status).toBe(400);
    expect((await firm().get(`/api/v1/firm/work/${work.json.id}`)).json).toMatchObject({ title: 'VAT return March', statusId: null, version: 0 });
  });

  it('changes with the version it was read at; a stale version is 409 and changes nothing', async () => {
    const work = await create();
    const edited = await firm().patch(`/api/v1/firm/work/${work.json.id}`, { version: 0, statusId: statuses[2]!.id });
    expect(edited.json).toMatchObject({ statusName: 'In review', clientFacing: false, version: 1 });
    const stale = await firm().patch(`/api/v1/firm/work/${work.json.id}`, { version: 0, title: 'Lost' });
    expect(stale.status).toBe(409);
    expect((await firm().get(`/api/v1/firm/work/${work.json.id}`)).json.title).toBe('VAT return March');
    const history = (await t.db.$client.execute({ sql: 'select action from activity where subject_id = ? order by at', args: [work.json.id] })).rows.map((r) => r.action);
    expect(history).toEqual(['work.created', 'work.edited']);
  });

  it('refuses an impossible start date and another firm\'s client', async () => {
    const before = await t.count('works');
    expect((await create({ startDate: '2027-02-30' })).json.error.code).toBe('validation_failed');
    const acmeClient = (await as((await t.signIn('acme', 'owner@acme.test', 'staff')).token).get('/api/v1/firm/clients')).json.items[0].id;
    expect((await create({ clientId: acmeClient })).status).toBe(404);
    expect(await t.count('works')).toBe(before);
  });

  it('cannot be changed by a client: the portal has no such route, and the firm routes refuse a contact', async () => {
    const work = await create();
    const contact = (await t.signIn('demo', 'client@demo.test')).token;
    const res = await as(contact).patch(`/api/v1/firm/work/${work.json.id}`, { version: 0, statusId: statuses[3]!.id });
    expect(res.status).toBe(403);
    expect((await as(contact).patch(`/api/v1/portal/work/${work.json.id}`, { version: 0, statusId: statuses[3]!.id })).status).toBe(404);
    expect((await firm().get(`/api/v1/firm/work/${work.json.id}`)).json).toMatchObject({ statusId: null, version: 0 });
  });

  it('completing it takes its tasks out of the portal; reopening brings them back', async () => {
    const contact = (await t.signIn('demo', 'client@demo.test')).token;
    const [demo] = (await firm().get(`/api/v1/firm/work?clientId=${northwind}`)).json.items;
    const portalTitles = async () => (await as(contact).get('/api/v1/portal/tasks')).json.items.map((i: { title: string }) => i.title);
    expect(await portalTitles()).toContain('Send the inventory count');
    const done = await firm().post(`/api/v1/firm/work/${demo.id}/complete?version=${demo.version}`);
    expect(done.json.completedAt).toEqual(expect.any(Number));
    expect(await portalTitles()).not.toContain('Send the inventory count');
    expect(await portalTitles()).toContain('Send March receipts');
    expect((await firm().post(`/api/v1/firm/work/${demo.id}/complete?version=${done.json.version}`)).status).toBe(409);
    expect((await firm().post(`/api/v1/firm/work/${demo.id}/send`)).status).toBe(409);
    expect((await firm().post(`/api/v1/firm/work/${demo.id}/reopen?version=${done.json.version}`)).status).toBe(200);
    expect(await portalTitles()).toContain('Send the inventory count');
    // Past tense, as the task history names its changes.
    const actions = (await t.db.$client.execute({ sql: 'select action from activity where subject_id = ? order by at', args: [demo.id] })).rows.map((r) => r.action);
    expect(actions.slice(-2)).toEqual(['work.completed', 'work.reopened']);
  });

  it.each(['complete', 'reopen'])('%s needs the version read: 400 without it, 409 when stale, nothing written', async (action) => {
    const [demo] = (await firm().get(`/api/v1/firm/work?clientId=${northwind}`)).json.items;
    if (action === 'reopen') expect((await firm().post(`/api/v1/firm/work/${demo.id}/complete?version=${demo.version}`)).status).toBe(200);
    const read = (await firm().get(`/api/v1/firm/work/${demo.id}`)).json;
    const missing = await firm().post(`/api/v1/firm/work/${demo.id}/${action}`);
    expect(missing.status).toBe(400);
    expect(missing.json.error.code).toBe('validation_failed');
    expect((await firm().patch(`/api/v1/firm/work/${demo.id}`, { version: read.version, title: 'Renamed meanwhile' })).status).toBe(200);
    const activity = await t.count('activity');
    const stale = await firm().post(`/api/v1/firm/work/${demo.id}/${action}?version=${read.version}`);
    expect(stale.status).toBe(409);
    expect(await t.count('activity')).toBe(activity);
    expect((await firm().get(`/api/v1/firm/work/${demo.id}`)).json.completedAt).toBe(read.completedAt);
  });

  it('"Send to client" assigns its draft tasks, with the assignment email', async () => {
    const contact = (await t.signIn('demo', 'client@demo.test')).token;
    const [demo] = (await firm().get(`/api/v1/firm/work?clientId=${northwind}`)).json.items;
    const titles = async () => (await as(contact).get('/api/v1/portal/tasks')).json.items.map((i: { title: string }) => i.title);
    expect(await titles()).not.toContain('Approve and sign the report');
    const sent = await firm().post(`/api/v1/firm/work/${demo.id}/send`);
    expect(sent.status).toBe(200);
    expect(await titles()).toContain('Approve and sign the report');
    t.clock.advance(301_000);
    const mail = (await t.mailbox()).filter((m) => m.to === 'client@demo.test' && m.text.includes('Approve and sign the report'));
    expect(mail).toHaveLength(1);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

let t: TestApp;
let staff: string;
let contact: string;
let clientIds: Record<string, string>;
beforeEach(async () => {
  t = await createTestApp();
  staff = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  contact = (await t.signIn('demo', 'client@demo.test')).token;
  const clients = (await t.request('GET', '/api/v1/firm/clients', { token: staff })).json.items;
  clientIds = Object.fromEntries(clients.map((c: { name: string; id: string }) => [c.name, c.id]));
});
afterEach(() => t.cleanup());

const asContact = (method: string, path: string, body?: unknown) => t.request(method, path, { token: contact, body });
const asStaff = (method: string, path: string, body?: unknown) => t.request(method, path, { token: staff, body });

describe('GET /api/v1/portal/work', () => {
  it("lists the company's open work with its client-facing status, null for an internal one", async () => {
    const nw = clientIds['Northwind Bakery OÜ']!;
    const created = await asStaff('POST', '/api/v1/firm/work', { clientId: nw, title: 'Payroll audit', startDate: '2030-01-01' });
    const inReview = (await asStaff('GET', '/api/v1/firm/work-statuses')).json.items.find((s: { name: string }) => s.name === 'In review').id;
    await asStaff('PATCH', `/api/v1/firm/work/${created.json.id}`, { version: 0, statusId: inReview });
    const res = await asContact('GET', `/api/v1/portal/work?clientId=${nw}`);
    expect(res.status).toBe(200);
    expect(res.json.items).toEqual([
      { id: created.json.id, title: 'Payroll audit', startDate: '2030-01-01', status: null },
      { id: expect.any(String), title: 'Annual report 2026', startDate: expect.any(String), status: 'Waiting for documents' },
    ]);
    expect(res.json.nextCursor).toBeNull();
    const page = await asContact('GET', `/api/v1/portal/work?clientId=${nw}&limit=1`);
    expect(page.json.items).toHaveLength(1);
    expect((await asContact('GET', `/api/v1/portal/work?clientId=${nw}&limit=1&cursor=${page.json.nextCursor}`)).json.items[0].title).toBe('Annual report 2026');
    expect((await asStaff('POST', `/api/v1/firm/work/${created.json.id}/complete?version=1`)).status).toBe(200);
    expect((await asContact('GET', `/api/v1/portal/work?clientId=${nw}`)).json.items.map((w: { title: string }) => w.title)).toEqual(['Annual report 2026']);
  });

  it('is empty when the firm turns the list off, and the public firm info says so', async () => {
    const nw = clientIds['Northwind Bakery OÜ']!;
    expect((await t.request('GET', '/api/v1/public/firms/demo')).json.showWorkList).toBe(true);
    const patched = await asStaff('PATCH', '/api/v1/firm/settings', { showWorkList: false });
    expect(patched.json.showWorkList).toBe(false);
    expect((await asStaff('GET', '/api/v1/firm/settings')).json.showWorkList).toBe(false);
    expect((await t.request('GET', '/api/v1/public/firms/demo')).json.showWorkList).toBe(false);
    expect((await asContact('GET', `/api/v1/portal/work?clientId=${nw}`)).json).toEqual({ items: [], nextCursor: null });
  });

  it("answers 404 for a company the contact does not belong to, and refuses staff", async () => {
    expect((await asContact('GET', `/api/v1/portal/work?clientId=${clientIds['Baltic Timber AS']}`)).status).toBe(404);
    expect((await asStaff('GET', `/api/v1/portal/work?clientId=${clientIds['Baltic Timber AS']}`)).status).toBe(403);
  });
});

describe('self-service templates', () => {
  const offer = async (selfService: boolean) =>
    (await asStaff('POST', '/api/v1/firm/templates', {
      kind: 'work', title: 'I have a new employee', description: 'Tell us about them', selfService,
      tasks: [{ section: 'Employee', title: 'Send the contract', sending: { kind: 'offset', days: 5 }, dueOffsetDays: 10, checklist: ['Signed contract'] }],
    })).json;

  it('lists only the templates offered, and starting one gives the company its tasks at once; the firm sees who started it', async () => {
    const nw = clientIds['Northwind Bakery OÜ']!;
    const offered = await offer(true);
    await offer(false);
    const list = await asContact('GET', `/api/v1/portal/templates?clientId=${nw}`);
    expect(list.json).toEqual({ items: [{ id: offered.id, title: 'I have a new employee', description: 'Tell us about them' }], nextCursor: null });
    const started = await asContact('POST', `/api/v1/portal/templates/${offered.id}/start`, { clientId: nw });
    expect(started.status).toBe(201);
    expect(started.json).toEqual({ workId: expect.stringMatching(/^wrk_/), taskIds: [expect.stringMatching(/^tsk_/)] });
    const titles = (await asContact('GET', `/api/v1/portal/tasks?clientId=${nw}`)).json.items.map((i: { title: string }) => i.title);
    expect(titles).toContain('Send the contract');
    const work = (await asStaff('GET', `/api/v1/firm/work/${started.json.workId}`)).json;
    expect(work).toMatchObject({ title: 'I have a new employee', clientId: nw, selfServiceStartedAt: expect.any(Number) });
    const firmList = (await asStaff('GET', `/api/v1/firm/work?clientId=${nw}`)).json.items;
    expect(firmList.find((w: { id: string }) => w.id === started.json.workId).selfServiceStartedAt).toEqual(expect.any(Number));
    const actors = (await t.db.$client.execute({ sql: "select actor_type from activity where subject_id = ? and action = 'self_service_started'", args: [started.json.workId] })).rows;
    expect(actors.map((r) => r.actor_type)).toEqual(['contact']);
  });

  it("refuses a template not offered, another company, and another firm's template, creating nothing", async () => {
    const hidden = await offer(false);
    const offered = await offer(true);
    const acme = (await t.signIn('acme', 'owner@acme.test', 'staff')).token;
    const acmeTpl = (await t.request('POST', '/api/v1/firm/templates', { token: acme, body: { kind: 'task', title: 'Acme only', selfService: true, tasks: [{ section: null, title: 'x' }] } })).json;
    const before = [await t.count('works'), await t.count('tasks')];
    const nw = clientIds['Northwind Bakery OÜ']!;
    expect((await asContact('POST', `/api/v1/portal/templates/${hidden.id}/start`, { clientId: nw })).status).toBe(404);
    expect((await asContact('POST', `/api/v1/portal/templates/${offered.id}/start`, { clientId: clientIds['Baltic Timber AS'] })).status).toBe(404);
    expect((await asContact('POST', `/api/v1/portal/templates/${acmeTpl.id}/start`, { clientId: nw })).status).toBe(404);
    expect((await asContact('GET', `/api/v1/portal/templates?clientId=${clientIds['Baltic Timber AS']}`)).status).toBe(404);
    expect([await t.count('works'), await t.count('tasks')]).toEqual(before);
  });
});

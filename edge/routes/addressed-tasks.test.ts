import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

/** A task addressed to one contact of a company (Karbon's private view): only that contact sees it, in every read and email. */
let t: TestApp;
let staff: string;
let harbor: string;
let tarmo: string;
let kadri: string;
const one = async (sql: string) => String((await t.db.$client.execute(sql)).rows[0]!.id);
beforeEach(async () => {
  t = await createTestApp();
  staff = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  harbor = await one("select id from clients where name = 'Harbor Lights Studio'");
  tarmo = await one("select id from contacts where email = 'timber@demo.test'");
  kadri = await one("select id from contacts where email = 'client@demo.test'");
  // Tarmo works for Harbor Lights too, beside Kadri.
  await t.db.$client.execute({ sql: 'insert into client_contacts (firm_id, client_id, contact_id, portal_access) select firm_id, ?, ?, 1 from clients where id = ?', args: [harbor, tarmo, harbor] });
});
afterEach(() => t.cleanup());

const create = (body: Record<string, unknown>) => t.request('POST', '/api/v1/firm/tasks', { token: staff, body: { clientId: harbor, title: 'Your own payslip question', assign: true, ...body } });

describe('a task addressed to one contact', () => {
  it('is seen, read and emailed only by that contact', async () => {
    const res = await create({ contactId: tarmo });
    expect(res.status).toBe(201);
    expect(res.json.contactId).toBe(tarmo);
    const taskId = res.json.id as string;
    const tarmoToken = (await t.signIn('demo', 'timber@demo.test')).token;
    const kadriToken = (await t.signIn('demo', 'client@demo.test')).token;
    const idsFor = async (token: string) => ((await t.request('GET', `/api/v1/portal/tasks?clientId=${harbor}`, { token })).json.items as { id: string }[]).map((i) => i.id);
    expect(await idsFor(tarmoToken)).toContain(taskId);
    expect(await idsFor(kadriToken)).not.toContain(taskId);
    expect((await t.request('GET', `/api/v1/portal/tasks/${taskId}`, { token: kadriToken })).status).toBe(404);
    expect((await t.request('POST', `/api/v1/portal/tasks/${taskId}/messages`, { token: kadriToken, body: { body: 'Is this mine?' } })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/portal/tasks/${taskId}`, { token: tarmoToken })).status).toBe(200);

    t.clock.advance(301_000);
    const notices = (await t.mailbox()).filter((m) => m.text.includes('Your own payslip question'));
    expect(notices.map((m) => m.to)).toEqual(['timber@demo.test']);
  });

  it('is sent again by Resend to that contact only, and lists only them as receiving it', async () => {
    const { json: task } = await create({ contactId: tarmo });
    t.clock.advance(301_000);
    await t.mailbox();
    expect((await t.request('POST', `/api/v1/firm/tasks/${task.id}/resend`, { token: staff })).status).toBe(200);
    const resent = (await t.mailbox()).filter((m) => m.text.includes('Your own payslip question'));
    expect(new Set(resent.map((m) => m.to))).toEqual(new Set(['timber@demo.test']));
    const listed = (await t.request('GET', `/api/v1/firm/tasks/${task.id}/emails`, { token: staff })).json.items as { to: string }[];
    expect(listed.every((e) => e.to === 'timber@demo.test')).toBe(true);
  });

  it('goes to every contact with access once staff address it to no one', async () => {
    const { json: task } = await create({ contactId: tarmo });
    const res = await t.request('PATCH', `/api/v1/firm/tasks/${task.id}`, { token: staff, body: { version: task.version, contactId: null } });
    expect(res.status).toBe(200);
    expect(res.json.contactId).toBeNull();
    const kadriToken = (await t.signIn('demo', 'client@demo.test')).token;
    expect((await t.request('GET', `/api/v1/portal/tasks/${task.id}`, { token: kadriToken })).status).toBe(200);
    const history = (await t.request('GET', `/api/v1/firm/tasks/${task.id}/history`, { token: staff })).json.items;
    expect(history.find((h: { action: string }) => h.action === 'edited').data.fields).toEqual(['contactId']);
    // And back to Kadri alone: Tarmo no longer sees it.
    const back = await t.request('PATCH', `/api/v1/firm/tasks/${task.id}`, { token: staff, body: { version: res.json.version, contactId: kadri } });
    expect(back.json.contactId).toBe(kadri);
    const tarmoToken = (await t.signIn('demo', 'timber@demo.test')).token;
    expect((await t.request('GET', `/api/v1/portal/tasks/${task.id}`, { token: tarmoToken })).status).toBe(404);
  });

  it("refuses a contact who is not the client's (404) or another firm's, writing nothing", async () => {
    const acmeContact = await one("select id from contacts where email = 'client@acme.test'");
    const northwind = await one("select id from clients where name = 'Baltic Timber AS'");
    const before = [await t.count('tasks'), await t.count('activity'), await t.count('jobs')];
    for (const contactId of [acmeContact, 'con_doesnotexist']) {
      const res = await create({ contactId });
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe('not_found');
    }
    // Kadri is no contact of Baltic Timber.
    expect((await t.request('POST', '/api/v1/firm/tasks', { token: staff, body: { clientId: northwind, title: 'x', contactId: kadri } })).status).toBe(404);
    expect([await t.count('tasks'), await t.count('activity'), await t.count('jobs')]).toEqual(before);
    const { json: task } = await create({});
    const patched = await t.request('PATCH', `/api/v1/firm/tasks/${task.id}`, { token: staff, body: { version: task.version, contactId: acmeContact } });
    expect(patched.status).toBe(404);
    expect((await t.request('GET', `/api/v1/firm/tasks/${task.id}`, { token: staff })).json.contactId).toBeNull();
  });

  it('refuses a malformed contact id with validation_failed', async () => {
    const res = await create({ contactId: 'not an id' });
    expect(res.status).toBe(400);
    expect(res.json.error.issues.map((i: { path: string }) => i.path)).toContain('contactId');
  });
});

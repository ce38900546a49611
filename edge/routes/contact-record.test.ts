import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

/** A contact's record: read, edited (name, phone, email), and their history. */
let t: TestApp;
let owner: string;
let tarmo: string;
const one = async (sql: string) => String((await t.db.$client.execute(sql)).rows[0]!.id);
const get = (path: string, token = owner) => t.request('GET', `/api/v1/firm${path}`, { token });
const patch = (id: string, body: unknown, token = owner) => t.request('PATCH', `/api/v1/firm/contacts/${id}`, { token, body });
const counts = async () => Promise.all(['contacts', 'activity', 'sign_in_tokens'].map((table) => t.count(table)));

beforeEach(async () => {
  t = await createTestApp();
  owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  tarmo = await one("select id from contacts where email = 'timber@demo.test'");
});
afterEach(() => t.cleanup());

describe('GET /firm/contacts/:id', () => {
  it('answers the record with access health and every company with its access', async () => {
    const kadri = await one("select id from contacts where email = 'client@demo.test'");
    expect((await get(`/contacts/${kadri}`)).json.health).toBe('never_invited');
    await t.signIn('demo', 'client@demo.test');
    const res = await get(`/contacts/${kadri}`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: kadri, name: 'Kadri Kask', email: 'client@demo.test', phone: null, health: 'active', emailUndeliverable: null });
    expect(res.json.companies).toEqual([
      { id: expect.stringMatching(/^cli_/), name: 'Harbor Lights Studio', portalOpen: true, access: true },
      { id: expect.stringMatching(/^cli_/), name: 'Northwind Bakery OÜ', portalOpen: true, access: true },
    ]);
  });

  it("answers 404 for another firm's contact, on every contact route, and a bad id with 400", async () => {
    const alice = await one("select id from contacts where email = 'client@acme.test'");
    const before = await counts();
    expect((await get(`/contacts/${alice}`)).status).toBe(404);
    expect((await get(`/contacts/${alice}/history`)).status).toBe(404);
    expect((await patch(alice, { name: 'Taken over' })).status).toBe(404);
    expect((await get('/contacts/cli_x')).status).toBe(400);
    expect(await counts()).toEqual(before);
  });
});

describe('PATCH /firm/contacts/:id', () => {
  it('changes the name and phone, records the fields, and writes nothing when nothing changes', async () => {
    const res = await patch(tarmo, { name: ' Tarmo Tammik ', phone: '+372 5123 4567' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: 'Tarmo Tammik', phone: '+372 5123 4567', email: 'timber@demo.test' });
    const entries = await t.count('activity');
    expect((await patch(tarmo, { name: 'Tarmo Tammik' })).status).toBe(200);
    expect(await t.count('activity')).toBe(entries);
    expect((await patch(tarmo, { phone: null })).json.phone).toBeNull();
    const history = (await get(`/contacts/${tarmo}/history`)).json.items;
    expect(history.map((e: { action: string; data: unknown }) => [e.action, e.data])).toEqual([
      ['contact.edited', { fields: ['phone'] }],
      ['contact.edited', { fields: ['name', 'phone'] }],
    ]);
    expect(history[0].actor).toEqual({ type: 'member', id: expect.stringMatching(/^mem_/), name: 'Olivia Owner' });
  });

  it('changes the email: clears undeliverable and the open sign-in link to the old address no longer works', async () => {
    const link = await t.linkTokenFor('demo', 'timber@demo.test');
    await t.db.$client.execute(`update contacts set email_undeliverable_at = 5, email_undeliverable_reason = 'HardBounce' where id = '${tarmo}'`);
    expect((await get(`/contacts/${tarmo}`)).json.health).toBe('undeliverable');
    const res = await patch(tarmo, { email: 'Tarmo@Timber.example' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ email: 'tarmo@timber.example', emailUndeliverable: null });
    expect((await t.request('POST', '/api/v1/auth/session', { body: { token: link } })).status).toBe(401);
    const [entry] = (await get(`/contacts/${tarmo}/history?limit=1`)).json.items;
    expect(entry).toMatchObject({ action: 'contact.email_changed', data: { from: 'timber@demo.test', to: 'tarmo@timber.example' } });
    // The new address signs in.
    expect((await t.signIn('demo', 'tarmo@timber.example')).token).toBeTruthy();
  });

  it("refuses another contact's email (409 email_taken) and bad input (400), writing nothing", async () => {
    const before = await counts();
    const taken = await patch(tarmo, { email: 'CLIENT@demo.test' });
    expect(taken.status).toBe(409);
    expect(taken.json.error.code).toBe('email_taken');
    for (const body of [{ email: 'nope' }, { name: '' }, { phone: '=HYPERLINK("x")' }, { other: 1 }, { name: 'x'.repeat(201) }]) {
      expect((await patch(tarmo, body)).status, JSON.stringify(body)).toBe(400);
    }
    expect(await counts()).toEqual(before);
    // Another firm's contact may have the address.
    expect((await patch(tarmo, { email: 'client@acme.test' })).status).toBe(200);
  });
});

describe('GET /firm/contacts/:id/history', () => {
  it('pages newest first with a cursor, never repeating an entry', async () => {
    for (const name of ['A', 'B', 'C']) await patch(tarmo, { name });
    const first = await get(`/contacts/${tarmo}/history?limit=2`);
    expect(first.json.items).toHaveLength(2);
    const second = await get(`/contacts/${tarmo}/history?limit=2&cursor=${first.json.nextCursor}`);
    const ids = [...first.json.items, ...second.json.items].map((e: { id: string }) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect((await get(`/contacts/${tarmo}/history?cursor=bad`)).status).toBe(400);
  });

  it('records invitations and access changes', async () => {
    const baltic = await one("select id from clients where name = 'Baltic Timber AS'");
    await t.request('POST', `/api/v1/firm/contacts/${tarmo}/invite`, { token: owner });
    await t.request('PATCH', `/api/v1/firm/clients/${baltic}/contacts/${tarmo}`, { token: owner, body: { portalAccess: false } });
    const actions = (await get(`/contacts/${tarmo}/history`)).json.items.map((e: { action: string; data: unknown }) => [e.action, e.data]);
    expect(actions).toEqual([['contact.access_changed', { clientId: baltic, access: false }], ['contact.invited', null]]);
  });
});

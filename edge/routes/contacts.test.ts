import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

/** Bringing clients in: access health, opening the portal with an invitation or silently, access per company. */
let t: TestApp;
let owner: string;
const one = async (sql: string) => String((await t.db.$client.execute(sql)).rows[0]!.id);
beforeEach(async () => {
  t = await createTestApp();
  owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
});
afterEach(() => t.cleanup());

const health = async (q: string) => ((await t.request('GET', `/api/v1/firm/contacts?q=${q}`, { token: owner })).json.items as { health: string }[])[0]!.health;
const open = (body: unknown) => t.request('POST', '/api/v1/firm/clients/portal', { token: owner, body });

describe('access health', () => {
  it('follows a contact from never invited to invited, link expired, active and undeliverable, and filters by it', async () => {
    // Tarmo (timber@) has never signed in here; Kadri signed in (as every test's client).
    expect(await health('timber')).toBe('never_invited');
    const baltic = await one("select id from clients where name = 'Baltic Timber AS'");
    const res = await open({ clientIds: [baltic], mode: 'invite' });
    expect(res.json).toEqual({ opened: 1, invited: 1 });
    await t.mailbox();
    expect(await health('timber')).toBe('invited');
    const filtered = (await t.request('GET', '/api/v1/firm/contacts?health=invited', { token: owner })).json.items.map((c: { email: string }) => c.email);
    expect(filtered).toEqual(['timber@demo.test']);
    t.clock.advance(24 * 3_600_000 + 1000);
    expect(await health('timber')).toBe('link_expired');
    await t.signIn('demo', 'timber@demo.test');
    expect(await health('timber')).toBe('active');
    await t.db.$client.execute("update contacts set email_undeliverable_at = 1 where email = 'timber@demo.test'");
    expect(await health('timber')).toBe('undeliverable');
  });

  it("lists each contact's companies with their access, and only the firm's contacts", async () => {
    const items = (await t.request('GET', '/api/v1/firm/contacts', { token: owner })).json.items as { email: string; companies: { name: string; access: boolean }[] }[];
    expect(items.map((c) => c.email)).toEqual(['client@demo.test', 'timber@demo.test']);
    expect(items[0]!.companies.map((c) => c.name)).toEqual(['Harbor Lights Studio', 'Northwind Bakery OÜ']);
    expect((await t.request('GET', '/api/v1/firm/contacts?health=sometimes', { token: owner })).status).toBe(400);
  });
});

describe('opening the portal', () => {
  it('with an invitation emails each contact with access a sign-in link valid 24 hours', async () => {
    const baltic = await one("select id from clients where name = 'Baltic Timber AS'");
    await t.db.$client.execute(`update clients set portal_open = 0 where id = '${baltic}'`);
    await open({ clientIds: [baltic], mode: 'invite' });
    const mail = (await t.mailbox()).find((m) => m.to === 'timber@demo.test')!;
    expect(mail.subject).toBe('Demo & Partners Accounting invites you to its client portal');
    expect(mail.text).toMatch(/#login=/);
    expect(mail.text).toMatch(/^\d{3} \d{3}$/m);
    expect((await t.db.$client.execute(`select portal_open from clients where id = '${baltic}'`)).rows[0]!.portal_open).toBe(1);
  });

  it('silently sends nothing and marks no one invited', async () => {
    const baltic = await one("select id from clients where name = 'Baltic Timber AS'");
    const emails = await t.count('emails');
    expect((await open({ clientIds: [baltic], mode: 'silent' })).json).toEqual({ opened: 1, invited: 0 });
    await t.mailbox();
    expect(await t.count('emails')).toBe(emails);
    expect(await health('timber')).toBe('never_invited');
  });

  it("refuses another firm's client with 404, an unopened firm portal with 409, bad input with 400, changing nothing", async () => {
    const acme = await one("select id from clients where firm_id = (select id from firms where slug = 'acme')");
    const baltic = await one("select id from clients where name = 'Baltic Timber AS'");
    await t.db.$client.execute(`update clients set portal_open = 0 where id = '${baltic}'`);
    const before = [await t.count('jobs'), await t.count('activity')];
    expect((await open({ clientIds: [baltic, acme], mode: 'invite' })).status).toBe(404);
    expect((await open({ clientIds: [baltic, baltic], mode: 'invite' })).status).toBe(400);
    expect((await open({ clientIds: [], mode: 'invite' })).status).toBe(400);
    expect((await open({ clientIds: [baltic], mode: 'loudly' })).status).toBe(400);
    await t.request('PATCH', '/api/v1/firm/settings', { token: owner, body: { portalActive: false } });
    const inactive = await open({ clientIds: [baltic], mode: 'invite' });
    expect(inactive.status).toBe(409);
    expect(inactive.json.error.code).toBe('portal_inactive');
    expect((await t.db.$client.execute(`select portal_open from clients where id = '${baltic}'`)).rows[0]!.portal_open).toBe(0);
    expect(await t.count('jobs')).toBe(before[0]);
  });

  it('resends an invitation, not to an undeliverable address (409) or another firm\'s contact (404)', async () => {
    const tarmo = await one("select id from contacts where email = 'timber@demo.test'");
    expect((await t.request('POST', `/api/v1/firm/contacts/${tarmo}/invite`, { token: owner })).status).toBe(202);
    expect((await t.mailbox()).filter((m) => m.to === 'timber@demo.test' && /invites you/.test(m.subject))).toHaveLength(1);
    await t.db.$client.execute(`update contacts set email_undeliverable_at = 1 where id = '${tarmo}'`);
    expect((await t.request('POST', `/api/v1/firm/contacts/${tarmo}/invite`, { token: owner })).json.error.code).toBe('undeliverable');
    const acme = await one("select id from contacts where email = 'client@acme.test'");
    expect((await t.request('POST', `/api/v1/firm/contacts/${acme}/invite`, { token: owner })).status).toBe(404);
  });
});

describe('access per company', () => {
  it('turned off hides that company from the contact at once, keeping their others', async () => {
    const kadri = await one("select id from contacts where email = 'client@demo.test'");
    const harbor = await one("select id from clients where name = 'Harbor Lights Studio'");
    const session = (await t.signIn('demo', 'client@demo.test')).token;
    expect((await t.request('PATCH', `/api/v1/firm/clients/${harbor}/contacts/${kadri}`, { token: owner, body: { portalAccess: false } })).status).toBe(204);
    const who = await t.request('GET', '/api/v1/auth/session', { token: session });
    expect(who.json.clients.map((c: { name: string }) => c.name)).toEqual(['Northwind Bakery OÜ']);
    const baltic = await one("select id from clients where name = 'Baltic Timber AS'");
    expect((await t.request('PATCH', `/api/v1/firm/clients/${baltic}/contacts/${kadri}`, { token: owner, body: { portalAccess: false } })).status).toBe(404);
    expect((await t.request('PATCH', `/api/v1/firm/clients/${harbor}/contacts/${kadri}`, { token: owner, body: { portalAccess: 'no' } })).status).toBe(400);
  });
});

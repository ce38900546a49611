import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

let t: TestApp;
afterEach(() => t.cleanup());

const signUp = (body: Record<string, unknown>) => t.request('POST', '/api/v1/public/firms', { body });

describe('signing a new firm up', () => {
  it('makes the firm with its owner, portal off, and emails the owner a console sign-in link', async () => {
    t = await createTestApp();
    const res = await signUp({ name: 'Õun & Pärn OÜ', email: 'Kadri@Oun.example', ownerName: 'Kadri Õun', timezone: 'Europe/Tallinn', locale: 'et' });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ slug: 'oun-parn-ou', name: 'Õun & Pärn OÜ' });
    const firm = (await t.db.$client.execute("select * from firms where slug = 'oun-parn-ou'")).rows[0]!;
    expect(firm).toMatchObject({ portal_active: 0, timezone: 'Europe/Tallinn', locale: 'et' });
    expect(await t.count(`members where firm_id = '${firm.id}' and role = 'owner' and email = 'kadri@oun.example'`)).toBe(1);
    expect(await t.count(`work_statuses where firm_id = '${firm.id}'`)).toBeGreaterThan(0);
    const mail = (await t.mailbox()).find((m) => m.to === 'kadri@oun.example')!;
    expect(mail.text).toMatch(/\/console#login=/);
    const token = /#login=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    const session = await t.request('POST', '/api/v1/auth/session', { body: { token } });
    expect(session.json).toMatchObject({ audience: 'staff', role: 'owner', firm: { slug: 'oun-parn-ou', portalActive: false } });
    // An empty console: no clients yet.
    expect((await t.request('GET', '/api/v1/firm/clients', { token: session.json.token })).json.items).toEqual([]);
  });

  it('numbers an address made from a name that is taken, and refuses one asked for with 409', async () => {
    t = await createTestApp();
    expect((await signUp({ name: 'Demo', email: 'a@x.example' })).json.slug).toBe('demo-2');
    expect((await signUp({ name: 'Demo', email: 'b@x.example' })).json.slug).toBe('demo-3');
    const firms = await t.count('firms');
    const taken = await signUp({ name: 'Anything', email: 'c@x.example', slug: 'acme' });
    expect(taken.status).toBe(409);
    expect(taken.json.error.code).toBe('slug_taken');
    expect(await t.count('firms')).toBe(firms);
  });

  it.each([
    ['no name', { email: 'a@x.example' }, 'name'],
    ['a name on two lines', { name: 'A\nB', email: 'a@x.example' }, 'name'],
    ['no email', { name: 'Firm' }, 'email'],
    ['a bad email', { name: 'Firm', email: 'not-an-email' }, 'email'],
    ['a reserved address', { name: 'Firm', email: 'a@x.example', slug: 'console' }, 'slug'],
    ['a bad timezone', { name: 'Firm', email: 'a@x.example', timezone: 'Mars/Base' }, 'timezone'],
    ['an unknown field', { name: 'Firm', email: 'a@x.example', plan: 'gold' }, 'plan'],
  ])('refuses %s with validation_failed, writing nothing', async (_what, body, path) => {
    t = await createTestApp();
    const before = [await t.count('firms'), await t.count('members'), await t.count('jobs')];
    const res = await signUp(body);
    expect(res.status).toBe(400);
    expect(res.json.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect([await t.count('firms'), await t.count('members'), await t.count('jobs')]).toEqual(before);
  });

  it('is refused with 403 signup_closed when the server takes no sign-ups, writing nothing', async () => {
    t = await createTestApp({ FIRM_SIGNUP: 'closed' });
    const firms = await t.count('firms');
    const res = await signUp({ name: 'Firm', email: 'a@x.example' });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('signup_closed');
    expect(await t.count('firms')).toBe(firms);
  });

  it('is limited to 5 an hour per address (429)', async () => {
    t = await createTestApp();
    for (let i = 0; i < 5; i++) expect((await signUp({ name: `Firm ${i}`, email: `o${i}@x.example` })).status).toBe(201);
    const res = await signUp({ name: 'One more', email: 'o6@x.example' });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

/** The team: the owner and admins invite, change and remove members; members work with clients and tasks. */
let t: TestApp;
let owner: string;
let mari: string;
beforeEach(async () => {
  t = await createTestApp();
  owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  mari = (await t.signIn('demo', 'mari@demo.test', 'staff')).token;
});
afterEach(() => t.cleanup());

const invite = (body: Record<string, unknown>, token = owner) => t.request('POST', '/api/v1/firm/members', { token, body });
const memberId = async (email: string) => String((await t.db.$client.execute({ sql: 'select id from members where email = ?', args: [email] })).rows[0]!.id);

describe('the team', () => {
  it('an invited member gets a console sign-in link, is listed with when they were invited, and signs in', async () => {
    const res = await invite({ email: 'Jaan@Demo.test', name: 'Jaan Kask', role: 'admin' });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ email: 'jaan@demo.test', role: 'admin' });
    const mail = (await t.mailbox()).find((m) => m.to === 'jaan@demo.test')!;
    expect(mail.text).toMatch(/\/console#login=/);
    const list = (await t.request('GET', '/api/v1/firm/members?q=jaan', { token: owner })).json.items;
    expect(list).toMatchObject([{ name: 'Jaan Kask', role: 'admin', lastSignInAt: null }]);
    expect(list[0].invitedAt).toBeGreaterThan(0);
    const session = await t.request('POST', '/api/v1/auth/session', { body: { token: /#login=([A-Za-z0-9_-]+)/.exec(mail.text)![1] } });
    expect(session.json).toMatchObject({ audience: 'staff', role: 'admin' });
    expect((await t.request('GET', '/api/v1/firm/members?q=jaan', { token: owner })).json.items[0].lastSignInAt).not.toBeNull();
  });

  it('refuses an address already on the team with 409, and roles other than admin or member', async () => {
    const members = await t.count('members');
    const taken = await invite({ email: 'mari@demo.test', name: 'Mari again' });
    expect(taken.status).toBe(409);
    expect(taken.json.error.code).toBe('member_exists');
    for (const role of ['owner', 'superuser']) {
      const res = await invite({ email: 'new@demo.test', name: 'New', role });
      expect(res.status).toBe(400);
      expect(res.json.error.issues[0].path).toBe('role');
    }
    expect((await invite({ email: 'not-an-email', name: 'X' })).status).toBe(400);
    expect((await invite({ email: 'x@demo.test', name: 'Two\nlines' })).status).toBe(400);
    expect(await t.count('members')).toBe(members);
  });

  it('is managed by the owner and admins only: a member is refused with 403 and nothing changes', async () => {
    const before = [await t.count('members'), await t.count('activity'), await t.count('jobs')];
    expect((await invite({ email: 'sneaky@demo.test', name: 'Sneaky' }, mari)).status).toBe(403);
    const ownerId = await memberId('owner@demo.test');
    expect((await t.request('PATCH', `/api/v1/firm/members/${ownerId}`, { token: mari, body: { name: 'Renamed' } })).status).toBe(403);
    expect((await t.request('DELETE', `/api/v1/firm/members/${ownerId}`, { token: mari })).status).toBe(403);
    expect([await t.count('members'), await t.count('activity'), await t.count('jobs')]).toEqual(before);
    // Members still see the team (to give a client to a colleague).
    expect((await t.request('GET', '/api/v1/firm/members', { token: mari })).status).toBe(200);
  });

  it("changes a member's role; the owner's role never changes and the owner is never removed", async () => {
    const mariId = await memberId('mari@demo.test');
    expect((await t.request('PATCH', `/api/v1/firm/members/${mariId}`, { token: owner, body: { role: 'admin' } })).status).toBe(204);
    expect((await t.request('GET', '/api/v1/auth/session', { token: (await t.signIn('demo', 'mari@demo.test', 'staff')).token })).json.role).toBe('admin');
    const ownerId = await memberId('owner@demo.test');
    expect((await t.request('PATCH', `/api/v1/firm/members/${ownerId}`, { token: owner, body: { role: 'member' } })).status).toBe(403);
    expect((await t.request('DELETE', `/api/v1/firm/members/${ownerId}`, { token: owner })).status).toBe(403);
    expect((await t.db.$client.execute({ sql: 'select role, removed_at from members where id = ?', args: [ownerId] })).rows[0]).toMatchObject({ role: 'owner', removed_at: null });
  });

  it('a removed member is signed out at once, gets no more links or notifications, and keeps their name on the history', async () => {
    const mariId = await memberId('mari@demo.test');
    expect((await t.request('DELETE', `/api/v1/firm/members/${mariId}`, { token: owner })).status).toBe(204);
    expect((await t.request('GET', '/api/v1/firm/clients', { token: mari })).status).toBe(401);
    const tokens = await t.count('sign_in_tokens');
    await t.request('POST', '/api/v1/auth/link', { body: { firm: 'demo', email: 'mari@demo.test', as: 'staff' } });
    await t.mailbox();
    expect(await t.count('sign_in_tokens')).toBe(tokens);
    expect((await t.request('GET', '/api/v1/firm/members', { token: owner })).json.items.map((m: { email: string }) => m.email)).not.toContain('mari@demo.test');
    expect(await t.count(`members where id = '${mariId}'`)).toBe(1);
    // Invited again, they come back.
    expect((await invite({ email: 'mari@demo.test', name: 'Mari Maasikas' })).json.id).toBe(mariId);
  });

  it("answers 404 for another firm's member", async () => {
    const acmeOwner = await memberId('owner@acme.test');
    expect((await t.request('PATCH', `/api/v1/firm/members/${acmeOwner}`, { token: owner, body: { name: 'Mine' } })).status).toBe(404);
    expect((await t.request('DELETE', `/api/v1/firm/members/${acmeOwner}`, { token: owner })).status).toBe(404);
  });
});

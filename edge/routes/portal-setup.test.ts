import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

/** Portal set-up (issue 11): the public address, the portal switch, description, welcome video and the sample task. */
let t: TestApp;
let owner: string;
beforeEach(async () => {
  t = await createTestApp();
  owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
});
afterEach(() => t.cleanup());

const patch = (body: unknown, token = owner) => t.request('PATCH', '/api/v1/firm/settings', { token, body });
const firmRow = async (slug = 'demo') => (await t.db.$client.execute({ sql: 'select * from firms where slug = ?', args: [slug] })).rows[0];

describe("the portal's public address", () => {
  it('changes, and the old address keeps leading to the firm: public page data, sign-in links, codes', async () => {
    const res = await patch({ slug: 'Demo-Partners' });
    expect(res.status).toBe(200);
    expect(res.json.slug).toBe('demo-partners');
    expect((await t.request('GET', '/api/v1/public/firms/demo-partners')).json.name).toBe('Demo & Partners Accounting');
    const old = await t.request('GET', '/api/v1/public/firms/demo');
    expect(old.status).toBe(200);
    expect(old.json.slug).toBe('demo-partners');
    // An embed still naming the old address signs its clients in.
    expect((await t.signIn('demo', 'client@demo.test')).token).toMatch(/^ps_/);
    const history = (await t.db.$client.execute("select data from activity where action = 'firm.slug_changed'")).rows.map((r) => JSON.parse(String(r.data)));
    expect(history.at(-1)).toEqual({ from: 'demo', to: 'demo-partners' });
    // Back to the first address: no redirect loops, and it is the firm's again.
    expect((await patch({ slug: 'demo' })).json.slug).toBe('demo');
    expect((await t.request('GET', '/api/v1/public/firms/demo-partners')).json.slug).toBe('demo');
  });

  it("refuses another firm's address, current or former, with 409 slug_taken, changing nothing", async () => {
    const acmeOwner = (await t.signIn('acme', 'owner@acme.test', 'staff')).token;
    expect((await patch({ slug: 'acme-books' }, acmeOwner)).status).toBe(200);
    for (const slug of ['acme-books', 'acme']) {
      const before = await firmRow();
      const res = await patch({ slug });
      expect(res.status).toBe(409);
      expect(res.json.error.code).toBe('slug_taken');
      expect(res.json.error.issues[0].path).toBe('slug');
      expect(await firmRow()).toEqual(before);
    }
    expect(await t.count('firm_slug_redirects')).toBe(1);
  });

  it.each([
    ['a reserved word', 'console'],
    ['another reserved word', 'api'],
    ['too short', 'ab'],
    ['a leading hyphen', '-demo'],
    ['a trailing hyphen', 'demo-'],
    ['a space', 'demo firm'],
    ['a slash', 'demo/x'],
    ['41 characters', 'a'.repeat(41)],
  ])('refuses %s with validation_failed naming slug, writing nothing', async (_what, slug) => {
    const before = await firmRow();
    const res = await patch({ slug });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
    expect(res.json.error.issues.map((i: { path: string }) => i.path)).toContain('slug');
    expect(await firmRow()).toEqual(before);
    expect(await t.count('firm_slug_redirects')).toBe(0);
  });

  it('is changed by the owner or an admin only (403 for a member, nothing written)', async () => {
    const member = (await t.signIn('demo', 'mari@demo.test', 'staff')).token;
    const res = await patch({ slug: 'taken-over' }, member);
    expect(res.status).toBe(403);
    expect(await firmRow()).toBeDefined();
    expect(await t.count('firm_slug_redirects')).toBe(0);
  });
});

describe('the portal switch, description and welcome video', () => {
  it('are set, shown on the public firm, and audited', async () => {
    const res = await patch({ description: '  Bookkeeping for small firms in Tartu.  ', welcomeVideoUrl: 'https://video.example/welcome', announcementsEnabled: true });
    expect(res.json).toMatchObject({ description: 'Bookkeeping for small firms in Tartu.', welcomeVideoUrl: 'https://video.example/welcome', announcementsEnabled: true, portalActive: true });
    expect((await t.request('GET', '/api/v1/public/firms/demo')).json).toMatchObject({ portalActive: true, description: 'Bookkeeping for small firms in Tartu.', welcomeVideoUrl: 'https://video.example/welcome' });
  });

  it.each([
    ['a video address that is not https', { welcomeVideoUrl: 'http://video.example/x' }, 'welcomeVideoUrl'],
    ['a javascript: video address', { welcomeVideoUrl: 'javascript:alert(1)' }, 'welcomeVideoUrl'],
    ['a 501-character description', { description: 'x'.repeat(501) }, 'description'],
    ['a portal switch that is not a boolean', { portalActive: 'yes' }, 'portalActive'],
  ])('refuses %s', async (_what, body, path) => {
    const before = await firmRow();
    const res = await patch(body);
    expect(res.status).toBe(400);
    expect(res.json.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(await firmRow()).toEqual(before);
  });

  it('keeps clients out while the portal is off: no link is sent, a link or identity token already out is refused; staff still sign in', async () => {
    const link = await t.linkTokenFor('demo', 'client@demo.test');
    expect((await patch({ portalActive: false })).json.portalActive).toBe(false);
    const emails = await t.count('emails');
    expect((await t.request('POST', '/api/v1/auth/link', { body: { firm: 'demo', email: 'client@demo.test' } })).status).toBe(202);
    await t.mailbox();
    expect(await t.count('emails')).toBe(emails);
    const refused = await t.request('POST', '/api/v1/auth/session', { body: { token: link } });
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe('portal_inactive');
    expect((await t.request('POST', '/api/v1/auth/identity', { body: { firm: 'demo', token: 'x.y.z' } })).json.error.code).toBe('portal_inactive');
    expect((await t.signIn('demo', 'mari@demo.test', 'staff')).token).toMatch(/^ps_/);
    // On again: the same link works.
    await patch({ portalActive: true });
    expect((await t.request('POST', '/api/v1/auth/session', { body: { token: link } })).status).toBe(200);
  });
});

describe('the sample task template', () => {
  it("takes one of the firm's single-task templates, and refuses a work template or another firm's with 404", async () => {
    const created = await t.request('POST', '/api/v1/firm/templates', { token: owner, body: { kind: 'task', title: 'Welcome to the portal', tasks: [{ title: 'Try the portal', description: 'Tick this when you have looked around.', checklist: [], dueOffsetDays: null, sending: { kind: 'immediate' }, autoComplete: true, section: null }] } });
    expect(created.status).toBe(201);
    expect((await patch({ sampleTemplateId: created.json.id })).json.sampleTemplateId).toBe(created.json.id);
    const work = String((await t.db.$client.execute("select id from templates where kind = 'work' limit 1")).rows[0]!.id);
    const res = await patch({ sampleTemplateId: work });
    expect(res.status).toBe(404);
    expect((await patch({ sampleTemplateId: 'tpl_doesnotexist' })).status).toBe(404);
    expect((await patch({ sampleTemplateId: null })).json.sampleTemplateId).toBeNull();
  });
});

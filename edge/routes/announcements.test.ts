import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

let t: TestApp;
let owner: string;
let kadri: string;
beforeEach(async () => {
  t = await createTestApp();
  owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  kadri = (await t.signIn('demo', 'client@demo.test')).token;
  await t.request('PATCH', '/api/v1/firm/settings', { token: owner, body: { announcementsEnabled: true } });
});
afterEach(() => t.cleanup());

const write = (body: Record<string, unknown>, token = owner) => t.request('POST', '/api/v1/firm/announcements', { token, body });
const seen = async (token = kadri) => (await t.request('GET', '/api/v1/portal/announcements', { token })).json.items as { id: string; title: string; dismissed: boolean }[];

describe('announcements', () => {
  it('are drafts until published, then shown to contacts until dismissed or ended', async () => {
    const draft = await write({ title: 'Office closed on Friday', body: 'We are closed on 4 December.' });
    expect(draft.status).toBe(201);
    expect(draft.json.publishedAt).toBeNull();
    expect(await seen()).toEqual([]);

    const published = await t.request('PATCH', `/api/v1/firm/announcements/${draft.json.id}`, { token: owner, body: { published: true, endsAt: t.clock.now() + 86_400_000 } });
    expect(published.json.publishedAt).toBeGreaterThan(draft.json.createdAt - 1);
    expect(published.json.publishedAt).toBeLessThanOrEqual(t.clock.now());
    expect(await seen()).toMatchObject([{ id: draft.json.id, title: 'Office closed on Friday', dismissed: false }]);

    expect((await t.request('POST', `/api/v1/portal/announcements/${draft.json.id}/dismiss`, { token: kadri })).status).toBe(204);
    expect((await t.request('POST', `/api/v1/portal/announcements/${draft.json.id}/dismiss`, { token: kadri })).status).toBe(204);
    expect((await seen())[0]!.dismissed).toBe(true);
    // Another contact has not dismissed it.
    expect((await seen((await t.signIn('demo', 'timber@demo.test')).token))[0]!.dismissed).toBe(false);

    t.clock.advance(86_400_001);
    expect(await seen()).toEqual([]);
  });

  it('are hidden while the firm has them off, and never shown to another firm', async () => {
    await write({ title: 'New VAT rules', body: 'From January.', published: true });
    expect(await seen()).toHaveLength(1);
    expect(await seen((await t.signIn('acme', 'client@acme.test')).token)).toEqual([]);
    await t.request('PATCH', '/api/v1/firm/settings', { token: owner, body: { announcementsEnabled: false } });
    expect(await seen()).toEqual([]);
  });

  it('list newest first for staff, searched by title and paged', async () => {
    for (const title of ['Holiday hours', 'VAT deadline', 'Holiday party']) {
      await write({ title, body: 'x' });
      t.clock.advance(1000);
    }
    const all = await t.request('GET', '/api/v1/firm/announcements?limit=2', { token: owner });
    expect(all.json.items.map((a: { title: string }) => a.title)).toEqual(['Holiday party', 'VAT deadline']);
    const next = await t.request('GET', `/api/v1/firm/announcements?limit=2&cursor=${all.json.nextCursor}`, { token: owner });
    expect(next.json.items.map((a: { title: string }) => a.title)).toEqual(['Holiday hours']);
    expect(next.json.nextCursor).toBeNull();
    const found = await t.request('GET', '/api/v1/firm/announcements?q=holiday', { token: owner });
    expect(found.json.items).toHaveLength(2);
    const literal = await t.request('GET', '/api/v1/firm/announcements?q=%25', { token: owner });
    expect(literal.json.items).toEqual([]);
  });

  it('are written by the owner or an admin only: a member is refused with 403 and nothing is written', async () => {
    const mari = (await t.signIn('demo', 'mari@demo.test', 'staff')).token;
    const before = [await t.count('announcements'), await t.count('activity')];
    const res = await write({ title: 'Mine', body: 'x', published: true }, mari);
    expect(res.status).toBe(403);
    const { json: a } = await write({ title: 'Ours', body: 'x' });
    expect((await t.request('PATCH', `/api/v1/firm/announcements/${a.id}`, { token: mari, body: { published: true } })).status).toBe(403);
    expect((await t.request('DELETE', `/api/v1/firm/announcements/${a.id}`, { token: mari })).status).toBe(403);
    expect(await t.count('announcements')).toBe(before[0]! + 1);
    // Members still read them.
    expect((await t.request('GET', '/api/v1/firm/announcements', { token: mari })).json.items).toHaveLength(1);
  });

  it("answers 404 for another firm's announcement, to staff and contacts alike", async () => {
    const acmeOwner = (await t.signIn('acme', 'owner@acme.test', 'staff')).token;
    const { json: theirs } = await write({ title: 'Acme news', body: 'x', published: true }, acmeOwner);
    expect((await t.request('PATCH', `/api/v1/firm/announcements/${theirs.id}`, { token: owner, body: { title: 'Ours now' } })).status).toBe(404);
    expect((await t.request('DELETE', `/api/v1/firm/announcements/${theirs.id}`, { token: owner })).status).toBe(404);
    expect((await t.request('POST', `/api/v1/portal/announcements/${theirs.id}/dismiss`, { token: kadri })).status).toBe(404);
    expect(await t.count('announcement_dismissals')).toBe(0);
    expect((await t.request('GET', '/api/v1/firm/announcements', { token: acmeOwner })).json.items[0].title).toBe('Acme news');
  });

  it('delete with their dismissals', async () => {
    const { json: a } = await write({ title: 'Gone soon', body: 'x', published: true });
    await t.request('POST', `/api/v1/portal/announcements/${a.id}/dismiss`, { token: kadri });
    expect((await t.request('DELETE', `/api/v1/firm/announcements/${a.id}`, { token: owner })).status).toBe(204);
    expect([await t.count('announcements'), await t.count('announcement_dismissals')]).toEqual([0, 0]);
  });

  it.each([
    ['no title', { body: 'x' }, 'title'],
    ['an empty title', { title: '  ', body: 'x' }, 'title'],
    ['a 201-character title', { title: 'x'.repeat(201), body: 'x' }, 'title'],
    ['no body', { title: 'x' }, 'body'],
    ['an end that is not a time', { title: 'x', body: 'x', endsAt: 'tomorrow' }, 'endsAt'],
    ['an unknown field', { title: 'x', body: 'x', pinned: true }, 'pinned'],
  ])('refuses %s with validation_failed, writing nothing', async (_what, body, path) => {
    const res = await write(body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
    expect(res.json.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(await t.count('announcements')).toBe(0);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

let t: TestApp;
let owner: string;
beforeEach(async () => {
  t = await createTestApp();
  owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
});
afterEach(() => t.cleanup());

/** The one address in the newest sign-in mail to the client, after the portal page was set to `portalUrl`. */
async function mailedLink(portalUrl: string): Promise<string> {
  const saved = await t.request('PATCH', '/api/v1/firm/settings', { token: owner, body: { portalUrl } });
  expect(saved.status, JSON.stringify(saved.json)).toBe(200);
  await t.request('POST', '/api/v1/auth/link', { body: { firm: 'demo', email: 'client@demo.test' } });
  const mail = (await t.mailbox()).find((m) => m.to === 'client@demo.test')!;
  const links = mail.text.match(/https?:\/\/\S+/g) ?? [];
  expect(links).toHaveLength(1);
  expect(mail.html).toContain(links[0]!.replace(/&/g, '&amp;'));
  return links[0]!;
}

describe('sign-in links to a portal page with a fragment', () => {
  it.each([
    ['https://www.demo-firm.example/clients', 'https://www.demo-firm.example/clients#login='],
    ['https://www.demo-firm.example/clients#top', 'https://www.demo-firm.example/clients#top&login='],
    ['https://firm.example/#/portal', 'https://firm.example/#/portal?login='],
    ['https://firm.example/#/portal?tab=tasks', 'https://firm.example/#/portal?tab=tasks&login='],
    ['https://firm.example/#!/portal', 'https://firm.example/#!/portal?login='],
    ['https://firm.example/clients?lang=et#top', 'https://firm.example/clients?lang=et#top&login='],
  ])('%s gets the token appended to its fragment, once', async (portalUrl, prefix) => {
    const link = await mailedLink(portalUrl);
    expect(link.startsWith(prefix), link).toBe(true);
    const token = link.slice(prefix.length);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.split('#')).toHaveLength(2);
    // And the link works: the token it carries opens a session.
    const session = await t.request('POST', '/api/v1/auth/session', { body: { token } });
    expect(session.status).toBe(200);
  });

  it.each([
    'https://firm.example/portal#login=stale',
    'https://firm.example/#/portal?login=x',
    'https://firm.example/#top&login=x',
  ])('refuses %s in the settings: its own login= would shadow every token', async (portalUrl) => {
    const res = await t.request('PATCH', '/api/v1/firm/settings', { token: owner, body: { portalUrl } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
    expect(res.json.error.issues.map((i: { path: string }) => i.path)).toContain('portalUrl');
    expect((await t.db.$client.execute("select portal_url from firms where slug = 'demo'")).rows[0]!.portal_url).toBe('http://portico.test/portal');
  });
});

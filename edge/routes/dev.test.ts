import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

let t: TestApp;
afterEach(() => t.cleanup());

describe('dev routes', () => {
  it('show the mailbox as HTML and JSON, newest first', async () => {
    t = await createTestApp();
    await t.linkTokenFor('demo', 'client@demo.test');
    await t.linkTokenFor('demo', 'owner@demo.test', 'staff');
    const mail = await t.mailbox();
    expect(mail.map((m) => m.to)).toEqual(['owner@demo.test', 'client@demo.test']);
    // The sender's name and reply address, when the email had them (a sign-in link has neither).
    expect(mail[0]).toMatchObject({ fromName: null, replyTo: null });
    expect(Object.keys(mail[0]!).sort()).toEqual(['fromName', 'html', 'replyTo', 'sentAt', 'subject', 'text', 'to']);
    const page = await t.app.request('/dev/mail');
    expect(await page.text()).toContain('Your sign-in link for Demo &amp; Partners Accounting');
  });

  it('move the clock only with DEV_CLOCK=1, and refuse a bad amount', async () => {
    t = await createTestApp();
    expect((await t.request('POST', '/dev/clock', { body: { advanceSeconds: 60 } })).status).toBe(404);
    t.cleanup();
    t = await createTestApp({ DEV_CLOCK: '1' });
    const before = t.clock.now();
    const moved = await t.request('POST', '/dev/clock', { body: { advanceSeconds: 86_400 } });
    expect(moved.status).toBe(200);
    expect(moved.json.now - before).toBeGreaterThanOrEqual(86_400_000);
    const bad = await t.request('POST', '/dev/clock', { body: { advanceSeconds: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues[0].path).toBe('advanceSeconds');
  });

  it('are absent when turned off', async () => {
    t = await createTestApp({ DEV_ROUTES: '0' });
    expect((await t.app.request('/dev/mail.json')).status).toBe(404);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';
import { queueEmail } from '../jobs/email.ts';
import { MAILBOX_PAGE } from './dev.ts';

let t: TestApp;
afterEach(() => t.cleanup());

const html = async (path: string) => {
  const res = await t.app.request(path);
  return { status: res.status, body: await res.text(), headers: res.headers };
};
/** Queues (and with `send`, sends) an email straight into the outbox, as a job would. */
const queue = async (key: string, extra: Partial<Parameters<typeof queueEmail>[2]> = {}) => {
  await queueEmail(t.db, t.clock, { firmId: null, kind: 'test', to: 'someone@demo.test', subject: `Mail ${key}`, text: `Text ${key}`, html: `<p>Html ${key}</p>`, key, ...extra });
  t.clock.advance(1_000);
};
const idOf = async (key: string) => String((await t.db.$client.execute({ sql: 'select id from emails where job_key = ?', args: [key] })).rows[0]!.id);

describe('the dev mailbox', () => {
  it('keeps /dev/mail.json as the contract says: sent mail, newest first, with to, subject, text, html, sentAt', async () => {
    t = await createTestApp();
    await t.linkTokenFor('demo', 'client@demo.test');
    await t.linkTokenFor('demo', 'owner@demo.test', 'staff');
    const mail = await t.mailbox();
    expect(mail.map((m) => m.to)).toEqual(['owner@demo.test', 'client@demo.test']);
    expect(mail[0]).toMatchObject({ fromName: 'Demo & Partners Accounting', replyTo: null, kind: 'sign_in' });
    expect(Object.keys(mail[0]!).sort()).toEqual(['fromName', 'html', 'id', 'kind', 'replyTo', 'sentAt', 'subject', 'text', 'to']);
    expect(mail[0]).toHaveProperty('sentAt', expect.any(Number));
  });

  it('lists every email newest first with time, to, from, subject, kind and state; each links to its own page', async () => {
    t = await createTestApp();
    await queue('first', { to: 'a@demo.test', kind: 'reminder', fromName: 'Kadri Tamm, Demo & Partners' });
    await queue('second', { to: 'b@demo.test', kind: 'assigned' });
    await t.runJobs();
    await queue('third', { to: 'a@demo.test', kind: 'message' });
    const page = await html('/dev/mail');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.body).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
    const order = ['Mail third', 'Mail second', 'Mail first'].map((s) => page.body.indexOf(s));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page.body).toContain(`href="/dev/mail/${await idOf('first')}"`);
    expect(page.body).toContain('From Kadri Tamm, Demo &amp; Partners');
    expect(page.body).toContain('<span>reminder</span><span class="state-sent">sent</span>');
    expect(page.body).toContain('<span class="state-queued">queued</span>');
    expect(page.body).toMatch(/<time datetime="\d{4}-\d\d-\d\dT/);
  });

  it('filters by recipient (any case) and pages by 50 with an "Older" link', async () => {
    t = await createTestApp();
    for (let i = 0; i < MAILBOX_PAGE + 2; i++) await queue(`k${String(i).padStart(2, '0')}`, { to: i % 2 ? 'odd@demo.test' : 'even@demo.test' });
    await queue('other', { to: 'Other@Demo.test' });
    const first = await html('/dev/mail');
    expect(first.body.match(/<li>/g)).toHaveLength(MAILBOX_PAGE);
    const older = /<a rel="next" href="([^"]+)">Older<\/a>/.exec(first.body)![1]!.replace(/&amp;/g, '&');
    const second = await html(older);
    expect(second.body.match(/<li>/g)).toHaveLength(3);
    expect(second.body).toContain('Mail k00');
    expect(second.body).not.toContain('rel="next"');
    expect(second.body).toContain('>Newest</a>');

    const filtered = await html('/dev/mail?to=other@demo.TEST');
    expect(filtered.body.match(/<li>/g)).toHaveLength(1);
    expect(filtered.body).toContain('Mail other');
    expect(filtered.body).toContain('value="other@demo.TEST"');
    const odd = await html('/dev/mail?to=odd@demo.test');
    expect(odd.body.match(/<li>/g)).toHaveLength(26);
    expect(odd.body).not.toContain('even@demo.test');
  });

  it('refuses a malformed cursor or recipient', async () => {
    t = await createTestApp();
    for (const query of ['before=1%27%20or%201=1', 'before=abc', `to=${'x'.repeat(400)}`]) {
      const res = await t.request('GET', `/dev/mail?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json.error.code).toBe('validation_failed');
    }
  });

  it('shows one email as its recipient sees it: headers, the HTML in a sandbox without scripts, the plain text', async () => {
    t = await createTestApp();
    await queue('one', {
      to: 'client@demo.test',
      fromName: 'Kadri Tamm, Demo & Partners',
      replyTo: 'reply+abc@in.portico.test',
      headers: { 'List-Unsubscribe': '<http://portico.test/off>' },
      html: '<p style="color:#1b1f24">Hello <a href="https://x.test">there</a></p>',
      text: 'Hello there\nSecond line',
    });
    await t.runJobs();
    const page = await html(`/dev/mail/${await idOf('one')}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<dt>From</dt><dd>Kadri Tamm, Demo &amp; Partners &lt;portal@portico.test&gt;</dd>');
    expect(page.body).toContain('<dt>To</dt><dd>client@demo.test</dd>');
    expect(page.body).toContain('<dt>Reply-To</dt><dd>reply+abc@in.portico.test</dd>');
    expect(page.body).toContain('<dt>List-Unsubscribe</dt><dd>&lt;http://portico.test/off&gt;</dd>');
    const frame = /<iframe [^>]*sandbox="([^"]*)" srcdoc="([^"]*)"/.exec(page.body)!;
    expect(frame[1]).not.toContain('allow-scripts');
    expect(frame[1]).not.toContain('allow-same-origin');
    expect(frame[2]).toBe('&lt;p style=&quot;color:#1b1f24&quot;&gt;Hello &lt;a href=&quot;https://x.test&quot;&gt;there&lt;/a&gt;&lt;/p&gt;');
    expect(page.body).toContain('<pre>Hello there\nSecond line</pre>');
  });

  it('escapes a hostile subject, recipient and body everywhere', async () => {
    t = await createTestApp();
    const evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
    await queue('evil', { subject: evil, fromName: evil, text: evil, html: `</iframe><script>alert(3)</script>` });
    for (const path of ['/dev/mail', `/dev/mail/${await idOf('evil')}`]) {
      const page = await html(path);
      expect(page.body, path).not.toMatch(/<script|<img|<\/iframe><script/);
      expect(page.body, path).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    }
  });

  it('answers 404 for an unknown id', async () => {
    t = await createTestApp();
    const res = await t.request('GET', '/dev/mail/eml_nosuchemail');
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
  });

  it('is absent when dev routes are off', async () => {
    t = await createTestApp({ DEV_ROUTES: '0' });
    await queue('hidden');
    for (const path of ['/dev/mail.json', '/dev/mail', `/dev/mail/${await idOf('hidden')}`]) expect((await t.app.request(path)).status, path).toBe(404);
  });
});

describe('the dev clock', () => {
  it('moves only with DEV_CLOCK=1, and refuses a bad amount', async () => {
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
});

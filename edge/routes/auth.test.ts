import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

let t: TestApp;
beforeEach(async () => { t = await createTestApp(); });
afterEach(() => t.cleanup());

const link = (body: unknown) => t.request('POST', '/api/v1/auth/link', { body });

describe('POST /api/v1/auth/link', () => {
  it('answers 202 and mails a single link to the portal page, with the token in the fragment', async () => {
    const res = await link({ firm: 'demo', email: '  Client@Demo.test ' });
    expect(res.status).toBe(202);
    const mail = await t.mailbox();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.to).toBe('client@demo.test');
    expect(mail[0]!.text).toMatch(/^http:\/\/portico\.test\/portal#login=[A-Za-z0-9_-]{43}$/m);
    expect(mail[0]!.text).toContain('expires in 24 hours');
    expect(mail[0]!.html).toContain('#login=');
    expect(t.wakes).toHaveLength(1);
  });

  it('sends staff to the console', async () => {
    await link({ firm: 'demo', email: 'owner@demo.test', as: 'staff' });
    expect((await t.mailbox())[0]!.text).toMatch(/http:\/\/portico\.test\/console#login=/);
  });

  it('answers an unknown address, another firm\'s address and an unknown firm exactly like a known one, and writes no token or mail', async () => {
    const known = await link({ firm: 'demo', email: 'client@demo.test' });
    await t.mailbox();
    const tokensBefore = await t.count('sign_in_tokens');
    const emailsBefore = await t.count('emails');
    expect([tokensBefore, emailsBefore]).toEqual([1, 1]);
    for (const body of [
      { firm: 'demo', email: 'nobody@demo.test' },
      { firm: 'demo', email: 'client@acme.test' },
      { firm: 'demo', email: 'client@demo.test', as: 'staff' },
      { firm: 'no-such-firm', email: 'client@demo.test' },
    ]) {
      const res = await link(body);
      expect(res.status).toBe(known.status);
      expect(res.json).toEqual(known.json);
    }
    await t.mailbox();
    expect(await t.count('sign_in_tokens')).toBe(tokensBefore);
    expect(await t.count('emails')).toBe(emailsBefore);
  });

  it.each([
    [{ firm: 'demo' }, 'email'],
    [{ firm: 'demo', email: 'not-an-email' }, 'email'],
    [{ firm: 'Demo Firm!', email: 'client@demo.test' }, 'firm'],
    [{ firm: 'demo', email: 'client@demo.test', as: 'admin' }, 'as'],
  ])('refuses %j with validation_failed naming %s', async (body, path) => {
    const jobsBefore = await t.count('jobs');
    const res = await link(body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
    expect(res.json.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(res.json.error.requestId).toBeTruthy();
    // The request itself writes only a job (the link is made when it runs): that is what must not be written.
    expect(await t.count('jobs')).toBe(jobsBefore);
    await t.runJobs();
    expect(await t.count('sign_in_tokens')).toBe(0);
  });

  it('limits requests per address with 429 and Retry-After, and the limit holds for unknown addresses too', async () => {
    for (let i = 0; i < 5; i++) expect((await link({ firm: 'demo', email: 'client@demo.test' })).status).toBe(202);
    const limited = await link({ firm: 'demo', email: 'client@demo.test' });
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    await t.mailbox();
    expect(await t.count('sign_in_tokens')).toBe(5);
    for (let i = 0; i < 5; i++) await link({ firm: 'demo', email: 'ghost@demo.test' });
    expect((await link({ firm: 'demo', email: 'ghost@demo.test' })).status).toBe(429);
    t.clock.advance(15 * 60_000);
    expect((await link({ firm: 'demo', email: 'client@demo.test' })).status).toBe(202);
  });
});

describe('sign-in tokens', () => {
  it('tells who a link is for without using it up, then opens a session once', async () => {
    const token = await t.linkTokenFor('demo', 'client@demo.test');
    const inspected = await t.request('POST', '/api/v1/auth/link/inspect', { body: { token } });
    expect(inspected.status).toBe(200);
    expect(inspected.json).toEqual({ email: 'client@demo.test', audience: 'client', firm: { slug: 'demo', name: 'Demo & Partners Accounting' }, purpose: 'sign_in', pinRequired: false });

    const session = await t.request('POST', '/api/v1/auth/session', { body: { token } });
    expect(session.status).toBe(200);
    expect(session.json.token).toMatch(/^ps_/);
    expect(session.json.user.email).toBe('client@demo.test');
    expect(session.json.clients.map((c: { name: string }) => c.name)).toEqual(['Harbor Lights Studio', 'Northwind Bakery OÜ']);
    expect(session.headers.get('set-cookie')).toBeNull();

    const reused = await t.request('POST', '/api/v1/auth/session', { body: { token } });
    expect(reused.status).toBe(401);
    expect(reused.json.error.code).toBe('invalid_token');
    expect((await t.request('POST', '/api/v1/auth/link/inspect', { body: { token } })).status).toBe(401);
    expect(await t.count('sessions')).toBe(1);
  });

  it('opens exactly one session when the same link is clicked twice at once', async () => {
    const token = await t.linkTokenFor('demo', 'client@demo.test');
    const answers = await Promise.all([0, 1, 2].map(() => t.request('POST', '/api/v1/auth/session', { body: { token } })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401]);
    expect(await t.count('sessions')).toBe(1);
  });

  it('stores only hashes of tokens and sessions (the dev mailbox aside)', async () => {
    const token = await t.linkTokenFor('demo', 'client@demo.test');
    const session = await t.request('POST', '/api/v1/auth/session', { body: { token } });
    let dump = '';
    for (const table of ['sign_in_tokens', 'sessions', 'jobs', 'activity']) dump += JSON.stringify((await t.db.$client.execute(`select * from ${table}`)).rows);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(token.slice(0, 12));
    expect(dump).not.toContain(session.json.token);
  });

  it('keeps no token in the outbox when mail really leaves (Postmark)', async () => {
    const { startPostmarkStandIn } = await import('../../test/fixtures/postmark-standin.ts');
    const postmark = await startPostmarkStandIn();
    const real = await createTestApp({ POSTMARK_SERVER_TOKEN: 'pm', POSTMARK_API_URL: `http://${postmark.host}` });
    try {
      expect(real.config.mailer).toBe('postmark');
      await real.request('POST', '/api/v1/auth/link', { body: { firm: 'demo', email: 'client@demo.test' } });
      await real.runJobs();
      const sent = String(postmark.received[0]!.body.TextBody);
      const token = /#login=([A-Za-z0-9_-]+)/.exec(sent)![1]!;
      const outbox = JSON.stringify((await real.db.$client.execute('select * from emails')).rows);
      expect(outbox).toContain('client@demo.test');
      expect(outbox).not.toContain(token);
      const code = /^(\d{3} \d{3})$/m.exec(sent)![1]!;
      expect(String(postmark.received[0]!.body.HtmlBody)).toContain(code);
      expect(outbox).not.toContain(code);
      expect(outbox).not.toContain(code.replace(' ', ''));
      expect((await real.request('POST', '/api/v1/auth/session', { body: { token } })).status).toBe(200);
    } finally {
      real.cleanup();
      await postmark.close();
    }
  });

  it('refuses an expired link after 24 hours and opens no session', async () => {
    const token = await t.linkTokenFor('demo', 'client@demo.test');
    t.clock.advance(24 * 3_600_000 + 1000);
    const res = await t.request('POST', '/api/v1/auth/session', { body: { token } });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('invalid_token');
    expect(await t.count('sessions')).toBe(0);
  });

  it.each([
    ['a malformed token', { token: 'short' }, 400, 'validation_failed'],
    ['a token with bad characters', { token: 'x'.repeat(20) + '!@#' }, 400, 'validation_failed'],
    ['a well-formed unknown token', { token: 'A'.repeat(43) }, 401, 'invalid_token'],
    ['no token', {}, 400, 'validation_failed'],
  ])('refuses %s', async (_name, body, status, code) => {
    const res = await t.request('POST', '/api/v1/auth/session', { body });
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe(code);
    expect(await t.count('sessions')).toBe(0);
  });

  it('a link of another firm signs in to that firm only', async () => {
    const acme = await t.signIn('acme', 'client@acme.test');
    const me = await t.request('GET', '/api/v1/auth/session', { token: acme.token });
    expect(me.json.firm.slug).toBe('acme');
    const tasks = await t.request('GET', '/api/v1/portal/tasks', { token: acme.token });
    expect(tasks.json.items.length).toBeGreaterThan(0);
    expect(tasks.json.items.every((i: { title: string }) => i.title.startsWith('Acme'))).toBe(true);
  });
});

describe('sessions', () => {
  it('signs out: the bearer stops working', async () => {
    const { token } = await t.signIn('demo', 'client@demo.test');
    expect((await t.request('GET', '/api/v1/auth/session', { token })).status).toBe(200);
    expect((await t.request('DELETE', '/api/v1/auth/session', { token })).status).toBe(204);
    const after = await t.request('GET', '/api/v1/portal/tasks', { token });
    expect(after.status).toBe(401);
    expect(after.json.error.code).toBe('unauthorized');
  });

  it('gives staff an HttpOnly, SameSite=Strict cookie that works for the firm API and is cleared on sign out', async () => {
    const token = await t.linkTokenFor('demo', 'owner@demo.test', 'staff');
    const res = await t.request('POST', '/api/v1/auth/session', { body: { token } });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/portico_session=ps_/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const pair = cookie.split(';')[0]!;
    const clients = await t.request('GET', '/api/v1/firm/clients', { headers: { cookie: pair } });
    expect(clients.status).toBe(200);
    const out = await t.request('DELETE', '/api/v1/auth/session', { headers: { cookie: pair, origin: 'http://portico.test' } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/portico_session=;/);
    expect((await t.request('GET', '/api/v1/firm/clients', { headers: { cookie: pair } })).status).toBe(401);
  });

  it('ends after its lifetime', async () => {
    const { token } = await t.signIn('demo', 'client@demo.test');
    t.clock.advance(31 * 86_400_000);
    expect((await t.request('GET', '/api/v1/portal/tasks', { token })).status).toBe(401);
  });

  it.each([
    ['no credentials', {}, 401, 'unauthorized'],
    ['a malformed Authorization header', { authorization: 'Token abc' }, 401, 'unauthorized'],
    ['an unknown bearer', { authorization: `Bearer ps_${'x'.repeat(43)}` }, 401, 'unauthorized'],
  ])('refuses %s', async (_name, headers, status, code) => {
    const res = await t.request('GET', '/api/v1/portal/tasks', { headers });
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe(code);
  });

  it('keeps contacts out of the firm API and staff out of the portal API', async () => {
    const contact = await t.signIn('demo', 'client@demo.test');
    const staff = await t.signIn('demo', 'owner@demo.test', 'staff');
    const a = await t.request('GET', '/api/v1/firm/clients', { token: contact.token });
    expect(a.status).toBe(403);
    expect(a.json.error.code).toBe('forbidden');
    expect((await t.request('GET', '/api/v1/portal/tasks', { token: staff.token })).status).toBe(403);
  });
});

describe('the console cookie', () => {
  it('cannot be used for a change from another origin, even a sibling subdomain (CSRF)', async () => {
    const token = await t.linkTokenFor('demo', 'owner@demo.test', 'staff');
    const cookie = (await t.request('POST', '/api/v1/auth/session', { body: { token } })).headers.get('set-cookie')!.split(';')[0]!;
    const task = String((await t.db.$client.execute("select id from tasks where title = 'Send March receipts'")).rows[0]!.id);
    for (const origin of ['https://www.sibling.example', 'null', undefined]) {
      const res = await t.request('POST', `/api/v1/firm/tasks/${task}/withdraw`, {
        body: 'x',
        headers: { cookie, 'content-type': 'text/plain', ...(origin ? { origin } : {}) },
      });
      expect(res.status, String(origin)).toBe(403);
    }
    expect((await t.db.$client.execute({ sql: 'select withdrawn_at from tasks where id = ?', args: [task] })).rows[0]!.withdrawn_at).toBeNull();
    // Reads with the cookie, and changes from the console's own origin, work.
    expect((await t.request('GET', '/api/v1/firm/clients', { headers: { cookie } })).status).toBe(200);
    const own = await t.request('POST', `/api/v1/firm/tasks/${task}/withdraw`, { headers: { cookie, origin: 'http://portico.test' } });
    expect(own.status).toBe(200);
  });
});

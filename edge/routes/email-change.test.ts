import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

let t: TestApp;
let client: Awaited<ReturnType<TestApp['signIn']>>;
beforeEach(async () => {
  t = await createTestApp();
  client = await t.signIn('demo', 'client@demo.test');
});
afterEach(() => t.cleanup());

const ask = (email: string, token = client.token) => t.request('POST', '/api/v1/portal/profile/email', { token, body: { email } });
const confirm = (token: string) => t.request('POST', '/api/v1/auth/email/confirm', { body: { token } });
/** The token of the newest confirmation mailed to `to`. */
async function mailedToken(to: string) {
  const mail = (await t.mailbox()).find((m) => m.to === to && /#email-confirm=/.test(m.text));
  return { mail, token: mail ? /#email-confirm=([A-Za-z0-9_-]+)/.exec(mail.text)![1]! : null };
}
const emailOf = async () => String((await t.db.$client.execute({ sql: 'select email from contacts where id = ?', args: [client.user.id] })).rows[0]!.email);

describe('changing the email address', () => {
  it('mails a link to the new address, keeps only its hash, and changes the address once it is used', async () => {
    const res = await ask('Kadri.New@Example.test');
    expect(res.status).toBe(202);
    const { mail, token } = await mailedToken('kadri.new@example.test');
    expect(mail!.subject).toMatch(/^Confirm your new email address for /);
    expect(mail!.text).toContain(`/portal#email-confirm=${token}`);
    expect(await emailOf()).toBe('client@demo.test');
    const rows = (await t.db.$client.execute("select token_hash, new_email, expires_at - created_at as ttl from sign_in_tokens where purpose = 'email_change'")).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).not.toBe(token);
    expect([rows[0]!.new_email, rows[0]!.ttl]).toEqual(['kadri.new@example.test', 24 * 3_600_000]);
    // The link is not a sign-in link.
    expect((await t.request('POST', '/api/v1/auth/session', { body: { token } })).status).toBe(401);
    expect((await t.request('POST', '/api/v1/auth/link/inspect', { body: { token } })).status).toBe(401);

    await t.db.$client.execute({ sql: "update contacts set email_undeliverable_at = 1, email_undeliverable_reason = 'bounced' where id = ?", args: [client.user.id] });
    const done = await confirm(token!);
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ email: 'kadri.new@example.test', emailUndeliverable: false, name: 'Kadri Kask' });
    expect(await emailOf()).toBe('kadri.new@example.test');
    const history = (await t.db.$client.execute({ sql: "select actor_type, data from activity where action = 'contact.email_changed' and subject_id = ?", args: [client.user.id] })).rows;
    expect(history.map((r) => [r.actor_type, JSON.parse(String(r.data))])).toEqual([['contact', { from: 'client@demo.test', to: 'kadri.new@example.test' }]]);
    // Old sessions stay signed in; the link works once.
    expect((await t.request('GET', '/api/v1/portal/profile', { token: client.token })).json.email).toBe('kadri.new@example.test');
    const again = await confirm(token!);
    expect([again.status, again.json.error.code]).toEqual([401, 'invalid_token']);
    expect(await t.count("activity where action = 'contact.email_changed'")).toBe(1);
  });

  it('writes the Estonian email for an Estonian contact', async () => {
    await t.request('PATCH', '/api/v1/portal/profile', { token: client.token, body: { locale: 'et' } });
    await ask('uus@example.test');
    const { mail } = await mailedToken('uus@example.test');
    expect(mail!.subject).toMatch(/^Kinnita oma uus e-posti aadress/);
    expect(mail!.text).toContain('Kinnita see aadress');
  });

  it('refuses the current address (400 email_unchanged) and one another contact of the firm has (409 email_taken), sending nothing', async () => {
    const tokens = await t.count('sign_in_tokens');
    const same = await ask('CLIENT@demo.test');
    expect([same.status, same.json.error.code]).toEqual([400, 'email_unchanged']);
    const taken = await ask('timber@demo.test');
    expect([taken.status, taken.json.error.code]).toEqual([409, 'email_taken']);
    // Another firm's contact is no conflict.
    expect((await ask('client@acme.test')).status).toBe(202);
    expect(await t.count('sign_in_tokens')).toBe(tokens + 1);
    for (const body of [{ email: 'not an address' }, { email: 'a@b.test', extra: 1 }, {}]) {
      const res = await t.request('POST', '/api/v1/portal/profile/email', { token: client.token, body });
      expect([res.status, res.json.error.code]).toEqual([400, 'validation_failed']);
    }
    expect(await t.count('sign_in_tokens')).toBe(tokens + 1);
  });

  it('refuses an expired, altered or unknown token with 401 invalid_token, changing nothing', async () => {
    await ask('later@example.test');
    const { token } = await mailedToken('later@example.test');
    const altered = token!.slice(0, -1) + (token!.endsWith('a') ? 'b' : 'a');
    for (const bad of [altered, 'x'.repeat(43)]) expect((await confirm(bad)).json.error.code).toBe('invalid_token');
    expect((await confirm('short')).status).toBe(400);
    t.clock.advance(24 * 3_600_000 + 1000);
    const expired = await confirm(token!);
    expect([expired.status, expired.json.error.code]).toEqual([401, 'invalid_token']);
    expect(await emailOf()).toBe('client@demo.test');
    expect(await t.count("activity where action = 'contact.email_changed'")).toBe(0);
  });

  it('refuses the link when another contact took the address meanwhile (409), and keeps it usable', async () => {
    await ask('wanted@example.test');
    const { token } = await mailedToken('wanted@example.test');
    await t.db.$client.execute("update contacts set email = 'wanted@example.test' where email = 'timber@demo.test'");
    const res = await confirm(token!);
    expect([res.status, res.json.error.code]).toEqual([409, 'email_taken']);
    expect(await emailOf()).toBe('client@demo.test');
    await t.db.$client.execute("update contacts set email = 'timber@demo.test' where email = 'wanted@example.test'");
    expect((await confirm(token!)).status).toBe(200);
  });

  it('limits requests per contact with 429', async () => {
    for (let i = 0; i < 5; i++) expect((await ask(`n${i}@example.test`)).status).toBe(202);
    const res = await ask('n9@example.test');
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('counts a try at an address another contact has, so the limit stops probing them', async () => {
    const other = String((await t.db.$client.execute("select email from contacts where firm_id = (select firm_id from contacts where email = 'client@demo.test') and email != 'client@demo.test' limit 1")).rows[0]!.email);
    for (let i = 0; i < 5; i++) expect((await ask(other)).status).toBe(409);
    expect((await ask(other)).status).toBe(429);
  });

  it('ends the links still open for the old address once the new one is confirmed', async () => {
    const oldLink = await t.linkTokenFor('demo', 'client@demo.test');
    await ask('kadri.new@example.test');
    const { token } = await mailedToken('kadri.new@example.test');
    expect((await confirm(token!)).status).toBe(200);
    expect((await t.request('POST', '/api/v1/auth/session', { body: { token: oldLink } })).status).toBe(401);
  });

  it('is for contacts only', async () => {
    const owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
    expect((await ask('x@example.test', owner)).status).toBe(403);
    expect((await t.request('POST', '/api/v1/portal/profile/email', { body: { email: 'x@example.test' } })).status).toBe(401);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

let t: TestApp;
beforeEach(async () => { t = await createTestApp(); });
afterEach(() => t.cleanup());

/** Asks for a link and answers the token and the code of the email it sent. */
async function emailed(email = 'client@demo.test', as: 'client' | 'staff' = 'client') {
  expect((await t.request('POST', '/api/v1/auth/link', { body: { firm: 'demo', email, as } })).status).toBe(202);
  const mail = (await t.mailbox()).find((m) => m.to === email)!;
  return { token: /#login=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!, code: /^(\d{3} \d{3})$/m.exec(mail.text)![1]!, mail };
}
const withCode = (code: string, email = 'client@demo.test', extra: Record<string, unknown> = {}) =>
  t.request('POST', '/api/v1/auth/session', { body: { firm: 'demo', email, code, ...extra } });
/** A code that is surely not this one. */
const another = (code: string) => String((Number(code.replace(' ', '')) + 1) % 1_000_000).padStart(6, '0');

describe('the sign-in code beside the link', () => {
  it('comes in the email (text and HTML), is kept only hashed, and signs in like the link', async () => {
    const { code, mail, token } = await emailed();
    expect(mail.text).toContain('Type this code on the portal page');
    expect(mail.html).toContain(code);
    const rows = (await t.db.$client.execute('select code_hash from sign_in_tokens')).rows;
    expect(String(rows[0]!.code_hash)).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(code.replace(' ', ''));

    const res = await withCode(code);
    expect(res.status).toBe(200);
    expect(res.json.token).toMatch(/^ps_/);
    expect(res.json.user.email).toBe('client@demo.test');
    expect(res.json.clients).toHaveLength(2);
    // Single-use with its link: using the code used the link.
    expect((await t.request('POST', '/api/v1/auth/session', { body: { token } })).json.error.code).toBe('invalid_token');
    expect((await withCode(code)).json.error.code).toBe('invalid_code');
  });

  it('is typed with or without the space, in the Estonian email too', async () => {
    await t.db.$client.execute("update contacts set locale = 'et' where email = 'client@demo.test'");
    const { code, mail } = await emailed();
    expect(mail.text).toContain('Sisesta portaali lehel hoopis see kood');
    expect((await withCode(code.replace(' ', ''))).status).toBe(200);
  });

  it('dies with its link: a used link leaves the code nothing to open', async () => {
    const { code, token } = await emailed();
    expect((await t.request('POST', '/api/v1/auth/session', { body: { token } })).status).toBe(200);
    const sessions = await t.count('sessions');
    expect((await withCode(code)).json.error.code).toBe('invalid_code');
    expect(await t.count('sessions')).toBe(sessions);
  });

  it('works from an older email of the person too, not only the newest', async () => {
    const first = await emailed();
    await emailed();
    expect((await withCode(first.code)).status).toBe(200);
  });

  it('locks after 5 wrong codes: the right code and the link are dead too, until a new link is asked for and opened', async () => {
    const { code, token } = await emailed();
    for (let i = 0; i < 4; i++) {
      const res = await withCode(another(code));
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('invalid_code');
    }
    expect((await withCode(another(code))).json.error.code).toBe('code_locked');
    expect((await withCode(code)).json.error.code).toBe('code_locked');
    expect((await t.request('POST', '/api/v1/auth/link/inspect', { body: { token } })).json.error.code).toBe('invalid_token');
    expect((await t.request('POST', '/api/v1/auth/session', { body: { token } })).status).toBe(401);
    expect(await t.count('sessions')).toBe(0);
    const fresh = await emailed();
    expect((await withCode(fresh.code)).json.error.code).toBe('code_locked');
    expect((await t.request('POST', '/api/v1/auth/session', { body: { token: fresh.token } })).status).toBe(200);
    const later = await emailed();
    expect((await withCode(later.code)).status).toBe(200);
  });

  it('expires with its link', async () => {
    const { code } = await emailed();
    t.clock.advance(24 * 3_600_000 + 1000);
    expect((await withCode(code)).json.error.code).toBe('invalid_code');
  });

  it('answers an unknown address, another firm and a person without links alike, writing nothing', async () => {
    const { code } = await emailed();
    const before = [await t.count('sign_in_tokens'), await t.count('sessions')];
    for (const [email, firm] of [['nobody@demo.test', 'demo'], ['client@acme.test', 'demo'], ['client@demo.test', 'acme'], ['client@demo.test', 'no-such-firm'], ['mari@demo.test', 'demo']] as const) {
      const res = await t.request('POST', '/api/v1/auth/session', { body: { firm, email, code } });
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('invalid_code');
    }
    expect([await t.count('sign_in_tokens'), await t.count('sessions')]).toEqual(before);
    expect((await t.db.$client.execute('select code_failures from sign_in_tokens')).rows[0]!.code_failures).toBe(0);
  });

  it('signs staff in with `as: "staff"`, setting the console cookie', async () => {
    const { code } = await emailed('owner@demo.test', 'staff');
    expect((await withCode(code, 'owner@demo.test')).json.error.code).toBe('invalid_code');
    const res = await withCode(code, 'owner@demo.test', { as: 'staff' });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/);
  });

  it('rate-limits tries per address with 429 and Retry-After', async () => {
    const { code } = await emailed();
    let last = 0;
    for (let i = 0; i < 11; i++) last = (await withCode(another(code))).status;
    const res = await withCode(code);
    expect([last, res.status]).toEqual([429, 429]);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it.each([
    ['letters', 'abcdef'],
    ['five digits', '12345'],
    ['seven digits', '1234567'],
    ['a dash', '123-456'],
  ])('refuses a code of %s with validation_failed', async (_what, code) => {
    await emailed();
    const res = await withCode(code);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
    expect((await t.db.$client.execute('select code_failures from sign_in_tokens')).rows[0]!.code_failures).toBe(0);
  });
});

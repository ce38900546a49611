import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

let t: TestApp;
beforeEach(async () => { t = await createTestApp(); });
afterEach(() => t.cleanup());

/** Asks for a link and answers the token and code of the newest email it sent. */
async function emailed(email = 'client@demo.test', as: 'client' | 'staff' = 'client') {
  expect((await t.request('POST', '/api/v1/auth/link', { body: { firm: 'demo', email, as } })).status).toBe(202);
  const mail = (await t.mailbox()).find((m) => m.to === email)!;
  return { token: /#login=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!, code: /^(\d{3} \d{3})$/m.exec(mail.text)![1]!.replace(' ', '') };
}
const withCode = (code: string, email = 'client@demo.test', as: 'client' | 'staff' = 'client') =>
  t.request('POST', '/api/v1/auth/session', { body: { firm: 'demo', email, code, as } });
/** A code that is surely none of these. */
const wrongFor = (...codes: string[]) => {
  for (let n = 0; ; n++) {
    const c = String(n).padStart(6, '0');
    if (!codes.includes(c)) return c;
  }
};

describe('the per-person sign-in code lock', () => {
  it('locks both links after 5 wrong codes spread over two of them, the right codes too', async () => {
    const first = await emailed();
    for (let i = 0; i < 3; i++) expect((await withCode(wrongFor(first.code))).json.error.code).toBe('invalid_code');
    const second = await emailed();
    expect((await withCode(wrongFor(first.code, second.code))).json.error.code).toBe('invalid_code');
    const fifth = await withCode(wrongFor(first.code, second.code));
    expect([fifth.status, fifth.json.error.code]).toEqual([401, 'code_locked']);
    for (const code of [first.code, second.code]) expect((await withCode(code)).json.error.code).toBe('code_locked');
    // The links sent before the lock are dead with their codes.
    for (const token of [first.token, second.token]) expect((await t.request('POST', '/api/v1/auth/session', { body: { token } })).status).toBe(401);
    expect(await t.count('sessions')).toBe(0);
    const row = (await t.db.$client.execute("select sign_in_failures from contacts where email = 'client@demo.test'")).rows[0]!;
    expect(Number(row.sign_in_failures)).toBe(5);
  });

  it('counts on after a new link is only requested: asking for one does not reset the count', async () => {
    const first = await emailed();
    for (let i = 0; i < 4; i++) await withCode(wrongFor(first.code));
    const second = await emailed();
    expect((await withCode(wrongFor(first.code, second.code))).json.error.code).toBe('code_locked');
    expect((await withCode(second.code)).json.error.code).toBe('code_locked');
  });

  it('clears once a link requested after the lock is opened; codes work again', async () => {
    const first = await emailed();
    for (let i = 0; i < 5; i++) await withCode(wrongFor(first.code));
    const fresh = await emailed();
    expect((await t.request('POST', '/api/v1/auth/session', { body: { token: fresh.token } })).status).toBe(200);
    const row = (await t.db.$client.execute("select sign_in_failures, sign_in_failures_since from contacts where email = 'client@demo.test'")).rows[0]!;
    expect([Number(row.sign_in_failures), row.sign_in_failures_since]).toEqual([0, null]);
    const next = await emailed();
    expect((await withCode(wrongFor(next.code))).json.error.code).toBe('invalid_code');
    expect((await withCode(next.code)).status).toBe(200);
  });

  it('resets with a right code before the limit', async () => {
    const first = await emailed();
    for (let i = 0; i < 4; i++) await withCode(wrongFor(first.code));
    expect((await withCode(first.code)).status).toBe(200);
    const next = await emailed();
    for (let i = 0; i < 4; i++) expect((await withCode(wrongFor(next.code))).json.error.code).toBe('invalid_code');
    expect((await withCode(next.code)).status).toBe(200);
  });

  it('starts again after a day of no wrong codes', async () => {
    const first = await emailed();
    for (let i = 0; i < 4; i++) await withCode(wrongFor(first.code));
    t.clock.advance(24 * 3_600_000 + 1000);
    const fresh = await emailed();
    expect((await withCode(wrongFor(fresh.code))).json.error.code).toBe('invalid_code');
    expect((await withCode(fresh.code)).status).toBe(200);
  });

  it('answers an unknown address exactly like a known one, five wrong codes and all', async () => {
    const known = await emailed();
    const answers = async (email: string, code: string) => {
      const out: [number, string][] = [];
      for (let i = 0; i < 6; i++) {
        const res = await withCode(code, email);
        out.push([res.status, res.json.error.code]);
      }
      return out;
    };
    const tokens = await t.count('sign_in_tokens');
    const unknown = await answers('nobody@demo.test', wrongFor(known.code));
    expect(unknown).toEqual(await answers('client@demo.test', wrongFor(known.code)));
    expect(unknown.map((a) => a[1])).toEqual(['invalid_code', 'invalid_code', 'invalid_code', 'invalid_code', 'code_locked', 'code_locked']);
    expect(await t.count('sign_in_tokens')).toBe(tokens);
    expect(await t.count('sessions')).toBe(0);
  });

  it('keeps an unknown address locked as long as a known one, past a day and the hourly purge', async () => {
    const known = await emailed();
    const code = wrongFor(known.code);
    for (let i = 0; i < 5; i++) {
      await withCode(code, 'nobody@demo.test');
      await withCode(code);
    }
    t.clock.advance(25 * 3_600_000);
    await t.runJobs();
    const unknown = await withCode(code, 'nobody@demo.test');
    const real = await withCode(code);
    expect([unknown.status, unknown.json.error.code]).toEqual([real.status, real.json.error.code]);
    expect(unknown.json.error.code).toBe('code_locked');
  });

  it("keeps one contact's lock from touching another contact or firm", async () => {
    const mine = await emailed();
    for (let i = 0; i < 5; i++) await withCode(wrongFor(mine.code));
    const acme = await t.request('POST', '/api/v1/auth/link', { body: { firm: 'acme', email: 'client@acme.test' } });
    expect(acme.status).toBe(202);
    const mail = (await t.mailbox()).find((m) => m.to === 'client@acme.test')!;
    const code = /^(\d{3} \d{3})$/m.exec(mail.text)![1]!.replace(' ', '');
    expect((await t.request('POST', '/api/v1/auth/session', { body: { firm: 'acme', email: 'client@acme.test', code } })).status).toBe(200);
  });
});

describe('the same lock on staff codes', () => {
  const OWNER = 'owner@demo.test';
  const staffCode = (code: string, email = OWNER) => withCode(code, email, 'staff');

  it('locks a member after 5 wrong codes over two links, the right codes too, and a new link does not reset it', async () => {
    const first = await emailed(OWNER, 'staff');
    for (let i = 0; i < 3; i++) expect((await staffCode(wrongFor(first.code))).json.error.code).toBe('invalid_code');
    const second = await emailed(OWNER, 'staff');
    expect((await staffCode(wrongFor(first.code, second.code))).json.error.code).toBe('invalid_code');
    expect((await staffCode(wrongFor(first.code, second.code))).json.error.code).toBe('code_locked');
    for (const code of [first.code, second.code]) expect((await staffCode(code)).json.error.code).toBe('code_locked');
    const third = await emailed(OWNER, 'staff');
    expect((await staffCode(third.code)).json.error.code, 'a link asked for after the lock: its code is locked too').toBe('code_locked');
    expect(await t.count('sessions')).toBe(0);
    const row = (await t.db.$client.execute(`select sign_in_failures from members where email = '${OWNER}'`)).rows[0]!;
    expect(Number(row.sign_in_failures)).toBe(5);
    // Opening that link clears it, and codes work again.
    expect((await t.request('POST', '/api/v1/auth/session', { body: { token: third.token } })).status).toBe(200);
    const cleared = (await t.db.$client.execute(`select sign_in_failures, sign_in_failures_since from members where email = '${OWNER}'`)).rows[0]!;
    expect([Number(cleared.sign_in_failures), cleared.sign_in_failures_since]).toEqual([0, null]);
    const next = await emailed(OWNER, 'staff');
    expect((await staffCode(next.code)).status).toBe(200);
  });

  it('answers an unknown staff address exactly like a member, five wrong codes and all', async () => {
    const known = await emailed(OWNER, 'staff');
    const answers = async (email: string) => {
      const out: [number, string][] = [];
      for (let i = 0; i < 6; i++) {
        const res = await staffCode(wrongFor(known.code), email);
        out.push([res.status, res.json.error.code]);
      }
      return out;
    };
    const unknown = await answers('nobody@demo.test');
    expect(unknown).toEqual(await answers(OWNER));
    expect(unknown.map((a) => a[1])).toEqual(['invalid_code', 'invalid_code', 'invalid_code', 'invalid_code', 'code_locked', 'code_locked']);
    expect(await t.count('sessions')).toBe(0);
  });

  it("keeps a member's lock from touching the portal's sign-in", async () => {
    const staff = await emailed(OWNER, 'staff');
    for (let i = 0; i < 5; i++) await staffCode(wrongFor(staff.code));
    expect((await staffCode(staff.code)).json.error.code).toBe('code_locked');
    const client = await emailed();
    expect((await withCode(client.code)).status, 'the contact, untouched').toBe(200);
  });
});

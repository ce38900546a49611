import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

let t: TestApp;
let contact: string;
const PHONE = 'device-phone-0123456789abcdef';
const LAPTOP = 'device-laptop-0123456789abcdef';
beforeEach(async () => {
  t = await createTestApp();
  contact = (await t.signIn('demo', 'client@demo.test')).token;
});
afterEach(() => t.cleanup());

const putPin = (body: unknown, token = contact) => t.request('PUT', '/api/v1/portal/profile/pin', { token, body });
const session = (body: Record<string, unknown>) => t.request('POST', '/api/v1/auth/session', { body });
const newLink = () => t.linkTokenFor('demo', 'client@demo.test');
const pinRow = async () => (await t.db.$client.execute("select pin_hash, pin_failures, pin_locked_at, last_sign_in_at from contacts where email = 'client@demo.test'")).rows[0]!;

describe('the PIN on new devices', () => {
  beforeEach(async () => {
    const res = await putPin({ pin: '4821', device: PHONE });
    expect(res.status).toBe(200);
    expect(res.json.pin).toBe(true);
  });

  it('is kept only as an HMAC', async () => {
    const row = await pinRow();
    expect(String(row.pin_hash)).toMatch(/^[0-9a-f]{64}$/);
    expect(String(row.pin_hash)).not.toContain('4821');
  });

  it('is asked on a new device, and the link stays usable until it is typed', async () => {
    const token = await newLink();
    expect((await t.request('POST', '/api/v1/auth/link/inspect', { body: { token, device: LAPTOP } })).json.pinRequired).toBe(true);
    const asked = await session({ token, device: LAPTOP });
    expect(asked.status).toBe(401);
    expect(asked.json.error.code).toBe('pin_required');
    expect((await session({ token, device: LAPTOP, pin: '1111' })).json.error.code).toBe('wrong_pin');
    const sessions = await t.count('sessions');
    const ok = await session({ token, device: LAPTOP, pin: '4821' });
    expect(ok.status).toBe(200);
    expect(await t.count('sessions')).toBe(sessions + 1);
    expect((await pinRow()).pin_failures).toBe(0);
    // Remembered: the next link on the laptop asks nothing.
    const next = await newLink();
    expect((await t.request('POST', '/api/v1/auth/link/inspect', { body: { token: next, device: LAPTOP } })).json.pinRequired).toBe(false);
    expect((await session({ token: next, device: LAPTOP })).status).toBe(200);
  });

  it('is not asked on the device that set it', async () => {
    const before = t.clock.now();
    expect((await session({ token: await newLink(), device: PHONE })).status).toBe(200);
    expect(Number((await pinRow()).last_sign_in_at)).toBeGreaterThanOrEqual(before);
  });

  it('is asked after the code beside the link too, without using the code up', async () => {
    await t.request('POST', '/api/v1/auth/link', { body: { firm: 'demo', email: 'client@demo.test' } });
    const mail = (await t.mailbox())[0]!;
    const code = /^(\d{3} \d{3})$/m.exec(mail.text)![1]!;
    const body = { firm: 'demo', email: 'client@demo.test', code, device: LAPTOP };
    expect((await session(body)).json.error.code).toBe('pin_required');
    expect((await session({ ...body, pin: '4821' })).status).toBe(200);
  });

  it('locks after 5 wrong PINs, against links made before; a newer link gives the tries back', async () => {
    const token = await newLink();
    for (let i = 0; i < 4; i++) expect((await session({ token, device: LAPTOP, pin: '0000' })).json.error.code).toBe('wrong_pin');
    expect((await session({ token, device: LAPTOP, pin: '0000' })).json.error.code).toBe('pin_locked');
    expect((await session({ token, device: LAPTOP, pin: '4821' })).json.error.code).toBe('pin_locked');
    expect((await pinRow()).pin_locked_at).not.toBeNull();
    t.clock.advance(1000);
    const fresh = await newLink();
    expect((await session({ token: fresh, device: LAPTOP, pin: '0000' })).json.error.code).toBe('wrong_pin');
    expect((await session({ token: fresh, device: LAPTOP, pin: '4821' })).status).toBe(200);
    expect((await pinRow()).pin_locked_at).toBeNull();
  });

  it('needs the current PIN to change or remove it, counting wrong ones', async () => {
    expect((await putPin({ pin: '1234' })).json.error.code).toBe('wrong_pin');
    expect((await putPin({ pin: '1234', currentPin: '0000' })).status).toBe(403);
    expect((await pinRow()).pin_failures).toBe(1);
    expect((await putPin({ pin: '1234', currentPin: '4821' })).status).toBe(200);
    expect((await session({ token: await newLink(), device: LAPTOP, pin: '4821' })).json.error.code).toBe('wrong_pin');
    const off = await t.request('DELETE', '/api/v1/portal/profile/pin', { token: contact, body: { currentPin: '1234' } });
    expect(off.json.pin).toBe(false);
    expect((await session({ token: await newLink(), device: LAPTOP })).status).toBe(200);
  });

  it.each([['letters', 'abcd'], ['3 digits', '123'], ['5 digits', '12345'], ['a space', '12 3']])('refuses a PIN of %s with validation_failed, changing nothing', async (_what, pin) => {
    const before = await pinRow();
    const res = await putPin({ pin, currentPin: '4821' });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
    expect(await pinRow()).toEqual(before);
    expect((await session({ token: await newLink(), device: LAPTOP, pin })).json.error.code).toBe('validation_failed');
  });

  it('"Forgot PIN" emails a link to choose a new one, which signs in, sets it and lifts a lock', async () => {
    const old = await newLink();
    for (let i = 0; i < 5; i++) await session({ token: old, device: LAPTOP, pin: '0000' });
    expect((await t.request('POST', '/api/v1/auth/pin/forgot', { body: { firm: 'demo', email: 'client@demo.test' } })).status).toBe(202);
    const mail = (await t.mailbox()).find((m) => /PIN/.test(m.subject))!;
    expect(mail.subject).toBe('Set a new PIN for Demo & Partners Accounting');
    expect(mail.text).not.toMatch(/^\d{3} \d{3}$/m);
    const token = /#login=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    expect((await t.request('POST', '/api/v1/auth/link/inspect', { body: { token } })).json.purpose).toBe('pin_reset');
    expect((await session({ token, device: LAPTOP })).json.error.code).toBe('new_pin_required');
    expect((await session({ token, device: LAPTOP, newPin: '7777' })).status).toBe(200);
    expect((await pinRow()).pin_locked_at).toBeNull();
    // The laptop is remembered; elsewhere the new PIN is the one.
    expect((await session({ token: await newLink(), device: LAPTOP })).status).toBe(200);
    expect((await session({ token: await newLink(), device: 'device-tablet-0123456789abcdef', pin: '7777' })).status).toBe(200);
  });

  it('"Forgot PIN" answers 202 for anyone and writes nothing for an unknown address or staff', async () => {
    const before = await t.count('sign_in_tokens');
    for (const body of [{ firm: 'demo', email: 'nobody@demo.test' }, { firm: 'demo', email: 'owner@demo.test' }, { firm: 'nope', email: 'client@demo.test' }]) {
      expect((await t.request('POST', '/api/v1/auth/pin/forgot', { body })).status).toBe(202);
    }
    await t.mailbox();
    expect(await t.count('sign_in_tokens')).toBe(before);
  });
});

describe('the welcome video', () => {
  it('is marked seen once, and stays seen', async () => {
    expect((await t.request('GET', '/api/v1/portal/profile', { token: contact })).json.welcomeSeen).toBe(false);
    expect((await t.request('PATCH', '/api/v1/portal/profile', { token: contact, body: { welcomeSeen: true } })).json.welcomeSeen).toBe(true);
    const first = (await t.db.$client.execute("select welcome_seen_at from contacts where email = 'client@demo.test'")).rows[0]!.welcome_seen_at;
    t.clock.advance(60_000);
    await t.request('PATCH', '/api/v1/portal/profile', { token: contact, body: { welcomeSeen: true } });
    expect((await t.db.$client.execute("select welcome_seen_at from contacts where email = 'client@demo.test'")).rows[0]!.welcome_seen_at).toBe(first);
    expect((await t.request('PATCH', '/api/v1/portal/profile', { token: contact, body: { welcomeSeen: false } })).status).toBe(400);
  });
});

describe('"Forgot PIN" without a PIN', () => {
  it('sends nothing: a reset link for someone with no PIN would be a sign-in link by another name', async () => {
    const before = await t.count('sign_in_tokens');
    expect((await t.request('POST', '/api/v1/auth/pin/forgot', { body: { firm: 'demo', email: 'timber@demo.test' } })).status).toBe(202);
    await t.mailbox();
    expect(await t.count('sign_in_tokens')).toBe(before);
  });
});

import { SignJWT, base64url } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

let t: TestApp;
let owner: string;
beforeEach(async () => {
  t = await createTestApp();
  owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
});
afterEach(() => t.cleanup());

const makeSecret = async () => {
  const res = await t.request('POST', '/api/v1/firm/settings/embed-secret', { token: owner });
  expect(res.status).toBe(201);
  return res.json.secret as string;
};

let jtis = 0;
/** What a firm's server does: an HS256 JWT naming the contact, `aud` the firm's slug, five minutes at most. */
function identityToken(secret: string, claims: Record<string, unknown> = {}, opts: { alg?: string; lifetime?: number; issuedAt?: number } = {}) {
  const iat = Math.floor((opts.issuedAt ?? t.clock.now()) / 1000);
  return new SignJWT({ email: 'client@demo.test', jti: `jti-${++jtis}-${Math.random()}`, aud: 'demo', iat, exp: iat + (opts.lifetime ?? 300), ...claims })
    .setProtectedHeader({ alg: opts.alg ?? 'HS256' })
    .sign(new TextEncoder().encode(secret));
}
const exchange = (token: string, firm = 'demo') => t.request('POST', '/api/v1/auth/identity', { body: { firm, token } });

describe('POST /api/v1/firm/settings/embed-secret', () => {
  it('shows a new secret once, to the owner; settings say when it was made but never show it', async () => {
    const res = await t.request('POST', '/api/v1/firm/settings/embed-secret', { token: owner });
    expect(res.status).toBe(201);
    expect(res.json.secret).toMatch(/^pes_[0-9a-f]{64}$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const settings = await t.request('GET', '/api/v1/firm/settings', { token: owner });
    expect(settings.json.embedSecretCreatedAt).toBe(res.json.createdAt);
    expect(JSON.stringify(settings.json)).not.toContain(res.json.secret);
    const again = await t.request('POST', '/api/v1/firm/settings/embed-secret', { token: owner });
    expect(again.json.secret).not.toBe(res.json.secret);
  });

  it('refuses a member with 403 and changes nothing', async () => {
    const member = (await t.signIn('demo', 'mari@demo.test', 'staff')).token;
    const activity = await t.count('activity');
    const res = await t.request('POST', '/api/v1/firm/settings/embed-secret', { token: member });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('forbidden');
    expect((await t.request('GET', '/api/v1/firm/settings', { token: owner })).json.embedSecretCreatedAt).toBeNull();
    expect(await t.count('activity')).toBe(activity);
  });
});

describe('POST /api/v1/auth/identity', () => {
  it("opens a client session for the named contact, with the same answer as a sign-in link, and the bearer works", async () => {
    const res = await exchange(await identityToken(await makeSecret()));
    expect(res.status).toBe(200);
    expect(res.json.token).toMatch(/^ps_/);
    expect(res.json.audience).toBe('client');
    expect(res.json.user.email).toBe('client@demo.test');
    expect(res.json.clients.length).toBe(2);
    expect((await t.db.$client.execute("select last_sign_in_at from contacts where email = 'client@demo.test'")).rows[0]!.last_sign_in_at).not.toBeNull();
    const tasks = await t.request('GET', '/api/v1/portal/tasks', { token: res.json.token });
    expect(tasks.status).toBe(200);
    expect(tasks.json.items.length).toBeGreaterThan(0);
  });

  it('is single-use: a replay, even a concurrent one, opens no second session', async () => {
    const token = await identityToken(await makeSecret());
    const sessions = await t.count('sessions');
    const answers = await Promise.all([exchange(token), exchange(token), exchange(token)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401]);
    expect(answers.filter((a) => a.status === 401).every((a) => a.json.error.code === 'identity_token_used')).toBe(true);
    expect(await t.count('sessions')).toBe(sessions + 1);
    expect((await exchange(token)).json.error.code).toBe('identity_token_used');
  });

  it('refuses an expired token with identity_token_expired', async () => {
    const secret = await makeSecret();
    const token = await identityToken(secret, {}, { issuedAt: t.clock.now() - 10 * 60_000 });
    const res = await exchange(token);
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('identity_token_expired');
  });

  it.each([
    ['a lifetime over 5 minutes', {}, { lifetime: 600 }],
    ['an iat an hour ahead', {}, { aheadMs: 3_600_000 }],
    ['another algorithm (HS512)', {}, { alg: 'HS512' }],
    ['no jti', { jti: undefined }, {}],
    ['no email', { email: undefined }, {}],
    ['an email that is not one', { email: 'not an email' }, {}],
    ['another audience', { aud: 'acme' }, {}],
    ['no audience', { aud: undefined }, {}],
  ])('refuses a token with %s (identity_token_invalid), opening nothing', async (_what, claims, opts) => {
    const secret = await makeSecret();
    const sessions = await t.count('sessions');
    const { aheadMs = 0, ...rest } = opts as { aheadMs?: number; lifetime?: number; alg?: string };
    const res = await exchange(await identityToken(secret, claims, { ...rest, issuedAt: t.clock.now() + aheadMs }));
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('identity_token_invalid');
    expect(await t.count('sessions')).toBe(sessions);
    expect(await t.count('identity_token_uses')).toBe(0);
  });

  it('refuses alg: none, a wrong signature, an old secret and another firm', async () => {
    const secret = await makeSecret();
    const iat = Math.floor(t.clock.now() / 1000);
    const unsigned = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url.encode(JSON.stringify({ email: 'client@demo.test', jti: 'none-1', aud: 'demo', iat, exp: iat + 60 }))}.`;
    expect((await exchange(unsigned)).json.error.code).toBe('identity_token_invalid');
    expect((await exchange(await identityToken('pes_' + 'a'.repeat(64)))).json.error.code).toBe('identity_token_invalid');
    // Acme has no embed secret; demo's secret, aud acme: still not acme's token.
    expect((await exchange(await identityToken(secret, { aud: 'acme', email: 'client@acme.test' }), 'acme')).json.error.code).toBe('identity_token_invalid');
    const newer = await makeSecret();
    expect((await exchange(await identityToken(secret))).json.error.code).toBe('identity_token_invalid');
    expect((await exchange(await identityToken(newer))).status).toBe(200);
    expect((await exchange(await identityToken(newer), 'no-such-firm')).json.error.code).toBe('identity_token_invalid');
  });

  it('refuses every token while the firm has no embed secret', async () => {
    const res = await exchange(await identityToken('pes_' + '0'.repeat(64)));
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('identity_token_invalid');
  });

  it('refuses an unknown email unless the firm lets identity tokens create contacts, then makes the contact once', async () => {
    const secret = await makeSecret();
    const contacts = await t.count('contacts');
    const refused = await exchange(await identityToken(secret, { email: 'new.person@demo.test' }));
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe('identity_unknown_contact');
    expect(await t.count('contacts')).toBe(contacts);
    expect(await t.count('identity_token_uses')).toBe(0);

    const patched = await t.request('PATCH', '/api/v1/firm/settings', { token: owner, body: { identityCreatesContacts: true } });
    expect(patched.json.identityCreatesContacts).toBe(true);
    const [a, b] = await Promise.all([
      exchange(await identityToken(secret, { email: 'New.Person@demo.test', name: 'New Person' })),
      exchange(await identityToken(secret, { email: 'new.person@demo.test' })),
    ]);
    expect([a!.status, b!.status]).toEqual([200, 200]);
    expect(a!.json.user.id).toBe(b!.json.user.id);
    expect(a!.json.clients).toEqual([]);
    expect(await t.count('contacts')).toBe(contacts + 1);
  });

  it.each([
    ['no token', { firm: 'demo' }, 'token'],
    ['an empty token', { firm: 'demo', token: '' }, 'token'],
    ['no firm', { token: 'x' }, 'firm'],
    ['a 5000-character token', { firm: 'demo', token: 'x'.repeat(5000) }, 'token'],
  ])('refuses %s with validation_failed naming the field', async (_what, body, path) => {
    const res = await t.request('POST', '/api/v1/auth/identity', { body });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
    expect(res.json.error.issues.map((i: { path: string }) => i.path)).toContain(path);
  });
});

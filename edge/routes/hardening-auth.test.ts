import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { oneByOne } from '../ports/mailer.ts';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

let t: TestApp;
afterEach(() => t.cleanup());

const LINK_TTL_MS = 24 * 3_600_000;
const inspect = (token: string) => t.request('POST', '/api/v1/auth/link/inspect', { body: { token } });

describe('an expired sign-in link', () => {
  beforeEach(async () => { t = await createTestApp(); });

  it('is refused by the "continue as" look-up too, from the moment it expires', async () => {
    const token = await t.linkTokenFor('demo', 'client@demo.test');
    t.clock.advance(LINK_TTL_MS - 1_000);
    expect((await inspect(token)).status).toBe(200);
    t.clock.advance(1_000);
    const res = await inspect(token);
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('invalid_token');
    expect(JSON.stringify(res.json)).not.toContain('client@demo.test');
    // And the exchange agrees.
    expect((await t.request('POST', '/api/v1/auth/session', { body: { token } })).status).toBe(401);
    expect(await t.count('sessions')).toBe(0);
  });
});

describe('POST /api/v1/auth/link for an unknown address', () => {
  beforeEach(async () => { t = await createTestApp(); });

  /** Every table's row count. */
  async function counts(): Promise<Record<string, number>> {
    const tables = (await t.db.$client.execute("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name")).rows.map((r) => String(r.name));
    expect(tables).toEqual(expect.arrayContaining(['jobs', 'sign_in_tokens', 'emails', 'sessions']));
    return Object.fromEntries(await Promise.all(tables.map(async (name) => [name, await t.count(name)] as const)));
  }

  /** What one request wrote (rows per table) and how many wake-ups it asked for, before any job runs. */
  async function costOf(body: { firm: string; email: string; as?: string }) {
    const before = await counts();
    const wakes = t.wakes.length;
    const res = await t.request('POST', '/api/v1/auth/link', { body });
    const after = await counts();
    const written = Object.fromEntries(Object.keys(after).map((table) => [table, after[table]! - (before[table] ?? 0)]));
    const [job] = (await t.db.$client.execute('select kind, firm_id, status, run_at, attempts from jobs order by created_at desc, rowid desc limit 1')).rows;
    const runsIn = Number(job!.run_at) - t.clock.now();
    return { status: res.status, json: res.json, written, wakes: t.wakes.length - wakes, job: { kind: job!.kind, firmId: job!.firm_id, status: job!.status, attempts: job!.attempts, runsNow: runsIn <= 0 } };
  }

  it('costs exactly what a known one does: the same rows in every table, the same job, the same wake-ups', async () => {
    // The caller's per-address rate-limit row is written by its first request, whoever it names.
    await t.request('POST', '/api/v1/auth/link', { body: { firm: 'demo', email: 'warm-up@demo.test' } });
    const known = await costOf({ firm: 'demo', email: 'client@demo.test' });
    expect(known.status).toBe(202);
    expect(known.written.jobs).toBe(1);
    expect(known.wakes).toBe(1);
    for (const body of [
      { firm: 'demo', email: 'nobody@demo.test' },
      { firm: 'demo', email: 'client@acme.test' },
      { firm: 'demo', email: 'owner@demo.test', as: 'client' }, // staff, asked for as a client
      { firm: 'no-such-firm', email: 'client@demo.test' },
    ]) {
      const unknown = await costOf(body);
      expect(unknown, JSON.stringify(body)).toEqual(known);
    }
  });

  it('is told apart only when its job runs, which writes no token and no email for it', async () => {
    await t.request('POST', '/api/v1/auth/link', { body: { firm: 'demo', email: 'nobody@demo.test' } });
    await t.runJobs();
    expect(await t.count('sign_in_tokens')).toBe(0);
    expect(await t.count('emails')).toBe(0);
    expect(await t.count("jobs where status = 'done'")).toBe(1);
  });
});

describe('revocation while sessions are cached', () => {
  // The session cache on, as in production: a lookup is trusted for 5 s.
  beforeEach(async () => { t = await createTestApp({ SESSION_CACHE_SECONDS: '5' }); });

  it('sign-out ends the session at once on the instance that signed out', async () => {
    const { token } = await t.signIn('demo', 'client@demo.test');
    expect((await t.request('GET', '/api/v1/portal/tasks', { token })).status).toBe(200);
    expect((await t.request('DELETE', '/api/v1/auth/session', { token })).status).toBe(204);
    expect((await t.request('GET', '/api/v1/portal/tasks', { token })).status).toBe(401);
    expect((await t.request('GET', '/api/v1/auth/session', { token })).status).toBe(401);
  });

  it('a revoked API key stops working at once on the instance that revoked it', async () => {
    const owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
    const key = (await t.request('POST', '/api/v1/firm/api-keys', { token: owner, body: { name: 'server' } })).json;
    expect((await t.request('GET', '/api/v1/firm/clients', { token: key.secret })).status).toBe(200);
    expect((await t.request('DELETE', `/api/v1/firm/api-keys/${key.id}`, { token: owner })).status).toBe(204);
    const after = await t.request('GET', '/api/v1/firm/clients', { token: key.secret });
    expect(after.status).toBe(401);
    // The owner's own cached session is unaffected.
    expect((await t.request('GET', '/api/v1/firm/clients', { token: owner })).status).toBe(200);
  });

  it('on another instance, takes effect within SESSION_CACHE_SECONDS (the documented window)', async () => {
    const other = createApp({ db: t.db, config: t.config, clock: t.clock, mailer: oneByOne(async () => ({ providerId: 'x' })), scheduler: { wake: async () => {} }, blobs: t.deps.blobs });
    const onOther = async (token: string, path = '/api/v1/portal/tasks') => (await other.request(path, { headers: { authorization: `Bearer ${token}` } })).status;
    const { token } = await t.signIn('demo', 'client@demo.test');
    expect(await onOther(token)).toBe(200);
    expect((await t.request('DELETE', '/api/v1/auth/session', { token })).status).toBe(204);
    t.clock.advance(4_000);
    expect(await onOther(token)).toBe(200);
    t.clock.advance(1_001);
    expect(await onOther(token)).toBe(401);
  });
});

describe('the console cookie with a moved clock', () => {
  beforeEach(async () => { t = await createTestApp(); });

  it('is set for a staff sign-in even when the (dev) clock is more than 400 days ahead', async () => {
    t.clock.advance(500 * 86_400_000);
    const token = await t.linkTokenFor('demo', 'owner@demo.test', 'staff');
    const res = await t.request('POST', '/api/v1/auth/session', { body: { token } });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/Max-Age=2592000/);
  });
});

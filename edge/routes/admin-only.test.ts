import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

/** `requireAdmin`: the settings change and every API-key route let the owner and admins through, nobody else. */
let t: TestApp;
let tokens: Record<'owner' | 'admin' | 'member' | 'apikey', string>;
beforeEach(async () => {
  t = await createTestApp();
  await t.db.$client.execute(
    "insert into members (id, firm_id, email, name, role, created_at) select 'mem_admintest', id, 'admin@demo.test', 'Ada Admin', 'admin', 0 from firms where slug = 'demo'",
  );
  const owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  tokens = {
    owner,
    admin: (await t.signIn('demo', 'admin@demo.test', 'staff')).token,
    member: (await t.signIn('demo', 'mari@demo.test', 'staff')).token,
    apikey: (await t.request('POST', '/api/v1/firm/api-keys', { token: owner, body: { name: 'server' } })).json.secret,
  };
});
afterEach(() => t.cleanup());

const adminRoutes = [
  ['PATCH', '/api/v1/firm/settings', { name: 'Taken over' }],
  ['PATCH', '/api/v1/firm/settings', { name: '' }], // refused before its bad input is even looked at
  ['GET', '/api/v1/firm/api-keys', undefined],
  ['POST', '/api/v1/firm/api-keys', { name: 'mine now' }],
  ['DELETE', '/api/v1/firm/api-keys/key_doesnotmatter', undefined],
  ['POST', '/api/v1/firm/settings/embed-secret', undefined],
] as const;

async function snapshot() {
  const out: Record<string, unknown> = {};
  for (const table of ['firms', 'api_keys', 'activity']) out[table] = (await t.db.$client.execute(`select * from ${table} order by 1`)).rows;
  return JSON.stringify(out);
}

describe('admin-only routes', () => {
  it.each(['member', 'apikey'] as const)('refuse a %s with 403 forbidden on every one, writing nothing', async (who) => {
    const before = await snapshot();
    for (const [method, path, body] of adminRoutes) {
      const res = await t.request(method, path, { token: tokens[who], body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.json.error.code).toBe('forbidden');
    }
    expect(await snapshot()).toBe(before);
  });

  it.each(['owner', 'admin'] as const)('let the %s through', async (who) => {
    expect((await t.request('PATCH', '/api/v1/firm/settings', { token: tokens[who], body: { name: `Renamed by ${who}` } })).json.name).toBe(`Renamed by ${who}`);
    expect((await t.request('GET', '/api/v1/firm/api-keys', { token: tokens[who] })).status).toBe(200);
    expect((await t.request('POST', '/api/v1/firm/api-keys', { token: tokens[who], body: { name: who } })).status).toBe(201);
  });

  it('still let every staff caller read the settings', async () => {
    for (const who of ['member', 'apikey'] as const) expect((await t.request('GET', '/api/v1/firm/settings', { token: tokens[who] })).status).toBe(200);
  });
});

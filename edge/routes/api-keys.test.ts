import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

let t: TestApp;
let owner: string;
beforeEach(async () => {
  t = await createTestApp();
  owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
});
afterEach(() => t.cleanup());

describe('API keys', () => {
  it('are created by the owner, shown once, listed without secrets, work as bearer and stop when revoked', async () => {
    const created = await t.request('POST', '/api/v1/firm/api-keys', { token: owner, body: { name: ' Accounting system ' } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: expect.stringMatching(/^key_/), name: 'Accounting system', secret: expect.stringMatching(/^pk_/), revokedAt: null });
    expect(created.json.prefix).toBe(created.json.secret.slice(0, 10));

    const listed = await t.request('GET', '/api/v1/firm/api-keys', { token: owner });
    expect(listed.json.items).toEqual([{ id: created.json.id, name: 'Accounting system', prefix: created.json.prefix, createdAt: expect.any(Number), revokedAt: null }]);
    expect(JSON.stringify(listed.json)).not.toContain(created.json.secret);
    expect(JSON.stringify((await t.db.$client.execute('select * from api_keys')).rows)).not.toContain(created.json.secret);

    const key = created.json.secret;
    expect((await t.request('GET', '/api/v1/firm/clients', { token: key })).status).toBe(200);
    expect((await t.request('DELETE', `/api/v1/firm/api-keys/${created.json.id}`, { token: owner })).status).toBe(204);
    const after = await t.request('GET', '/api/v1/firm/clients', { token: key });
    expect(after.status).toBe(401);
    expect((await t.request('DELETE', `/api/v1/firm/api-keys/${created.json.id}`, { token: owner })).status).toBe(404);
  });

  it('are managed only by the owner or an admin, never by a key or a plain member', async () => {
    const member = (await t.signIn('demo', 'mari@demo.test', 'staff')).token;
    const res = await t.request('POST', '/api/v1/firm/api-keys', { token: member, body: { name: 'x' } });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('forbidden');
    const key = (await t.request('POST', '/api/v1/firm/api-keys', { token: owner, body: { name: 'server' } })).json.secret;
    expect((await t.request('POST', '/api/v1/firm/api-keys', { token: key, body: { name: 'y' } })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/firm/api-keys', { token: key })).status).toBe(403);
    const client = (await t.signIn('demo', 'client@demo.test')).token;
    expect((await t.request('GET', '/api/v1/firm/api-keys', { token: client })).status).toBe(403);
    expect(await t.count('api_keys')).toBe(1);
  });

  it.each([
    [{}, 'name'],
    [{ name: '  ' }, 'name'],
    [{ name: 'x'.repeat(101) }, 'name'],
  ])('refuse %j with validation_failed and write nothing', async (body, path) => {
    const res = await t.request('POST', '/api/v1/firm/api-keys', { token: owner, body });
    expect(res.status).toBe(400);
    expect(res.json.error.issues[0].path).toBe(path);
    expect(await t.count('api_keys')).toBe(0);
  });

  it('of another firm cannot be seen or revoked', async () => {
    const created = (await t.request('POST', '/api/v1/firm/api-keys', { token: owner, body: { name: 'demo key' } })).json;
    const acme = (await t.signIn('acme', 'owner@acme.test', 'staff')).token;
    expect((await t.request('GET', '/api/v1/firm/api-keys', { token: acme })).json.items).toEqual([]);
    expect((await t.request('DELETE', `/api/v1/firm/api-keys/${created.id}`, { token: acme })).status).toBe(404);
    expect((await t.request('GET', '/api/v1/firm/clients', { token: created.secret })).status).toBe(200);
  });
});

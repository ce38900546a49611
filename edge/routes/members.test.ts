import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

let t: TestApp;
let staff: string;
beforeEach(async () => {
  t = await createTestApp();
  staff = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
});
afterEach(() => t.cleanup());

const members = (query = '', token = staff) => t.request('GET', `/api/v1/firm/members${query}`, { token });

describe('GET /api/v1/firm/members', () => {
  it("lists only the caller's firm's members, by name, with id, name, email, role, when invited and last signed in", async () => {
    const res = await members();
    expect(res.status).toBe(200);
    expect(res.json.nextCursor).toBeNull();
    expect(res.json.items.map((m: { name: string }) => m.name)).toEqual(['Mari Maasikas', 'Olivia Owner']);
    expect(Object.keys(res.json.items[0]).sort()).toEqual(['email', 'id', 'invitedAt', 'lastSignInAt', 'name', 'role']);
    expect(res.json.items[1]).toMatchObject({ email: 'owner@demo.test', role: 'owner', id: expect.stringMatching(/^mem_/) });
    const acme = (await t.signIn('acme', 'owner@acme.test', 'staff')).token;
    expect((await members('', acme)).json.items.map((m: { name: string }) => m.name)).toEqual(['Arthur Acme']);
  });

  it('finds a part of the name or email, case-insensitive; not another firm\'s member', async () => {
    expect((await members('?q=maaSIK')).json.items.map((m: { name: string }) => m.name)).toEqual(['Mari Maasikas']);
    expect((await members('?q=owner%40demo')).json.items.map((m: { name: string }) => m.name)).toEqual(['Olivia Owner']);
    expect((await members('?q=Arthur')).json.items).toEqual([]);
  });

  it('pages by name with the cursor it gave out', async () => {
    const first = await members('?limit=1');
    expect(first.json.items.map((m: { name: string }) => m.name)).toEqual(['Mari Maasikas']);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await members(`?limit=1&cursor=${first.json.nextCursor}`);
    expect(second.json.items.map((m: { name: string }) => m.name)).toEqual(['Olivia Owner']);
    expect(second.json.nextCursor).toBeNull();
  });

  it('refuses a contact session (403) and no session (401)', async () => {
    const contact = (await t.signIn('demo', 'client@demo.test')).token;
    expect((await members('', contact)).status).toBe(403);
    expect((await t.request('GET', '/api/v1/firm/members')).status).toBe(401);
  });

  it.each(['limit=0', 'limit=101', 'cursor=nope'])('refuses %s with 400', async (query) => {
    const res = await members(`?${query}`);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
  });
});

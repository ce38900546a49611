import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

let t: TestApp;
let staff: string;
let contact: string;
let taskId: string;
let clientId: string;
beforeEach(async () => {
  t = await createTestApp();
  staff = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  contact = (await t.signIn('demo', 'client@demo.test')).token;
  taskId = (await t.request('GET', '/api/v1/firm/tasks?limit=1', { token: staff })).json.items[0].id;
  clientId = (await t.request('GET', '/api/v1/firm/clients', { token: staff })).json.items.find((c: { name: string }) => c.name === 'Northwind Bakery OÜ').id;
});
afterEach(() => t.cleanup());

/** Every paged list, by who may read it. */
const lists = () => [
  ['staff', '/api/v1/firm/tasks?'],
  ['staff', `/api/v1/firm/tasks/${taskId}/history?`],
  ['staff', '/api/v1/firm/work?'],
  ['staff', '/api/v1/firm/templates?'],
  ['staff', '/api/v1/firm/members?'],
  ['contact', '/api/v1/portal/tasks?state=open&'],
  ['contact', '/api/v1/portal/tasks?state=done&'],
  ['contact', `/api/v1/portal/work?clientId=${clientId}&`],
] as const;

// Not base64 JSON; JSON but no list; a key of the wrong length for every list; the open tab's (3 parts) on the done tab.
const BAD = ['nope', btoa('{"a":1}'), btoa('[1,2,3,4]'), btoa('[{"x":1},"tsk_a"]')];

describe('a cursor this server did not give out', () => {
  it('answers 400 validation_failed at `cursor` on every paged list', async () => {
    for (const [who, path] of lists()) {
      for (const cursor of BAD) {
        const res = await t.request('GET', `${path}cursor=${encodeURIComponent(cursor)}`, { token: who === 'staff' ? staff : contact });
        expect([path, cursor, res.status]).toEqual([path, cursor, 400]);
        expect(res.json.error.code).toBe('validation_failed');
        expect(res.json.error.issues.map((i: { path: string }) => i.path)).toEqual(['cursor']);
      }
    }
  });

  it("answers 400 for one tab's cursor sent to the other tab", async () => {
    const open = btoa(JSON.stringify(['2030-01-01', 1, 'tsk_a'])).replace(/=+$/, '');
    const res = await t.request('GET', `/api/v1/portal/tasks?state=done&cursor=${open}`, { token: contact });
    expect(res.status).toBe(400);
    expect(res.json.error.issues).toEqual([{ path: 'cursor', message: expect.any(String) }]);
  });

  it('pages every list with the cursors it gives out', async () => {
    for (const [who, path] of lists()) {
      const token = who === 'staff' ? staff : contact;
      const first = await t.request('GET', `${path}limit=1`, { token });
      expect([path, first.status]).toEqual([path, 200]);
      if (first.json.nextCursor === null) continue;
      const next = await t.request('GET', `${path}limit=1&cursor=${first.json.nextCursor}`, { token });
      expect([path, next.status]).toEqual([path, 200]);
      expect(next.json.items[0]?.id).not.toBe(first.json.items[0].id);
    }
  });
});

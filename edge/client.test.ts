import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/fixtures/test-app.ts';
import { createPorticoClient } from './client.ts';

let t: TestApp;
beforeEach(async () => { t = await createTestApp(); });
afterEach(() => t.cleanup());

describe('the typed API client', () => {
  it('creates and lists tasks with types checked against the routes', async () => {
    const staff = await t.signIn('demo', 'owner@demo.test', 'staff');
    const client = createPorticoClient('http://portico.test', {
      headers: { authorization: `Bearer ${staff.token}` },
      fetch: (input: RequestInfo | URL, init?: RequestInit) => t.app.request(input instanceof Request ? input : String(input), init),
    });
    const clients = await (await client.api.v1.firm.clients.$get({ query: {} })).json();
    const northwind = clients.items.find((c) => c.name === 'Northwind Bakery OÜ')!;
    const created = await client.api.v1.firm.tasks.$post({ json: { clientId: northwind.id, title: 'Typed', checklist: ['one'] } });
    expect(created.status).toBe(201);
    const task = await created.json();
    expect(task.checklistItems.map((i) => i.text)).toEqual(['one']);
    const listed = await (await client.api.v1.firm.tasks.$get({ query: { clientId: northwind.id } })).json();
    expect(listed.items[0]!.id).toBe(task.id);
  });

  it('answers the error envelope for bad input', async () => {
    const staff = await t.signIn('demo', 'owner@demo.test', 'staff');
    const client = createPorticoClient('http://portico.test', {
      headers: { authorization: `Bearer ${staff.token}` },
      fetch: (input: RequestInfo | URL, init?: RequestInit) => t.app.request(input instanceof Request ? input : String(input), init),
    });
    // @ts-expect-error title is required: the compiler refuses this call, the server too
    const res = await client.api.v1.firm.tasks.$post({ json: { clientId: 'cli_x' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as unknown as { error: { code: string } }).error.code).toBe('validation_failed');
  });
});

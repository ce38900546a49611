import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as threads from '../data/messages.ts';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

// Counts the thread look-ups of a write: the route looks the thread up once (visibility, client, state) and reuses it.
vi.mock('../data/messages.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../data/messages.ts')>();
  return { ...original, findPortalThread: vi.fn(original.findPortalThread), findFirmThread: vi.fn(original.findFirmThread) };
});

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.cleanup());

describe('writing a message', () => {
  it('looks its thread up once, on both sides', async () => {
    const client = (await t.signIn('demo', 'client@demo.test')).token;
    const owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
    const taskId = String((await t.db.$client.execute("select id from tasks where title = 'Send March receipts'")).rows[0]!.id);
    vi.mocked(threads.findPortalThread).mockClear();
    expect((await t.request('POST', `/api/v1/portal/tasks/${taskId}/messages`, { token: client, body: { body: 'Here you are' } })).status).toBe(201);
    expect(threads.findPortalThread).toHaveBeenCalledTimes(1);
    vi.mocked(threads.findFirmThread).mockClear();
    expect((await t.request('POST', `/api/v1/firm/tasks/${taskId}/messages`, { token: owner, body: { body: 'Thanks', visibility: 'portal' } })).status).toBe(201);
    expect(threads.findFirmThread).toHaveBeenCalledTimes(1);
  });
});

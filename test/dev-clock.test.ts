import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, sleep, startServerProcess, type ServerProcess } from './fixtures/server-process.ts';

/**
 * The contract's way to see deferred work without waiting: a real server with
 * DEV_CLOCK=1, where POST /dev/clock moves time and the job loop follows.
 */
let server: ServerProcess;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'portico-devclock-'));
  server = await startServerProcess({
    name: 'node',
    file: process.execPath,
    args: ['--import', 'tsx', 'edge/node.ts'],
    port: await freePort(),
    env: { DATABASE_URL: `file:${join(dir, 'clock.db')}`, DEV_CLOCK: '1', ASSIGN_NOTIFY_DELAY_SECONDS: '300' },
  });
}, 40_000);

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 20_000);

const api = (path: string, init: RequestInit & { token?: string } = {}) =>
  fetch(`${server.base}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
  });
const mail = async () => (await (await api('/dev/mail.json')).json()) as { to: string; subject: string; text: string }[];

async function waitForMail(match: (m: { to: string; subject: string; text: string }) => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await mail()).find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no such mail; mailbox: ${JSON.stringify(await mail())}\n${server.output()}`);
    await sleep(100);
  }
}

describe('DEV_CLOCK', () => {
  it('sends the assignment email only once the clock has passed ASSIGN_NOTIFY_DELAY_SECONDS', async () => {
    await api('/api/v1/auth/link', { method: 'POST', body: JSON.stringify({ firm: 'demo', email: 'owner@demo.test', as: 'staff' }) });
    const link = await waitForMail((m) => m.to === 'owner@demo.test');
    const token = /#login=([A-Za-z0-9_-]+)/.exec(link.text)![1];
    const staff = ((await (await api('/api/v1/auth/session', { method: 'POST', body: JSON.stringify({ token }) })).json()) as { token: string }).token;
    const clients = ((await (await api('/api/v1/firm/clients', { token: staff })).json()) as { items: { id: string; name: string }[] }).items;
    const northwind = clients.find((c) => c.name === 'Northwind Bakery OÜ')!.id;
    const created = await api('/api/v1/firm/tasks', { method: 'POST', token: staff, body: JSON.stringify({ clientId: northwind, title: 'Clock-driven task', assign: true }) });
    expect(created.status).toBe(201);

    const notice = (m: { to: string; text: string }) => m.to === 'client@demo.test' && m.text.includes('Clock-driven task');
    await sleep(1_000);
    const early = await mail();
    expect(early.length, 'the mailbox is read (it holds the sign-in mail)').toBeGreaterThan(0);
    expect(early.some(notice)).toBe(false);

    const moved = await api('/dev/clock', { method: 'POST', body: JSON.stringify({ advanceSeconds: 301 }) });
    expect(moved.status).toBe(200);
    const email = await waitForMail(notice);
    expect(email.subject).toBe('New task from Demo & Partners Accounting');
  });

  it('refuses a bad amount', async () => {
    const res = await api('/dev/clock', { method: 'POST', body: JSON.stringify({ advanceSeconds: 'soon' }) });
    expect(res.status).toBe(400);
  });
});

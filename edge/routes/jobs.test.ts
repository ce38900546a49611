import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortico } from '../server.ts';
import { createTestApp } from '../../test/fixtures/test-app.ts';
import { insertJob } from '../jobs/queue.ts';
import { qstashSignature, SIGNING_KEYS, startQstashStandIn, type QstashStandIn } from '../../test/fixtures/qstash-standin.ts';

const PUBLIC_URL = 'https://portal.firm.example';
let qstash: QstashStandIn;
let portico: Awaited<ReturnType<typeof startPortico>>;
let dir: string;

beforeAll(async () => {
  qstash = await startQstashStandIn();
  dir = mkdtempSync(join(tmpdir(), 'portico-qstash-'));
  portico = await startPortico({
    DATABASE_URL: `file:${join(dir, 'q.db')}`,
    PUBLIC_URL,
    SCHEDULER: 'qstash',
    QSTASH_URL: qstash.url,
    QSTASH_TOKEN: 'qstash-token',
    QSTASH_CURRENT_SIGNING_KEY: SIGNING_KEYS.current,
    QSTASH_NEXT_SIGNING_KEY: SIGNING_KEYS.next,
    DEV_ROUTES: '1',
  });
});
afterAll(async () => {
  await portico.close();
  await qstash.close();
  rmSync(dir, { recursive: true, force: true });
});

const deliver = (path: string, body: string, signature?: string) =>
  portico.app.request(path, { method: 'POST', body, headers: { 'content-type': 'application/json', ...(signature ? { 'upstash-signature': signature } : {}) } });
const mail = async () => (await (await portico.app.request('/dev/mail.json')).json()) as { to: string }[];

describe('QStash wake-ups', () => {
  it('created the minute tick schedule on start', () => {
    expect(qstash.schedules.map((s) => s.destination)).toEqual([`${PUBLIC_URL}/api/v1/jobs/tick`]);
  });

  it('refuse a missing, forged, misdirected or tampered signature and run nothing', async () => {
    const res = await portico.app.request('/api/v1/auth/link', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ firm: 'demo', email: 'client@demo.test' }) });
    expect(res.status).toBe(202);
    const wakeUp = qstash.published.at(-1)!;
    expect(wakeUp.destination).toBe(`${PUBLIC_URL}/api/v1/jobs/run`);
    const runUrl = `${PUBLIC_URL}/api/v1/jobs/run`;
    const refused = [
      await deliver('/api/v1/jobs/run', wakeUp.body),
      await deliver('/api/v1/jobs/run', wakeUp.body, qstashSignature(runUrl, wakeUp.body, 'not-the-key')),
      await deliver('/api/v1/jobs/run', wakeUp.body, qstashSignature(`${PUBLIC_URL}/api/v1/jobs/tick`, wakeUp.body)),
      await deliver('/api/v1/jobs/run', '{"jobId":"job_other"}', qstashSignature(runUrl, wakeUp.body)),
      await deliver('/api/v1/jobs/run', wakeUp.body, qstashSignature(runUrl, wakeUp.body, SIGNING_KEYS.current, Math.floor(Date.now() / 1000) - 3600)),
    ];
    for (const r of refused) {
      expect(r.status).toBe(401);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
    expect(await mail()).toEqual([]);

    const ran = await deliver('/api/v1/jobs/run', wakeUp.body, qstashSignature(runUrl, wakeUp.body));
    expect(ran.status).toBe(200);
    expect(await ran.json()).toEqual({ ran: 1 });
    expect((await mail()).map((m) => m.to)).toEqual(['client@demo.test']);

    // At least once: a repeated delivery finds nothing left to do.
    const again = await deliver('/api/v1/jobs/run', wakeUp.body, qstashSignature(runUrl, wakeUp.body));
    expect(await again.json()).toEqual({ ran: 0 });
    expect(await mail()).toHaveLength(1);
  });

  it('accept the next signing key (key rotation) on the tick', async () => {
    const url = `${PUBLIC_URL}/api/v1/jobs/tick`;
    const res = await deliver('/api/v1/jobs/tick', '', qstashSignature(url, '', SIGNING_KEYS.next));
    expect(res.status).toBe(200);
  });

  it('accept the current and the next signing key on both endpoints, and refuse a third key, a token not yet valid or not issued by Upstash', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const path of ['/api/v1/jobs/run', '/api/v1/jobs/tick']) {
      const url = `${PUBLIC_URL}${path}`;
      const body = '{"jobId":"job_none"}';
      expect((await deliver(path, body, qstashSignature(url, body, SIGNING_KEYS.current))).status).toBe(200);
      expect((await deliver(path, body, qstashSignature(url, body, SIGNING_KEYS.next))).status).toBe(200);
      expect((await deliver(path, body, qstashSignature(url, body, 'sig_third_key_never_configured'))).status).toBe(401);
      expect((await deliver(path, body, qstashSignature(url, body, SIGNING_KEYS.current, now, { nbf: now + 600 }))).status).toBe(401);
      expect((await deliver(path, body, qstashSignature(url, body, SIGNING_KEYS.current, now, { iss: 'Someone' }))).status).toBe(401);
      // Expired a minute ago: beyond the 5 s of clock tolerance.
      expect((await deliver(path, body, qstashSignature(url, body, SIGNING_KEYS.current, now, { exp: now - 60 }))).status).toBe(401);
    }
  });

  it('do not exist with the local scheduler', async () => {
    const t = await createTestApp();
    try {
      const res = await t.request('POST', '/api/v1/jobs/tick', { body: '' });
      expect(res.status).toBe(404);
    } finally {
      t.cleanup();
    }
  });
});

describe('withdrawing a task', () => {
  it("cancels the task's pending jobs in the database and asks the scheduler to drop their wake-ups; a failing drop never fails the withdrawal", async () => {
    const t = await createTestApp();
    try {
      const staff = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
      const clients = (await t.request('GET', '/api/v1/firm/clients', { token: staff })).json.items;
      const clientId = clients.find((c: { name: string }) => c.name === 'Northwind Bakery OÜ').id;
      const task = (await t.request('POST', '/api/v1/firm/tasks', { token: staff, body: { clientId, title: 'Send the lease', assign: true } })).json as { id: string; firmId?: string };
      const firmId = String((await t.db.$client.execute({ sql: 'select firm_id from tasks where id = ?', args: [task.id] })).rows[0]!.firm_id);
      const [reminder] = await insertJob(t.db, { kind: 'test.reminder', key: `r:${task.id}`, runAt: t.clock.now() + 86_400_000, payload: {}, firmId, subjectId: task.id }, t.clock.now() - 1);
      const [elsewhere] = await insertJob(t.db, { kind: 'test.reminder', key: 'r:other', runAt: t.clock.now() + 86_400_000, payload: {}, firmId, subjectId: 'tsk_other' }, t.clock.now() - 1);
      const dropped: string[] = [];
      t.deps.scheduler.cancel = async (ids) => { dropped.push(...ids); throw new Error('QStash down'); };
      const res = await t.request('POST', `/api/v1/firm/tasks/${task.id}/withdraw`, { token: staff });
      expect(res.status).toBe(200);
      const status = async (id: string) => String((await t.db.$client.execute({ sql: 'select status from jobs where id = ?', args: [id] })).rows[0]!.status);
      expect(await status(reminder!.id)).toBe('cancelled');
      expect(await status(elsewhere!.id)).toBe('pending');
      expect(dropped).toContain(reminder!.id);
      expect(dropped).not.toContain(elsewhere!.id);
    } finally {
      t.cleanup();
    }
  });
});

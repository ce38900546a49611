import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db/client.ts';
import { migrateDb } from '../db/migrate.ts';
import { emails, jobs } from '../db/schema.ts';
import { EMAIL_JOB, outboxRow } from '../edge/jobs/email.ts';
import { insertJobs } from '../edge/jobs/queue.ts';
import { startPostmarkStandIn, type PostmarkStandIn } from './fixtures/postmark-standin.ts';

/**
 * Crash safety of the outbox: a process sending 1 000 queued emails through
 * the official Postmark client is killed with SIGKILL in the middle of its
 * tick, at the worst moment (Postmark has accepted a batch and the process
 * dies before it hears the answer), then started again and run to the end.
 * Every email must have reached Postmark exactly once per key, none lost,
 * every row settled.
 */
const EMAILS = 1_000;
/** The sender is killed once Postmark holds this many and is about to answer the batch call that got there. */
const KILL_AT = 450;

let standIn: PostmarkStandIn;
let dir: string;
let url: string;
beforeAll(async () => {
  standIn = await startPostmarkStandIn();
  dir = mkdtempSync(join(tmpdir(), 'portico-outbox-crash-'));
  url = `file:${join(dir, 'outbox.db')}`;
  const db = await createDb(url);
  await migrateDb(db);
  const now = Date.now() - 1_000;
  const drafts = Array.from({ length: EMAILS }, (_, i) => ({ firmId: null, kind: 'message', to: `person${i}@crash.test`, subject: `Email ${i}`, text: `Text ${i}`, html: `<p>${i}</p>`, key: `crash:${i}` }));
  const rows = drafts.map((draft) => outboxRow(draft, now));
  const writes = [];
  for (let i = 0; i < rows.length; i += 100) writes.push(db.insert(emails).values(rows.slice(i, i + 100)));
  writes.push(...insertJobs(db, drafts.map((d, i) => ({ kind: EMAIL_JOB, key: d.key, runAt: now + i, payload: { key: d.key } })), now));
  await db.batch(writes as [(typeof writes)[number], ...typeof writes]);
  db.$client.close();
}, 30_000);
afterAll(async () => {
  await standIn?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function sender(clockOffsetMs: number): { child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/outbox-crash-child.ts'], {
    env: { ...process.env, DATABASE_URL: url, POSTMARK_HOST: standIn.host, CLOCK_OFFSET_MS: String(clockOffsetMs) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, output })));
  return { child, exited };
}

async function rows(): Promise<{ db: Db; emailRows: (typeof emails.$inferSelect)[]; jobRows: (typeof jobs.$inferSelect)[] }> {
  const db = await createDb(url);
  return { db, emailRows: await db.select().from(emails), jobRows: await db.select().from(jobs) };
}

describe('the outbox killed with SIGKILL in the middle of a tick sending 1 000 emails', () => {
  it('sends every email exactly once per key after a restart, none lost, every row settled', async () => {
    const first = sender(0);
    standIn.beforeAnswer = async () => {
      if (standIn.accepted.length < KILL_AT) return;
      standIn.beforeAnswer = undefined;
      first.child.kill('SIGKILL');
      await first.exited;
    };
    const killed = await first.exited;
    expect(killed.signal, killed.output).toBe('SIGKILL');
    const acceptedBeforeRestart = standIn.accepted.length;
    expect(acceptedBeforeRestart).toBeGreaterThanOrEqual(KILL_AT);
    expect(acceptedBeforeRestart).toBeLessThan(EMAILS);
    {
      // The kill came between Postmark accepting a batch and the sender recording it.
      const { db, emailRows } = await rows();
      expect(emailRows.filter((e) => e.state === 'sent').length).toBeLessThan(acceptedBeforeRestart);
      db.$client.close();
    }

    // Started again once the killed run's leases have run out.
    const second = await sender(10 * 60_000).exited;
    expect(second.code, second.output).toBe(0);

    const keys = standIn.accepted.map((a) => a.key);
    const times = new Map<string, number>();
    for (const key of keys) times.set(key!, (times.get(key!) ?? 0) + 1);
    expect([...times.values()].filter((n) => n > 1).length, 'keys accepted more than once').toBe(0);
    expect(times.size).toBe(EMAILS);
    const { db, emailRows, jobRows } = await rows();
    const messageIdOf = new Map(standIn.accepted.map((a) => [a.key, a.messageId]));
    expect(emailRows.filter((e) => e.state !== 'sent' || e.providerId !== messageIdOf.get(e.jobKey))).toEqual([]);
    expect(jobRows.filter((j) => j.status !== 'done')).toEqual([]);
    db.$client.close();
  }, 60_000);
});

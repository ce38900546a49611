import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';
import { drizzle } from 'drizzle-orm/libsql';
import type { Db } from '../../db/client.ts';
import * as schema from '../../db/schema.ts';
import { jobs } from '../../db/schema.ts';
import { purgeSettledJobs, schedulePurge } from './maintenance.ts';

let t: TestApp;
beforeEach(async () => { t = await createTestApp(); });
afterEach(() => t.cleanup());

describe('the hourly purge', () => {
  it('is one job per hour however many instances book it', async () => {
    await schedulePurge(t.db, t.clock.now());
    await schedulePurge(t.db, t.clock.now());
    expect(await t.count("jobs where kind = 'maintenance.purge'")).toBe(1);
  });

  it('deletes spent rate-limit windows and week-old expired links and sessions, keeps live ones, and books the next hour', async () => {
    const { token } = await t.signIn('demo', 'client@demo.test');
    await t.linkTokenFor('demo', 'owner@demo.test', 'staff');
    await schedulePurge(t.db, t.clock.now());
    expect(await t.count('rate_limits')).toBeGreaterThan(0);

    t.clock.advance(2 * 3_600_000);
    await t.mailbox(); // runs due jobs
    expect(await t.count('rate_limits')).toBe(0);
    expect(await t.count('sign_in_tokens')).toBe(2);
    expect((await t.request('GET', '/api/v1/auth/session', { token })).status).toBe(200);

    expect(await t.count('emails')).toBe(2);
    expect(await t.count("jobs where status = 'done'")).toBeGreaterThan(0);
    t.clock.advance(40 * 86_400_000);
    await t.mailbox();
    expect(await t.count('sign_in_tokens')).toBe(0);
    expect(await t.count('sessions')).toBe(0);
    expect(await t.count('emails')).toBe(0);
    // The purge that just ran is settled now, not yet a month old; older settled jobs are gone.
    expect(await t.count("jobs where status in ('done', 'failed') and kind != 'maintenance.purge'")).toBe(0);
    expect(await t.count("jobs where kind = 'maintenance.purge' and status = 'pending'")).toBe(1);
  });

  it('deletes spent identity tokens once expired and month-old undeliverable mail, keeping the rest', async () => {
    const firmId = String((await t.db.$client.execute("select id from firms where slug = 'demo'")).rows[0]!.id);
    const now = t.clock.now();
    await t.db.$client.execute({ sql: 'insert into identity_token_uses (firm_id, jti, expires_at) values (?, ?, ?), (?, ?, ?)', args: [firmId, 'spent-old', now + 60_000, firmId, 'spent-live', now + 3 * 3_600_000] });
    await t.db.$client.execute({
      sql: "insert into emails (id, firm_id, kind, \"to\", subject, text, html, job_key, state, created_at) values ('eml_dead', ?, 'assigned', 'gone@demo.test', 's', 't', 'h', 'dead-key', 'undeliverable', ?)",
      args: [firmId, now],
    });
    await schedulePurge(t.db, now);
    t.clock.advance(2 * 3_600_000);
    await t.runJobs();
    expect((await t.db.$client.execute('select jti from identity_token_uses')).rows.map((r) => r.jti)).toEqual(['spent-live']);
    expect(await t.count("emails where id = 'eml_dead'")).toBe(1);
    t.clock.advance(31 * 86_400_000);
    await t.runJobs();
    expect(await t.count('identity_token_uses')).toBe(0);
    expect(await t.count("emails where id = 'eml_dead'")).toBe(0);
  });

  it('carries on past an upload whose parts the store cannot remove, logs it, and removes it the next hour', async () => {
    const one = async (sql: string) => String((await t.db.$client.execute(sql)).rows[0]!.id);
    const firmId = await one("select id from firms where slug = 'demo'");
    const clientId = await one(`select id from clients where firm_id = '${firmId}' limit 1`);
    const contactId = await one("select id from contacts where email = 'client@demo.test'");
    for (const id of ['upl_a', 'upl_b', 'upl_c']) {
      await t.db.$client.execute({
        sql: `insert into uploads (id, firm_id, client_id, name, length, "offset", blob_prefix, uploaded_by_type, uploaded_by_id, expires_at, created_at, updated_at)
          values (?, ?, ?, 'a.pdf', 10, 4, ?, 'contact', ?, ?, ?, ?)`,
        args: [id, firmId, clientId, `uploads/${id}`, contactId, t.clock.now() - 1, t.clock.now(), t.clock.now()],
      });
      await t.deps.blobs.put(`uploads/${id}/0-x`, new Blob(['abcd']).stream());
    }
    const blobs = t.deps.blobs;
    const deletePrefix = blobs.deletePrefix.bind(blobs);
    blobs.deletePrefix = async (prefix) => {
      if (prefix === 'uploads/upl_a/') {
        blobs.deletePrefix = deletePrefix;
        throw new Error('store unavailable');
      }
      return deletePrefix(prefix);
    };
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await schedulePurge(t.db, t.clock.now() - 3_600_000);
      await t.runJobs();
      expect(logged).toHaveBeenCalledWith(expect.stringContaining('upl_a'));
    } finally {
      logged.mockRestore();
      blobs.deletePrefix = deletePrefix;
    }
    expect((await t.db.$client.execute('select id from uploads')).rows.map((r) => r.id)).toEqual(['upl_a']);
    expect(await blobs.list('uploads/upl_b/')).toEqual([]);
    // The rest of the purge ran, and the next hour's is booked.
    expect(await t.count("jobs where kind = 'maintenance.purge' and status = 'done'")).toBe(1);
    t.clock.advance(2 * 3_600_000);
    await t.runJobs();
    expect(await t.count('uploads')).toBe(0);
    expect(await blobs.list('uploads/upl_a/')).toEqual([]);
  });
});

describe('the hourly purge of rate limits', () => {
  it('drops spent windows but keeps a sticky miss count (an unknown address locked like a person) for a month', async () => {
    const now = t.clock.now();
    for (const [key, at] of [['link:demo:a@x.test', now - 2 * 3_600_000], ['miss:code:demo:b@x.test', now - 2 * 3_600_000], ['miss:code:demo:c@x.test', now - 31 * 24 * 3_600_000]] as const) {
      await t.db.$client.execute({ sql: 'insert into rate_limits (key, window_start, count) values (?, ?, 5)', args: [key, at] });
    }
    await schedulePurge(t.db, now - 3_600_000);
    await t.runJobs();
    expect((await t.db.$client.execute('select key from rate_limits order by key')).rows.map((r) => r.key)).toEqual(['miss:code:demo:b@x.test']);
  });
});

describe('purging settled jobs', () => {
  it('deletes done, cancelled and failed jobs older than the cut in bounded batches, keeps pending, running and recent ones', async () => {
    const cut = 1_000_000;
    const add = (key: string, status: 'pending' | 'running' | 'done' | 'cancelled' | 'failed', updatedAt: number) =>
      t.db.insert(jobs).values({ id: `job_${key}`, kind: 'k', uniqueKey: key, runAt: 0, payload: {}, status, createdAt: 0, updatedAt });
    for (const [i, status] of (['done', 'done', 'cancelled', 'failed', 'failed'] as const).entries()) await add(`old${i}`, status, cut - 1);
    await add('recent', 'done', cut);
    await add('waiting', 'pending', 0);
    await add('busy', 'running', 0);
    const before = await t.count('jobs');
    const statements: string[] = [];
    const recording = drizzle(t.db.$client, { schema, logger: { logQuery: (sql) => void statements.push(sql) } }) as unknown as Db;
    expect(await purgeSettledJobs(recording, cut, 2)).toBe(5);
    // Three deletes of at most two rows each: 2, 2, then 1 (fewer than a batch: done).
    expect(statements.filter((sql) => sql.startsWith('delete'))).toHaveLength(3);
    expect(await t.count('jobs')).toBe(before - 5);
    expect(await t.count("jobs where id in ('job_recent', 'job_waiting', 'job_busy')")).toBe(3);
    const plan = (await t.db.$client.execute({ sql: `explain query plan ${statements[0]}`, args: ['done', 'failed', 'cancelled', cut, 2] })).rows.map((r) => String(r.detail));
    expect(plan.some((line) => line.includes('USING INDEX jobs_status_updated') || line.includes('USING COVERING INDEX jobs_status_updated'))).toBe(true);
    expect(plan.filter((line) => line.startsWith('SCAN'))).toEqual([]);
  });
});

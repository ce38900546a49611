import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import journal from './migrations/meta/_journal.json' with { type: 'json' };
import { afterEach, describe, expect, it } from 'vitest';
import { tempDb } from '../test/fixtures/test-app.ts';
import { createDb } from './client.ts';
import { migrateDb } from './migrate.ts';
import { seedDemo } from './seed.ts';

let cleanup = () => {};
afterEach(() => cleanup());

describe('migrations', () => {
  it('build every table on an empty file, and a second run changes nothing', async () => {
    const t = await tempDb();
    cleanup = t.cleanup;
    const tables = async () =>
      (await t.db.$client.execute("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")).rows.map((r) => r.name);
    const first = await tables();
    expect(first).toEqual(expect.arrayContaining([
      'activity', 'api_keys', 'checklist_items', 'client_contacts', 'clients', 'contacts', 'emails', 'firms',
      'jobs', 'members', 'rate_limits', 'sessions', 'sign_in_tokens', 'task_reads', 'tasks',
    ]));
    await migrateDb(t.db);
    expect(await tables()).toEqual(first);
    const applied = await t.db.$client.execute('select count(*) as n from __drizzle_migrations');
    expect(Number(applied.rows[0]!.n)).toBeGreaterThan(0);
  });

  it('index tenant tables by firm first', async () => {
    const t = await tempDb();
    cleanup = t.cleanup;
    const rs = await t.db.$client.execute("select sql from sqlite_master where type = 'index' and name = 'tasks_firm_client_assigned'");
    expect(String(rs.rows[0]!.sql)).toMatch(/\(`firm_id`,\s*`client_id`,\s*`assigned_at`\)/);
  });
});

describe('instances starting together', () => {
  it('the one that loses the migration race finds the migration applied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-race-'));
    const a = await createDb(`file:${join(dir, 'race.db')}`);
    const b = await createDb(`file:${join(dir, 'race.db')}`);
    cleanup = () => { a.$client.close(); b.$client.close(); rmSync(dir, { recursive: true, force: true }); };
    // a reads "nothing applied", then b migrates, then a applies its (now stale) batch.
    const session = (a as unknown as { session: { migrate: (s: unknown) => Promise<void> } }).session;
    const applyBatch = session.migrate.bind(session);
    let raced = false;
    session.migrate = async (statements) => {
      if (!raced) { raced = true; await migrateDb(b); }
      return applyBatch(statements);
    };
    await expect(migrateDb(a)).resolves.toBeUndefined();
    expect(raced).toBe(true);
    const applied = await a.$client.execute('select count(*) as n from __drizzle_migrations');
    // Each migration applied once: as many rows as the journal has entries.
    expect(Number(applied.rows[0]!.n)).toBe(journal.entries.length);
  });

  it('the one that loses the seed race keeps the other\'s demo firms', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-race-'));
    const a = await createDb(`file:${join(dir, 'race.db')}`);
    await migrateDb(a);
    const b = await createDb(`file:${join(dir, 'race.db')}`);
    cleanup = () => { a.$client.close(); b.$client.close(); rmSync(dir, { recursive: true, force: true }); };
    // a finds no demo firm, then b seeds, then a writes its (now conflicting) batch.
    const target = a as unknown as { batch: (queries: unknown) => Promise<unknown> };
    const batch = target.batch.bind(a);
    let raced = false;
    target.batch = async (queries) => {
      if (!raced) { raced = true; await seedDemo(b, { publicUrl: 'http://localhost:8787', now: Date.now() }); }
      return batch(queries);
    };
    await expect(seedDemo(a, { publicUrl: 'http://localhost:8787', now: Date.now() })).resolves.toBeUndefined();
    expect(raced).toBe(true);
    const firms = await a.$client.execute('select slug from firms order by slug');
    expect(firms.rows.map((r) => r.slug)).toEqual(['acme', 'demo']);
  });
});

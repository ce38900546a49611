import { afterEach, describe, expect, it } from 'vitest';
import { tempDb } from '../test/fixtures/test-app.ts';
import { migrateDb } from './migrate.ts';

describe('migrations', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

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

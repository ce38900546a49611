import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { seedDemo } from '../../db/seed.ts';
import { tempDb } from '../../test/fixtures/test-app.ts';
import { queryPlans, taskReads } from '../../test/fixtures/task-query-plans.ts';

/**
 * The staff board and the client's task list must never read the firm's
 * whole tasks table (100 000 rows in the bench): each of their statements,
 * as the code issues them, is planned on the migrated schema and any
 * `SCAN tasks` fails the test, naming the statement.
 */
let db: Db;
let cleanup: () => void;
let reads: ReturnType<typeof taskReads>;
beforeAll(async () => {
  ({ db, cleanup } = await tempDb());
  const now = Date.now();
  await seedDemo(db, { publicUrl: 'http://portico.test', now });
  const one = async (sql: string) => String((await db.$client.execute(sql)).rows[0]!.id);
  reads = taskReads({
    firmId: await one("select id from firms where slug = 'demo'"),
    clientId: await one("select id from clients where name = 'Northwind Bakery OÜ'"),
    contactId: await one("select id from contacts where email = 'client@demo.test'"),
    today: '2030-01-01',
    now,
  });
});
afterAll(() => cleanup());

describe('query plans of the board and the client list', () => {
  it.each(['board, first page', 'board, by stage', 'board, by client', 'client list, open', 'client list, done'] as const)('%s: no full scan of tasks', async (name) => {
    const { plans, scans } = await queryPlans(db, reads[name]);
    expect(plans.length).toBeGreaterThan(0);
    expect(plans.some((p) => p.plan.some((line) => line.startsWith('SEARCH tasks USING INDEX')))).toBe(true);
    expect(scans).toEqual([]);
  });
});

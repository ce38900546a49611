// `npm run bench` (or `node --import tsx bench/tasks.ts`): the client task list and the staff board on a
// firm with 100 000 tasks across 1 000 clients, each against the same request on an almost empty
// database, in one run. Target: every ratio under 1.5, and no statement that scans the tasks table.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { createDb, type Db } from '../db/client.ts';
import { todayIn } from '../db/dates.ts';
import { newId } from '../db/ids.ts';
import { migrateDb } from '../db/migrate.ts';
import { seedDemo } from '../db/seed.ts';
import { clientContacts, clients, contacts, firms, members } from '../db/schema.ts';
import { createApp } from '../edge/app.ts';
import { loadConfig } from '../edge/config.ts';
import { createSignInToken, exchangeSignInToken } from '../edge/data/sessions.ts';
import { buildDeps } from '../edge/server.ts';
import { queryPlans, taskReads } from '../test/fixtures/task-query-plans.ts';

const CLIENTS = 1_000;
const TASKS_PER_CLIENT = 100;
const ROWS_PER_INSERT = 500;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
const STAGES = ['waiting', 'waiting', 'waiting', 'client_done', 'completed', 'draft', 'withdrawn'] as const;

/** Adds `clientCount - 1` more clients to the demo firm and 100 tasks to each (Northwind included), in multi-row inserts. */
async function fillFirm(db: Db, firmId: string, benchClientId: string, clientCount: number, now: number) {
  const clientIds = [benchClientId];
  const rows: string[] = [];
  for (let i = 1; i < clientCount; i++) {
    const id = newId('cli');
    clientIds.push(id);
    rows.push(`('${id}', '${firmId}', 'Bench client ${i}', ${now})`);
  }
  if (rows.length) await db.$client.execute(`insert into clients (id, firm_id, name, created_at) values ${rows.join(',')}`);
  const inserts: string[] = [];
  let values: string[] = [];
  let n = 0;
  for (const clientId of clientIds) {
    for (let j = 0; j < TASKS_PER_CLIENT; j++, n++) {
      const stage = STAGES[n % STAGES.length]!;
      const created = now - (clientCount * TASKS_PER_CLIENT - n) * 1000;
      const assigned = stage === 'draft' ? 'null' : String(created);
      const withdrawn = stage === 'withdrawn' ? String(created + 10) : 'null';
      const firmState = stage === 'completed' ? 'completed' : 'open';
      const clientState = stage === 'client_done' || stage === 'completed' ? 'done' : 'open';
      const doneAt = clientState === 'done' ? String(created + 20) : 'null';
      const due = j % 5 === 0 ? 'null' : `'2030-${String((j % 12) + 1).padStart(2, '0')}-${String((j % 28) + 1).padStart(2, '0')}'`;
      values.push(
        `('${newId('tsk')}', '${firmId}', '${clientId}', 'Bench task ${n}', 'x', ${due}, '${firmState}', '${clientState}', ${assigned}, ${withdrawn}, ` +
          `${stage === 'completed' ? doneAt : 'null'}, ${doneAt}, ${created}, ${created})`,
      );
      if (values.length === ROWS_PER_INSERT) {
        inserts.push(values.join(','));
        values = [];
      }
    }
  }
  if (values.length) inserts.push(values.join(','));
  await db.$client.batch(
    inserts.map(
      (v) =>
        `insert into tasks (id, firm_id, client_id, title, description, due_date, firm_state, client_state, assigned_at, withdrawn_at, completed_at, client_done_at, created_at, updated_at) values ${v}`,
    ),
    'write',
  );
}

/**
 * A migrated, seeded database with `clientCount` clients of 100 tasks each,
 * an in-process app on it, and sessions for a contact and a member. The
 * almost empty one has one client: every page is as full as on the big one,
 * so the ratio shows what the size of the table costs, not a longer answer.
 */
async function setUp(clientCount: number) {
  const dir = mkdtempSync(join(tmpdir(), 'portico-bench-tasks-'));
  const url = `file:${join(dir, 'bench.db')}`;
  const db = await createDb(url);
  await migrateDb(db);
  const now = Date.now();
  await seedDemo(db, { publicUrl: 'http://localhost:8787', now });
  const [firm] = await db.select().from(firms).where(eq(firms.slug, 'demo'));
  const [contact] = await db.select().from(contacts).where(and(eq(contacts.firmId, firm!.id), eq(contacts.email, 'client@demo.test')));
  const [member] = await db.select().from(members).where(and(eq(members.firmId, firm!.id), eq(members.email, 'owner@demo.test')));
  const [client] = await db
    .select({ id: clients.id })
    .from(clients)
    .innerJoin(clientContacts, eq(clientContacts.clientId, clients.id))
    .where(and(eq(clientContacts.contactId, contact!.id), eq(clients.name, 'Northwind Bakery OÜ')));
  const started = performance.now();
  await fillFirm(db, firm!.id, client!.id, clientCount, now);
  const fillMs = performance.now() - started;
  const session = async (audience: 'client' | 'staff', subjectId: string) =>
    (await exchangeSignInToken(db, (await createSignInToken(db, { firmId: firm!.id, audience, subjectId, now, ttlMs: 3_600_000, signingSecret: 'bench' })).id, now, 86_400_000))!.secret;
  const config = loadConfig({ PUBLIC_URL: 'http://localhost:8787', SESSION_CACHE_SECONDS: '60' });
  const { deps } = await buildDeps(db, config, { scheduler: { wake: async () => {} }, clientAddress: () => '127.0.0.1', log: () => {} });
  const app = createApp(deps);
  const tasks = Number((await db.$client.execute('select count(*) as n from tasks')).rows[0]!.n);
  return {
    db, app, tasks, fillMs,
    clientToken: await session('client', contact!.id),
    staffToken: await session('staff', member!.id),
    scope: { firmId: firm!.id, clientId: client!.id, contactId: contact!.id, today: todayIn(firm!.timezone, now), now },
    cleanup: () => { db.$client.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}

type Setup = Awaited<ReturnType<typeof setUp>>;
const requests = (s: Setup): Record<string, { path: string; token: string }> => ({
  'client list, open': { path: `/api/v1/portal/tasks?clientId=${s.scope.clientId}&state=open`, token: s.clientToken },
  'client list, done': { path: `/api/v1/portal/tasks?clientId=${s.scope.clientId}&state=done`, token: s.clientToken },
  'board, first page': { path: '/api/v1/firm/tasks', token: s.staffToken },
  'board, by stage': { path: '/api/v1/firm/tasks?stage=waiting', token: s.staffToken },
  'board, by client': { path: `/api/v1/firm/tasks?clientId=${s.scope.clientId}`, token: s.staffToken },
});

/** The median time of one request, in ms, after a warm-up. */
async function median(s: Setup, request: { path: string; token: string }) {
  const once = async () => {
    const res = await s.app.request(request.path, { headers: { authorization: `Bearer ${request.token}` } });
    if (res.status !== 200) throw new Error(`${request.path}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  for (let i = 0; i < 30; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

export async function tasksBench() {
  const small = await setUp(1);
  const big = await setUp(CLIENTS);
  let failed = false;
  try {
    console.log(`\nTasks: ${big.tasks} tasks across ${CLIENTS} clients (filled in ${(big.fillMs / 1000).toFixed(1)} s) against ${small.tasks}; median of ${ITERATIONS} requests`);
    const smallRequests = requests(small);
    const bigRequests = requests(big);
    for (const name of Object.keys(bigRequests)) {
      // Alternate, so neither database gets the warmer machine.
      const a = await median(small, smallRequests[name]!);
      const b = await median(big, bigRequests[name]!);
      const ratio = b / a;
      if (ratio >= 1.5) failed = true;
      console.log(`  ${name.padEnd(20)} ${a.toFixed(2).padStart(7)} ms -> ${b.toFixed(2).padStart(7)} ms   ratio ${ratio.toFixed(2)} ${ratio < 1.5 ? 'ok' : 'OVER 1.5'}`);
    }
    console.log('  EXPLAIN QUERY PLAN (100 000 tasks):');
    const reads = taskReads(big.scope);
    for (const [name, read] of Object.entries(reads)) {
      const { plans, scans } = await queryPlans(big.db, read);
      if (scans.length) failed = true;
      console.log(`  ${name}: ${scans.length ? `SCAN of tasks:\n    ${scans.join('\n    ')}` : 'no scan of tasks'}`);
      for (const plan of plans) console.log(`      ${plan.plan.join(' | ')}`);
    }
  } finally {
    small.cleanup();
    big.cleanup();
  }
  return !failed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ok = await tasksBench();
  process.exit(ok ? 0 : 1);
}

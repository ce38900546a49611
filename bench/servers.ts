/**
 * The three servers the throughput benchmark compares, each started alone in
 * its own process: `node --import tsx bench/servers.ts <kind> <port> <fixture-json>`.
 *   hello  - a bare Hono hello-world (the ceiling)
 *   raw    - the same 20 rows from one raw prepared statement of `libsql` (the database's floor)
 *   portico - the real GET /api/v1/portal/tasks: session check, tenant scope, validation, drizzle
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import Database from 'libsql';
import { startPortico } from '../edge/server.ts';

const [kind, portText, fixtureJson] = process.argv.slice(2);
const port = Number(portText);
const fixture = JSON.parse(fixtureJson ?? '{}') as { path: string; url: string; contactId: string; firmId: string; clientId: string };

// The same rows the endpoint reads: one company's assigned tasks with the contact's read receipts.
const RAW_SQL = `select t.id, t.client_id, t.title, t.due_date, t.firm_state, t.client_state, t.assigned_at, t.withdrawn_at,
  t.checklist_total, t.checklist_done, r.read_at
from tasks t
left join task_reads r on r.task_id = t.id and r.contact_id = ?
where t.firm_id = ? and t.assigned_at is not null and t.withdrawn_at is null and t.client_id = ?`;

let fetchHandler: (req: Request) => Response | Promise<Response>;
if (kind === 'hello') {
  fetchHandler = new Hono().get('/', (c) => c.text('Hello Hono!')).fetch;
} else if (kind === 'raw') {
  const db = new Database(fixture.path);
  const stmt = db.prepare(RAW_SQL);
  fetchHandler = new Hono().get('/', (c) =>
    c.json({ items: stmt.all(fixture.contactId, fixture.firmId, fixture.clientId) }),
  ).fetch;
} else {
  const portico = await startPortico({ DATABASE_URL: fixture.url, SEED: '0', PORT: String(port) });
  fetchHandler = portico.app.fetch;
}
serve({ fetch: fetchHandler, port }, () => process.send?.('ready'));

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { createDb } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { migrateDb } from '../db/migrate.ts';
import { seedDemo } from '../db/seed.ts';
import { clientContacts, clients, contacts, tasks } from '../db/schema.ts';
import { createSignInToken, exchangeSignInToken } from '../edge/data/sessions.ts';

/**
 * A demo database where client@demo.test sees exactly 20 tasks in one company,
 * and a signed-in session for that contact. Answers what the servers need.
 */
export async function benchFixture() {
  const dir = mkdtempSync(join(tmpdir(), 'portico-bench-'));
  const path = join(dir, 'bench.db');
  const db = await createDb(`file:${path}`);
  await migrateDb(db);
  const now = Date.now();
  await seedDemo(db, { publicUrl: 'http://localhost:8787', now });
  const [contact] = await db.select().from(contacts).where(eq(contacts.email, 'client@demo.test'));
  const [client] = await db
    .select({ id: clients.id, firmId: clients.firmId })
    .from(clients)
    .innerJoin(clientContacts, eq(clientContacts.clientId, clients.id))
    .where(and(eq(clientContacts.contactId, contact!.id), eq(clients.name, 'Northwind Bakery OÜ')));
  const visible = (await db.select({ id: tasks.id }).from(tasks).where(and(eq(tasks.clientId, client!.id), isNotNull(tasks.assignedAt), isNull(tasks.withdrawnAt)))).length;
  for (let i = visible; i < 20; i++) {
    await db.insert(tasks).values({
      id: newId('tsk'), firmId: client!.firmId, clientId: client!.id, title: `Bench task ${i}`, description: 'x'.repeat(200),
      dueDate: `2030-01-${String((i % 28) + 1).padStart(2, '0')}`, assignedAt: now - i * 1000, createdAt: now, updatedAt: now,
    });
  }
  const { id: link } = await createSignInToken(db, { firmId: client!.firmId, audience: 'client', subjectId: contact!.id, now, ttlMs: 3_600_000, signingSecret: 'bench' });
  const opened = await exchangeSignInToken(db, link, now, 86_400_000);
  db.$client.close();
  return { path, url: `file:${path}`, token: opened!.secret, clientId: client!.id, contactId: contact!.id, firmId: client!.firmId };
}

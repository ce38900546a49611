import { and, eq, inArray } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { activity, clientContacts, clients, contacts } from '../../db/schema.ts';
import type { StaffCaller } from '../domain/caller.ts';
import { clientNameKey, type ImportRow } from '../domain/contact-import.ts';
import { activityRow } from './activity.ts';
import { clientsByName } from './clients.ts';
import { contactHistoryRow, historyActor } from './contact-history.ts';

/** Rows per multi-row insert, and emails per lookup: well under SQLite's limit of bound parameters per statement. */
const CHUNK = 400;

function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** What an import compares with: the firm's contacts among these emails (email -> id), and its clients by name (any case). */
export async function importContext(db: Db, firmId: string, emails: readonly string[]) {
  const known = new Map<string, string>();
  for (const part of chunks([...new Set(emails)].filter(Boolean))) {
    const rows = await db.select({ id: contacts.id, email: contacts.email }).from(contacts).where(and(eq(contacts.firmId, firmId), inArray(contacts.email, part)));
    for (const r of rows) known.set(r.email, r.id);
  }
  return { contacts: known, clients: await clientsByName(db, firmId) };
}

export type ImportContext = Awaited<ReturnType<typeof importContext>>;

/**
 * Writes an import whose every row is good, in ONE batch: the companies the
 * firm does not have yet (by name, any case; portal closed, as any new
 * client), the new contacts, each row's link (one already there stays), and
 * history (`client.created`, `contact.created`, `contact.imported {clientId}`).
 * A contact the firm has keeps their name and phone. Should a contact of one
 * of these emails be made meanwhile, the batch fails on the unique email and
 * nothing is written (the caller answers 409: import again).
 */
export async function commitImport(db: Db, caller: StaffCaller, rows: readonly ImportRow[], context: ImportContext, now: number) {
  const actor = historyActor(caller);
  const clientIds = new Map(context.clients);
  const contactIds = new Map(context.contacts);
  const newClients: (typeof clients.$inferInsert)[] = [];
  const newContacts: (typeof contacts.$inferInsert)[] = [];
  const links = new Map<string, typeof clientContacts.$inferInsert>();
  const history: (typeof activity.$inferInsert)[] = [];
  for (const row of rows) {
    const key = clientNameKey(row.company);
    let clientId = clientIds.get(key);
    if (!clientId) {
      clientId = newId('cli');
      clientIds.set(key, clientId);
      newClients.push({ id: clientId, firmId: caller.firmId, name: row.company, portalOpen: false, createdAt: now });
      history.push(activityRow({ firmId: caller.firmId, subjectId: clientId, caller, action: 'client.created', data: { imported: true }, at: now }));
    }
    let contactId = contactIds.get(row.email);
    if (!contactId) {
      contactId = newId('con');
      contactIds.set(row.email, contactId);
      newContacts.push({ id: contactId, firmId: caller.firmId, email: row.email, name: row.name, phone: row.phone, createdAt: now });
      history.push(contactHistoryRow({ firmId: caller.firmId, contactId, actor, action: 'contact.created', data: { imported: true }, at: now }));
    }
    links.set(`${clientId}:${contactId}`, { firmId: caller.firmId, clientId, contactId });
    history.push(contactHistoryRow({ firmId: caller.firmId, contactId, actor, action: 'contact.imported', data: { clientId }, at: now }));
  }
  const statements: BatchItem<'sqlite'>[] = [
    ...chunks(newClients).map((part) => db.insert(clients).values(part)),
    ...chunks(newContacts).map((part) => db.insert(contacts).values(part)),
    ...chunks([...links.values()]).map((part) => db.insert(clientContacts).values(part).onConflictDoNothing()),
    ...chunks(history).map((part) => db.insert(activity).values(part)),
  ];
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
  return { newClients: newClients.length, newContacts: newContacts.length };
}

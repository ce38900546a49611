import { and, asc, eq, gt, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { activity, checklistItems, clientContacts, clients, contacts, tasks } from '../../db/schema.ts';
import type { NewTaskRows } from './firm-tasks.ts';
import type { StaffCaller } from '../domain/caller.ts';
import { clientNameKey } from '../domain/contact-import.ts';
import { recordActivity, recordActivityIfChanged } from './activity.ts';
import { historyActor, recordContactHistory, recordContactHistoryIfChanged } from './contact-history.ts';
import { pageOf, type CursorKey } from './paging.ts';

type ClientRow = typeof clients.$inferSelect;

/** The clients as `GET /firm/clients` answers them, each with its contacts by name. */
async function clientViews(db: Db, firmId: string, rows: ClientRow[]) {
  const ids = rows.map((r) => r.id);
  const links = ids.length
    ? await db
        .select({
          clientId: clientContacts.clientId,
          id: contacts.id,
          email: contacts.email,
          name: contacts.name,
          undeliverableAt: contacts.emailUndeliverableAt,
          undeliverableReason: contacts.emailUndeliverableReason,
        })
        .from(clientContacts)
        .innerJoin(contacts, and(eq(contacts.id, clientContacts.contactId), eq(contacts.firmId, firmId)))
        .where(and(eq(clientContacts.firmId, firmId), inArray(clientContacts.clientId, ids)))
        .orderBy(asc(contacts.name), asc(contacts.id))
    : [];
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    portalOpen: c.portalOpen,
    responsibleMemberId: c.responsibleMemberId,
    /** Shown in the portal as "Documents" (https only). */
    documentFolderUrl: c.documentFolderUrl,
    /** Where "Digitise" emails a task's files. */
    digitisationAddress: c.digitisationAddress,
    contacts: links
      .filter((l) => l.clientId === c.id)
      .map(({ id, email, name, undeliverableAt, undeliverableReason }) => ({
        id,
        email,
        name,
        /** Set when the provider reported the address dead (bounce, spam complaint, inactive): nothing is sent there until it changes. */
        emailUndeliverable: undeliverableAt === null ? null : { at: undeliverableAt, reason: undeliverableReason ?? '' },
      })),
  }));
}

export type FirmClientView = Awaited<ReturnType<typeof clientViews>>[number];

/**
 * The firm's clients by name (then id), one page, each with its contacts;
 * `q` finds a part of the client's name or of a contact's name or email (any case).
 */
export async function listClients(db: Db, firmId: string, filter: { q?: string | undefined }, page: { limit: number; after?: CursorKey | undefined }) {
  const where: (SQL | undefined)[] = [eq(clients.firmId, firmId)];
  if (filter.q) {
    const q = filter.q.toLowerCase();
    where.push(sql`(instr(lower(${clients.name}), ${q}) > 0 or exists (select 1 from client_contacts cc join contacts k on k.firm_id = cc.firm_id and k.id = cc.contact_id
      where cc.firm_id = ${firmId} and cc.client_id = ${clients.id} and (instr(lower(k.name), ${q}) > 0 or instr(lower(k.email), ${q}) > 0)))`);
  }
  if (page.after) {
    const [name, id] = page.after as [string, string];
    where.push(or(gt(clients.name, name), and(eq(clients.name, name), gt(clients.id, id))));
  }
  const rows = await db
    .select()
    .from(clients)
    .where(and(...where))
    .orderBy(asc(clients.name), asc(clients.id))
    .limit(page.limit + 1);
  const views = await clientViews(db, firmId, rows.slice(0, page.limit));
  return pageOf(rows, page.limit, (r) => [r.name, r.id], (r) => views.find((v) => v.id === r.id)!);
}

/** One client of the firm as `GET /firm/clients` lists it; null when it is not the firm's. */
export async function getFirmClient(db: Db, firmId: string, clientId: string): Promise<FirmClientView | null> {
  const rows = await db.select().from(clients).where(and(eq(clients.firmId, firmId), eq(clients.id, clientId)));
  return (await clientViews(db, firmId, rows))[0] ?? null;
}

/** How two client names compare: whatever their case (Unicode, not only ASCII as SQLite's lower()) and outer spaces. */
const nameKey = clientNameKey;

/** The firm's client of this name, whatever its case; `except` leaves one client out (its own rename). */
export async function findClientByName(db: Db, firmId: string, name: string, except?: string) {
  // Same length first (the index on (firm_id, name) serves the firm; lengths rule out nearly all), then Unicode case in JS.
  const rows = await db
    .select({ id: clients.id, name: clients.name })
    .from(clients)
    .where(and(eq(clients.firmId, firmId), sql`length(${clients.name}) = ${name.length}`));
  return rows.find((r) => nameKey(r.name) === nameKey(name) && r.id !== except) ?? null;
}

/** Every client of the firm by its name's key: for an import matching companies by name. */
export async function clientsByName(db: Db, firmId: string): Promise<Map<string, string>> {
  const rows = await db.select({ id: clients.id, name: clients.name }).from(clients).where(eq(clients.firmId, firmId)).orderBy(asc(clients.createdAt), asc(clients.id));
  const byName = new Map<string, string>();
  for (const r of rows) if (!byName.has(nameKey(r.name))) byName.set(nameKey(r.name), r.id);
  return byName;
}

export interface NewClient {
  name: string;
  responsibleMemberId?: string | null | undefined;
  documentFolderUrl?: string | null | undefined;
  digitisationAddress?: string | null | undefined;
}

/**
 * Creates a client of the firm with a `client.created` history entry; answers
 * 'exists' when the firm has one of that name in any case. The insert itself
 * re-checks (ASCII case) so two racing creations of one name make one client.
 * New clients start with the portal closed: it opens by invitation or silently.
 */
export async function createClient(db: Db, caller: StaffCaller, input: NewClient, now: number): Promise<{ id: string } | 'exists'> {
  if (await findClientByName(db, caller.firmId, input.name)) return 'exists';
  const id = newId('cli');
  const [inserted] = await db.batch([
    db.run(sql`insert into ${clients} (id, firm_id, name, responsible_member_id, portal_open, document_folder_url, digitisation_address, created_at)
      select ${id}, ${caller.firmId}, ${input.name}, ${input.responsibleMemberId ?? null}, 0, ${input.documentFolderUrl ?? null}, ${input.digitisationAddress ?? null}, ${now}
      where not exists (select 1 from ${clients} where firm_id = ${caller.firmId} and lower(name) = lower(${input.name}))`),
    recordActivityIfChanged(db, { firmId: caller.firmId, subjectId: id, caller, action: 'client.created', at: now }),
  ]);
  return inserted.rowsAffected === 1 ? { id } : 'exists';
}

export interface ClientChange {
  name?: string | undefined;
  responsibleMemberId?: string | null | undefined;
  documentFolderUrl?: string | null | undefined;
  digitisationAddress?: string | null | undefined;
}

/** Changes a client's fields, with a `client.edited` entry naming those that really changed (none: nothing is written). */
export async function updateClient(db: Db, caller: StaffCaller, row: ClientRow, change: ClientChange, now: number): Promise<string[]> {
  const fields = (Object.keys(change) as (keyof ClientChange)[]).filter((k) => change[k] !== undefined && change[k] !== row[k]);
  if (fields.length === 0) return [];
  const set = Object.fromEntries(fields.map((f) => [f, change[f]]));
  await db.batch([
    db.update(clients).set(set).where(and(eq(clients.firmId, caller.firmId), eq(clients.id, row.id))),
    recordActivity(db, { firmId: caller.firmId, subjectId: row.id, caller, action: 'client.edited', data: { fields }, at: now }),
  ]);
  return fields;
}

/** Whether an error is SQLite's for a unique or primary key already taken. */
export const isUniqueViolation = (error: unknown) => /UNIQUE constraint failed|SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)/.test(String((error as { message?: string })?.message ?? error) + String((error as { cause?: unknown })?.cause ?? ''));

/**
 * Links a contact to the client: the firm's contact with this email, or a
 * new one (name, phone) made now. Answers the contact's id, or
 * 'already_linked'. History: `contact.created` for a new one, `contact.linked`.
 * An existing contact's name and phone are left as they are.
 */
export async function linkContact(db: Db, caller: StaffCaller, clientId: string, input: { email: string; name: string; phone?: string | null | undefined }, now: number): Promise<{ contactId: string; created: boolean } | 'already_linked'> {
  const actor = historyActor(caller);
  for (let attempt = 0; ; attempt++) {
    const [existing] = await db.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.firmId, caller.firmId), eq(contacts.email, input.email)));
    const contactId = existing?.id ?? newId('con');
    const history = (action: string, data: Record<string, unknown> | null) => recordContactHistory(db, { firmId: caller.firmId, contactId, actor, action, data, at: now });
    const link = db.insert(clientContacts).values({ firmId: caller.firmId, clientId, contactId }).onConflictDoNothing().returning({ contactId: clientContacts.contactId });
    const linked = recordContactHistoryIfChanged(db, { firmId: caller.firmId, contactId, actor, action: 'contact.linked', data: { clientId }, at: now });
    try {
      if (existing) {
        const [made] = await db.batch([link, linked]);
        return made.length === 1 ? { contactId, created: false } : 'already_linked';
      }
      await db.batch([
        db.insert(contacts).values({ id: contactId, firmId: caller.firmId, email: input.email, name: input.name, phone: input.phone ?? null, createdAt: now }),
        history('contact.created', null),
        link,
        linked,
      ]);
      return { contactId, created: true };
    } catch (error) {
      // Another request made a contact of this email meanwhile: link that one instead (once).
      if (attempt === 0 && !existing && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

/** Takes a contact off a client: their access to that company ends (the caller forgets cached sessions); a `contact.unlinked` entry. */
export async function unlinkContact(db: Db, caller: StaffCaller, clientId: string, contactId: string, now: number): Promise<boolean> {
  const [removed] = await db.batch([
    db
      .delete(clientContacts)
      .where(and(eq(clientContacts.firmId, caller.firmId), eq(clientContacts.clientId, clientId), eq(clientContacts.contactId, contactId)))
      .returning({ contactId: clientContacts.contactId }),
    recordContactHistoryIfChanged(db, { firmId: caller.firmId, contactId, actor: historyActor(caller), action: 'contact.unlinked', data: { clientId }, at: now }),
  ]);
  return removed.length === 1;
}

/** Whether the client is the firm's, with no sample task yet (the invitation's sample task goes once per client). */
export async function clientsWithoutSampleTask(db: Db, firmId: string, clientIds: readonly string[]) {
  if (clientIds.length === 0) return [];
  const rows = await db
    .select({ id: clients.id })
    .from(clients)
    .where(and(eq(clients.firmId, firmId), inArray(clients.id, [...clientIds]), isNull(clients.sampleTaskId)));
  return rows.map((r) => r.id);
}

/**
 * A client's sample task, in one batch: the client's `sample_task_id` set
 * while it is still null, and the task with its checklist and history. Run
 * twice for one client (two racing invitations), the second fails on the
 * task's id (the same for the client: `sampleTaskIdOf`) and writes nothing.
 */
export function sampleTaskInserts(db: Db, firmId: string, clientId: string, rows: NewTaskRows) {
  return [
    db.update(clients).set({ sampleTaskId: rows.taskId }).where(and(eq(clients.firmId, firmId), eq(clients.id, clientId), isNull(clients.sampleTaskId))),
    db.insert(tasks).values(rows.task),
    ...(rows.checklist.length > 0 ? [db.insert(checklistItems).values(rows.checklist)] : []),
    db.insert(activity).values(rows.assigned ? [rows.created, rows.assigned] : [rows.created]),
  ];
}

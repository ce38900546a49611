import { and, desc, eq, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { checklistItems, files, requests, tasks } from '../../db/schema.ts';
import type { Caller, ContactCaller, StaffCaller } from '../domain/caller.ts';
import { CLIENT_DELETE_WINDOW_MS } from '../domain/files.ts';
import { sign } from '../lib/signing.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import { actorColumns, actorNames, recordActivityIfChanged } from './activity.ts';
import { pageOf } from './paging.ts';
import { fileMessageVisibleTo, requestVisibleTo, requestVisibleToMember, taskVisibleTo } from './visibility.ts';
import type { StoredBlob } from './uploads.ts';
import { likeContaining } from './search.ts';

/** How long a download link works. */
export const DOWNLOAD_LINK_MS = 5 * 60_000;

type FileRow = typeof files.$inferSelect;

/** What a file is attached to, as checked for the caller: a task (maybe one of its document requests) or a request. */
export interface FileTarget {
  firmId: string;
  clientId: string;
  workId: string | null;
  taskId: string | null;
  checklistItemId: string | null;
  requestId: string | null;
  /** A staff upload meant for an internal note: never shown to a contact (fileMessageVisibleTo). */
  internal: boolean;
}

export type TargetProblem = 'missing' | 'item_missing' | 'item_not_document_request';

/**
 * A task the caller may attach a file to, with one of its checklist items
 * when `itemId` is given: for a contact, only a task they may see (the
 * visibility rule: withdrawn, of a completed work, another firm's, a closed
 * portal are all 'missing'); for staff, any of the firm's tasks not deleted.
 * A file goes only onto an item that asks for one.
 */
export async function findTaskTarget(db: Db, caller: Caller, taskId: string, itemId?: string): Promise<FileTarget | TargetProblem> {
  // A contact adds files only while the firm still works on the task (ticks and "Done uploading" follow the same rule).
  const visible = caller.kind === 'contact' ? and(taskVisibleTo(caller), eq(tasks.firmState, 'open')) : and(eq(tasks.firmId, caller.firmId), isNull(tasks.deletedAt));
  const [task] = await db.select({ clientId: tasks.clientId, workId: tasks.workId }).from(tasks).where(and(visible, eq(tasks.id, taskId)));
  if (!task) return 'missing';
  if (itemId !== undefined) {
    const [item] = await db
      .select({ requestsFile: checklistItems.requestsFile })
      .from(checklistItems)
      .where(and(eq(checklistItems.firmId, caller.firmId), eq(checklistItems.taskId, taskId), eq(checklistItems.id, itemId)));
    if (!item) return 'item_missing';
    if (!item.requestsFile) return 'item_not_document_request';
  }
  return { firmId: caller.firmId, clientId: task.clientId, workId: task.workId, taskId, checklistItemId: itemId ?? null, requestId: null, internal: false };
}

/**
 * A request the caller may attach a file to: for a contact, one they sent
 * (requestVisibleTo) still open or answered; for staff, one directed to them
 * (requestVisibleToMember).
 */
export async function findRequestTarget(db: Db, caller: Caller, requestId: string): Promise<FileTarget | 'missing'> {
  const visible = caller.kind === 'contact' ? and(requestVisibleTo(caller), inArray(requests.state, ['open', 'answered'])) : requestVisibleToMember(caller);
  const [request] = await db.select({ clientId: requests.clientId }).from(requests).where(and(visible, eq(requests.id, requestId)));
  if (!request) return 'missing';
  return { firmId: caller.firmId, clientId: request.clientId, workId: null, taskId: null, checklistItemId: null, requestId, internal: false };
}

/** Whether the caller may read a request's files: one they may see, whatever its state (a closed or converted request keeps its files). */
export async function requestReadable(db: Db, caller: Caller, requestId: string): Promise<boolean> {
  const visible = caller.kind === 'contact' ? requestVisibleTo(caller) : requestVisibleToMember(caller);
  const [row] = await db.select({ id: requests.id }).from(requests).where(and(visible, eq(requests.id, requestId))).limit(1);
  return row !== undefined;
}

const sameOwner = (target: Pick<FileTarget, 'taskId' | 'requestId'>) =>
  target.taskId !== null ? eq(files.taskId, target.taskId) : eq(files.requestId, target.requestId!);

/**
 * The live files with these bytes already in the same place (task or
 * request, the same checklist item: a copy on another item does not answer
 * this one, and the same audience: an internal copy does not answer one for
 * the client), of those the caller may see: what a new upload of them is a
 * duplicate of.
 */
function sameFileThere(caller: Caller, target: FileTarget, sha256: string): SQL {
  const sameItem = target.checklistItemId === null ? isNull(files.checklistItemId) : eq(files.checklistItemId, target.checklistItemId);
  return and(
    eq(files.firmId, target.firmId),
    sameOwner(target),
    sameItem,
    eq(files.sha256, sha256),
    eq(files.internal, target.internal),
    isNull(files.deletedAt),
    caller.kind === 'contact' ? fileMessageVisibleTo(caller) : undefined,
  )!;
}

/** The statements keeping a task's `checklist_done` in step and bumping its version, after an item's done state changed. */
function recountChecklist(db: Db, firmId: string, taskId: string, now: number, onlyIf?: SQL) {
  const doneCount = sql`(select count(*) from ${checklistItems} where ${checklistItems.firmId} = ${firmId} and ${checklistItems.taskId} = ${taskId} and ${checklistItems.doneAt} is not null)`;
  return db
    .update(tasks)
    .set({ checklistDone: doneCount, updatedAt: now, version: sql`${tasks.version} + 1` })
    .where(and(eq(tasks.firmId, firmId), eq(tasks.id, taskId), onlyIf));
}

const actorId = (caller: Caller) => actorColumns(caller).actorId!;

/**
 * An insert of `row` that happens only while nothing matches `unless`, in
 * one statement. SQLite takes the write lock before the statement reads, so
 * of two such inserts racing, from any process on the same database, the
 * second sees the first's row: no unique index (and no migration) needed for
 * a rule that depends on who asks.
 */
function insertUnless(db: Db, row: typeof files.$inferInsert, unless: SQL) {
  const entries = Object.entries(row).filter(([, value]) => value !== undefined) as [keyof typeof files.$inferInsert, unknown][];
  const columns = sql.join(entries.map(([key]) => sql.identifier(files[key].name)), sql`, `);
  const values = sql.join(entries.map(([, value]) => sql`${typeof value === 'boolean' ? Number(value) : value}`), sql`, `);
  return db.run(sql`insert into ${files} (${columns}) select ${values} where not exists (select 1 from ${files} where ${unless})`);
}

/** This file's row was written by the batch (the statements after an `insertUnless` act only then). */
const written = (fileId: string) => sql`exists (select 1 from ${files} where ${files.id} = ${fileId})`;

/**
 * Records a stored blob as a file on its target. An identical file (same
 * SHA-256) already there is answered instead, and the new blob removed:
 * nothing is stored twice, however many identical uploads race (the insert
 * is conditional, see insertUnless). On a document request the same batch
 * marks the item done, keeps the task's counts in step, bumps its version and
 * makes the version pending review; the history says `file.uploaded`. When
 * the batch fails the new blob is removed too: no blob without its row.
 */
export async function recordFile(
  db: Db,
  blobs: BlobStore,
  caller: Caller,
  target: FileTarget,
  name: string,
  blob: StoredBlob,
  now: number,
): Promise<{ file: FileRow; duplicate: boolean }> {
  try {
    // Twice at most: an identical file deleted between our insert and our read of it leaves room for ours.
    for (let attempt = 0; attempt < 2; attempt++) {
      const stored = await insertFile(db, caller, target, name, blob, now);
      if (stored) return { file: stored, duplicate: false };
      const [existing] = await db.select().from(files).where(sameFileThere(caller, target, blob.sha256)).limit(1);
      if (existing) {
        await blobs.delete(blob.key);
        return { file: existing, duplicate: true };
      }
    }
    throw new Error('An identical file kept appearing and disappearing');
  } catch (error) {
    await blobs.delete(blob.key).catch(() => {});
    throw error;
  }
}

/** The batch that records the file unless an identical one is there; answers the new row, or undefined. */
async function insertFile(db: Db, caller: Caller, target: FileTarget, name: string, blob: StoredBlob, now: number): Promise<FileRow | undefined> {
  const actor = actorColumns(caller);
  const row: typeof files.$inferInsert = {
    id: newId('fil'),
    ...target,
    name,
    size: blob.size,
    type: blob.type,
    sha256: blob.sha256,
    blobKey: blob.key,
    uploadedByType: actor.actorType as 'member' | 'contact' | 'apikey',
    uploadedById: actor.actorId!,
    reviewState: target.checklistItemId ? 'pending' : null,
    createdAt: now,
  };
  const subjectId = target.taskId ?? target.requestId!;
  const statements = [
    insertUnless(db, row, sameFileThere(caller, target, blob.sha256)),
    recordActivityIfChanged(db, { firmId: target.firmId, subjectId, caller, action: 'file.uploaded', data: { fileId: row.id, name, itemId: target.checklistItemId }, at: now }),
    db.select().from(files).where(and(eq(files.firmId, target.firmId), eq(files.id, row.id!))),
  ] as const;
  if (target.checklistItemId && target.taskId) {
    const [, , [file]] = await db.batch([
      ...statements,
      db
        .update(checklistItems)
        .set({ doneAt: now, doneBy: actorId(caller) })
        .where(and(eq(checklistItems.firmId, target.firmId), eq(checklistItems.id, target.checklistItemId), isNull(checklistItems.doneAt), written(row.id!))),
      recountChecklist(db, target.firmId, target.taskId, now, written(row.id!)),
    ]);
    return file;
  }
  const [, , [file]] = await db.batch(statements);
  return file;
}

/** A signed, short-lived link to download the file, bound to its firm and id. */
export async function downloadUrl(publicUrl: string, secret: string, file: Pick<FileRow, 'firmId' | 'id'>, now: number): Promise<string> {
  const expires = now + DOWNLOAD_LINK_MS;
  const signature = await sign(secret, ['download', file.firmId, file.id, expires]);
  return `${publicUrl}/api/v1/files/${file.id}/download?expires=${expires}&signature=${signature}`;
}

const review = (f: FileRow) => (f.checklistItemId && f.reviewState ? { state: f.reviewState, reason: f.reviewReason } : null);

/** A file as the contact sees it. */
export function portalFileView(f: FileRow, caller: ContactCaller, now: number, url: string) {
  const mine = f.uploadedByType === 'contact' && f.uploadedById === caller.contactId;
  const until = f.createdAt + CLIENT_DELETE_WINDOW_MS;
  return {
    id: f.id,
    name: f.name,
    size: f.size,
    type: f.type,
    createdAt: f.createdAt,
    taskId: f.taskId,
    checklistItemId: f.checklistItemId,
    requestId: f.requestId,
    uploadedByMe: mine,
    deletableUntil: mine && now < until ? until : null,
    review: review(f),
    downloadUrl: url,
  };
}
export type PortalFile = ReturnType<typeof portalFileView>;

/** Files as staff see them, the uploader named. Deleted ones have no download link. */
export async function firmFileViews(db: Db, rows: FileRow[], link: (f: FileRow) => Promise<string>) {
  if (rows.length === 0) return [];
  const names = await actorNames(db, rows[0]!.firmId, rows.map((r) => ({ actorType: r.uploadedByType, actorId: r.uploadedById })));
  return Promise.all(
    rows.map(async (f) => ({
      id: f.id,
      name: f.name,
      size: f.size,
      type: f.type,
      createdAt: f.createdAt,
      taskId: f.taskId,
      checklistItemId: f.checklistItemId,
      requestId: f.requestId,
      clientId: f.clientId,
      workId: f.workId,
      sha256: f.sha256,
      internal: f.internal,
      uploadedBy: { type: f.uploadedByType, id: f.uploadedById, name: names.get(`${f.uploadedByType}:${f.uploadedById}`) ?? null },
      review: review(f),
      deletedAt: f.deletedAt,
      downloadUrl: f.deletedAt === null ? await link(f) : null,
    })),
  );
}

export interface FileFilters {
  clientId?: string | undefined;
  workId?: string | undefined;
  taskId?: string | undefined;
  requestId?: string | undefined;
  itemId?: string | undefined;
  /** A piece of the name, any case. */
  q?: string | undefined;
  /** Deleted files instead of live ones. */
  deleted?: boolean | undefined;
  /** Only what this contact may see: no attachment of an internal message. */
  portal?: ContactCaller | undefined;
  /** Only what this member may see: no file of a request not directed to them. */
  staff?: StaffCaller | undefined;
}

/** Not a file of a request the member may not see (issue 9: a request is seen only by those it is directed to). */
const staffMaySee = (staff: StaffCaller) =>
  or(isNull(files.requestId), sql`exists (select 1 from ${requests} where ${requests.id} = ${files.requestId} and ${requestVisibleToMember(staff)})`)!;


/** One page of the firm's files, newest first, after the cursor (createdAt, id); every filter narrows an index that starts with the firm. */
export async function listFiles(db: Db, firmId: string, filters: FileFilters, page: { limit: number; after?: readonly [number, string] | undefined }) {
  const conditions: (SQL | undefined)[] = [eq(files.firmId, firmId), filters.deleted ? isNotNull(files.deletedAt) : isNull(files.deletedAt)];
  if (filters.clientId) conditions.push(eq(files.clientId, filters.clientId));
  if (filters.workId) conditions.push(eq(files.workId, filters.workId));
  if (filters.taskId) conditions.push(eq(files.taskId, filters.taskId));
  if (filters.requestId) conditions.push(eq(files.requestId, filters.requestId));
  if (filters.itemId) conditions.push(eq(files.checklistItemId, filters.itemId));
  if (filters.portal) conditions.push(fileMessageVisibleTo(filters.portal));
  if (filters.staff) conditions.push(staffMaySee(filters.staff));
  if (filters.q) conditions.push(sql`${files.name} like ${likeContaining(filters.q)} escape '\\'`);
  if (page.after) {
    const [createdAt, id] = page.after;
    conditions.push(or(lt(files.createdAt, createdAt), and(eq(files.createdAt, createdAt), lt(files.id, id))));
  }
  const rows = await db
    .select()
    .from(files)
    .where(and(...conditions))
    .orderBy(desc(files.createdAt), desc(files.id))
    .limit(page.limit + 1);
  return { rows: rows.slice(0, page.limit), next: pageOf(rows, page.limit, (r) => [r.createdAt, r.id], (r) => r).nextCursor };
}

/** A file by id, of any firm (a download link names no firm; its signature decides), or undefined. */
export async function findFileById(db: Db, fileId: string) {
  const [row] = await db.select().from(files).where(eq(files.id, fileId));
  return row;
}

/** A live file of the firm (with `staff`: one that member may see), or undefined. */
export async function findFirmFile(db: Db, firmId: string, fileId: string, staff?: StaffCaller) {
  const [row] = await db
    .select()
    .from(files)
    .where(and(eq(files.firmId, firmId), eq(files.id, fileId), isNull(files.deletedAt), staff ? staffMaySee(staff) : undefined));
  return row;
}

/** A live file on a task or request the contact may see (the visibility rule decides), or undefined. */
export async function findPortalFile(db: Db, caller: ContactCaller, fileId: string) {
  const onVisibleTask = sql`exists (select 1 from ${tasks} where ${tasks.id} = ${files.taskId} and ${taskVisibleTo(caller)})`;
  const onVisibleRequest = sql`exists (select 1 from ${requests} where ${requests.id} = ${files.requestId} and ${requestVisibleTo(caller)})`;
  const [row] = await db
    .select()
    .from(files)
    .where(and(eq(files.firmId, caller.firmId), eq(files.id, fileId), isNull(files.deletedAt), fileMessageVisibleTo(caller), or(onVisibleTask, onVisibleRequest)));
  return row;
}

/**
 * Deletes a file: its bytes leave the blob store, its row stays for the
 * history (name, size, SHA-256, who deleted it and when, an activity entry on
 * its task or request). A document request's item is no longer done when no
 * other live version remains. Compare-and-set on `deleted_at`: answers false
 * when it was already deleted (and touches no bytes). The row is marked
 * first, so a store failure leaves at worst unreachable bytes, never a live
 * file without them.
 */
export async function deleteFile(db: Db, blobs: BlobStore, caller: Caller, file: FileRow, now: number): Promise<boolean> {
  const deleted = await markDeleted(db, caller, file, now);
  // A store that refuses now leaves unreachable bytes behind, logged; the delete itself has happened.
  if (deleted) await blobs.delete(file.blobKey).catch((error: unknown) => console.error(`file ${file.id}: its bytes could not be removed: ${String(error)}`));
  return deleted;
}

async function markDeleted(db: Db, caller: Caller, file: FileRow, now: number): Promise<boolean> {  const subjectId = file.taskId ?? file.requestId ?? file.id;
  const statements = [
    db
      .update(files)
      .set({ deletedAt: now, deletedBy: actorId(caller) })
      .where(and(eq(files.firmId, file.firmId), eq(files.id, file.id), isNull(files.deletedAt)))
      .returning({ id: files.id }),
    recordActivityIfChanged(db, { firmId: file.firmId, subjectId, caller, action: 'file.deleted', data: { fileId: file.id, name: file.name }, at: now }),
  ] as const;
  if (file.checklistItemId && file.taskId) {
    const otherLive = sql`exists (select 1 from ${files} where ${files.firmId} = ${file.firmId} and ${files.checklistItemId} = ${file.checklistItemId} and ${files.deletedAt} is null and ${files.reviewState} is not 'rejected' and ${files.id} <> ${file.id})`;
    const [deleted] = await db.batch([
      ...statements,
      db
        .update(checklistItems)
        .set({ doneAt: null, doneBy: null })
        .where(and(eq(checklistItems.firmId, file.firmId), eq(checklistItems.id, file.checklistItemId), isNotNull(checklistItems.doneAt), sql`not ${otherLive}`)),
      recountChecklist(db, file.firmId, file.taskId, now),
    ]);
    return deleted.length === 1;
  }
  const [deleted] = await db.batch(statements);
  return deleted.length === 1;
}



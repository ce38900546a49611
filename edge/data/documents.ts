import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { checklistItems, files, firms, tasks } from '../../db/schema.ts';
import type { ContactCaller, StaffCaller } from '../domain/caller.ts';
import { notFound } from '../errors.ts';
import { actorColumns, recordActivityIfChanged } from './activity.ts';
import { recordEventIfChanged } from './events.ts';
import { pageOf } from './paging.ts';
import { clientFacingFile, fileMessageVisibleTo, taskVisibleTo } from './visibility.ts';

/**
 * Document requests (a checklist item that asks for a file, each file on it
 * a version staff accept or ask again for), "Done uploading", and the file
 * reads digitisation needs. Every query is scoped to the caller's firm.
 * Uploads, downloads, lists and the firm's view of a file are edge/data/files.ts.
 */

export type FileRow = typeof files.$inferSelect;
export type Review = { state: 'pending' | 'accepted' | 'rejected'; reason: string | null };

const reviewOf = (row: Pick<FileRow, 'reviewState' | 'reviewReason'>): Review | null =>
  row.reviewState ? { state: row.reviewState, reason: row.reviewReason } : null;

/**
 * The latest live file on each of the given checklist items: what the item
 * shows (its current version). With `portal`, only of the files that contact
 * may see (fileMessageVisibleTo: never one on an internal note or meant for one).
 */
export async function latestFilesOf(db: Db, firmId: string, itemIds: string[], portal?: ContactCaller) {
  const latest = new Map<string, { id: string; name: string; review: Review }>();
  if (itemIds.length === 0) return latest;
  const rows = await db
    .select({ id: files.id, name: files.name, itemId: files.checklistItemId, reviewState: files.reviewState, reviewReason: files.reviewReason })
    .from(files)
    .where(and(eq(files.firmId, firmId), inArray(files.checklistItemId, itemIds), isNull(files.deletedAt), portal ? fileMessageVisibleTo(portal) : undefined))
    .orderBy(desc(files.createdAt), desc(files.id));
  for (const row of rows) {
    if (!row.itemId || latest.has(row.itemId)) continue;
    latest.set(row.itemId, { id: row.id, name: row.name, review: reviewOf(row) ?? { state: 'pending', reason: null } });
  }
  return latest;
}

/** Every version sent for one checklist item of the firm, newest first, deleted ones included (history keeps them all). */
export async function versionsOfItem(
  db: Db,
  firmId: string,
  itemId: string,
  page: { limit: number; after?: readonly [number, string] | undefined },
) {
  const rows = await db
    .select()
    .from(files)
    .where(
      and(
        eq(files.firmId, firmId),
        eq(files.checklistItemId, itemId),
        page.after ? or(lt(files.createdAt, page.after[0]), and(eq(files.createdAt, page.after[0]), lt(files.id, page.after[1]))) : undefined,
      ),
    )
    .orderBy(desc(files.createdAt), desc(files.id))
    .limit(page.limit + 1);
  return pageOf(rows, page.limit, (r) => [r.createdAt, r.id], (r) => r);
}

/** The checklist item of a task of the firm, or null. */
export async function findChecklistItem(db: Db, firmId: string, taskId: string, itemId: string) {
  const [row] = await db
    .select()
    .from(checklistItems)
    .where(and(eq(checklistItems.firmId, firmId), eq(checklistItems.taskId, taskId), eq(checklistItems.id, itemId)));
  return row ?? null;
}

/** The task's count of done items, recomputed in SQL so it cannot drift from the rows. */
const doneCountOf = (firmId: string, taskId: string) =>
  sql`(select count(*) from ${checklistItems} where ${checklistItems.firmId} = ${firmId} and ${checklistItems.taskId} = ${taskId} and ${checklistItems.doneAt} is not null)`;

/**
 * Staff accept a version or ask for a new one. Either way the file's review
 * and a task history entry change in one batch. Asking again (`reject`) also
 * takes the item's done state back when this is its latest live version (a
 * newer one keeps it done), keeps the task's done count in step, bumps its
 * version, and writes the `file.rejected` event the client is notified by.
 * Deciding what is already decided writes nothing. Every statement of the
 * batch holds only while the file is live, so a file deleted since it was
 * read changes nothing (no item taken back, no event) and answers 404, as a
 * file deleted before the request does.
 */
export async function reviewFile(
  db: Db,
  caller: StaffCaller,
  file: FileRow & { taskId: string; checklistItemId: string },
  decision: { state: 'accepted' } | { state: 'rejected'; reason: string },
  now: number,
) {
  const reason = decision.state === 'rejected' ? decision.reason : null;
  if (file.reviewState === decision.state && file.reviewReason === reason) return;
  const { firmId } = caller;
  const review = db
    .update(files)
    .set({ reviewState: decision.state, reviewReason: reason, reviewedAt: now, reviewedBy: actorColumns(caller).actorId })
    .where(and(eq(files.firmId, firmId), eq(files.id, file.id), isNull(files.deletedAt)))
    .returning({ id: files.id });
  const live = sql`exists (select 1 from ${files} where ${files.firmId} = ${firmId} and ${files.id} = ${file.id} and ${files.deletedAt} is null)`;
  const data = { fileId: file.id, name: file.name, itemId: file.checklistItemId, ...(reason ? { reason } : {}) };
  if (decision.state === 'accepted') {
    // Accepting a version asked again for earlier makes its item done again.
    const [reviewed] = await db.batch([
      review,
      recordActivityIfChanged(db, { firmId, subjectId: file.taskId, caller, action: 'task.file_accepted', data, at: now }),
      db
        .update(checklistItems)
        .set({ doneAt: now, doneBy: actorColumns(caller).actorId })
        .where(and(eq(checklistItems.firmId, firmId), eq(checklistItems.id, file.checklistItemId), isNull(checklistItems.doneAt), live)),
      db
        .update(tasks)
        .set({ checklistDone: doneCountOf(firmId, file.taskId), updatedAt: now, version: sql`${tasks.version} + 1` })
        .where(and(eq(tasks.firmId, firmId), eq(tasks.id, file.taskId), live)),
    ]);
    if (reviewed.length === 0) throw notFound('No such file');
    return;
  }
  const newer = sql`exists (select 1 from ${files} f where f.firm_id = ${firmId} and f.checklist_item_id = ${file.checklistItemId}
    and f.deleted_at is null and (f.created_at > ${file.createdAt} or (f.created_at = ${file.createdAt} and f.id > ${file.id})))`;
  const [reviewed] = await db.batch([
    review,
    recordActivityIfChanged(db, { firmId, subjectId: file.taskId, caller, action: 'task.file_rejected', data, at: now }),
    ...recordEventIfChanged(db, { firmId, kind: 'file.rejected', subjectId: file.id, caller, data: { taskId: file.taskId, itemId: file.checklistItemId, name: file.name, reason }, at: now }),
    db
      .update(checklistItems)
      .set({ doneAt: null, doneBy: null })
      .where(and(eq(checklistItems.firmId, firmId), eq(checklistItems.id, file.checklistItemId), sql`not ${newer}`, live)),
    db
      .update(tasks)
      .set({ checklistDone: doneCountOf(firmId, file.taskId), updatedAt: now, version: sql`${tasks.version} + 1` })
      .where(and(eq(tasks.firmId, firmId), eq(tasks.id, file.taskId), live)),
  ]);
  if (reviewed.length === 0) throw notFound('No such file');
}

/** Whether the firm offers its clients "Done uploading". */
export async function doneUploadingOffered(db: Db, firmId: string): Promise<boolean> {
  const [row] = await db.select({ on: firms.doneUploadingEnabled }).from(firms).where(eq(firms.id, firmId));
  return row?.on ?? false;
}

/**
 * The contact says all their documents for the task are in: the time is
 * kept (a later press moves it), with a history entry and the
 * `task.uploads_done` event the firm is notified by, in one batch and only
 * while the task is still visible to them and open for the firm.
 */
export async function markUploadsDone(db: Db, caller: ContactCaller, taskId: string, now: number): Promise<'done' | 'closed'> {
  const [updated] = await db.batch([
    db
      .update(tasks)
      .set({ uploadsDoneAt: now, updatedAt: now, version: sql`${tasks.version} + 1` })
      .where(and(taskVisibleTo(caller), eq(tasks.id, taskId), eq(tasks.firmState, 'open')))
      .returning({ id: tasks.id }),
    recordActivityIfChanged(db, { firmId: caller.firmId, subjectId: taskId, caller, action: 'task.uploads_done', at: now }),
    ...recordEventIfChanged(db, { firmId: caller.firmId, kind: 'task.uploads_done', subjectId: taskId, caller, data: {}, at: now }),
  ]);
  return updated.length === 1 ? 'done' : 'closed';
}

/** The task's live files meant for the client's side, oldest first: what "Digitise" sends (never a staff working paper or a file on an internal note). */
export async function liveFilesOfTask(db: Db, firmId: string, taskId: string) {
  return db
    .select()
    .from(files)
    .where(and(eq(files.firmId, firmId), eq(files.taskId, taskId), isNull(files.deletedAt), clientFacingFile(firmId)))
    .orderBy(asc(files.createdAt), asc(files.id));
}

/** Of the given files of the firm, those still live and still meant for the client (one deleted or put on an internal note since the job was queued is not sent). */
export async function liveFilesByIds(db: Db, firmId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select().from(files).where(and(eq(files.firmId, firmId), inArray(files.id, ids), isNull(files.deletedAt), clientFacingFile(firmId)));
}

import { and, desc, eq, gt, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { announcementDismissals, announcements, firms } from '../../db/schema.ts';
import type { ContactCaller, StaffCaller } from '../domain/caller.ts';
import { recordActivity, recordActivityIfChanged } from './activity.ts';
import { pageOf, type CursorKey } from './paging.ts';
import { likeContaining } from './search.ts';

type AnnouncementRow = typeof announcements.$inferSelect;

const staffView = (row: AnnouncementRow) => ({
  id: row.id,
  title: row.title,
  body: row.body,
  /** Shown since then; null: a draft. */
  publishedAt: row.publishedAt,
  /** Gone from the portal after this; null: until unpublished. */
  endsAt: row.endsAt,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
export type StaffAnnouncement = ReturnType<typeof staffView>;

/** The firm's announcements, newest first; `q` searches the titles. */
export async function listAnnouncements(db: Db, firmId: string, query: { q?: string | undefined; limit: number; after?: CursorKey | undefined }) {
  const conditions = [eq(announcements.firmId, firmId)];
  if (query.q) conditions.push(sql`${announcements.title} like ${likeContaining(query.q)} escape '\\'`);
  if (query.after) {
    const [createdAt, id] = query.after as [number, string];
    conditions.push(or(lt(announcements.createdAt, createdAt), and(eq(announcements.createdAt, createdAt), lt(announcements.id, id)))!);
  }
  const rows = await db
    .select()
    .from(announcements)
    .where(and(...conditions))
    .orderBy(desc(announcements.createdAt), desc(announcements.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit, (r) => [r.createdAt, r.id], staffView);
}

export async function getAnnouncement(db: Db, firmId: string, id: string): Promise<StaffAnnouncement | null> {
  const [row] = await db.select().from(announcements).where(and(eq(announcements.firmId, firmId), eq(announcements.id, id)));
  return row ? staffView(row) : null;
}

export interface AnnouncementInput {
  title?: string | undefined;
  body?: string | undefined;
  /** true: published now (kept when already published); false: back to a draft. */
  published?: boolean | undefined;
  endsAt?: number | null | undefined;
}

export async function createAnnouncement(db: Db, caller: StaffCaller, input: AnnouncementInput & { title: string; body: string }, now: number): Promise<string> {
  const id = newId('ann');
  await db.batch([
    db.insert(announcements).values({
      id,
      firmId: caller.firmId,
      title: input.title,
      body: input.body,
      publishedAt: input.published ? now : null,
      endsAt: input.endsAt ?? null,
      createdBy: caller.kind === 'member' ? caller.memberId : null,
      createdAt: now,
      updatedAt: now,
    }),
    recordActivity(db, { firmId: caller.firmId, subjectId: caller.firmId, caller, action: input.published ? 'firm.announcement_published' : 'firm.announcement_created', data: { id, title: input.title }, at: now }),
  ]);
  return id;
}

/** Edits an announcement of the caller's firm; answers false when there is none. Publishing again keeps the first publication time. */
export async function updateAnnouncement(db: Db, caller: StaffCaller, id: string, input: AnnouncementInput, now: number): Promise<boolean> {
  const set: Partial<typeof announcements.$inferInsert> = { updatedAt: now };
  if (input.title !== undefined) set.title = input.title;
  if (input.body !== undefined) set.body = input.body;
  if (input.endsAt !== undefined) set.endsAt = input.endsAt;
  const published = input.published === undefined ? {} : { publishedAt: input.published ? sql`coalesce(${announcements.publishedAt}, ${now})` : null };
  const [updated] = await db.batch([
    db
      .update(announcements)
      .set({ ...set, ...published })
      .where(and(eq(announcements.firmId, caller.firmId), eq(announcements.id, id)))
      .returning({ id: announcements.id }),
    recordActivityIfChanged(db, {
      firmId: caller.firmId,
      subjectId: caller.firmId,
      caller,
      action: input.published === true ? 'firm.announcement_published' : input.published === false ? 'firm.announcement_unpublished' : 'firm.announcement_changed',
      data: { id, fields: Object.keys(input) },
      at: now,
    }),
  ]);
  return updated.length === 1;
}

export async function deleteAnnouncement(db: Db, caller: StaffCaller, id: string, now: number): Promise<boolean> {
  const mine = and(eq(announcementDismissals.firmId, caller.firmId), eq(announcementDismissals.announcementId, id));
  const [, deleted] = await db.batch([
    db.delete(announcementDismissals).where(mine),
    db.delete(announcements).where(and(eq(announcements.firmId, caller.firmId), eq(announcements.id, id))).returning({ id: announcements.id }),
    recordActivityIfChanged(db, { firmId: caller.firmId, subjectId: caller.firmId, caller, action: 'firm.announcement_deleted', data: { id }, at: now }),
  ]);
  return deleted.length === 1;
}

/** Published, not ended, and the firm shows announcements: what the portal shows. */
const live = (firmId: string, now: number) =>
  and(
    eq(announcements.firmId, firmId),
    isNotNull(announcements.publishedAt),
    lte(announcements.publishedAt, now),
    or(isNull(announcements.endsAt), gt(announcements.endsAt, now)),
    sql`exists (select 1 from ${firms} where ${firms.id} = ${firmId} and ${firms.announcementsEnabled} = 1)`,
  )!;

/**
 * The announcements a contact sees now, newest first, each saying whether
 * they dismissed it (the portal home lists them all; the sign-in notice shows
 * the undismissed ones).
 */
export async function portalAnnouncements(db: Db, caller: ContactCaller, now: number, query: { limit: number; after?: CursorKey | undefined }) {
  const conditions = [live(caller.firmId, now)];
  if (query.after) {
    const [publishedAt, id] = query.after as [number, string];
    conditions.push(or(lt(announcements.publishedAt, publishedAt), and(eq(announcements.publishedAt, publishedAt), lt(announcements.id, id)))!);
  }
  const rows = await db
    .select({ id: announcements.id, title: announcements.title, body: announcements.body, publishedAt: announcements.publishedAt, dismissedAt: announcementDismissals.at })
    .from(announcements)
    .leftJoin(
      announcementDismissals,
      and(eq(announcementDismissals.announcementId, announcements.id), eq(announcementDismissals.firmId, caller.firmId), eq(announcementDismissals.contactId, caller.contactId)),
    )
    .where(and(...conditions))
    .orderBy(desc(announcements.publishedAt), desc(announcements.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit, (r) => [r.publishedAt, r.id], (r) => ({
    id: r.id,
    title: r.title,
    body: r.body,
    publishedAt: r.publishedAt!,
    dismissed: r.dismissedAt !== null,
  }));
}

/** Dismisses a live announcement for the contact (again: no change); answers false when they cannot see it. */
export async function dismissAnnouncement(db: Db, caller: ContactCaller, id: string, now: number): Promise<boolean> {
  const [shown] = await db.select({ id: announcements.id }).from(announcements).where(and(live(caller.firmId, now), eq(announcements.id, id)));
  if (!shown) return false;
  await db.insert(announcementDismissals).values({ firmId: caller.firmId, announcementId: id, contactId: caller.contactId, at: now }).onConflictDoNothing();
  return true;
}

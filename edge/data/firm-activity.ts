import { and, desc, eq, getTableColumns, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { activity, firms } from '../../db/schema.ts';
import { actorNames, recordActivity, type Actor } from './activity.ts';
import { pageOf } from './paging.ts';
import type { StaffCaller } from '../domain/caller.ts';

/** The order entries were written in: breaks ties between entries of the same instant. */
const writeOrder = sql<number>`${activity}.rowid`;

/** What an entry's `data` holds: flat values. */
export type FirmActivityData = Record<string, string | number | boolean | null | string[]>;

/** One entry of the firm's own activity (settings, team, API keys, announcements): an activity row whose subject is the firm. */
export function recordFirmActivity(db: Db, entry: { firmId: string; caller: Actor; action: string; data?: Record<string, unknown> | null; at: number }) {
  return recordActivity(db, { ...entry, subjectId: entry.firmId });
}

/**
 * One page of the firm's activity, newest first, after the cursor `(at, rowid)`,
 * optionally of one action (`firm.logo_changed`), each entry naming its actor.
 * Served by the index `activity_firm_subject` (firm, subject = the firm, at).
 */
export async function listFirmActivity(db: Db, firmId: string, page: { limit: number; after?: readonly [number, number] | undefined; action?: string | undefined }) {
  const rows = await db
    .select({ ...getTableColumns(activity), seq: writeOrder })
    .from(activity)
    .where(
      and(
        eq(activity.firmId, firmId),
        eq(activity.subjectId, firmId),
        page.action ? eq(activity.action, page.action) : undefined,
        page.after ? or(lt(activity.at, page.after[0]), and(eq(activity.at, page.after[0]), lt(writeOrder, page.after[1]))) : undefined,
      ),
    )
    .orderBy(desc(activity.at), desc(writeOrder))
    .limit(page.limit + 1);
  const names = await actorNames(db, firmId, rows.slice(0, page.limit));
  return pageOf(
    rows,
    page.limit,
    (r) => [r.at, r.seq],
    (r) => ({
      id: r.id,
      action: r.action,
      actor: { type: r.actorType, id: r.actorId, name: r.actorId ? (names.get(`${r.actorType}:${r.actorId}`) ?? null) : null },
      data: r.data as FirmActivityData | null,
      at: r.at,
    }),
  );
}

export type FirmImage = 'logo' | 'icon';

const imageColumns = {
  logo: { key: firms.logoKey, type: firms.logoType, keyField: 'logoKey', typeField: 'logoType' },
  icon: { key: firms.iconKey, type: firms.iconType, keyField: 'iconKey', typeField: 'iconType' },
} as const;

/** The firm's uploaded logo or icon: its blob key and type, or null when none. */
export async function firmImageOf(db: Db, firmId: string, which: FirmImage): Promise<{ key: string; type: string } | null> {
  const col = imageColumns[which];
  const [row] = await db.select({ key: col.key, type: col.type }).from(firms).where(eq(firms.id, firmId));
  return row?.key && row.type ? { key: row.key, type: row.type } : null;
}

/**
 * Sets (or with null clears) the firm's logo or icon and records
 * `firm.logo_changed` / `firm.icon_changed { removed? }`, in one batch.
 * Answers the key it replaced, for the caller to remove from the blob store.
 */
export async function setFirmImage(db: Db, caller: StaffCaller, which: FirmImage, image: { key: string; type: string } | null, now: number): Promise<string | null> {
  const col = imageColumns[which];
  const before = await firmImageOf(db, caller.firmId, which);
  if (!image && !before) return null;
  await db.batch([
    db
      .update(firms)
      .set({ [col.keyField]: image?.key ?? null, [col.typeField]: image?.type ?? null })
      .where(eq(firms.id, caller.firmId)),
    recordFirmActivity(db, { firmId: caller.firmId, caller, action: `firm.${which}_changed`, data: image ? { type: image.type } : { removed: true }, at: now }),
  ]);
  return before?.key ?? null;
}

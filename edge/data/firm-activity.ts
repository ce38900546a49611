import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { firms } from '../../db/schema.ts';
import { activityPage, recordActivity, type Actor } from './activity.ts';
import type { StaffCaller } from '../domain/caller.ts';


/** One entry of the firm's own activity (settings, team, API keys, announcements): an activity row whose subject is the firm. */
export function recordFirmActivity(db: Db, entry: { firmId: string; caller: Actor; action: string; data?: Record<string, unknown> | null; at: number }) {
  return recordActivity(db, { ...entry, subjectId: entry.firmId });
}

/**
 * One page of the firm's activity, newest first, optionally of one action
 * (`firm.logo_changed`), each entry naming its actor.
 */
export function listFirmActivity(db: Db, firmId: string, page: { limit: number; after?: readonly [number, number] | undefined; action?: string | undefined }) {
  return activityPage(db, firmId, firmId, page, (action) => action);
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

import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { firms, members, workStatuses } from '../../db/schema.ts';
import { defaultWorkStatusRows } from '../../db/seed.ts';
import { slugCandidate, slugFromName } from '../domain/slugs.ts';
import { slugTakenByOther } from './firms.ts';

export interface NewFirm {
  name: string;
  ownerEmail: string;
  ownerName: string;
  /** The address asked for; left out, one is made from the name (numbered when taken). */
  slug?: string | undefined;
  timezone?: string | undefined;
  locale?: 'en' | 'et' | undefined;
}

const MAX_TRIES = 20;

/**
 * Makes a firm with its owner and the default work statuses, its portal off
 * until the owner opens it. An address asked for and taken answers
 * 'slug_taken'; one made from the name takes the next free number. The
 * unique index on the slug decides a race (the insert is retried with the
 * next number).
 */
export async function createFirm(db: Db, input: NewFirm, now: number): Promise<{ firmId: string; slug: string; ownerId: string } | 'slug_taken'> {
  const base = input.slug ?? slugFromName(input.name);
  for (let n = 1; n <= MAX_TRIES; n++) {
    const slug = input.slug ? input.slug : slugCandidate(base, n);
    const firmId = newId('frm');
    const ownerId = newId('mem');
    if (await slugTakenByOther(db, firmId, slug)) {
      if (input.slug) return 'slug_taken';
      continue;
    }
    try {
      await db.batch([
        db.insert(firms).values({ id: firmId, slug, name: input.name, timezone: input.timezone ?? 'UTC', locale: input.locale ?? 'en', portalActive: false, createdAt: now }),
        db.insert(members).values({ id: ownerId, firmId, email: input.ownerEmail, name: input.ownerName, role: 'owner', createdAt: now }),
        db.insert(workStatuses).values(defaultWorkStatusRows(firmId, now)),
      ]);
      return { firmId, slug, ownerId };
    } catch (error) {
      if (!/UNIQUE constraint failed: firms\.slug/.test(String((error as { cause?: unknown }).cause ?? error))) throw error;
      if (input.slug) return 'slug_taken';
    }
  }
  return 'slug_taken';
}

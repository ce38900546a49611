import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rateLimits } from '../../db/schema.ts';

/**
 * Counts one hit on `key` in a fixed window kept in the database (so every
 * instance shares it). Answers the seconds to wait when over `limit`, else 0.
 */
export async function hitRateLimit(db: Db, key: string, limit: number, windowMs: number, now: number): Promise<number> {
  const windowStart = now - (now % windowMs);
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.windowStart} = ${windowStart} then ${rateLimits.count} + 1 else 1 end`,
        windowStart,
      },
    })
    .returning({ count: rateLimits.count });
  if (!row || row.count <= limit) return 0;
  return Math.ceil((windowStart + windowMs - now) / 1000);
}

/** The key prefix of `countStickyMiss` counters, which the hourly purge keeps while they lock. */
export const STICKY_MISS_PREFIX = 'miss:';

/**
 * Counts one miss on `key` the way a person's wrong sign-in codes count: the
 * window starts at the first miss (not on a clock boundary), and once past
 * `limit` the count stays locked, as nothing but the person's own link unlocks
 * theirs. Answers whether it is past the limit now.
 */
export async function countStickyMiss(db: Db, key: string, limit: number, windowMs: number, now: number): Promise<boolean> {
  // SQLite reads the old row in every SET expression, so both cases test the count before this miss.
  const keep = sql`(${rateLimits.count} > ${limit} or ${rateLimits.windowStart} > ${now - windowMs})`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key: STICKY_MISS_PREFIX + key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${keep} then ${rateLimits.count} + 1 else 1 end`,
        windowStart: sql`case when ${keep} then ${rateLimits.windowStart} else ${now} end`,
      },
    })
    .returning({ count: rateLimits.count });
  return (row?.count ?? 0) > limit;
}

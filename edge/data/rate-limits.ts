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

import { and, inArray, isNotNull, lt, notLike, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { emails, identityTokenUses, jobs, rateLimits, sessions, signInTokens } from '../../db/schema.ts';
import * as v from 'valibot';
import { defineJob } from './kind.ts';
import { insertJob } from './queue.ts';
import { purgeExpiredUploads } from '../data/resumable-uploads.ts';
import { STICKY_MISS_PREFIX } from '../data/rate-limits.ts';

export const PURGE_JOB = 'maintenance.purge';
const HOUR = 3_600_000;
/** Expired secrets stay a week, long enough to explain a "link expired" complaint. */
const KEEP_EXPIRED_MS = 7 * 24 * HOUR;
/** Settled jobs and sent mail stay 30 days, for "did the email go out?" questions. */
const KEEP_SETTLED_MS = 30 * 24 * HOUR;

/**
 * Enqueues the purge for the next full hour. The hour is in the key, so any
 * number of instances doing this at once still make one job.
 */
export function schedulePurge(db: Db, now: number) {
  const runAt = (Math.floor(now / HOUR) + 1) * HOUR;
  return insertJob(db, { kind: PURGE_JOB, key: `${PURGE_JOB}:${runAt}`, runAt, payload: {} }, now);
}

/**
 * Deletes spent rate-limit windows, long-expired sign-in links and sessions,
 * spent identity tokens past expiry, month-old settled jobs and settled mail, and expired resumable uploads with
 * their stored parts (abandoned a day after their last byte), then books the next run.
 */
export const purgeJob = defineJob({
  payload: v.object({}),
  async run(_payload, _job, { db, clock, blobs }) {
    const now = clock.now();
    // Parts first: a row is removed only once its parts are, so an upload the store refuses now is tried again next hour, and the others go on.
    await purgeExpiredUploads(db, blobs, now, (uploadId, error) => console.error(`purge: upload ${uploadId} kept for the next run: ${error instanceof Error ? error.message : String(error)}`));
    const before = now - KEEP_EXPIRED_MS;
    await db.batch([
      // A sticky miss counter (an unknown address's wrong codes) is kept as a person's lock is, for a month.
      db.delete(rateLimits).where(and(lt(rateLimits.windowStart, now - HOUR), or(notLike(rateLimits.key, `${STICKY_MISS_PREFIX}%`), lt(rateLimits.windowStart, now - KEEP_SETTLED_MS)))),
      db.delete(signInTokens).where(lt(signInTokens.expiresAt, before)),
      db.delete(sessions).where(or(lt(sessions.expiresAt, before), and(isNotNull(sessions.revokedAt), lt(sessions.revokedAt, before)))),
      // A spent identity token past its expiry could not be replayed anyway.
      db.delete(identityTokenUses).where(lt(identityTokenUses.expiresAt, now)),
      db.delete(emails).where(and(inArray(emails.state, ['sent', 'failed', 'undeliverable']), lt(emails.createdAt, now - KEEP_SETTLED_MS))),
      schedulePurge(db, now),
    ]);
    await purgeSettledJobs(db, now - KEEP_SETTLED_MS);
  },
});

/** Settled jobs per delete: a short write, so claims and enqueues on other connections never wait long. */
export const PURGE_BATCH = 1_000;
/** Batches per run: a backlog larger than this goes in the following hours. */
const PURGE_MAX_BATCHES = 100;

/**
 * Deletes jobs settled (done, cancelled, failed) before `before`, in bounded
 * batches found through the index on (status, updated_at); answers how many.
 */
export async function purgeSettledJobs(db: Db, before: number, batch = PURGE_BATCH): Promise<number> {
  let purged = 0;
  for (let round = 0; round < PURGE_MAX_BATCHES; round++) {
    const oldest = db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(inArray(jobs.status, ['done', 'failed', 'cancelled']), lt(jobs.updatedAt, before)))
      .limit(batch);
    const { rowsAffected } = await db.delete(jobs).where(inArray(jobs.id, oldest));
    purged += rowsAffected;
    if (rowsAffected < batch) break;
  }
  return purged;
}

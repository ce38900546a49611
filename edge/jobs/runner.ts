import type { Db } from '../../db/client.ts';
import type { Clock } from '../ports/clock.ts';
import { claimDueJobs, failJob, finishJob, type Job } from './queue.ts';

export type JobHandler = (job: Job) => Promise<void>;

/** A handler throws this when trying again cannot help. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export interface RunnerOptions {
  db: Db;
  clock: Clock;
  handlers: Record<string, JobHandler>;
  maxAttempts?: number;
  leaseMs?: number;
  log?: (message: string) => void;
}

/** Backoff between attempts: 30 s, 2 min, 8 min, … capped at 1 h. */
const retryDelayMs = (attempts: number) => Math.min(30_000 * 4 ** (attempts - 1), 3_600_000);

/**
 * Runs every due job once. Each job is claimed just before it runs, under its
 * own lease (longer than any handler's slowest call, so no other runner takes
 * it meanwhile), and finished only if this runner still holds it. Handlers
 * re-read current state before acting, so a late, repeated or cancelled
 * wake-up does no harm. Jobs a handler enqueues for now (an email after a
 * notice) run in the same tick. Answers how many ran.
 */
export async function runDueJobs(options: RunnerOptions, maxJobs = 200): Promise<number> {
  const { db, clock, handlers, maxAttempts = 5, leaseMs = 120_000, log = console.error } = options;
  let ran = 0;
  while (ran < maxJobs) {
    const [job] = await claimDueJobs(db, clock.now(), 1, leaseMs);
    if (!job) break;
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new PermanentJobError(`No handler for job kind "${job.kind}"`);
      await handler(job);
      await finishJob(db, job, clock.now());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const permanent = error instanceof PermanentJobError || job.attempts >= maxAttempts;
      log(`job ${job.id} (${job.kind}) attempt ${job.attempts} failed: ${message}`);
      await failJob(db, job, message, permanent ? null : clock.now() + retryDelayMs(job.attempts), clock.now());
    }
    ran++;
  }
  return ran;
}

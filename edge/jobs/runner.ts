import * as v from 'valibot';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../ports/clock.ts';
import { isPermanent, PermanentJobError, type JobDeps, type JobKind } from './kind.ts';
import { claimDueJobs, failJob, finishJob, releaseJobs, type Job } from './queue.ts';

export interface RunnerOptions {
  db: Db;
  clock: Clock;
  /** Every kind the runner knows, by name (`jobKinds` in production). */
  kinds: Readonly<Record<string, JobKind>>;
  /** Handed to every handler. */
  deps: JobDeps;
  maxAttempts?: number;
  leaseMs?: number;
  /**
   * Jobs claimed per statement, under one lease (default 1). A job not begun
   * by half the lease goes back to pending, so no claim outlives its lease
   * while it waits behind slow ones.
   */
  claimBatch?: number;
  log?: (message: string) => void;
}

/** Backoff between attempts: 30 s, 2 min, 8 min, … capped at 1 h. */
const retryDelayMs = (attempts: number) => Math.min(30_000 * 4 ** (attempts - 1), 3_600_000);

/** The payload as its kind declares it; a malformed one can never run, so it fails for good, naming each bad field. */
function payloadOf(kind: JobKind, job: Job): unknown {
  const parsed = v.safeParse(kind.payload, job.payload);
  if (parsed.success) return parsed.output;
  const issues = parsed.issues.map((issue) => `${v.getDotPath(issue) ?? '(payload)'}: ${issue.message}`).join('; ');
  throw new PermanentJobError(`Malformed payload for job kind "${job.kind}": ${issues}`);
}

/**
 * Runs every due job once. Jobs are claimed just before they run (one at a
 * time, or `claimBatch` at once), each under its own lease (longer than any
 * handler's slowest call, so no other runner takes it meanwhile), and
 * finished only if this runner still holds it. Handlers
 * re-read current state before acting, so a late, repeated or cancelled
 * wake-up does no harm. Jobs a handler enqueues for now (an email after a
 * notice) run in the same tick. Answers how many ran.
 */
export async function runDueJobs(options: RunnerOptions, maxJobs = 200): Promise<number> {
  const { db, clock, maxAttempts = 5, leaseMs = 120_000, claimBatch = 1, log = console.error } = options;
  let ran = 0;
  while (ran < maxJobs) {
    const claimedAt = clock.now();
    const claimed = await claimDueJobs(db, claimedAt, Math.min(claimBatch, maxJobs - ran), leaseMs);
    if (claimed.length === 0) break;
    for (const [i, job] of claimed.entries()) {
      if (i > 0 && clock.now() - claimedAt > leaseMs / 2) {
        await releaseJobs(db, claimed.slice(i), clock.now());
        break;
      }
      await runOne(options, job, maxAttempts, log);
      ran++;
    }
  }
  return ran;
}

async function runOne({ db, clock, kinds, deps }: RunnerOptions, job: Job, maxAttempts: number, log: (message: string) => void) {
  try {
    const kind = Object.hasOwn(kinds, job.kind) ? kinds[job.kind] : undefined;
    if (!kind) throw new PermanentJobError(`No handler for job kind "${job.kind}"`);
    await kind.run(payloadOf(kind, job), job, deps);
    await finishJob(db, job, clock.now());
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const permanent = isPermanent(error) || job.attempts >= maxAttempts;
    log(`job ${job.id} (${job.kind}) attempt ${job.attempts} failed: ${message}`);
    await failJob(db, job, message, permanent ? null : clock.now() + retryDelayMs(job.attempts), clock.now());
  }
}

import * as v from 'valibot';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../ports/clock.ts';
import { isPermanent, PermanentJobError, type JobDeps, type JobKind } from './kind.ts';
import { claimDueJobs, failJob, finishJobs, releaseJobs, type Job } from './queue.ts';

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
   * Jobs claimed per statement, under one lease (default CLAIM_BATCH). A job
   * not begun by half the lease goes back to pending, so no claim outlives
   * its lease while it waits behind slow ones.
   */
  claimBatch?: number;
  log?: (message: string) => void;
}

/**
 * Jobs claimed at once by default. Each claim and each settling is a commit;
 * claiming and finishing a hundred jobs in one statement each leaves the
 * handlers' own writes as nearly the whole cost (bench/jobs.ts), and lets the
 * outbox hand a hundred due emails to the mailer in one call.
 */
export const CLAIM_BATCH = 100;

/** Backoff between attempts: 30 s, 2 min, 8 min, … capped at 1 h. */
const retryDelayMs = (attempts: number) => Math.min(30_000 * 4 ** (attempts - 1), 3_600_000);

/** The payload as its kind declares it; a malformed one can never run, so it fails for good, naming each bad field. */
function payloadOf(kind: JobKind, job: Job): unknown {
  const parsed = v.safeParse(kind.payload, job.payload);
  if (parsed.success) return parsed.output;
  const issues = parsed.issues.map((issue) => `${v.getDotPath(issue) ?? '(payload)'}: ${issue.message}`).join('; ');
  throw new PermanentJobError(`Malformed payload for job kind "${job.kind}": ${issues}`);
}

const kindOf = (kinds: RunnerOptions['kinds'], job: Job) => (Object.hasOwn(kinds, job.kind) ? kinds[job.kind] : undefined);

/**
 * The claimed jobs in the order they run: the jobs of a kind that runs in
 * batches together (at the place of the first of them), every other job alone.
 */
function groupsOf(claimed: readonly Job[], kinds: RunnerOptions['kinds']): Job[][] {
  const groups: Job[][] = [];
  const batches = new Map<string, Job[]>();
  for (const job of claimed) {
    if (!kindOf(kinds, job)?.runBatch) {
      groups.push([job]);
      continue;
    }
    const batch = batches.get(job.kind);
    if (batch) batch.push(job);
    else {
      const started = [job];
      batches.set(job.kind, started);
      groups.push(started);
    }
  }
  return groups;
}

/**
 * Runs every due job once. Jobs are claimed just before they run,
 * `claimBatch` at a time in one statement, each under its own lease (longer
 * than any handler's slowest call, so no other runner takes it meanwhile);
 * those that ran well are finished together in one statement, and only while
 * this runner still holds them. Handlers re-read current state before acting,
 * so a late, repeated or cancelled wake-up does no harm. Jobs a handler
 * enqueues for now (an email after a notice) run in the same tick. Answers
 * how many ran.
 */
export async function runDueJobs(options: RunnerOptions, maxJobs = 200): Promise<number> {
  const { db, clock, kinds, leaseMs = 120_000, claimBatch = CLAIM_BATCH } = options;
  let ran = 0;
  while (ran < maxJobs) {
    const claimedAt = clock.now();
    const claimed = await claimDueJobs(db, claimedAt, Math.min(claimBatch, maxJobs - ran), leaseMs);
    if (claimed.length === 0) break;
    const groups = groupsOf(claimed, kinds);
    const done: Job[] = [];
    for (const [g, group] of groups.entries()) {
      if (g > 0 && clock.now() - claimedAt > leaseMs / 2) {
        await releaseJobs(db, groups.slice(g).flat(), clock.now());
        break;
      }
      const outcomes = await runGroup(options, group);
      for (const [i, job] of group.entries()) {
        const error = outcomes[i];
        if (error === null) done.push(job);
        else await settleFailure(options, job, error);
      }
      ran += group.length;
    }
    await finishJobs(db, done, clock.now());
  }
  return ran;
}

/** Runs one job, or a batch of one kind; answers per job null (done) or what it failed with. */
async function runGroup({ kinds, deps }: RunnerOptions, group: readonly Job[]): Promise<unknown[]> {
  const kind = kindOf(kinds, group[0]!);
  if (!kind) return group.map((job) => new PermanentJobError(`No handler for job kind "${job.kind}"`));
  const outcomes: unknown[] = group.map(() => null);
  const runnable: { at: number; payload: unknown; job: Job }[] = [];
  for (const [at, job] of group.entries()) {
    try {
      runnable.push({ at, payload: payloadOf(kind, job), job });
    } catch (error) {
      outcomes[at] = error;
    }
  }
  try {
    if (kind.runBatch && runnable.length > 1) {
      const answers = await kind.runBatch(runnable, deps);
      // A job the handler gave no answer for did not necessarily succeed: it is tried again.
      for (const [n, { at }] of runnable.entries()) {
        const answer = answers[n];
        outcomes[at] = answer === undefined ? new Error('Result unknown: the batch gave no answer for this job') : answer;
      }
    } else {
      // A group of one (every kind but a batch one runs alone).
      for (const { payload, job } of runnable) await kind.run(payload, job, deps);
    }
  } catch (error) {
    for (const { at } of runnable) outcomes[at] = error;
  }
  return outcomes;
}

async function settleFailure({ db, clock, maxAttempts = 5, log = console.error }: RunnerOptions, job: Job, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  const permanent = isPermanent(error) || job.attempts >= maxAttempts;
  log(`job ${job.id} (${job.kind}) attempt ${job.attempts} failed: ${message}`);
  await failJob(db, job, message, permanent ? null : clock.now() + retryDelayMs(job.attempts), clock.now());
}

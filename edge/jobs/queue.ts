import { and, asc, desc, eq, gt, inArray, isNotNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { emails, jobs } from '../../db/schema.ts';
import { newId } from '../../db/ids.ts';
import { EMAIL_JOB, requeueFailedEmailOfJob } from '../data/emails.ts';

export type Job = typeof jobs.$inferSelect;

export interface NewJob {
  kind: string;
  /** Idempotency key: a second enqueue with the same key keeps the first job. */
  key: string;
  runAt: number;
  payload: Record<string, unknown>;
  firmId?: string | null;
  /** The record the job is about (a task, a contact): its pending jobs are cancelled with it. */
  subjectId?: string | null;
}

const jobRow = (job: NewJob, now: number) => ({
  id: newId('job'),
  firmId: job.firmId ?? null,
  subjectId: job.subjectId ?? null,
  kind: job.kind,
  uniqueKey: job.key,
  runAt: job.runAt,
  payload: job.payload,
  createdAt: now,
  updatedAt: now,
});

/** The insert for a job, for callers that batch it with their own writes. */
export function insertJob(db: Db, job: NewJob, now: number) {
  return db.insert(jobs).values(jobRow(job, now)).onConflictDoNothing({ target: jobs.uniqueKey }).returning({ id: jobs.id, runAt: jobs.runAt });
}

/**
 * The insert for a job that replaces its key's job while that one is still
 * pending (new time and payload); a job that ran already is kept as it is.
 */
export function replacePendingJob(db: Db, job: NewJob, now: number) {
  return db
    .insert(jobs)
    .values(jobRow(job, now))
    .onConflictDoUpdate({ target: jobs.uniqueKey, set: { runAt: job.runAt, payload: job.payload, updatedAt: now }, setWhere: eq(jobs.status, 'pending') })
    .returning({ id: jobs.id, runAt: jobs.runAt });
}

/** Jobs per multi-row insert: well under SQLite's limit of bound parameters per statement. */
const JOBS_PER_INSERT = 400;

/** The inserts for many jobs at once (bulk creation), a few multi-row statements; a key already taken keeps its job. */
export function insertJobs(db: Db, list: readonly NewJob[], now: number) {
  const inserts = [];
  for (let i = 0; i < list.length; i += JOBS_PER_INSERT) {
    inserts.push(db.insert(jobs).values(list.slice(i, i + JOBS_PER_INSERT).map((job) => jobRow(job, now))).onConflictDoNothing({ target: jobs.uniqueKey }));
  }
  return inserts;
}

/**
 * Claims up to `limit` due jobs under a lease: pending ones whose time has
 * come, and running ones whose lease ran out (their runner died).
 */
export async function claimDueJobs(db: Db, now: number, limit: number, leaseMs: number): Promise<Job[]> {
  const due = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      or(
        and(eq(jobs.status, 'pending'), lte(jobs.runAt, now)),
        and(eq(jobs.status, 'running'), lt(jobs.leaseUntil, now)),
      ),
    )
    .orderBy(asc(jobs.runAt))
    .limit(limit);
  const claimed = await db
    .update(jobs)
    .set({ status: 'running', leaseUntil: now + leaseMs, attempts: sql`${jobs.attempts} + 1`, updatedAt: now })
    .where(inArray(jobs.id, due))
    .returning();
  // RETURNING follows no order: the oldest due first, as claimed.
  return claimed.sort((a, b) => a.runAt - b.runAt);
}

/** Only the runner still holding the claim (same attempt, still running) may settle a job. */
const stillHeldBy = (job: Job) => and(eq(jobs.id, job.id), eq(jobs.status, 'running'), eq(jobs.attempts, job.attempts));

/** The same for many jobs at once: `(id, attempts) in (values …)`, answered by the primary key. */
const allStillHeldBy = (list: readonly Job[]) =>
  sql`${jobs.status} = 'running' and (${jobs.id}, ${jobs.attempts}) in (values ${sql.join(
    list.map((job) => sql`(${job.id}, ${job.attempts})`),
    sql`, `,
  )})`;

/** Jobs per settling statement: two bound parameters each, well under SQLite's limit. */
const JOBS_PER_SETTLE = 400;

async function eachChunk(list: readonly Job[], write: (chunk: readonly Job[]) => Promise<unknown>) {
  for (let i = 0; i < list.length; i += JOBS_PER_SETTLE) await write(list.slice(i, i + JOBS_PER_SETTLE));
}

export async function finishJob(db: Db, job: Job, now: number): Promise<void> {
  await finishJobs(db, [job], now);
}

/** Marks jobs done in one statement (a claimed batch), only those this runner still holds. */
export async function finishJobs(db: Db, list: readonly Job[], now: number): Promise<void> {
  await eachChunk(list, (chunk) => db.update(jobs).set({ status: 'done', leaseUntil: null, updatedAt: now }).where(allStillHeldBy(chunk)));
}

export async function failJob(db: Db, job: Job, error: string, retryAt: number | null, now: number): Promise<void> {
  await db
    .update(jobs)
    .set(
      retryAt === null
        ? { status: 'failed', leaseUntil: null, lastError: error, updatedAt: now }
        : { status: 'pending', leaseUntil: null, lastError: error, runAt: retryAt, updatedAt: now },
    )
    .where(stillHeldBy(job));
}

/** Hands claimed jobs that never began back, as if unclaimed (their attempt not counted); only while this runner still holds them. */
export async function releaseJobs(db: Db, list: readonly Job[], now: number): Promise<void> {
  await eachChunk(list, (chunk) => db.update(jobs).set({ status: 'pending', leaseUntil: null, attempts: sql`${jobs.attempts} - 1`, updatedAt: now }).where(allStillHeldBy(chunk)));
}

/** When the next pending job is due, or null when nothing waits. */
export async function nextRunAt(db: Db): Promise<number | null> {
  const [row] = await db
    .select({ runAt: sql<number | null>`min(${jobs.runAt})` })
    .from(jobs)
    .where(eq(jobs.status, 'pending'));
  return row?.runAt ?? null;
}

/**
 * Cancels the pending jobs about a record (a withdrawn task) that were
 * enqueued before `before`, so jobs the withdrawal itself enqueues (its own
 * notice) survive; answers their ids for the scheduler's best-effort cancel.
 * The state is what counts: a cancelled job is never claimed.
 */
export async function cancelPendingJobs(db: Db, firmId: string, subjectId: string, before: number): Promise<string[]> {
  const rows = await db
    .update(jobs)
    .set({ status: 'cancelled', updatedAt: before })
    // An email already in the outbox goes out: its row and its job settle together, and cancelling the
    // job alone would leave the row "queued" in the firm's lists for good. The handlers that queue emails
    // re-read the task first, so nothing new is queued about a withdrawn one.
    .where(and(eq(jobs.firmId, firmId), eq(jobs.subjectId, subjectId), eq(jobs.status, 'pending'), lt(jobs.createdAt, before), ne(jobs.kind, EMAIL_JOB)))
    .returning({ id: jobs.id });
  return rows.map((row) => row.id);
}

/** Remembers the wake-up message of a job (QStash), for a later cancel. */
export async function setWakeMessageId(db: Db, jobId: string, messageId: string): Promise<void> {
  await db.update(jobs).set({ wakeMessageId: messageId }).where(eq(jobs.id, jobId));
}

/** The wake-up messages of these jobs, where one was published. */
export async function wakeMessagesOf(db: Db, jobIds: readonly string[]): Promise<string[]> {
  if (jobIds.length === 0) return [];
  const rows = await db
    .select({ messageId: jobs.wakeMessageId })
    .from(jobs)
    .where(and(inArray(jobs.id, [...jobIds]), isNotNull(jobs.wakeMessageId)));
  return rows.map((row) => row.messageId!);
}

/**
 * Puts a failed job of this firm back to pending, due now, with fresh
 * attempts; a send job's outbox email that failed for good goes back to
 * queued with it, in the same batch (else the job would find nothing to
 * send). False when there is no such failed job.
 */
export async function retryFailedJob(db: Db, firmId: string, jobId: string, now: number): Promise<boolean> {
  const [, rows] = await db.batch([
    requeueFailedEmailOfJob(db, firmId, jobId),
    db
      .update(jobs)
      .set({ status: 'pending', attempts: 0, runAt: now, leaseUntil: null, updatedAt: now })
      .where(and(eq(jobs.id, jobId), eq(jobs.firmId, firmId), eq(jobs.status, 'failed')))
      .returning({ id: jobs.id }),
  ]);
  return rows.length > 0;
}

/** How a job stands for staff: failed for good, waiting for its first run, or waiting to be tried again. */
export type DeliveryState = 'failed' | 'pending' | 'retrying';

/**
 * The states as `status IN (…)` (so the (firm, status, updated_at) index
 * serves them) and, when only one of pending/retrying is asked, the attempts
 * that tell them apart.
 */
function stateWhere(states: readonly DeliveryState[]) {
  const statuses = [...new Set(states.map((state) => (state === 'failed' ? 'failed' : 'pending') as Job['status']))];
  const waiting = states.includes('pending') === states.includes('retrying') ? undefined : states.includes('pending') ? eq(jobs.attempts, 0) : gt(jobs.attempts, 0);
  return and(inArray(jobs.status, statuses), waiting && (states.includes('failed') ? or(eq(jobs.status, 'failed'), waiting) : waiting));
}

/**
 * A firm's failed and waiting jobs, newest change first (the Delivery view),
 * read through the index on (firm, status, updated_at); a send job with its
 * outbox email's address, subject and kind. `after` is the
 * (updated_at, id) of the last row of the page before.
 */
export async function listFirmJobs(db: Db, firmId: string, filter: { states: readonly DeliveryState[]; limit: number; after?: [number, string] | undefined }) {
  const after = filter.after;
  return db
    .select({
      id: jobs.id,
      kind: jobs.kind,
      subjectId: jobs.subjectId,
      status: jobs.status,
      attempts: jobs.attempts,
      lastError: jobs.lastError,
      runAt: jobs.runAt,
      updatedAt: jobs.updatedAt,
      emailTo: emails.to,
      emailSubject: emails.subject,
      emailKind: emails.kind,
    })
    .from(jobs)
    // A send job's email, by its unique key (the outbox's unique index), within the same firm.
    .leftJoin(emails, and(eq(jobs.kind, EMAIL_JOB), eq(emails.jobKey, jobs.uniqueKey), eq(emails.firmId, jobs.firmId)))
    .where(
      and(
        eq(jobs.firmId, firmId),
        stateWhere(filter.states),
        after ? or(lt(jobs.updatedAt, after[0]), and(eq(jobs.updatedAt, after[0]), lt(jobs.id, after[1]))) : undefined,
      ),
    )
    .orderBy(desc(jobs.updatedAt), desc(jobs.id))
    .limit(filter.limit + 1);
}

/** The status of one of the firm's jobs, or null when the firm has no such job. */
export async function firmJobStatus(db: Db, firmId: string, jobId: string): Promise<Job['status'] | null> {
  const [row] = await db.select({ status: jobs.status }).from(jobs).where(and(eq(jobs.id, jobId), eq(jobs.firmId, firmId)));
  return row?.status ?? null;
}

import { and, eq } from 'drizzle-orm';
import * as v from 'valibot';
import type { Db } from '../../db/client.ts';
import { tasks, works } from '../../db/schema.ts';
import type { Config } from '../config.ts';
import { instantAt } from '../domain/calendar.ts';
import { nextOccurrence, nextOccurrenceFrom, type Recurrence } from '../domain/recurrence.ts';
import { todayIn } from '../../db/dates.ts';
import { asBatch, checklistOf, newTaskInserts } from '../data/firm-tasks.ts';
import { getFirm } from '../data/firms.ts';
import { isOccurrenceTaken } from '../data/series-guard.ts';
import { assignmentNoticeJobs } from './assignment-notice.ts';
import { defineJob } from './kind.ts';
import { insertJob, replacePendingJob } from './queue.ts';

export const RECURRING_TASK_JOB = 'task.next_occurrence';

/** Occurrence `occurrence` of a series, as far as scheduling its successor needs. */
interface Occurrence {
  firmId: string;
  seriesId: string;
  occurrence: number;
  recurrence: Recurrence;
  dueDate: string;
}

/** Where a series' dates are counted from: occurrence `n` falls on `date`. */
export interface SeriesAnchor {
  date: string;
  n: number;
}

/**
 * The job that creates the occurrence after `task`, at the firm's morning
 * hour on `task`'s due date (when the next one's period begins), to batch
 * with `task`'s own creation; null when the series ends with `task`. One job
 * per series and occurrence (its key): by default a second ask keeps the
 * first job; `replace` re-times a still pending one (its task was edited).
 */
export function nextOccurrenceJob(db: Db, config: Config, task: Occurrence, anchor: SeriesAnchor, timezone: string, now: number, replace = false) {
  if (nextOccurrence(task.recurrence, anchor.date, task.occurrence, anchor.n) === null) return null;
  const job = {
    kind: RECURRING_TASK_JOB,
    key: `${RECURRING_TASK_JOB}:${task.seriesId}:${task.occurrence}`,
    runAt: instantAt(task.dueDate, config.morningHour, timezone),
    payload: { seriesId: task.seriesId, occurrence: task.occurrence, first: anchor.date, firstOccurrence: anchor.n },
    firmId: task.firmId,
  };
  return replace ? replacePendingJob(db, job, now) : insertJob(db, job, now);
}

/**
 * Creates the next occurrence of a series from occurrence n as it is now
 * (n+1, or the first later one not in the past when n's successors are
 * overdue already: missed periods are skipped, not made at once): same
 * title, description, section, work and rule, the checklist copied unticked,
 * assigned (with the usual notice) when n was; n itself stays as it is, done
 * or not. A series whose occurrence n was deleted, withdrawn or made
 * one-time, or whose work is completed, stops here; one whose next occurrence exists already (a repeated run)
 * does nothing.
 */
export const recurringTaskJob = defineJob({
  payload: v.object({
    seriesId: v.string(),
    occurrence: v.pipe(v.number(), v.integer(), v.minValue(1)),
    first: v.string(),
    /** The occurrence `first` is the date of (absent in jobs queued before series could be re-based: 1). */
    firstOccurrence: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 1),
  }),
  async run({ seriesId, occurrence, first, firstOccurrence }, job, { db, clock, config }) {
    if (!job.firmId) return;
    const firmId = job.firmId;
    const inSeries = (n: number) => and(eq(tasks.firmId, firmId), eq(tasks.seriesId, seriesId), eq(tasks.occurrence, n));
    const [current] = await db.select().from(tasks).where(inSeries(occurrence));
    if (!current || current.deletedAt !== null || current.withdrawnAt !== null || !current.recurrence) return;
    if (current.workId) {
      const [work] = await db.select({ completedAt: works.completedAt }).from(works).where(and(eq(works.firmId, firmId), eq(works.id, current.workId)));
      if (!work || work.completedAt !== null) return;
    }
    const firm = await getFirm(db, firmId);
    if (!firm) return;
    const now = clock.now();
    // Missed periods are skipped: the next occurrence is the first not in the past.
    const next = nextOccurrenceFrom(current.recurrence, first, occurrence, todayIn(firm.timezone, now), firstOccurrence);
    if (!next) return;
    const [already] = await db.select({ id: tasks.id }).from(tasks).where(inSeries(next.n));
    if (already) return;

    const assign = current.assignedAt !== null;
    const checklist = (await checklistOf(db, firmId, current.id)).map((item) => ({ text: item.text, requestsFile: item.requestsFile }));
    const { inserts } = newTaskInserts(
      db,
      { firmId, actor: { kind: 'system' } },
      {
        clientId: current.clientId,
        title: current.title,
        description: current.description,
        dueDate: next.date,
        checklist,
        assign,
        autoComplete: current.autoComplete,
        workId: current.workId,
        section: current.section,
        contactId: current.contactId,
        recurrence: current.recurrence,
        seriesId,
        occurrence: next.n,
      },
      now,
    );
    const following = nextOccurrenceJob(db, config, { firmId, seriesId, occurrence: next.n, recurrence: current.recurrence, dueDate: next.date }, { date: first, n: firstOccurrence }, firm.timezone, now);
    const notices = assign ? await assignmentNoticeJobs(db, config, { firmId, clientId: current.clientId, assignedAt: now }) : { inserts: [] };
    try {
      await db.batch(asBatch([...inserts, ...(following ? [following] : []), ...notices.inserts]));
    } catch (error) {
      if (!isOccurrenceTaken(error, 'tasks')) throw error;
    }
  },
});

import { and, eq } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import * as v from 'valibot';
import type { Db } from '../../db/client.ts';
import { jobs, type Recurrence } from '../../db/schema.ts';
import type { Config } from '../config.ts';
import { getFirm } from '../data/firms.ts';
import { isOccurrenceTaken } from '../data/series-guard.ts';
import {
  assignBySendingRule,
  findTaskToSend,
  findTemplateRow,
  findWorkRow,
  seriesHasOccurrence,
  templateInstanceInserts,
  type PlannedWork,
  type TemplateInstances,
} from '../data/templates.ts';
import { instantAt } from '../domain/calendar.ts';
import { nextOccurrenceFrom } from '../domain/recurrence.ts';
import { todayIn } from '../../db/dates.ts';
import { assignmentNoticeJobs, assignmentNoticeJobsFor } from './assignment-notice.ts';
import { defineJob, PermanentJobError } from './kind.ts';
import { insertJobs, type NewJob } from './queue.ts';

/** Assigns one task of a template when its sending rule's morning comes. */
export const TEMPLATE_SEND_JOB = 'template.send';
/** Creates the next work of a repeating template. */
export const WORK_REPEAT_JOB = 'work.repeat';


/**
 * Creates the works and tasks of a template for every client in ONE batch,
 * with their assignment notices (tasks assigned now), the sending jobs
 * (offset rules) and, for a repeating template, the job that makes each
 * work's next occurrence. Answers what was created and the earliest job time
 * to wake the scheduler for (null: none).
 *
 * The next occurrence is made at the morning hour of the current one's
 * start date: "ahead of its period" by one whole period, so the client's
 * next tasks exist (and their sending rules are armed) before that period begins.
 */
export async function startTemplateWork(db: Db, config: Config, input: Omit<TemplateInstances, 'morningHour'>): Promise<{ items: PlannedWork[]; wakeAt: number | null }> {
  const built = templateInstanceInserts(db, { ...input, morningHour: config.morningHour });
  const extra: BatchItem<'sqlite'>[] = [];
  const wakeTimes: number[] = [];
  const notices = await assignmentNoticeJobsFor(db, config, { firmId: input.firmId, clientIds: built.assignedClients, assignedAt: input.now });
  extra.push(...notices.inserts);
  if (notices.inserts.length > 0) wakeTimes.push(notices.runAt);
  const firmId = input.firmId;
  const jobList: NewJob[] = built.sends.map((s) => ({ kind: TEMPLATE_SEND_JOB, key: `${TEMPLATE_SEND_JOB}:${s.taskId}`, runAt: s.runAt, payload: { taskId: s.taskId, sendAt: s.runAt }, firmId }));
  const recurrence = input.template.kind === 'work' ? (input.template.recurrence as Recurrence | null) : null;
  if (recurrence) {
    const runAt = instantAt(input.startDate, config.morningHour, input.timezone);
    for (const work of built.planned) {
      jobList.push({ kind: WORK_REPEAT_JOB, key: `${WORK_REPEAT_JOB}:${work.workId}`, runAt, payload: { workId: work.workId }, firmId });
    }
  }
  for (const job of jobList) wakeTimes.push(job.runAt);
  extra.push(...insertJobs(db, jobList, input.now));
  const [first, ...rest] = [...built.statements, ...extra];
  if (first) await db.batch([first, ...rest]);
  return { items: built.planned, wakeAt: wakeTimes.length > 0 ? wakeTimes.reduce((a, b) => Math.min(a, b)) : null };
}

/**
 * The update moving a repeating work's pending next-work job to the morning
 * of its new start date (batched with the start date edit); a job that ran
 * already is left alone. Answers the new time to wake the scheduler for.
 */
export function rescheduleWorkRepeat(db: Db, config: Config, work: { firmId: string; workId: string; startDate: string; timezone: string }, now: number) {
  const runAt = instantAt(work.startDate, config.morningHour, work.timezone);
  const update = db
    .update(jobs)
    .set({ runAt, updatedAt: now })
    .where(and(eq(jobs.firmId, work.firmId), eq(jobs.uniqueKey, `${WORK_REPEAT_JOB}:${work.workId}`), eq(jobs.status, 'pending')));
  return { update, runAt };
}

/**
 * Re-reads the task and assigns it only if it still waits for this very
 * sending time: deleted, withdrawn, already assigned, completed, its work
 * completed, or its time changed since: nothing happens.
 */
export const templateSendJob = defineJob({
  payload: v.object({ taskId: v.string(), sendAt: v.pipe(v.number(), v.integer()) }),
  async run({ taskId, sendAt }, job, { db, clock, config }) {
    if (!job.firmId) throw new PermanentJobError('A sending rule belongs to a firm');
    const found = await findTaskToSend(db, job.firmId, taskId);
    if (!found) return;
    const { task, workCompletedAt } = found;
    if (task.deletedAt !== null || task.stage !== 'draft' || task.sendAt !== sendAt || workCompletedAt !== null) return;
    const now = clock.now();
    const notices = await assignmentNoticeJobs(db, config, { firmId: job.firmId, clientId: task.clientId, assignedAt: now });
    await assignBySendingRule(db, job.firmId, taskId, sendAt, now, notices.inserts);
  },
});

/**
 * Creates the next work of a repeating series from its template as it is
 * now (the first one starting today or later: missed periods are skipped), unless the series has ended, the template was deleted or the next
 * occurrence exists already (a repeated run). The new work's own job makes
 * the one after it.
 */
export const workRepeatJob = defineJob({
  payload: v.object({ workId: v.string() }),
  async run({ workId }, job, { db, clock, config }) {
    if (!job.firmId) throw new PermanentJobError('A repeating work belongs to a firm');
    const firmId = job.firmId;
    const work = await findWorkRow(db, firmId, workId);
    if (!work?.recurrence || !work.seriesId || !work.occurrence || !work.templateId) return;
    const first = work.seriesId === work.id ? work : await findWorkRow(db, firmId, work.seriesId);
    const template = await findTemplateRow(db, firmId, work.templateId);
    const firm = await getFirm(db, firmId);
    if (!first || !template || template.kind !== 'work' || !firm) return;
    const now = clock.now();
    // One period ahead, never behind: a series started in the past resumes at the first period not yet begun.
    const next = nextOccurrenceFrom(work.recurrence, first.startDate, work.occurrence, todayIn(firm.timezone, now));
    if (!next || (await seriesHasOccurrence(db, firmId, work.seriesId, next.n))) return;
    await startTemplateWork(db, config, {
      firmId,
      timezone: firm.timezone,
      now,
      template: { ...template, recurrence: work.recurrence },
      clientIds: [work.clientId],
      startDate: next.date,
      title: work.title,
      actor: { kind: 'system' },
      series: { seriesId: work.seriesId, occurrence: next.n },
    }).catch((error: unknown) => {
      if (!isOccurrenceTaken(error, 'works')) throw error;
    });
  },
});

import type { Db } from '../../db/client.ts';
import { todayIn } from '../../db/dates.ts';
import type { Config } from '../config.ts';
import { clientsWithoutSampleTask, isUniqueViolation, sampleTaskInserts } from '../data/clients.ts';
import { asBatch, newTaskRows } from '../data/firm-tasks.ts';
import { getFirm } from '../data/firms.ts';
import { findTemplateRow } from '../data/templates.ts';
import type { StaffCaller } from '../domain/caller.ts';
import { dueDateOf } from '../domain/templates.ts';
import type { Scheduler } from '../ports/scheduler.ts';
import { assignmentNoticeJobs } from './assignment-notice.ts';

/**
 * The sample task's id for a client: one per client, derived from its id, so
 * two invitations racing for the same client cannot both make one: the
 * second batch hits the task's primary key and is rolled back whole. (The
 * client's `sample_task_id` is also set only while it is still null.)
 */
export const sampleTaskIdOf = (clientId: string) => `tsk_s${clientId.slice(clientId.indexOf('_') + 1)}`.slice(0, 44);

/**
 * When an invitation goes out: each of these clients that has no sample
 * task yet gets one from the firm's sample template (a live single-task
 * template; none set: nothing), assigned to the portal at once with its
 * assignment notice, as "create from template" would. Once per client, ever.
 * Answers how many were made.
 */
export async function giveSampleTasks(deps: { db: Db; config: Config; scheduler: Scheduler }, caller: StaffCaller, clientIds: readonly string[], now: number): Promise<number> {
  const { db, config, scheduler } = deps;
  if (clientIds.length === 0) return 0;
  const firm = await getFirm(db, caller.firmId);
  if (!firm?.sampleTemplateId) return 0;
  const template = await findTemplateRow(db, caller.firmId, firm.sampleTemplateId);
  const task = template?.tasks[0];
  if (!template || template.deletedAt !== null || template.kind !== 'task' || !task) return 0;
  const today = todayIn(firm.timezone, now);
  let made = 0;
  for (const clientId of await clientsWithoutSampleTask(db, caller.firmId, clientIds)) {
    const rows = newTaskRows(
      { firmId: caller.firmId, actor: caller },
      {
        taskId: sampleTaskIdOf(clientId),
        clientId, title: task.title, description: task.description, dueDate: dueDateOf(task, today), checklist: task.checklist,
        assign: true, autoComplete: task.autoComplete, createdData: { assign: true, templateId: template.id, sample: true },
      },
      now,
    );
    const notices = await assignmentNoticeJobs(db, config, { firmId: caller.firmId, clientId, assignedAt: now });
    try {
      await db.batch(
        asBatch([...sampleTaskInserts(db, caller.firmId, clientId, rows), ...notices.inserts]),
      );
    } catch (error) {
      if (isUniqueViolation(error)) continue; // another invitation gave it meanwhile
      throw error;
    }
    made++;
    if (notices.inserts.length > 0) await scheduler.wake(notices.runAt, rows.taskId);
  }
  return made;
}

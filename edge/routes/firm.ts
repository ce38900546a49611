import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { ApiError, conflict, notFound, type ErrorCode } from '../errors.ts';
import { findChecklistItem, reviewFile, versionsOfItem } from '../data/documents.ts';
import { downloadUrl, findFirmFile, firmFileViews } from '../data/files.ts';
import type { FileRow } from '../data/documents.ts';
import { planDigitiseJob, type DigitiseRefusal } from '../jobs/digitise.ts';
import type { Db } from '../../db/client.ts';
import {
  asBatch,
  changedFields,
  checklistOf,
  deleteTask,
  findClient,
  findFirmTaskRow,
  findWork,
  getFirmTask,
  listFirmTasks,
  newTaskInserts,
  transitionTask,
  updateTask,
} from '../data/firm-tasks.ts';
import { isContactOfClient } from '../data/firms.ts';
import { historyOf } from '../data/activity.ts';
import { findMember } from '../data/members.ts';
import type { StaffCaller } from '../domain/caller.ts';
import { instantAt } from '../domain/calendar.ts';
import { recurrenceProblem, type Recurrence } from '../domain/recurrence.ts';
import { nextOccurrenceJob } from '../jobs/recurring-task.ts';
import { pageQuery } from './paging.ts';
import { memberRoutes } from './members.ts';
import { canApply, firmStatus, type FirmStatus, type TaskAction } from '../domain/tasks.ts';
import { todayIn } from '../../db/dates.ts';
import { assignmentNoticeJobs } from '../jobs/assignment-notice.ts';
import { rescheduleTask } from '../jobs/reminder.ts';
import { resendTask } from '../jobs/reminder-resend.ts';
import { taskEmails } from '../data/task-emails.ts';
import { reminderPolicyProblem } from '../domain/reminders.ts';
import type { Config } from '../config.ts';
import { requireStaff } from '../middleware/auth.ts';
import { apiKeyRoutes } from './api-keys.ts';
import { settingsRoutes } from './settings.ts';
import { templateRoutes } from './templates.ts';
import { workRoutes } from './work.ts';
import { workStatusRoutes } from './work-statuses.ts';
import { validate } from '../middleware/validate.ts';
import { CalendarDate, id, RecurrenceRule, RequiredText, TaskIdParam, Text } from './schemas.ts';
import { op } from './openapi.ts';
import { cancelPendingJobs } from '../jobs/queue.ts';

/** Work ids are made by the work module; any id of ours is let through to the lookup (404 when not the firm's). */
const WorkId = v.pipe(v.string(), v.regex(/^[a-z]{2,5}_[a-z0-9]{1,40}$/, 'Not a work id'));
const Section = v.nullable(v.pipe(Text(100), v.transform((s) => s || null)));
/** A checklist entry: its text, or `{ text, requestsFile }` for a document request (an item done by a file, not a tick). */
const ChecklistEntry = v.union([RequiredText(500), v.strictObject({ text: RequiredText(500), requestsFile: v.optional(v.boolean()) })]);
const CreateTask = v.strictObject({
  clientId: id('cli'),
  title: RequiredText(200),
  description: v.optional(Text(10_000), ''),
  dueDate: v.optional(v.nullable(CalendarDate), null),
  checklist: v.optional(v.pipe(v.array(ChecklistEntry), v.maxLength(100)), []),
  assign: v.optional(v.boolean(), false),
  autoComplete: v.optional(v.boolean(), false),
  workId: v.optional(v.nullable(WorkId), null),
  section: v.optional(Section, null),
  /** Addressed to one contact of the client: only they see it. */
  contactId: v.optional(v.nullable(id('con')), null),
  recurrence: v.optional(v.nullable(RecurrenceRule), null),
});
/** A custom ladder's rules; their sense (at least one, whole days in range) is `reminderPolicyProblem`'s. */
const ReminderRules = v.pipe(
  v.array(v.strictObject({ from: v.picklist(['sent', 'before_due', 'after_due']), days: v.pipe(v.number(), v.finite()) })),
  v.maxLength(100),
);
const EditTask = v.strictObject({
  version: v.pipe(v.number(), v.integer(), v.minValue(0)),
  title: v.optional(RequiredText(200)),
  description: v.optional(Text(10_000)),
  dueDate: v.optional(v.nullable(CalendarDate)),
  autoComplete: v.optional(v.boolean()),
  reminderPolicy: v.optional(v.picklist(['gentle', 'urgent', 'custom', 'none'])),
  reminderRules: v.optional(v.nullable(ReminderRules)),
  workId: v.optional(v.nullable(WorkId)),
  section: v.optional(Section),
  contactId: v.optional(v.nullable(id('con'))),
  recurrence: v.optional(v.nullable(RecurrenceRule)),
  checklist: v.optional(
    v.pipe(
      // An item read back as is (with `done`, `latestFile`) is accepted.
      v.array(v.object({ id: v.optional(id('chk')), text: RequiredText(500), requestsFile: v.optional(v.boolean()) })),
      v.maxLength(100),
      v.check((items) => new Set(items.flatMap((i) => (i.id ? [i.id] : []))).size === items.filter((i) => i.id).length, 'An item may be listed once'),
    ),
  ),
});
const STAGES = ['draft', 'waiting', 'client_done', 'completed', 'withdrawn'] as const;
const TaskListQuery = v.object({
  ...pageQuery(),
  stage: v.optional(v.picklist(STAGES)),
  overdue: v.optional(v.pipe(v.picklist(['true', 'false']), v.transform((s) => s === 'true'))),
  clientId: v.optional(id('cli')),
  workId: v.optional(WorkId),
  responsibleId: v.optional(id('mem')),
  q: v.optional(v.pipe(Text(200), v.transform((s) => s || undefined))),
});
const PageQuery = v.object(pageQuery());
const VersionQuery = v.object({ version: v.pipe(v.string(), v.regex(/^\d{1,15}$/, 'The version the task was read at'), v.transform(Number)) });
const statusWords: Record<FirmStatus, string> = { draft: 'a draft', assigned: 'assigned', withdrawn: 'withdrawn', completed: 'completed' };
const actionWords: Record<TaskAction, string> = { assign: 'assigned', withdraw: 'withdrawn', complete: 'completed', reopen: 'reopened' };
/** Said in the OpenAPI description of every operation that answers firm tasks. */
const ACTIONS_DOC =
  'Each task carries `actions`: the transitions the caller may take on it now, in a fixed order, out of ' +
  '`assign`, `withdraw`, `complete` and `reopen` (e.g. `["assign", "complete"]` for a draft). Each is ' +
  '`POST /api/v1/firm/tasks/{id}/{action}`; one not listed answers 409. Offer these rather than keeping a transition table.';
const ActionParam = v.object({ id: id('tsk'), action: v.picklist(['assign', 'withdraw', 'complete', 'reopen']) });

/** File ids are made by the files module; any id of ours is let through to the lookup (404 when not the firm's). */
const FileIdParam = v.object({ id: WorkId });
const ItemParam = v.object({ id: id('tsk'), itemId: id('chk') });
const RejectFile = v.strictObject({ reason: RequiredText(500) });
const digitiseRefusals: Record<DigitiseRefusal, [ErrorCode, string]> = {
  digitisation_off: ['digitisation_off', 'Digitisation is switched off in the firm settings'],
  no_digitisation_address: ['no_digitisation_address', "The client has no digitisation address; set one on the client's screen"],
  no_files: ['no_files', 'This task has no file that can be sent by email'],
};

/** The file of the firm that is a live version on a document request, for review; anything else is refused. */
async function reviewableFile(db: Db, firmId: string, fileId: string) {
  const file = await findFirmFile(db, firmId, fileId);
  if (!file || file.deletedAt !== null) throw notFound('No such file');
  const item = file.taskId && file.checklistItemId ? await findChecklistItem(db, firmId, file.taskId, file.checklistItemId) : null;
  if (!item?.requestsFile || !(await findFirmTaskRow(db, firmId, file.taskId!))) {
    throw new ApiError(409, 'not_a_document_request', 'Only a file sent for a checklist item that asks for one can be accepted or asked for again');
  }
  return file as typeof file & { taskId: string; checklistItemId: string };
}

const stale = () => conflict('The task changed meanwhile; reload and try again');

/** Filters may only name the firm's own records: another firm's client, work or member is 404, like any record of theirs. */
async function assertFirmRecords(db: Db, firmId: string, filters: { clientId?: string | undefined; workId?: string | undefined; responsibleId?: string | undefined }) {
  if (filters.clientId && !(await findClient(db, firmId, filters.clientId))) throw notFound('No such client');
  if (filters.workId && !(await findWork(db, firmId, filters.workId))) throw notFound('No such work');
  if (filters.responsibleId && !(await findMember(db, firmId, filters.responsibleId))) throw notFound('No such member');
}

/** A task may belong only to a work of the firm for the same client. */
async function assertWorkOfClient(db: Db, firmId: string, workId: string | null | undefined, clientId: string) {
  if (!workId) return;
  const work = await findWork(db, firmId, workId);
  if (!work || work.clientId !== clientId) throw notFound('No such work for this client');
}

/** A task addressed to one contact goes to a contact of its own client (any, whatever their access: it may be turned on later). */
async function assertContactOfClient(db: Db, firmId: string, contactId: string | null | undefined, clientId: string) {
  if (!contactId) return;
  if (!(await isContactOfClient(db, firmId, clientId, contactId))) throw notFound('No such contact of this client');
}

/** A recurring task needs a due date (its series' first date) and a rule that reaches a second date after it. */
function assertRecurrence(rule: Recurrence | null | undefined, dueDate: string | null) {
  if (!rule) return;
  const problem = dueDate === null ? 'A recurring task needs a due date: its first date' : recurrenceProblem(rule, dueDate);
  if (problem) throw new ApiError(400, 'validation_failed', problem, [{ path: 'recurrence', message: problem }]);
}

/**
 * The job creating the next occurrence. A task that becomes recurring now
 * (created so, or its first rule) starts the series, with its own due date
 * as the first date. A task already in a series whose due date or rule is
 * edited re-bases the rest of the series on itself (its due date is where
 * its occurrence number falls) and re-times its still pending job.
 */
function seriesJob(
  deps: AppEnv['Variables']['deps'],
  caller: StaffCaller,
  task: { id: string; seriesId: string | null; occurrence: number | null },
  rule: Recurrence | null | undefined,
  dueDate: string | null,
  now: number,
) {
  if (!rule || !dueDate) return null;
  const inSeries = task.seriesId !== null && task.occurrence !== null;
  const seriesId = inSeries ? task.seriesId! : task.id;
  const n = inSeries ? task.occurrence! : 1;
  const occurrence = { firmId: caller.firmId, seriesId, occurrence: n, recurrence: rule, dueDate };
  const insert = nextOccurrenceJob(deps.db, deps.config, occurrence, { date: dueDate, n }, caller.timezone, now, inSeries);
  return insert ? { insert, runAt: instantAt(dueDate, deps.config.morningHour, caller.timezone) } : null;
}

/** The firm side: every query is scoped to the caller's firm; another firm's record is 404. */
export const firmRoutes = new Hono<AppEnv>()
  .use(requireStaff)
  .route('/api-keys', apiKeyRoutes)
  .route('/settings', settingsRoutes)
  .route('/work', workRoutes)
  .route('/work-statuses', workStatusRoutes)
  .route('/templates', templateRoutes)
  .route('/members', memberRoutes)
  .post(
    '/files/:id/:decision{accept|reject}',
    op('firm', 'Accept a version sent for a document request, or ask for a new one with a reason', {
      caller: 'staff',
      errors: [400, 404, 409],
      description:
        '`reject` takes `{ reason }` (1 to 500 characters), shown to the client as "please send again: <reason>"; it takes back the item\'s done state ' +
        '(unless a newer version is already in), writes the task history and the `file.rejected` event the client is notified by. ' +
        'Only a live file on a checklist item that asks for a file can be reviewed (409 `not_a_document_request`); another firm\'s or a deleted file is 404. Answers the file.',
    }),
    validate('param', v.object({ ...FileIdParam.entries, decision: v.picklist(['accept', 'reject']) })),
    async (c) => {
      const { db, clock, config } = c.get('deps');
      const caller = c.get('staff');
      const { id: fileId, decision } = c.req.valid('param');
      let reason = '';
      if (decision === 'reject') {
        const body = v.safeParse(RejectFile, await c.req.json().catch(() => null));
        if (!body.success) throw new ApiError(400, 'validation_failed', 'Say why a new version is needed (1 to 500 characters)', [{ path: 'reason', message: body.issues[0].message }]);
        reason = body.output.reason;
      }
      const file = await reviewableFile(db, caller.firmId, fileId);
      const now = clock.now();
      await reviewFile(db, caller, file, decision === 'accept' ? { state: 'accepted' } : { state: 'rejected', reason }, now);
      const [view] = await firmFileViews(db, [(await findFirmFile(db, caller.firmId, fileId))!], (f: FileRow) => downloadUrl(config.publicUrl, config.signingSecret, f, now));
      return c.json(view!);
    },
  )
  .get(
    '/tasks/:id/checklist/:itemId/files',
    op('firm', 'Every version sent for a document request, newest first, with its review', {
      caller: 'staff',
      errors: [404],
      description: 'Deleted versions are listed too (with `deletedAt` and no download link): the history keeps every version. Pass `nextCursor` as `cursor` for the next page.',
    }),
    validate('param', ItemParam),
    validate('query', PageQuery),
    async (c) => {
      const { db, clock, config } = c.get('deps');
      const { firmId } = c.get('staff');
      const { id: taskId, itemId } = c.req.valid('param');
      if (!(await findFirmTaskRow(db, firmId, taskId)) || !(await findChecklistItem(db, firmId, taskId, itemId))) throw notFound('No such checklist item');
      const { limit, cursor } = c.req.valid('query');
      const page = await versionsOfItem(db, firmId, itemId, { limit, after: cursor as [number, string] | undefined });
      return c.json({ items: await firmFileViews(db, page.items, (f: FileRow) => downloadUrl(config.publicUrl, config.signingSecret, f, clock.now())), nextCursor: page.nextCursor });
    },
  )
  .post(
    '/tasks/:id/digitise',
    op('firm', "Email the task's files to the client's digitisation inbox", {
      caller: 'staff',
      ok: 202,
      errors: [404, 409],
      description:
        'Queues a job that sends the task\'s live files as attachments, split into several emails so each stays under the mail provider\'s 10 MB ' +
        '(a file too big to go even alone is skipped and named). Answers `{ files, emails, skipped }`: how many files go, in how many emails, ' +
        'and the names of those skipped. The task history then says which files went and how many emails (`digitised`). ' +
        '409 `digitisation_off` (the firm setting), `no_digitisation_address` (set it on the client), `no_files` (nothing to send).',
    }),
    validate('param', TaskIdParam),
    async (c) => {
      const { db, clock, scheduler } = c.get('deps');
      const caller = c.get('staff');
      const row = await findFirmTaskRow(db, caller.firmId, c.req.valid('param').id);
      if (!row) throw notFound('No such task');
      const now = clock.now();
      const plan = await planDigitiseJob(db, caller, row, now);
      if (plan.refused) throw new ApiError(409, ...digitiseRefusals[plan.refused]);
      await plan.insert;
      await scheduler.wake(now, row.id);
      return c.json(plan.answer, 202);
    },
  )
  .get(
    '/tasks',
    op('firm', 'Tasks, newest first, a page at a time, optionally filtered', {
      caller: 'staff',
      errors: [404],
      description:
        'Filters: `stage` (draft, waiting = on the client, client_done = done by the client and waiting for you, completed, withdrawn), ' +
        '`overdue=true` (open and due before today), `clientId`, `workId`, `responsibleId` (the client\'s responsible member), `q` (a piece of the title, any case). ' +
        'A client, work or member that is not the firm\'s answers 404. Pass `nextCursor` as `cursor` for the next page; it is null on the last. ' +
        ACTIONS_DOC,
    }),
    validate('query', TaskListQuery),
    async (c) => {
      const { db, clock } = c.get('deps');
      const { firmId, timezone } = c.get('staff');
      const { limit, cursor, ...filters } = c.req.valid('query');
      await assertFirmRecords(db, firmId, filters);
      const page = { limit, after: cursor as [number, string] | undefined };
      return c.json(await listFirmTasks(db, firmId, todayIn(timezone, clock.now()), filters, page, c.get('staff')));
    },
  )
  .post(
    '/tasks',
    op('firm', 'Create a task for a client, optionally assigning it to the portal at once', {
      caller: 'staff',
      ok: 201,
      errors: [404],
      description:
        'A `recurrence` makes it the first of a series: it needs a due date, and the next occurrence is created (and assigned, when this one is) ' +
        'at the firm\'s morning hour on this one\'s due date. A rule that ends before its second date, or an `until` before the due date, is refused (400). ' +
        ACTIONS_DOC,
    }),
    validate('json', CreateTask),
    async (c) => {
      const { db, clock, config, scheduler } = c.get('deps');
      const caller = c.get('staff');
      const input = c.req.valid('json');
      if (!(await findClient(db, caller.firmId, input.clientId))) throw notFound('No such client');
      await assertWorkOfClient(db, caller.firmId, input.workId, input.clientId);
      await assertContactOfClient(db, caller.firmId, input.contactId, input.clientId);
      assertRecurrence(input.recurrence, input.dueDate);
      const now = clock.now();
      const notices = input.assign
        ? await assignmentNoticeJobs(db, config, { firmId: caller.firmId, clientId: input.clientId, assignedAt: now })
        : { inserts: [], runAt: 0 };
      const { taskId, inserts } = newTaskInserts(db, { firmId: caller.firmId, actor: caller }, input, now);
      const series = seriesJob(c.get('deps'), caller, { id: taskId, seriesId: null, occurrence: null }, input.recurrence, input.dueDate, now);
      await db.batch(asBatch([...inserts, ...notices.inserts, ...(series ? [series.insert] : [])]));
      if (notices.inserts.length > 0) await scheduler.wake(notices.runAt, taskId);
      if (series) await scheduler.wake(series.runAt, taskId);
      return c.json((await getFirmTask(db, caller.firmId, taskId, todayIn(caller.timezone, now), caller))!, 201);
    },
  )
  .get('/tasks/:id', op('firm', 'One task', { caller: 'staff', errors: [404], description: ACTIONS_DOC }), validate('param', TaskIdParam), async (c) => {
    const { timezone, firmId } = c.get('staff');
    const task = await getFirmTask(c.get('deps').db, firmId, c.req.valid('param').id, todayIn(timezone, c.get('deps').clock.now()), c.get('staff'));
    if (!task) throw notFound('No such task');
    return c.json(task);
  })
  .patch(
    '/tasks/:id',
    op('firm', 'Edit a task: its fields, and its checklist as a whole', {
      caller: 'staff',
      errors: [404, 409],
      description:
        'Send the `version` the task was read at; when it changed meanwhile, 409 and nothing is written (so a racing edit never drops a checklist item silently). ' +
        '`checklist` replaces the list: an item with an `id` keeps its done state (its text and place updated), one without is added, one left out is removed; the order is the array\'s. ' +
        'The checklist of a withdrawn task cannot be changed (409). A deleted task answers 404. ' +
        ACTIONS_DOC,
    }),
    validate('param', TaskIdParam),
    validate('json', EditTask),
    async (c) => {
      const deps = c.get('deps');
      const { db, clock, scheduler } = deps;
      const caller = c.get('staff');
      const { version, ...edit } = c.req.valid('json');
      const row = await findFirmTaskRow(db, caller.firmId, c.req.valid('param').id);
      if (!row) throw notFound('No such task');
      if (row.version !== version) throw stale();
      if (edit.checklist && firmStatus(row) === 'withdrawn') throw conflict('This task is withdrawn; assign it again before changing its checklist');
      await assertWorkOfClient(db, caller.firmId, edit.workId, row.clientId);
      await assertContactOfClient(db, caller.firmId, edit.contactId, row.clientId);
      const items = await checklistOf(db, caller.firmId, row.id);
      const ownIds = new Set(items.map((i) => i.id));
      if (edit.checklist?.some((i) => i.id && !ownIds.has(i.id))) throw notFound('No such checklist item on this task');
      const recurrence = edit.recurrence === undefined ? row.recurrence : edit.recurrence;
      const dueDate = edit.dueDate === undefined ? row.dueDate : edit.dueDate;
      if (edit.recurrence !== undefined || edit.dueDate !== undefined) assertRecurrence(recurrence, dueDate);
      if (edit.reminderPolicy !== undefined || edit.reminderRules !== undefined) assertReminderPolicy(edit.reminderPolicy ?? row.reminderPolicy, edit.reminderRules === undefined ? row.reminderRules : edit.reminderRules);
      const now = clock.now();
      const fields = changedFields(row, items, edit);
      // Nothing really changes: no write, no history entry, the version stays.
      if (fields.length === 0) return c.json((await getFirmTask(db, caller.firmId, row.id, todayIn(caller.timezone, now), caller))!);
      const series = edit.recurrence !== undefined || edit.dueDate !== undefined ? seriesJob(deps, caller, row, recurrence, dueDate, now) : null;
      if ((await updateTask(db, caller, row, edit, fields, now, series ? [series.insert] : [])) === 'stale') throw stale();
      if (series) await scheduler.wake(series.runAt, row.id);
      if (fields.some((f) => f === 'reminderPolicy' || f === 'reminderRules' || f === 'dueDate')) await rescheduleAndWake(deps, caller.firmId, row.id, now);
      return c.json((await getFirmTask(db, caller.firmId, row.id, todayIn(caller.timezone, now), caller))!);
    },
  )
  .delete(
    '/tasks/:id',
    op('firm', 'Delete a task', {
      caller: 'staff',
      ok: 204,
      errors: [404, 409],
      description: 'Pass the `version` the task was read at (409 when stale). The task leaves every list, the board, the portal and every email; its history is kept. A recurring series stops with it.',
    }),
    validate('param', TaskIdParam),
    validate('query', VersionQuery),
    async (c) => {
      const { db, clock } = c.get('deps');
      const caller = c.get('staff');
      const row = await findFirmTaskRow(db, caller.firmId, c.req.valid('param').id);
      if (!row) throw notFound('No such task');
      if (row.version !== c.req.valid('query').version || (await deleteTask(db, caller, row, clock.now())) === 'stale') throw stale();
      return c.body(null, 204);
    },
  )
  .get(
    '/tasks/:id/history',
    op('firm', "A task's history, newest first, a page at a time", {
      caller: 'staff',
      errors: [404],
      description:
        'Each entry: `action` (created, edited with `data.fields`, assigned, viewed = first opened by a contact, checklist_ticked with `data: { itemId, text, done }`, ' +
        'client_done, client_undone, completed, reopened, withdrawn, deleted, sent_by_rule), `actor` (`type` member, contact, apikey or system, with its `name`) and `at`.',
    }),
    validate('param', TaskIdParam),
    validate('query', PageQuery),
    async (c) => {
      const { db } = c.get('deps');
      const { firmId } = c.get('staff');
      const taskId = c.req.valid('param').id;
      if (!(await findFirmTaskRow(db, firmId, taskId))) throw notFound('No such task');
      const { limit, cursor } = c.req.valid('query');
      return c.json(await historyOf(db, firmId, taskId, { limit, after: cursor as [number, number] | undefined }));
    },
  )
  .post(
    '/tasks/:id/:action{assign|withdraw|complete|reopen}',
    op('firm', 'Assign to the portal, withdraw, complete or reopen a task', {
      caller: 'staff',
      errors: [404, 409],
      description: `Answers the task as it is now. 409 when the task's state does not allow the action, or when another change to it won meanwhile (compare-and-set on the task's version). ${ACTIONS_DOC}`,
    }),
    validate('param', ActionParam),
    async (c) => {
      const { db, clock, config, scheduler } = c.get('deps');
      const caller = c.get('staff');
      const { id: taskId, action } = c.req.valid('param');
      const row = await findFirmTaskRow(db, caller.firmId, taskId);
      if (!row) throw notFound('No such task');
      const status = firmStatus(row);
      if (!canApply(action, status)) throw conflict(`This task is ${statusWords[status]}; it cannot be ${actionWords[action]}`);
      const now = clock.now();
      const notices = action === 'assign' ? await assignmentNoticeJobs(db, config, { ...row, assignedAt: now }) : { inserts: [], runAt: 0 };
      // A notice for an assignment that lost the race finds nothing assigned in its window and sends nothing.
      if ((await transitionTask(db, caller, row, action, now, notices.inserts)) === 'stale') throw stale();
      if (notices.inserts.length > 0) await scheduler.wake(notices.runAt, taskId);
      // Its pending jobs (reminders, notices) are cancelled; their wake-ups dropped at QStash, best effort.
      if (action === 'withdraw') void scheduler.cancel?.(await cancelPendingJobs(db, caller.firmId, taskId, now)).catch((error: unknown) => console.error(`withdraw ${taskId}: wake-ups not dropped (the jobs are cancelled): ${String(error)}`));
      // Completed or withdrawn: its pending reminder is cancelled (the job would find it settled anyway); reopened: the ladder goes on.
      if (action !== 'assign') await rescheduleAndWake(c.get('deps'), caller.firmId, taskId, now);
      return c.json((await getFirmTask(db, caller.firmId, taskId, todayIn(caller.timezone, now), caller))!);
    },
  )
  .post(
    '/tasks/:id/resend',
    op('firm', 'Email the task to its contacts again now', {
      caller: 'staff',
      errors: [404, 409],
      description:
        'Each contact who sees the task gets it again now (not to an address known undeliverable); the automatic reminder count starts again from 0, ' +
        'the task\'s links are valid 30 days from now, and the next reminder is scheduled from today. 409 when the task is not assigned. Answers the task.',
    }),
    validate('param', TaskIdParam),
    async (c) => {
      const deps = c.get('deps');
      const caller = c.get('staff');
      const row = await findFirmTaskRow(deps.db, caller.firmId, c.req.valid('param').id);
      if (!row) throw notFound('No such task');
      const status = firmStatus(row);
      if (status !== 'assigned') throw conflict(`This task is ${statusWords[status]}; only an assigned task can be sent again`);
      const now = deps.clock.now();
      // Its emails are queued here, outside any job, due now: the local scheduler runs them after this
      // request (every write nudges it); with QStash the minute tick sends them.
      await resendTask(deps, row, now);
      await rescheduleAndWake(deps, caller.firmId, row.id, now);
      return c.json((await getFirmTask(deps.db, caller.firmId, row.id, todayIn(caller.timezone, now), caller))!);
    },
  )
  .get(
    '/tasks/:id/emails',
    op('firm', 'What this client receives next: the emails about a task, sent and scheduled', {
      caller: 'staff',
      errors: [404],
      description:
        'Each item: `kind` (`assigned`, `reminder`, `resend`, ...), `to`, `contactId`, `contactName`, `subject` (when known), `at`, and `state`: ' +
        '`scheduled` for what is still to come (the next assignment notice, the next reminder per contact, at its time), else the delivery state ' +
        '(`queued`, `sent`, `failed`, `undeliverable`, with `error` when the provider said why). The first page starts with every scheduled item, ' +
        'soonest first; the sent ones follow, newest first, a page at a time.',
    }),
    validate('param', TaskIdParam),
    validate('query', PageQuery),
    async (c) => {
      const deps = c.get('deps');
      const caller = c.get('staff');
      const row = await findFirmTaskRow(deps.db, caller.firmId, c.req.valid('param').id);
      if (!row) throw notFound('No such task');
      const { limit, cursor } = c.req.valid('query');
      return c.json(await taskEmails(deps, row, { limit, after: cursor as [number, string] | undefined }));
    },
  );

/** Puts the task's next reminder in place and wakes the scheduler for it. */
async function rescheduleAndWake(deps: { db: Db; config: Config; scheduler: { wake(runAt: number, id: string): Promise<void> } }, firmId: string, taskId: string, now: number) {
  const runAt = await rescheduleTask(deps.db, deps.config, firmId, taskId, now);
  if (runAt !== null) await deps.scheduler.wake(runAt, taskId);
}

function assertReminderPolicy(kind: 'gentle' | 'urgent' | 'custom' | 'none', rules: { from: 'sent' | 'before_due' | 'after_due'; days: number }[] | null) {
  const problem = reminderPolicyProblem(kind === 'custom' ? { kind, rules: rules ?? [] } : { kind });
  if (problem) throw new ApiError(400, 'validation_failed', 'The reminder policy is not valid', [{ path: 'reminderRules', message: problem }]);
}

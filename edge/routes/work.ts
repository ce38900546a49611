import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv, StaffCaller } from '../env.ts';
import { ApiError, conflict, notFound } from '../errors.ts';
import { todayIn } from '../../db/dates.ts';
import { findClient, getFirmTask } from '../data/firm-tasks.ts';
import {
  assignDrafts,
  createWork,
  draftTasksOf,
  findWorkStatus,
  getWork,
  hasPendingRuleSends,
  listWork,
  updateWork,
  workTaskIds,
  type WorkChange,
} from '../data/work.ts';
import type { Db } from '../../db/client.ts';
import { findMember } from '../data/members.ts';
import { assignmentNoticeJobs } from '../jobs/assignment-notice.ts';
import { rescheduleWorkRepeat } from '../jobs/template-work.ts';
import { validate } from '../middleware/validate.ts';
import { op } from './openapi.ts';
import { CalendarDate, id, RequiredText, Text } from './schemas.ts';
import { pageQuery } from './paging.ts';

const WorkListQuery = v.object({
  ...pageQuery(),
  clientId: v.optional(id('cli')),
  statusId: v.optional(id('wst')),
  responsibleId: v.optional(id('mem')),
  state: v.optional(v.picklist(['open', 'completed'])),
  q: v.optional(Text(200)),
});
const CreateWork = v.strictObject({
  clientId: id('cli'),
  title: RequiredText(200),
  startDate: CalendarDate,
  responsibleMemberId: v.optional(v.nullable(id('mem')), null),
  statusId: v.optional(v.nullable(id('wst')), null),
});
const PatchWork = v.strictObject({
  version: v.pipe(v.number(), v.integer(), v.minValue(0)),
  title: v.optional(RequiredText(200)),
  startDate: v.optional(CalendarDate),
  responsibleMemberId: v.optional(v.nullable(id('mem'))),
  statusId: v.optional(v.nullable(id('wst'))),
});
const WorkIdParam = v.object({ id: id('wrk') });
/** The `version` the work was read at: a stale console never completes or reopens it anyway. */
const Version = v.object({ version: v.pipe(v.string(), v.regex(/^\d{1,9}$/, 'The version you read'), v.transform(Number)) });

const notInList = (what: 'statusId' | 'responsibleMemberId') =>
  new ApiError(400, 'validation_failed', 'The request body is not valid', [
    { path: what, message: what === 'statusId' ? "Not one of the firm's work statuses" : 'Not a member of this firm' },
  ]);

/** Refuses a status or member that is not the firm's own (400, before anything is written). */
async function checkReferences(db: Db, firmId: string, input: { statusId?: string | null; responsibleMemberId?: string | null }) {
  if (input.statusId && !(await findWorkStatus(db, firmId, input.statusId))) throw notInList('statusId');
  if (input.responsibleMemberId && !(await findMember(db, firmId, input.responsibleMemberId))) throw notInList('responsibleMemberId');
}

async function workOr404(db: Db, firmId: string, workId: string) {
  const work = await getWork(db, firmId, workId);
  if (!work) throw notFound('No such work');
  return work;
}

async function withTasks(db: Db, staff: StaffCaller, workId: string, now: number) {
  const work = await workOr404(db, staff.firmId, workId);
  const today = todayIn(staff.timezone, now);
  const tasks = await Promise.all((await workTaskIds(db, staff.firmId, workId)).map((taskId) => getFirmTask(db, staff.firmId, taskId, today, staff)));
  return { ...work, tasks: tasks.filter((t) => t !== null) };
}

const stale = () => conflict('The work changed meanwhile; reload and try again');

/** A firm's work for its clients ("Annual report 2026"): status, responsible member, its tasks in client sections. */
export const workRoutes = new Hono<AppEnv>()
  .get(
    '/',
    op('work', 'Work, newest first, filtered by client, status, responsible member, state or title', { caller: 'staff', errors: [404] }),
    validate('query', WorkListQuery),
    async (c) => {
      const { db } = c.get('deps');
      const { firmId } = c.get('staff');
      const { limit, cursor, ...filter } = c.req.valid('query');
      if (filter.clientId && !(await findClient(db, firmId, filter.clientId))) throw notFound('No such client');
      if (filter.statusId && !(await findWorkStatus(db, firmId, filter.statusId))) throw notFound('No such status');
      if (filter.responsibleId && !(await findMember(db, firmId, filter.responsibleId))) throw notFound('No such member');
      return c.json(await listWork(db, firmId, filter, { limit, after: cursor }));
    },
  )
  .post(
    '/',
    op('work', 'Create a work for a client', { caller: 'staff', ok: 201, errors: [404] }),
    validate('json', CreateWork),
    async (c) => {
      const { db, clock } = c.get('deps');
      const staff = c.get('staff');
      const input = c.req.valid('json');
      if (!(await findClient(db, staff.firmId, input.clientId))) throw notFound('No such client');
      await checkReferences(db, staff.firmId, input);
      const workId = await createWork(db, staff, input, clock.now());
      return c.json(await workOr404(db, staff.firmId, workId), 201);
    },
  )
  .get(
    '/:id',
    op('work', 'One work with its tasks, in the order they were created (a template\'s order)', { caller: 'staff', errors: [404] }),
    validate('param', WorkIdParam),
    async (c) => {
      const { db, clock } = c.get('deps');
      return c.json(await withTasks(db, c.get('staff'), c.req.valid('param').id, clock.now()));
    },
  )
  .patch(
    '/:id',
    op('work', 'Change a work (compare-and-set on version)', {
      caller: 'staff',
      errors: [404, 409],
      description:
        'A status that is not in the firm\'s list is refused with 400 and nothing changes. A stale `version` answers 409. ' +
        'A new `startDate` is refused (409) while a task of the work still waits for its sending rule (its dates were set from the old start); ' +
        'a repeating work then makes its next work at the morning of the new start date.',
    }),
    validate('param', WorkIdParam),
    validate('json', PatchWork),
    async (c) => {
      const { db, clock, config, scheduler } = c.get('deps');
      const staff = c.get('staff');
      const workId = c.req.valid('param').id;
      const { version, ...change } = c.req.valid('json');
      const work = await workOr404(db, staff.firmId, workId);
      await checkReferences(db, staff.firmId, change);
      if (work.version !== version) throw stale();
      const now = clock.now();
      const moves = change.startDate !== undefined && change.startDate !== work.startDate;
      if (moves && (await hasPendingRuleSends(db, staff.firmId, workId))) {
        throw conflict('A task of this work still waits for its sending rule, timed from the current start date; send or edit those tasks first');
      }
      const repeat = moves && work.recurrence ? rescheduleWorkRepeat(db, config, { firmId: staff.firmId, workId, startDate: change.startDate!, timezone: staff.timezone }, now) : null;
      if (Object.keys(change).length > 0 && (await updateWork(db, staff, workId, version, change, 'work.edited', now, repeat ? [repeat.update] : [])) === 'stale') throw stale();
      if (repeat) await scheduler.wake(repeat.runAt, workId);
      return c.json(await workOr404(db, staff.firmId, workId));
    },
  )
  .post(
    '/:id/:action{complete|reopen}',
    op('work', 'Complete a work (its tasks leave the portal) or reopen it', {
      caller: 'staff',
      errors: [404, 409],
      description: 'Completing takes the work\'s tasks out of the portal; reopening brings back those still assigned. 409 when it is already in that state. Send `?version=N`, the version read (required; 409 when stale, nothing written).',
    }),
    validate('param', v.object({ id: id('wrk'), action: v.picklist(['complete', 'reopen']) })),
    validate('query', Version),
    async (c) => {
      const { db, clock } = c.get('deps');
      const staff = c.get('staff');
      const { id: workId, action } = c.req.valid('param');
      const work = await workOr404(db, staff.firmId, workId);
      const { version } = c.req.valid('query');
      if ((action === 'complete') === (work.completedAt !== null)) throw conflict(`This work is ${work.completedAt === null ? 'open' : 'completed'} already`);
      const now = clock.now();
      const change: WorkChange = { completedAt: action === 'complete' ? now : null };
      if ((await updateWork(db, staff, workId, version, change, action === 'complete' ? 'work.completed' : 'work.reopened', now)) === 'stale') throw stale();
      return c.json(await workOr404(db, staff.firmId, workId));
    },
  )
  .post(
    '/:id/send',
    op('work', 'Send to client: assign every draft task of the work now', {
      caller: 'staff',
      errors: [404, 409],
      description: 'The client is told by the usual assignment email. A completed work answers 409.',
    }),
    validate('param', WorkIdParam),
    async (c) => {
      const { db, clock, config, scheduler } = c.get('deps');
      const staff = c.get('staff');
      const workId = c.req.valid('param').id;
      const work = await workOr404(db, staff.firmId, workId);
      if (work.completedAt !== null) throw conflict('This work is completed; reopen it first');
      const drafts = await draftTasksOf(db, staff.firmId, workId);
      const now = clock.now();
      if (drafts.length > 0) {
        const notices = await assignmentNoticeJobs(db, config, { firmId: staff.firmId, clientId: work.clientId, assignedAt: now });
        await assignDrafts(db, staff, drafts.map((d) => d.id), now, notices.inserts);
        if (notices.inserts.length > 0) await scheduler.wake(notices.runAt, workId);
      }
      return c.json(await workOr404(db, staff.firmId, workId));
    },
  );

import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { conflict, notFound } from '../errors.ts';
import { createTask, findClient, findFirmTaskRow, getFirmTask, listClientsWithContacts, listFirmTasks, transitionTask } from '../data/firm-tasks.ts';
import { canApply, firmStatus, type FirmStatus, type TaskAction } from '../domain/tasks.ts';
import { todayIn } from '../../db/dates.ts';
import { assignmentNoticeJobs } from '../jobs/assignment-notice.ts';
import { requireStaff } from '../middleware/auth.ts';
import { apiKeyRoutes } from './api-keys.ts';
import { settingsRoutes } from './settings.ts';
import { templateRoutes } from './templates.ts';
import { workRoutes } from './work.ts';
import { workStatusRoutes } from './work-statuses.ts';
import { validate } from '../middleware/validate.ts';
import { CalendarDate, id, RequiredText, TaskIdParam, Text } from './schemas.ts';
import { op } from './openapi.ts';

const CreateTask = v.object({
  clientId: id('cli'),
  title: RequiredText(200),
  description: v.optional(Text(10_000), ''),
  dueDate: v.optional(v.nullable(CalendarDate), null),
  checklist: v.optional(v.pipe(v.array(RequiredText(500)), v.maxLength(100)), []),
  assign: v.optional(v.boolean(), false),
  autoComplete: v.optional(v.boolean(), false),
});
const TaskListQuery = v.object({ clientId: v.optional(id('cli')) });
const statusWords: Record<FirmStatus, string> = { draft: 'a draft', assigned: 'assigned', withdrawn: 'withdrawn', completed: 'completed' };
const actionWords: Record<TaskAction, string> = { assign: 'assigned', withdraw: 'withdrawn', complete: 'completed', reopen: 'reopened' };
/** Said in the OpenAPI description of every operation that answers firm tasks. */
const ACTIONS_DOC =
  'Each task carries `actions`: the transitions the caller may take on it now, in a fixed order, out of ' +
  '`assign`, `withdraw`, `complete` and `reopen` (e.g. `["assign", "complete"]` for a draft). Each is ' +
  '`POST /api/v1/firm/tasks/{id}/{action}`; one not listed answers 409. Offer these rather than keeping a transition table.';
const ActionParam = v.object({ id: id('tsk'), action: v.picklist(['assign', 'withdraw', 'complete', 'reopen']) });

/** The firm side: every query is scoped to the caller's firm; another firm's record is 404. */
export const firmRoutes = new Hono<AppEnv>()
  .use(requireStaff)
  .route('/api-keys', apiKeyRoutes)
  .route('/settings', settingsRoutes)
  .route('/work', workRoutes)
  .route('/work-statuses', workStatusRoutes)
  .route('/templates', templateRoutes)
  .get('/clients', op('firm', "The firm's clients with their contacts", { caller: 'staff' }), async (c) => {
    return c.json({ items: await listClientsWithContacts(c.get('deps').db, c.get('staff').firmId) });
  })
  .get(
    '/tasks',
    op('firm', 'Tasks, newest first, optionally of one client', { caller: 'staff', errors: [404], description: ACTIONS_DOC }),
    validate('query', TaskListQuery),
    async (c) => {
      const { db } = c.get('deps');
      const { firmId } = c.get('staff');
      const { clientId } = c.req.valid('query');
      if (clientId && !(await findClient(db, firmId, clientId))) throw notFound('No such client');
      return c.json({ items: await listFirmTasks(db, firmId, todayIn(c.get('staff').timezone, c.get('deps').clock.now()), clientId) });
    },
  )
  .post(
    '/tasks',
    op('firm', 'Create a task for a client, optionally assigning it to the portal at once', { caller: 'staff', ok: 201, errors: [404], description: ACTIONS_DOC }),
    validate('json', CreateTask),
    async (c) => {
      const { db, clock, config, scheduler } = c.get('deps');
      const caller = c.get('staff');
      const input = c.req.valid('json');
      if (!(await findClient(db, caller.firmId, input.clientId))) throw notFound('No such client');
      const now = clock.now();
      const notices = input.assign
        ? await assignmentNoticeJobs(db, config, { firmId: caller.firmId, clientId: input.clientId, assignedAt: now })
        : { inserts: [], runAt: 0 };
      const taskId = await createTask(db, caller, input, now, notices.inserts);
      if (notices.inserts.length > 0) await scheduler.wake(notices.runAt, taskId);
      return c.json((await getFirmTask(db, caller.firmId, taskId, todayIn(caller.timezone, now)))!, 201);
    },
  )
  .get('/tasks/:id', op('firm', 'One task', { caller: 'staff', errors: [404], description: ACTIONS_DOC }), validate('param', TaskIdParam), async (c) => {
    const { timezone, firmId } = c.get('staff');
    const task = await getFirmTask(c.get('deps').db, firmId, c.req.valid('param').id, todayIn(timezone, c.get('deps').clock.now()));
    if (!task) throw notFound('No such task');
    return c.json(task);
  })
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
      if ((await transitionTask(db, caller, row, action, now, notices.inserts)) === 'stale') {
        throw conflict('The task changed meanwhile; reload and try again');
      }
      if (notices.inserts.length > 0) await scheduler.wake(notices.runAt, taskId);
      return c.json((await getFirmTask(db, caller.firmId, taskId, todayIn(caller.timezone, now)))!);
    },
  );

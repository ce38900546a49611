import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { ApiError, conflict, notFound } from '../errors.ts';
import { markUploadsDone } from '../data/documents.ts';
import type { Db } from '../../db/client.ts';
import { completePortalTask, CURSOR_LENGTH, getPortalTask, listPortalTasks, markRead, reopenPortalTask, tickChecklistItem } from '../data/portal-tasks.ts';
import type { ContactCaller } from '../domain/caller.ts';
import { Cursor, Limit, notACursor } from './paging.ts';
import { requireContact } from '../middleware/auth.ts';
import { validate } from '../middleware/validate.ts';
import { id, TaskIdParam } from './schemas.ts';
import { op } from './openapi.ts';
import { portalWorkRoutes } from './portal-work.ts';

const ListQuery = v.object({
  clientId: v.optional(id('cli')),
  state: v.optional(v.picklist(['open', 'done']), 'open'),
  limit: Limit,
  cursor: Cursor(CURSOR_LENGTH.open, CURSOR_LENGTH.done),
});
const ChecklistParam = v.object({ id: id('tsk'), itemId: id('chk') });
const Tick = v.object({ done: v.boolean() });

/** The task as the contact sees it now, or 404 (it may have gone from their view meanwhile). */
async function taskNow(db: Db, caller: ContactCaller, taskId: string, now: number) {
  const task = await getPortalTask(db, caller, taskId, now);
  if (!task) throw notFound('No such task');
  return task;
}

/** The client side: only what the signed-in contact may see; anything else is 404. */
export const portalRoutes = new Hono<AppEnv>()
  .use(requireContact)
  .route('/', portalWorkRoutes)
  .get(
    '/tasks',
    op('portal', "The contact's tasks in one tab, a page at a time, optionally of one company", {
      caller: 'contact',
      errors: [404],
      description:
        '`state=open` (the default): open tasks by due date (none last), then newest first; `state=done`: done by the client or completed by the firm, newest done first. ' +
        'Pass `nextCursor` as `cursor` for the next page (null on the last). A company not of the contact answers 404.',
    }),
    validate('query', ListQuery),
    async (c) => {
      const { db, clock } = c.get('deps');
      const caller = c.get('contact');
      const { clientId, state, limit, cursor } = c.req.valid('query');
      // Each tab has its own order, so its own cursor.
      if (cursor && cursor.length !== CURSOR_LENGTH[state]) throw notACursor();
      const page = await listPortalTasks(db, caller, { clientId, tab: state, limit, after: cursor }, clock.now());
      if (!page) throw notFound('No such company');
      return c.json(page);
    },
  )
  .get(
    '/tasks/:id',
    op('portal', 'One task with its checklist; opening it marks it read', { caller: 'contact', errors: [404] }),
    validate('param', TaskIdParam),
    async (c) => {
      const { db, clock } = c.get('deps');
      const caller = c.get('contact');
      const now = clock.now();
      const task = await taskNow(db, caller, c.req.valid('param').id, now);
      // A staff preview reads as the contact but leaves the task bold for them.
      if (task.unread && !caller.previewBy) await db.batch([...markRead(db, caller, task.id, now)]);
      return c.json({ ...task, unread: false });
    },
  )
  .post(
    '/tasks/:id/complete',
    op('portal', 'Mark the task done (completes it for the firm only with auto-complete)', { caller: 'contact', errors: [404] }),
    validate('param', TaskIdParam),
    async (c) => {
      const { db, clock } = c.get('deps');
      const caller = c.get('contact');
      const now = clock.now();
      const taskId = c.req.valid('param').id;
      const task = await taskNow(db, caller, taskId, now);
      if (task.state === 'open') await completePortalTask(db, caller, taskId, now);
      return c.json(await taskNow(db, caller, taskId, now));
    },
  )
  .post(
    '/tasks/:id/reopen',
    op('portal', 'Take back "done": the task is open again for the client', {
      caller: 'contact',
      errors: [404, 409],
      description: 'Answers the task. 409 once the firm has completed it (the firm reopens it, if at all).',
    }),
    validate('param', TaskIdParam),
    async (c) => {
      const { db, clock } = c.get('deps');
      const caller = c.get('contact');
      const now = clock.now();
      const taskId = c.req.valid('param').id;
      await taskNow(db, caller, taskId, now);
      if ((await reopenPortalTask(db, caller, taskId, now)) === 'completed') throw conflict('The firm has completed this task; it cannot be reopened here');
      return c.json(await taskNow(db, caller, taskId, now));
    },
  )
  .patch(
    '/tasks/:id/checklist/:itemId',
    op('portal', 'Tick or untick one checklist item', {
      caller: 'contact',
      errors: [404, 409],
      description:
        'Answers the task with its checklist. 404 for a task (or item) the contact cannot see; 409 once the firm has completed the task, ' +
        'and 409 `needs_file` for an item that asks for a file (`requestsFile`: it is done by an upload); nothing is written then.',
    }),
    validate('param', ChecklistParam),
    validate('json', Tick),
    async (c) => {
      const { db, clock } = c.get('deps');
      const caller = c.get('contact');
      const now = clock.now();
      const { id: taskId, itemId } = c.req.valid('param');
      const result = await tickChecklistItem(db, caller, taskId, itemId, c.req.valid('json').done, now);
      if (result === 'missing') throw notFound('No such checklist item');
      if (result === 'completed') throw conflict('The firm has completed this task; its checklist is closed');
      if (result === 'needs_file') throw new ApiError(409, 'needs_file', 'This item asks for a file: send one instead of ticking it');
      return c.json(await taskNow(db, caller, taskId, now));
    },
  )
  .post(
    '/tasks/:id/uploads-done',
    op('portal', '"Done uploading": tell the firm all documents for this task are in', {
      caller: 'contact',
      errors: [404, 409],
      description:
        'Offered when the firm switched it on (the detail\'s `doneUploading.offered`); otherwise 409 `not_offered`. Keeps the time (`doneUploading.at`; ' +
        'pressing again moves it), writes the task history and the `task.uploads_done` event the firm is notified by. 404 for a task the contact cannot see ' +
        '(withdrawn, of another firm); 409 once the firm has completed it. Answers the task.',
    }),
    validate('param', TaskIdParam),
    async (c) => {
      const { db, clock } = c.get('deps');
      const caller = c.get('contact');
      const now = clock.now();
      const taskId = c.req.valid('param').id;
      const task = await taskNow(db, caller, taskId, now);
      if (!task.doneUploading.offered) throw new ApiError(409, 'not_offered', 'This firm does not use "Done uploading"');
      if ((await markUploadsDone(db, caller, taskId, now)) === 'closed') throw conflict('The firm has completed this task');
      return c.json(await taskNow(db, caller, taskId, now));
    },
  );

import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { completePortalTask, getPortalTask, listPortalTasks, markRead } from '../data/portal-tasks.ts';
import { requireContact } from '../middleware/auth.ts';
import { validate } from '../middleware/validate.ts';
import { id, TaskIdParam } from './schemas.ts';
import { op } from './openapi.ts';
import { portalWorkRoutes } from './portal-work.ts';

const ListQuery = v.object({ clientId: v.optional(id('cli')) });

/** The client side: only what the signed-in contact may see; anything else is 404. */
export const portalRoutes = new Hono<AppEnv>()
  .use(requireContact)
  .route('/', portalWorkRoutes)
  .get(
    '/tasks',
    op('portal', "The contact's tasks, optionally of one company", { caller: 'contact', errors: [404] }),
    validate('query', ListQuery),
    async (c) => {
      const { db, clock } = c.get('deps');
      const caller = c.get('contact');
      const { clientId } = c.req.valid('query');
      const items = await listPortalTasks(db, caller, clientId, clock.now());
      if (!items) throw notFound('No such company');
      return c.json({ items });
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
      const task = await getPortalTask(db, caller, c.req.valid('param').id, now);
      if (!task) throw notFound('No such task');
      if (task.unread) await markRead(db, caller, task.id, now);
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
      const task = await getPortalTask(db, caller, taskId, now);
      if (!task) throw notFound('No such task');
      if (task.state === 'open') await completePortalTask(db, caller, taskId, now);
      const done = await getPortalTask(db, caller, taskId, now);
      if (!done) throw notFound('No such task');
      return c.json(done);
    },
  );

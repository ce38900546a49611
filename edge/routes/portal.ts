import { Hono } from 'hono';
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { tasks } from '../../db/schema.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { recordActivityIfChanged } from '../data/activity.ts';
import { getPortalTask, listPortalTasks, markRead } from '../data/portal-tasks.ts';
import { requireContact } from '../middleware/auth.ts';
import { validate } from '../middleware/validate.ts';
import { id, TaskIdParam } from './schemas.ts';
import { op } from './openapi.ts';

const ListQuery = v.object({ clientId: v.optional(id('cli')) });

/** The client side: only what the signed-in contact may see; anything else is 404. */
export const portalRoutes = new Hono<AppEnv>()
  .use(requireContact)
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
      if (task.state === 'open') {
        // Conditional on what was just checked, so a staff withdrawal or a second click in between changes nothing.
        await db.batch([
          db
            .update(tasks)
            .set({
              clientState: 'done',
              clientDoneAt: now,
              updatedAt: now,
              firmState: sql`case when ${tasks.autoComplete} then 'completed' else ${tasks.firmState} end`,
              completedAt: sql`case when ${tasks.autoComplete} then ${now} else ${tasks.completedAt} end`,
            })
            .where(
              and(
                eq(tasks.firmId, caller.firmId),
                eq(tasks.id, taskId),
                isNotNull(tasks.assignedAt),
                isNull(tasks.withdrawnAt),
                eq(tasks.clientState, 'open'),
                eq(tasks.firmState, 'open'),
              ),
            ),
          recordActivityIfChanged(db, { firmId: caller.firmId, subjectId: taskId, caller, action: 'task.client_done', at: now }),
          markRead(db, caller, taskId, now),
        ]);
      }
      const done = await getPortalTask(db, caller, taskId, now);
      if (!done) throw notFound('No such task');
      return c.json(done);
    },
  );

import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { conflict, notFound } from '../errors.ts';
import { pageOf } from '../data/paging.ts';
import { firmJobStatus, listFirmJobs, retryFailedJob, type DeliveryState } from '../jobs/queue.ts';
import { requireAdmin, requireStaff } from '../middleware/auth.ts';
import { validate } from '../middleware/validate.ts';
import { notACursor, pageQuery } from './paging.ts';
import { id } from './schemas.ts';
import { op } from './openapi.ts';

const STATES = ['failed', 'pending', 'retrying'] as const satisfies readonly DeliveryState[];
/** A provider's error can be long; staff need its gist. */
const ERROR_CHARS = 500;

type Row = Awaited<ReturnType<typeof listFirmJobs>>[number];

const view = (row: Row) => {
  const state: DeliveryState = row.status === 'failed' ? 'failed' : row.attempts > 0 ? 'retrying' : 'pending';
  return {
    id: row.id,
    kind: row.kind,
    subjectId: row.subjectId,
    state,
    attempts: row.attempts,
    lastError: row.lastError === null ? null : row.lastError.slice(0, ERROR_CHARS),
    nextAttemptAt: state === 'failed' ? null : row.runAt,
    updatedAt: row.updatedAt,
    // What staff recognise a send job by; null for other jobs.
    email: row.emailTo === null ? null : { to: row.emailTo, subject: row.emailSubject ?? '', kind: row.emailKind },
  };
};

/** The firm's deferred work that failed or waits (emails, notices, reminders): the console's Delivery view; owner and admins only. */
export const deliveryRoutes = new Hono<AppEnv>()
  .use(requireStaff)
  .use(requireAdmin('Only the owner or an admin sees delivery'))
  .get(
    '/',
    op('firm', "The firm's failed and waiting jobs, newest change first; owner or admin", {
      caller: 'staff',
      errors: [400],
      description:
        '`state` filters: `failed` (given up: the last error says why), `pending` (not run yet), `retrying` (failed, tried again at `nextAttemptAt`); ' +
        'repeat it or leave it out for all three. Each item: `id`, `kind`, `subjectId` (the task or contact it is about, when known), `state`, `attempts`, `lastError`, `nextAttemptAt` (null when failed), `updatedAt`, `email`: for an email (`kind: email.send`) `{ to, subject, kind }` (its address, subject and what it is: `assigned`, `reminder`, `sign_in`, ...), else null.',
    }),
    validate('query', v.object({ ...pageQuery(), state: v.optional(v.union([v.picklist(STATES), v.array(v.picklist(STATES))])) })),
    async (c) => {
      const { limit, cursor, state } = c.req.valid('query');
      const states = state === undefined ? STATES : Array.isArray(state) ? state : [state];
      const after = cursor && typeof cursor[0] === 'number' && typeof cursor[1] === 'string' ? ([cursor[0], cursor[1]] as [number, string]) : undefined;
      if (cursor && !after) throw notACursor();
      const rows = await listFirmJobs(c.get('deps').db, c.get('staff').firmId, { states, limit, after });
      return c.json(pageOf(rows, limit, (row) => [row.updatedAt, row.id], view));
    },
  )
  .post(
    '/:id/retry',
    op('firm', 'Try a failed job again now; owner or admin', { caller: 'staff', errors: [404, 409], description: '409 when the job is not failed (it is waiting, running or done).' }),
    validate('param', v.object({ id: id('job') })),
    async (c) => {
      const { db, clock, scheduler } = c.get('deps');
      const firmId = c.get('staff').firmId;
      const jobId = c.req.valid('param').id;
      const now = clock.now();
      if (!(await retryFailedJob(db, firmId, jobId, now))) {
        const status = await firmJobStatus(db, firmId, jobId);
        if (!status) throw notFound('No such job');
        throw conflict(`This job is ${status}; only a failed job can be tried again`);
      }
      await scheduler.wake(now, jobId);
      return c.json({ id: jobId, state: 'pending' as const, nextAttemptAt: now });
    },
  );

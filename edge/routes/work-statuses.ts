import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { ApiError, conflict, notFound } from '../errors.ts';
import { createWorkStatus, findWorkStatus, findWorkStatusByName, listWorkStatuses, updateWorkStatus } from '../data/work.ts';
import { validate } from '../middleware/validate.ts';
import { op } from './openapi.ts';
import { id, RequiredText } from './schemas.ts';

const StatusName = v.pipe(RequiredText(100), v.regex(/^[^\r\n]*$/, 'One line, please'));
const CreateStatus = v.strictObject({ name: StatusName, clientFacing: v.optional(v.boolean(), false) });
const PatchStatus = v.strictObject({
  version: v.pipe(v.number(), v.integer(), v.minValue(0)),
  name: v.optional(StatusName),
  clientFacing: v.optional(v.boolean()),
  position: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000))),
});
const StatusIdParam = v.object({ id: id('wst') });

const stale = () => conflict('The status changed meanwhile; reload and try again');
const duplicate = () => new ApiError(409, 'conflict', 'The firm already has a status of that name');

/** The firm's list of work statuses; those marked client-facing are named to clients in the portal's "Work in progress". */
export const workStatusRoutes = new Hono<AppEnv>()
  .get('/', op('work', "The firm's work statuses, in their order", { caller: 'staff' }), async (c) => {
    return c.json({ items: await listWorkStatuses(c.get('deps').db, c.get('staff').firmId), nextCursor: null as string | null });
  })
  .post(
    '/',
    op('work', 'Add a work status at the end of the list', { caller: 'staff', ok: 201, errors: [409] }),
    validate('json', CreateStatus),
    async (c) => {
      const { db, clock } = c.get('deps');
      const staff = c.get('staff');
      const input = c.req.valid('json');
      if (await findWorkStatusByName(db, staff.firmId, input.name)) throw duplicate();
      const statusId = await createWorkStatus(db, staff, input, clock.now());
      return c.json((await findWorkStatus(db, staff.firmId, statusId))!, 201);
    },
  )
  .patch(
    '/:id',
    op('work', 'Rename a work status, mark it client-facing or not, or move it', {
      caller: 'staff',
      errors: [404, 409],
      description: 'Send the `version` the status was read at (compare-and-set); when it changed meanwhile, 409 and nothing is written.',
    }),
    validate('param', StatusIdParam),
    validate('json', PatchStatus),
    async (c) => {
      const { db, clock } = c.get('deps');
      const staff = c.get('staff');
      const statusId = c.req.valid('param').id;
      const { version, ...change } = c.req.valid('json');
      const status = await findWorkStatus(db, staff.firmId, statusId);
      if (!status) throw notFound('No such status');
      if (status.version !== version) throw stale();
      if (change.name && (await findWorkStatusByName(db, staff.firmId, change.name, statusId))) throw duplicate();
      if (Object.keys(change).length > 0 && (await updateWorkStatus(db, staff, statusId, version, change, clock.now())) === 'stale') throw stale();
      return c.json((await findWorkStatus(db, staff.firmId, statusId))!);
    },
  );

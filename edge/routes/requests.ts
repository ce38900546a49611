import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { ApiError, conflict, notFound } from '../errors.ts';
import { getFirm } from '../data/firms.ts';
import { findClient, getFirmTask } from '../data/firm-tasks.ts';
import { listInbox } from '../data/inbox.ts';
import {
  assignRequest,
  convertRequest,
  createRequest,
  findFirmRequestRow,
  getFirmRequest,
  getPortalRequest,
  isFirmMember,
  listFirmRequests,
  listPortalRequests,
  setRequestState,
} from '../data/requests.ts';
import { todayIn } from '../../db/dates.ts';
import { assignmentNoticeJobs } from '../jobs/assignment-notice.ts';
import { requireContact, requireStaff } from '../middleware/auth.ts';
import { validate } from '../middleware/validate.ts';
import { requestsOff, MessageBody } from './messages.ts';
import { op } from './openapi.ts';
import { pageQuery } from './paging.ts';
import { id, PlainString, Text } from './schemas.ts';

export const MAX_SUBJECT_CHARS = 200;
const Subject = v.pipe(PlainString, v.trim(), v.minLength(1, 'Give the request a subject'), v.maxLength(MAX_SUBJECT_CHARS, `A subject is at most ${MAX_SUBJECT_CHARS} characters`));
const NewRequest = v.strictObject({ clientId: v.optional(id('cli')), subject: Subject, body: MessageBody });
const RequestParam = v.object({ id: id('req') });
const PortalListQuery = v.object({ ...pageQuery(), clientId: v.optional(id('cli')) });
const FirmListQuery = v.object({
  ...pageQuery(),
  state: v.optional(v.picklist(['open', 'answered', 'converted', 'closed'])),
  clientId: v.optional(id('cli')),
  assignedMemberId: v.optional(id('mem')),
  q: v.optional(v.pipe(Text(200), v.transform((s) => s || undefined))),
});
const Assign = v.strictObject({ assignedMemberId: v.nullable(id('mem')), version: v.pipe(v.number(), v.integer(), v.minValue(0)) });
const InboxQuery = v.object({
  ...pageQuery(),
  thread: v.optional(v.picklist(['task', 'request'], 'Say "task" or "request"')),
  q: v.optional(v.pipe(Text(200), v.transform((s) => s || undefined))),
});
const REQUEST_DOC =
  'A request: `subject`, `body`, `state` (open: waiting for the firm; answered: the firm wrote a portal message; converted: it became a task; closed), `unreadMessages` for the caller.';

/** The client side of requests: a contact's own requests, for their companies. */
export const portalRequestRoutes = new Hono<AppEnv>()
  .use(requireContact)
  .get(
    '/requests',
    op('requests', "The contact's requests, newest first", { caller: 'contact', errors: [404], description: `${REQUEST_DOC} Each with \`task\` ({ id, title }) once it became one. Optionally of one company (\`clientId\`).` }),
    validate('query', PortalListQuery),
    async (c) => {
      const caller = c.get('contact');
      const { clientId, limit, cursor } = c.req.valid('query');
      if (clientId && !caller.clientIds.includes(clientId)) throw notFound('No such company');
      return c.json(await listPortalRequests(c.get('deps').db, caller, { clientId, limit, after: cursor }));
    },
  )
  .post(
    '/requests',
    op('requests', 'Send the firm a request for one of your companies', {
      caller: 'contact',
      ok: 201,
      errors: [403, 404],
      description:
        '`clientId` names the company; it may be left out when the contact has only one. Subject 1-200 and body 1-10,000 characters, plain text stored as given. ' +
        'Files go on with `PUT /api/v1/portal/requests/{id}/files/{name}` afterwards. 403 `requests_off` when the firm takes no new requests from the portal (the message says how to reach it).',
    }),
    validate('json', NewRequest),
    async (c) => {
      const { db, clock } = c.get('deps');
      const caller = c.get('contact');
      const input = c.req.valid('json');
      const firm = (await getFirm(db, caller.firmId))!;
      if (!firm.portalRequestsEnabled) throw requestsOff(firm);
      const clientId = input.clientId ?? (caller.clientIds.length === 1 ? caller.clientIds[0] : undefined);
      if (!clientId) throw new ApiError(400, 'validation_failed', 'The request body is not valid', [{ path: 'clientId', message: 'Say which company this request is for' }]);
      const requestId = await createRequest(db, caller, { clientId, subject: input.subject, body: input.body }, clock.now());
      if (!requestId) throw notFound('No such company');
      return c.json((await getPortalRequest(db, caller, requestId))!, 201);
    },
  )
  .get(
    '/requests/:id',
    op('requests', 'One of your requests, with the task it became', { caller: 'contact', errors: [404], description: REQUEST_DOC }),
    validate('param', RequestParam),
    async (c) => {
      const request = await getPortalRequest(c.get('deps').db, c.get('contact'), c.req.valid('param').id);
      if (!request) throw notFound('No such request');
      return c.json(request);
    },
  );

const VISIBILITY_DOC =
  'A request is seen only by the client\'s responsible member, the member it is assigned to, admins, the owner and API keys; for anyone else it does not exist (404, never listed or counted).';

/** The staff side of requests and the inbox. */
export const firmRequestRoutes = new Hono<AppEnv>()
  .use(requireStaff)
  .get(
    '/inbox',
    op('requests', 'The inbox: new client requests and client portal messages, newest first', {
      caller: 'staff',
      description:
        'Each item: `kind` (request or message), its `thread` ({ kind: task|request, id, title }), `client`, `contact`, an `excerpt`, `at`, and `unread` (it came after the caller last opened the thread). ' +
        'Filters: `thread` (`task`: client messages on tasks only; `request`: requests and the client messages on them), `q` (a piece of a request\'s subject or body, or of a message). ' +
        VISIBILITY_DOC,
    }),
    validate('query', InboxQuery),
    async (c) => {
      const { limit, cursor, ...filters } = c.req.valid('query');
      return c.json(await listInbox(c.get('deps').db, c.get('staff'), filters, { limit, after: cursor }));
    },
  )
  .get(
    '/requests',
    op('requests', 'Client requests, newest first, optionally filtered', {
      caller: 'staff',
      errors: [404],
      description: `Filters: \`state\`, \`clientId\`, \`assignedMemberId\`, \`q\` (a piece of the subject or body). ${REQUEST_DOC} ${VISIBILITY_DOC}`,
    }),
    validate('query', FirmListQuery),
    async (c) => {
      const { db } = c.get('deps');
      const caller = c.get('staff');
      const { limit, cursor, ...filters } = c.req.valid('query');
      if (filters.clientId && !(await findClient(db, caller.firmId, filters.clientId))) throw notFound('No such client');
      if (filters.assignedMemberId && !(await isFirmMember(db, caller.firmId, filters.assignedMemberId))) throw notFound('No such member');
      return c.json(await listFirmRequests(db, caller, filters, { limit, after: cursor }));
    },
  )
  .get('/requests/:id', op('requests', 'One request', { caller: 'staff', errors: [404], description: `${REQUEST_DOC} ${VISIBILITY_DOC}` }), validate('param', RequestParam), async (c) => {
    const request = await getFirmRequest(c.get('deps').db, c.get('staff'), c.req.valid('param').id);
    if (!request) throw notFound('No such request');
    return c.json(request);
  })
  .patch(
    '/requests/:id',
    op('requests', 'Assign the request to a member (or to nobody)', {
      caller: 'staff',
      errors: [404, 409],
      description: 'Send the `version` the request was read at (409 when it changed meanwhile). The member must be of the firm (404).',
    }),
    validate('param', RequestParam),
    validate('json', Assign),
    async (c) => {
      const { db, clock } = c.get('deps');
      const caller = c.get('staff');
      const { assignedMemberId, version } = c.req.valid('json');
      const row = await findFirmRequestRow(db, caller, c.req.valid('param').id);
      if (!row) throw notFound('No such request');
      if (assignedMemberId && !(await isFirmMember(db, caller.firmId, assignedMemberId))) throw notFound('No such member');
      if (row.version !== version || !(await assignRequest(db, caller, row, assignedMemberId, clock.now()))) throw conflict('The request changed meanwhile; reload and try again');
      // The caller may no longer see it (a member who assigned it away from themselves): then there is nothing to show.
      const request = await getFirmRequest(db, caller, row.id);
      return request ? c.json(request) : c.body(null, 204);
    },
  )
  .post(
    '/requests/:id/:action{close|reopen}',
    op('requests', 'Close a request, or reopen a closed one', {
      caller: 'staff',
      errors: [404, 409],
      description: 'Answers the request. Closing a closed one, or reopening an open one, changes nothing; a converted request cannot be closed or reopened (409).',
    }),
    validate('param', v.object({ id: id('req'), action: v.picklist(['close', 'reopen']) })),
    async (c) => {
      const { db, clock } = c.get('deps');
      const caller = c.get('staff');
      const { id: requestId, action } = c.req.valid('param');
      const row = await findFirmRequestRow(db, caller, requestId);
      if (!row) throw notFound('No such request');
      if (row.state === 'converted') throw conflict('This request became a task; it cannot be closed or reopened');
      const to = action === 'close' ? 'closed' : 'open';
      const already = action === 'close' ? row.state === 'closed' : row.state !== 'closed';
      if (!already && !(await setRequestState(db, caller, row, to, clock.now()))) throw conflict('The request changed meanwhile; reload and try again');
      return c.json((await getFirmRequest(db, caller, row.id))!);
    },
  )
  .post(
    '/requests/:id/task',
    op('requests', 'Turn the request into a task for the same client', {
      caller: 'staff',
      ok: 201,
      errors: [404, 409],
      description:
        'Answers the new task, assigned to the portal: the request\'s subject is its title, its body the description, its files are linked to it, and the request becomes `converted` with its `taskId` ' +
        '(its conversation stays on the request, which links to the task on both sides; the task answers `fromRequest: { id, subject }` back to it for those the request is directed to). 409 for a closed or already converted request.',
    }),
    validate('param', RequestParam),
    async (c) => {
      const { db, clock, config, scheduler } = c.get('deps');
      const caller = c.get('staff');
      const row = await findFirmRequestRow(db, caller, c.req.valid('param').id);
      if (!row) throw notFound('No such request');
      if (row.state === 'closed' || row.state === 'converted') throw conflict(row.state === 'closed' ? 'This request is closed; reopen it first' : 'This request is already a task');
      const now = clock.now();
      const notices = await assignmentNoticeJobs(db, config, { firmId: caller.firmId, clientId: row.clientId, assignedAt: now });
      const converted = await convertRequest(db, caller, row, now, notices.inserts);
      if (converted === 'stale') throw conflict('The request changed meanwhile; reload and try again');
      if (notices.inserts.length > 0) await scheduler.wake(notices.runAt, converted.taskId);
      return c.json((await getFirmTask(db, caller.firmId, converted.taskId, todayIn(caller.timezone, now), caller))!, 201);
    },
  );

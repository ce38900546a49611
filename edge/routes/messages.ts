import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { ApiError, notFound } from '../errors.ts';
import type { Db } from '../../db/client.ts';
import type { SameBatch } from '../data/firm-tasks.ts';
import { messageNoticeJobs } from '../jobs/message-notice.ts';
import { getFirm } from '../data/firms.ts';
import { downloadUrl } from '../data/files.ts';
import {
  attachableFiles,
  closedFor,
  findFirmThread,
  findPortalThread,
  getMessage,
  isReadableMessage,
  listThread,
  markThreadRead,
  postMessageStatements,
  threadHasMessages,
  type Author,
  type MessageView,
  type NewMessage,
  type Thread,
  type ThreadInfo,
} from '../data/messages.ts';
import type { Caller, ContactCaller } from '../domain/caller.ts';
import { requireContact, requireStaff } from '../middleware/auth.ts';
import { validate } from '../middleware/validate.ts';
import { op } from './openapi.ts';
import { pageQuery } from './paging.ts';
import type { CursorKey } from '../data/paging.ts';
import { id, PlainString } from './schemas.ts';

export const MAX_MESSAGE_CHARS = 10_000;

/** Plain text, stored as given (HTML included: it is shown as text), trimmed, 1..10,000 characters. */
export const MessageBody = v.pipe(
  PlainString,
  v.trim(),
  v.minLength(1, 'Write a message'),
  v.maxLength(MAX_MESSAGE_CHARS, `A message is at most ${MAX_MESSAGE_CHARS.toLocaleString('en')} characters`),
);
/** Files are made by the files module; any id of ours is let through to the check against the thread. */
const FileId = v.pipe(v.string(), v.regex(/^[a-z]{2,5}_[a-z0-9]{1,40}$/, 'Not a file id'));
const FileIds = v.optional(v.pipe(v.array(FileId), v.maxLength(20, 'At most 20 files per message'), v.check((ids) => new Set(ids).size === ids.length, 'A file may be listed once')));
const PortalMessage = v.strictObject({
  body: MessageBody,
  // Clients write portal messages only; saying so is allowed, asking for anything else is refused.
  visibility: v.optional(v.literal('portal', 'Clients write portal messages only')),
  replyToId: v.optional(id('msg')),
  fileIds: FileIds,
});
const FirmMessage = v.strictObject({
  body: MessageBody,
  visibility: v.picklist(['internal', 'portal'], 'Say whether this is an internal comment or a portal message the client sees: "internal" or "portal"'),
  replyToId: v.optional(id('msg')),
  fileIds: FileIds,
});
const PageQuery = v.object(pageQuery());
const THREAD_PARAM = { task: v.object({ id: id('tsk') }), request: v.object({ id: id('req') }) } as const;

/** The firm has turned off new threads from the portal: how to reach it instead. */
export function requestsOff(firm: { name: string }) {
  return new ApiError(403, 'requests_off', `${firm.name} does not take new requests or conversations in the portal. Please contact ${firm.name} directly by email or phone; replies on existing conversations still work.`);
}

const CLOSED_THREAD = {
  completed: 'The firm has completed this task, so its conversation is closed; please contact the firm directly',
  closed: 'This request is closed; send a new request instead',
  converted: 'This request became a task; write on the task instead',
} as const;

/**
 * Whether a contact may write in this thread now: not once it is closed (a
 * task the firm completed, a request closed or turned into a task: 409
 * `thread_closed`); a first message only while the firm takes new threads
 * from the portal. Answers the refusal, or null. The portal and replies by
 * email both go through here.
 */
export async function clientPostRefusal(db: Db, author: Author & { kind: 'contact' }, info: ThreadInfo): Promise<ApiError | null> {
  const closed = closedFor(info);
  if (closed) return new ApiError(409, 'thread_closed', CLOSED_THREAD[closed]);
  const firm = (await getFirm(db, author.firmId))!;
  if (!firm.portalRequestsEnabled && info.thread.kind === 'task' && !(await threadHasMessages(db, author as ContactCaller, info.thread))) return requestsOff(firm);
  return null;
}

/** Checks a message's reply and files against the thread, then posts it with `sameBatch`. Answers the message as the author sees it, its files with download links. */
async function post(deps: { db: Db; config: LinkConfig }, author: Caller, info: ThreadInfo, input: NewMessage, now: number, sameBatch: SameBatch = []) {
  const { db, config } = deps;
  if (input.replyToId && !(await isReadableMessage(db, author, info.thread, input.replyToId))) {
    throw new ApiError(400, 'validation_failed', 'The request body is not valid', [{ path: 'replyToId', message: 'Not a message of this thread' }]);
  }
  const fileIds = input.fileIds ?? [];
  const attachable = await attachableFiles(db, author, info.thread, fileIds, input.visibility);
  const wrong = fileIds.filter((f) => !attachable.has(f));
  if (wrong.length > 0) {
    throw new ApiError(400, 'validation_failed', 'The request body is not valid', [{ path: 'fileIds', message: `Not your upload to this thread, already on a message, or not for a message of this kind: ${wrong.join(', ')}` }]);
  }
  const { id, statements } = postMessageStatements(db, author, info, input, now, sameBatch);
  await db.batch(statements);
  const [answer] = await withDownloadLinks(config, author.firmId, now, [(await getMessage(db, author, info.thread, id))!]);
  return answer!;
}

/** One page of the thread as the reader may see it, files with download links; reading it marks the thread read. */
async function readThread(deps: { db: Db; config: LinkConfig; clock: { now(): number } }, reader: Caller, thread: Thread, query: { limit: number; cursor?: CursorKey | undefined }) {
  const now = deps.clock.now();
  const page = await listThread(deps.db, reader, thread, { limit: query.limit, after: query.cursor });
  // A staff preview reads as the contact but leaves the thread unread for them.
  if (!(reader.kind === 'contact' && reader.previewBy)) await markThreadRead(deps.db, reader, thread.id, now);
  return { ...page, items: await withDownloadLinks(deps.config, reader.firmId, now, page.items) };
}

/** Each attachment of the messages with a signed download link (valid minutes, like every file answer's). */
type LinkConfig = { publicUrl: string; signingSecret: string };

async function withDownloadLinks(config: LinkConfig, firmId: string, now: number, list: MessageView[]) {
  const link = async (a: MessageView['attachments'][number]) => ({ ...a, downloadUrl: await downloadUrl(config.publicUrl, config.signingSecret, { firmId, id: a.id }, now) });
  return Promise.all(list.map(async ({ attachments, ...m }) => ({ ...m, attachments: await Promise.all(attachments.map(link)) })));
}

/** The thread a write is for, looked up (and its visibility checked) once, before the body is read. */
type ThreadEnv = { Variables: AppEnv['Variables'] & { thread: ThreadInfo } };

function portalThreadRoutes(kind: Thread['kind']) {
  const noun = kind === 'task' ? 'task' : 'request';
  return new Hono<ThreadEnv>()
    .use(requireContact)
    .get(
      `/${noun}s/:id/messages`,
      op('messages', `The ${noun}'s conversation, newest first; opening it marks it read`, {
        caller: 'contact',
        errors: [404],
        description: 'Only portal messages: internal comments of the firm are never listed. Each with `mine` (written by this contact), `replyToId` and `attachments`. Pass `nextCursor` as `cursor` for older messages.',
      }),
      validate('param', THREAD_PARAM[kind]),
      validate('query', PageQuery),
      async (c) => {
        const deps = c.get('deps');
        const caller = c.get('contact');
        const thread = { kind, id: c.req.valid('param').id };
        if (!(await findPortalThread(deps.db, caller, thread))) throw notFound(`No such ${noun}`);
        return c.json(await readThread(deps, caller, thread, c.req.valid('query')));
      },
    )
    .post(
      `/${noun}s/:id/messages`,
      op('messages', `Write a portal message on the ${noun}`, {
        caller: 'contact',
        ok: 201,
        errors: [403, 404, 409],
        description:
          'A client always writes portal messages (`visibility: "internal"` is refused, 400). `replyToId` answers a message of the same thread; `fileIds` attaches files this contact uploaded to it. ' +
          '403 `requests_off` for a first message on a task when the firm takes no new threads from the portal; 409 `thread_closed` once the thread is closed: ' +
          (kind === 'task' ? 'the firm completed the task (the client still reads it; staff may still write).' : 'the request was closed or turned into a task.'),
      }),
      validate('param', THREAD_PARAM[kind]),
      // Looked up once, before the body: a thread the contact cannot see is 404 whatever the body, so nothing about it shows through validation.
      async (c, next) => {
        const info = await findPortalThread(c.get('deps').db, c.get('contact'), { kind, id: c.req.valid('param').id });
        if (!info) throw notFound(`No such ${noun}`);
        c.set('thread', info);
        await next();
      },
      validate('json', PortalMessage),
      async (c) => {
        const { db, clock, config } = c.get('deps');
        const caller = c.get('contact');
        const info = c.get('thread');
        const refusal = await clientPostRefusal(db, caller, info);
        if (refusal) throw refusal;
        const { body, replyToId, fileIds } = c.req.valid('json');
        return c.json(await post({ db, config }, caller, info, { body, replyToId, fileIds, visibility: 'portal' }, clock.now()), 201);
      },
    );
}

function firmThreadRoutes(kind: Thread['kind']) {
  const noun = kind === 'task' ? 'task' : 'request';
  return new Hono<ThreadEnv>()
    .use(requireStaff)
    .get(
      `/${noun}s/:id/messages`,
      op('messages', `The ${noun}'s conversation with internal comments, newest first; opening it marks it read`, {
        caller: 'staff',
        errors: [404],
        description: 'Every message, each with its `visibility` (`internal`: firm only; `portal`: the client sees it). Pass `nextCursor` as `cursor` for older messages.',
      }),
      validate('param', THREAD_PARAM[kind]),
      validate('query', PageQuery),
      async (c) => {
        const deps = c.get('deps');
        const caller = c.get('staff');
        const thread = { kind, id: c.req.valid('param').id };
        if (!(await findFirmThread(deps.db, caller, thread))) throw notFound(`No such ${noun}`);
        return c.json(await readThread(deps, caller, thread, c.req.valid('query')));
      },
    )
    .post(
      `/${noun}s/:id/messages`,
      op('messages', `Write an internal comment or a portal message on the ${noun}`, {
        caller: 'staff',
        ok: 201,
        errors: [404],
        description:
          '`visibility` is required: `internal` (firm only) or `portal` (the client sees it). `replyToId` answers a message of the same thread; `fileIds` attaches files the caller uploaded to it (a portal message publishes them: a staff upload for a message goes up with `for=internal` and reaches the client only with the portal message that carries it; a document request\'s version never goes on an internal note). ' +
          'A portal message is emailed to the contacts who may see the thread about MESSAGE_NOTIFY_DELAY_SECONDS (default 120) later, several in that window as one email, unless they read it in the portal first; an internal comment never is. ' +
          (kind === 'request' ? 'A portal message on an open request makes it `answered`.' : ''),
      }),
      validate('param', THREAD_PARAM[kind]),
      async (c, next) => {
        const info = await findFirmThread(c.get('deps').db, c.get('staff'), { kind, id: c.req.valid('param').id });
        if (!info) throw notFound(`No such ${noun}`);
        c.set('thread', info);
        await next();
      },
      validate('json', FirmMessage),
      async (c) => {
        const { db, clock, config, scheduler } = c.get('deps');
        const caller = c.get('staff');
        const info = c.get('thread');
        const input = c.req.valid('json');
        const now = clock.now();
        // The client hears of a portal message by email a little later; an internal comment never reaches them.
        const notices = input.visibility === 'portal' ? await messageNoticeJobs(db, config, { firmId: caller.firmId, thread: info.thread, clientId: info.clientId, postedAt: now }) : null;
        const message = await post({ db, config }, caller, info, input, now, notices?.inserts);
        if (notices && notices.inserts.length > 0) await scheduler.wake(notices.runAt, notices.wakeId);
        return c.json(message, 201);
      },
    );
}

/** Conversations, client side: mounted under `/api/v1/portal`. */
export const portalMessageRoutes = new Hono<AppEnv>().route('/', portalThreadRoutes('task')).route('/', portalThreadRoutes('request'));
/** Conversations, staff side: mounted under `/api/v1/firm`. */
export const firmMessageRoutes = new Hono<AppEnv>().route('/', firmThreadRoutes('task')).route('/', firmThreadRoutes('request'));

import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { ApiError, forbidden, notFound } from '../errors.ts';
import {
  firmMemberIds,
  listNotifications,
  listWatchers,
  markNotificationsRead,
  memberEmailPrefs,
  setWatchers,
  unreadCount,
  updateMemberEmailPrefs,
  type MemberCaller,
} from '../data/notifications.ts';
import { isAdmin } from '../domain/caller.ts';
import { requireStaff } from '../middleware/auth.ts';
import { validate } from '../middleware/validate.ts';
import { op } from './openapi.ts';
import { pageQuery } from './paging.ts';
import { id } from './schemas.ts';

const ListQuery = v.object({ ...pageQuery(), unread: v.optional(v.picklist(['true', 'false'], 'Say "true" or "false"')) });
const ReadBody = v.union([v.strictObject({ ids: v.pipe(v.array(id('ntf')), v.minLength(1), v.maxLength(100)) }), v.strictObject({ all: v.literal(true) })], 'Send { ids } or { all: true }');
const ClientParam = v.object({ id: id('cli') });
const WatchersBody = v.strictObject({ memberIds: v.pipe(v.array(id('mem')), v.maxLength(50)) });
const MemberPrefsPatch = v.strictObject({
  requestCreated: v.optional(v.boolean()),
  clientMessage: v.optional(v.boolean()),
  clientCompleted: v.optional(v.boolean()),
  uploadsDone: v.optional(v.boolean()),
});

/** Notifications and email preferences are a member's own: an API key has neither. */
function memberOf(c: Context<AppEnv>): MemberCaller {
  const staff = c.get('staff');
  if (staff.kind !== 'member') throw forbidden('Notifications are for members signed in as themselves');
  return staff;
}

const NOTIFICATION_DOC =
  'Each notification: `kind` (the event: `request.created`, `message.client_added`, `message.email_reply`, `task.client_completed`, `task.uploads_done`), ' +
  '`taskId` or `requestId` (what to open), `clientId`, `actorName`, `summary` (the task title or request subject, plain text), `createdAt`, `read`.';

/**
 * The member's side of the notification rules: their notifications (the
 * client's responsible member and watchers hear what clients do), which of
 * them also come by email, and who watches a client.
 */
export const notificationRoutes = new Hono<AppEnv>()
  .use(requireStaff)
  .get(
    '/notifications',
    op('notifications', "The member's notifications, newest first", {
      caller: 'staff',
      description: `${NOTIFICATION_DOC} \`unread=true\`: only unread ones. Answers \`{ items, nextCursor, unreadCount }\`.`,
    }),
    validate('query', ListQuery),
    async (c) => {
      const { limit, cursor, unread } = c.req.valid('query');
      return c.json(await listNotifications(c.get('deps').db, memberOf(c), { unread: unread === 'true', limit, after: cursor }));
    },
  )
  .post(
    '/notifications/read',
    op('notifications', 'Mark notifications read: `{ ids }` or `{ all: true }`', { caller: 'staff', description: 'Ids of another member are ignored. Answers `{ unreadCount }`.' }),
    validate('json', ReadBody),
    async (c) => {
      const member = memberOf(c);
      const { db, clock } = c.get('deps');
      await markNotificationsRead(db, member, c.req.valid('json'), clock.now());
      return c.json({ unreadCount: await unreadCount(db, member) });
    },
  )
  .get('/profile/email-prefs', op('notifications', "Which notifications also come to the member by email", { caller: 'staff', description: 'Each of `requestCreated`, `clientMessage`, `clientCompleted`, `uploadsDone`: true (emailed, the default) or false (console only).' }), async (c) =>
    c.json(await memberEmailPrefs(c.get('deps').db, memberOf(c))),
  )
  .patch('/profile/email-prefs', op('notifications', 'Change which notifications also come by email', { caller: 'staff' }), validate('json', MemberPrefsPatch), async (c) =>
    c.json(await updateMemberEmailPrefs(c.get('deps').db, memberOf(c), c.req.valid('json'))),
  )
  .get('/clients/:id/watchers', op('notifications', "The members who hear about the client beside its responsible member", { caller: 'staff', errors: [404] }), validate('param', ClientParam), async (c) => {
    const found = await listWatchers(c.get('deps').db, c.get('staff').firmId, c.req.valid('param').id);
    if (!found) throw notFound('No such client');
    return c.json({ memberIds: found.memberIds });
  })
  .put(
    '/clients/:id/watchers',
    op('notifications', "Replace the client's watchers (owner, admin or the client's responsible member)", { caller: 'staff', errors: [403, 404], description: 'Every id must be a member of the firm (else 400, nothing changed).' }),
    validate('param', ClientParam),
    validate('json', WatchersBody),
    async (c) => {
      const staff = c.get('staff');
      const { db, clock } = c.get('deps');
      const clientId = c.req.valid('param').id;
      const found = await listWatchers(db, staff.firmId, clientId);
      if (!found) throw notFound('No such client');
      const responsible = staff.kind === 'member' && staff.memberId === found.responsibleMemberId;
      if (!isAdmin(staff) && !responsible) throw forbidden("Only the owner, an admin or the client's responsible member changes its watchers");
      const memberIds = [...new Set(c.req.valid('json').memberIds)];
      const known = await firmMemberIds(db, staff.firmId, memberIds);
      const unknown = memberIds.map((m, i) => ({ m, i })).filter(({ m }) => !known.has(m));
      if (unknown.length > 0) throw new ApiError(400, 'validation_failed', 'Not members of this firm', unknown.map(({ i }) => ({ path: `memberIds.${i}`, message: 'No such member' })));
      await setWatchers(db, staff.firmId, clientId, memberIds, clock.now());
      return c.json({ memberIds: [...memberIds].sort() });
    },
  );

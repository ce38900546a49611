import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import {
  createAnnouncement,
  deleteAnnouncement,
  dismissAnnouncement,
  getAnnouncement,
  listAnnouncements,
  portalAnnouncements,
  updateAnnouncement,
} from '../data/announcements.ts';
import { requireAdmin, requireContact, requireStaff } from '../middleware/auth.ts';
import { validate } from '../middleware/validate.ts';
import { op } from './openapi.ts';
import { pageQuery } from './paging.ts';
import { id, RequiredText, Text } from './schemas.ts';

const AnnouncementParam = v.object({ id: id('ann') });
/** A time in UTC milliseconds, from 2000 to 2100. */
const Instant = v.pipe(v.number(), v.integer(), v.minValue(946_684_800_000), v.maxValue(4_102_444_800_000));
const NewAnnouncement = v.strictObject({
  title: RequiredText(200),
  body: RequiredText(5_000),
  published: v.optional(v.boolean(), false),
  endsAt: v.optional(v.nullable(Instant), null),
});
const AnnouncementPatch = v.strictObject({
  title: v.optional(RequiredText(200)),
  body: v.optional(RequiredText(5_000)),
  published: v.optional(v.boolean()),
  endsAt: v.optional(v.nullable(Instant)),
});
const StaffListQuery = v.object({ ...pageQuery(), q: v.optional(v.pipe(Text(200), v.transform((s) => s || undefined))) });
const PortalListQuery = v.object(pageQuery());

const DOC =
  'An announcement is plain text (`title`, `body`), a draft until `published` (the first publication time is kept), shown in the portal until `endsAt` (UTC ms; null: until unpublished) ' +
  'while the firm has `announcementsEnabled` on.';

/** The firm's announcements: staff read them; the owner and admins write them. */
export const firmAnnouncementRoutes = new Hono<AppEnv>()
  .use('/announcements/*', requireStaff)
  .use('/announcements', requireStaff)
  .get('/announcements', op('firm', "The firm's announcements, newest first", { caller: 'staff', description: `${DOC} \`q\` searches the titles.` }), validate('query', StaffListQuery), async (c) => {
    const { limit, cursor, q } = c.req.valid('query');
    return c.json(await listAnnouncements(c.get('deps').db, c.get('staff').firmId, { q, limit, after: cursor }));
  })
  .post(
    '/announcements',
    op('firm', 'Write an announcement (owner or admin)', { caller: 'staff', ok: 201, errors: [403], description: DOC }),
    requireAdmin('Only the owner or an admin writes announcements'),
    validate('json', NewAnnouncement),
    async (c) => {
      const { db, clock } = c.get('deps');
      const staff = c.get('staff');
      const created = await createAnnouncement(db, staff, c.req.valid('json'), clock.now());
      return c.json((await getAnnouncement(db, staff.firmId, created))!, 201);
    },
  )
  .patch(
    '/announcements/:id',
    op('firm', 'Edit, publish or unpublish an announcement (owner or admin)', { caller: 'staff', errors: [403, 404], description: DOC }),
    requireAdmin('Only the owner or an admin changes announcements'),
    validate('param', AnnouncementParam),
    validate('json', AnnouncementPatch),
    async (c) => {
      const { db, clock } = c.get('deps');
      const staff = c.get('staff');
      const { id: announcementId } = c.req.valid('param');
      if (!(await updateAnnouncement(db, staff, announcementId, c.req.valid('json'), clock.now()))) throw notFound('No such announcement');
      return c.json((await getAnnouncement(db, staff.firmId, announcementId))!);
    },
  )
  .delete(
    '/announcements/:id',
    op('firm', 'Delete an announcement (owner or admin)', { caller: 'staff', ok: 204, errors: [403, 404] }),
    requireAdmin('Only the owner or an admin deletes announcements'),
    validate('param', AnnouncementParam),
    async (c) => {
      const { db, clock } = c.get('deps');
      if (!(await deleteAnnouncement(db, c.get('staff'), c.req.valid('param').id, clock.now()))) throw notFound('No such announcement');
      return c.body(null, 204);
    },
  );

/** What the contact sees: the live announcements, and dismissing one. */
export const portalAnnouncementRoutes = new Hono<AppEnv>()
  .use('/announcements/*', requireContact)
  .use('/announcements', requireContact)
  .get(
    '/announcements',
    op('portal', "The firm's live announcements, newest first, each with `dismissed`", {
      caller: 'contact',
      description: 'The portal home lists them; at each sign-in it shows those not `dismissed`. Empty while the firm has announcements off.',
    }),
    validate('query', PortalListQuery),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const { db, clock } = c.get('deps');
      return c.json(await portalAnnouncements(db, c.get('contact'), clock.now(), { limit, after: cursor }));
    },
  )
  .post(
    '/announcements/:id/dismiss',
    op('portal', 'Dismiss an announcement: it is no longer shown at sign-in', { caller: 'contact', ok: 204, errors: [404] }),
    validate('param', AnnouncementParam),
    async (c) => {
      const { db, clock } = c.get('deps');
      if (!(await dismissAnnouncement(db, c.get('contact'), c.req.valid('param').id, clock.now()))) throw notFound('No such announcement');
      return c.body(null, 204);
    },
  );

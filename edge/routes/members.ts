import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { ApiError, forbidden, notFound } from '../errors.ts';
import { getFirm } from '../data/firms.ts';
import { findMember, inviteMember, listMembers, removeMember, updateMember } from '../data/members.ts';
import { requestSignInLink } from '../jobs/sign-in-link.ts';
import { requireAdmin } from '../middleware/auth.ts';
import { validate } from '../middleware/validate.ts';
import { op } from './openapi.ts';
import { pageQuery } from './paging.ts';
import { Email, id, RequiredText, Text } from './schemas.ts';

const MemberListQuery = v.object({ ...pageQuery(), q: v.optional(v.pipe(Text(200), v.transform((s) => s || undefined))) });
const MemberParam = v.object({ id: id('mem') });
const PersonName = v.pipe(RequiredText(120), v.regex(/^[^\r\n]*$/, 'One line, please'));
/** A firm has one owner, who signed it up: invitations make admins or members. */
const Role = v.picklist(['admin', 'member'], 'A role is "admin" or "member"');
const Invite = v.strictObject({ email: Email, name: PersonName, role: v.optional(Role, 'member') });
const MemberPatch = v.strictObject({ name: v.optional(PersonName), role: v.optional(Role) });

const ROLES_DOC = 'The owner and admins manage settings, members and API keys; members work with clients and tasks.';

/** The firm's staff: whom a client or a work can be given to, and (owner and admins) who is on the team. */
export const memberRoutes = new Hono<AppEnv>()
  .get(
    '/',
    op('firm', "The firm's members, by name, a page at a time", {
      caller: 'staff',
      description: '`q` finds a part of the name or email, case-insensitive. Each with `role`, `invitedAt` and `lastSignInAt`. Pass `nextCursor` as `cursor` for the next page; it is null on the last.',
    }),
    validate('query', MemberListQuery),
    async (c) => {
      const { limit, cursor, q } = c.req.valid('query');
      return c.json(await listMembers(c.get('deps').db, c.get('staff').firmId, { q }, { limit, after: cursor }));
    },
  )
  .post(
    '/',
    op('firm', 'Invite a member by email (owner or admin)', { caller: 'staff', ok: 201, errors: [403, 409], description: `${ROLES_DOC} The invited person gets a console sign-in link. An address already on the team is 409 \`member_exists\`.` }),
    requireAdmin('Only the owner or an admin invites members'),
    validate('json', Invite),
    async (c) => {
      const deps = c.get('deps');
      const staff = c.get('staff');
      const input = c.req.valid('json');
      const invited = await inviteMember(deps.db, staff, input, deps.clock.now());
      if (invited === 'exists') throw new ApiError(409, 'member_exists', 'This address is on the team already', [{ path: 'email', message: 'Already a member' }]);
      const firm = await getFirm(deps.db, staff.firmId);
      await requestSignInLink(deps, { firm: firm!.slug, email: input.email, as: 'staff' });
      return c.json({ id: invited.id, email: input.email, name: input.name, role: input.role }, 201);
    },
  )
  .patch(
    '/:id',
    op('firm', "Change a member's name or role (owner or admin)", { caller: 'staff', ok: 204, errors: [403, 404], description: `${ROLES_DOC} The owner's role does not change.` }),
    requireAdmin('Only the owner or an admin changes members'),
    validate('param', MemberParam),
    validate('json', MemberPatch),
    async (c) => {
      const { db, clock } = c.get('deps');
      const staff = c.get('staff');
      const member = await findMember(db, staff.firmId, c.req.valid('param').id);
      if (!member) throw notFound('No such member');
      const change = c.req.valid('json');
      if (member.role === 'owner' && change.role) throw forbidden("The owner's role does not change");
      if (Object.keys(change).length > 0) await updateMember(db, staff, member.id, change, clock.now());
      // A new role counts at once, not after the session cache's few seconds.
      if (change.role) c.get('sessions').forgetAll();
      return c.body(null, 204);
    },
  )
  .delete(
    '/:id',
    op('firm', 'Remove a member (owner or admin): their sessions end at once; their name stays on the history', { caller: 'staff', ok: 204, errors: [403, 404] }),
    requireAdmin('Only the owner or an admin removes members'),
    validate('param', MemberParam),
    async (c) => {
      const { db, clock } = c.get('deps');
      const staff = c.get('staff');
      const member = await findMember(db, staff.firmId, c.req.valid('param').id);
      if (!member) throw notFound('No such member');
      if (member.role === 'owner') throw forbidden('The owner cannot be removed');
      await removeMember(db, staff, member.id, clock.now());
      c.get('sessions').forgetAll();
      return c.body(null, 204);
    },
  );

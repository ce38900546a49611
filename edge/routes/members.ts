import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { listMembers } from '../data/members.ts';
import { validate } from '../middleware/validate.ts';
import { op } from './openapi.ts';
import { pageQuery } from './paging.ts';
import { Text } from './schemas.ts';

const MemberListQuery = v.object({ ...pageQuery(), q: v.optional(v.pipe(Text(200), v.transform((s) => s || undefined))) });

/** The firm's staff: whom a client or a work can be given to as its responsible member. */
export const memberRoutes = new Hono<AppEnv>().get(
  '/',
  op('firm', "The firm's members, by name, a page at a time", {
    caller: 'staff',
    description: '`q` finds a part of the name or email, case-insensitive. Pass `nextCursor` as `cursor` for the next page; it is null on the last.',
  }),
  validate('query', MemberListQuery),
  async (c) => {
    const { limit, cursor, q } = c.req.valid('query');
    return c.json(await listMembers(c.get('deps').db, c.get('staff').firmId, { q }, { limit, after: cursor }));
  },
);

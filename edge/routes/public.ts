import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { findFirmBySlug, publicFirm, type Firm } from '../data/firms.ts';
import { validate } from '../middleware/validate.ts';
import { Slug } from './schemas.ts';
import { op } from './openapi.ts';

/**
 * A firm as the portal elements see it, signed in or not: its public face and
 * the portal switches the elements follow (`requestsEnabled`: the firm takes
 * new requests and new conversations from the portal).
 */
export function portalFirm(firm: Firm) {
  return { ...publicFirm(firm), requestsEnabled: firm.portalRequestsEnabled };
}

export const publicRoutes = new Hono<AppEnv>().get(
  '/firms/:slug',
  op('public', "A firm's name, locale and branding, for its sign-in page", {
    errors: [404],
    description:
      'With the portal switches the elements follow: `showWorkList` (the "Work in progress" list) and `requestsEnabled` ' +
      '(false: the firm takes no new requests or conversations from the portal, and `<request-form>` says how to reach it instead).',
  }),
  validate('param', v.object({ slug: Slug })),
  async (c) => {
    const firm = await findFirmBySlug(c.get('deps').db, c.req.valid('param').slug);
    if (!firm) throw notFound('No such firm');
    c.header('Cache-Control', 'public, max-age=60');
    return c.json(portalFirm(firm));
  },
);

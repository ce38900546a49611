import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { findFirmBySlug, publicFirm } from '../data/firms.ts';
import { validate } from '../middleware/validate.ts';
import { Slug } from './schemas.ts';
import { op } from './openapi.ts';

export const publicRoutes = new Hono<AppEnv>().get(
  '/firms/:slug',
  op('public', "A firm's name, locale and branding, for its sign-in page", { errors: [404] }),
  validate('param', v.object({ slug: Slug })),
  async (c) => {
    const firm = await findFirmBySlug(c.get('deps').db, c.req.valid('param').slug);
    if (!firm) throw notFound('No such firm');
    c.header('Cache-Control', 'public, max-age=60');
    return c.json(publicFirm(firm));
  },
);

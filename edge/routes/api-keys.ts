import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../data/sessions.ts';
import { requireAdmin } from '../middleware/auth.ts';
import { validate } from '../middleware/validate.ts';
import { id, RequiredText } from './schemas.ts';
import { op } from './openapi.ts';

/** Firm API keys for server-to-server calls: only the owner and admins, signed in as themselves, manage them. */
export const apiKeyRoutes = new Hono<AppEnv>()
  .use(requireAdmin('Only the owner or an admin manages API keys'))
  .get('/', op('firm', "The firm's API keys (never their secrets); owner or admin", { caller: 'staff' }), async (c) =>
    c.json({ items: await listApiKeys(c.get('deps').db, c.get('staff').firmId) }),
  )
  .post(
    '/',
    op('firm', 'Create an API key; its secret is in this answer only; owner or admin', { caller: 'staff', ok: 201 }),
    validate('json', v.object({ name: RequiredText(100) })),
    async (c) => {
      const { db, clock } = c.get('deps');
      return c.json(await createApiKey(db, c.get('staff').firmId, c.req.valid('json').name, clock.now(), c.get('staff')), 201);
    },
  )
  .delete(
    '/:id',
    op('firm', 'Revoke an API key; owner or admin', { caller: 'staff', ok: 204, errors: [404] }),
    validate('param', v.object({ id: id('key') })),
    async (c) => {
      const { db, clock } = c.get('deps');
      if (!(await revokeApiKey(db, c.get('staff').firmId, c.req.valid('param').id, clock.now(), c.get('staff')))) throw notFound('No such API key');
      c.get('sessions').forgetAll();
      return c.body(null, 204);
    },
  );

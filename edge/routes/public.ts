import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { ApiError, notFound } from '../errors.ts';
import { findFirmBySlug, publicFirm, type Firm } from '../data/firms.ts';
import { createFirm } from '../data/firm-signup.ts';
import { hitRateLimit } from '../data/rate-limits.ts';
import { isTimezone } from '../domain/calendar.ts';
import { requestSignInLink } from '../jobs/sign-in-link.ts';
import { validate } from '../middleware/validate.ts';
import { Email, RequiredText, Slug } from './schemas.ts';
import { FirmSlug } from './settings.ts';
import { op } from './openapi.ts';

/**
 * A firm as the portal elements see it, signed in or not: its public face and
 * the portal switches the elements follow (`requestsEnabled`: the firm takes
 * new requests and new conversations from the portal).
 */
export function portalFirm(firm: Firm, publicUrl: string) {
  return { ...publicFirm(firm, publicUrl), requestsEnabled: firm.portalRequestsEnabled };
}

const SignUp = v.strictObject({
  /** The firm's name; it goes into email subjects: one line. */
  name: v.pipe(RequiredText(120), v.regex(/^[^\r\n]*$/, 'One line, please')),
  email: Email,
  ownerName: v.optional(v.pipe(RequiredText(120), v.regex(/^[^\r\n]*$/, 'One line, please'))),
  slug: v.optional(FirmSlug),
  timezone: v.optional(v.pipe(v.string(), v.check(isTimezone, 'Use an IANA timezone such as Europe/Tallinn'))),
  locale: v.optional(v.picklist(['en', 'et'])),
});
const SIGNUPS_PER_HOUR = 5;

export const publicRoutes = new Hono<AppEnv>()
  .post(
    '/firms',
    op('public', 'Sign a new firm up: its owner gets a sign-in link to the console', {
      ok: 201,
      errors: [403, 409, 429],
      description:
        'Answers `{ slug, name }`. The address is made from the name when `slug` is left out (numbered when taken); a `slug` asked for and taken is 409 `slug_taken`. ' +
        "The portal starts switched off (`portalActive: false`). Refused with 403 `signup_closed` when the server does not take sign-ups (FIRM_SIGNUP=closed, the default in production). Five sign-ups per hour per address.",
    }),
    validate('json', SignUp),
    async (c) => {
      const deps = c.get('deps');
      const { db, clock, config } = deps;
      if (!config.firmSignup) throw new ApiError(403, 'signup_closed', 'This server does not take new firms; its operator creates them.');
      const now = clock.now();
      const address = c.get('clientAddress');
      const wait = address ? await hitRateLimit(db, `signup-ip:${address}`, SIGNUPS_PER_HOUR, 3_600_000, now) : 0;
      if (wait > 0) throw new ApiError(429, 'rate_limited', 'Too many sign-ups. Try again later.', undefined, { 'Retry-After': String(wait) });
      const input = c.req.valid('json');
      const made = await createFirm(db, { name: input.name, ownerEmail: input.email, ownerName: input.ownerName ?? input.email.split('@')[0]!, slug: input.slug, timezone: input.timezone, locale: input.locale }, now);
      if (made === 'slug_taken') throw new ApiError(409, 'slug_taken', 'Another firm has this address; choose another', [{ path: 'slug', message: 'Another firm has this address' }]);
      await requestSignInLink(deps, { firm: made.slug, email: input.email, as: 'staff' });
      return c.json({ slug: made.slug, name: input.name }, 201);
    },
  )
  .get(
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
    return c.json(portalFirm(firm, c.get('deps').config.publicUrl));
  },
);

import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { fileTypeFromBuffer } from 'file-type/core';
import type { AppEnv } from '../env.ts';
import { ApiError, forbidden, notFound } from '../errors.ts';
import { brandingOf, findFirmBySlug, getFirm } from '../data/firms.ts';
import { firmImageOf, listFirmActivity, setFirmImage, type FirmImage } from '../data/firm-activity.ts';
import { concat } from '../data/uploads.ts';
import { openPreviewSession } from '../data/sessions.ts';
import { newId } from '../../db/ids.ts';
import { fragmentLinkUrl } from '../domain/login-fragment.ts';
import { requireAdmin, requireStaff } from '../middleware/auth.ts';
import { validate } from '../middleware/validate.ts';
import { BlobNotFoundError } from '../ports/blob-store.ts';
import { pageQuery } from './paging.ts';
import { id, Slug } from './schemas.ts';
import { op } from './openapi.ts';

/** The images a firm may upload for its branding: only raster formats browsers show (an SVG can carry script). */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);
export const IMAGE_LIMITS: Record<FirmImage, number> = { logo: 512 * 1024, icon: 128 * 1024 };

const ActivityQuery = v.object({
  ...pageQuery(2),
  /** One action only, such as `firm.logo_changed`. */
  action: v.optional(v.pipe(v.string(), v.regex(/^[a-z_]+\.[a-z_]+$/, 'An action such as firm.settings_changed'))),
});

/**
 * Reads an image body, counting bytes as they arrive: past the limit it stops
 * reading and answers 413 (Content-Length or not). The type is sniffed from
 * the bytes (PNG, JPEG or WebP, else 415); a declared Content-Type is not trusted.
 */
async function receiveImage(c: Context<AppEnv>, which: FirmImage): Promise<{ bytes: Uint8Array; type: string }> {
  const limit = IMAGE_LIMITS[which];
  const tooLarge = () => new ApiError(413, 'file_too_large', `The ${which} is limited to ${limit / 1024} KB.`);
  const declared = Number(c.req.header('content-length') ?? 0);
  if (declared > limit) throw tooLarge();
  const body = c.req.raw.body;
  if (!body) throw new ApiError(400, 'empty_file', 'The image is empty.');
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      size += next.value.byteLength;
      if (size > limit) throw tooLarge();
      chunks.push(next.value);
    }
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  } finally {
    reader.releaseLock();
  }
  if (size === 0) throw new ApiError(400, 'empty_file', 'The image is empty.');
  const bytes = concat(chunks, size);
  const sniffed = await fileTypeFromBuffer(bytes);
  if (!sniffed || !IMAGE_TYPES.has(sniffed.mime)) throw new ApiError(415, 'type_not_allowed', 'Use a PNG, JPEG or WebP image (SVG and other formats are refused).');
  return { bytes, type: sniffed.mime };
}

const imageRoute = (which: FirmImage) =>
  new Hono<AppEnv>()
    .put(
      '/',
      op('firm', `Upload the firm's ${which} (owner or admin): the raw image as the body`, {
        caller: 'staff',
        errors: [400, 413, 415],
        description:
          `PNG, JPEG or WebP, sniffed from the bytes (SVG and anything else: 415 \`type_not_allowed\`); at most ${IMAGE_LIMITS[which] / 1024} KB (413 \`file_too_large\`). ` +
          `Answers the firm's branding, whose \`${which}Url\` now points at \`GET /public/firms/{slug}/${which}\`. The previous image is removed. Recorded as \`firm.${which}_changed\`.`,
      }),
      async (c) => {
        const { db, blobs, clock, config } = c.get('deps');
        const staff = c.get('staff');
        const image = await receiveImage(c, which);
        const key = `branding/${newId(which).slice(which.length + 1)}`;
        const source = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(image.bytes);
            controller.close();
          },
        });
        await blobs.put(key, source, { length: image.bytes.byteLength });
        let old: string | null;
        try {
          old = await setFirmImage(db, staff, which, { key, type: image.type }, clock.now());
        } catch (error) {
          await blobs.delete(key).catch(() => {});
          throw error;
        }
        if (old) await blobs.delete(old).catch(() => {});
        return c.json(brandingOf((await getFirm(db, staff.firmId))!, config.publicUrl));
      },
    )
    .delete(
      '/',
      op('firm', `Remove the firm's ${which} (owner or admin)`, { caller: 'staff', description: `Answers the firm's branding without \`${which}Url\` (unless one is set as an address in the settings).` }),
      async (c) => {
        const { db, blobs, clock, config } = c.get('deps');
        const staff = c.get('staff');
        const old = await setFirmImage(db, staff, which, null, clock.now());
        if (old) await blobs.delete(old).catch(() => {});
        return c.json(brandingOf((await getFirm(db, staff.firmId))!, config.publicUrl));
      },
    );

/**
 * The account side of the firm: previewing the portal as a contact, the
 * firm's activity, and its uploaded logo and icon.
 */
export const firmAccountRoutes = new Hono<AppEnv>()
  // Admins only: a preview shows the contact's requests, which a plain member sees only for the clients they are responsible for.
  .use('/contacts/:id/preview', requireStaff, requireAdmin('Only the owner or an admin previews the portal as a contact'))
  .use('/activity', requireStaff, requireAdmin('Only the owner or an admin sees the firm\'s activity'))
  .use('/settings/logo', requireStaff, requireAdmin('Only the owner or an admin changes the settings'))
  .use('/settings/icon', requireStaff, requireAdmin('Only the owner or an admin changes the settings'))
  .post(
    '/contacts/:id/preview',
    op('firm', 'Preview the portal as this contact: a read-only portal session for 15 minutes', {
      caller: 'staff',
      ok: 201,
      errors: [404],
      description:
        'The owner or an admin, signed in as themselves (a plain member or an API key: 403; a preview shows the contact\'s requests, which a member sees only for their own clients). Answers `{ token, expiresAt, url }`: `url` is the firm\'s portal page with `#preview=<token>`. The session sees what the contact sees; ' +
        'every change answers 403 `preview_read_only`, and reading marks nothing read. The contact\'s history notes `contact.previewed { by }`. 404 for a contact of another firm.',
    }),
    validate('param', v.object({ id: id('con') })),
    async (c) => {
      const { db, clock, config } = c.get('deps');
      const staff = c.get('staff');
      if (staff.kind !== 'member') throw forbidden('A preview is opened by a member, signed in as themselves');
      const opened = await openPreviewSession(db, { firmId: staff.firmId, contactId: c.req.valid('param').id, memberId: staff.memberId, now: clock.now() });
      if (!opened) throw notFound('No such contact');
      const firm = (await getFirm(db, staff.firmId))!;
      const page = firm.portalUrl ?? `${config.publicUrl}/p/${firm.slug}`;
      c.header('Cache-Control', 'no-store');
      return c.json({ token: opened.secret, expiresAt: opened.expiresAt, url: fragmentLinkUrl(page, 'preview', opened.secret) }, 201);
    },
  )
  .get(
    '/activity',
    op('firm', "The firm's activity, newest first (owner or admin)", {
      caller: 'staff',
      description:
        'Settings and team changes: `firm.settings_changed { fields }`, `firm.slug_changed { from, to }`, `firm.branding_changed { fields }`, `firm.logo_changed`, `firm.icon_changed` (`{ type }`, or `{ removed: true }`), ' +
        '`firm.embed_secret_made`, `firm.member_invited { memberId, role }`, `firm.member_role_changed { memberId, role }`, `firm.member_changed { memberId, fields }`, `firm.member_removed { memberId }`, ' +
        '`firm.api_key_created { keyId, name }`, `firm.api_key_revoked { keyId }`, `firm.announcement_created|published|unpublished|changed|deleted { id }`. ' +
        '`action` keeps only one kind. Each entry names its actor (`type` member, contact, apikey or system, with the `name` the firm knows).',
    }),
    validate('query', ActivityQuery),
    async (c) => {
      const { limit, cursor, action } = c.req.valid('query');
      return c.json(await listFirmActivity(c.get('deps').db, c.get('staff').firmId, { limit, after: cursor as [number, number] | undefined, action }));
    },
  )
  .route('/settings/logo', imageRoute('logo'))
  .route('/settings/icon', imageRoute('icon'));

const publicImage = (which: FirmImage) => async (c: Context<AppEnv>) => {
  const { db, blobs } = c.get('deps');
  const slug = v.safeParse(Slug, c.req.param('slug'));
  const firm = slug.success ? await findFirmBySlug(db, slug.output) : null;
  const image = firm && (await firmImageOf(db, firm.id, which));
  if (!image) throw notFound(`This firm has no ${which}`);
  let body: ReadableStream<Uint8Array>;
  try {
    body = await blobs.get(image.key);
  } catch (error) {
    if (error instanceof BlobNotFoundError) throw notFound(`This firm has no ${which}`);
    throw error;
  }
  // The address carries the version (`?v=`): a new upload is a new address, so this one may be kept long.
  c.header('Cache-Control', 'public, max-age=31536000, immutable');
  c.header('Content-Type', image.type);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Content-Security-Policy', "default-src 'none'");
  return c.body(body);
};

/** The firm's uploaded logo and icon, for anyone (its sign-in page, its emails). */
export const publicImageRoutes = new Hono<AppEnv>()
  .get('/firms/:slug/logo', op('public', "The firm's uploaded logo", { errors: [404], description: 'The image as uploaded (PNG, JPEG or WebP), cached for long: its address in the branding carries a version.' }), publicImage('logo'))
  .get('/firms/:slug/icon', op('public', "The firm's uploaded icon", { errors: [404], description: 'The image as uploaded (PNG, JPEG or WebP), cached for long: its address in the branding carries a version.' }), publicImage('icon'));

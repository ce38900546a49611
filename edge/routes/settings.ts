import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { ApiError, notFound } from '../errors.ts';
import { brandingOf, getFirm, updateFirmSettings, type Firm } from '../data/firms.ts';
import { regenerateEmbedSecret } from '../data/identity.ts';
import { isTimezone } from '../domain/calendar.ts';
import { requireAdmin } from '../middleware/auth.ts';
import { fragmentHasLogin } from '../domain/login-fragment.ts';
import { validate } from '../middleware/validate.ts';
import { RESERVED_SLUGS, SLUG_PATTERN } from '../domain/slugs.ts';
import { op } from './openapi.ts';
import { id, PlainString } from './schemas.ts';
import { findTemplateRow } from '../data/templates.ts';

/** https, or plain http on this machine only (development); parsed, so `http://localhost@evil.example` is not local. */
function secureUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
    return url.protocol === 'https:' || (url.protocol === 'http:' && local) ? url : null;
  } catch {
    return null;
  }
}

/** An origin exactly as browsers send it: scheme, host and port, nothing else. */
const Origin = v.pipe(
  v.string(),
  v.check((value) => secureUrl(value)?.origin === value, 'Use an origin like https://www.your-firm.example (no path; http only for localhost)'),
);
const HttpsUrl = v.pipe(
  PlainString,
  v.maxLength(500),
  v.check((value) => secureUrl(value) !== null && !new URL(value).username, 'Use an https:// address'),
);
/** The portal page, where sign-in links lead: any https page, fragment or hash route included, but with no `login=` of its own. */
const PortalUrl = v.pipe(HttpsUrl, v.check((value) => !fragmentHasLogin(value), 'The address must not carry a login= of its own'));
const Colour = v.pipe(v.string(), v.regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #1f4d7a'));

export const FirmSlug = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.regex(SLUG_PATTERN, 'Use 3 to 40 letters, digits and hyphens, not starting or ending with a hyphen'),
  v.check((slug) => !RESERVED_SLUGS.has(slug), 'This address is reserved; choose another'),
);

const SettingsPatch = v.strictObject({
  /** The portal's public address (`/p/<slug>`, the elements' `firm`); the old one keeps redirecting. */
  slug: v.optional(FirmSlug),
  // The name goes into email subjects: one line.
  name: v.optional(v.pipe(PlainString, v.trim(), v.minLength(1), v.maxLength(120), v.regex(/^[^\r\n]*$/, 'One line, please'))),
  timezone: v.optional(v.pipe(v.string(), v.check(isTimezone, 'Use an IANA timezone such as Europe/Tallinn'))),
  locale: v.optional(v.picklist(['en', 'et'])),
  portalUrl: v.optional(v.nullable(PortalUrl)),
  allowedOrigins: v.optional(v.pipe(v.array(Origin), v.maxLength(20))),
  /** Whether the portal shows clients the "Work in progress" list. */
  showWorkList: v.optional(v.boolean()),
  /** Whether clients may start new requests and conversations in the portal (replies on existing ones always work). */
  portalRequestsEnabled: v.optional(v.boolean()),
  /** Whether clients get a "Done uploading" button on their tasks. */
  doneUploadingEnabled: v.optional(v.boolean()),
  /** Whether staff may email a task's files to the client's digitisation inbox ("Digitise"). */
  digitisationEnabled: v.optional(v.boolean()),
  /** Whether an identity token naming an unknown email creates the contact (else it is refused). */
  identityCreatesContacts: v.optional(v.boolean()),
  /** Clients can sign in only while it is on. */
  portalActive: v.optional(v.boolean()),
  description: v.optional(v.pipe(PlainString, v.trim(), v.maxLength(500))),
  welcomeVideoUrl: v.optional(v.nullable(HttpsUrl)),
  announcementsEnabled: v.optional(v.boolean()),
  /** A single-task template of the firm that invited clients get as a sample task; null: none. */
  sampleTemplateId: v.optional(v.nullable(id('tpl'))),
  branding: v.optional(
    v.strictObject({
      primaryColor: v.optional(Colour),
      accentColor: v.optional(Colour),
      logoUrl: v.optional(HttpsUrl),
      fontFamily: v.optional(v.pipe(PlainString, v.maxLength(200), v.regex(/^[\w\s,'"-]+$/, 'Use font names separated by commas'))),
      radius: v.optional(v.pipe(v.string(), v.regex(/^\d{1,2}(\.\d+)?(px|rem|em)$/, 'Use a length such as 8px'))),
    }),
  ),
});

function settingsView(firm: Firm, publicUrl: string) {
  return {
    slug: firm.slug,
    name: firm.name,
    timezone: firm.timezone,
    locale: firm.locale,
    portalUrl: firm.portalUrl,
    allowedOrigins: firm.allowedOrigins,
    branding: brandingOf(firm, publicUrl),
    showWorkList: firm.showWorkList,
    portalRequestsEnabled: firm.portalRequestsEnabled,
    doneUploadingEnabled: firm.doneUploadingEnabled,
    digitisationEnabled: firm.digitisationEnabled,
    identityCreatesContacts: firm.identityCreatesContacts,
    portalActive: firm.portalActive,
    description: firm.description,
    welcomeVideoUrl: firm.welcomeVideoUrl,
    announcementsEnabled: firm.announcementsEnabled,
    sampleTemplateId: firm.sampleTemplateId,
    /** When the current embed secret was made (null: none yet); the secret itself is shown only then. */
    embedSecretCreatedAt: firm.embedSecretCreatedAt,
  };
}

/**
 * The firm's own settings: where its portal page lives (sign-in links go
 * there), which origins may embed the widgets (CORS), branding, timezone and
 * locale. Staff read them; the owner and admins change them.
 */
export const settingsRoutes = new Hono<AppEnv>()
  .get('/', op('firm', "The firm's settings", { caller: 'staff' }), async (c) => {
    const firm = await getFirm(c.get('deps').db, c.get('staff').firmId);
    if (!firm) throw notFound('No such firm');
    return c.json(settingsView(firm, c.get('deps').config.publicUrl));
  })
  .patch(
    '/',
    op('firm', 'Change settings (owner or admin); allowed origins take effect within 30 seconds', { caller: 'staff' }),
    requireAdmin('Only the owner or an admin changes the settings'),
    validate('json', SettingsPatch),
    async (c) => {
      const staff = c.get('staff');
      const { db, clock } = c.get('deps');
      const patch = c.req.valid('json');
      if (patch.sampleTemplateId) {
        const template = await findTemplateRow(db, staff.firmId, patch.sampleTemplateId);
        if (!template || template.deletedAt !== null || template.kind !== 'task') throw notFound('No such single-task template');
      }
      if (Object.keys(patch).length > 0 && (await updateFirmSettings(db, staff, patch, clock.now())) === 'slug_taken') {
        throw new ApiError(409, 'slug_taken', 'Another firm has this address; choose another', [{ path: 'slug', message: 'Another firm has this address' }]);
      }
      return c.json(settingsView((await getFirm(db, staff.firmId))!, c.get('deps').config.publicUrl));
    },
  )
  .post(
    '/embed-secret',
    op('firm', 'Make a new embed secret for identity tokens (owner or admin): shown this once; the previous one stops working', { caller: 'staff', ok: 201, errors: [403] }),
    requireAdmin('Only the owner or an admin makes the embed secret'),
    async (c) => {
      const staff = c.get('staff');
      const { db, clock, config } = c.get('deps');
      const made = await regenerateEmbedSecret(db, staff, config.signingSecret, clock.now());
      if (!made) throw notFound('No such firm');
      c.header('Cache-Control', 'no-store');
      return c.json(made, 201);
    },
  );

import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { ApiError, notFound } from '../errors.ts';
import type { Db } from '../../db/client.ts';
import type { ContactCaller } from '../domain/caller.ts';
import { isTimezone } from '../domain/calendar.ts';
import { contactPrefsView, contactProfile, contactRow, updateContactProfile, type ContactRow } from '../data/notifications.ts';
import { requireContact } from '../middleware/auth.ts';
import { validate } from '../middleware/validate.ts';
import { op } from './openapi.ts';
import { Email, id, Phone, Pin, RequiredText, Secret } from './schemas.ts';
import { confirmEmailChange, emailTakenInFirm } from '../data/email-change.ts';
import { getFirm } from '../data/firms.ts';
import { hitRateLimit } from '../data/rate-limits.ts';
import { sendEmailChangeLink } from '../jobs/email-change-link.ts';
import { checkPin, rememberDevice, setPin } from '../data/pins.ts';

const EmailPrefsPatch = v.strictObject({
  assigned: v.optional(v.boolean()),
  messages: v.optional(v.boolean()),
  reminders: v.optional(v.boolean()),
  withdrawn: v.optional(v.boolean()),
  fileRejected: v.optional(v.boolean()),
  digest: v.optional(v.boolean()),
});
const ProfilePatch = v.strictObject({
  name: v.optional(RequiredText(200)),
  phone: v.optional(Phone),
  /** The company the portal opens on next time: one of the contact's. */
  lastClientId: v.optional(id('cli')),
  locale: v.optional(v.nullable(v.picklist(['en', 'et']))),
  timezone: v.optional(v.nullable(v.pipe(v.string(), v.check(isTimezone, 'Use an IANA timezone such as Europe/Tallinn')))),
  emailPrefs: v.optional(EmailPrefsPatch),
  /** The firm's welcome video was shown: it is not shown again. */
  welcomeSeen: v.optional(v.literal(true)),
});

const EmailChange = v.strictObject({ email: Email });
const EmailConfirm = v.strictObject({ token: Secret });
/** Address changes asked for per contact and hour: each sends an email to an address of their choosing. */
const EMAIL_CHANGES_PER_HOUR = 5;

const PinPut = v.strictObject({ pin: Pin, currentPin: v.optional(Pin), device: v.optional(Secret) });
const PinDelete = v.strictObject({ currentPin: Pin });

export const profileView = (row: ContactRow) => ({
  name: row.name,
  email: row.email,
  phone: row.phone,
  /** The company the portal opened last (null: none remembered). */
  lastClientId: row.lastClientId,
  locale: row.locale,
  timezone: row.timezone,
  emailPrefs: contactPrefsView(row.emailPrefs),
  /** Set when emails to the address bounced for good: none is sent until it changes. */
  emailUndeliverable: row.emailUndeliverableAt !== null,
  /** Whether a PIN is asked on new devices. */
  pin: row.pinHash !== null,
  /** The firm's welcome video was shown once already. */
  welcomeSeen: row.welcomeSeenAt !== null,
});

async function profileOf(db: Db, caller: ContactCaller) {
  const row = await contactProfile(db, caller);
  if (!row) throw notFound('No such contact');
  return profileView(row);
}

const PROFILE_DOC =
  '`emailPrefs`: which emails the contact gets — `assigned` (new tasks), `messages`, `reminders`, `withdrawn`, `fileRejected` (each true by default) — and ' +
  '`digest` (false by default): when true, the single emails (all but reminders) are held and sent as one summary each morning in the contact\'s timezone (else the firm\'s).';

/** The signed-in contact's own profile: locale, timezone, and which emails they get. */
export const portalProfileRoutes = new Hono<AppEnv>()
  .use(requireContact)
  .get('/profile', op('portal', "The contact's profile", { caller: 'contact', description: PROFILE_DOC }), async (c) =>
    c.json(await profileOf(c.get('deps').db, c.get('contact'))),
  )
  .patch(
    '/profile',
    op('portal', "Change the contact's name, phone, locale, timezone, email preferences or the company to open on", {
      caller: 'contact',
      description:
        `${PROFILE_DOC} \`name\` 1-200 characters; \`phone\` digits, spaces, +, - and brackets (null clears it); \`lastClientId\` one of the contact's companies (else 400 \`validation_failed\`). ` +
        'What is left out stays; an unknown key is refused (400). Changes to name, phone, locale, timezone and email preferences go into the contact\'s history (`contact.profile_changed`). The email address changes through `POST /portal/profile/email`.',
      errors: [400],
    }),
    validate('json', ProfilePatch),
    async (c) => {
      const { db, clock } = c.get('deps');
      const caller = c.get('contact');
      const patch = c.req.valid('json');
      if (patch.lastClientId !== undefined && !caller.clientIds.includes(patch.lastClientId)) {
        throw new ApiError(400, 'validation_failed', 'The request body is not valid', [{ path: 'lastClientId', message: 'Not one of your companies' }]);
      }
      await updateContactProfile(db, caller, patch, clock.now());
      return c.json(await profileOf(db, caller));
    },
  )
  .post(
    '/profile/email',
    op('portal', 'Change the email address: a confirmation link goes to the new address', {
      caller: 'contact',
      ok: 202,
      errors: [400, 409, 429],
      description:
        "Answers 202 `{ ok: true }` and emails the NEW address a link to the firm's portal page with `#email-confirm=<token>` (single-use, 24 hours); the address changes only when the link is used (`POST /auth/email/confirm`). " +
        '400 `email_unchanged` for the current address, 409 `email_taken` when another contact of the firm has it, 400 `undeliverable` when the provider says it takes no email; five requests an hour (429).',
    }),
    validate('json', EmailChange),
    async (c) => {
      const { db, clock, config, mailer } = c.get('deps');
      const caller = c.get('contact');
      const { email } = c.req.valid('json');
      const now = clock.now();
      const contact = await contactProfile(db, caller);
      const firm = await getFirm(db, caller.firmId);
      if (!contact || !firm) throw notFound('No such contact');
      if (contact.email === email) throw new ApiError(400, 'email_unchanged', 'This is your address already.');
      // Counted before the check, so that tries cannot probe which addresses the firm's other contacts have.
      const wait = await hitRateLimit(db, `email-change:${caller.contactId}`, EMAIL_CHANGES_PER_HOUR, 3_600_000, now);
      if (wait > 0) throw new ApiError(429, 'rate_limited', 'Too many address changes. Try again later.', undefined, { 'Retry-After': String(wait) });
      if (await emailTakenInFirm(db, caller.firmId, email, caller.contactId)) throw new ApiError(409, 'email_taken', 'Another contact of the firm has this address.');
      if (!(await sendEmailChangeLink({ db, config, mailer }, { firm, contact, newEmail: email, now }))) {
        throw new ApiError(400, 'undeliverable', 'Emails to this address cannot be delivered. Check it, or use another.');
      }
      return c.json({ ok: true as const }, 202);
    },
  )
  .put(
    '/profile/pin',
    op('portal', 'Set or change the PIN asked on new devices', {
      caller: 'contact',
      description: 'A 4-digit `pin`; changing one needs `currentPin` (a wrong one counts toward the lock: 403 `wrong_pin`, then `pin_locked`). The `device` that sets it is remembered and not asked.',
      errors: [403],
    }),
    validate('json', PinPut),
    async (c) => {
      const { db, clock, config } = c.get('deps');
      const caller = c.get('contact');
      const { pin, currentPin, device } = c.req.valid('json');
      await requireCurrentPin(c, currentPin);
      await setPin(db, { firmId: caller.firmId, contactId: caller.contactId, pin, signingSecret: config.signingSecret, now: clock.now() });
      if (device) await rememberDevice(db, caller.firmId, caller.contactId, device, clock.now());
      return c.json(await profileOf(db, caller));
    },
  )
  .delete(
    '/profile/pin',
    op('portal', 'Stop asking a PIN on new devices', { caller: 'contact', description: 'Needs `currentPin`.', errors: [403] }),
    validate('json', PinDelete),
    async (c) => {
      const { db, clock, config } = c.get('deps');
      const caller = c.get('contact');
      await requireCurrentPin(c, c.req.valid('json').currentPin);
      await setPin(db, { firmId: caller.firmId, contactId: caller.contactId, pin: null, signingSecret: config.signingSecret, now: clock.now() });
      return c.json(await profileOf(db, caller));
    },
  );

/** A PIN already set is changed or removed only with it (a wrong one counts toward the lock, as at sign-in). */
async function requireCurrentPin(c: Context<AppEnv>, currentPin: string | undefined): Promise<void> {
  const { db, clock, config } = c.get('deps');
  const caller = c.get('contact');
  const profile = await contactProfile(db, caller);
  if (!profile) throw notFound('No such contact');
  if (profile.pinHash === null) return;
  if (profile.pinLockedAt !== null) throw new ApiError(403, 'pin_locked', 'Too many wrong PINs. Use "Forgot PIN" to choose a new one.');
  if (!currentPin) throw new ApiError(403, 'wrong_pin', 'Type your current PIN to change it.');
  const check = await checkPin(db, { firmId: caller.firmId, contactId: caller.contactId, pin: currentPin, signingSecret: config.signingSecret, now: clock.now() });
  if (check === 'locked') throw new ApiError(403, 'pin_locked', 'Too many wrong PINs. Use "Forgot PIN" to choose a new one.');
  if (check === 'wrong') throw new ApiError(403, 'wrong_pin', 'That is not your current PIN.');
}

/**
 * `POST /auth/email/confirm`: the link from the new address's email. No
 * session needed: the token is the proof (the link may be opened anywhere).
 */
export const emailConfirmRoutes = new Hono<AppEnv>().post(
  '/email/confirm',
  op('auth', "Confirm a contact's new email address with the token of its link", {
    errors: [400, 401, 409],
    description:
      'Body `{ token }` from `#email-confirm=<token>`. Answers the contact\'s profile with the new address (its "undeliverable" mark cleared; sessions stay signed in); the history notes `contact.email_changed { from, to }`. ' +
      'A token that is unknown, used, expired or altered is 401 `invalid_token`, and 409 `email_taken` when another contact of the firm took the address meanwhile; nothing changes then.',
  }),
  validate('json', EmailConfirm),
  async (c) => {
    const { db, clock } = c.get('deps');
    const outcome = await confirmEmailChange(db, c.req.valid('json').token, clock.now());
    if (outcome === 'invalid') throw new ApiError(401, 'invalid_token', 'This confirmation link is not valid any more. Ask for a new one in your profile.');
    if (outcome === 'taken') throw new ApiError(409, 'email_taken', 'Another contact of the firm has this address now.');
    c.set('firmId', outcome.firmId);
    const row = await contactRow(db, outcome.firmId, outcome.contactId);
    if (!row) throw notFound('No such contact');
    return c.json(profileView(row));
  },
);

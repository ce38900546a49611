import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import type { Db } from '../../db/client.ts';
import type { ContactCaller } from '../domain/caller.ts';
import { isTimezone } from '../domain/calendar.ts';
import { contactPrefsView, contactProfile, updateContactProfile, type ContactRow } from '../data/notifications.ts';
import { requireContact } from '../middleware/auth.ts';
import { validate } from '../middleware/validate.ts';
import { op } from './openapi.ts';

const EmailPrefsPatch = v.strictObject({
  assigned: v.optional(v.boolean()),
  messages: v.optional(v.boolean()),
  reminders: v.optional(v.boolean()),
  withdrawn: v.optional(v.boolean()),
  fileRejected: v.optional(v.boolean()),
  digest: v.optional(v.boolean()),
});
const ProfilePatch = v.strictObject({
  locale: v.optional(v.nullable(v.picklist(['en', 'et']))),
  timezone: v.optional(v.nullable(v.pipe(v.string(), v.check(isTimezone, 'Use an IANA timezone such as Europe/Tallinn')))),
  emailPrefs: v.optional(EmailPrefsPatch),
});

const profileView = (row: ContactRow) => ({
  name: row.name,
  email: row.email,
  locale: row.locale,
  timezone: row.timezone,
  emailPrefs: contactPrefsView(row.emailPrefs),
  /** Set when emails to the address bounced for good: none is sent until it changes. */
  emailUndeliverable: row.emailUndeliverableAt !== null,
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
    op('portal', "Change the contact's locale, timezone or email preferences", { caller: 'contact', description: `${PROFILE_DOC} A preference left out stays; an unknown key is refused (400).` }),
    validate('json', ProfilePatch),
    async (c) => {
      const { db } = c.get('deps');
      const caller = c.get('contact');
      const patch = c.req.valid('json');
      await updateContactProfile(db, caller, patch);
      return c.json(await profileOf(db, caller));
    },
  );

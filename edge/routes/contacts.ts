import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { ApiError, notFound } from '../errors.ts';
import { ACCESS_HEALTH, findContact, firmClientsAmong, getContactRecord, listContacts, markInvited, openPortalFor, setPortalAccess, updateContact } from '../data/contacts.ts';
import { contactHistory } from '../data/contact-history.ts';
import { giveSampleTasks } from '../jobs/sample-task.ts';
import { getFirm, isContactOfClient } from '../data/firms.ts';
import { requestSignInLink } from '../jobs/sign-in-link.ts';
import { requireStaff } from '../middleware/auth.ts';
import { validate } from '../middleware/validate.ts';
import { op } from './openapi.ts';
import { pageQuery } from './paging.ts';
import { Email, id, Phone, RequiredText, Text } from './schemas.ts';

const ContactListQuery = v.object({
  ...pageQuery(),
  q: v.optional(v.pipe(Text(200), v.transform((s) => s || undefined))),
  health: v.optional(v.picklist(ACCESS_HEALTH)),
});
const OpenPortal = v.strictObject({
  clientIds: v.pipe(v.array(id('cli')), v.minLength(1), v.maxLength(1000), v.check((ids) => new Set(ids).size === ids.length, 'A client may be listed once')),
  /** `invite`: each contact with access and a working address gets a sign-in link (24 h); `silent`: no email. */
  mode: v.picklist(['invite', 'silent']),
});
const AccessPatch = v.strictObject({ portalAccess: v.boolean() });
const ContactIdParam = v.object({ id: id('con') });
const ContactPatchBody = v.strictObject({ name: v.optional(RequiredText(200)), email: v.optional(Email), phone: v.optional(Phone) });
const HistoryQuery = v.object(pageQuery());
const SAMPLE_DOC = ' When the firm has a sample task template (settings `sampleTemplateId`), each company invited to that has had none gets a task made from it, assigned at once: once per company, ever.';
const HEALTH_DOC =
  '`health`: `never_invited`, `invited` (not signed in since), `link_expired` (the invitation expired unused), `active` (signed in since the last invitation; `lastSignInAt`), `undeliverable` (emails to the address bounced).';

/** Bringing clients in: who can get into the portal, opening it for clients, inviting contacts, access per company. */
export const contactRoutes = new Hono<AppEnv>()
  .use('/contacts', requireStaff)
  .use('/contacts/*', requireStaff)
  .use('/clients/*', requireStaff)
  .get('/contacts', op('firm', "The firm's contacts by name, with their companies and access health", { caller: 'staff', description: `${HEALTH_DOC} \`q\` finds a part of the name or email.` }), validate('query', ContactListQuery), async (c) => {
    const { limit, cursor, q, health } = c.req.valid('query');
    const { db, clock } = c.get('deps');
    return c.json(await listContacts(db, c.get('staff').firmId, { q, health }, { limit, after: cursor }, clock.now()));
  })
  .post(
    '/clients/portal',
    op('firm', 'Open the portal for clients, with an invitation or silently', {
      caller: 'staff',
      errors: [404, 409],
      description:
        'With `mode: "invite"` each contact with access and a working address gets an invitation: a sign-in link valid 24 hours (and the code beside it). ' +
        '`silent` sends nothing: they learn of the portal with their first task. Any client not the firm\'s is 404 and nothing changes; while the firm\'s portal is off, 409 `portal_inactive`. Answers `{ opened, invited }`.' +
        SAMPLE_DOC,
    }),
    validate('json', OpenPortal),
    async (c) => {
      const deps = c.get('deps');
      const staff = c.get('staff');
      const { clientIds, mode } = c.req.valid('json');
      const firm = (await getFirm(deps.db, staff.firmId))!;
      if ((await firmClientsAmong(deps.db, staff.firmId, clientIds)).length !== clientIds.length) throw notFound('No such client');
      if (!firm.portalActive && mode === 'invite') throw new ApiError(409, 'portal_inactive', 'Open the portal first (Settings): invitations would not let anyone in yet.');
      const now = deps.clock.now();
      const { invitees, invitedClientIds } = await openPortalFor(deps.db, staff, clientIds, mode, now);
      for (const contact of invitees) await requestSignInLink(deps, { firm: firm.slug, email: contact.email, as: 'client', purpose: 'invitation' });
      await giveSampleTasks(deps, staff, invitedClientIds, now);
      return c.json({ opened: clientIds.length, invited: invitees.length });
    },
  )
  .post(
    '/contacts/:id/invite',
    op('firm', 'Send a contact their invitation again', { caller: 'staff', ok: 202, errors: [404, 409], description: `A new sign-in link valid 24 hours. An undeliverable address is 409 \`undeliverable\` (fix the address first).${SAMPLE_DOC}` }),
    validate('param', v.object({ id: id('con') })),
    async (c) => {
      const deps = c.get('deps');
      const staff = c.get('staff');
      const firm = (await getFirm(deps.db, staff.firmId))!;
      if (!firm.portalActive) throw new ApiError(409, 'portal_inactive', 'Open the portal first (Settings).');
      const contactId = c.req.valid('param').id;
      const now = deps.clock.now();
      const contact = await markInvited(deps.db, staff, contactId, now);
      if (!contact) {
        throw (await findContact(deps.db, staff.firmId, contactId)) ? new ApiError(409, 'undeliverable', 'Emails to this address bounced: fix the address first.') : notFound('No such contact');
      }
      await requestSignInLink(deps, { firm: firm.slug, email: contact.email, as: 'client', purpose: 'invitation' });
      await giveSampleTasks(deps, staff, contact.clientIds, now);
      return c.json({ ok: true }, 202);
    },
  )
  .patch(
    '/clients/:clientId/contacts/:contactId',
    op('firm', "Turn a contact's portal access to one company on or off", { caller: 'staff', ok: 204, errors: [404], description: 'Off: they stop seeing that company at once (their other companies stay).' }),
    validate('param', v.object({ clientId: id('cli'), contactId: id('con') })),
    validate('json', AccessPatch),
    async (c) => {
      const { db, clock } = c.get('deps');
      const staff = c.get('staff');
      const { clientId, contactId } = c.req.valid('param');
      if (!(await isContactOfClient(db, staff.firmId, clientId, contactId))) throw notFound('No such contact of this client');
      await setPortalAccess(db, staff, clientId, contactId, c.req.valid('json').portalAccess, clock.now());
      c.get('sessions').forgetAll();
      return c.body(null, 204);
    },
  )
  .get('/contacts/:id', op('firm', "A contact's record: details, access health and companies", { caller: 'staff', errors: [404], description: HEALTH_DOC }), validate('param', ContactIdParam), async (c) => {
    const { db, clock } = c.get('deps');
    const record = await getContactRecord(db, c.get('staff').firmId, c.req.valid('param').id, clock.now());
    if (!record) throw notFound('No such contact');
    return c.json(record);
  })
  .patch(
    '/contacts/:id',
    op('firm', "Change a contact's name, email or phone", {
      caller: 'staff',
      errors: [404, 409],
      description:
        'A field left out stays; `phone: null` clears it. An email another contact of the firm has is 409 `email_taken`. A changed email clears "undeliverable" ' +
        'and ends the sign-in links still open for the old address. History: `contact.edited {fields}`, and `contact.email_changed {from, to}`. Answers the record.',
    }),
    validate('param', ContactIdParam),
    validate('json', ContactPatchBody),
    async (c) => {
      const { db, clock } = c.get('deps');
      const staff = c.get('staff');
      const contactId = c.req.valid('param').id;
      const now = clock.now();
      const done = await updateContact(db, staff, contactId, c.req.valid('json'), now);
      if (done === 'not_found') throw notFound('No such contact');
      if (done === 'email_taken') throw new ApiError(409, 'email_taken', 'Another contact of the firm has this email address', [{ path: 'email', message: 'Taken by another contact' }]);
      return c.json((await getContactRecord(db, staff.firmId, contactId, now))!);
    },
  )
  .get(
    '/contacts/:id/history',
    op('firm', "A contact's history, newest first, a page at a time", {
      caller: 'staff',
      errors: [404],
      description:
        'Each entry: `action` (contact.created, contact.edited {fields}, contact.linked / contact.unlinked {clientId}, contact.invited, contact.access_changed {clientId, access}, ' +
        'contact.email_changed {from, to}, contact.imported {clientId}, contact.previewed {by} (staff saw the portal as the contact), and what the contact did: contact.signed_in, contact.profile_changed {fields}, contact.pin_set), ' +
        '`actor` (`type` member, contact, apikey or system, with its `name`), `data` and `at`.',
    }),
    validate('param', ContactIdParam),
    validate('query', HistoryQuery),
    async (c) => {
      const { db } = c.get('deps');
      const { firmId } = c.get('staff');
      const contactId = c.req.valid('param').id;
      if (!(await findContact(db, firmId, contactId))) throw notFound('No such contact');
      const { limit, cursor } = c.req.valid('query');
      return c.json(await contactHistory(db, firmId, contactId, { limit, after: cursor as [number, number] | undefined }));
    },
  );

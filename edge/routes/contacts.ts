import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { ApiError, notFound } from '../errors.ts';
import { ACCESS_HEALTH, findContact, firmClientsAmong, listContacts, markInvited, openPortalFor, setPortalAccess } from '../data/contacts.ts';
import { getFirm, isContactOfClient } from '../data/firms.ts';
import { requestSignInLink } from '../jobs/sign-in-link.ts';
import { requireStaff } from '../middleware/auth.ts';
import { validate } from '../middleware/validate.ts';
import { op } from './openapi.ts';
import { pageQuery } from './paging.ts';
import { id, Text } from './schemas.ts';

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
        '`silent` sends nothing: they learn of the portal with their first task. Any client not the firm\'s is 404 and nothing changes; while the firm\'s portal is off, 409 `portal_inactive`. Answers `{ opened, invited }`.',
    }),
    validate('json', OpenPortal),
    async (c) => {
      const deps = c.get('deps');
      const staff = c.get('staff');
      const { clientIds, mode } = c.req.valid('json');
      const firm = (await getFirm(deps.db, staff.firmId))!;
      if ((await firmClientsAmong(deps.db, staff.firmId, clientIds)).length !== clientIds.length) throw notFound('No such client');
      if (!firm.portalActive && mode === 'invite') throw new ApiError(409, 'portal_inactive', 'Open the portal first (Settings): invitations would not let anyone in yet.');
      const invitees = await openPortalFor(deps.db, staff, clientIds, mode, deps.clock.now());
      for (const contact of invitees) await requestSignInLink(deps, { firm: firm.slug, email: contact.email, as: 'client', purpose: 'invitation' });
      return c.json({ opened: clientIds.length, invited: invitees.length });
    },
  )
  .post(
    '/contacts/:id/invite',
    op('firm', 'Send a contact their invitation again', { caller: 'staff', ok: 202, errors: [404, 409], description: 'A new sign-in link valid 24 hours. An undeliverable address is 409 `undeliverable` (fix the address first).' }),
    validate('param', v.object({ id: id('con') })),
    async (c) => {
      const deps = c.get('deps');
      const staff = c.get('staff');
      const firm = (await getFirm(deps.db, staff.firmId))!;
      if (!firm.portalActive) throw new ApiError(409, 'portal_inactive', 'Open the portal first (Settings).');
      const contactId = c.req.valid('param').id;
      const contact = await markInvited(deps.db, staff, contactId, deps.clock.now());
      if (!contact) {
        throw (await findContact(deps.db, staff.firmId, contactId)) ? new ApiError(409, 'undeliverable', 'Emails to this address bounced: fix the address first.') : notFound('No such contact');
      }
      await requestSignInLink(deps, { firm: firm.slug, email: contact.email, as: 'client', purpose: 'invitation' });
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
  );

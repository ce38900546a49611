import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { ApiError, notFound } from '../errors.ts';
import { createClient, findClientByName, getFirmClient, linkContact, listClients, unlinkContact, updateClient } from '../data/clients.ts';
import { getContactRecord } from '../data/contacts.ts';
import { findClient } from '../data/firm-tasks.ts';
import { findMember } from '../data/members.ts';
import { requireStaff } from '../middleware/auth.ts';
import { validate } from '../middleware/validate.ts';
import { op } from './openapi.ts';
import { Cursor } from './paging.ts';
import { Email, id, Phone, PlainString, RequiredText, Text } from './schemas.ts';

/** `limit`: 1-200, default 50 (a client picker shows long pages). */
const ClientLimit = v.optional(
  v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'A whole number from 1 to 200'), v.transform(Number), v.minValue(1), v.maxValue(200)),
  '50',
);
const ClientListQuery = v.object({
  limit: ClientLimit,
  cursor: Cursor(2),
  q: v.optional(v.pipe(Text(200), v.transform((s) => s || undefined))),
});

/** The folder link: https only (no credentials in it), or null to clear. */
const FolderUrl = v.nullable(
  v.pipe(
    PlainString,
    v.trim(),
    v.maxLength(1000),
    v.check((value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'https:' && !url.username && !url.password;
      } catch {
        return false;
      }
    }, 'Use an https:// address'),
  ),
);
const ClientName = RequiredText(200);
const NewClientBody = v.strictObject({
  name: ClientName,
  responsibleMemberId: v.optional(v.nullable(id('mem'))),
  documentFolderUrl: v.optional(FolderUrl),
  digitisationAddress: v.optional(v.nullable(Email)),
});
const EditClient = v.strictObject({
  name: v.optional(ClientName),
  responsibleMemberId: v.optional(v.nullable(id('mem'))),
  documentFolderUrl: v.optional(FolderUrl),
  digitisationAddress: v.optional(v.nullable(Email)),
});
const NewClientContactBody = v.strictObject({ email: Email, name: RequiredText(200), phone: v.optional(Phone) });
const ClientIdParam = v.object({ id: id('cli') });
const LinkParam = v.object({ clientId: id('cli'), contactId: id('con') });

const clientExists = () => new ApiError(409, 'client_exists', 'The firm has a client of this name already', [{ path: 'name', message: 'A client of this name exists' }]);

/** A responsible member must be a member of the firm (another firm's, or a removed one, is 404). */
async function assertMember(db: Parameters<typeof findMember>[0], firmId: string, memberId: string | null | undefined) {
  if (memberId && !(await findMember(db, firmId, memberId))) throw notFound('No such member');
}

/** The firm's clients: listed a page at a time, created, edited, and their contacts linked and unlinked. */
export const clientRoutes = new Hono<AppEnv>()
  .use('/clients', requireStaff)
  .use('/clients/*', requireStaff)
  .get(
    '/clients',
    op('firm', "The firm's clients by name, a page at a time, with their contacts", {
      caller: 'staff',
      description:
        'Ordered by name, then id. `q` finds a part of the client\'s name or of one of its contacts\' name or email (any case). ' +
        '`limit` 1 to 200 (default 50); pass `nextCursor` as `cursor` for the next page; it is null on the last.',
    }),
    validate('query', ClientListQuery),
    async (c) => {
      const { limit, cursor, q } = c.req.valid('query');
      return c.json(await listClients(c.get('deps').db, c.get('staff').firmId, { q }, { limit, after: cursor }));
    },
  )
  .get(
    '/clients/:id',
    op('firm', 'One client of the firm, as `GET /firm/clients` lists it', {
      caller: 'staff',
      errors: [404],
      description: 'For a screen that needs one client (a task\'s digitisation address) without paging the list. Another firm\'s client, or none, is 404.',
    }),
    validate('param', ClientIdParam),
    async (c) => {
      const client = await getFirmClient(c.get('deps').db, c.get('staff').firmId, c.req.valid('param').id);
      if (!client) throw notFound('No such client');
      return c.json(client);
    },
  )
  .post(
    '/clients',
    op('firm', 'Create a client', {
      caller: 'staff',
      ok: 201,
      errors: [404, 409],
      description:
        'A new client starts with its portal closed (open it with `POST /firm/clients/portal`). A name the firm already has, in any case, is 409 `client_exists`; ' +
        'a `responsibleMemberId` not of the firm is 404. Answers the client as `GET /firm/clients` lists it.',
    }),
    validate('json', NewClientBody),
    async (c) => {
      const { db, clock } = c.get('deps');
      const staff = c.get('staff');
      const input = c.req.valid('json');
      await assertMember(db, staff.firmId, input.responsibleMemberId);
      const made = await createClient(db, staff, input, clock.now());
      if (made === 'exists') throw clientExists();
      return c.json((await getFirmClient(db, staff.firmId, made.id))!, 201);
    },
  )
  .patch(
    '/clients/:id',
    op('firm', "Edit a client: its name, responsible member, document folder link and digitisation address", {
      caller: 'staff',
      errors: [400, 404, 409],
      description:
        '`name`: another client of the firm with that name (any case) is 409 `client_exists`. `responsibleMemberId`: a member of the firm (else 404), null for none. ' +
        '`documentFolderUrl`: an https:// address (a shared drive folder), shown to the client in the portal as "Documents". ' +
        '`digitisationAddress`: the email address of the client\'s digitisation inbox (an e-invoicing or receipt service), where "Digitise" sends a task\'s files. ' +
        'null clears a field; one left out stays. The client\'s history gets `client.edited` with the fields that changed. Answers the client as `GET /firm/clients` lists it.',
    }),
    validate('param', ClientIdParam),
    validate('json', EditClient),
    async (c) => {
      const { db, clock } = c.get('deps');
      const staff = c.get('staff');
      const clientId = c.req.valid('param').id;
      const change = c.req.valid('json');
      const row = await findClient(db, staff.firmId, clientId);
      if (!row) throw notFound('No such client');
      await assertMember(db, staff.firmId, change.responsibleMemberId);
      if (change.name !== undefined && (await findClientByName(db, staff.firmId, change.name, clientId))) throw clientExists();
      await updateClient(db, staff, row, change, clock.now());
      return c.json((await getFirmClient(db, staff.firmId, clientId))!);
    },
  )
  .post(
    '/clients/:id/contacts',
    op('firm', 'Add a contact to a client: a new person, or one of the firm\'s contacts by email', {
      caller: 'staff',
      ok: 201,
      errors: [404, 409],
      description:
        'When the firm has a contact with this email, that contact is linked to the client (their name and phone stay as they are); else a new contact is made. ' +
        'Access to the company is on; nothing is emailed (invite them with `POST /firm/contacts/{id}/invite`). Already a contact of this client: 409 `already_linked`. ' +
        'Answers the contact\'s record (`GET /firm/contacts/{id}`).',
    }),
    validate('param', ClientIdParam),
    validate('json', NewClientContactBody),
    async (c) => {
      const { db, clock } = c.get('deps');
      const staff = c.get('staff');
      const clientId = c.req.valid('param').id;
      if (!(await findClient(db, staff.firmId, clientId))) throw notFound('No such client');
      const now = clock.now();
      const linked = await linkContact(db, staff, clientId, c.req.valid('json'), now);
      if (linked === 'already_linked') throw new ApiError(409, 'already_linked', 'This person is a contact of this client already');
      c.get('sessions').forgetAll();
      return c.json((await getContactRecord(db, staff.firmId, linked.contactId, now))!, 201);
    },
  )
  .delete(
    '/clients/:clientId/contacts/:contactId',
    op('firm', 'Take a contact off a client', {
      caller: 'staff',
      ok: 204,
      errors: [404],
      description: 'Their access to that company ends at once (their other companies stay); the contact and their history are kept. Not a contact of this client: 404.',
    }),
    validate('param', LinkParam),
    async (c) => {
      const { db, clock } = c.get('deps');
      const staff = c.get('staff');
      const { clientId, contactId } = c.req.valid('param');
      if (!(await unlinkContact(db, staff, clientId, contactId, clock.now()))) throw notFound('No such contact of this client');
      c.get('sessions').forgetAll();
      return c.body(null, 204);
    },
  );

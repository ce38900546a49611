import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { contacts, emails } from '../../db/schema.ts';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';
import { queueEmail } from '../jobs/email.ts';

let t: TestApp;
let contact: typeof contacts.$inferSelect;
beforeEach(async () => {
  t = await createTestApp({ POSTMARK_WEBHOOK_USER: 'hook-user', POSTMARK_WEBHOOK_PASSWORD: 'hook-secret' });
  contact = (await t.db.select().from(contacts).where(eq(contacts.email, 'client@demo.test')))[0]!;
  await queueEmail(t.db, t.clock, { firmId: contact.firmId, kind: 'message', contactId: contact.id, to: contact.email, subject: 'Hi', text: 'Hi', html: '<p>Hi</p>', key: 'k1' });
  await t.runJobs();
});
afterEach(() => t.cleanup());

const auth = (user = 'hook-user', password = 'hook-secret') => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const hook = (body: unknown, authorization: string | null = auth()) =>
  t.request('POST', '/api/v1/hooks/postmark', { body, headers: authorization ? { authorization } : {} });
const outbox = async () => (await t.db.select().from(emails).where(eq(emails.jobKey, 'k1')))[0]!;
const mark = async () => (await t.db.select({ at: contacts.emailUndeliverableAt, reason: contacts.emailUndeliverableReason }).from(contacts).where(eq(contacts.id, contact.id)))[0]!;
const clientsContact = async () => {
  const owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  const clients = (await t.request('GET', '/api/v1/firm/clients', { token: owner })).json.items as { contacts: { id: string; emailUndeliverable: unknown }[] }[];
  return clients.flatMap((c) => c.contacts).find((c) => c.id === contact.id)!;
};

/** Postmark's documented Bounce webhook (its example, our message id and address). */
const bounce = (over: Record<string, unknown> = {}) => ({
  RecordType: 'Bounce',
  MessageStream: 'outbound',
  ID: 4323372036854775807,
  Type: 'HardBounce',
  TypeCode: 1,
  Name: 'Hard bounce',
  Tag: 'Test',
  MessageID: 'dev-k1',
  Metadata: { key: 'k1' },
  ServerID: 23,
  Description: 'The server was unable to deliver your message (ex: unknown user, mailbox not found).',
  Details: 'Test bounce details',
  Email: 'client@demo.test',
  From: 'portal@portico.test',
  BouncedAt: '2026-11-05T16:33:54.9070259Z',
  DumpAvailable: true,
  Inactive: true,
  CanActivate: true,
  Subject: 'Hi',
  Content: 'Return-Path: <>',
  ...over,
});
/** Postmark's documented SpamComplaint webhook. */
const complaint = () => ({ ...bounce(), RecordType: 'SpamComplaint', Type: 'SpamComplaint', TypeCode: 512, Name: 'Spam complaint', Description: 'The subscriber explicitly marked this message as spam.', Details: 'Test spam complaint details' });

describe("Postmark's bounce webhook", () => {
  it("marks a hard bounce on the email and the contact's address, and staff see it on the client's contact", async () => {
    expect((await clientsContact()).emailUndeliverable).toBeNull();
    const res = await hook(bounce());
    expect(res).toMatchObject({ status: 200, json: { status: 'recorded' } });
    const at = Date.parse('2026-11-05T16:33:54.907Z');
    expect(await outbox()).toMatchObject({ state: 'undeliverable', bouncedAt: at });
    expect(await mark()).toEqual({ at, reason: 'HardBounce: The server was unable to deliver your message (ex: unknown user, mailbox not found).' });
    expect((await clientsContact()).emailUndeliverable).toEqual({ at, reason: expect.stringMatching(/^HardBounce: /) });
  });

  it('marks a spam complaint the same way', async () => {
    expect((await hook(complaint())).json).toEqual({ status: 'recorded' });
    expect(await outbox()).toMatchObject({ state: 'undeliverable' });
    expect((await mark()).reason).toMatch(/^SpamComplaint/);
  });

  it('marks nothing for a soft bounce or a transient failure', async () => {
    for (const [Type, TypeCode] of [['SoftBounce', 4096], ['Transient', 2]] as const) {
      expect((await hook(bounce({ Type, TypeCode, Inactive: false }))).json).toEqual({ status: 'ignored' });
    }
    expect(await outbox()).toMatchObject({ state: 'sent', bouncedAt: null });
    expect(await mark()).toEqual({ at: null, reason: null });
  });

  it('ignores with 200 a bounce for a MessageID it never sent, or for another address', async () => {
    expect(await hook(bounce({ MessageID: 'not-ours' }))).toMatchObject({ status: 200, json: { status: 'ignored' } });
    expect(await hook(bounce({ Email: 'stranger@elsewhere.test' }))).toMatchObject({ status: 200, json: { status: 'ignored' } });
    expect(await outbox()).toMatchObject({ state: 'sent' });
    expect(await mark()).toEqual({ at: null, reason: null });
  });

  it('refuses no or wrong basic auth with 401 and writes nothing', async () => {
    for (const authorization of [null, auth('hook-user', 'wrong'), auth('someone', 'hook-secret'), 'Bearer hook-secret']) {
      const res = await hook(bounce(), authorization);
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('unauthorized');
    }
    expect(await outbox()).toMatchObject({ state: 'sent' });
    expect(await mark()).toEqual({ at: null, reason: null });
  });

  it('refuses a malformed body with 400 and writes nothing', async () => {
    for (const body of ['{not json', { RecordType: 'Bounce' }, bounce({ MessageID: 42 }), { ...bounce(), RecordType: 'Nonsense' }]) {
      const res = await hook(body);
      expect(res.status).toBe(400);
    }
    expect(await outbox()).toMatchObject({ state: 'sent' });
    expect(await mark()).toEqual({ at: null, reason: null });
  });

  it('is 404 when the webhook is not set up', async () => {
    const off = await createTestApp();
    try {
      expect((await off.request('POST', '/api/v1/hooks/postmark', { body: bounce(), headers: { authorization: auth() } })).status).toBe(404);
    } finally {
      off.cleanup();
    }
  });
});

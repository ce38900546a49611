import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InactiveRecipientError, MailerError } from '../ports/mailer.ts';
import { startPostmarkStandIn, type PostmarkStandIn } from '../../test/fixtures/postmark-standin.ts';
import { createPostmarkMailer } from './postmark-mailer.ts';

let standIn: PostmarkStandIn;
beforeAll(async () => { standIn = await startPostmarkStandIn(); });
afterAll(() => standIn.close());

const mailer = () => createPostmarkMailer({ serverToken: 'server-token-123', from: 'portal@firm.example', requestHost: standIn.host, useHttps: false });
const email = { to: 'client@demo.test', subject: 'Hello', text: 'Plain', html: '<p>Html</p>', key: 'k1' };

describe('the Postmark mailer', () => {
  it('sends through the official client on the transactional stream', async () => {
    const { providerId } = await mailer().send(email);
    expect(providerId).toBe(`pm-${standIn.received.length}`);
    const sent = standIn.received.at(-1)!;
    expect(sent.token).toBe('server-token-123');
    expect(sent.body).toMatchObject({ From: 'portal@firm.example', To: 'client@demo.test', Subject: 'Hello', TextBody: 'Plain', HtmlBody: '<p>Html</p>', MessageStream: 'outbound' });
  });

  it("sends a thread's reply address as ReplyTo, and none when there is none", async () => {
    await mailer().send({ ...email, replyTo: 'ttask.contact.abc.mac@reply.firm.example' });
    expect(standIn.received.at(-1)!.body.ReplyTo).toBe('ttask.contact.abc.mac@reply.firm.example');
    await mailer().send(email);
    expect(standIn.received.at(-1)!.body).not.toHaveProperty('ReplyTo');
  });

  it("sends in the firm's name from the configured address, the name quoted and kept on one line", async () => {
    await mailer().send({ ...email, fromName: 'Demo & Partners "Accounting"\r\nBcc: x@evil.test' });
    expect(standIn.received.at(-1)!.body.From).toBe('"Demo & Partners \\"Accounting\\" Bcc: x@evil.test" <portal@firm.example>');
  });

  it('reports a bad server token (401, ErrorCode 10) as worth retrying: a configuration fault, not the email\'s', async () => {
    standIn.answers.push([401, { ErrorCode: 10, Message: 'The Server Token you provided in the X-Postmark-Server-Token request header was invalid.' }]);
    const error = await mailer().send(email).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailerError);
    expect((error as MailerError).retryable).toBe(true);
  });

  it('reports an inactive recipient (error 406) as such, not worth retrying', async () => {
    standIn.answers.push([422, { ErrorCode: 406, Message: 'You tried to send to recipient(s) that have been marked as inactive.' }]);
    const error = await mailer().send(email).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InactiveRecipientError);
    expect((error as MailerError).retryable).toBe(false);
  });

  it('reports another input error as not worth retrying, but not as an inactive recipient', async () => {
    standIn.answers.push([422, { ErrorCode: 300, Message: 'Invalid email request' }]);
    const error = await mailer().send(email).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailerError);
    expect(error).not.toBeInstanceOf(InactiveRecipientError);
    expect((error as MailerError).retryable).toBe(false);
  });

  it('reports a server error as worth retrying', async () => {
    standIn.answers.push([500, { ErrorCode: 0, Message: 'Internal error' }]);
    const error = await mailer().send(email).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailerError);
    expect((error as MailerError).retryable).toBe(true);
  });

  it('sends attachments as Postmark Attachments, and none when there are none', async () => {
    const content = Buffer.from('%PDF-1.7 receipt').toString('base64');
    await mailer().send({ ...email, key: 'k2', attachments: [{ name: 'receipt.pdf', contentType: 'application/pdf', content }] });
    expect(standIn.received.at(-1)!.body.Attachments).toEqual([{ Name: 'receipt.pdf', ContentType: 'application/pdf', Content: content, ContentID: null }]);
    await mailer().send(email);
    expect(standIn.received.at(-1)!.body).not.toHaveProperty('Attachments');
  });
});

describe('the Postmark mailer in batches', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => ({ ...email, to: `c${i}@demo.test`, key: `b${i}` }));

  it("answers each message's own result: sent with its id, an inactive recipient, or a refusal saying whether to retry", async () => {
    const before = standIn.received.length;
    standIn.batchResults.push(null, [406, 'You tried to send to recipient(s) that have been marked as inactive.'], [300, 'Invalid email request'], [429, 'Rate limit exceeded']);
    const results = await mailer().sendBatch(many(4));
    expect(results).toHaveLength(4);
    expect(results[0]).toEqual({ ok: true, providerId: `pm-${before + 1}` });
    const errors = results.slice(1).map((r) => (r.ok ? null : r.error));
    expect(errors[0]).toBeInstanceOf(InactiveRecipientError);
    expect(errors.map((e) => [e instanceof MailerError, e?.retryable])).toEqual([[true, false], [true, false], [true, true]]);
    expect(errors[1]).not.toBeInstanceOf(InactiveRecipientError);
    const sent = standIn.received.slice(before).map((r) => r.body);
    expect(sent.map((b) => (b.Metadata as { key: string }).key)).toEqual(['b0', 'b1', 'b2', 'b3']);
    expect(sent[0]).toMatchObject({ From: 'portal@firm.example', To: 'c0@demo.test', MessageStream: 'outbound' });
  });

  it('sends at most 500 messages per call, in order', async () => {
    const calls = standIn.batchCalls;
    const results = await mailer().sendBatch(many(1_001));
    expect(standIn.batchCalls - calls).toBe(3);
    expect(results).toHaveLength(1_001);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(standIn.received.slice(-1_001).map((r) => (r.body.Metadata as { key: string }).key)).toEqual(many(1_001).map((m) => m.key));
  });

  it('answers each message of a call that failed as a whole (a 500) as not sent, worth retrying, and the other calls as they went', async () => {
    standIn.answers.push([500, { ErrorCode: 0, Message: 'Internal error' }]);
    const results = await mailer().sendBatch(many(502));
    expect(results).toHaveLength(502);
    const failed = results.slice(0, 500).map((r) => (r.ok ? null : r.error));
    expect(failed.every((e) => e instanceof MailerError && e.retryable)).toBe(true);
    expect(results.slice(500).every((r) => r.ok)).toBe(true);
  });
});

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

import { ServerClient, Errors } from 'postmark';
import { MailerError, type Mailer } from '../ports/mailer.ts';

export interface PostmarkMailerOptions {
  serverToken: string;
  from: string;
  /** Defaults to Postmark itself; tests point it at a local stand-in. */
  requestHost?: string;
  useHttps?: boolean;
  fetch?: typeof fetch;
}

/** A display name as an RFC 5322 quoted string: quotes and backslashes escaped, line breaks (header injection) cut out. */
const quotedName = (name: string) => `"${name.replace(/[\r\n]+/g, ' ').replace(/["\\]/g, '\\$&')}"`;

/** Sends on Postmark's transactional ("outbound") stream with the official client. */
export function createPostmarkMailer(options: PostmarkMailerOptions): Mailer {
  // Well inside the job lease (120 s): a hung call fails and retries rather than outliving its claim.
  const client = new ServerClient(options.serverToken, {
    timeout: 30,
    ...(options.requestHost ? { requestHost: options.requestHost } : {}),
    ...(options.useHttps === undefined ? {} : { useHttps: options.useHttps }),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return {
    async send(email) {
      try {
        const sent = await client.sendEmail({
          From: email.fromName ? `${quotedName(email.fromName)} <${options.from}>` : options.from,
          To: email.to,
          Subject: email.subject,
          TextBody: email.text,
          HtmlBody: email.html,
          MessageStream: 'outbound',
          ...(email.replyTo ? { ReplyTo: email.replyTo } : {}),
          Metadata: { key: email.key },
          ...(email.headers ? { Headers: Object.entries(email.headers).map(([Name, Value]) => ({ Name, Value })) } : {}),
          ...(email.attachments?.length
            ? { Attachments: email.attachments.map((a) => ({ Name: a.name, ContentType: a.contentType, Content: a.content, ContentID: null })) }
            : {}),
        });
        return { providerId: sent.MessageID };
      } catch (error) {
        // Bad input (inactive recipient, invalid address) will fail the same way again.
        const retryable = !(error instanceof Errors.ApiInputError || error instanceof Errors.InvalidAPIKeyError);
        const message = error instanceof Error ? error.message : String(error);
        throw new MailerError(`Postmark: ${message}`, retryable);
      }
    },
  };
}

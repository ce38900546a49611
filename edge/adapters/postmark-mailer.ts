import { ServerClient, Errors } from 'postmark';
import { InactiveRecipientError, MailerError, type Mailer } from '../ports/mailer.ts';

/** Postmark's error code for a recipient it deactivated (hard bounce, spam complaint, manual). */
export const INACTIVE_RECIPIENT = 406;

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
          ...(email.attachments?.length
            ? { Attachments: email.attachments.map((a) => ({ Name: a.name, ContentType: a.contentType, Content: a.content, ContentID: null })) }
            : {}),
        });
        return { providerId: sent.MessageID };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof Errors.PostmarkError && error.code === INACTIVE_RECIPIENT) throw new InactiveRecipientError(`Postmark: ${message}`);
        // Bad input (an invalid address) or a bad token will fail the same way again.
        const retryable = !(error instanceof Errors.ApiInputError || error instanceof Errors.InvalidAPIKeyError);
        throw new MailerError(`Postmark: ${message}`, retryable);
      }
    },
  };
}

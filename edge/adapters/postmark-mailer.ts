import { ServerClient, Errors } from 'postmark';
import { InactiveRecipientError, MailerError, type BatchResult, type Mailer, type OutgoingEmail } from '../ports/mailer.ts';

/** Postmark's error code for a recipient it deactivated (hard bounce, spam complaint, manual). */
export const INACTIVE_RECIPIENT = 406;
/** Postmark's error code for a malformed message (an invalid address): sending it again cannot help. */
const INVALID_REQUEST = 300;
/** Postmark takes at most 500 messages per batch call. */
export const POSTMARK_BATCH_LIMIT = 500;

export interface PostmarkMailerOptions {
  serverToken: string;
  from: string;
  /** Defaults to Postmark itself; tests point it at a local stand-in. */
  requestHost?: string;
  useHttps?: boolean;
  fetch?: typeof fetch;
  /** Seconds before a call is given up (default 30, well inside the job lease); tests shorten it. */
  timeoutSeconds?: number;
}

/** A display name as an RFC 5322 quoted string: quotes and backslashes escaped, line breaks (header injection) cut out. */
const quotedName = (name: string) => `"${name.replace(/[\r\n]+/g, ' ').replace(/["\\]/g, '\\$&')}"`;

/** Sends on Postmark's transactional ("outbound") stream with the official client. */
export function createPostmarkMailer(options: PostmarkMailerOptions): Mailer {
  // Well inside the job lease (120 s): a hung call fails and retries rather than outliving its claim.
  const client = new ServerClient(options.serverToken, {
    timeout: options.timeoutSeconds ?? 30,
    ...(options.requestHost ? { requestHost: options.requestHost } : {}),
    ...(options.useHttps === undefined ? {} : { useHttps: options.useHttps }),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const from = (email: OutgoingEmail) => (email.fromName ? `${quotedName(email.fromName)} <${options.from}>` : options.from);
  const message = (email: OutgoingEmail) => ({
    From: from(email),
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
  return {
    async send(email) {
      try {
        const sent = await client.sendEmail(message(email));
        return { providerId: sent.MessageID };
      } catch (error) {
        throw mailerError(error);
      }
    },
    async sendBatch(list) {
      const results: BatchResult[] = [];
      for (let i = 0; i < list.length; i += POSTMARK_BATCH_LIMIT) {
        const chunk = list.slice(i, i + POSTMARK_BATCH_LIMIT);
        try {
          const answers = await client.sendEmailBatch(chunk.map(message));
          // Postmark answers one result per message, in the order sent; each is handled on its own.
          for (const answer of answers) {
            if (answer.ErrorCode === 0) results.push({ ok: true, providerId: answer.MessageID });
            else results.push({ ok: false, error: codeError(answer.ErrorCode, answer.Message) });
          }
        } catch (error) {
          // The call as a whole failed (a 500, a timeout): each of its messages may or may not have been accepted.
          const failed = mailerError(error);
          for (const _ of chunk) results.push({ ok: false, error: failed });
        }
      }
      return results;
    },
    async findSent(key) {
      try {
        // Postmark's outbound message search, filtered by the key in each message's Metadata (`metadata_key`).
        const found = await client.getOutboundMessages({ count: 10, offset: 0, metadata_key: key });
        // Checked again here: a search that ignored the filter must not pass another message off as this one.
        const match = found.Messages.find((m) => m.Metadata?.key === key);
        return match ? { providerId: match.MessageID } : null;
      } catch (error) {
        throw mailerError(error);
      }
    },
  };
}

/** A per-message refusal: an inactive recipient or a malformed message for good; anything else (rate, account, maintenance) is worth retrying. */
function codeError(code: number, message: string): MailerError {
  if (code === INACTIVE_RECIPIENT) return new InactiveRecipientError(`Postmark: ${message}`);
  return new MailerError(`Postmark: ${message} (ErrorCode ${code})`, code !== INVALID_REQUEST);
}

function mailerError(error: unknown): MailerError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Errors.PostmarkError && error.code === INACTIVE_RECIPIENT) return new InactiveRecipientError(`Postmark: ${message}`);
  // Bad input (an invalid address) fails the same way again. A bad token is a configuration fault, not the
  // email's: it is retried with backoff, so the emails go out once the token is put right.
  const retryable = !(error instanceof Errors.ApiInputError);
  return new MailerError(`Postmark: ${message}`, retryable);
}

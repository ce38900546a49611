export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Idempotency key: a provider that supports it sends one email per key. */
  key: string;
  /** The sender's display name (the firm's): the address stays the configured `MAIL_FROM`. */
  fromName?: string | undefined;
  /** Where replies go (a thread's reply address), when not to the sender. */
  replyTo?: string | undefined;
  /** Extra headers (`List-Unsubscribe`, `List-Unsubscribe-Post` on reminders). */
  headers?: Record<string, string> | undefined;
  /** Files sent with it (digitisation); the caller keeps the email within the provider's size limit. */
  attachments?: EmailAttachment[] | undefined;
}

export interface EmailAttachment {
  name: string;
  contentType: string;
  /** The bytes, base64-encoded. */
  content: string;
}

/**
 * One email's outcome in a batch: its provider id, or why it was not sent (an
 * InactiveRecipientError, or a MailerError saying whether to retry). When a
 * call failed as a whole (a 500, a timeout) each of its emails gets that
 * error: the provider may have accepted them all the same.
 */
export type BatchResult = { ok: true; providerId: string } | { ok: false; error: MailerError };

export interface Mailer {
  /** Sends one email and answers the provider's message id. Throws MailerError. */
  send(email: OutgoingEmail): Promise<{ providerId: string }>;
  /** Sends many emails in as few calls as the provider allows and answers one result per email, in order; never rejects. */
  sendBatch(emails: readonly OutgoingEmail[]): Promise<BatchResult[]>;
  /**
   * Whether the provider accepted an email with this key (the outbox handed it
   * over but never learnt the answer): its message id, or null when it has
   * none. Throws MailerError when it cannot tell (then nothing is sent).
   */
  findSent(key: string): Promise<{ providerId: string } | null>;
}

export class MailerError extends Error {
  override name = 'MailerError';
  constructor(
    message: string,
    /** false when sending again cannot help (bad address, inactive recipient). */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** The provider refused the recipient for good (Postmark's 406: inactive after a hard bounce or spam complaint). */
export class InactiveRecipientError extends MailerError {
  override name = 'InactiveRecipientError';
  constructor(message: string) {
    super(message, false);
  }
}

/**
 * A mailer made of one send function (tests, a transport that takes one
 * email per call): a batch goes one by one, and it cannot be asked what it
 * accepted before, so it answers that it knows of nothing.
 */
export function oneByOne(send: Mailer['send']): Mailer {
  return {
    send,
    async sendBatch(list) {
      const results: BatchResult[] = [];
      for (const email of list) {
        try {
          results.push({ ok: true, ...(await send(email)) });
        } catch (error) {
          results.push({ ok: false, error: error instanceof MailerError ? error : new MailerError(error instanceof Error ? error.message : String(error), true) });
        }
      }
      return results;
    },
    async findSent() {
      return null;
    },
  };
}

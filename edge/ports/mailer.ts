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

/** One email's outcome in a batch: its provider id, or why it was refused (an InactiveRecipientError, or a MailerError saying whether to retry). */
export type BatchResult = { ok: true; providerId: string } | { ok: false; error: MailerError };

export interface Mailer {
  /** Sends one email and answers the provider's message id. Throws MailerError. */
  send(email: OutgoingEmail): Promise<{ providerId: string }>;
  /**
   * Sends many emails in as few calls as the provider allows and answers one
   * result per email, in order. Throws MailerError when a call as a whole
   * failed (then no result of that call is known). Optional: without it, send one by one.
   */
  sendBatch?(emails: readonly OutgoingEmail[]): Promise<BatchResult[]>;
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

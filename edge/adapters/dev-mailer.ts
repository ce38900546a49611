import type { Mailer } from '../ports/mailer.ts';

/**
 * Delivers nowhere: with `MAILER=dev` the outbox row marked sent is the
 * mailbox, read at `/dev/mail` (so every instance sees the same mail). It
 * takes the outbox's batch path like Postmark. A handed-over row whose result
 * was never recorded is not in the mailbox, so it was never "accepted".
 */
export const devMailer: Mailer = {
  async send(email) {
    return { providerId: `dev-${email.key}` };
  },
  async sendBatch(list) {
    return list.map((email) => ({ ok: true, providerId: `dev-${email.key}` }));
  },
  async findSent() {
    return null;
  },
};

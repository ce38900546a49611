import type { Mailer } from '../ports/mailer.ts';

/**
 * Delivers nowhere: with `MAILER=dev` the outbox row marked sent is the
 * mailbox, read at `/dev/mail` (so every instance sees the same mail).
 */
export const devMailer: Mailer = {
  async send(email) {
    return { providerId: `dev-${email.key}` };
  },
};

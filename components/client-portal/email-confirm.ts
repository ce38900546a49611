import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { ApiError } from '../internal/api-client.ts';
import type { Locale, PortalProfile } from '../internal/api-types.ts';
import { errorMessage } from '../internal/messages.ts';
import { adoptStyles, type PortalPart, type PortalPartHost } from './portal-part.ts';
import { noticeStyles } from './portal-parts.styles.ts';

/** The confirmation's words, beside it (a chunk of its own, fetched only for an `#email-confirm=` link). */
const strings = {
  en: {
    confirming: 'Confirming your new email address…',
    confirmed: (email: string) => `Your email is now ${email}.`,
    expired: 'This link has expired or was used; request a new one from your profile.',
  },
  et: {
    confirming: 'Kinnitan sinu uut e-posti aadressi…',
    confirmed: (email: string) => `Sinu e-posti aadress on nüüd ${email}.`,
    expired: 'See link on aegunud või juba kasutatud; küsi uus oma profiilist.',
  },
} satisfies Record<Locale, { confirming: string; confirmed(email: string): string; expired: string }>;

/**
 * The link of an email change (`#email-confirm=<token>` on the portal page,
 * sent to the new address): confirmed at once (`POST /auth/email/confirm`),
 * signed in or not, and the outcome said on the portal; the header shows the
 * new address when the same contact is signed in.
 */
export class EmailConfirm implements ReactiveController {
  readonly #host: PortalPartHost;
  readonly #options: PortalPart;
  #state: { email: string } | 'pending' | 'expired' | Error = 'pending';

  constructor(host: PortalPartHost, options: PortalPart, token: string) {
    this.#host = host;
    this.#options = options;
    adoptStyles(host, noticeStyles);
    host.addController(this);
    void this.#confirm(token);
  }

  hostConnected(): void {}

  async #confirm(token: string): Promise<void> {
    try {
      const profile = await this.#options.api().post<PortalProfile>('/auth/email/confirm', { token });
      this.#state = { email: profile.email };
      const session = this.#options.session();
      if (session && session.user.name === profile.name && session.user.email !== profile.email) {
        session.user = { ...session.user, email: profile.email };
      }
    } catch (err) {
      this.#state = err instanceof ApiError && (err.status === 400 || err.status === 401 || err.status === 404) ? 'expired' : (err as Error);
    }
    this.#host.requestUpdate();
  }

  render(): TemplateResult | typeof nothing {
    const s = strings[this.#options.locale()];
    const state = this.#state;
    if (state === 'pending') return html`<p class="muted" role="status">${s.confirming}</p>`;
    if (state === 'expired') return html`<p part="error" class="alert" role="alert">${s.expired}</p>`;
    if (state instanceof Error) return html`<p part="error" class="alert" role="alert">${this.#options.t()[errorMessage(state)]}</p>`;
    return html`<p part="notice" class="notice" role="status">${s.confirmed(state.email)}</p>`;
  }
}

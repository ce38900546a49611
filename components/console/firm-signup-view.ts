import { html, nothing, type TemplateResult } from 'lit';
import { ApiError } from '../internal/api-client.ts';
import type { Locale } from '../internal/api-types.ts';
import { fieldError, issuesByPath } from './console-labels.ts';
import type { ConsoleViewHost } from './console-view-host.ts';

/** `POST /public/firms` -> 201. */
interface SignedUp {
  slug: string;
  name: string;
}

/** The fields of the form, as the server names them. */
const FIELDS = ['name', 'ownerName', 'email'] as const;

/** The browser's IANA timezone, when it knows one (the firm's reminders go out at its morning hour). */
const browserTimezone = (): string | undefined => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
};

/**
 * Signing a new firm up from the console's sign-in screen ("New firm? Sign
 * up"): the firm's name, the owner's name and email address
 * (`POST /public/firms`, with the console's language and the browser's
 * timezone), then "Check your email": the owner signs in from the emailed
 * link, which the console follows to the new firm. A refused field says why
 * beside it; a server that takes no sign-ups (403 `signup_closed`, or no such
 * route) and too many sign-ups (429) are said in words.
 */
export class FirmSignupView {
  readonly #host: ConsoleViewHost;
  readonly #locale: () => Locale;
  #issues = new Map<string, string>();
  #error = '';
  #busy = false;
  #done: { firm: string; email: string } | null = null;
  /** What was typed, kept when the person goes back to sign-in and returns. */
  #values: Record<(typeof FIELDS)[number], string> = { name: '', ownerName: '', email: '' };

  constructor(host: ConsoleViewHost, locale: () => Locale) {
    this.#host = host;
    this.#locale = locale;
  }

  open(): void {
    this.#issues = new Map();
    this.#error = '';
    this.#done = null;
    this.#host.requestUpdate();
  }

  async #focus(selector: string): Promise<void> {
    await this.#host.updateComplete;
    this.#host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.#busy) return;
    const host = this.#host;
    const t = host.strings;
    const form = event.currentTarget as HTMLFormElement;
    const input = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
    for (const name of FIELDS) this.#values[name] = input(name).value.trim();
    const issues = new Map<string, string>();
    for (const name of FIELDS) if (!this.#values[name]) issues.set(name, t.signUpRequired);
    if (!issues.has('email') && (input('email').validity.typeMismatch || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(this.#values.email))) issues.set('email', t.signUpEmailInvalid);
    this.#issues = issues;
    this.#error = '';
    if (issues.size) {
      host.requestUpdate();
      void this.#focus('.signup-form [aria-invalid="true"]');
      return;
    }
    this.#busy = true;
    host.announce(t.signingUp);
    host.requestUpdate();
    const timezone = browserTimezone();
    try {
      const made = await host.apiClient.post<SignedUp>('/public/firms', {
        name: this.#values.name,
        ownerName: this.#values.ownerName,
        email: this.#values.email,
        locale: this.#locale(),
        ...(timezone ? { timezone } : {}),
      });
      this.#done = { firm: made.name, email: this.#values.email };
      host.announce('');
      void this.#focus('[data-heading]');
    } catch (err) {
      this.#issues = new Map([...issuesByPath(err)].filter(([path]) => (FIELDS as readonly string[]).includes(path)));
      this.#error = this.#issues.size ? '' : this.#message(err);
      host.requestUpdate();
      void this.#focus(this.#issues.size ? '.signup-form [aria-invalid="true"]' : '.signup-form button[type="submit"]');
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  #message(err: unknown): string {
    const t = this.#host.strings;
    if (err instanceof ApiError) {
      if (err.code === 'signup_closed' || err.status === 403 || err.status === 404) return t.signUpClosed;
      if (err.status === 429) return t.signUpRateLimited;
    }
    return this.#host.messageFor(err);
  }

  /** `back` returns to the sign-in form. */
  render(back: () => void): TemplateResult {
    const t = this.#host.strings;
    const done = this.#done;
    if (done) {
      return html`
        <h2 part="heading" data-heading tabindex="-1">${t.signUpDoneTitle}</h2>
        <p>${t.signUpDone(done.firm, done.email)}</p>
        <button type="button" class="button link" @click=${back}>${t.backToSignIn}</button>
      `;
    }
    const issues = this.#issues;
    const invalid = (name: string) => (issues.has(name) ? 'true' : 'false');
    const field = (name: (typeof FIELDS)[number], label: string, type: string, autocomplete: string) => html`
      <label for="signup-${name}">${label}</label>
      <input part="input" id="signup-${name}" name=${name} type=${type} autocomplete=${autocomplete} maxlength="120" required
        .value=${this.#values[name]} ?disabled=${this.#busy} aria-invalid=${invalid(name)} aria-describedby="signup-${name}-error"
        spellcheck=${type === 'email' ? 'false' : 'true'} />
      ${fieldError(issues, name, `signup-${name}-error`)}
    `;
    return html`
      <h2 part="heading" data-heading tabindex="-1">${t.signUpTitle}</h2>
      <p class="muted">${t.signUpIntro}</p>
      ${this.#error ? html`<p class="alert" role="alert">${this.#error}</p>` : nothing}
      <form part="form" class="stack signup-form" novalidate @submit=${(e: SubmitEvent) => this.#submit(e)}>
        ${field('name', t.firmNameLabel, 'text', 'organization')}
        ${field('ownerName', t.ownerNameLabel, 'text', 'name')}
        ${field('email', t.ownerEmailLabel, 'email', 'email')}
        <div class="row">
          <button part="button" class="button" type="submit" ?disabled=${this.#busy}>${this.#busy ? t.signingUp : t.signUpSubmit}</button>
          <button type="button" class="button link" ?disabled=${this.#busy} @click=${back}>${t.backToSignIn}</button>
        </div>
      </form>
    `;
  }
}

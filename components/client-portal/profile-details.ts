import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { ApiError, type PorticoApi } from '../internal/api-client.ts';
import type { EmailChangeRequest, Locale, PortalProfile, PortalProfilePatch } from '../internal/api-types.ts';
import { errorMessage, isUnauthorized } from '../internal/messages.ts';
import type { Translation } from '../translations/index.ts';

/** The words of the contact's details (name, phone, email change), beside them; part of the profile view's chunk. */
const strings = {
  en: {
    detailsLegend: 'Your details',
    nameLabel: 'Name',
    phoneLabel: 'Phone (optional)',
    saveDetails: 'Update my details',
    detailsSaved: 'Your details are saved.',
    detailsFailed: 'Your details were not saved. Check them and try again.',
    nameInvalid: 'Enter your name (at most 200 characters).',
    phoneInvalid: 'Enter a phone number such as +372 5123 4567.',
    emailLegend: 'Email address',
    emailCurrent: (email: string) => `Portico emails you at ${email}.`,
    emailNew: 'New email address',
    emailChange: 'Change the email address',
    emailSent: (email: string) => `We sent a confirmation link to ${email}. Your address changes once you open it.`,
    emailInvalid: 'Enter an email address such as name@example.com.',
    emailTaken: 'Someone else uses this address with this firm. Choose another.',
    emailUnchanged: 'This is your address already.',
  },
  et: {
    detailsLegend: 'Sinu andmed',
    nameLabel: 'Nimi',
    phoneLabel: 'Telefon (ei ole kohustuslik)',
    saveDetails: 'Uuenda andmeid',
    detailsSaved: 'Sinu andmed on salvestatud.',
    detailsFailed: 'Andmeid ei salvestatud. Vaata need üle ja proovi uuesti.',
    nameInvalid: 'Sisesta oma nimi (kuni 200 märki).',
    phoneInvalid: 'Sisesta telefoninumber, näiteks +372 5123 4567.',
    emailLegend: 'E-posti aadress',
    emailCurrent: (email: string) => `Portico saadab sulle kirju aadressile ${email}.`,
    emailNew: 'Uus e-posti aadress',
    emailChange: 'Muuda e-posti aadressi',
    emailSent: (email: string) => `Saatsime kinnituslingi aadressile ${email}. Aadress muutub, kui selle avad.`,
    emailInvalid: 'Sisesta e-posti aadress, näiteks nimi@example.com.',
    emailTaken: 'Seda aadressi kasutab selle büroo juures keegi teine. Vali muu aadress.',
    emailUnchanged: 'See on juba sinu aadress.',
  },
} satisfies Record<Locale, Record<string, string | ((arg: string) => string)>>;
type Strings = (typeof strings)['en'];

type Field = 'name' | 'phone' | 'email';
const FIELD_ERRORS = { name: 'nameInvalid', phone: 'phoneInvalid', email: 'emailInvalid' } as const;

export interface DetailsOptions {
  api(): PorticoApi | null;
  locale(): Locale;
  t(): Translation;
  unauthorized(err: unknown): void;
  /** The profile as the server answered a save. */
  saved(profile: PortalProfile): void;
  /** Says something in the profile's status region. */
  announce(text: string): void;
}

/** Paths the server's 400 `validation_failed` names (`issues[].path`). */
const issuePaths = (err: unknown): string[] =>
  err instanceof ApiError && Array.isArray(err.issues) ? (err.issues as { path?: unknown }[]).map((i) => String(i.path ?? '')) : [];

/**
 * The contact's own details in the profile view: name and phone (`PATCH
 * /portal/profile`), and a new email address (`POST /portal/profile/email`:
 * a confirmation link goes to it; the address changes when it is opened,
 * `#email-confirm=`). A value the server refuses is said at its field, which
 * takes focus; the outcome is announced in the profile's status region.
 */
export class ProfileDetails {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #options: DetailsOptions;
  #busy: 'details' | 'email' | null = null;
  #refused: Partial<Record<Field, string>> = {};
  #error: { form: 'details' | 'email'; text: string } | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement, options: DetailsOptions) {
    this.#host = host;
    this.#options = options;
  }

  /** The view opened again: nothing said yet. */
  /** The profile the form shows, to send only what the contact changed. */
  #shown: PortalProfile | null = null;

  reset(): void {
    this.#refused = {};
    this.#error = null;
  }

  get #s(): Strings {
    return strings[this.#options.locale()];
  }

  async #submit(event: SubmitEvent, form: 'details' | 'email'): Promise<void> {
    event.preventDefault();
    const api = this.#options.api();
    if (!api || this.#busy) return;
    const el = event.currentTarget as HTMLFormElement;
    const value = (name: string) => (el.elements.namedItem(name) as HTMLInputElement).value.trim();
    const s = this.#s;
    this.#refused = {};
    this.#error = null;
    // The browser's own checks first (a required name, an email's shape), said at the field as the server's are.
    const invalid = (['name', 'email'] as const).find((name) => {
      const input = el.elements.namedItem(name) as HTMLInputElement | null;
      return input && !input.checkValidity();
    });
    if (invalid) return this.#refuse({ [invalid]: s[FIELD_ERRORS[invalid]] });
    this.#busy = form;
    this.#host.requestUpdate();
    try {
      if (form === 'details') {
        // Only what changed: a number the firm wrote in its own way is not sent back to be judged again.
        const patch: PortalProfilePatch = {};
        if (value('name') !== this.#shown?.name) patch.name = value('name');
        if ((value('phone') || null) !== (this.#shown?.phone ?? null)) patch.phone = value('phone') || null;
        if (Object.keys(patch).length > 0) this.#options.saved(await api.request<PortalProfile>('PATCH', '/portal/profile', patch));
        this.#options.announce(s.detailsSaved);
      } else {
        const body: EmailChangeRequest = { email: value('email') };
        await api.post('/portal/profile/email', body);
        el.reset();
        this.#options.announce(s.emailSent(body.email));
      }
    } catch (err) {
      this.#options.unauthorized(err);
      if (isUnauthorized(err)) return;
      const code = err instanceof ApiError ? err.code : '';
      const paths = issuePaths(err);
      const refused: Partial<Record<Field, string>> = {};
      if (code === 'email_taken') refused.email = s.emailTaken;
      else if (code === 'email_unchanged') refused.email = s.emailUnchanged;
      else for (const field of ['name', 'phone', 'email'] as const) if (paths.includes(field)) refused[field] = s[FIELD_ERRORS[field]];
      if (Object.keys(refused).length) this.#refused = refused;
      else {
        const message = errorMessage(err);
        this.#error = { form, text: message === 'errorGeneric' && form === 'details' ? s.detailsFailed : this.#options.t()[message] };
      }
    } finally {
      this.#busy = null;
      this.#host.requestUpdate();
    }
    if (Object.keys(this.#refused).length) await this.#refuse(this.#refused);
  }

  async #refuse(refused: Partial<Record<Field, string>>): Promise<void> {
    this.#refused = refused;
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    const first = (['name', 'phone', 'email'] as const).find((f) => refused[f]);
    this.#host.shadowRoot?.querySelector<HTMLElement>(`#profile-${first}`)?.focus();
  }

  #field(name: Field, label: string, input: (described: string | typeof nothing, invalid: 'true' | 'false') => TemplateResult): TemplateResult {
    const refused = this.#refused[name];
    return html`<div class="field">
      <label for="profile-${name}">${label}</label>
      ${input(refused ? `profile-${name}-error` : nothing, refused ? 'true' : 'false')}
      ${refused ? html`<p id="profile-${name}-error" class="field-error">${refused}</p>` : nothing}
    </div>`;
  }

  #alert(form: 'details' | 'email'): TemplateResult | typeof nothing {
    return this.#error?.form === form ? html`<div part="error" class="alert" role="alert">${this.#error.text}</div>` : nothing;
  }

  render(profile: PortalProfile): TemplateResult {
    this.#shown = profile;
    const s = this.#s;
    const busy = this.#busy !== null;
    const clear = (name: Field) => () => {
      if (!this.#refused[name]) return;
      this.#refused = { ...this.#refused, [name]: undefined };
      this.#host.requestUpdate();
    };
    return html`<form class="details" novalidate aria-labelledby="details-legend" @submit=${(e: SubmitEvent) => void this.#submit(e, 'details')}>
        <h3 id="details-legend">${s.detailsLegend}</h3>
        ${this.#field('name', s.nameLabel, (described, invalid) => html`<input id="profile-name" name="name" autocomplete="name" required maxlength="200"
          .value=${profile.name} aria-invalid=${invalid} aria-describedby=${described} ?disabled=${busy} @input=${clear('name')} />`)}
        ${this.#field('phone', s.phoneLabel, (described, invalid) => html`<input id="profile-phone" name="phone" type="tel" autocomplete="tel" maxlength="50"
          .value=${profile.phone ?? ''} aria-invalid=${invalid} aria-describedby=${described} ?disabled=${busy} @input=${clear('phone')} />`)}
        ${this.#alert('details')}
        <button part="button" class="button" type="submit" ?disabled=${busy}>${s.saveDetails}</button>
      </form>
      <form class="email" novalidate aria-labelledby="email-legend" @submit=${(e: SubmitEvent) => void this.#submit(e, 'email')}>
        <h3 id="email-legend">${s.emailLegend}</h3>
        <p class="hint muted">${s.emailCurrent(profile.email)}</p>
        ${this.#field('email', s.emailNew, (described, invalid) => html`<input id="profile-email" name="email" type="email" autocomplete="email" required maxlength="320"
          aria-invalid=${invalid} aria-describedby=${described} ?disabled=${busy} @input=${clear('email')} />`)}
        ${this.#alert('email')}
        <button part="button" class="button" type="submit" ?disabled=${busy}>${s.emailChange}</button>
      </form>`;
  }
}

import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { Task } from '@lit/task';
import { ApiError, type PorticoApi } from '../internal/api-client.ts';
import type { ContactEmailPrefs, Locale, PortalProfile, PortalProfilePatch } from '../internal/api-types.ts';
import { errorMessage, isUnauthorized } from '../internal/messages.ts';
import type { Translation } from '../translations/index.ts';
import { ProfileDetails } from './profile-details.ts';
import { profileStrings, type EmailKind } from './profile-strings.ts';

export { styles } from './profile-view.styles.ts';

/** The kinds of email the contact switches, in the order shown. */
const KINDS: readonly EmailKind[] = ['assigned', 'messages', 'reminders', 'withdrawn', 'fileRejected'];

/** Offered when the browser cannot list its zones (older Safari): those of the firms' clients, and UTC. */
const FALLBACK_ZONES = ['Europe/Helsinki', 'Europe/Riga', 'Europe/Tallinn', 'Europe/Vilnius', 'Europe/Stockholm', 'Europe/Berlin', 'Europe/London', 'UTC'];

/** The IANA zones to offer, grouped by region (`Europe`, `America`, …); a saved zone the list lacks is offered too. */
function zoneGroups(saved: string | null): [string, string[]][] {
  const intl = Intl as { supportedValuesOf?: (key: 'timeZone') => string[] };
  let zones: string[];
  try {
    zones = intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : FALLBACK_ZONES;
  } catch {
    zones = FALLBACK_ZONES;
  }
  if (saved && !zones.includes(saved)) zones = [...zones, saved];
  const groups = new Map<string, string[]>();
  for (const zone of [...zones].sort()) {
    const region = zone.includes('/') ? zone.slice(0, zone.indexOf('/')) : zone;
    groups.set(region, [...(groups.get(region) ?? []), zone]);
  }
  return [...groups];
}

/** What the email settings need from `<client-portal>`. */
export interface ProfileOptions {
  /** The signed-in API client while the view shows; else `null` (nothing is fetched). */
  api(): PorticoApi | null;
  locale(): Locale;
  /** The portal's strings, for the shared words (retry, network errors). */
  t(): Translation;
  firmName(): string;
  /** A failed request's error, for the portal's session handling (a 401 signs out). */
  unauthorized(err: unknown): void;
  /** "Back to the portal". */
  back(): void;
  /** This browser's device token: the device that sets the PIN is not asked for it. */
  device?(): string;
  /** A staff preview: the settings show, and nothing can be changed. */
  readOnly?(): boolean;
}

const PIN = /^\d{4}$/;

type Draft = { prefs: ContactEmailPrefs; timezone: string | null };

/**
 * The contact's email settings in `<client-portal>` (`GET|PATCH /portal/profile`):
 * a checkbox per kind of email, single emails or one morning summary, and the
 * time zone of morning emails (the firm's unless they choose one). "Save"
 * sends it all; saving, saved and a failure are announced, and a value the
 * server refuses is marked at its field, which takes focus. Below, the PIN
 * asked on new devices: set, change (with the current PIN) or remove it; a
 * wrong or locked current PIN is said at its field (and announced), which
 * takes focus. A module of its
 * own (a chunk in the builds), fetched when the view first opens.
 */
export class ProfileController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #options: ProfileOptions;
  /** Bumped by "Try again" and each opening, so the profile is read fresh. */
  #generation = 0;
  readonly #load: Task<readonly [PorticoApi | null, number], PortalProfile | null>;
  /** The profile as last saved, once saved here (the load's answer until then). */
  #saved: PortalProfile | null = null;
  #draft: Draft | null = null;
  #saving = false;
  #status: 'saving' | 'saved' | null = null;
  #error: string | null = null;
  #timezoneRefused = false;
  #pinBusy = false;
  #pinStatus: 'pinSaved' | 'pinRemoved' | null = null;
  /** The current PIN was refused (`wrong_pin`, `pin_locked`): said at its field. */
  #pinRefused: 'pinWrong' | 'pinLocked' | null = null;
  #pinError: string | null = null;
  /** Name, phone and email change, above the email settings. */
  readonly #details: ProfileDetails;
  #detailsStatus = '';

  constructor(host: ReactiveControllerHost & HTMLElement, options: ProfileOptions) {
    this.#host = host;
    this.#options = options;
    this.#load = new Task(host, {
      task: async ([api], { signal }) => {
        if (!api) return null;
        try {
          const profile = await api.get<PortalProfile>('/portal/profile', { signal });
          this.#saved = null;
          this.#draft = { prefs: { ...profile.emailPrefs }, timezone: profile.timezone };
          return profile;
        } catch (err) {
          this.#options.unauthorized(err);
          throw err;
        }
      },
      args: () => [this.#options.api(), this.#generation] as const,
    });
    this.#details = new ProfileDetails(host, {
      api: () => this.#options.api(),
      locale: () => this.#options.locale(),
      t: () => this.#options.t(),
      unauthorized: (err) => this.#options.unauthorized(err),
      saved: (profile) => (this.#saved = profile),
      announce: (text) => {
        this.#detailsStatus = text;
        this.#status = null;
        this.#pinStatus = null;
        this.#pinRefused = null;
        host.requestUpdate();
      },
    });
    host.addController(this);
  }

  hostConnected(): void {}

  /** The view opens: read the profile again, with nothing said yet. */
  open(): void {
    this.#generation++;
    this.#status = null;
    this.#error = null;
    this.#timezoneRefused = false;
    this.#pinStatus = null;
    this.#pinRefused = null;
    this.#pinError = null;
    this.#detailsStatus = '';
    this.#details.reset();
    this.#host.requestUpdate();
  }

  /** "Set / Change the PIN" (`PUT /portal/profile/pin`) or "Remove the PIN" (`DELETE`), with the current PIN when one is set. */
  async #savePin(event: SubmitEvent, remove: boolean): Promise<void> {
    event.preventDefault();
    const api = this.#options.api();
    const form = (event.currentTarget as HTMLElement).closest('form')!;
    if (!api || this.#pinBusy) return;
    const s = profileStrings(this.#options.locale());
    const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | null;
    const current = field('current-pin');
    const fresh = field('new-pin');
    const repeat = field('repeat-pin');
    const check = (input: HTMLInputElement | null, same?: HTMLInputElement | null): boolean => {
      if (!input) return true;
      input.setCustomValidity(!PIN.test(input.value) ? s.pinFormat : same && same.value !== input.value ? s.pinMismatch : '');
      return input.reportValidity();
    };
    if (!check(current) || (!remove && (!check(fresh) || !check(repeat, fresh)))) return;
    this.#pinBusy = true;
    this.#pinStatus = null;
    this.#pinRefused = null;
    this.#pinError = null;
    this.#host.requestUpdate();
    try {
      const currentPin = current ? { currentPin: current.value } : {};
      const device = this.#options.device?.();
      this.#saved = remove
        ? await api.request<PortalProfile>('DELETE', '/portal/profile/pin', currentPin)
        : await api.request<PortalProfile>('PUT', '/portal/profile/pin', { pin: fresh!.value, ...currentPin, ...(device ? { device } : {}) });
      this.#pinStatus = remove ? 'pinRemoved' : 'pinSaved';
      form.reset();
    } catch (err) {
      this.#options.unauthorized(err);
      if (isUnauthorized(err)) return;
      const code = err instanceof ApiError ? err.code : '';
      if (code === 'wrong_pin' || code === 'pin_locked') this.#pinRefused = code === 'wrong_pin' ? 'pinWrong' : 'pinLocked';
      else this.#pinError = this.#options.t()[errorMessage(err)];
    } finally {
      this.#pinBusy = false;
      this.#host.requestUpdate();
    }
    if (this.#pinRefused) {
      await this.#host.updateComplete;
      this.#host.shadowRoot?.querySelector<HTMLElement>('#current-pin')?.focus();
    }
  }

  #renderPin(profile: PortalProfile): TemplateResult {
    const s = profileStrings(this.#options.locale());
    const busy = this.#pinBusy;
    const refused = this.#pinRefused;
    const pinField = (id: string, label: string, error?: TemplateResult | typeof nothing) => html`<div class="field">
      <label for=${id}>${label}</label>
      <input id=${id} name=${id} type="password" inputmode="numeric" autocomplete="off" pattern="[0-9]{4}" maxlength="4" required
        aria-invalid=${error && error !== nothing ? 'true' : 'false'}
        aria-describedby=${error && error !== nothing ? `${id}-error` : nothing}
        ?disabled=${busy}
        @input=${(e: Event) => (e.currentTarget as HTMLInputElement).setCustomValidity('')} />
      ${error ?? nothing}
    </div>`;
    const refusal = refused ? html`<p id="current-pin-error" class="field-error">${s[refused]}</p>` : nothing;
    return html`<form class="pin" novalidate aria-labelledby="pin-legend" @submit=${(e: SubmitEvent) => void this.#savePin(e, false)}>
      <h3 id="pin-legend">${s.pinLegend}</h3>
      <p class="hint muted">${profile.pin ? s.pinHintOn : s.pinHintOff}</p>
      ${profile.pin ? pinField('current-pin', s.pinCurrent, refusal) : nothing}
      ${pinField('new-pin', s.pinNew)} ${pinField('repeat-pin', s.pinRepeat)}
      ${this.#pinError ? html`<div part="error" class="alert" role="alert">${this.#pinError}</div>` : nothing}
      <div class="row">
        <button part="button" class="button" type="submit" ?disabled=${busy}>${profile.pin ? s.pinChange : s.pinSet}</button>
        ${profile.pin
          ? html`<button class="button secondary" type="button" ?disabled=${busy}
              @click=${(e: Event) => void this.#savePin(e as unknown as SubmitEvent, true)}>${s.pinRemove}</button>`
          : nothing}
      </div>
    </form>`;
  }

  #setPref(key: keyof ContactEmailPrefs, on: boolean): void {
    if (!this.#draft) return;
    this.#draft = { ...this.#draft, prefs: { ...this.#draft.prefs, [key]: on } };
    this.#status = null;
    this.#host.requestUpdate();
  }

  #setTimezone(value: string): void {
    if (!this.#draft) return;
    this.#draft = { ...this.#draft, timezone: value || null };
    this.#timezoneRefused = false;
    this.#status = null;
    this.#host.requestUpdate();
  }

  async #save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const api = this.#options.api();
    const draft = this.#draft;
    if (!api || !draft || this.#saving) return;
    const s = profileStrings(this.#options.locale());
    this.#saving = true;
    this.#status = 'saving';
    this.#error = null;
    this.#timezoneRefused = false;
    this.#host.requestUpdate();
    try {
      const body: PortalProfilePatch = { emailPrefs: draft.prefs, timezone: draft.timezone };
      this.#saved = await api.request<PortalProfile>('PATCH', '/portal/profile', body);
      this.#draft = { prefs: { ...this.#saved.emailPrefs }, timezone: this.#saved.timezone };
      this.#status = 'saved';
    } catch (err) {
      this.#status = null;
      this.#options.unauthorized(err);
      if (isUnauthorized(err)) return;
      const issues = err instanceof ApiError && Array.isArray(err.issues) ? (err.issues as { path?: string }[]) : [];
      this.#timezoneRefused = issues.some((issue) => issue.path === 'timezone');
      const message = errorMessage(err);
      this.#error = message === 'errorGeneric' ? s.saveFailed : this.#options.t()[message];
    } finally {
      this.#saving = false;
      this.#host.requestUpdate();
    }
    if (this.#timezoneRefused) {
      await this.#host.updateComplete;
      this.#host.shadowRoot?.querySelector<HTMLElement>('#profile-timezone')?.focus();
    }
  }

  #renderForm(profile: PortalProfile, draft: Draft): TemplateResult {
    const s = profileStrings(this.#options.locale());
    const refused = this.#timezoneRefused;
    return html`<form novalidate @submit=${(e: SubmitEvent) => void this.#save(e)}>
      <fieldset>
        <legend>${s.kindsLegend}</legend>
        ${KINDS.map(
          (kind) => html`<label class="choice"
            ><input type="checkbox" name=${kind} .checked=${draft.prefs[kind]}
              @change=${(e: Event) => this.#setPref(kind, (e.currentTarget as HTMLInputElement).checked)}
            /><span>${s.kindLabel(kind)}</span></label
          >`,
        )}
      </fieldset>
      <fieldset>
        <legend>${s.deliveryLegend}</legend>
        <label class="choice"
          ><input type="radio" name="digest" value="single" .checked=${!draft.prefs.digest}
            @change=${() => this.#setPref('digest', false)}
          /><span>${s.deliverySingle}</span></label
        >
        <label class="choice"
          ><input type="radio" name="digest" value="digest" aria-describedby="digest-hint" .checked=${draft.prefs.digest}
            @change=${() => this.#setPref('digest', true)}
          /><span>${s.deliveryDigest}</span></label
        >
        <p id="digest-hint" class="hint muted">${s.deliveryDigestHint}</p>
      </fieldset>
      <div class="field">
        <label for="profile-timezone">${s.timezoneLabel}</label>
        <select
          id="profile-timezone"
          name="timezone"
          aria-invalid=${refused ? 'true' : 'false'}
          aria-describedby=${refused ? 'timezone-error timezone-hint' : 'timezone-hint'}
          @change=${(e: Event) => this.#setTimezone((e.currentTarget as HTMLSelectElement).value)}
        >
          <option value="" ?selected=${draft.timezone === null}>${s.timezoneFirm}</option>
          ${zoneGroups(profile.timezone).map(
            ([region, zones]) => html`<optgroup label=${region}>
              ${zones.map((zone) => html`<option value=${zone} ?selected=${zone === draft.timezone}>${zone.replaceAll('_', ' ')}</option>`)}
            </optgroup>`,
          )}
        </select>
        ${refused ? html`<p id="timezone-error" class="field-error">${s.timezoneInvalid}</p>` : nothing}
        <p id="timezone-hint" class="hint muted">${s.timezoneHint}</p>
      </div>
      ${this.#error ? html`<div part="error" class="alert" role="alert">${this.#error}</div>` : nothing}
      <button part="button" class="button" type="submit" ?disabled=${this.#saving}>${this.#saving ? s.saving : s.save}</button>
    </form>`;
  }

  render(): TemplateResult {
    const s = profileStrings(this.#options.locale());
    const t = this.#options.t();
    const loading = () => html`<p class="muted">${s.profileLoading}</p>`;
    const status = this.#detailsStatus && !this.#status && !this.#pinStatus && !this.#pinRefused
      ? this.#detailsStatus
      : this.#pinRefused
      ? s[this.#pinRefused]
      : this.#pinStatus
        ? s[this.#pinStatus]
        : this.#status === 'saving' ? s.saving : this.#status === 'saved' ? s.saved : '';
    return html`<section class="profile" part="profile" aria-labelledby="profile-heading">
      <button class="button link back" part="back" type="button" @click=${() => this.#options.back()}>
        <span aria-hidden="true">←</span> ${s.profileBack}
      </button>
      <h2 id="profile-heading" part="heading" tabindex="-1">${s.profileTitle}</h2>
      ${this.#load.render({
        initial: loading,
        pending: loading,
        complete: (loaded) => {
          const profile = this.#saved ?? loaded;
          if (!profile || !this.#draft) return nothing;
          return html`${profile.emailUndeliverable
              ? html`<p class="alert" part="error">${s.undeliverable(profile.email)}</p>`
              : nothing}
            <fieldset class="read-only-wrap" ?disabled=${this.#options.readOnly?.() === true}>
              ${this.#details.render(profile)}
              <h3>${s.emailsHeading}</h3>
              <p>${s.profileIntro(this.#options.firmName())}</p>
              ${this.#renderForm(profile, this.#draft)} ${this.#renderPin(profile)}
            </fieldset>`;
        },
        error: (err) => html`<div class="alert" part="error" role="alert">
            <p>${errorMessage(err) === 'errorGeneric' ? s.profileLoadFailed : t[errorMessage(err)]}</p>
          </div>
          <button class="button secondary" type="button" @click=${() => this.open()}>${t.retry}</button>`,
      })}
      <p class="muted" role="status" aria-live="polite">${status}</p>
    </section>`;
  }
}

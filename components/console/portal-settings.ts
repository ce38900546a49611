import { html, nothing, type TemplateResult } from 'lit';
import { ApiError } from '../internal/api-client.ts';
import type { FirmBranding, FirmSettings, Page, Template } from '../internal/api-types.ts';
import { isAbort } from '../internal/messages.ts';
import { fieldError, issuesByPath } from './console-labels.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
// --- console setup (H4): the colour, logo and icon ---
import { BrandingImages } from './branding-images.ts';
import { renderConfirmQuestion } from './confirm-question.ts';

/** The colour the portal has without one of the firm's own (the themes' default primary). */
const DEFAULT_PRIMARY = '#1f4fbf';

/**
 * The branding to send with a new colour: what the firm has, less what the
 * settings do not take back (the uploaded logo's and icon's own addresses,
 * which only their upload sets).
 */
const brandingWith = (branding: FirmBranding | undefined, primaryColor: string): FirmBranding => {
  const { iconUrl: _icon, logoUrl, ...rest } = branding ?? {};
  return { ...rest, ...(logoUrl && !logoUrl.includes('/public/firms/') ? { logoUrl } : {}), primaryColor };
};
// --- end console setup (H4) ---

/** `GET /firm/settings`: the portal's part of it (issue 11). */
export interface PortalSettingsValues extends FirmSettings {
  slug: string;
  portalActive: boolean;
  description: string;
  welcomeVideoUrl: string | null;
  announcementsEnabled: boolean;
  sampleTemplateId: string | null;
  identityCreatesContacts: boolean;
  /** When the current embed secret was made (UTC ms); null: none yet. */
  embedSecretCreatedAt: number | null;
  /** The portal's colours and images (console setup, H4). */
  branding?: FirmBranding;
}

/** `POST /firm/settings/embed-secret` -> 201: the secret, this once. */
interface EmbedSecret {
  secret: string;
  createdAt: number;
}

type PortalPatch = Partial<Pick<PortalSettingsValues, 'slug' | 'portalActive' | 'description' | 'welcomeVideoUrl' | 'announcementsEnabled' | 'sampleTemplateId' | 'identityCreatesContacts' | 'branding'>>;

/** The snippet a firm pastes into its own page: the loader and the portal, for its slug and this server. */
export const embedSnippet = (api: string, slug: string): string =>
  `<script type="module" src="${api}/embed/portico.js"></script>\n` +
  `<client-portal api="${api}" firm="${slug}">\n  <client-task-list></client-task-list>\n  <request-form></request-form>\n</client-portal>`;

/**
 * The portal part of the Settings screen: its public address (a refusal shows
 * at the field; the old address keeps working), the portal switch, the
 * description, the welcome video, announcements, the sample task template and
 * whether identity tokens create contacts, saved together
 * (`PATCH /firm/settings`, only what changed); the embed snippet for the
 * firm's slug and this server, to copy; and "Make a new embed secret"
 * (`POST /firm/settings/embed-secret`, after a confirmation because it
 * revokes the old one), shown once. The owner and admins only; the Settings
 * screen tells a member that they cannot change settings.
 */
export class PortalSettings {
  readonly #host: ConsoleViewHost;
  #templates: Template[] = [];
  #issues = new Map<string, string>();
  #busy = false;
  #confirmingSecret = false;
  /** The secret just made: shown until the screen is left. */
  #secret: EmbedSecret | null = null;
  readonly #images: BrandingImages; // console setup (H4)

  constructor(host: ConsoleViewHost) {
    this.#host = host;
    this.#images = new BrandingImages(host);
  }

  /** Opens with no refusal and no secret; loads the single-task templates for the sample task picker. */
  async open(): Promise<void> {
    const host = this.#host;
    this.#issues = new Map();
    this.#confirmingSecret = false;
    this.#secret = null;
    this.#images.open(); // console setup (H4)
    this.#templates = [];
    try {
      const page = await host.apiClient.get<Page<Template>>('/firm/templates?kind=task&limit=100');
      this.#templates = page.items.filter((tpl) => tpl.kind === 'task');
    } catch (err) {
      // The picker still shows the saved template and "None".
      if (!isAbort(err)) host.failure(err);
    }
    host.requestUpdate();
  }

  /** The API's address as the firm's page must write it (absolute). */
  get #apiAddress(): string {
    return new URL(this.#host.api || '/', location.href).origin;
  }

  async #save(event: SubmitEvent, settings: PortalSettingsValues, saved: (next: PortalSettingsValues) => void): Promise<void> {
    event.preventDefault();
    const host = this.#host;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const wanted: Required<Omit<PortalPatch, 'branding'>> = {
      slug: text('slug'),
      portalActive: data.has('portalActive'),
      description: text('description'),
      welcomeVideoUrl: text('welcomeVideoUrl') || null,
      announcementsEnabled: data.has('announcementsEnabled'),
      sampleTemplateId: text('sampleTemplateId') || null,
      identityCreatesContacts: data.has('identityCreatesContacts'),
    };
    const patch: PortalPatch = Object.fromEntries(Object.entries(wanted).filter(([key, value]) => settings[key as keyof PortalPatch] !== value));
    // console setup (H4): the colour, sent with the rest of the branding when it changed.
    const colour = text('primaryColor').toLowerCase();
    if (colour && colour !== (settings.branding?.primaryColor ?? DEFAULT_PRIMARY).toLowerCase()) patch.branding = brandingWith(settings.branding, colour);
    this.#busy = true;
    this.#issues = new Map();
    host.showError('');
    host.requestUpdate();
    try {
      saved(await host.apiClient.request<PortalSettingsValues>('PATCH', '/firm/settings', patch));
      host.announce(host.strings.portalSettingsSaved);
    } catch (err) {
      this.#issues = issuesByPath(err);
      if (err instanceof ApiError && err.code === 'slug_taken') this.#issues.set('slug', host.strings.slugTaken);
      const message = host.failure(err);
      if (message !== null && this.#issues.size === 0) host.showError(message);
      host.requestUpdate();
      await host.updateComplete;
      host.renderRoot.querySelector<HTMLElement>('.portal-settings [aria-invalid="true"]')?.focus();
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  async #copy(value: string, done: string): Promise<void> {
    const host = this.#host;
    try {
      await navigator.clipboard.writeText(value);
      host.announce(done);
    } catch {
      host.announce(host.strings.copyFailed);
    }
  }

  async #makeSecret(saved: (createdAt: number) => void): Promise<void> {
    const host = this.#host;
    this.#busy = true;
    host.showError('');
    host.requestUpdate();
    try {
      this.#secret = await host.apiClient.request<EmbedSecret>('POST', '/firm/settings/embed-secret');
      this.#confirmingSecret = false;
      saved(this.#secret.createdAt);
      host.announce(host.strings.embedSecretMade);
      await host.updateComplete;
      host.renderRoot.querySelector<HTMLElement>('#embed-secret')?.focus();
    } catch (err) {
      const message = host.failure(err);
      if (message !== null) host.showError(message);
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  #setConfirming(on: boolean): void {
    this.#confirmingSecret = on;
    this.#host.requestUpdate();
    void this.#host.updateComplete.then(() => this.#host.renderRoot.querySelector<HTMLElement>(on ? '#embed-secret-confirm' : '#embed-secret-make')?.focus());
  }

  /** The snippet (everyone may copy it); the form and the secret for the owner and admins. */
  render(settings: PortalSettingsValues, onSaved: (next: PortalSettingsValues) => void): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const snippet = embedSnippet(this.#apiAddress, settings.slug);
    return html`
      <section class="portal-settings" aria-labelledby="portal-settings-title">
        <h3 id="portal-settings-title">${t.portalSettingsTitle}</h3>
        ${host.isAdmin ? this.#renderForm(settings, onSaved) : nothing}
        ${host.isAdmin
          ? html`<h4 id="branding-title">${t.brandingTitle}</h4>
              ${this.#images.render(settings.branding ?? {}, (branding) => onSaved({ ...settings, branding }))}`
          : nothing}
        <h4 id="embed-title">${t.embedTitle}</h4>
        <p class="muted">${t.embedIntro}</p>
        <label for="embed-snippet">${t.embedSnippetLabel}</label>
        <textarea id="embed-snippet" class="embed-snippet" readonly rows="6" spellcheck="false" .value=${snippet}></textarea>
        <div class="row"><button type="button" class="button secondary" @click=${() => this.#copy(snippet, t.copied)}>${t.copySnippet}</button></div>
        ${host.isAdmin ? this.#renderSecret(settings, onSaved) : nothing}
      </section>
    `;
  }

  #renderForm(settings: PortalSettingsValues, onSaved: (next: PortalSettingsValues) => void): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const issues = this.#issues;
    const invalid = (path: string) => (issues.has(path) ? 'true' : 'false');
    const saved = settings.sampleTemplateId;
    const templates = saved && !this.#templates.some((tpl) => tpl.id === saved) ? [{ id: saved, title: saved }, ...this.#templates] : this.#templates;
    const box = (name: 'portalActive' | 'announcementsEnabled' | 'identityCreatesContacts', label: string) =>
      html`<label><input type="checkbox" name=${name} .checked=${settings[name]} /> ${label}</label>`;
    return html`<form novalidate @submit=${(e: SubmitEvent) => this.#save(e, settings, onSaved)}>
      ${box('portalActive', t.portalActiveLabel)}
      <label for="portal-color">${t.primaryColorLabel}</label>
      <input id="portal-color" name="primaryColor" type="color" .value=${settings.branding?.primaryColor ?? DEFAULT_PRIMARY}
        aria-invalid=${invalid('branding.primaryColor')} aria-describedby="portal-color-error" />
      ${fieldError(issues, 'branding.primaryColor', 'portal-color-error')}
      <label for="portal-slug">${t.slugLabel}</label>
      <input id="portal-slug" name="slug" autocomplete="off" spellcheck="false" maxlength="40" required .value=${settings.slug}
        aria-invalid=${invalid('slug')} aria-describedby="portal-slug-error portal-slug-hint" />
      ${fieldError(issues, 'slug', 'portal-slug-error')}
      <p id="portal-slug-hint" class="muted">${t.slugHint(`${this.#apiAddress}/p/${settings.slug}`)}</p>
      <label for="portal-description">${t.portalDescriptionLabel}</label>
      <textarea id="portal-description" name="description" maxlength="500" rows="3" .value=${settings.description}
        aria-invalid=${invalid('description')} aria-describedby="portal-description-error"></textarea>
      ${fieldError(issues, 'description', 'portal-description-error')}
      <label for="portal-video">${t.welcomeVideoLabel}</label>
      <input id="portal-video" name="welcomeVideoUrl" type="url" maxlength="500" placeholder="https://" .value=${settings.welcomeVideoUrl ?? ''}
        aria-invalid=${invalid('welcomeVideoUrl')} aria-describedby="portal-video-error" />
      ${fieldError(issues, 'welcomeVideoUrl', 'portal-video-error')}
      ${box('announcementsEnabled', t.announcementsEnabledLabel)}
      <label for="portal-sample">${t.sampleTemplateLabel}</label>
      <select id="portal-sample" name="sampleTemplateId" aria-invalid=${invalid('sampleTemplateId')} aria-describedby="portal-sample-error">
        <option value="" ?selected=${!saved}>${t.sampleTemplateNone}</option>
        ${templates.map((tpl) => html`<option value=${tpl.id} ?selected=${tpl.id === saved}>${tpl.title}</option>`)}
      </select>
      ${fieldError(issues, 'sampleTemplateId', 'portal-sample-error')}
      ${box('identityCreatesContacts', t.identityCreatesContactsLabel)}
      <div class="row"><button type="submit" class="button" ?disabled=${this.#busy}>${t.savePortalSettings}</button></div>
    </form>`;
  }

  #renderSecret(settings: PortalSettingsValues, onSaved: (next: PortalSettingsValues) => void): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const secret = this.#secret;
    return html`<h4>${t.embedSecretTitle}</h4>
      <p class="muted">${settings.embedSecretCreatedAt ? t.embedSecretMadeAt(host.formatTime(settings.embedSecretCreatedAt)) : t.embedSecretNone}</p>
      ${secret
        ? html`<label for="embed-secret">${t.embedSecretLabel}</label>
            <input id="embed-secret" class="embed-secret" readonly spellcheck="false" .value=${secret.secret} aria-describedby="embed-secret-once" />
            <p id="embed-secret-once" class="notice"><strong>${t.embedSecretShownOnce}</strong></p>
            <div class="row"><button type="button" class="button secondary" @click=${() => this.#copy(secret.secret, t.copied)}>${t.copySecret}</button></div>`
        : nothing}
      ${this.#confirmingSecret
        ? renderConfirmQuestion({
            questionId: 'embed-secret-question',
            confirmId: 'embed-secret-confirm',
            question: t.embedSecretQuestion,
            confirm: t.embedSecretConfirm,
            cancel: t.cancel,
            busy: this.#busy,
            onConfirm: () => void this.#makeSecret((createdAt) => onSaved({ ...settings, embedSecretCreatedAt: createdAt })),
            onCancel: () => this.#setConfirming(false),
          })
        : html`<div class="row"><button id="embed-secret-make" type="button" class="button secondary" @click=${() => this.#setConfirming(true)}>${t.makeEmbedSecret}</button></div>`}`;
  }
}

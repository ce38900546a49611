import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { isAbort } from '../internal/messages.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import { PortalSettings, type PortalSettingsValues } from './portal-settings.ts';

/** The switches this screen edits, each with its label. */
const SWITCHES = [
  ['doneUploadingEnabled', 'doneUploadingSetting'],
  ['digitisationEnabled', 'digitisationSetting'],
] as const;

/**
 * The firm's settings screen: "Done uploading" for clients and digitisation
 * for staff, each saved as soon as it is switched (`PATCH /firm/settings`;
 * owner or admin, the server refuses anyone else and the switch goes back),
 * and the portal's settings (`portal-settings.ts`). A member is told that
 * only the owner or an admin changes them, and sees the embed snippet.
 */
export class FirmSettingsView {
  readonly #host: ConsoleViewHost;
  readonly #portal: PortalSettings;
  #settings: PortalSettingsValues | null = null;
  #error = '';
  #busy = false;

  constructor(host: ConsoleViewHost) {
    this.#host = host;
    this.#portal = new PortalSettings(host);
  }

  async open(): Promise<void> {
    const host = this.#host;
    this.#settings = null;
    this.#error = '';
    host.requestUpdate();
    if (host.isAdmin) void this.#portal.open();
    try {
      this.#settings = await host.apiClient.get<PortalSettingsValues>('/firm/settings');
    } catch (err) {
      if (!isAbort(err)) this.#error = host.failure(err) ?? '';
    }
    host.requestUpdate();
  }

  async #switch(key: (typeof SWITCHES)[number][0], on: boolean): Promise<void> {
    const host = this.#host;
    this.#busy = true;
    host.showError('');
    host.requestUpdate();
    try {
      this.#settings = await host.apiClient.request<PortalSettingsValues>('PATCH', '/firm/settings', { [key]: on });
      host.announce(host.strings.settingsSaved);
    } catch (err) {
      const message = host.failure(err);
      if (message !== null) host.showError(message);
    } finally {
      this.#busy = false;
      // On a refusal the box shows the saved value again.
      host.requestUpdate();
    }
  }

  render(): TemplateResult {
    const t = this.#host.strings;
    const settings = this.#settings;
    return html`
      <h2 tabindex="-1" data-heading>${t.settingsTitle}</h2>
      ${this.#error ? html`<p class="alert" role="alert">${this.#error}</p>` : nothing}
      ${!settings && !this.#error ? html`<p class="muted">${t.settingsLoading}</p>` : nothing}
      ${settings && !this.#host.isAdmin ? html`<p class="muted">${t.portalSettingsAdminOnly}</p>` : nothing}
      ${settings && this.#host.isAdmin
        ? html`<ul class="plain firm-settings">
            ${SWITCHES.map(
              ([key, label]) => html`<li>
                <label><input type="checkbox" name=${key} .checked=${live(settings[key])} ?disabled=${this.#busy}
                  @change=${(e: Event) => this.#switch(key, (e.currentTarget as HTMLInputElement).checked)} /> ${t[label]}</label>
              </li>`,
            )}
          </ul>`
        : nothing}
      ${settings ? this.#portal.render(settings, (next) => {
        this.#settings = next;
        this.#host.requestUpdate();
      }) : nothing}
    `;
  }
}

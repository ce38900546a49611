import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { ApiError } from '../internal/api-client.ts';
import type { FirmClient } from '../internal/api-types.ts';
import type { ConsoleViewHost } from './console-view-host.ts';

/** `POST /firm/clients/portal` answer. */
interface PortalOpened {
  opened: number;
  invited: number;
}

/**
 * "Open the portal" for the clients selected on the clients screen
 * (`POST /firm/clients/portal { clientIds, mode }`): with an invitation (each
 * contact with a working address gets a sign-in link valid 24 hours, and the
 * sample task if the firm set one) or silently. The outcome ("opened N,
 * invited M") is announced and shown; while the firm's portal is off, an
 * invitation is refused (409 `portal_inactive`) and the screen says so, with
 * the way to the settings.
 */
export class OpenPortalView implements ReactiveController {
  readonly #host: ConsoleViewHost;
  /** The clients a name is known of (the clients screen's list and selection). */
  readonly #lookup: (id: string) => FirmClient | undefined;
  /** Called once the portal is open (the clients screen forgets its selection). */
  readonly #opened: () => void;
  #clientIds: string[] = [];
  #mode: 'invite' | 'silent' = 'invite';
  #busy = false;
  #result: PortalOpened | null = null;
  #inactive = false;

  constructor(host: ConsoleViewHost, lookup: (id: string) => FirmClient | undefined, opened: () => void) {
    this.#host = host;
    this.#lookup = lookup;
    this.#opened = opened;
    host.addController(this);
  }

  hostConnected(): void {}

  open(clientIds: string[] | undefined): void {
    this.#clientIds = [...new Set(clientIds ?? [])];
    this.#mode = 'invite';
    this.#busy = false;
    this.#result = null;
    this.#inactive = false;
  }

  #name(id: string): string {
    return this.#lookup(id)?.name ?? id;
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const host = this.#host;
    const t = host.strings;
    if (this.#busy || this.#clientIds.length === 0) return;
    this.#busy = true;
    this.#inactive = false;
    host.showError('');
    host.requestUpdate();
    try {
      const result = await host.apiClient.post<PortalOpened>('/firm/clients/portal', { clientIds: this.#clientIds, mode: this.#mode });
      this.#result = result;
      for (const id of this.#clientIds) {
        const client = this.#lookup(id);
        if (client) client.portalOpen = true;
      }
      this.#opened();
      host.announce(t.portalOpened(result.opened, result.invited));
      await host.updateComplete;
      host.renderRoot.querySelector<HTMLElement>('.portal-result')?.focus();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'portal_inactive') {
        this.#inactive = true;
        host.requestUpdate();
        await host.updateComplete;
        host.renderRoot.querySelector<HTMLElement>('.portal-inactive')?.focus();
      } else {
        const message = host.failure(err);
        if (message !== null) host.showError(message);
      }
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  #renderMode(mode: 'invite' | 'silent', label: string, hint: string): TemplateResult {
    return html`<label class="check mode">
      <input type="radio" name="mode" value=${mode} .checked=${this.#mode === mode} aria-describedby=${`mode-${mode}-hint`}
        @change=${() => {
          this.#mode = mode;
          this.#inactive = false;
          this.#host.requestUpdate();
        }} />
      <span><strong>${label}</strong><br /><span id=${`mode-${mode}-hint`} class="hint">${hint}</span></span>
    </label>`;
  }

  render(): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const ids = this.#clientIds;
    const heading = html`<h2 tabindex="-1" data-heading>${t.openPortalTitle}</h2>`;
    if (ids.length === 0) {
      return html`${heading}<p class="muted">${t.openPortalNone}</p>
        <div class="row"><button type="button" class="button secondary" @click=${() => host.navigate({ view: 'clients' })}>${t.navClients}</button></div>`;
    }
    const result = this.#result;
    return html`
      ${heading}
      <p>${t.openPortalFor(ids.length)}</p>
      <ul class="open-portal-clients">${ids.map((id) => html`<li>${this.#name(id)}</li>`)}</ul>
      ${result
        ? html`<p class="success portal-result" tabindex="-1">${t.portalOpened(result.opened, result.invited)}</p>
            <div class="row"><button type="button" class="button secondary" @click=${() => host.back()}>${t.back}</button></div>`
        : html`<form class="open-portal" @submit=${(e: SubmitEvent) => this.#submit(e)}>
            <fieldset class="fieldset">
              <legend>${t.openPortalMode}</legend>
              ${this.#renderMode('invite', t.modeInvite, t.modeInviteHint)}
              ${this.#renderMode('silent', t.modeSilent, t.modeSilentHint)}
            </fieldset>
            ${this.#inactive
              ? html`<div class="notice portal-inactive" role="alert" tabindex="-1">
                  <p>${t.portalInactive}</p>
                  <button type="button" class="link" @click=${() => host.navigate({ view: 'settings' })}>${t.goToSettings}</button>
                </div>`
              : nothing}
            <div class="row">
              <button type="submit" class="button" ?disabled=${this.#busy}>${t.openPortalSubmit}</button>
              <button type="button" class="button secondary" @click=${() => host.back()}>${t.cancel}</button>
            </div>
          </form>`}
    `;
  }
}

import { html, nothing, type TemplateResult } from 'lit';
import { ApiError } from '../internal/api-client.ts';
import type { ErrorEnvelope, FirmBranding } from '../internal/api-types.ts';
import type { ConsoleViewHost } from './console-view-host.ts';

export type ImageKind = 'logo' | 'icon';

/** What the server takes (`PUT /firm/settings/logo|icon`): PNG, JPEG, WebP (no SVG), logo ≤ 512 KB, icon ≤ 128 KB. */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export const IMAGE_MAX_BYTES: Record<ImageKind, number> = { logo: 512 * 1024, icon: 128 * 1024 };

/**
 * The logo and icon of the Settings screen (owner and admins): the current
 * one shown, a new one picked (PNG, JPEG or WebP; its type and size checked
 * before anything is sent) and uploaded as the raw body with its
 * Content-Type (`PUT /firm/settings/logo|icon`), or removed (`DELETE`). A
 * refusal (413 too large, 415 not such an image) is said at the field.
 */
export class BrandingImages {
  readonly #host: ConsoleViewHost;
  readonly #errors = new Map<ImageKind, string>();
  /** The file on its way, per kind. */
  readonly #pending = new Map<ImageKind, string>();
  /** Bumped after a change, so the browser shows the new image rather than the one it kept (the public address is cached long). */
  #version = 0;

  constructor(host: ConsoleViewHost) {
    this.#host = host;
  }

  open(): void {
    this.#errors.clear();
    this.#pending.clear();
  }

  #url(url: string): string {
    const absolute = new URL(url, new URL(this.#host.api || '/', location.href));
    if (this.#version) absolute.searchParams.set('v', String(this.#version));
    return absolute.href;
  }

  async #send(kind: ImageKind, file: File | null): Promise<FirmBranding> {
    const api = this.#host.apiClient;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (file) headers['content-type'] = file.type;
    if (api.token) headers.authorization = `Bearer ${api.token}`;
    let res: Response;
    try {
      res = await fetch(api.url(`/firm/settings/${kind}`), {
        method: file ? 'PUT' : 'DELETE',
        headers,
        ...(file ? { body: file } : {}),
        ...(api.credentials ? { credentials: api.credentials } : {}),
      });
    } catch (cause) {
      throw new ApiError(0, 'network', 'The server could not be reached.', { cause });
    }
    const data = (await res.json().catch(() => undefined)) as (FirmBranding & Partial<ErrorEnvelope>) | undefined;
    if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? 'http_error', data?.error?.message ?? `${res.status}`, data?.error?.issues ? { issues: data.error.issues } : {});
    // Some servers answer the settings, others the branding alone.
    return ((data as { branding?: FirmBranding } | undefined)?.branding ?? data ?? {}) as FirmBranding;
  }

  async #change(kind: ImageKind, file: File | null, saved: (branding: FirmBranding) => void): Promise<void> {
    const host = this.#host;
    const t = host.strings;
    const max = IMAGE_MAX_BYTES[kind];
    this.#errors.delete(kind);
    if (file) {
      if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) this.#errors.set(kind, t.imageWrongType(file.name));
      else if (file.size > max) this.#errors.set(kind, t.imageTooLarge(file.name, this.#limit(kind)));
      if (this.#errors.has(kind)) {
        host.requestUpdate();
        void this.#focusField(kind);
        return;
      }
      this.#pending.set(kind, file.name);
      host.announce(t.uploadingImage(file.name));
    } else {
      this.#pending.set(kind, '');
    }
    host.showError('');
    host.requestUpdate();
    try {
      const branding = await this.#send(kind, file);
      this.#version = Date.now();
      saved(branding);
      host.announce(file ? t.imageSaved(kind) : t.imageRemoved(kind));
    } catch (err) {
      const name = file?.name ?? '';
      if (err instanceof ApiError && err.status === 413) this.#errors.set(kind, t.imageTooLarge(name, this.#limit(kind)));
      else if (err instanceof ApiError && err.status === 415) this.#errors.set(kind, t.imageWrongType(name));
      else {
        const message = host.failure(err);
        if (message !== null) this.#errors.set(kind, message);
      }
      void this.#focusField(kind);
    } finally {
      this.#pending.delete(kind);
      host.requestUpdate();
    }
  }

  /** The limit as the server words it (`512 KB`: kilobytes of 1024 bytes). */
  #limit(kind: ImageKind): string {
    return `${this.#host.formatNumber(IMAGE_MAX_BYTES[kind] / 1024)} KB`;
  }

  async #focusField(kind: ImageKind): Promise<void> {
    await this.#host.updateComplete;
    this.#host.renderRoot.querySelector<HTMLElement>(`#${kind}-file`)?.focus();
  }

  /** The logo's and the icon's fields; `saved` gets the firm's branding after a change. */
  render(branding: FirmBranding, saved: (branding: FirmBranding) => void): TemplateResult {
    return html`${(['logo', 'icon'] as const).map((kind) => this.#renderOne(kind, kind === 'logo' ? branding.logoUrl : branding.iconUrl, saved))}`;
  }

  #renderOne(kind: ImageKind, current: string | undefined, saved: (branding: FirmBranding) => void): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const pending = this.#pending.get(kind);
    const busy = pending !== undefined;
    const error = this.#errors.get(kind);
    return html`<div class="branding-image" role="group" aria-labelledby="${kind}-title">
      <h4 id="${kind}-title">${kind === 'logo' ? t.logoLabel : t.iconLabel}</h4>
      ${current ? html`<img src=${this.#url(current)} alt=${t.imageCurrent(kind)} />` : html`<p class="muted">${t.imageNone}</p>`}
      <label for="${kind}-file">${t.chooseImage(kind)}</label>
      <input id="${kind}-file" type="file" accept=${IMAGE_TYPES.join(',')} ?disabled=${busy}
        aria-invalid=${error ? 'true' : 'false'} aria-describedby="${kind}-hint ${kind}-error"
        @change=${(e: Event) => {
          const input = e.currentTarget as HTMLInputElement;
          const file = input.files?.[0] ?? null;
          input.value = '';
          if (file) void this.#change(kind, file, saved);
        }} />
      <span id="${kind}-hint" class="muted">${t.imageHint(this.#limit(kind))}</span>
      ${error ? html`<span id="${kind}-error" class="field-error">${error}</span>` : nothing}
      ${pending ? html`<p class="muted" aria-hidden="true">${t.uploadingImage(pending)}</p>` : nothing}
      ${current
        ? html`<div class="row"><button type="button" class="button secondary" ?disabled=${busy} @click=${() => this.#change(kind, null, saved)}>${t.removeImage(kind)}</button></div>`
        : nothing}
    </div>`;
  }
}

import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { Locale, PortalAnnouncement } from '../internal/api-types.ts';
import { errorMessage } from '../internal/messages.ts';
import { PortalDialog } from './portal-dialog.ts';
import { adoptStyles, type PortalPart, type PortalPartHost } from './portal-part.ts';
import { dialogStyles, noticeStyles } from './portal-parts.styles.ts';

/** The announcements' words, beside them (a chunk of its own, fetched only when the firm has some live). */
const strings = {
  en: {
    homeHeading: (firm: string) => `News from ${firm}`,
    noticeHeading: (firm: string) => `New from ${firm}`,
    published: (date: string) => `Published ${date}`,
    dismiss: 'Don’t show again',
    dismissed: (title: string) => `“${title}” will not be shown at sign-in again.`,
    close: 'Close',
  },
  et: {
    homeHeading: (firm: string) => `Teated: ${firm}`,
    noticeHeading: (firm: string) => `Uut: ${firm}`,
    published: (date: string) => `Avaldatud ${date}`,
    dismiss: 'Ära näita enam',
    dismissed: (title: string) => `„${title}“ ei näidata sisselogimisel enam.`,
    close: 'Sulge',
  },
} satisfies Record<Locale, Record<string, string | ((arg: string) => string)>>;

/**
 * The firm's live announcements (`GET /portal/announcements`, given by the
 * shell): listed on the portal home above the tasks, and those the contact
 * has not dismissed shown once at each sign-in in a modal dialog, each with
 * "Don't show again" (`POST /portal/announcements/:id/dismiss`). Nothing
 * shows while the firm has announcements off (the list is empty then). In
 * a staff preview they are listed only, and cannot be dismissed.
 */
export class Announcements implements ReactiveController {
  readonly #host: PortalPartHost;
  readonly #options: PortalPart;
  #items: PortalAnnouncement[];
  /** Those shown in this sign-in's notice. */
  #notice: PortalAnnouncement[] = [];
  readonly #dialog: PortalDialog;
  #busy = new Set<string>();
  #status = '';
  #error = '';

  constructor(host: PortalPartHost, options: PortalPart, items: PortalAnnouncement[]) {
    this.#host = host;
    this.#options = options;
    this.#items = items;
    this.#dialog = new PortalDialog(host, 'announcements-notice', () => undefined);
    adoptStyles(host, noticeStyles);
    adoptStyles(host, dialogStyles);
    host.addController(this);
  }

  hostConnected(): void {}

  /** The sign-in's notice: the announcements not dismissed yet, if any. */
  notice(): void {
    this.#notice = this.#items.filter((a) => !a.dismissed);
    if (this.#notice.length) void this.#dialog.show();
  }

  async #dismiss(item: PortalAnnouncement): Promise<void> {
    if (this.#busy.has(item.id)) return;
    const s = strings[this.#options.locale()];
    this.#busy.add(item.id);
    this.#error = '';
    this.#host.requestUpdate();
    try {
      await this.#options.api().post(`/portal/announcements/${encodeURIComponent(item.id)}/dismiss`);
      this.#items = this.#items.map((a) => (a.id === item.id ? { ...a, dismissed: true } : a));
      this.#notice = this.#notice.filter((a) => a.id !== item.id);
      this.#status = s.dismissed(item.title);
      if (!this.#notice.length) this.#dialog.close();
      else this.#host.shadowRoot?.querySelector<HTMLElement>('#announcements-notice [data-close]')?.focus();
    } catch (err) {
      this.#options.unauthorized(err);
      this.#error = this.#options.t()[errorMessage(err)];
    } finally {
      this.#busy.delete(item.id);
      this.#host.requestUpdate();
    }
  }

  #date(at: number): string {
    return new Intl.DateTimeFormat(this.#options.locale(), { dateStyle: 'long' }).format(at);
  }

  #renderItem(item: PortalAnnouncement, dismissable: boolean): TemplateResult {
    const s = strings[this.#options.locale()];
    return html`<article class="announcement" aria-label=${item.title}>
      <h3>${item.title}</h3>
      <p class="muted">${s.published(this.#date(item.publishedAt))}</p>
      <p class="announcement-body">${item.body}</p>
      ${dismissable
        ? html`<button class="button secondary" type="button" ?disabled=${this.#busy.has(item.id)} @click=${() => void this.#dismiss(item)}>${s.dismiss}</button>`
        : nothing}
    </article>`;
  }

  /** The list on the portal home, above the tasks. */
  renderHome(): TemplateResult | typeof nothing {
    if (!this.#items.length) return nothing;
    const s = strings[this.#options.locale()];
    const firm = this.#options.session()?.firm.name ?? '';
    return html`<section part="announcements" class="notice announcements" aria-labelledby="announcements-heading">
      <h2 id="announcements-heading" class="announcements-heading">${s.homeHeading(firm)}</h2>
      ${this.#items.map((item) => this.#renderItem(item, false))}
      <p class="status" role="status">${this.#dialog.open ? '' : this.#status}</p>
    </section>`;
  }

  /** The notice at sign-in (a modal dialog), while open. */
  renderNotice(): TemplateResult | typeof nothing {
    if (!this.#dialog.open) return nothing;
    const s = strings[this.#options.locale()];
    const firm = this.#options.session()?.firm.name ?? '';
    const readOnly = !!this.#options.session()?.preview;
    return this.#dialog.render(
      s.noticeHeading(firm),
      html`${this.#notice.map((item) => this.#renderItem(item, !readOnly))}
        ${this.#error ? html`<p part="error" class="alert" role="alert">${this.#error}</p>` : nothing}
        <p class="status" role="status">${this.#status}</p>`,
      s.close,
    );
  }
}

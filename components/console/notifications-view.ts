import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { isAbort } from '../internal/messages.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import { renderMore } from './console-labels.ts';
import { PagedList } from './paged-list.ts';

/** One notification as `GET /firm/notifications` answers it. */
export interface MemberNotification {
  id: string;
  kind: 'request.created' | 'message.client_added' | 'message.email_reply' | 'task.client_completed' | 'task.uploads_done';
  clientId: string | null;
  taskId: string | null;
  requestId: string | null;
  actorName: string | null;
  summary: string;
  createdAt: number;
  read: boolean;
}

/** Which notifications also come by email (`GET|PATCH /firm/profile/email-prefs`). */
export interface MemberEmailPrefs {
  requestCreated: boolean;
  clientMessage: boolean;
  clientCompleted: boolean;
  uploadsDone: boolean;
}

const prefKeys = ['requestCreated', 'clientMessage', 'clientCompleted', 'uploadsDone'] as const;

/**
 * The member's notifications (what clients did on the clients they are
 * responsible for or watch), newest first, unread ones in bold; a row opens
 * its task or request and marks it read, "Mark all read" clears them. The
 * unread count is shown in the navigation. Below, the member's email
 * settings: which kinds also come by email, saved as each box changes.
 */
export class NotificationsView implements ReactiveController {
  readonly #host: ConsoleViewHost;
  readonly #list: PagedList<MemberNotification>;
  /** Unread notifications of the member, or null before the first answer. */
  unreadCount: number | null = null;
  #countFor: string | null = null;
  prefs: MemberEmailPrefs | null = null;

  constructor(host: ConsoleViewHost) {
    this.#host = host;
    this.#list = new PagedList<MemberNotification>(host, '/firm/notifications');
    host.addController(this);
  }

  hostConnected(): void {}

  /** Once per signed-in member: the unread count for the navigation. */
  hostUpdated(): void {
    const member = this.#host.memberId;
    if (member === this.#countFor) return;
    this.#countFor = member;
    this.unreadCount = null;
    if (member) void this.#loadCount();
  }

  async #loadCount(): Promise<void> {
    try {
      const page = await this.#host.apiClient.get<{ unreadCount: number }>('/firm/notifications?unread=true&limit=1');
      this.unreadCount = page.unreadCount;
      this.#host.requestUpdate();
    } catch (err) {
      // The count is a hint: a failure here shows no number (the list says what went wrong when opened).
      if (!isAbort(err)) this.unreadCount = null;
    }
  }

  open(): void {
    void this.#list.load({}).then(() => this.#loadCount());
    void this.#loadPrefs();
  }

  async #loadPrefs(): Promise<void> {
    try {
      this.prefs = await this.#host.apiClient.get<MemberEmailPrefs>('/firm/profile/email-prefs');
      this.#host.requestUpdate();
    } catch (err) {
      const message = this.#host.failure(err);
      if (message) this.#host.showError(message);
    }
  }

  async #markRead(body: { ids: string[] } | { all: true }): Promise<void> {
    try {
      const answer = await this.#host.apiClient.post<{ unreadCount: number }>('/firm/notifications/read', body);
      this.unreadCount = answer.unreadCount;
      const ids = 'ids' in body ? new Set(body.ids) : null;
      this.#list.items = this.#list.items.map((n) => (!ids || ids.has(n.id) ? { ...n, read: true } : n));
      this.#host.requestUpdate();
    } catch (err) {
      const message = this.#host.failure(err);
      if (message) this.#host.showError(message);
    }
  }

  #open(n: MemberNotification): void {
    if (!n.read) void this.#markRead({ ids: [n.id] });
    if (n.taskId) this.#host.navigate({ view: 'task', id: n.taskId });
    else if (n.requestId) this.#host.navigate({ view: 'request', id: n.requestId });
  }

  async #onPref(key: (typeof prefKeys)[number], on: boolean): Promise<void> {
    const t = this.#host.strings;
    try {
      this.prefs = await this.#host.apiClient.request<MemberEmailPrefs>('PATCH', '/firm/profile/email-prefs', { [key]: on });
      this.#host.announce(t.emailPrefsSaved);
    } catch (err) {
      const message = this.#host.failure(err);
      if (message) this.#host.showError(message);
    }
    this.#host.requestUpdate();
  }

  /** The navigation label's count: visible when there is something unread, and read out with its meaning. */
  renderBadge(): TemplateResult | typeof nothing {
    const n = this.unreadCount;
    if (!n) return nothing;
    return html` <span class="badge new" aria-hidden="true">${this.#host.formatNumber(n)}</span><span class="sr-only">(${this.#host.strings.notificationsUnread(n)})</span>`;
  }

  #renderItem(n: MemberNotification): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const opens = n.taskId !== null || n.requestId !== null;
    const what = t.notificationKind(n.kind, n.actorName ?? '');
    return html`<li class=${n.read ? '' : 'unread'} data-notification=${n.id}>
      ${opens
        ? html`<button type="button" class="link item-title" @click=${() => this.#open(n)}>
            ${n.summary}${n.read ? nothing : html`<span class="sr-only"> (${t.unread})</span>`}
          </button>`
        : html`<span class="item-title">${n.summary}</span>`}
      <span class="meta">${what}</span>
      <time class="meta" datetime=${new Date(n.createdAt).toISOString()}>${host.formatTime(n.createdAt)}</time>
      ${n.read ? nothing : html`<button type="button" class="button secondary" @click=${() => void this.#markRead({ ids: [n.id] })}>${t.markRead}</button>`}
    </li>`;
  }

  #renderPrefs(): TemplateResult {
    const t = this.#host.strings;
    const prefs = this.prefs;
    return html`<fieldset class="email-prefs">
      <legend>${t.emailPrefsTitle}</legend>
      <p class="muted">${t.emailPrefsHint}</p>
      ${prefKeys.map(
        (key) => html`<label class="check">
          <input type="checkbox" name=${key} .checked=${prefs?.[key] ?? true} ?disabled=${!prefs} @change=${(e: Event) => void this.#onPref(key, (e.target as HTMLInputElement).checked)} />
          ${t.emailPrefLabel(key)}
        </label>`,
      )}
    </fieldset>`;
  }

  render(): TemplateResult {
    const t = this.#host.strings;
    const list = this.#list;
    return html`
      <h2 tabindex="-1" data-heading id="notifications-title">${t.notificationsTitle}</h2>
      <div class="row">
        ${list.loaded ? html`<p class="unread-count">${t.inboxUnreadCount(this.unreadCount ?? 0)}</p>` : nothing}
        ${this.unreadCount ? html`<button type="button" class="button secondary" @click=${() => void this.#markRead({ all: true })}>${t.markAllRead}</button>` : nothing}
      </div>
      ${list.loaded && list.items.length === 0 ? html`<p class="muted">${t.notificationsEmpty}</p>` : nothing}
      ${list.items.length ? html`<ul class="plain rows inbox" aria-labelledby="notifications-title">${list.items.map((n) => this.#renderItem(n))}</ul>` : nothing}
      ${renderMore(list as PagedList<unknown>, t, () => void list.reload(), () => void list.more())}
      ${this.#renderPrefs()}
    `;
  }
}

import { html, nothing, type TemplateResult } from 'lit';
import { Task } from '@lit/task';
import type { PortalMessage, PortalMessagePage } from './api-types.ts';
import { ApiError } from './api-client.ts';
import { LazyModule } from './lazy-module.ts';
import { countedLength, MAX_MESSAGE_CHARS } from './limits.ts';
import { linkify } from './linkify.ts';
import { LocalizeController } from './localize.ts';
import { enThread, type ThreadTranslation } from './thread-view-strings.ts';
import { Strings } from '../translations/strings.ts';
import { errorMessage, isUnauthorized } from './messages.ts';
import { PortalConnection } from './portal-connection.ts';
import { PorticoElement } from './portico-element.ts';
import { baseStyles } from '../themes/default.ts';
import type { UploadCompleteDetail } from '../upload-zone/upload-zone.ts';
import { styles } from './thread-view.styles.ts';

/** The part's own strings: English with it, each other locale a module of its own, fetched when an element in that language needs it. */
const threadStrings = new Strings<ThreadTranslation>(enThread, {
  et: () => import('./thread-view-strings.et.ts').then((module) => module.etThread),
});

/** The counter shows from here on, so the limit is no surprise. */
const COUNT_FROM = MAX_MESSAGE_CHARS * 0.9;
const PAGE = 50;

/** Detail of `portico-thread-read`: the thread was opened, so the server counts it read. */
export interface ThreadReadDetail {
  kind: 'task' | 'request';
  threadId: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'portico-thread-read': CustomEvent<ThreadReadDetail>;
  }
}

/** `<upload-zone>` for attachments: fetched only when the contact asks to attach files. */
const uploadZone = new LazyModule(() => import('../upload-zone/define.ts'));

interface Loaded {
  messages: PortalMessage[];
  cursor: string | null;
}

const excerpt = (body: string): string => (body.length > 120 ? `${body.slice(0, 120)}…` : body);

/**
 * The conversation of a task or a request, as the contact sees it: messages
 * oldest first with author and time, the contact's own apart from the
 * firm's; a reply quotes what it answers (press it to go there). Bodies are
 * plain text: http(s) addresses become links, line breaks stay, anything like
 * HTML shows as the text it is. Opening it marks it read on the server
 * (`portico-thread-read` says so). Below, a composer: a counter near the
 * 10,000-character limit and a clear error over it, "Reply" on a message,
 * files through `<upload-zone>`; a failed send keeps the text for another try.
 *
 * Internal: `<client-task-list>` and `<request-form>` fetch this module (a
 * chunk of its own) when a thread first opens.
 *
 * @summary A task's or a request's conversation with the firm: messages, replies, a composer with attachments.
 *
 * @attribute lang - Language (`en`, `et`). Default: the nearest ancestor's `lang`, else the portal's locale, else English.
 *
 * @fires portico-thread-read - The thread was opened and counted read. `detail: { kind, threadId }`.
 * @csspart base - The conversation.
 * @csspart message - A message; also `message-mine` on the contact's own.
 * @csspart quote - What a reply answers.
 * @csspart composer - The form to write a message.
 */
export class PorticoThread extends PorticoElement {
  static override properties = {
    draft: { state: true },
    replyTo: { state: true },
    sending: { state: true },
    failure: { state: true },
    invalid: { state: true },
    attaching: { state: true },
    fileIds: { state: true },
    said: { state: true },
    olderError: { state: true },
    api: {},
    firm: {},
    kind: {},
    thread: {},
    state: {},
  };
  static override styles = [PorticoElement.hostStyles, baseStyles, styles];

  readonly #portal = new PortalConnection(this);
  readonly #localize = new LocalizeController(this, () => this.#portal.locale, threadStrings);

  readonly #load = new Task(this, {
    task: async ([api, kind, thread], { signal }): Promise<Loaded | null> => {
      if (!api || !thread) return null;
      try {
        const page = await api.get<PortalMessagePage>(`/portal/${kind}s/${encodeURIComponent(thread)}/messages?limit=${PAGE}`, { signal });
        this.emit('portico-thread-read', { kind, threadId: thread });
        return { messages: page.items.reverse(), cursor: page.nextCursor };
      } catch (err) {
        this.#portal.unauthorized(err);
        throw err;
      }
    },
    args: () => [this.#portal.api, this.kind, this.thread] as const,
  });

  private draft = '';
  private replyTo: PortalMessage | null = null;
  private sending = false;
  /** Why the last send failed, in words; the draft stays. */
  private failure: string | null = null;
  /** The draft was refused before sending (empty). */
  private invalid = false;
  private attaching = false;
  /** Files uploaded in the composer, attached to the next message. */
  private fileIds: string[] = [];
  /** The live region's words. */
  private said = '';
  private olderError = false;

  /** Origin of the Portico server when used outside `<client-portal>`. */
  api = '';
  /** The firm's slug when used outside `<client-portal>`. */
  firm = '';
  kind: 'task' | 'request' = 'task';
  /** The task (`tsk_…`) or request (`req_…`) id. */
  thread = '';
  /** A request's state: `closed` or `converted` take no new message. */
  state = '';

  #textarea(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector('textarea');
  }

  #jump(id: string): void {
    const target = this.renderRoot.querySelector<HTMLElement>(`[data-message-id="${id}"]`);
    target?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    target?.focus({ preventScroll: true });
  }

  async #answer(message: PortalMessage): Promise<void> {
    this.replyTo = message;
    await this.updateComplete;
    this.#textarea()?.focus();
  }

  async #older(): Promise<void> {
    const api = this.#portal.api;
    const loaded = this.#load.value;
    if (!api || !loaded?.cursor) return;
    this.olderError = false;
    try {
      const page = await api.get<PortalMessagePage>(
        `/portal/${this.kind}s/${encodeURIComponent(this.thread)}/messages?limit=${PAGE}&cursor=${encodeURIComponent(loaded.cursor)}`,
      );
      loaded.messages.unshift(...page.items.reverse());
      loaded.cursor = page.nextCursor;
      this.requestUpdate();
    } catch (err) {
      this.#portal.unauthorized(err);
      this.olderError = true;
    }
  }

  #refusal(err: unknown): string {
    const t = this.#localize.t;
    if (isUnauthorized(err)) return t.signInToSeeTasks;
    if (err instanceof ApiError) {
      if (err.code === 'requests_off') {
        const name = this.#portal.context?.firmInfo?.name;
        return name ? t.threadsOff(name) : err.message;
      }
      if (err.status === 409) return this.kind === 'request' && /task/i.test(err.message) ? t.threadConverted : t.threadClosed;
    }
    const key = errorMessage(err);
    return key === 'errorGeneric' ? t.messageFailed : t[key];
  }

  async #send(event: Event): Promise<void> {
    event.preventDefault();
    const api = this.#portal.api;
    const loaded = this.#load.value;
    if (!api || !loaded || this.sending) return;
    const body = this.draft.trim();
    this.invalid = !body;
    if (!body || countedLength(this.draft) > MAX_MESSAGE_CHARS) {
      this.#textarea()?.focus();
      return;
    }
    this.sending = true;
    this.failure = null;
    this.said = this.#localize.t.sending;
    try {
      const sent = await api.post<PortalMessage>(`/portal/${this.kind}s/${encodeURIComponent(this.thread)}/messages`, {
        body,
        ...(this.replyTo ? { replyToId: this.replyTo.id } : {}),
        ...(this.fileIds.length ? { fileIds: this.fileIds } : {}),
      });
      loaded.messages.push(sent);
      this.draft = '';
      this.replyTo = null;
      this.fileIds = [];
      this.attaching = false;
      this.said = this.#localize.t.messageSent;
    } catch (err) {
      this.#portal.unauthorized(err);
      this.failure = this.#refusal(err);
      // Files the server will not attach (deleted meanwhile, not the contact's) would refuse every retry: let them go, keep the text.
      if (err instanceof ApiError && err.status === 400 && Array.isArray(err.issues) && err.issues.some((i: { path?: unknown }) => i.path === 'fileIds')) this.fileIds = [];
      this.said = '';
    } finally {
      this.sending = false;
    }
  }

  #onUploaded(event: CustomEvent<UploadCompleteDetail>): void {
    // An identical file already there (the zone says so) may be on another message or not the contact's: not attached again.
    if (event.detail.duplicate) return;
    if (!this.fileIds.includes(event.detail.fileId)) this.fileIds = [...this.fileIds, event.detail.fileId];
  }

  #renderMessage(message: PortalMessage, byId: Map<string, PortalMessage>): TemplateResult {
    const t = this.#localize.t;
    const who = message.mine ? t.you : message.author.name;
    const when = new Date(message.createdAt);
    const answered = message.replyToId ? byId.get(message.replyToId) : undefined;
    const answeredName = answered ? (answered.mine ? t.you : answered.author.name) : '';
    return html`<li class="message ${message.mine ? 'mine' : 'theirs'}" part=${message.mine ? 'message message-mine' : 'message'} data-message-id=${message.id} tabindex="-1">
      <p class="meta">
        <strong>${who}</strong>
        <time datetime=${when.toISOString()}>${new Intl.DateTimeFormat(this.#localize.tag, { dateStyle: 'medium', timeStyle: 'short' }).format(when)}</time>
        ${message.via === 'email' ? html`<span class="muted">${t.viaEmail}</span>` : nothing}
      </p>
      ${message.replyToId
        ? answered
          ? html`<button type="button" class="quote" part="quote" @click=${() => this.#jump(answered.id)}>
              <span class="quote-who">${t.inReplyTo(answeredName)}</span>
              <span class="quote-text">${excerpt(answered.body)}</span>
            </button>`
          : html`<p class="quote" part="quote">${t.inReplyToEarlier}</p>`
        : nothing}
      <p class="body">${linkify(message.body)}</p>
      ${message.attachments.length
        ? html`<ul class="attachments" role="list">
            ${message.attachments.map((file) => html`<li><span aria-hidden="true">📎</span> <a href=${file.downloadUrl} download=${file.name}>${file.name}</a> <span class="muted">(${this.#localize.size(file.size)})</span></li>`)}
          </ul>`
        : nothing}
      ${this.#closedNote()
        ? nothing
        : html`<button type="button" class="button link" aria-label=${t.replyToNamed(who)} @click=${() => this.#answer(message)}>${t.reply}</button>`}
    </li>`;
  }

  #closedNote(): string {
    const t = this.#localize.t;
    return this.state === 'closed' ? t.threadClosed : this.state === 'converted' ? t.threadConverted : '';
  }

  #renderComposer(): TemplateResult {
    const t = this.#localize.t;
    const closed = this.#closedNote();
    if (closed) return html`<p class="muted" part="closed">${closed}</p>`;
    const length = countedLength(this.draft);
    const over = length - MAX_MESSAGE_CHARS;
    const number = (n: number) => n.toLocaleString(this.#localize.tag);
    const error = over > 0 ? t.tooLong(number(MAX_MESSAGE_CHARS), number(over)) : this.invalid ? t.messageEmpty : '';
    const described = [error ? 'message-error' : '', length >= COUNT_FROM ? 'message-count' : ''].filter(Boolean).join(' ');
    const replyName = this.replyTo ? (this.replyTo.mine ? t.you : this.replyTo.author.name) : '';
    if (this.attaching) uploadZone.get(this);
    return html`<form class="composer" part="composer" novalidate @submit=${this.#send}>
      ${this.replyTo
        ? html`<p class="replying">
            <span>${t.replyingTo(replyName)}: <span class="quote-text">${excerpt(this.replyTo.body)}</span></span>
            <button type="button" class="button link" @click=${() => (this.replyTo = null)}>${t.cancelReply}</button>
          </p>`
        : nothing}
      <label for="message">${t.messageLabel}</label>
      <textarea
        id="message"
        name="body"
        rows="3"
        .value=${this.draft}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${described || nothing}
        @input=${(e: Event) => {
          this.draft = (e.target as HTMLTextAreaElement).value;
          if (this.draft.trim()) this.invalid = false;
        }}
      ></textarea>
      ${length >= COUNT_FROM ? html`<p id="message-count" class="count ${over > 0 ? 'over' : ''}">${t.charCount(number(length), number(MAX_MESSAGE_CHARS))}</p>` : nothing}
      ${error ? html`<p id="message-error" class="field-error">${error}</p>` : nothing}
      ${this.attaching
        ? html`<upload-zone
            api=${this.api}
            firm=${this.firm}
            task=${this.kind === 'task' ? this.thread : nothing}
            request=${this.kind === 'request' ? this.thread : nothing}
            label=${t.attachFiles}
            @portico-upload-complete=${this.#onUploaded}
          ></upload-zone>`
        : nothing}
      ${this.fileIds.length ? html`<p class="muted">${t.attachedCount(this.fileIds.length)}</p>` : nothing}
      ${this.failure ? html`<div class="alert" part="error" role="alert">${this.failure}</div>` : nothing}
      <div class="actions">
        <button class="button" type="submit" ?disabled=${this.sending || this.#portal.readOnly}>${this.sending ? t.sending : t.send}</button>
        ${this.attaching || this.#portal.readOnly ? nothing : html`<button class="button secondary" type="button" @click=${() => (this.attaching = true)}>${t.attachFiles}</button>`}
      </div>
    </form>`;
  }

  #renderMessages(loaded: Loaded | null): TemplateResult {
    const t = this.#localize.t;
    if (!loaded) return html`<p>${t.signInToSeeTasks}</p>`;
    const byId = new Map(loaded.messages.map((m) => [m.id, m]));
    return html`${loaded.cursor
        ? html`<button class="button link" type="button" @click=${this.#older}>${t.olderMessages}</button>`
        : nothing}
      ${this.olderError ? html`<div class="alert" role="alert">${t.threadError}</div>` : nothing}
      ${loaded.messages.length
        ? html`<ol class="messages" role="list">${loaded.messages.map((m) => this.#renderMessage(m, byId))}</ol>`
        : html`<p class="muted">${t.threadEmpty}</p>`}
      ${this.#renderComposer()}`;
  }

  override render(): TemplateResult {
    const t = this.#localize.t;
    return html`<section part="base" class="base" lang=${this.#localize.tag} aria-labelledby="thread-heading">
      <h3 id="thread-heading">${t.threadHeading}</h3>
      ${this.#load.render({
        initial: () => html`<p class="muted">${t.loading}</p>`,
        pending: () => (this.#load.value ? this.#renderMessages(this.#load.value) : html`<p class="muted">${t.loading}</p>`),
        complete: (loaded) => this.#renderMessages(loaded),
        error: (err) =>
          isUnauthorized(err)
            ? html`<p>${t.signInToSeeTasks}</p>`
            : html`<div class="alert" part="error" role="alert">${t.threadError}</div>
                <button class="button secondary" type="button" @click=${() => this.#load.run()}>${t.retry}</button>`,
      })}
      <div class="status" role="status" aria-live="polite">${this.said}</div>
    </section>`;
  }
}

import { html, nothing, svg, type TemplateResult } from 'lit';
import { ApiError } from '../internal/api-client.ts';
import type { FirmMessage, MessageVisibility, NewFirmMessage } from '../internal/api-types.ts';
import { linkify } from '../internal/linkify.ts';
import { countedLength, MAX_MESSAGE_CHARS } from '../internal/limits.ts';
import { TusUpload } from '../internal/upload-tus.ts';
import { ACCEPT, MAX_FILE_BYTES, precheckFile } from '../../edge/domain/file-rules.ts';
import { issuesByPath } from './console-labels.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import { PagedList } from './paged-list.ts';


export interface ThreadRef {
  kind: 'task' | 'request';
  id: string;
}

/** The server's upload refusals (and the same checks made before sending), in words. */
const UPLOAD_REFUSAL = { empty_file: 'refusedEmpty', type_not_allowed: 'refusedType', bad_name: 'refusedBadName' } as const;

/** The files list beside a thread (the task's or the request's), read again when a message brings files. */
export interface ThreadFiles {
  reload(): void;
}

/** A lock: the mark of an internal note, beside its label. */
const lockIcon = svg`<path d="M5 7V5a3 3 0 0 1 6 0v2h1v7H4V7zm2 0h2V5a1 1 0 0 0-2 0z" fill="currentColor" />`;

/**
 * The conversation of a task or a request as staff see it (shared by the task
 * detail and the request view): messages oldest first (the server pages
 * newest first; "Show older messages" reads further back), internal notes on
 * their own background with a label and a lock, replies with what they
 * answer, plain-text bodies with their links and line breaks. Reading it
 * (`GET …/messages`) marks it read for the caller.
 *
 * The composer has no default audience: "Send to client" posts a portal
 * message, "Add internal note" an internal one. Chosen files are uploaded
 * to the thread first (`/firm/uploads`, resumable) and attached (`fileIds`).
 * The text and files stay while it is sent and when sending fails; the new
 * message then takes focus.
 */
export class ConsoleThread {
  readonly #host: ConsoleViewHost;
  readonly #list: PagedList<FirmMessage>;
  #thread: ThreadRef | null = null;
  #draft = '';
  #replyTo: FirmMessage | null = null;
  #sending: MessageVisibility | null = null;
  /** Why the last send was refused, shown in the composer. */
  #error = '';
  /** Files chosen to go with the message. */
  #chosen: File[] = [];
  /** Files already uploaded for this draft (kept across a failed send, so a retry does not send them again). */
  readonly #uploaded = new Map<File, string | null>();
  #progress = '';
  readonly #files: ThreadFiles;

  /** `files` are the thread's file list: a message's attachments link to their downloads there, and it reloads when a message brings files. */
  constructor(host: ConsoleViewHost, files: ThreadFiles) {
    this.#host = host;
    this.#files = files;
    this.#list = new PagedList<FirmMessage>(host, '');
  }

  /** Opens a thread (a new one starts with an empty composer). */
  open(thread: ThreadRef): void {
    const same = this.#thread?.kind === thread.kind && this.#thread.id === thread.id;
    this.#thread = thread;
    if (!same) {
      this.#draft = '';
      this.#replyTo = null;
      this.#error = '';
      this.#chosen = [];
      this.#uploaded.clear();
    }
    this.#list.setPath(`/firm/${thread.kind}s/${encodeURIComponent(thread.id)}/messages`);
    void this.#list.load({});
  }

  #focus(selector: string): void {
    void this.#host.updateComplete.then(() => this.#host.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  /** Why the draft cannot go, before asking the server; `''` when it can. */
  #check(body: string): string {
    const t = this.#host.strings;
    const chars = countedLength(body);
    if (!chars) return t.messageEmpty;
    if (chars > MAX_MESSAGE_CHARS) return t.messageTooLong(this.#host.formatNumber(MAX_MESSAGE_CHARS), this.#host.formatNumber(chars));
    return '';
  }

  async #send(visibility: MessageVisibility): Promise<void> {
    const host = this.#host;
    const t = host.strings;
    const thread = this.#thread;
    if (!thread || this.#sending) return;
    const refusal = this.#check(this.#draft);
    if (refusal) {
      this.#error = refusal;
      host.requestUpdate();
      this.#focus('#thread-body');
      return;
    }
    this.#sending = visibility;
    this.#error = '';
    host.requestUpdate();
    const input: NewFirmMessage = { body: this.#draft, visibility };
    if (this.#replyTo) input.replyToId = this.#replyTo.id;
    const fileIds = await this.#uploadFiles(thread);
    if (fileIds === null) {
      this.#sending = null;
      this.#progress = '';
      host.requestUpdate();
      this.#focus('#thread-files');
      return;
    }
    if (fileIds.length) input.fileIds = fileIds;
    try {
      const sent = await host.apiClient.post<FirmMessage>(`/firm/${thread.kind}s/${encodeURIComponent(thread.id)}/messages`, input);
      if (this.#thread !== thread) return;
      this.#draft = '';
      this.#replyTo = null;
      this.#chosen = [];
      this.#uploaded.clear();
      const picker = host.renderRoot.querySelector<HTMLInputElement>('#thread-files');
      if (picker) picker.value = '';
      host.announce(visibility === 'portal' ? t.sentToClient : t.noteAdded);
      if (fileIds.length) this.#files.reload();
      await this.#list.reload();
      this.#focus(`#message-${CSS.escape(sent.id)}`);
    } catch (err) {
      if (this.#thread !== thread) return;
      const field = err instanceof ApiError && err.status === 400 ? issuesByPath(err) : new Map<string, string>();
      this.#error = field.get('body') ?? field.get('replyToId') ?? host.failure(err) ?? '';
      if (this.#error && err instanceof ApiError && err.status !== 400) this.#error = `${this.#error} ${t.messageNotSent}`;
      this.#focus('#thread-body');
    } finally {
      this.#sending = null;
      this.#progress = '';
      host.requestUpdate();
    }
  }

  /**
   * Uploads the chosen files to the thread (`/firm/uploads`, tus), one after
   * the other; answers their ids to attach (an identical file already on the
   * thread is not attached again), or null when one was refused (said in the composer).
   */
  async #uploadFiles(thread: ThreadRef): Promise<string[] | null> {
    const host = this.#host;
    const t = host.strings;
    const api = host.apiClient;
    for (const file of this.#chosen) {
      if (this.#uploaded.has(file)) continue;
      const refusal = precheckFile(file);
      try {
        if (refusal) throw new ApiError(0, refusal, '');
        const upload = new TusUpload({
          api,
          path: '/firm/uploads',
          file,
          // Up as `internal` whichever button was pressed: the client sees it only once a portal message carries it,
          // so a draft that fails, changes audience or is left behind shows the client nothing.
          metadata: { filename: file.name, [thread.kind]: thread.id, internal: '1' },
          chunkSize: 2 * 1024 * 1024,
          retryDelays: [1000, 3000, 5000],
          onProgress: (sent) => {
            this.#progress = t.uploadingFile(file.name, Math.floor((sent / file.size) * 100));
            host.requestUpdate();
          },
        });
        const { fileId, duplicate } = await upload.start();
        this.#uploaded.set(file, duplicate ? null : fileId);
      } catch (err) {
        if (this.#thread !== thread) return null;
        const code = err instanceof ApiError ? err.code : '';
        if (err instanceof ApiError && err.status === 401) host.failure(new ApiError(401, 'unauthorized', ''));
        const reason =
          code === 'file_too_large'
            ? t.refusedTooLarge(host.formatSize(file.size), host.formatSize(MAX_FILE_BYTES))
            : t[UPLOAD_REFUSAL[code as keyof typeof UPLOAD_REFUSAL] ?? 'refusedGeneric'];
        this.#error = t.attachmentRefused(file.name, reason);
        return null;
      }
    }
    return this.#chosen.map((f) => this.#uploaded.get(f)).filter((id): id is string => !!id);
  }

  #startReply(message: FirmMessage): void {
    this.#replyTo = message;
    this.#host.requestUpdate();
    this.#focus('#thread-body');
  }

  #onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const visibility = (event.submitter as HTMLButtonElement | null)?.value;
    // Enter in a field submits with no button pressed: the audience is never guessed.
    if (visibility === 'portal' || visibility === 'internal') void this.#send(visibility);
  }

  #authorName(message: FirmMessage): string {
    return message.author.name || this.#host.strings.actorSomeone;
  }

  #renderMessage(message: FirmMessage, byId: Map<string, FirmMessage>): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const internal = message.visibility === 'internal';
    const answered = message.replyToId ? byId.get(message.replyToId) : undefined;
    const who = this.#authorName(message);
    return html`<li
      id="message-${message.id}"
      tabindex="-1"
      class="message ${internal ? 'internal' : 'portal'} ${message.author.type === 'contact' ? 'from-client' : ''}"
      part=${internal ? 'internal-note' : 'portal-message'}
      data-message=${message.id}
      aria-labelledby="message-${message.id}-head"
    >
      ${internal
        ? html`<p class="note-label"><svg class="note-icon" viewBox="0 0 16 16" width="16" height="16" role="img" aria-label=${t.internalIcon}>${lockIcon}</svg> ${t.internalNoteLabel}</p>`
        : message.author.type !== 'contact'
          ? html`<p class="portal-label">${t.portalMessageLabel}</p>`
          : nothing}
      <p class="message-head" id="message-${message.id}-head">
        <strong>${who}</strong>
        <time class="meta" datetime=${new Date(message.createdAt).toISOString()}>${host.formatTime(message.createdAt)}</time>
        ${message.via === 'email' ? html`<span class="meta via-email">${t.byEmail}</span>` : nothing}
      </p>
      ${message.replyToId
        ? html`<blockquote class="replied">
            ${t.inReplyTo(answered ? this.#authorName(answered) : t.anEarlierMessage)}${answered ? html`: <span class="excerpt">${answered.body.slice(0, 140)}</span>` : nothing}
          </blockquote>`
        : nothing}
      <p class="message-body">${linkify(message.body)}</p>
      ${message.attachments.length
        ? html`<p class="meta attachments">${t.attachments}:
            ${message.attachments.map((a, i) => html`${i ? ', ' : ''}<a href=${a.downloadUrl} download=${a.name}>${a.name}</a> (${host.formatSize(a.size)})`)}</p>`
        : nothing}
      <button type="button" class="link" @click=${() => this.#startReply(message)}>${t.reply}<span class="sr-only">: ${t.replyTo(who)}</span></button>
    </li>`;
  }

  #renderComposer(): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const sending = this.#sending;
    const max = host.formatNumber(MAX_MESSAGE_CHARS);
    return html`<form class="composer" @submit=${(e: SubmitEvent) => this.#onSubmit(e)} novalidate>
      ${this.#replyTo
        ? html`<p class="replying">
            ${t.replyingTo(this.#authorName(this.#replyTo))}: <span class="excerpt">${this.#replyTo.body.slice(0, 140)}</span>
            <button type="button" class="link" @click=${() => {
              this.#replyTo = null;
              host.requestUpdate();
              this.#focus('#thread-body');
            }}>${t.cancelReply}</button>
          </p>`
        : nothing}
      <div class="field">
        <label id="composer-label" for="thread-body">${t.composerLabel}</label>
        <textarea
          id="thread-body"
          name="body"
          rows="4"
          .value=${this.#draft}
          aria-describedby="composer-hint${this.#error ? ' composer-error' : ''}"
          aria-invalid=${this.#error ? 'true' : 'false'}
          @input=${(e: Event) => {
            this.#draft = (e.target as HTMLTextAreaElement).value;
            if (this.#error && !this.#check(this.#draft)) {
              this.#error = '';
              host.requestUpdate();
            }
          }}
        ></textarea>
        <span id="composer-hint" class="meta">${t.composerHint(max)}</span>
        ${this.#error ? html`<span id="composer-error" class="field-error" role="alert">${this.#error}</span>` : nothing}
      </div>
      <div class="field">
        <label for="thread-files">${t.attachFiles}</label>
        <input
          id="thread-files"
          type="file"
          multiple
          accept=${ACCEPT}
          ?disabled=${sending !== null}
          @change=${(e: Event) => {
            this.#chosen = [...((e.target as HTMLInputElement).files ?? [])];
            this.#uploaded.clear();
            if (this.#error) this.#error = '';
            host.requestUpdate();
          }}
        />
        ${this.#progress ? html`<span class="meta" role="status">${this.#progress}</span>` : nothing}
      </div>
      <div class="row composer-actions">
        <button type="submit" class="button" value="portal" ?disabled=${sending !== null}>${sending === 'portal' ? t.sending : t.sendToClient}</button>
        <button type="submit" class="button secondary note-button" value="internal" ?disabled=${sending !== null}>${sending === 'internal' ? t.sending : t.addInternalNote}</button>
      </div>
    </form>`;
  }

  /** The thread, oldest first, and its composer. */
  render(): TemplateResult {
    const t = this.#host.strings;
    const list = this.#list;
    const byId = new Map(list.items.map((m) => [m.id, m]));
    const oldestFirst = [...list.items].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return html`<section class="thread" aria-labelledby="thread-title">
      <h3 id="thread-title">${t.threadTitle}</h3>
      ${list.nextCursor && !list.loading
        ? html`<button type="button" class="button secondary" @click=${() => void list.more()}>${t.showOlder}</button>`
        : nothing}
      ${list.error
        ? html`<p class="alert" role="alert">${list.error}</p>
            <button type="button" class="button secondary" @click=${() => void list.reload()}>${t.retry}</button>`
        : nothing}
      ${list.loading ? html`<p class="muted">${t.loadingList}</p>` : nothing}
      ${list.loaded && list.items.length === 0 ? html`<p class="muted">${t.threadEmpty}</p>` : nothing}
      <ol class="plain messages" aria-labelledby="thread-title">
        ${oldestFirst.map((m) => this.#renderMessage(m, byId))}
      </ol>
      ${this.#renderComposer()}
    </section>`;
  }
}

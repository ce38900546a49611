import { html, nothing, type TemplateResult } from 'lit';
import { Task } from '@lit/task';
import { ApiError, PorticoApi } from '../internal/api-client.ts';
import type { Page, PortalFile, PortalRequest, PublicFirm, RequestState } from '../internal/api-types.ts';
import { LazyModule } from '../internal/lazy-module.ts';
import { countedLength, MAX_MESSAGE_CHARS, MAX_SUBJECT_CHARS } from '../internal/limits.ts';
import { linkify } from '../internal/linkify.ts';
import { LocalizeController } from '../internal/localize.ts';
import { errorMessage, isUnauthorized } from '../internal/messages.ts';
import { PortalConnection } from '../internal/portal-connection.ts';
import { PorticoElement } from '../internal/portico-element.ts';
import type { ThreadReadDetail } from '../internal/thread-view.ts';
import type { TaskEventDetail } from '../client-task-list/client-task-list.ts';
import type { UploadZone } from '../upload-zone/upload-zone.ts';
import { baseStyles } from '../themes/default.ts';
import { enRequestForm, type RequestFormTranslation } from './request-form-strings.ts';
import { Strings } from '../translations/strings.ts';
import { styles } from './request-form.styles.ts';

/** The part's own strings: English with it, each other locale a module of its own, fetched when an element in that language needs it. */
const requestFormStrings = new Strings<RequestFormTranslation>(enRequestForm, {
  et: () => import('./request-form-strings.et.ts').then((module) => module.etRequestForm),
});

/** Detail of `portico-request-submit`: the request the server created. */
export interface RequestSubmitDetail {
  requestId: string;
}
/** Detail of `portico-request-error`: why (`validation_failed`, `requests_off`, `network`, a server code). */
export interface RequestErrorDetail {
  code: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'portico-request-submit': CustomEvent<RequestSubmitDetail>;
    'portico-request-error': CustomEvent<RequestErrorDetail>;
    // Fired to ask a `<client-task-list>` on the page to open a task (declared with it; repeated so this module stands alone).
    'portico-task-open': CustomEvent<TaskEventDetail>;
  }
}

/** A request's conversation: a chunk of its own, fetched when one is first opened. */
const threadView = new LazyModule(() => import('../internal/define-thread-view.ts'));
/**
 * `<upload-zone>`, and with it the server's file rules the picked files are checked by: fetched once the
 * contact reaches the form (or picks files), so the picker's `accept` list is set before it opens.
 */
const uploadZone = new LazyModule(() => import('../upload-zone/define.ts'));

type Field = 'subject' | 'body';

const stateLabel = (t: RequestFormTranslation, state: RequestState): string =>
  ({ open: t.stateOpen, answered: t.stateAnswered, converted: t.stateConverted, closed: t.stateClosed })[state];

/**
 * A contact sends the firm a request for the company they are looking at: a
 * subject, a message and, if they like, files. The fields say what is wrong
 * (empty, too long: the server's own limits) next to themselves, focus goes to
 * the first one to fix, and the result is announced. Picked files are kept
 * until the request exists, then uploaded to it by an `<upload-zone>` that
 * shows each file's progress.
 *
 * Below the form, the contact's requests, newest first, each with its status
 * (open, answered, turned into a task, closed) and its count of new messages;
 * opening one shows its text and its conversation with the firm (where the
 * contact replies), and for one that became a task, "Open the task" (a
 * `<client-task-list>` on the page opens it).
 *
 * When the firm takes no new requests from the portal, the element says so
 * and how to reach the firm instead of showing the form; replies on earlier
 * requests still work.
 *
 * Inside `<client-portal>` it takes the API, session, company, firm and
 * language from the portal. On its own, give it `api` and `firm` (and
 * `client-id`): it uses the session a portal stored for them.
 *
 * @summary Send the firm a request with files; see your requests, their status and conversations.
 *
 * @attribute lang - Language (`en`, `et`). Default: the nearest ancestor's `lang`, else the portal's locale, else English.
 *
 * @fires portico-request-submit - The server created the request. `detail: { requestId }`.
 * @fires portico-request-error - Sending failed or was refused. `detail: { code }` (`validation_failed`, `requests_off`, `network`, or the server's code).
 * @fires portico-task-open - The contact pressed "Open the task" of a request that became one. `detail: { taskId }`.
 * @fires portico-thread-read - A request's conversation was opened and counted read. `detail: { kind, threadId }`.
 * @fires portico-upload-start - From the request's upload zone (see `<upload-zone>`); also `portico-upload-progress`, `portico-upload-complete`, `portico-upload-error`.
 *
 * @csspart base - The wrapper of everything.
 * @csspart heading - The form's and the list's headings.
 * @csspart form - The request form.
 * @csspart field-error - A field's validation message.
 * @csspart submit - The "Send request" button.
 * @csspart requests-off - The explanation shown instead of the form when the firm takes no new requests.
 * @csspart list - The list of the contact's requests.
 * @csspart request - A request's button (opens and closes it).
 * @csspart request-state - A request's status.
 * @csspart message-badge - A request's count of unread messages.
 * @csspart open-task - "Open the task" of a request that became one.
 * @csspart request-files - The files of an opened request, each a download link.
 * @csspart show-more - "Show more" under the requests, when there are more.
 * @csspart error - Error alerts.
 *
 * @cssprop --portico-color-primary - Buttons and links. Default #1f4fbf.
 * @cssprop --portico-color-danger - Validation messages and errors. Default #b42318.
 * @cssprop --portico-color-text - Text. Default #1b2430.
 * @cssprop --portico-color-muted - Secondary text. Default #4f5b69.
 * @cssprop --portico-color-border - Borders. Default #c5ccd6.
 * @cssprop --portico-color-surface - Background. Default #ffffff.
 * @cssprop --portico-radius - Corner radius. Default 8px.
 * @cssprop --portico-font-family - Font. Default the system font.
 * @cssprop --portico-spacing - Base spacing unit. Default 1rem.
 */
export class RequestForm extends PorticoElement {
  static override properties = {
    subject: { state: true },
    body: { state: true },
    files: { state: true },
    refusedFiles: { state: true },
    requestFiles: { state: true },
    tried: { state: true },
    submitting: { state: true },
    failure: { state: true },
    said: { state: true },
    offText: { state: true },
    openId: { state: true },
    uploadTo: { state: true },
    moreState: { state: true },
    api: {},
    firm: {},
    clientId: { attribute: 'client-id' },
  };
  static override styles = [PorticoElement.hostStyles, baseStyles, styles];

  readonly #portal = new PortalConnection(this);
  readonly #localize = new LocalizeController(this, () => this.#portal.locale, requestFormStrings);

  /** Alone, the firm's public answer says whether it takes requests (inside a portal, the portal has it). */
  readonly #firmTask = new Task(this, {
    task: async ([inPortal, api, firm], { signal }): Promise<PublicFirm | null> => {
      if (inPortal || !firm) return null;
      return new PorticoApi({ base: api }).get<PublicFirm>(`/public/firms/${encodeURIComponent(firm)}`, { signal });
    },
    args: () => [Boolean(this.#portal.context), this.api, this.firm] as const,
  });

  readonly #listTask = new Task(this, {
    task: async ([api, clientId], { signal }): Promise<Page<PortalRequest> | null> => {
      if (!api) return null;
      try {
        return await api.get<Page<PortalRequest>>(`/portal/requests${clientId ? `?clientId=${encodeURIComponent(clientId)}` : ''}`, { signal });
      } catch (err) {
        this.#portal.unauthorized(err);
        throw err;
      }
    },
    args: () => [this.#portal.api, this.#portal.clientId] as const,
  });

  private subject = '';
  private body = '';
  /** Picked files, uploaded once the request exists. */
  private files: File[] = [];
  /** Why files of the last pick were left out, one line each. */
  private refusedFiles: string[] = [];
  /** The files of each opened request. */
  private requestFiles = new Map<string, PortalFile[]>();
  /** A send was tried: the fields' messages show (and follow the typing). */
  private tried = false;
  private submitting = false;
  private failure: string | null = null;
  /** The live region's words. */
  private said = '';
  /** The firm turned requests off (a 403 said so): how to reach it. */
  private offText: string | null = null;
  /** The request opened in the list. */
  private openId: string | null = null;
  /** The request just created whose files the upload zone sends. */
  private uploadTo: string | null = null;
  /** "Show more" of the list: the next page on its way, or failed. */
  private moreState: 'idle' | 'loading' | 'failed' = 'idle';

  /** Origin of the Portico server when used outside `<client-portal>`; empty for the page's own origin. */
  api = '';
  /** The firm's slug when used outside `<client-portal>`. */
  firm = '';
  /** Company (`cli_…`) the request is for when used outside `<client-portal>`; default: the portal's last choice. */
  clientId: string | null = null;

  get #firmInfo(): PublicFirm | null {
    return this.#portal.context?.firmInfo ?? this.#firmTask.value ?? null;
  }

  /** The explanation instead of the form, or null while the firm takes requests. */
  get #off(): string | null {
    if (this.offText) return this.offText;
    const firm = this.#firmInfo;
    return firm && firm.requestsEnabled === false ? this.#localize.t.requestsOff(firm.name) : null;
  }

  #errorOf(field: Field): string {
    const t = this.#localize.t;
    const value = field === 'subject' ? this.subject : this.body;
    const max = field === 'subject' ? MAX_SUBJECT_CHARS : MAX_MESSAGE_CHARS;
    const length = countedLength(value);
    if (!length) return field === 'subject' ? t.subjectEmpty : t.messageEmpty;
    const tag = this.#localize.tag;
    return length > max ? t.tooLong(max.toLocaleString(tag), (length - max).toLocaleString(tag)) : '';
  }

  #fail(code: string): void {
    this.emit('portico-request-error', { code });
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    const api = this.#portal.api;
    if (!api || this.submitting) return;
    this.tried = true;
    this.failure = null;
    const invalid = (['subject', 'body'] as const).find((field) => this.#errorOf(field));
    if (invalid) {
      this.said = this.#localize.t.fixFields;
      this.#fail('validation_failed');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`#${invalid}`)?.focus();
      return;
    }
    this.submitting = true;
    this.said = this.#localize.t.sending;
    const clientId = this.#portal.clientId;
    let created: PortalRequest;
    try {
      created = await api.post<PortalRequest>('/portal/requests', { ...(clientId ? { clientId } : {}), subject: this.subject.trim(), body: this.body.trim() });
    } catch (err) {
      this.#portal.unauthorized(err);
      this.submitting = false;
      this.said = '';
      this.#refused(err);
      return;
    }
    const files = this.files;
    this.subject = '';
    this.body = '';
    this.files = [];
    this.refusedFiles = [];
    this.tried = false;
    this.submitting = false;
    this.said = this.#localize.t.requestSent;
    this.#listTask.value?.items.unshift(created);
    this.emit('portico-request-submit', { requestId: created.id });
    if (files.length) await this.#upload(created.id, files);
  }

  #refused(err: unknown): void {
    const t = this.#localize.t;
    const code = err instanceof ApiError ? err.code : 'internal';
    this.#fail(code);
    if (code === 'requests_off') {
      const name = this.#firmInfo?.name;
      this.offText = name ? t.requestsOff(name) : (err as ApiError).message;
      // The form is gone: the explanation takes the focus, so the person hears why.
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.off')?.focus());
      return;
    }
    const issues = err instanceof ApiError && Array.isArray(err.issues) ? (err.issues as { path?: string }[]) : [];
    const key = errorMessage(err);
    this.failure = isUnauthorized(err)
      ? t.signInToSendRequests
      : issues.some((issue) => issue.path === 'clientId')
        ? t.chooseCompany
        : key === 'errorGeneric'
          ? t.requestFailed
          : t[key];
  }

  /** Hands the picked files to an upload zone for the new request, which sends them with their progress. */
  async #upload(requestId: string, files: File[]): Promise<void> {
    this.uploadTo = requestId;
    await uploadZone.load().catch(() => undefined);
    await this.updateComplete;
    const zone = this.renderRoot.querySelector<UploadZone>('upload-zone');
    await zone?.updateComplete;
    zone?.addFiles(files);
  }

  /** The next page of requests, after the ones shown. */
  async #showMore(): Promise<void> {
    const api = this.#portal.api;
    const page = this.#listTask.value;
    if (!api || !page?.nextCursor || this.moreState === 'loading') return;
    this.moreState = 'loading';
    const clientId = this.#portal.clientId;
    try {
      const next = await api.get<Page<PortalRequest>>(`/portal/requests?${new URLSearchParams({ ...(clientId ? { clientId } : {}), cursor: page.nextCursor })}`);
      if (this.#listTask.value !== page) return; // the company changed meanwhile
      page.items.push(...next.items);
      page.nextCursor = next.nextCursor;
      this.moreState = 'idle';
    } catch (err) {
      this.#portal.unauthorized(err);
      this.moreState = 'failed';
    }
  }

  async #onPicked(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const picked = [...(input.files ?? [])];
    input.value = ''; // the same file can be picked again
    // The server's own rules, said now: finding out after the request is sent would be too late to pick another.
    // Without them (the module could not be fetched) the files are kept; the upload then says what the server refused.
    const rules = await uploadZone.load().catch(() => undefined);
    const t = this.#localize.t;
    const refused = picked.flatMap((file) => {
      const code = rules?.precheckFile(file);
      if (!code) return [];
      const why = code === 'file_too_large' ? t.refusedTooLarge(this.#localize.size(file.size), this.#localize.size(rules!.MAX_FILE_BYTES)) : code === 'empty_file' ? t.refusedEmpty : t.refusedType;
      return [`“${file.name}”: ${why}`];
    });
    this.refusedFiles = refused;
    this.files = [...this.files, ...picked.filter((file) => !rules?.precheckFile(file))];
  }

  #onThreadRead(event: CustomEvent<ThreadReadDetail>): void {
    const item = this.#listTask.value?.items.find((r) => r.id === event.detail.threadId);
    if (event.detail.kind !== 'request' || !item?.unreadMessages) return;
    item.unreadMessages = 0;
    this.requestUpdate();
  }

  #toggle(id: string): void {
    this.openId = this.openId === id ? null : id;
    if (this.openId) {
      threadView.get(this);
      void this.#loadFiles(id);
    }
  }

  /** The files sent with a request (and on its messages), read each time it opens: their links are short-lived. */
  async #loadFiles(id: string): Promise<void> {
    const api = this.#portal.api;
    if (!api) return;
    try {
      const page = await api.get<Page<PortalFile>>(`/portal/requests/${id}/files?limit=50`);
      this.requestFiles = new Map(this.requestFiles).set(id, page.items);
    } catch (err) {
      this.#portal.unauthorized(err);
      // Without the list the request still reads; its files show on the messages that carry them.
    }
  }

  #renderField(field: Field, label: string): TemplateResult {
    const error = this.tried ? this.#errorOf(field) : '';
    const value = field === 'subject' ? this.subject : this.body;
    const onInput = (e: Event) => {
      const text = (e.target as HTMLInputElement | HTMLTextAreaElement).value;
      if (field === 'subject') this.subject = text;
      else this.body = text;
    };
    const attrs = { invalid: error ? 'true' : 'false', described: error ? `${field}-error` : nothing };
    return html`<div class="field">
      <label for=${field}>${label}</label>
      ${field === 'subject'
        ? html`<input id="subject" name="subject" type="text" autocomplete="off" .value=${value} aria-invalid=${attrs.invalid} aria-describedby=${attrs.described} @input=${onInput} />`
        : html`<textarea id="body" name="body" rows="5" .value=${value} aria-invalid=${attrs.invalid} aria-describedby=${attrs.described} @input=${onInput}></textarea>`}
      ${error ? html`<p id="${field}-error" class="field-error" part="field-error">${error}</p>` : nothing}
    </div>`;
  }

  #renderForm(): TemplateResult {
    const t = this.#localize.t;
    const off = this.#off;
    if (off) return html`<p class="off" part="requests-off" tabindex="-1">${off}</p>`;
    const fetchRules = () => uploadZone.get(this);
    return html`<form part="form" class="form" novalidate @submit=${this.#submit} @focusin=${fetchRules} @pointerover=${fetchRules}>
        ${this.#renderField('subject', t.subjectLabel)} ${this.#renderField('body', t.requestBodyLabel)}
        <div class="field">
          <label for="files">${t.requestFilesLabel}</label>
          <input id="files" name="files" type="file" multiple accept=${uploadZone.loaded?.ACCEPT ?? nothing} aria-describedby=${this.refusedFiles.length ? 'files-refused' : nothing} @change=${this.#onPicked} />
          ${this.refusedFiles.length
            ? html`<ul id="files-refused" class="field-error" part="field-error" role="alert">
                ${this.refusedFiles.map((line) => html`<li>${line}</li>`)}
              </ul>`
            : nothing}
          ${this.files.length
            ? html`<ul class="picked" role="list">
                ${this.files.map(
                  (file, i) => html`<li>
                    <span>${file.name}</span>
                    <button class="button link" type="button" aria-label=${t.removeFile(file.name)} @click=${() => (this.files = this.files.filter((_, j) => j !== i))}>
                      ${t.remove}
                    </button>
                  </li>`,
                )}
              </ul>`
            : nothing}
        </div>
        ${this.failure ? html`<div class="alert" part="error" role="alert">${this.failure}</div>` : nothing}
        <button class="button" part="submit" type="submit" ?disabled=${this.submitting || this.#portal.readOnly}>${this.submitting ? t.sending : t.sendRequest}</button>
      </form>
      ${this.uploadTo
        ? html`<section class="uploads" aria-labelledby="uploads-heading">
            <h3 id="uploads-heading">${t.requestFilesHeading}</h3>
            <upload-zone api=${this.api} firm=${this.firm} request=${this.uploadTo} label=${t.requestFilesHeading}></upload-zone>
          </section>`
        : nothing}`;
  }

  #renderRequest(request: PortalRequest): TemplateResult {
    const t = this.#localize.t;
    const open = this.openId === request.id;
    const sent = new Intl.DateTimeFormat(this.#localize.tag, { dateStyle: 'medium' }).format(request.createdAt);
    return html`<li class="request">
      <button type="button" class="request-head" part="request" data-request-id=${request.id} aria-expanded=${open ? 'true' : 'false'} aria-controls="req-${request.id}" @click=${() => this.#toggle(request.id)}>
        <span class="subject">${request.subject}</span>
        <span class="meta">
          <span class="state ${request.state}" part="request-state">${stateLabel(t, request.state)}</span>
          <span>${t.sentOnDate(sent)}</span>
          ${request.unreadMessages ? html`<span class="badge" part="message-badge">${t.unreadMessages(request.unreadMessages)}</span>` : nothing}
        </span>
      </button>
      ${open
        ? html`<div class="request-body" id="req-${request.id}">
            <p class="text">${linkify(request.body)}</p>
            ${request.task
              ? html`<p>
                  <button class="button link" part="open-task" type="button" @click=${() => this.emit('portico-task-open', { taskId: request.task!.id })}>
                    ${t.openTask(request.task.title)}
                  </button>
                </p>`
              : nothing}
            ${this.requestFiles.get(request.id)?.length
              ? html`<ul class="request-files" part="request-files" aria-label=${t.filesHeading} role="list">
                  ${this.requestFiles.get(request.id)!.map(
                    (file) => html`<li><a href=${file.downloadUrl} download=${file.name}>${file.name}</a> <span class="muted">(${this.#localize.size(file.size)})</span></li>`,
                  )}
                </ul>`
              : nothing}
            <portico-thread api=${this.api} firm=${this.firm} kind="request" thread=${request.id} state=${request.state}></portico-thread>
          </div>`
        : nothing}
    </li>`;
  }

  #renderList(): TemplateResult {
    const t = this.#localize.t;
    const loading = () => html`<p class="muted">${t.loading}</p>`;
    return html`<h2 part="heading">${t.yourRequests}</h2>
      ${this.#listTask.render({
        initial: loading,
        pending: () => (this.#listTask.value ? this.#renderItems(this.#listTask.value) : loading()),
        complete: (page) => (page ? this.#renderItems(page) : nothing),
        error: () => html`<div class="alert" part="error" role="alert">${t.requestsError}</div>
          <button class="button secondary" type="button" @click=${() => this.#listTask.run()}>${t.retry}</button>`,
      })}`;
  }

  #renderItems(page: Page<PortalRequest>): TemplateResult {
    const t = this.#localize.t;
    if (!page.items.length) return html`<p class="muted">${t.noRequests}</p>`;
    return html`<ul class="list" part="list" role="list">${page.items.map((r) => this.#renderRequest(r))}</ul>
      ${this.moreState === 'failed' ? html`<div class="alert" part="error" role="alert">${t.requestsError}</div>` : nothing}
      ${page.nextCursor
        ? html`<button class="button secondary" part="show-more" type="button" ?disabled=${this.moreState === 'loading'} @click=${this.#showMore}>
            ${this.moreState === 'loading' ? t.loading : this.moreState === 'failed' ? t.retry : t.showMore}
          </button>`
        : nothing}`;
  }

  override render(): TemplateResult {
    const t = this.#localize.t;
    const signedIn = Boolean(this.#portal.api);
    return html`<div part="base" class="base" lang=${this.#localize.tag} @portico-thread-read=${this.#onThreadRead}>
      <h2 part="heading" data-heading tabindex="-1">${t.requestHeading}</h2>
      ${signedIn ? html`${this.#renderForm()} ${this.#renderList()}` : html`<p>${t.signInToSendRequests}</p>`}
      <div class="status" role="status" aria-live="polite">${this.said}</div>
    </div>`;
  }
}

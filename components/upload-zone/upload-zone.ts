import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ApiError } from '../internal/api-client.ts';
import { ACCEPT, MAX_FILE_BYTES, precheckFile as checkFile } from '../../edge/domain/file-rules.ts';
import { LocalizeController } from '../internal/localize.ts';
import { isUnauthorized, type MessageKey } from '../internal/messages.ts';
import { PortalConnection } from '../internal/portal-connection.ts';
import { PorticoElement } from '../internal/portico-element.ts';
import { TusUpload, retriable } from '../internal/upload-tus.ts';
import { baseStyles } from '../themes/default.ts';
import { enUploadZone, type UploadZoneTranslation } from './upload-zone-strings.ts';
import { Strings } from '../translations/strings.ts';
import { styles } from './upload-zone.styles.ts';

/** The part's own strings: English with it, each other locale a module of its own, fetched when an element in that language needs it. */
const uploadZoneStrings = new Strings<UploadZoneTranslation>(enUploadZone, {
  et: () => import('./upload-zone-strings.et.ts').then((module) => module.etUploadZone),
});

/** The shared strings and the zone's own. */
type Words = LocalizeController<UploadZoneTranslation>['t'];

/** Detail of `portico-upload-start`. */
export interface UploadStartDetail {
  name: string;
  size: number;
}
/** Detail of `portico-upload-progress`: `sent` bytes are on the server. */
export interface UploadProgressDetail extends UploadStartDetail {
  sent: number;
}
/** Detail of `portico-upload-complete`: the file's id; `duplicate` when the same file was there already (its id). */
export interface UploadCompleteDetail extends UploadStartDetail {
  fileId: string;
  duplicate: boolean;
}
/**
 * Detail of `portico-upload-error`: why (`file_too_large`, `empty_file`,
 * `type_not_allowed`, another server code, or `network`; an answer without
 * Portico's error body is named after its status: `not_found`, `forbidden`, `internal`, …).
 */
export interface UploadErrorDetail extends UploadStartDetail {
  code: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'portico-upload-start': CustomEvent<UploadStartDetail>;
    'portico-upload-progress': CustomEvent<UploadProgressDetail>;
    'portico-upload-complete': CustomEvent<UploadCompleteDetail>;
    'portico-upload-error': CustomEvent<UploadErrorDetail>;
  }
}

type UploadState =
  | 'queued'
  | 'uploading'
  | 'retrying'
  | 'paused'
  | 'done'
  | 'duplicate'
  | 'refused'
  | 'cancelled'
  | 'deleted';

interface UploadItem {
  file: File;
  state: UploadState;
  sent: number;
  /** Refusal or failure code (`file_too_large`, `type_not_allowed`, `network`, …). */
  code: string | null;
  /** Seconds until the next try; `null` while waiting to be online again. */
  retryIn?: number | null;
  fileId?: string;
  /** Until when the contact may delete it (UTC ms). */
  deletableUntil?: number;
  deleteError?: MessageKey<Words> | null;
  tus?: TusUpload;
}

/** States an upload leaves only when the contact acts (or a connection returns). */
const ENDED: readonly UploadState[] = ['paused', 'done', 'duplicate', 'refused', 'cancelled', 'deleted'];
/** A client may delete their own upload this long after it arrived (the server checks it too). */
const DELETE_WINDOW_MS = 30 * 60_000;

/** The server's code for a failed upload; a bare 413 or 415 (from a proxy, say) by what it means here. */
const codeOf = (err: unknown): string =>
  err instanceof ApiError
    ? ({ payload_too_large: 'file_too_large', unsupported_media_type: 'type_not_allowed' } as Record<string, string>)[err.code] ?? err.code
    : 'internal';

/** The words for each state an upload can show (a refusal's by its code, below). */
const STATE_TEXT = {
  queued: 'uploadQueued',
  paused: 'uploadPaused',
  done: 'uploadDone',
  duplicate: 'uploadDuplicate',
  cancelled: 'uploadCancelled',
  deleted: 'fileDeleted',
} as const;
/** Why a file was refused, by the codes {@link codeOf} gives; any other is `refusedGeneric`. */
const REFUSAL_TEXT: Record<string, MessageKey<Words>> = {
  empty_file: 'refusedEmpty',
  type_not_allowed: 'refusedType',
  bad_name: 'refusedBadName',
  not_found: 'refusedNotFound',
  unauthorized: 'uploadSignIn',
};

/**
 * A place to send files to a task or a request: drop them, paste an image,
 * pick them with "Choose files", or (on a phone) "Take a photo". Each file
 * is checked before it is sent (up to 10 MB; PDF, photos, office documents,
 * CSV, text, XML, ZIP: the server's own rules), then uploaded with the tus
 * protocol a chunk at a time, one file after the other. A dropped connection
 * is tried again with growing pauses, and when the connection comes back (or a
 * phone wakes up) the upload goes on from the last byte the server has. Each
 * file shows its progress and its result (uploaded, already there, refused
 * and why); when all have ended a summary is announced. A contact may delete
 * a file they uploaded for 30 minutes.
 *
 * Form-associated: inside a `<form>` its value is the ids of the files it
 * uploaded (one entry per file under its `name`); with `required` the form
 * does not submit until one is uploaded, nor while uploads are running.
 *
 * Inside `<client-portal>` (or a `<client-task-list>` there) it takes the
 * API and session from the portal; alone, give it `api` and `firm` and it uses
 * the session a portal stored for them. Give it a target: `task` (with `item`
 * for a checklist item that asks for a file) or `request`.
 *
 * @summary Drop, paste, pick or photograph files and upload them resumably, with progress.
 *
 * @attribute lang - Language (`en`, `et`). Default: the nearest ancestor's `lang`, else the portal's locale, else English.
 *
 * @fires portico-upload-start - A file began uploading. `detail: { name, size }`.
 * @fires portico-upload-progress - More of a file is on the server. `detail: { name, size, sent }`.
 * @fires portico-upload-complete - A file is uploaded. `detail: { name, size, fileId, duplicate }`.
 * @fires portico-upload-error - A file was refused (before sending or by the server), or stopped for lack of a connection. `detail: { name, size, code }`.
 *
 * @csspart base - The wrapper of everything.
 * @csspart zone - The drop area with its buttons; also `zone-dragging` while files are dragged over it.
 * @csspart choose - The "Choose files" button.
 * @csspart camera - The "Take a photo" button.
 * @csspart files - The list of files.
 * @csspart file - A file in the list; also `file-done`, `file-refused` by result.
 * @csspart progress - A file's progress bar (a `<progress>`; its colour follows `--portico-color-primary`).
 * @csspart retry - A stopped file's "Try again" button.
 * @csspart cancel - A file's "Cancel" button.
 * @csspart delete - A file's "Delete" button.
 *
 * @cssprop --portico-color-primary - Buttons and progress. Default #1f4fbf.
 * @cssprop --portico-color-danger - Refusals. Default #b42318.
 * @cssprop --portico-color-border - The drop area's border. Default #c5ccd6.
 * @cssprop --portico-radius - Corner radius. Default 8px.
 * @cssprop --upload-zone-padding - Padding of the drop area. Default 1rem.
 */
export class UploadZone extends PorticoElement {
  static formAssociated = true;
  static override properties = {
    items: { state: true },
    dragging: { state: true },
    summary: { state: true },
    api: {},
    firm: {},
    task: {},
    request: {},
    item: {},
    label: {},
    name: {},
    required: { type: Boolean, reflect: true },
    disabled: { type: Boolean, reflect: true },
    camera: {},
    chunkSize: { type: Number, attribute: 'chunk-size' },
    retryDelays: { attribute: false },
  };
  static override styles = [PorticoElement.hostStyles, baseStyles, styles];

  readonly #portal = new PortalConnection(this);
  readonly #localize = new LocalizeController(this, () => this.#portal.locale, uploadZoneStrings);
  readonly #internals = this.attachInternals();
  /** While false, no upload runs: the queue starts the next one when it is. */
  #running = false;
  /** Aborted when the element leaves the page: removes its window and document listeners. */
  #listening: AbortController | undefined;

  private items: UploadItem[] = [];
  private dragging = false;
  private summary = '';

  /** Origin of the Portico server when used outside `<client-portal>`; empty for the page's own origin. */
  api = '';
  /** The firm's slug when used outside `<client-portal>`. */
  firm = '';
  /** The task (`tsk_…`) the files are for. */
  task?: string;
  /** The request (`req_…`) the files are for, instead of a task. */
  request?: string;
  /** With `task`: the checklist item (`chk_…`) that asks for a file. */
  item?: string;
  /** The zone's visible label; default "Upload files". */
  label?: string;
  /** The form field's name. */
  name?: string;
  /** The form does not submit until a file is uploaded. */
  required = false;
  disabled = false;
  /** "Take a photo" with the camera: `auto` (on touch screens), `on` or `off`. */
  camera: 'auto' | 'on' | 'off' = 'auto';
  /** Bytes per PATCH: what a resume may have to send again. */
  chunkSize = 2 * 1024 * 1024;
  /** Pauses before each retry after a network failure, in ms (a property; each file takes them when it first starts). */
  retryDelays: readonly number[] = [1000, 3000, 5000, 10_000, 20_000];

  constructor() {
    super();
    // On the host, so that a drop anywhere on it (its padding too, however a page styles it) is taken, never opened by the tab.
    this.addEventListener('dragover', (event) => {
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = this.#off ? 'none' : 'copy';
      this.dragging = !this.#off;
    });
    this.addEventListener('dragleave', () => (this.dragging = false));
    this.addEventListener('drop', (event) => {
      event.preventDefault();
      this.dragging = false;
      this.addFiles(event.dataTransfer?.files ?? []);
    });
    this.addEventListener('paste', (event) => {
      const files = event.clipboardData?.files;
      if (!files?.length) return;
      event.preventDefault();
      this.addFiles(files);
    });
  }

  /** The ids of the files uploaded here (and not deleted), comma-separated. */
  get value(): string {
    return this.#uploadedIds().join(',');
  }

  get validity(): ValidityState {
    return this.#internals.validity;
  }

  get validationMessage(): string {
    return this.#internals.validationMessage;
  }

  checkValidity(): boolean {
    return this.#internals.checkValidity();
  }

  reportValidity(): boolean {
    return this.#internals.reportValidity();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const signal = (this.#listening = new AbortController()).signal;
    window.addEventListener('online', this.#resumePaused, { signal });
    document.addEventListener('visibilitychange', this.#resumePaused, { signal });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#listening?.abort();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.#updateForm();
  }

  /** A `<fieldset disabled>` around it changed: `:disabled` (read by {@link #off}) says which way. */
  formDisabledCallback(): void {
    this.requestUpdate();
  }

  get #off(): boolean {
    // A staff preview of the portal is read-only: nothing can be uploaded.
    // `:disabled` also covers a disabled fieldset around it (read, not copied into `disabled`, which would then stick).
    return this.disabled || this.matches(':disabled') || this.#portal.readOnly;
  }

  formResetCallback(): void {
    for (const item of this.items) if (!ENDED.includes(item.state)) void this.#cancel(item);
    this.items = [];
    this.summary = '';
  }

  /** Checks and queues files, as a drop or a pick does. */
  addFiles(files: Iterable<File>): void {
    if (this.#off || !this.#portal.api) return;
    const added = [...files].map((file): UploadItem => {
      const code = checkFile(file);
      return { file, state: code ? 'refused' : 'queued', sent: 0, code };
    });
    if (!added.length) return;
    this.summary = '';
    this.items = [...this.items, ...added];
    for (const item of added) if (item.code) this.#fire('error', item, { code: item.code });
    void this.#pump();
  }

  #onPicked(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.addFiles(input.files ?? []);
    input.value = ''; // the same file can be picked again
  }

  #pick(id: 'files' | 'photo'): void {
    this.renderRoot.querySelector<HTMLInputElement>(`#${id}`)?.click();
  }

  /** A connection came back, or the page is shown again: stopped uploads go on from the server's offset. */
  readonly #resumePaused = (): void => {
    if (document.visibilityState === 'visible') for (const item of this.items) if (item.state === 'paused') this.#retry(item);
  };

  #retry(item: UploadItem): void {
    item.state = 'queued';
    this.summary = '';
    void this.#pump();
  }

  #fire<K extends 'start' | 'progress' | 'complete' | 'error'>(
    kind: K,
    item: UploadItem,
    extra: Omit<GlobalEventHandlersEventMap[`portico-upload-${K}`]['detail'], 'name' | 'size'>,
  ): void {
    // The detail of the event is `{ name, size }` and `extra`: TypeScript cannot see that through the generic.
    (this.emit as (type: string, detail: unknown) => boolean)(`portico-upload-${kind}`, { name: item.file.name, size: item.file.size, ...extra });
  }

  /** Uploads the queued files one after the other, then announces the summary. */
  async #pump(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      for (let item; (item = this.items.find((i) => i.state === 'queued')); ) await this.#upload(item);
    } finally {
      this.#running = false;
    }
    this.#summarize();
  }

  async #upload(item: UploadItem): Promise<void> {
    const api = this.#portal.api;
    const changed = (): void => this.requestUpdate();
    if (!api) {
      Object.assign(item, { state: 'refused', code: 'unauthorized' });
      return changed();
    }
    const { task, request, item: checklistItem } = this;
    const target: Record<string, string> = request ? { request } : task && checklistItem ? { task, item: checklistItem } : { task: task ?? '' };
    item.tus ??= new TusUpload({
      api,
      path: '/portal/uploads',
      file: item.file,
      metadata: { filename: item.file.name, ...target },
      chunkSize: this.chunkSize > 0 ? this.chunkSize : 2 * 1024 * 1024,
      retryDelays: this.retryDelays,
      onProgress: (sent) => {
        Object.assign(item, { sent, state: 'uploading' });
        this.#fire('progress', item, { sent });
        changed();
      },
      onRetry: (delay) => {
        Object.assign(item, { state: 'retrying', retryIn: delay && Math.ceil(delay / 1000) });
        changed();
      },
    });
    item.state = 'uploading';
    changed();
    this.#fire('start', item, {});
    try {
      const result = await item.tus.start();
      Object.assign(item, {
        state: result.duplicate ? 'duplicate' : 'done',
        fileId: result.fileId,
        sent: item.file.size,
        deletableUntil: Date.now() + DELETE_WINDOW_MS,
      });
      this.#fire('complete', item, { fileId: result.fileId, duplicate: result.duplicate });
    } catch (err) {
      if ((item.state as UploadState) === 'cancelled') return changed(); // cancelled meanwhile
      const code = codeOf(err);
      this.#portal.unauthorized(err);
      Object.assign(item, { state: retriable(err) ? 'paused' : 'refused', code });
      this.#fire('error', item, { code });
    }
    changed();
  }

  async #cancel(item: UploadItem): Promise<void> {
    const tus = item.tus;
    item.state = 'cancelled';
    this.requestUpdate();
    await tus?.cancel();
    this.#summarize();
  }

  async #delete(item: UploadItem): Promise<void> {
    const api = this.#portal.api;
    if (!api || !item.fileId) return;
    item.deleteError = null;
    try {
      await api.delete(`/portal/files/${encodeURIComponent(item.fileId)}`);
      item.state = 'deleted';
    } catch (err) {
      this.#portal.unauthorized(err);
      const code = (err as { code?: string }).code;
      // Past the window (or not theirs): the button goes.
      const passed = code === 'delete_window_passed' || code === 'not_your_file';
      if (passed) item.deletableUntil = 0;
      item.deleteError = isUnauthorized(err) ? 'uploadSignIn' : passed ? 'deleteWindowPassed' : 'deleteFailed';
    }
    this.requestUpdate();
  }

  #summarize(): void {
    const { items } = this;
    if (!items.length || this.#running || !items.every((i) => ENDED.includes(i.state))) return;
    const uploaded = this.#uploadedIds().length;
    const failed = items.filter((i) => i.state === 'refused' || i.state === 'paused').length;
    this.summary = uploaded + failed ? this.#localize.t.uploadSummary(uploaded, failed) : '';
  }

  #uploadedIds(): string[] {
    // A file without an id (its answer lost the header somewhere) cannot be a form entry.
    return this.items.flatMap((i) => ((i.state === 'done' || i.state === 'duplicate') && i.fileId ? [i.fileId] : []));
  }

  #updateForm(): void {
    const ids = this.#uploadedIds();
    const data = new FormData();
    if (this.name) for (const id of ids) data.append(this.name, id);
    this.#internals.setFormValue(ids.length ? data : null);
    const t = this.#localize.t;
    const running = this.items.some((i) => !ENDED.includes(i.state));
    const missing = !running && this.required && !ids.length;
    this.#internals.setValidity(
      { customError: running, valueMissing: missing },
      running ? t.uploadStillRunning : missing ? t.uploadRequired : '',
      this.renderRoot.querySelector<HTMLElement>('[part~=choose]') ?? undefined,
    );
  }

  #statusText(item: UploadItem, t: Words): string {
    const { state, code } = item;
    if (state === 'retrying') return item.retryIn == null ? t.uploadOffline : t.uploadRetrying(item.retryIn);
    if (state === 'uploading') return '';
    if (state !== 'refused') return t[STATE_TEXT[state]];
    const localize = this.#localize;
    return code === 'file_too_large'
      ? t.refusedTooLarge(localize.size(item.file.size), localize.size(MAX_FILE_BYTES))
      : t[REFUSAL_TEXT[code!] ?? 'refusedGeneric'];
  }

  /** A file's action button, named with the file for a screen reader ("Cancel receipt.pdf": its own text, then the file's name, `n<i>`). */
  #action(part: string, i: number, text: string, act: () => void): TemplateResult {
    return html`<button part=${part} id=${part + i} aria-labelledby="${part + i} n${i}" class="button secondary" type="button" @click=${act}>${text}</button>`;
  }

  #renderItem(item: UploadItem, i: number, t: Words): TemplateResult {
    const { file, state } = item;
    const pct = Math.floor((item.sent / (file.size || 1)) * 100);
    const moving = state === 'uploading' || state === 'retrying' || state === 'paused';
    // Checked at each render; a button left over past the window gets the server's refusal, and goes.
    const deletable = state === 'done' && item.deletableUntil! > Date.now();
    const result = state === 'done' || state === 'duplicate' ? 'file-done' : state === 'refused' ? 'file-refused' : '';
    return html`<li part="file ${result}" class="file ${state}">
      <span class="name" id="n${i}">${file.name}</span>
      <span class="muted">${this.#localize.size(file.size)}</span>
      ${moving
        ? html`<div class="progress">
            <progress part="progress" max="100" .value=${pct} aria-labelledby="n${i}"></progress>
            <span>${pct}%</span>
          </div>`
        : nothing}
      <span class="result">${this.#statusText(item, t)}</span>
      ${item.deleteError ? html`<span class="result refused">${t[item.deleteError]}</span>` : nothing}
      <div class="file-actions">
        ${state === 'paused' ? this.#action('retry', i, t.retry, () => this.#retry(item)) : nothing}
        ${moving || state === 'queued' ? this.#action('cancel', i, t.cancel, () => this.#cancel(item)) : nothing}
        ${deletable ? this.#action('delete', i, t.deleteFile, () => this.#delete(item)) : nothing}
      </div>
    </li>`;
  }

  override render(): TemplateResult {
    const t = this.#localize.t;
    const signedIn = !!this.#portal.api;
    const off = this.#off || !signedIn;
    const camera = this.camera === 'on' || (this.camera === 'auto' && matchMedia('(pointer: coarse)').matches);
    return html`
      <div part="base" class="base" lang=${this.#localize.tag}>
        <div part=${this.dragging ? 'zone zone-dragging' : 'zone'} class="zone" role="group" aria-labelledby="label" aria-describedby="rules">
          <p id="label" class="label">${this.label || t.uploadLabel}</p>
          <p class=${signedIn ? 'muted' : ''}>${signedIn ? t.dropHint : t.uploadSignIn}</p>
          <div class="actions">
            <button part="choose" class="button" type="button" ?disabled=${off} @click=${() => this.#pick('files')}>${t.chooseFiles}</button>
            ${camera
              ? html`<button part="camera" class="button secondary" type="button" ?disabled=${off} @click=${() => this.#pick('photo')}>${t.takePhoto}</button>
                  <input id="photo" type="file" accept="image/jpeg,image/png" capture="environment" hidden @change=${this.#onPicked}>`
              : nothing}
          </div>
          <p id="rules" class="muted rules">${t.uploadRules}</p>
          <input id="files" type="file" multiple accept=${ACCEPT} hidden @change=${this.#onPicked}>
        </div>
        ${this.items.length ? html`<ul part="files" class="files" role="list">${this.items.map((item, i) => this.#renderItem(item, i, t))}</ul>` : nothing}
        <div class="status" role="status" aria-live="polite">${this.summary}</div>
      </div>
    `;
  }
}

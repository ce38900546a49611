import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { Task } from '@lit/task';
import type { PorticoApi } from '../internal/api-client.ts';
import { LazyModule } from '../internal/lazy-module.ts';
import { errorMessage, isUnauthorized, type MessageKey } from '../internal/messages.ts';
import { LocalizeController } from '../internal/localize.ts';
import type { Page, PortalChecklistItem, PortalFile, PortalTask, TaskDetail } from '../internal/api-types.ts';
import { linkify } from '../internal/linkify.ts';
import { enTaskDetail, type TaskDetailTranslation } from './task-detail-strings.ts';
import { Strings } from '../translations/strings.ts';

/** The part's own strings: English with it, each other locale a module of its own, fetched when an element in that language needs it. */
const taskDetailStrings = new Strings<TaskDetailTranslation>(enTaskDetail, {
  et: () => import('./task-detail-strings.et.ts').then((module) => module.etTaskDetail),
});

export { styles } from './task-detail.styles.ts';
export { taskDetailStrings };

/** What the opened task needs from its `<client-task-list>`. */
export interface TaskDetailOptions {
  /** The API client, or `null` when nobody is signed in. */
  api(): PorticoApi | null;
  /** The id of the task open now, or `null`. */
  openId(): string | null;
  /** The task as its detail fetch answered, if that is the open one. */
  loaded(): TaskDetail | null;
  /** A fresh copy of a task, for the list to show too. */
  patch(task: PortalTask): void;
  /** A failed request's error, for the list's session handling. */
  unauthorized(err: unknown): void;
  /** Says something in the list's status region. */
  announce(status: MessageKey | null): void;
  /** The contact marked the task done and the server saved it. */
  completed(taskId: string): void;
  /** The list's own `api` and `firm`, for an upload zone outside `<client-portal>`. */
  where(): { api: string; firm: string };
  /** The list's fallback locale (the portal's), when no `lang` says otherwise. */
  locale(): string | null | undefined;
  /** A staff preview of the portal: read-only, so the write controls are disabled. */
  readOnly?(): boolean;
}

/** The shared strings and the detail's own. */
type Words = LocalizeController<TaskDetailTranslation>['t'];
/** What the detail says in its alert: a string of the shared or of its own strings. */
type DetailMessage = MessageKey<Words>;

/** `<upload-zone>`: a chunk of its own, fetched when a task first opens, so the list's first paint does not pay for it. */
const uploadZone = new LazyModule(() => import('../upload-zone/define.ts'));
/** The task's conversation (`<portico-thread>`): a chunk of its own, fetched when a task first opens. */
const threadView = new LazyModule(() => import('../internal/define-thread-view.ts'));

/** Only an https: link (a firm's download URL or folder), never a script or data address. */
const safeHref = (url: string): string | undefined => (/^https?:\/\//i.test(url) ? url : undefined);

/** The task with one checklist item set, its progress counted again. */
const withItem = (task: TaskDetail, itemId: string, done: boolean): TaskDetail => {
  const checklist = task.checklist.map((item) => (item.id === itemId ? { ...item, done } : item));
  const ticked = checklist.filter((item) => item.done).length;
  return { ...task, checklist, checklistProgress: { done: ticked, total: checklist.length } };
};

/**
 * The body of an opened task and what the contact does there: the due date,
 * the description (text and http(s) links only), ticking the checklist
 * (shown at once, saved, put back with an error if the save fails), "Mark as
 * done" and "Undo"; a task the firm completed says so and takes no change.
 * A module of its own (a chunk in the builds): `<client-task-list>` fetches
 * it when the browser is idle after the list shows, or when a task first
 * opens, and keeps the task's own fetch and heading meanwhile.
 */
export class TaskDetailController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #options: TaskDetailOptions;
  /** Tasks whose "Mark as done" or "Undo" is on its way. */
  readonly #saving = new Set<string>();
  /** Checklist items whose tick is on its way. */
  readonly #ticking = new Set<string>();
  /** The open task as the last change answered (or, while a tick is saving, as it will be). */
  current: TaskDetail | null = null;
  actionError: DetailMessage | null = null;
  readonly #localize: LocalizeController<TaskDetailTranslation>;
  /** The open task's files, newest first. */
  readonly #files: Task<readonly [PorticoApi | null, string | null], PortalFile[]>;

  constructor(host: ReactiveControllerHost & HTMLElement, options: TaskDetailOptions) {
    this.#host = host;
    this.#options = options;
    this.#localize = new LocalizeController(host, options.locale, taskDetailStrings);
    this.#files = new Task(host, {
      task: async ([api, id], { signal }) => {
        if (!api || !id) return [];
        try {
          return (await api.get<Page<PortalFile>>(`/portal/tasks/${encodeURIComponent(id)}/files`, { signal })).items;
        } catch (err) {
          options.unauthorized(err);
          throw err;
        }
      },
      args: () => [options.api(), options.openId()] as const,
    });
    // Made during a render, whose own update requests merge into it: ask for the next one, where its first fetch starts.
    queueMicrotask(() => host.requestUpdate());
  }

  /** Another task opened, or the list is back: nothing of the previous one shows. */
  reset(): void {
    this.current = null;
    this.actionError = null;
  }

  /** The open task as shown: the latest answer of a change, else the one loaded. */
  shown(): TaskDetail | null {
    const id = this.#options.openId();
    if (!id) return null;
    if (this.current?.id === id) return this.current;
    const loaded = this.#options.loaded();
    return loaded?.id === id ? loaded : null;
  }

  #set(current: TaskDetail | null, actionError: DetailMessage | null = this.actionError): void {
    this.current = current;
    this.actionError = actionError;
    this.#host.requestUpdate();
  }

  /** Ticks or unticks a checklist item: shown at once, saved, and put back if the save fails. */
  async tick(itemId: string, done: boolean): Promise<void> {
    const { api: currentApi, openId, patch, unauthorized, announce } = this.#options;
    const api = currentApi();
    const task = this.shown();
    if (!api || !task || this.#ticking.has(itemId)) return;
    const id = task.id;
    this.#ticking.add(itemId);
    this.#set(withItem(task, itemId, done), null);
    announce('saving');
    try {
      const saved = await api.request<TaskDetail>(
        'PATCH',
        `/portal/tasks/${encodeURIComponent(id)}/checklist/${encodeURIComponent(itemId)}`,
        { done },
      );
      this.#ticking.delete(itemId);
      patch(saved);
      if (openId() !== id) return;
      // While other ticks are on their way this answer lacks them; keep what is shown.
      if (this.current?.id === id && !this.#ticking.size) this.#set(saved);
      announce('saved');
    } catch (err) {
      this.#ticking.delete(itemId);
      if (api === currentApi()) unauthorized(err);
      if (this.current?.id === id) this.#set(withItem(this.current, itemId, !done));
      if (openId() !== id) return;
      announce(null);
      this.#set(this.current, isUnauthorized(err) ? 'signInToSeeTasks' : 'checklistError');
    }
  }

  /** A box changed by the contact; while its last tick is still saving, it goes back (no `live()`: 0.5 KB of directive code on the page). */
  #onBox(event: Event, itemId: string): void {
    const box = event.target as HTMLInputElement;
    if (this.#ticking.has(itemId) || !this.#options.api() || !this.shown()) box.checked = !box.checked;
    else void this.tick(itemId, box.checked);
  }

  /** "Mark as done" (`complete`) or "Undo" (`reopen`) on the open task. */
  async transition(action: 'complete' | 'reopen'): Promise<void> {
    const { api: currentApi, openId, patch, unauthorized, announce, completed } = this.#options;
    const api = currentApi();
    const id = openId();
    if (!api || !id || this.#saving.has(id)) return;
    this.#saving.add(id);
    this.actionError = null;
    announce('markingDone');
    this.#host.requestUpdate();
    try {
      const detail = await api.post<TaskDetail>(`/portal/tasks/${encodeURIComponent(id)}/${action}`);
      this.#saving.delete(id); // before the render that focuses its button: a disabled one takes no focus
      patch({ ...detail, unread: false });
      if (action === 'complete') completed(id);
      // The answer belongs to this task only: if another one is open now, the list change is all that shows.
      if (openId() !== id) return;
      this.#set(detail);
      announce(action === 'complete' ? 'markedDone' : 'taskReopened');
      await this.#host.updateComplete;
      this.#host.shadowRoot
        ?.querySelector<HTMLElement>(action === 'complete' ? '.done-note' : '[part~=mark-done]')
        ?.focus();
    } catch (err) {
      if (api === currentApi()) unauthorized(err);
      if (openId() !== id) return;
      announce(null);
      const key = errorMessage(err);
      this.actionError = isUnauthorized(err)
        ? 'signInToSeeTasks'
        : key !== 'errorGeneric'
          ? key
          : action === 'complete'
            ? 'markDoneError'
            : 'undoError';
    } finally {
      this.#saving.delete(id);
      this.#host.requestUpdate();
    }
  }

  /** A file arrived: the files again, and the task (a document request's state, the progress). */
  async #uploaded(): Promise<void> {
    const { api: currentApi, openId, patch } = this.#options;
    const api = currentApi();
    const id = openId();
    if (!api || !id) return;
    void this.#files.run();
    const detail = await api.get<TaskDetail>(`/portal/tasks/${encodeURIComponent(id)}`).catch(() => null);
    if (!detail || openId() !== id) return;
    patch({ ...detail, unread: false });
    this.#set(detail);
  }

  async #deleteFile(file: PortalFile): Promise<void> {
    const { api: currentApi, unauthorized, announce } = this.#options;
    const api = currentApi();
    if (!api) return;
    try {
      await api.delete(`/portal/files/${encodeURIComponent(file.id)}`);
      announce('fileDeleted');
      await this.#uploaded();
    } catch (err) {
      unauthorized(err);
      const code = (err as { code?: string }).code;
      this.#set(this.current, code === 'delete_window_passed' || code === 'not_your_file' ? 'deleteWindowPassed' : 'deleteFailed');
      void this.#files.run();
    }
  }

  /** "Done uploading": tells the firm all documents are in. */
  async #doneUploading(): Promise<void> {
    const { api: currentApi, openId, unauthorized, announce } = this.#options;
    const api = currentApi();
    const id = openId();
    if (!api || !id) return;
    try {
      const detail = await api.post<TaskDetail>(`/portal/tasks/${encodeURIComponent(id)}/uploads-done`);
      if (openId() !== id) return;
      this.#set(detail, null);
      announce('saved');
    } catch (err) {
      unauthorized(err);
      this.#set(this.current, isUnauthorized(err) ? 'signInToSeeTasks' : 'doneUploadingError');
    }
  }

  /** An `<upload-zone>` for the open task (its module fetched on first use). */
  #renderZone(taskId: string, label: string, itemId: string | null = null): TemplateResult {
    uploadZone.get(this.#host);
    const { api, firm } = this.#options.where();
    return html`<upload-zone api=${api} firm=${firm} task=${taskId} item=${itemId ?? nothing} label=${label}></upload-zone>`;
  }

  /** The task's conversation (its element's module fetched on first use). */
  #renderThread(taskId: string): TemplateResult {
    threadView.get(this.#host);
    const { api, firm } = this.#options.where();
    return html`<portico-thread class="thread" part="thread" api=${api} firm=${firm} kind="task" thread=${taskId}></portico-thread>`;
  }

  get #readOnly(): boolean {
    return this.#options.readOnly?.() === true;
  }

  #requestState(item: PortalChecklistItem, t: Words): string {
    const file = item.file;
    if (!file) return t.requestNotSent;
    if (file.review.state === 'accepted') return t.requestAccepted(file.name);
    if (file.review.state === 'rejected') return t.requestRejected(file.review.reason ?? '');
    return t.requestPending(file.name);
  }

  /** A checklist item that asks for a file: its state, and its own upload until the firm accepts it. */
  #renderRequest(detail: TaskDetail, item: PortalChecklistItem, t: Words): TemplateResult {
    const state = item.file?.review.state ?? 'missing';
    return html`<li class="request ${state}" part="document-request">
      <span class="item-text">${item.text}</span>
      <span class="review" part="review">${this.#requestState(item, t)}</span>
      ${detail.completedByFirm || state === 'accepted' ? nothing : this.#renderZone(detail.id, t.uploadForItem(item.text), item.id)}
    </li>`;
  }

  #renderFiles(detail: TaskDetail, t: Words): TemplateResult {
    const localize = this.#localize;
    const day = new Intl.DateTimeFormat(localize.tag, { dateStyle: 'medium' });
    const list = (files: PortalFile[]) =>
      files.length
        ? html`<ul class="files" part="files" role="list">
            ${files.map(
              (file) => html`<li>
                <a href=${safeHref(file.downloadUrl) ?? nothing} download=${file.name}>${file.name}</a>
                <span class="muted">${t.fileFacts(localize.size(file.size), day.format(file.createdAt))}</span>
                ${file.uploadedByMe && (file.deletableUntil ?? 0) > Date.now()
                  ? html`<button class="button link" part="delete-file" type="button" aria-label=${t.deleteFileNamed(file.name)} @click=${() => this.#deleteFile(file)}>
                      ${t.deleteFile}
                    </button>`
                  : nothing}
              </li>`,
            )}
          </ul>`
        : html`<p class="muted">${t.noFiles}</p>`;
    return html`<h3>${t.filesHeading}</h3>
      ${this.#files.render({
        initial: () => html`<p class="muted">${t.loading}</p>`,
        pending: () => (this.#files.value ? list(this.#files.value) : html`<p class="muted">${t.loading}</p>`),
        complete: list,
        error: () => html`<div class="alert" part="error" role="alert">${t.filesError}</div>
          <button class="button secondary" type="button" @click=${() => this.#files.run()}>${t.retry}</button>`,
      })}
      ${detail.completedByFirm ? nothing : this.#renderZone(detail.id, t.uploadForTask)}`;
  }

  #renderDoneUploading(detail: TaskDetail, t: Words, tag: string): TemplateResult | typeof nothing {
    const done = detail.doneUploading;
    if (!done?.offered || detail.completedByFirm) return nothing;
    if (done.at !== null) return html`<p class="done-note">${t.doneUploadingAt(new Intl.DateTimeFormat(tag, { dateStyle: 'medium' }).format(done.at))}</p>`;
    return html`<p class="muted" id="done-uploading-hint">${t.doneUploadingHint}</p>
      <button class="button secondary" part="done-uploading" type="button" ?disabled=${this.#readOnly} aria-describedby="done-uploading-hint" @click=${() => this.#doneUploading()}>
        ${t.doneUploading}
      </button>`;
  }

  #renderChecklist(detail: TaskDetail, t: Words): TemplateResult {
    return html`<h3>${t.checklistHeading}</h3>
      <ul class="checklist" part="checklist" role="list">
        ${detail.checklist.map((item) =>
          item.requestsFile === true
            ? this.#renderRequest(detail, item, t)
            : html`<li class=${item.done ? 'checked' : ''}>
            <input
              type="checkbox"
              id="chk-${item.id}"
              .checked=${item.done}
              ?disabled=${detail.completedByFirm || this.#readOnly}
              @change=${(e: Event) => this.#onBox(e, item.id)}
            />
            <label for="chk-${item.id}">${item.text}</label>
          </li>`,
        )}
      </ul>`;
  }

  #renderActions(detail: TaskDetail, t: Words): TemplateResult {
    const saving = this.#saving.has(detail.id);
    if (detail.completedByFirm) return html`<p class="done-note" tabindex="-1">${t.completedByFirm}</p>`;
    if (detail.state === 'done') {
      return html`<p class="done-note" tabindex="-1">${t.taskIsDone}</p>
        <button class="button secondary" part="undo" type="button" ?disabled=${saving || this.#readOnly} @click=${() => this.transition('reopen')}>
          ${saving ? t.markingDone : t.undo}
        </button>`;
    }
    return html`<button class="button" part="mark-done" type="button" ?disabled=${saving || this.#readOnly} @click=${() => this.transition('complete')}>
      ${saving ? t.markingDone : t.markDone}
    </button>`;
  }

  render(detail: TaskDetail, renderDue: (task: PortalTask, long: boolean) => TemplateResult): TemplateResult {
    const t = this.#localize.t;
    return html`<div class="detail-body" lang=${this.#localize.tag} @portico-upload-complete=${() => this.#uploaded()}>
      <dl class="facts">
        <dt>${t.dueDateLabel}</dt>
        <dd>${renderDue(detail, true)}</dd>
      </dl>
      <p class="description" part="description">${detail.description ? linkify(detail.description) : t.noDescription}</p>
      ${detail.checklist.length ? this.#renderChecklist(detail, t) : nothing}
      ${this.#renderFiles(detail, t)}
      ${this.#renderDoneUploading(detail, t, this.#localize.tag)}
      ${this.#renderActions(detail, t)}
      ${this.actionError ? html`<div class="alert" part="error" role="alert">${t[this.actionError]}</div>` : nothing}
      ${this.#renderThread(detail.id)}
    </div>`;
  }
}

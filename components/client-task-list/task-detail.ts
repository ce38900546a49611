import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { PorticoApi } from '../internal/api-client.ts';
import { errorMessage, isUnauthorized, type MessageKey } from '../internal/messages.ts';
import type { Translation } from '../translations/index.ts';
import type { PortalTask, TaskDetail } from '../internal/api-types.ts';
import { linkify } from './task-description.ts';

export { styles } from './task-detail.styles.ts';

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
}

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
  actionError: MessageKey | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement, options: TaskDetailOptions) {
    this.#host = host;
    this.#options = options;
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

  #set(current: TaskDetail | null, actionError: MessageKey | null = this.actionError): void {
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

  #renderChecklist(detail: TaskDetail, t: Translation): TemplateResult {
    return html`<h3>${t.checklistHeading}</h3>
      <ul class="checklist" part="checklist" role="list">
        ${detail.checklist.map(
          (item) => html`<li class=${item.done ? 'checked' : ''}>
            <input
              type="checkbox"
              id="chk-${item.id}"
              .checked=${item.done}
              ?disabled=${detail.completedByFirm}
              @change=${(e: Event) => this.#onBox(e, item.id)}
            />
            <label for="chk-${item.id}">${item.text}</label>
          </li>`,
        )}
      </ul>`;
  }

  #renderActions(detail: TaskDetail, t: Translation): TemplateResult {
    const saving = this.#saving.has(detail.id);
    if (detail.completedByFirm) return html`<p class="done-note" tabindex="-1">${t.completedByFirm}</p>`;
    if (detail.state === 'done') {
      return html`<p class="done-note" tabindex="-1">${t.taskIsDone}</p>
        <button class="button secondary" part="undo" type="button" ?disabled=${saving} @click=${() => this.transition('reopen')}>
          ${saving ? t.markingDone : t.undo}
        </button>`;
    }
    return html`<button class="button" part="mark-done" type="button" ?disabled=${saving} @click=${() => this.transition('complete')}>
      ${saving ? t.markingDone : t.markDone}
    </button>`;
  }

  render(
    detail: TaskDetail,
    t: Translation,
    renderDue: (task: PortalTask, long: boolean) => TemplateResult,
  ): TemplateResult {
    return html`
      <dl class="facts">
        <dt>${t.dueDateLabel}</dt>
        <dd>${renderDue(detail, true)}</dd>
      </dl>
      <p class="description" part="description">${detail.description ? linkify(detail.description) : t.noDescription}</p>
      ${detail.checklist.length ? this.#renderChecklist(detail, t) : nothing}
      ${this.#renderActions(detail, t)}
      ${this.actionError ? html`<div class="alert" part="error" role="alert">${t[this.actionError]}</div>` : nothing}
    `;
  }
}

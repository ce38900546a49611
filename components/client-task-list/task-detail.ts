import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { PorticoApi } from '../internal/api-client.ts';
import type { TaskDetail, TaskSummary } from '../internal/api-types.ts';
import { errorMessage, isUnauthorized, type MessageKey } from '../internal/messages.ts';
import type { Translation } from '../translations/index.ts';

export { styles } from './task-detail.styles.ts';

/** What the opened task needs from its `<client-task-list>`. */
export interface TaskDetailOptions {
  /** The API client, or `null` when nobody is signed in. */
  api(): PorticoApi | null;
  /** The id of the task open now, or `null`. */
  openId(): string | null;
  /** A fresh copy of a task, for the list to show too. */
  patch(task: TaskSummary): void;
  /** A failed request's error, for the list's session handling. */
  unauthorized(err: unknown): void;
  /** Says something in the list's status region. */
  announce(status: MessageKey | null): void;
}

/**
 * The body of an opened task and what it does: due date, description,
 * checklist, "Mark as done". A module of its own (a chunk in the builds):
 * `<client-task-list>` fetches it when the browser is idle after the list
 * shows, or when a task first opens, and keeps the task's own fetch and
 * heading meanwhile.
 */
export class TaskDetailController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #options: TaskDetailOptions;
  /** Tasks whose "Mark as done" is on its way. */
  readonly #completing = new Set<string>();
  /** The answer to "Mark as done", shown instead of the fetched detail. */
  completed: TaskDetail | null = null;
  actionError: MessageKey | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement, options: TaskDetailOptions) {
    this.#host = host;
    this.#options = options;
  }

  /** Another task opened, or the list is back: nothing of the previous one shows. */
  reset(): void {
    this.completed = null;
    this.actionError = null;
  }

  async markDone(): Promise<void> {
    const { api: currentApi, openId, patch, unauthorized, announce } = this.#options;
    const api = currentApi();
    const id = openId();
    if (!api || !id || this.#completing.has(id)) return;
    this.#completing.add(id);
    this.actionError = null;
    announce('markingDone');
    this.#host.requestUpdate();
    try {
      const detail = await api.post<TaskDetail>(`/portal/tasks/${encodeURIComponent(id)}/complete`);
      patch({ ...detail, unread: false });
      // The answer belongs to this task only: if another one is open now, the list change is all that shows.
      if (openId() !== id) return;
      this.completed = detail;
      announce('markedDone');
      await this.#host.updateComplete;
      this.#host.shadowRoot?.querySelector<HTMLElement>('.done-note')?.focus();
    } catch (err) {
      if (api === currentApi()) unauthorized(err);
      if (openId() !== id) return;
      announce(null);
      const key = errorMessage(err);
      this.actionError = isUnauthorized(err) ? 'signInToSeeTasks' : key === 'errorGeneric' ? 'markDoneError' : key;
    } finally {
      this.#completing.delete(id);
      this.#host.requestUpdate();
    }
  }

  render(detail: TaskDetail, t: Translation, renderDue: (task: TaskSummary, long: boolean) => TemplateResult): TemplateResult {
    const completing = this.#completing.has(detail.id);
    return html`
      <dl class="facts">
        <dt>${t.dueDateLabel}</dt>
        <dd>${renderDue(detail, true)}</dd>
      </dl>
      <p class="description">${detail.description || t.noDescription}</p>
      ${detail.checklistItems.length
        ? html`<h3>${t.checklistHeading}</h3>
            <ul class="checklist" part="checklist" role="list">
              ${detail.checklistItems.map(
                (item) => html`<li class=${item.done ? 'checked' : ''}>
                  <span class="box" aria-hidden="true">${item.done ? '✓' : ''}</span>
                  <span>${item.text}<span class="sr-only"> (${item.done ? t.checklistItemDone : t.checklistItemOpen})</span></span>
                </li>`,
              )}
            </ul>`
        : nothing}
      ${detail.state === 'done'
        ? html`<p class="done-note" tabindex="-1">${t.taskIsDone}</p>`
        : html`<button class="button" part="mark-done" type="button" ?disabled=${completing} @click=${() => this.markDone()}>
            ${completing ? t.markingDone : t.markDone}
          </button>`}
      ${this.actionError ? html`<div class="alert" part="error" role="alert">${t[this.actionError]}</div>` : nothing}
    `;
  }
}

import { html, nothing, type TemplateResult } from 'lit';
import type { TaskDetail, TaskSummary } from '../internal/api-types.ts';
import type { MessageKey } from '../internal/messages.ts';
import type { Translation } from '../translations/index.ts';

export { styles } from './task-detail.styles.ts';

/** What the body of an opened task shows and does; `<client-task-list>` keeps the state. */
export interface TaskDetailView {
  detail: TaskDetail;
  t: Translation;
  /** "Mark as done" is on its way. */
  completing: boolean;
  actionError: MessageKey | null;
  renderDue(task: TaskSummary, long: boolean): TemplateResult;
  markDone(): void;
}

/**
 * The body of an opened task: due date, description, checklist, "Mark as
 * done". A module of its own (a chunk in the builds): the list fetches it
 * when a task first opens, or when the browser is idle after the list shows.
 */
export const renderTaskDetail = ({ detail, t, completing, actionError, renderDue, markDone }: TaskDetailView): TemplateResult => html`
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
    : html`<button class="button" part="mark-done" type="button" ?disabled=${completing} @click=${markDone}>
        ${completing ? t.markingDone : t.markDone}
      </button>`}
  ${actionError ? html`<div class="alert" part="error" role="alert">${t[actionError]}</div>` : nothing}
`;

import { html, nothing, type TemplateResult } from 'lit';
import type { FirmTask, FirmTaskAction, FirmTaskStatus } from '../internal/api-types.ts';
import type { ConsoleStrings } from './console-strings.ts';

const statusKey = {
  draft: 'statusDraft',
  assigned: 'statusAssigned',
  withdrawn: 'statusWithdrawn',
  completed: 'statusCompleted',
} as const satisfies Record<FirmTaskStatus, keyof ConsoleStrings>;

export const actionKey = {
  assign: 'actionAssign',
  withdraw: 'actionWithdraw',
  complete: 'actionComplete',
  reopen: 'actionReopen',
} as const satisfies Record<FirmTaskAction, keyof ConsoleStrings>;

/** What is announced once an action went through. */
export const actionDoneKey = {
  assign: 'assigned',
  withdraw: 'withdrawn',
  complete: 'completed',
  reopen: 'reopened',
} as const satisfies Record<FirmTaskAction, keyof ConsoleStrings>;

export interface TaskViewOptions {
  t: ConsoleStrings;
  /** Formats a `YYYY-MM-DD` calendar date. */
  date: (iso: string) => string;
  /** The task's change is on its way: its buttons are disabled. */
  busy: boolean;
  act: (task: FirmTask, action: FirmTaskAction) => void;
  /** Opens the task's detail (fields, history, edit, delete). */
  open: (task: FirmTask) => void;
}

/**
 * One task as staff see it: title, status, due date (overdue by the firm's
 * calendar day, as the server says), checklist, and a button for each
 * transition the server says the caller may take now, and one to open its detail.
 */
export const renderTask = (task: FirmTask, { t, date, busy, act, open }: TaskViewOptions): TemplateResult => {
  const overdue = task.overdue;
  const done = task.checklistItems.filter((i) => i.done).length;
  return html`
    <li data-task-id=${task.id}>
      <div class="task-head">
        <h3>${task.title}</h3>
        <span class="badge ${task.status}">${t[statusKey[task.status]]}</span>
        ${task.clientState === 'done' && task.status !== 'completed'
          ? html`<span class="badge completed">${t.clientDone}</span>`
          : nothing}
        <button type="button" class="link" @click=${() => open(task)}>${t.details}<span class="sr-only">: ${task.title}</span></button>
      </div>
      <p class="task-meta">
        ${task.dueDate
          ? html`<span class=${overdue ? 'overdue' : ''}>${t.dueOn(date(task.dueDate))}${overdue
              ? html` (${t.overdueNote})`
              : nothing}</span>`
          : t.noDueDate}
        ${task.checklistItems.length > 0 ? html` · ${t.checklistCount(done, task.checklistItems.length)}` : nothing}
      </p>
      ${task.description ? html`<p class="task-desc">${task.description}</p>` : nothing}
      ${task.checklistItems.length > 0
        ? html`<ul class="checklist">
            ${task.checklistItems.map(
              (item) =>
                html`<li class=${item.done ? 'done' : ''}>
                  ${item.text}${item.done ? html`<span class="sr-only"> (${t.checklistItemDone})</span>` : nothing}
                </li>`,
            )}
          </ul>`
        : nothing}
      <div class="row actions">
        ${task.actions.map(
          (action) => html`
            <button type="button" class="button secondary" ?disabled=${busy} @click=${() => act(task, action)}>
              ${t[actionKey[action]]}<span class="sr-only">: ${task.title}</span>
            </button>
          `,
        )}
      </div>
    </li>
  `;
};

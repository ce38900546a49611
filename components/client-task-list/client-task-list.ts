import { html, nothing, type TemplateResult } from 'lit';
import { Task } from '@lit/task';
import type { TaskDetail, TaskListResponse, TaskSummary } from '../internal/api-types.ts';
import { LazyModule } from '../internal/lazy-module.ts';
import { LocalizeController } from '../internal/localize.ts';
import { errorMessage, isUnauthorized, type MessageKey } from '../internal/messages.ts';
import { PortalConnection } from '../internal/portal-connection.ts';
import { PorticoElement } from '../internal/portico-element.ts';
import { baseStyles } from '../themes/default.ts';
import { styles } from './client-task-list.styles.ts';
import type { TaskDetailController } from './task-detail.ts';

/** The opened task's body and styles: a chunk of its own, fetched on first open or when idle after the list shows. */
const taskDetail = new LazyModule(() => import('./task-detail.ts'));

/** When the browser has nothing else to do (Safari has no `requestIdleCallback`: a moment later). */
const whenIdle = (fn: () => void): void => void (globalThis.requestIdleCallback ?? setTimeout)(fn);

/**
 * The tasks a firm has given the signed-in contact: unread ones in bold,
 * overdue due dates in red. Opening a task shows its description and
 * checklist, marks it read, and lets the contact mark it done.
 *
 * Inside `<client-portal>` it takes the API, session, company and language
 * from the portal. On its own, give it `api` and `firm`: it then uses the
 * session stored by a portal for that server and firm, or asks the person to
 * sign in. It also works on its own inside a `<client-portal>` that is still
 * not defined after the list's first render, until the portal is.
 *
 * While its tasks load it keeps about three tasks' room
 * (`--client-task-list-min-height`), so the page below does not move when
 * they arrive. A host page can keep that room before the element is defined:
 * `client-task-list:not(:defined) { display: block; min-height: 18rem; }`.
 *
 * @summary The contact's task list with task detail and "Mark as done".
 *
 * @attribute lang - Language (`en`, `et`). Default: the nearest ancestor's `lang`, else the portal's locale, else English.
 *
 * @csspart base - The wrapper of everything.
 * @csspart heading - The list or detail heading.
 * @csspart list - The `<ul>` of tasks.
 * @csspart task - A task's button in the list; also `task-unread` when unread, `task-overdue` when overdue.
 * @csspart badge - The "New" marker on unread tasks.
 * @csspart due - The due date of a task.
 * @csspart detail - The opened task.
 * @csspart checklist - The checklist of the opened task.
 * @csspart back - The "Back to tasks" button.
 * @csspart mark-done - The "Mark as done" button.
 * @csspart error - Error alerts.
 *
 * @cssprop --portico-color-danger - Overdue dates and errors. Default #b42318.
 * @cssprop --portico-color-primary - Buttons and the unread marker. Default #1f4fbf.
 * @cssprop --portico-color-text - Text. Default #1b2430.
 * @cssprop --portico-color-muted - Secondary text. Default #4f5b69.
 * @cssprop --portico-color-border - Borders. Default #c5ccd6.
 * @cssprop --portico-color-surface - Background. Default #ffffff.
 * @cssprop --portico-radius - Corner radius. Default 8px.
 * @cssprop --portico-font-family - Font. Default the system font.
 * @cssprop --portico-spacing - Base spacing unit. Default 1rem.
 * @cssprop --client-task-list-min-height - Room kept for the list, also while it loads (match it in a `client-task-list:not(:defined)` rule). Default 18rem.
 * @cssprop --client-task-list-unread-weight - Font weight of unread task titles. Default 700.
 */
export class ClientTaskList extends PorticoElement {
  /** Declared here, not by decorators: the same reactive properties without the decorator helpers (0.4 KB gzip on every page). */
  static override properties = {
    openId: { state: true },
    status: { state: true },
    count: { state: true },
    api: {},
    firm: {},
    clientId: { attribute: 'client-id' },
  };
  static override styles = [PorticoElement.hostStyles, baseStyles, styles];

  /** Declared before the tasks: it reads the stored session before their arguments are taken. */
  readonly #portal = new PortalConnection(this);
  readonly #localize = new LocalizeController(this, () => this.#portal.locale);

  /** The opened task's controller, once its module is here. */
  #detail: TaskDetailController | null = null;
  /** Its styles are adopted once its module is here. */
  #detailStyled = false;
  /** Its module is asked for when idle, once. */
  #prefetching = false;

  readonly #listTask = new Task(this, {
    task: async ([api, clientId], { signal }) => {
      this.count = null;
      if (!api) return null;
      const query = clientId ? `?clientId=${encodeURIComponent(clientId)}` : '';
      try {
        const res = await api.get<TaskListResponse>(`/portal/tasks${query}`, { signal });
        this.count = res.items.length;
        return res.items;
      } catch (err) {
        this.#portal.unauthorized(err);
        throw err;
      }
    },
    args: () => [this.#portal.api, this.#portal.clientId] as const,
  });

  readonly #detailTask = new Task(this, {
    task: async ([api, id], { signal }) => {
      if (!api || !id) return null;
      try {
        const detail = await api.get<TaskDetail>(`/portal/tasks/${encodeURIComponent(id)}`, { signal });
        // Opening a task marks it read on the server; show that in the list too.
        this.#patch({ ...detail, unread: false });
        return detail;
      } catch (err) {
        this.#portal.unauthorized(err);
        throw err;
      }
    },
    args: () => [this.#portal.api, this.openId] as const,
  });

  private openId: string | null = null;
  private status: MessageKey | null = null;
  /** Number of tasks just loaded, announced in the status region. */
  private count: number | null = null;

  /** Origin of the Portico server when used outside `<client-portal>`; empty for the page's own origin. */
  api = '';

  /** The firm's slug when used outside `<client-portal>`. */
  firm = '';

  /** Company (`cli_…`) whose tasks to show when used outside `<client-portal>`; default: the portal's last choice, else all. */
  clientId: string | null = null;

  protected override willUpdate(): void {
    // The company (or session) changed under an open task: go back to the new list. Focus follows
    // only if it was in the closing detail (not, say, on the portal's company select).
    const items = this.#listTask.value;
    if (this.openId && items && !items.some((t) => t.id === this.openId)) {
      this.openId = null;
      if (this.shadowRoot?.activeElement) void this.focusHeading();
    }
  }

  protected override updated(): void {
    const detail = taskDetail.loaded;
    if (detail && !this.#detailStyled && this.shadowRoot) {
      this.#detailStyled = true;
      const sheet = detail.styles.styleSheet;
      if (sheet) this.shadowRoot.adoptedStyleSheets = [...this.shadowRoot.adoptedStyleSheets, sheet];
    }
    // Tasks are listed: fetch the detail's module while nothing else happens, so opening one does not wait for it.
    if (!detail && !this.#prefetching && this.#listTask.value?.length) {
      this.#prefetching = true;
      whenIdle(() => void taskDetail.load().catch(() => undefined));
    }
  }

  /** Copies fresh fields of a task into the list, so the list shows what the detail knows. */
  #patch(task: TaskSummary): void {
    const item = this.#listTask.value?.find((t) => t.id === task.id);
    if (!item) return;
    Object.assign(item, {
      title: task.title,
      dueDate: task.dueDate,
      state: task.state,
      unread: task.unread,
      overdue: task.overdue,
      checklist: task.checklist,
    });
    this.requestUpdate();
  }

  #open(id: string): Promise<void> {
    // Fetched already, as a rule (when idle after the list showed); else now, again after a failure.
    if (!taskDetail.loaded) void taskDetail.load().catch(() => undefined);
    this.openId = id;
    this.#detail?.reset();
    this.status = null;
    this.count = null;
    return this.focusHeading();
  }

  async #back(): Promise<void> {
    const id = this.openId;
    this.openId = null;
    this.#detail?.reset();
    this.status = null;
    await this.updateComplete;
    const item = [...this.renderRoot.querySelectorAll<HTMLElement>('[data-task-id]')].find(
      (el) => el.dataset['taskId'] === id,
    );
    (item ?? this.renderRoot.querySelector<HTMLElement>('[data-heading]'))?.focus();
  }

  /** Fetches the task list again. */
  refresh(): Promise<void> {
    return this.#listTask.run();
  }

  /** The due date; in the detail (`long`) it sits under a "Due date" label, so without the "Due" prefix. */
  #renderDue(task: TaskSummary, long = false): TemplateResult {
    const t = this.#localize.t;
    if (!task.dueDate) return html`<span class="due muted" part="due">${t.noDueDate}</span>`;
    const overdue = task.overdue && task.state !== 'done';
    const date = this.#localize.date(task.dueDate, long ? 'long' : 'medium');
    return html`<span class="due ${overdue ? 'overdue' : ''}" part="due"
      >${overdue ? html`<span class="flag">${t.overdue}</span> ` : nothing}${long ? date : t.dueOn(date)}</span
    >`;
  }

  #renderItem(task: TaskSummary): TemplateResult {
    const t = this.#localize.t;
    const parts = ['task', task.unread ? 'task-unread' : '', task.overdue && task.state !== 'done' ? 'task-overdue' : '']
      .filter(Boolean)
      .join(' ');
    return html`<li>
      <button
        type="button"
        class="task ${task.unread ? 'unread' : ''} ${task.state === 'done' ? 'done' : ''}"
        part=${parts}
        data-task-id=${task.id}
        @click=${() => this.#open(task.id)}
      >
        <span class="title"
          >${task.unread ? html`<span class="badge" part="badge">${t.unread}</span> ` : nothing}${task.title}</span
        >
        <span class="meta">
          ${this.#renderDue(task)}
          ${task.checklist.total
            ? html`<span>${t.checklistProgress(task.checklist.done, task.checklist.total)}</span>`
            : nothing}
          ${task.state === 'done' ? html`<span class="state-done">${t.taskDone}</span>` : nothing}
        </span>
      </button>
    </li>`;
  }

  #renderError(message: MessageKey, retry: () => unknown): TemplateResult {
    const t = this.#localize.t;
    return html`<div class="alert" part="error" role="alert">
      <p>${t[message]}</p>
      <button class="button secondary" type="button" @click=${retry}>${t.retry}</button>
    </div>`;
  }

  #renderList(): TemplateResult {
    const t = this.#localize.t;
    const loading = (): TemplateResult => html`<p class="muted">${t.loadingTasks}</p>`;
    return html`
      <h2 part="heading" data-heading tabindex="-1">${t.tasksHeading}</h2>
      ${this.#listTask.render({
        initial: loading,
        pending: loading,
        complete: (items) =>
          items === null
            ? html`<p>${t.signInToSeeTasks}</p>`
            : items.length === 0
              ? html`<p class="muted">${t.noTasks}</p>`
              : html`<ul part="list" class="list" role="list">
                  ${items.map((task) => this.#renderItem(task))}
                </ul>`,
        error: (err) =>
          isUnauthorized(err)
            ? html`<p>${t.signInToSeeTasks}</p>`
            : this.#renderError(errorMessage(err) === 'errorGeneric' ? 'tasksError' : errorMessage(err), () =>
                this.#listTask.run(),
              ),
      })}
    `;
  }

  /** The opened task's controller: made when its module is here, else `null` (and the module on its way). */
  #detailController(): TaskDetailController | null {
    const module = taskDetail.get(this);
    if (module && !this.#detail) {
      this.#detail = new module.TaskDetailController(this, {
        api: () => this.#portal.api,
        openId: () => this.openId,
        patch: (task) => this.#patch(task),
        unauthorized: (err) => this.#portal.unauthorized(err),
        announce: (status) => (this.status = status),
      });
    }
    return this.#detail;
  }

  /** The opened task's body, once its module is here (else still "Loading task…"). */
  #renderDetailBody(detail: TaskDetail, loading: () => TemplateResult): TemplateResult {
    const controller = this.#detailController();
    if (controller) return controller.render(detail, this.#localize.t, (task, long) => this.#renderDue(task, long));
    const retry = () => taskDetail.load().then(() => this.requestUpdate(), () => this.requestUpdate());
    return taskDetail.failed ? this.#renderError('taskError', retry) : loading();
  }

  #renderDetail(id: string): TemplateResult {
    const t = this.#localize.t;
    const summary = this.#listTask.value?.find((task) => task.id === id);
    const done = this.#detail?.completed;
    const completed = done?.id === id ? done : null;
    const title = completed?.title ?? this.#detailTask.value?.title ?? summary?.title ?? '';
    const loading = (): TemplateResult => html`<p class="muted">${t.loadingTask}</p>`;
    return html`
      <section part="detail" class="detail" aria-labelledby="detail-heading">
        <button class="button link back" part="back" type="button" @click=${this.#back}>
          <span aria-hidden="true">←</span> ${t.backToTasks}
        </button>
        <h2 id="detail-heading" part="heading" data-heading tabindex="-1">${title}</h2>
        ${completed
          ? this.#renderDetailBody(completed, loading)
          : this.#detailTask.render({
              initial: loading,
              pending: loading,
              complete: (detail) => (detail ? this.#renderDetailBody(detail, loading) : nothing),
              error: () => this.#renderError('taskError', () => this.#detailTask.run()),
            })}
      </section>
    `;
  }

  override render(): TemplateResult {
    const t = this.#localize.t;
    return html`
      <div part="base" class="base" lang=${this.#localize.tag}>
        ${this.openId ? this.#renderDetail(this.openId) : this.#renderList()}
        <div class="status" role="status" aria-live="polite">${this.status
            ? t[this.status]
            : this.count === null
              ? ''
              : html`<span class="sr-only">${t.taskCount(this.count)}</span>`}</div>
      </div>
    `;
  }
}

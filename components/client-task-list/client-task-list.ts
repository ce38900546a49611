import { html, nothing, type TemplateResult } from 'lit';
import { Task, TaskStatus } from '@lit/task';
import { ApiError, type PorticoApi } from '../internal/api-client.ts';
import { LazyModule } from '../internal/lazy-module.ts';
import { LocalizeController } from '../internal/localize.ts';
import { errorMessage, isUnauthorized, type MessageKey } from '../internal/messages.ts';
import { PortalConnection } from '../internal/portal-connection.ts';
import { PorticoElement } from '../internal/portico-element.ts';
import { baseStyles } from '../themes/default.ts';
import { styles } from './client-task-list.styles.ts';
import type {
  Page,
  PortalTask,
  TaskDetail,
  PortalTemplate,
  PortalWork,
  SelfServiceStarted,
  ClientTaskState,
} from '../internal/api-types.ts';
import { renderSelfService } from './self-service.ts';
import type { TaskDetailController } from './task-detail.ts';
import type { ThreadReadDetail } from '../internal/thread-view.ts';
import { groupTasks, type TaskSection } from './task-groups.ts';
import { renderWorkList } from './work-list.ts';
import type { ClientPortal } from '../client-portal/client-portal.ts';
import { taskLink } from './task-link.ts';
import { taskLinkStrings } from './task-link-strings.ts';

/** Detail of `portico-task-open` and `portico-task-complete`. */
export interface TaskEventDetail {
  taskId: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'portico-task-open': CustomEvent<TaskEventDetail>;
    'portico-task-complete': CustomEvent<TaskEventDetail>;
  }
}

/** The opened task's body and styles: a chunk of its own, fetched on first open or when idle after the list shows. */
const taskDetail = new LazyModule(() => import('./task-detail.ts'));

/** When the browser has nothing else to do (Safari has no `requestIdleCallback`: a moment later). */
const whenIdle = (fn: () => void): void => void (globalThis.requestIdleCallback ?? setTimeout)(fn);

const TABS: readonly ClientTaskState[] = ['open', 'done'];

/** A task the contact may not see answers 404, as one that does not exist. */
const isMissing = (err: unknown): boolean => err instanceof ApiError && err.status === 404;

/** `?a=1&b=2` of the parameters that have a value, or `''`. */
const query = (params: Record<string, string | null>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
};

/**
 * The tasks a firm has given the signed-in contact, in an "Open" and a "Done"
 * tab (arrow keys move between them), each paged with "Show more". Tasks of a
 * work sit under the work's title and section headings; unread ones are in
 * bold with a "New" marker, overdue due dates red and labelled "Overdue".
 *
 * A link from a task email (the portal page with `#task=<id>` in its
 * address) opens that task, with focus on its heading, and the fragment is
 * taken out of the address (no reload, no history entry). When the visitor
 * must sign in first, the wanted task is kept (for an hour, beside the
 * session, so also when the sign-in link opens in another tab) and opens
 * once they are signed in; inside `<client-portal>` the company switches to
 * the task's. A task the contact may not see says so in place of the detail.
 *
 * Opening a task shows its description (plain text: addresses become links,
 * nothing is ever read as HTML), its checklist, which the contact ticks (saved
 * at once; undone with an error message if the save fails), its due date,
 * "Mark as done" and "Undo". A task the firm has completed says so and can no
 * longer be changed. Below, the task's conversation with the firm: messages
 * oldest first, replies quoting what they answer, a composer with attachments;
 * opening it clears the task's "new messages" count.
 *
 * Below the tabs, when the firm shows it, "Work in progress" lists the
 * company's open work with its status; and the firm's self-service templates
 * are "Start" buttons ("I have a new employee") that create their tasks at
 * once. Inside `<client-portal>` the work list follows the firm's
 * `showWorkList` setting; alone, the element shows whatever the server
 * answers (nothing when the setting is off).
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
 * @summary The contact's open and done tasks, task detail with checklist, work in progress and self-service.
 *
 * @attribute lang - Language (`en`, `et`). Default: the nearest ancestor's `lang`, else the portal's locale, else English.
 *
 * @fires portico-task-open - The contact opened a task, also by following a task email's link. `detail: { taskId }`.
 * @fires portico-task-complete - The contact marked a task as done (after the server saved it). `detail: { taskId }`.
 * @fires portico-upload-start - From the task's upload zones (see `<upload-zone>`); also `portico-upload-progress`, `portico-upload-complete`, `portico-upload-error`.
 *
 * @csspart base - The wrapper of everything.
 * @csspart heading - The list or detail heading.
 * @csspart tabs - The tab list ("Open", "Done").
 * @csspart tab - A tab; also `tab-selected` on the selected one.
 * @csspart group-heading - A work's title or a section heading above its tasks.
 * @csspart list - A `<ul>` of tasks.
 * @csspart task - A task's button in the list; also `task-unread` when unread, `task-overdue` when overdue.
 * @csspart badge - The "New" marker on unread tasks.
 * @csspart message-badge - A task's count of unread messages ("2 new messages"); it clears once the conversation is opened.
 * @csspart due - The due date of a task.
 * @csspart show-more - The "Show more" button.
 * @csspart detail - The opened task.
 * @csspart description - The opened task's description.
 * @csspart checklist - The checklist of the opened task.
 * @csspart back - The "Back to tasks" button.
 * @csspart mark-done - The "Mark as done" button.
 * @csspart undo - The "Undo" button of a task the contact marked done.
 * @csspart files - The list of the opened task's files.
 * @csspart delete-file - A file's "Delete" button (the contact's own upload, in its first 30 minutes).
 * @csspart document-request - A checklist item that asks for a file.
 * @csspart review - A document request's state.
 * @csspart done-uploading - The "Done uploading" button.
 * @csspart thread - The opened task's conversation (messages, replies, the composer).
 * @csspart work-list - The "Work in progress" section.
 * @csspart work - A work in that section.
 * @csspart work-status - A work's status.
 * @csspart self-service - The section of self-service templates.
 * @csspart start - A template's "Start" button.
 * @csspart error - Error alerts.
 *
 * @cssprop --portico-color-danger - Overdue dates and errors. Default #b42318.
 * @cssprop --portico-color-primary - Buttons, the selected tab, ticks and the unread marker. Default #1f4fbf.
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
  /** Declared here, not by decorators: the same reactive properties without the decorator helpers. */
  static override properties = {
    tab: { state: true },
    openId: { state: true },
    status: { state: true },
    count: { state: true },
    loadingMore: { state: true },
    moreError: { state: true },
    starting: { state: true },
    startError: { state: true },
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
  /** The task a task email's link asks for, until someone is signed in to open it. */
  #wanted: string | null = null;
  /** The wanted task as last written to storage (written once, not on every render). */
  #kept: string | null = null;
  /** The API client (so the session) a task kept for a sign-in was last looked for with. */
  #wantedCheckedFor: PorticoApi | null = null;
  /**
   * The task opened from a link, and the company it is shown under: it stays
   * open although the tab or company listed does not hold it (a done task, say),
   * until the company changes.
   */
  #linked: { id: string; clientId: string | null } | null = null;

  /** The first page of the selected tab; "Show more" appends the next pages to it. */
  readonly #listTask = new Task(this, {
    task: async ([api, clientId, tab], { signal }): Promise<Page<PortalTask> | null> => {
      this.count = null;
      this.moreError = false;
      this.loadingMore = false; // a "Show more" of the page this one replaces no longer counts
      if (!api) return null;
      try {
        const page = await api.get<Page<PortalTask>>(`/portal/tasks${query({ clientId, state: tab })}`, { signal });
        this.count = page.items.length;
        return { items: page.items, nextCursor: page.nextCursor ?? null };
      } catch (err) {
        this.#portal.unauthorized(err);
        throw err;
      }
    },
    args: () => [this.#portal.api, this.#portal.clientId, this.tab] as const,
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

  readonly #workTask = new Task(this, {
    task: async ([api, clientId, shown], { signal }) => {
      if (!api || !shown) return [];
      const page = await api.get<Page<PortalWork>>(`/portal/work${query({ clientId })}`, { signal });
      return page.items;
    },
    args: () => [this.#portal.api, this.#portal.clientId, this.#showWorkList] as const,
  });

  readonly #templatesTask = new Task(this, {
    task: async ([api, clientId], { signal }) => {
      if (!api) return [];
      const page = await api.get<Page<PortalTemplate>>(`/portal/templates${query({ clientId })}`, { signal });
      return page.items;
    },
    args: () => [this.#portal.api, this.#portal.clientId] as const,
  });

  private tab: ClientTaskState = 'open';
  private openId: string | null = null;
  private status: MessageKey | null = null;
  /** Number of tasks loaded in the tab, announced in the status region. */
  private count: number | null = null;
  private loadingMore = false;
  private moreError = false;
  /** The template being started. */
  private starting: string | null = null;
  private startError: MessageKey | null = null;

  /** Origin of the Portico server when used outside `<client-portal>`; empty for the page's own origin. */
  api = '';

  /** The firm's slug when used outside `<client-portal>`. */
  firm = '';

  /** Company (`cli_…`) whose tasks to show when used outside `<client-portal>`; default: the portal's last choice, else all. */
  clientId: string | null = null;

  /** Inside a portal, the firm's setting; alone, ask (the server answers nothing when it is off). */
  get #showWorkList(): boolean {
    const ctx = this.#portal.context;
    return ctx ? ctx.firmInfo?.showWorkList === true : true;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('portico-task-open', this.#onOpenElsewhere);
    window.addEventListener('hashchange', this.#readTaskLink);
    this.#readTaskLink();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('portico-task-open', this.#onOpenElsewhere);
    window.removeEventListener('hashchange', this.#readTaskLink);
  }

  /** A `#task=<id>` in the address (on load, or a link opened in this tab): taken out of it, opened once signed in. */
  readonly #readTaskLink = (): void => {
    const id = taskLink.takeFromAddress();
    if (!id) return;
    this.#wanted = id;
    this.requestUpdate();
  };

  /** The server and firm this list works for: the portal's, else its own. */
  get #where(): { base: string; firm: string } {
    const ctx = this.#portal.context;
    return ctx ? { base: ctx.base, firm: ctx.firm } : { base: this.api, firm: this.firm };
  }

  /**
   * Signed in: opens the task a link asked for (here, or kept from before a
   * sign-in). Not signed in yet: keeps it for the sign-in, which may happen
   * in another tab (a sign-in link opened from the mailbox).
   */
  #openWantedTask(): void {
    const api = this.#portal.api;
    const { base, firm } = this.#where;
    if (!api) {
      this.#wantedCheckedFor = null;
      if (this.#wanted && firm && this.#kept !== this.#wanted) {
        this.#kept = this.#wanted;
        taskLink.keep(base, firm, this.#wanted);
      }
      return;
    }
    if (api === this.#wantedCheckedFor && !this.#wanted) return;
    this.#wantedCheckedFor = api;
    const kept = firm ? taskLink.take(base, firm) : null;
    const id = this.#wanted ?? kept;
    this.#wanted = null;
    this.#kept = null;
    if (id) void this.#openLinked(id);
  }

  /** The `<client-portal>` this list is inside, across shadow roots. */
  #closestPortal(): ClientPortal | null {
    let node: Node | null = this;
    while (node) {
      if (node instanceof HTMLElement && node.localName === 'client-portal') return node as ClientPortal;
      node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
    }
    return null;
  }

  /** Opens a linked task by id, wherever it is (either tab, another company of the contact), then focuses its heading. */
  async #openLinked(id: string): Promise<void> {
    this.#linked = { id, clientId: this.#portal.clientId };
    void this.#open(id, false);
    await this.updateComplete;
    const detail = await this.#detailTask.taskComplete.catch(() => null);
    if (this.openId !== id) return; // the contact went elsewhere meanwhile
    const ctx = this.#portal.context;
    const portal = ctx && detail && detail.clientId !== ctx.clientId ? this.#closestPortal() : null;
    if (portal && detail && ctx?.clients.some((c) => c.id === detail.clientId)) {
      // Shown under its own company, as the contact would find it.
      this.#linked = { id, clientId: detail.clientId };
      portal.showClient(detail.clientId);
    }
    await this.focusHeading();
  }

  /** Another element asks for a task (`<request-form>`'s "Open the task" of a request that became one): show it here. */
  readonly #onOpenElsewhere = (event: CustomEvent<TaskEventDetail>): void => {
    if (event.composedPath()[0] === this) return;
    this.scrollIntoView({ block: 'start' });
    void this.openTask(event.detail.taskId);
  };

  /** Opens a task of the open tab (fetching the tab again when the task is not in it yet). */
  async openTask(taskId: string): Promise<void> {
    if (!this.#listTask.value?.items.some((t) => t.id === taskId)) {
      if (this.tab !== 'open') await this.#selectTab('open', false);
      else void this.#listTask.run();
      await this.updateComplete;
      await this.#listTask.taskComplete.catch(() => undefined);
    }
    if (this.#listTask.value?.items.some((t) => t.id === taskId)) await this.#open(taskId);
  }

  protected override willUpdate(): void {
    this.#openWantedTask();
    // The company (or session) changed under an open task: go back to the new list. Focus follows
    // only if it was in the closing detail (not, say, on the portal's company select).
    const items = this.#listTask.value?.items;
    const linked = this.#linked;
    const keptOpen = linked?.id === this.openId && linked?.clientId === this.#portal.clientId;
    if (this.openId && items && !items.some((t) => t.id === this.openId) && !keptOpen) {
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
    // Tasks are listed: fetch the detail's module (and its strings in this language) while nothing else happens,
    // so opening one does not wait for them.
    if (!detail && !this.#prefetching && this.#listTask.value?.items.length) {
      this.#prefetching = true;
      whenIdle(() => void taskDetail.load().then((module) => module.taskDetailStrings.load(this.#localize.locale)).catch(() => undefined));
    }
  }

  /** Copies fresh fields of a task into the list, so the list shows what the detail knows. */
  #patch(task: PortalTask): void {
    const item = this.#listTask.value?.items.find((t) => t.id === task.id);
    if (!item) return;
    Object.assign(item, {
      title: task.title,
      dueDate: task.dueDate,
      state: task.state,
      unread: task.unread,
      overdue: task.overdue,
      checklistProgress: task.checklistProgress,
      completedByFirm: task.completedByFirm,
    });
    this.requestUpdate();
  }

  /** The open task's conversation was read: its unread count clears in the list. */
  #onThreadRead(event: CustomEvent<ThreadReadDetail>): void {
    const item = this.#listTask.value?.items.find((t) => t.id === event.detail.threadId);
    if (event.detail.kind !== 'task' || !item?.unreadMessages) return;
    item.unreadMessages = 0;
    this.requestUpdate();
  }

  #open(id: string, focus = true): Promise<void> {
    if (this.#linked?.id !== id) this.#linked = null;
    // Fetched already, as a rule (when idle after the list showed); else now, again after a failure.
    if (!taskDetail.loaded) void taskDetail.load().catch(() => undefined);
    this.openId = id;
    this.#detail?.reset();
    this.status = null;
    this.count = null;
    this.emit('portico-task-open', { taskId: id });
    return focus ? this.focusHeading() : Promise.resolve();
  }

  async #back(): Promise<void> {
    const id = this.openId;
    this.openId = null;
    this.#linked = null;
    this.#detail?.reset();
    this.status = null;
    await this.updateComplete;
    this.#focusTask(id);
  }

  #focusTask(id: string | null | undefined): void {
    const item = [...this.renderRoot.querySelectorAll<HTMLElement>('[data-task-id]')].find(
      (el) => el.dataset['taskId'] === id,
    );
    (item ?? this.renderRoot.querySelector<HTMLElement>('[data-heading]'))?.focus();
  }

  async #selectTab(tab: ClientTaskState, focus: boolean): Promise<void> {
    this.tab = tab;
    if (!focus) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#tab-${tab}`)?.focus();
  }

  /** Arrow keys, Home and End move between the tabs and select the one they reach. */
  #onTabKey(event: KeyboardEvent): void {
    const at = TABS.indexOf(this.tab);
    const next =
      event.key === 'ArrowRight'
        ? TABS[(at + 1) % TABS.length]
        : event.key === 'ArrowLeft'
          ? TABS[(at - 1 + TABS.length) % TABS.length]
          : event.key === 'Home'
            ? TABS[0]
            : event.key === 'End'
              ? TABS[TABS.length - 1]
              : undefined;
    if (!next) return;
    event.preventDefault();
    void this.#selectTab(next, true);
  }

  async #showMore(): Promise<void> {
    const api = this.#portal.api;
    const page = this.#listTask.value;
    if (!api || !page?.nextCursor || this.loadingMore) return;
    this.loadingMore = true;
    this.moreError = false;
    const path = `/portal/tasks${query({ clientId: this.#portal.clientId, state: this.tab, cursor: page.nextCursor })}`;
    try {
      const next = await api.get<Page<PortalTask>>(path);
      if (this.#listTask.value !== page) return; // the tab or company changed meanwhile
      const firstNew = next.items[0]?.id;
      page.items.push(...next.items);
      page.nextCursor = next.nextCursor ?? null;
      this.count = page.items.length;
      this.loadingMore = false;
      // The button may be gone: carry on from the first task that arrived.
      await this.updateComplete;
      if (firstNew) this.#focusTask(firstNew);
    } catch (err) {
      this.#portal.unauthorized(err);
      if (this.#listTask.value === page) this.moreError = true;
    } finally {
      if (this.#listTask.value === page) this.loadingMore = false;
    }
  }

  /** Starts a self-service template for the company, then shows the open tasks with focus on the first new one. */
  async #start(template: PortalTemplate): Promise<void> {
    const api = this.#portal.api;
    if (!api || this.starting) return;
    this.starting = template.id;
    this.startError = null;
    this.status = 'starting';
    let started: SelfServiceStarted;
    try {
      started = await api.post<SelfServiceStarted>(`/portal/templates/${encodeURIComponent(template.id)}/start`, {
        clientId: this.#portal.clientId,
      });
    } catch (err) {
      this.#portal.unauthorized(err);
      this.status = null;
      this.startError = errorMessage(err) === 'errorGeneric' ? 'startError' : errorMessage(err);
      return;
    } finally {
      this.starting = null;
    }
    await this.#reloadOpenTasks(api);
    this.status = 'started';
    await this.updateComplete;
    this.#focusTask(started.taskIds[0]);
  }

  async #reloadOpenTasks(api: PorticoApi): Promise<void> {
    if (this.tab === 'open') void this.#listTask.run();
    else await this.#selectTab('open', false);
    await this.updateComplete;
    if (api === this.#portal.api) void this.#workTask.run();
    await this.#listTask.taskComplete.catch(() => undefined);
  }

  /** Fetches the task list again. */
  refresh(): Promise<void> {
    return this.#listTask.run();
  }

  /** The due date; in the detail (`long`) it sits under a "Due date" label, so without the "Due" prefix. */
  #renderDue(task: PortalTask, long = false): TemplateResult {
    const t = this.#localize.t;
    if (!task.dueDate) return html`<span class="due muted" part="due">${t.noDueDate}</span>`;
    const overdue = task.overdue && task.state !== 'done';
    const date = this.#localize.date(task.dueDate, long ? 'long' : 'medium');
    return html`<span class="due ${overdue ? 'overdue' : ''}" part="due"
      >${overdue ? html`<span class="flag">${t.overdue}</span> ` : nothing}${long ? date : t.dueOn(date)}</span
    >`;
  }

  #renderItem(task: PortalTask): TemplateResult {
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
          ${task.checklistProgress.total
            ? html`<span>${t.checklistProgress(task.checklistProgress.done, task.checklistProgress.total)}</span>`
            : nothing}
          ${task.state === 'done' ? html`<span class="state-done">${t.taskDone}</span>` : nothing}
          ${task.unreadMessages ? html`<span class="badge messages" part="message-badge">${t.unreadMessages(task.unreadMessages)}</span>` : nothing}
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

  /** A section's tasks, under its heading: `h3` for a work, one level below for its sections. */
  #renderSection(section: TaskSection, inWork: boolean): TemplateResult {
    const title = section.title;
    return html`${title
        ? inWork
          ? html`<h4 class="section-title" part="group-heading">${title}</h4>`
          : html`<h3 class="section-title" part="group-heading">${title}</h3>`
        : nothing}
      <ul part="list" class="list" role="list">
        ${section.tasks.map((task) => this.#renderItem(task))}
      </ul>`;
  }

  #renderTasks(page: Page<PortalTask>): TemplateResult {
    const t = this.#localize.t;
    if (!page.items.length) return html`<p class="muted">${this.tab === 'open' ? t.noTasks : t.noDoneTasks}</p>`;
    return html`
      ${groupTasks(page.items).map(
        (group) => html`<div class="group">
          ${group.workTitle ? html`<h3 class="work-title" part="group-heading">${group.workTitle}</h3>` : nothing}
          ${group.sections.map((section) => this.#renderSection(section, Boolean(group.workTitle)))}
        </div>`,
      )}
      ${this.moreError ? this.#renderError('tasksError', () => this.#showMore()) : nothing}
      ${page.nextCursor && !this.moreError
        ? html`<button class="button secondary" part="show-more" type="button" @click=${this.#showMore}>
            ${this.loadingMore ? t.loading : t.showMore}
          </button>`
        : nothing}
    `;
  }

  #renderTabs(): TemplateResult {
    const t = this.#localize.t;
    return html`<div class="tabs" part="tabs" role="tablist" aria-labelledby="tasks-heading">
      ${TABS.map((tab) => {
        const selected = tab === this.tab;
        return html`<button
          type="button"
          role="tab"
          id="tab-${tab}"
          class="tab"
          part=${selected ? 'tab tab-selected' : 'tab'}
          aria-selected=${selected ? 'true' : 'false'}
          aria-controls="tasks-panel"
          tabindex=${selected ? 0 : -1}
          @click=${() => this.#selectTab(tab, false)}
          @keydown=${this.#onTabKey}
        >
          ${tab === 'open' ? t.openTab : t.taskDone}
        </button>`;
      })}
    </div>`;
  }

  #renderList(): TemplateResult {
    const t = this.#localize.t;
    const loading = (): TemplateResult => html`<p class="muted">${t.loadingTasks}</p>`;
    const signedOut = !this.#portal.api;
    return html`
      <h2 id="tasks-heading" part="heading" data-heading tabindex="-1">${t.tasksHeading}</h2>
      ${signedOut ? nothing : this.#renderTabs()}
      <div class="panel" id="tasks-panel" role=${signedOut ? nothing : 'tabpanel'} aria-labelledby=${signedOut ? nothing : `tab-${this.tab}`}>
        ${this.#listTask.render({
          initial: loading,
          pending: loading,
          complete: (page) => (page === null ? html`<p>${t.signInToSeeTasks}</p>` : this.#renderTasks(page)),
          error: (err) =>
            isUnauthorized(err)
              ? html`<p>${t.signInToSeeTasks}</p>`
              : this.#renderError(errorMessage(err) === 'errorGeneric' ? 'tasksError' : errorMessage(err), () =>
                  this.#listTask.run(),
                ),
        })}
      </div>
      ${this.#workTask.render({
        complete: (works) => renderWorkList(works, t, (iso) => this.#localize.date(iso)),
        error: () => this.#renderError('workError', () => this.#workTask.run()),
      })}
      ${this.#templatesTask.render({
        complete: (templates) => renderSelfService(templates, t, this.starting, (tpl) => void this.#start(tpl)),
        error: () => nothing, // an optional offer: without it the tasks are all there
      })}
      ${this.startError ? html`<div class="alert" part="error" role="alert">${t[this.startError]}</div>` : nothing}
    `;
  }

  /** The opened task's controller: made when its module is here, else `null` (and the module on its way). */
  #detailController(): TaskDetailController | null {
    const module = taskDetail.get(this);
    if (module && !this.#detail) {
      this.#detail = new module.TaskDetailController(this, {
        api: () => this.#portal.api,
        openId: () => this.openId,
        loaded: () => this.#detailTask.value ?? null,
        patch: (task) => this.#patch(task),
        unauthorized: (err) => this.#portal.unauthorized(err),
        announce: (status) => (this.status = status),
        completed: (taskId) => this.emit('portico-task-complete', { taskId }),
        where: () => ({ api: this.api, firm: this.firm }),
        locale: () => this.#portal.locale,
        readOnly: () => this.#portal.readOnly,
      });
    }
    return this.#detail;
  }

  /** The opened task's body, once its module is here (else still "Loading task…"). */
  #renderDetailBody(detail: TaskDetail, loading: () => TemplateResult): TemplateResult {
    const controller = this.#detailController();
    if (controller) return controller.render(detail, (task, long) => this.#renderDue(task, long));
    const retry = () => taskDetail.load().then(() => this.requestUpdate(), () => this.requestUpdate());
    return taskDetail.failed ? this.#renderError('taskError', retry) : loading();
  }

  #renderDetail(id: string): TemplateResult {
    const t = this.#localize.t;
    const summary = this.#listTask.value?.items.find((task) => task.id === id);
    const current = this.#detail?.current;
    const changed = current?.id === id ? current : null;
    const missing = !changed && this.#detailTask.status === TaskStatus.ERROR && isMissing(this.#detailTask.error) ? taskLinkStrings(this.#localize.locale) : null;
    const title = changed?.title ?? this.#detailTask.value?.title ?? summary?.title ?? missing?.taskMissingTitle ?? '';
    const loading = (): TemplateResult => html`<p class="muted">${t.loadingTask}</p>`;
    return html`
      <section part="detail" class="detail" aria-labelledby="detail-heading">
        <button class="button link back" part="back" type="button" @click=${this.#back}>
          <span aria-hidden="true">←</span> ${t.backToTasks}
        </button>
        <h2 id="detail-heading" part="heading" data-heading tabindex="-1">${title}</h2>
        ${changed
          ? this.#renderDetailBody(changed, loading)
          : this.#detailTask.render({
              initial: loading,
              pending: loading,
              complete: (detail) => (detail ? this.#renderDetailBody(detail, loading) : nothing),
              error: () =>
                missing
                  ? html`<p class="alert" part="error" role="alert">${missing.taskMissingText}</p>`
                  : this.#renderError('taskError', () => this.#detailTask.run()),
            })}
      </section>
    `;
  }

  override render(): TemplateResult {
    const t = this.#localize.t;
    return html`
      <div part="base" class="base" lang=${this.#localize.tag} @portico-thread-read=${this.#onThreadRead}>
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

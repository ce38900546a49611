import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { ApiError, PorticoApi } from '../internal/api-client.ts';
import { formatCalendarDate } from '../internal/localize.ts';
import { readLoginToken, takeLoginToken } from '../internal/login-link.ts';
import { errorMessage } from '../internal/messages.ts';
import { staffTokenStore } from '../internal/session-store.ts';
import { en } from '../translations/en.ts';
import type {
  CreateFirmTaskRequest,
  FirmClient,
  FirmTask,
  FirmTaskStatus,
  LinkInspection,
  ListResponse,
  SessionCreated,
  SessionInfo,
} from '../internal/api-types.ts';
import { baseStyles } from '../themes/default.ts';
import { consoleStyles } from './portico-console.styles.ts';

/**
 * Every string the console shows, in one place so that it can move into the
 * typed translations (`components/translations/`) as a whole. English only
 * for now.
 */
export const consoleStrings = {
  title: 'Staff console',
  noFirm: 'This console is not set up: it needs the firm’s slug in its firm attribute, for example <portico-console firm="your-firm">.',
  checking: 'Checking your session…',
  signInTitle: 'Sign in to the staff console',
  signInIntro: 'Enter your work email address. We will email you a sign-in link.',
  emailLabel: 'Email address',
  sendLink: 'Email me a sign-in link',
  sending: 'Sending…',
  linkSentTitle: 'Check your email',
  linkSent: (email: string) =>
    `If ${email} belongs to a member of staff, a sign-in link is on its way. Open it on this device.`,
  useAnotherEmail: 'Use another email address',
  inspecting: 'Checking your sign-in link…',
  continueTitle: 'Sign in',
  continueAs: (email: string) => `Continue as ${email}`,
  continueFirm: (firm: string) => `You are signing in to ${firm}.`,
  notStaffLink: 'This link is for the client portal, not for the staff console.',
  otherFirmLink: 'This sign-in link is for another firm’s console.',
  invalidLink: 'This sign-in link has expired or has already been used. Enter your email to get a new one.',
  sessionEnded: 'Your session has ended. Please sign in again.',
  signedInAs: (email: string, firm: string) => `Signed in as ${email} · ${firm}`,
  signOut: 'Sign out',
  signedOut: 'You are signed out.',
  clientsTitle: 'Clients',
  clientsLoading: 'Loading clients…',
  noClients: 'No clients yet.',
  contactsCount: (n: number) => (n === 1 ? '1 contact' : `${n} contacts`),
  portalClosed: 'portal closed',
  chooseClient: 'Choose a client to see its tasks.',
  tasksHeading: 'Tasks',
  tasksTitle: (client: string) => `Tasks for ${client}`,
  tasksLoading: 'Loading tasks…',
  noTasks: 'No tasks for this client yet.',
  contactsLine: (emails: string) => `Portal contacts: ${emails}`,
  noContacts: 'No portal contacts yet.',
  newTask: 'New task',
  closeNewTask: 'Cancel',
  newTaskTitle: 'New task',
  titleLabel: 'Title',
  descriptionLabel: 'Description',
  dueDateLabel: 'Due date',
  checklistLabel: 'Checklist',
  checklistHint: 'One item per line.',
  assignNowLabel: 'Assign to portal now',
  create: 'Create task',
  creating: 'Creating…',
  titleRequired: 'Please give the task a title.',
  created: (title: string) => `Task “${title}” created.`,
  createdAndAssigned: (title: string) => `Task “${title}” created and assigned to the portal.`,
  status: {
    draft: 'Draft',
    assigned: 'Assigned',
    withdrawn: 'Withdrawn',
    completed: 'Completed',
  } satisfies Record<FirmTaskStatus, string>,
  clientDone: 'Marked done by the client',
  due: (date: string) => `Due ${date}`,
  overdue: 'overdue',
  noDueDate: 'No due date',
  checklistProgress: (done: number, total: number) => `Checklist ${done}/${total}`,
  checklistItemDone: 'done',
  actions: {
    assign: 'Assign',
    withdraw: 'Withdraw',
    complete: 'Complete',
    reopen: 'Reopen',
  } satisfies Record<TaskAction, string>,
  actionDone: {
    assign: (title: string) => `“${title}” is assigned to the portal.`,
    withdraw: (title: string) => `“${title}” is withdrawn from the portal.`,
    complete: (title: string) => `“${title}” is completed.`,
    reopen: (title: string) => `“${title}” is reopened.`,
  } satisfies Record<TaskAction, (title: string) => string>,
  conflict: 'That change is not possible any more; the list has been refreshed.',
  retry: 'Try again',
};

/** Firm-side task transitions (`POST /firm/tasks/:id/<action>`). */
export type TaskAction = 'assign' | 'withdraw' | 'complete' | 'reopen';

/** Which transitions a task offers in each status. */
export const actionsFor: Record<FirmTaskStatus, TaskAction[]> = {
  draft: ['assign', 'complete'],
  assigned: ['withdraw', 'complete'],
  withdrawn: ['assign', 'complete'],
  completed: ['reopen'],
};

type Phase = 'unconfigured' | 'checking' | 'unavailable' | 'signed-out' | 'link-sent' | 'inspecting' | 'confirm' | 'signed-in';

/**
 * A calendar date (`YYYY-MM-DD`) for people, without timezone drift. The
 * console's strings are English only and staff read day-month-year
 * ("20 Apr 2030"), so it formats for `en-GB` rather than following `lang`
 * as the client elements' `LocalizeController.date` does.
 */
const formatDate = (iso: string): string => formatCalendarDate('en-GB', iso);

/**
 * The staff console: firm staff sign in with an emailed link, see the firm's
 * clients, create tasks for a client and assign, withdraw, complete or
 * reopen them.
 *
 * Signing in sets an HttpOnly session cookie on the API's origin (the
 * console is served by the Portico server itself); the bearer token from
 * `POST /auth/session` is also kept in `sessionStorage` (per API and firm) as
 * a fallback for browsers that refuse the cookie. The sign-in token of an
 * emailed link is taken out of the address as soon as it is read.
 *
 * @summary Staff console: sign in, clients, their tasks, new task, task transitions.
 *
 * @csspart base - The wrapper of everything the console shows.
 *
 * @cssprop --portico-console-primary - Buttons, selection and links. Defaults to `--portico-color-primary`.
 * @cssprop --portico-console-surface - Background of cards and buttons. Defaults to `--portico-color-surface`.
 */
export class PorticoConsole extends LitElement {
  static override styles = [baseStyles, consoleStyles];

  /** API client for the current base and token (see {@link PorticoConsole._apiClient}). */
  #api: PorticoApi | null = null;
  /** Clears the polite status message after a while. */
  #statusTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set once a person has acted, so that focus only moves in response to them. */
  #interacted = false;
  /** Bumped by every (re)start, so that a late answer for an earlier one is ignored. */
  #run = 0;
  /** The sign-in token taken from the address; kept in memory only, for Continue and Try again. */
  #linkToken: string | null = null;

  /** The firm's clients, once signed in. */
  private _clients = new Task(this, {
    task: async ([api, signedIn], { signal }) => {
      if (!signedIn) return null;
      try {
        const res = await api.get<ListResponse<FirmClient>>('/firm/clients', { signal });
        return res.items;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) this.#sessionEnded();
        throw err;
      }
    },
    args: () => [this._apiClient(), this._phase === 'signed-in'] as const,
  });

  /** Tasks of the chosen client, with the client they belong to; reloaded when `_tasksVersion` changes. */
  private _tasks = new Task(this, {
    task: async ([api, clientId], { signal }) => {
      if (!clientId) return null;
      try {
        const res = await api.get<ListResponse<FirmTask>>(
          `/firm/tasks?clientId=${encodeURIComponent(clientId)}`,
          { signal },
        );
        return { clientId, items: res.items };
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) this.#sessionEnded();
        throw err;
      }
    },
    args: () => [this._apiClient(), this._phase === 'signed-in' ? this._clientId : null, this._tasksVersion] as const,
  });

  @query('#new-task-title') private _newTaskTitle?: HTMLInputElement;

  @state() private _phase: Phase = 'checking';
  @state() private _session: SessionInfo | null = null;
  @state() private _token: string | null = null;
  @state() private _email = '';
  @state() private _link: { token: string; info: LinkInspection } | null = null;
  @state() private _busy = false;
  /** Polite announcement (role=status). */
  @state() private _status = '';
  /** Error (role=alert). */
  @state() private _error = '';
  @state() private _clientId: string | null = null;
  @state() private _formOpen = false;
  @state() private _formError = '';
  /** Bumped to reload the task list after a change. */
  @state() private _tasksVersion = 0;
  /** Tasks whose action buttons are busy (one request each). */
  @state() private _pendingTaskIds: ReadonlySet<string> = new Set();

  /** Origin of the Portico server; `''` (default) is the page's own origin. */
  @property() api = '';

  /** Slug of the firm staff sign in to (`POST /auth/link { firm }`). Required: without it the console shows a configuration error. */
  @property() firm = '';

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHashChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#onHashChange);
    clearTimeout(this.#statusTimer);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('api') || changed.has('firm')) void this.#start();
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('_phase')) void this.#focusView();
  }

  /** One client per base and token, so that `@lit/task` args compare by identity. */
  private _apiClient(): PorticoApi {
    const base = this.api ?? '';
    if (!this.#api || this.#api.base !== base.replace(/\/+$/, '') || this.#api.token !== this._token) {
      this.#api = new PorticoApi({ base, token: this._token, credentials: 'include' });
    }
    return this.#api;
  }

  #onHashChange = (): void => {
    if (readLoginToken()) void this.#start();
  };

  /**
   * Decides the first view for the current `api` and `firm`: a sign-in link
   * (from the address, or the one kept in memory for a retry), the stored
   * session, or the email form. Runs again when `api` or `firm` change.
   */
  async #start(): Promise<void> {
    const run = ++this.#run;
    this.#linkToken = takeLoginToken() ?? this.#linkToken;
    this._error = '';
    this._session = null;
    this._token = null;
    this._link = null;
    this._clientId = null;
    this._formOpen = false;
    if (!this.firm) {
      this._phase = 'unconfigured';
      return;
    }
    if (this.#linkToken) return this.#inspect(this.#linkToken, run);
    this._phase = 'checking';
    const { api, firm } = this;
    this._token = staffTokenStore.load(api, firm);
    try {
      const info = await this._apiClient().get<SessionInfo>('/auth/session');
      if (run !== this.#run) return;
      if (info.audience !== 'staff' || info.firm.slug !== firm) {
        // A client's session, or staff of another firm (the cookie is per server): not signed in here.
        this._token = null;
        this._phase = 'signed-out';
        return;
      }
      this._session = info;
      this._phase = 'signed-in';
    } catch (err) {
      if (run !== this.#run) return;
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
        // Only a refusal ends the stored session; a network failure or a 5xx keeps it for Try again.
        staffTokenStore.clear(api, firm);
        this._token = null;
        this._phase = 'signed-out';
      } else {
        this._error = this.#messageFor(err);
        this._phase = 'unavailable';
      }
    }
  }

  async #inspect(token: string, run: number): Promise<void> {
    this._phase = 'inspecting';
    try {
      const info = await this._apiClient().post<LinkInspection>('/auth/link/inspect', { token });
      if (run !== this.#run) return;
      if (info.audience !== 'staff' || info.firm.slug !== this.firm) {
        this.#linkToken = null;
        this._error = info.audience !== 'staff' ? consoleStrings.notStaffLink : consoleStrings.otherFirmLink;
        this._phase = 'signed-out';
        return;
      }
      this._link = { token, info };
      this._phase = 'confirm';
    } catch (err) {
      if (run !== this.#run) return;
      if (err instanceof ApiError && (err.status === 401 || err.status === 400 || err.status === 404)) {
        this.#linkToken = null;
        this._error = consoleStrings.invalidLink;
        this._phase = 'signed-out';
      } else {
        // Unreachable or failing server: the link is still good, Try again uses it.
        this._error = this.#messageFor(err);
        this._phase = 'unavailable';
      }
    }
  }

  #announce(message: string): void {
    this._status = message;
    clearTimeout(this.#statusTimer);
    // Clear later so that the same message can be announced again.
    this.#statusTimer = setTimeout(() => {
      if (this._status === message) this._status = '';
    }, 8000);
  }

  #messageFor(err: unknown): string {
    if (err instanceof ApiError) {
      if (err.status === 409) return consoleStrings.conflict;
      if (err.status === 400 && err.message) return err.message;
    }
    return en[errorMessage(err)];
  }

  #sessionEnded(): void {
    if (this._phase !== 'signed-in') return;
    staffTokenStore.clear(this.api, this.firm);
    this._token = null;
    this._session = null;
    this._clientId = null;
    this._formOpen = false;
    this._error = consoleStrings.sessionEnded;
    this._phase = 'signed-out';
  }

  /** After a view change, put focus on its heading so keyboard and screen reader users follow. */
  async #focusView(): Promise<void> {
    await this.updateComplete;
    if (!this.hasUpdated) return;
    const target = this.renderRoot.querySelector<HTMLElement>('[data-view-focus]');
    // Do not steal focus on the first render (the page may have focused something itself).
    if (target && this.#interacted) target.focus();
  }

  private async _onRequestLink(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    this.#interacted = true;
    const form = event.currentTarget as HTMLFormElement;
    const input = form.elements.namedItem('email') as HTMLInputElement;
    const email = input.value.trim();
    if (!input.checkValidity() || !email) {
      input.reportValidity();
      return;
    }
    this._busy = true;
    this._error = '';
    try {
      await this._apiClient().post('/auth/link', { firm: this.firm, email, as: 'staff' });
      this._email = email;
      this._phase = 'link-sent';
    } catch (err) {
      this._error = this.#messageFor(err);
    } finally {
      this._busy = false;
    }
  }

  private _onAnotherEmail(): void {
    this.#interacted = true;
    this.#linkToken = null;
    this._link = null;
    this._phase = 'signed-out';
  }

  private _onRetry(): void {
    this.#interacted = true;
    void this.#start();
  }

  private async _onContinue(): Promise<void> {
    if (!this._link) return;
    this.#interacted = true;
    const run = this.#run;
    const { api, firm } = this;
    this._busy = true;
    this._error = '';
    try {
      const created = await this._apiClient().post<SessionCreated>('/auth/session', { token: this._link.token });
      if (run !== this.#run) return;
      staffTokenStore.save(api, firm, created.token);
      this._token = created.token;
      const { token: _token, ...info } = created;
      this._session = info;
      this._link = null;
      this.#linkToken = null;
      this._phase = 'signed-in';
    } catch (err) {
      if (run !== this.#run) return;
      this._error =
        err instanceof ApiError && err.status === 401 ? consoleStrings.invalidLink : this.#messageFor(err);
      if (err instanceof ApiError && err.status === 401) {
        this._link = null;
        this.#linkToken = null;
        this._phase = 'signed-out';
      }
    } finally {
      this._busy = false;
    }
  }

  private async _onSignOut(): Promise<void> {
    this.#interacted = true;
    this._busy = true;
    try {
      await this._apiClient().delete('/auth/session');
    } catch {
      // Signed out locally either way; an expired session is already signed out.
    } finally {
      this._busy = false;
    }
    staffTokenStore.clear(this.api, this.firm);
    this._token = null;
    this._session = null;
    this._clientId = null;
    this._formOpen = false;
    this._error = '';
    this._phase = 'signed-out';
    this.#announce(consoleStrings.signedOut);
  }

  private _onChooseClient(id: string): void {
    this.#interacted = true;
    if (this._clientId !== id) {
      this._clientId = id;
      this._formOpen = false;
      this._formError = '';
      this._error = '';
    }
  }

  private async _onToggleForm(): Promise<void> {
    this.#interacted = true;
    this._formOpen = !this._formOpen;
    this._formError = '';
    if (this._formOpen) {
      await this.updateComplete;
      this._newTaskTitle?.focus();
    } else {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#new-task-toggle')?.focus();
    }
  }

  private async _onCreateTask(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    this.#interacted = true;
    const clientId = this._clientId;
    if (!clientId) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const title = String(data.get('title') ?? '').trim();
    if (!title) {
      this._formError = consoleStrings.titleRequired;
      this._newTaskTitle?.focus();
      return;
    }
    const body: CreateFirmTaskRequest = { clientId, title };
    const description = String(data.get('description') ?? '').trim();
    if (description) body.description = description;
    const dueDate = String(data.get('dueDate') ?? '');
    if (dueDate) body.dueDate = dueDate;
    const checklist = String(data.get('checklist') ?? '')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
    if (checklist.length > 0) body.checklist = checklist;
    const assign = data.get('assign') === 'on';
    body.assign = assign;

    this._busy = true;
    this._formError = '';
    try {
      await this._apiClient().post<FirmTask>('/firm/tasks', body);
      form.reset();
      this._formOpen = false;
      this.#announce(assign ? consoleStrings.createdAndAssigned(title) : consoleStrings.created(title));
      this._tasksVersion++;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#new-task-toggle')?.focus();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) this.#sessionEnded();
      else this._formError = this.#messageFor(err);
    } finally {
      this._busy = false;
    }
  }

  private async _onTaskAction(task: FirmTask, action: TaskAction): Promise<void> {
    this.#interacted = true;
    if (this._pendingTaskIds.has(task.id)) return;
    this._pendingTaskIds = new Set(this._pendingTaskIds).add(task.id);
    this._error = '';
    try {
      await this._apiClient().post<FirmTask>(`/firm/tasks/${encodeURIComponent(task.id)}/${action}`);
      this.#announce(consoleStrings.actionDone[action](task.title));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        this.#sessionEnded();
        return;
      }
      this._error = this.#messageFor(err);
    } finally {
      const pending = new Set(this._pendingTaskIds);
      pending.delete(task.id);
      this._pendingTaskIds = pending;
    }
    this._tasksVersion++;
    // Keep focus in the row whose buttons just changed.
    await this._tasks.taskComplete.catch(() => undefined);
    await this.updateComplete;
    this.renderRoot
      .querySelector<HTMLElement>(`[data-task-id="${CSS.escape(task.id)}"] .actions button`)
      ?.focus();
  }

  /** Sign-in, signed-in console or a pending check, with shared status and error regions. */
  override render(): TemplateResult {
    return html`
      <div part="base">
        <p class="status" role="status" aria-live="polite">${this._status}</p>
        ${this._error ? html`<p class="alert" role="alert">${this._error}</p>` : nothing}
        ${this.#renderPhase()}
      </div>
    `;
  }

  #renderPhase(): TemplateResult {
    const s = consoleStrings;
    switch (this._phase) {
      case 'unconfigured':
        return html`<p class="alert" role="alert">${s.noFirm}</p>`;
      case 'unavailable':
        return html`<button type="button" class="button" @click=${this._onRetry}>${s.retry}</button>`;
      case 'checking':
        return html`<p class="muted">${s.checking}</p>`;
      case 'inspecting':
        return html`<p class="muted">${s.inspecting}</p>`;
      case 'link-sent':
        return html`
          <section class="card narrow" aria-labelledby="sent-title">
            <h1 id="sent-title" tabindex="-1" data-view-focus>${s.linkSentTitle}</h1>
            <p>${s.linkSent(this._email)}</p>
            <button type="button" class="button link" @click=${this._onAnotherEmail}>${s.useAnotherEmail}</button>
          </section>
        `;
      case 'confirm': {
        const info = this._link?.info;
        return html`
          <section class="card narrow" aria-labelledby="confirm-title">
            <h1 id="confirm-title" tabindex="-1" data-view-focus>${s.continueTitle}</h1>
            ${info ? html`<p>${s.continueFirm(info.firm.name)}</p>` : nothing}
            <button type="button" class="button" ?disabled=${this._busy} @click=${this._onContinue}>
              ${s.continueAs(info?.email ?? '')}
            </button>
          </section>
        `;
      }
      case 'signed-out':
        return html`
          <section class="card narrow" aria-labelledby="signin-title">
            <h1 id="signin-title" tabindex="-1" data-view-focus>${s.signInTitle}</h1>
            <p>${s.signInIntro}</p>
            <form @submit=${this._onRequestLink} novalidate>
              <div class="field">
                <label for="email">${s.emailLabel}</label>
                <input
                  id="email"
                  name="email"
                  type="email"
                  autocomplete="email"
                  required
                  .value=${this._email}
                />
              </div>
              <div>
                <button type="submit" class="button" ?disabled=${this._busy}>
                  ${this._busy ? s.sending : s.sendLink}
                </button>
              </div>
            </form>
          </section>
        `;
      case 'signed-in':
        return this.#renderConsole();
    }
  }

  #renderConsole(): TemplateResult {
    const s = consoleStrings;
    const session = this._session;
    return html`
      <div class="topbar">
        <h1 tabindex="-1" data-view-focus>${s.title}</h1>
        <div class="row">
          ${session ? html`<p class="muted">${s.signedInAs(session.user.email, session.firm.name)}</p>` : nothing}
          <button type="button" class="button secondary" ?disabled=${this._busy} @click=${this._onSignOut}>${s.signOut}</button>
        </div>
      </div>
      <div class="layout">
        <nav class="card" aria-labelledby="clients-title">
          <h2 id="clients-title">${s.clientsTitle}</h2>
          ${this._clients.render({
            initial: () => html`<p class="muted">${s.clientsLoading}</p>`,
            pending: () => html`<p class="muted">${s.clientsLoading}</p>`,
            complete: (clients) => this.#renderClients(clients ?? []),
            error: (err) => html`
              <p class="alert" role="alert">${this.#messageFor(err)}</p>
              <button type="button" class="button secondary" @click=${() => this._clients.run()}>${s.retry}</button>
            `,
          })}
        </nav>
        <section class="card" aria-labelledby="tasks-title">${this.#renderClientPanel()}</section>
      </div>
    `;
  }

  #renderClients(clients: FirmClient[]): TemplateResult {
    const s = consoleStrings;
    if (clients.length === 0) return html`<p class="muted">${s.noClients}</p>`;
    return html`
      <ul class="plain clients">
        ${clients.map(
          (client) => html`
            <li>
              <button
                type="button"
                aria-pressed=${client.id === this._clientId ? 'true' : 'false'}
                @click=${() => this._onChooseClient(client.id)}
              >
                <span>${client.name}</span>
                <span class="meta">
                  ${s.contactsCount(client.contacts.length)}${client.portalOpen ? nothing : html` · ${s.portalClosed}`}
                </span>
              </button>
            </li>
          `,
        )}
      </ul>
    `;
  }

  #renderClientPanel(): TemplateResult {
    const s = consoleStrings;
    const client = (this._clients.value ?? []).find((c) => c.id === this._clientId);
    if (!client) {
      return html`
        <h2 id="tasks-title" class="sr-only">${s.tasksHeading}</h2>
        <p class="muted">${s.chooseClient}</p>
      `;
    }
    const contacts = client.contacts.map((c) => c.email).join(', ');
    // While another client's tasks load, the previous list (with live buttons) must not show under this heading.
    const shown = this._tasks.value?.clientId === client.id ? this._tasks.value.items : null;
    return html`
      <h2 id="tasks-title">${s.tasksTitle(client.name)}</h2>
      <p class="muted">${contacts ? s.contactsLine(contacts) : s.noContacts}</p>
      <button
        id="new-task-toggle"
        type="button"
        class=${this._formOpen ? 'button secondary' : 'button'}
        aria-expanded=${this._formOpen ? 'true' : 'false'}
        aria-controls="new-task-form"
        @click=${this._onToggleForm}
      >
        ${this._formOpen ? s.closeNewTask : s.newTask}
      </button>
      ${this._formOpen ? this.#renderForm() : nothing}
      ${this._tasks.render({
        initial: () => nothing,
        pending: () => (shown ? this.#renderTasks(shown) : html`<p class="muted">${s.tasksLoading}</p>`),
        complete: (value) => this.#renderTasks(value?.items ?? []),
        error: (err) => html`
          <p class="alert" role="alert">${this.#messageFor(err)}</p>
          <button type="button" class="button secondary" @click=${() => this._tasks.run()}>${s.retry}</button>
        `,
      })}
    `;
  }

  #renderForm(): TemplateResult {
    const s = consoleStrings;
    return html`
      <form id="new-task-form" class="card new-task" aria-labelledby="new-task-heading" @submit=${this._onCreateTask} novalidate>
        <h3 id="new-task-heading">${s.newTaskTitle}</h3>
        ${this._formError ? html`<p class="alert" role="alert">${this._formError}</p>` : nothing}
        <div class="field">
          <label for="new-task-title">${s.titleLabel}</label>
          <input id="new-task-title" name="title" type="text" required maxlength="200" autocomplete="off" />
        </div>
        <div class="field">
          <label for="new-task-description">${s.descriptionLabel}</label>
          <textarea id="new-task-description" name="description" rows="3"></textarea>
        </div>
        <div class="two">
          <div class="field">
            <label for="new-task-due">${s.dueDateLabel}</label>
            <input id="new-task-due" name="dueDate" type="date" />
          </div>
        </div>
        <div class="field">
          <label for="new-task-checklist">${s.checklistLabel}</label>
          <textarea
            id="new-task-checklist"
            name="checklist"
            rows="4"
            aria-describedby="new-task-checklist-hint"
          ></textarea>
          <span id="new-task-checklist-hint" class="hint">${s.checklistHint}</span>
        </div>
        <label class="check">
          <input name="assign" type="checkbox" />
          ${s.assignNowLabel}
        </label>
        <div>
          <button type="submit" class="button" ?disabled=${this._busy}>${this._busy ? s.creating : s.create}</button>
        </div>
      </form>
    `;
  }

  #renderTasks(tasks: FirmTask[]): TemplateResult {
    const s = consoleStrings;
    if (tasks.length === 0) return html`<p class="muted">${s.noTasks}</p>`;
    return html`
      <ul class="plain tasks" aria-labelledby="tasks-title">
        ${tasks.map((task) => {
          // The server decides, by the firm's calendar day (not this browser's timezone).
          const overdue = task.overdue;
          const done = task.checklistItems.filter((i) => i.done).length;
          const busy = this._pendingTaskIds.has(task.id);
          return html`
            <li data-task-id=${task.id}>
              <div class="task-head">
                <h3>${task.title}</h3>
                <span class="badge ${task.status}">${s.status[task.status]}</span>
                ${task.clientState === 'done' && task.status !== 'completed'
                  ? html`<span class="badge completed">${s.clientDone}</span>`
                  : nothing}
              </div>
              <p class="task-meta">
                ${task.dueDate
                  ? html`<span class=${overdue ? 'overdue' : ''}>${s.due(formatDate(task.dueDate))}${overdue
                      ? html` (${s.overdue})`
                      : nothing}</span>`
                  : s.noDueDate}
                ${task.checklistItems.length > 0
                  ? html` · ${s.checklistProgress(done, task.checklistItems.length)}`
                  : nothing}
              </p>
              ${task.description ? html`<p class="task-desc">${task.description}</p>` : nothing}
              ${task.checklistItems.length > 0
                ? html`<ul class="checklist">
                    ${task.checklistItems.map(
                      (item) =>
                        html`<li class=${item.done ? 'done' : ''}>
                          ${item.text}${item.done ? html`<span class="sr-only"> (${s.checklistItemDone})</span>` : nothing}
                        </li>`,
                    )}
                  </ul>`
                : nothing}
              <div class="row actions">
                ${actionsFor[task.status].map(
                  (action) => html`
                    <button
                      type="button"
                      class="button secondary"
                      ?disabled=${busy}
                      @click=${() => this._onTaskAction(task, action)}
                    >
                      ${s.actions[action]}<span class="sr-only">: ${task.title}</span>
                    </button>
                  `,
                )}
              </div>
            </li>
          `;
        })}
      </ul>
    `;
  }
}

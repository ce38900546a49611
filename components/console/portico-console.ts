import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError, type PorticoApi } from '../internal/api-client.ts';
import type { FirmClient } from '../internal/api-types.ts';
import { formatCalendarDate, LocalizeController } from '../internal/localize.ts';
import { errorMessage, isUnauthorized } from '../internal/messages.ts';
import { PorticoElement } from '../internal/portico-element.ts';
import { staffTokenStore } from '../internal/session-store.ts';
import { SignInController } from '../internal/sign-in.ts';
import { renderSignInView } from '../internal/sign-in-views.ts';
import { baseStyles } from '../themes/default.ts';
import { ClientTasks } from './client-tasks.ts';
import { consoleStrings, type ConsoleStrings } from './console-strings.ts';
import type { ConsoleRoute, ConsoleViewHost } from './console-view-host.ts';
import { consoleScreenStyles } from './console-screens.styles.ts';
import { consoleStyles } from './portico-console.styles.ts';
import { TaskBoard } from './task-board.ts';
import { TaskDetail } from './task-detail.ts';
import { TemplateApply } from './template-apply.ts';
import { TemplateEditor } from './template-editor.ts';
import { TemplateList } from './template-list.ts';
import { WorkDetailView } from './work-detail.ts';
import { WorkList } from './work-list.ts';
import { WorkStatuses } from './work-statuses.ts';
import { FirmMembers } from './firm-members.ts';
import { FirmSettingsView } from './firm-settings.ts';
import { InboxView } from './inbox-view.ts';
import { RequestView } from './request-view.ts';
import { NotificationsView } from './notifications-view.ts';
import { DeliveryView, deliveryStyles } from './delivery-view.ts';
import { AnnouncementsView } from './announcements-view.ts';
import { takeFragmentParam } from '../client-portal/fragment-params.ts';
// --- console-clients (H3): clients, contacts, import, open portal ---
import { ClientsView, clientsStyles } from './clients-view.ts';
import { ContactsView } from './contacts-view.ts';
import { ContactRecord } from './contact-record.ts';
import { ClientForm } from './client-form.ts';
import { ContactImport } from './contact-import.ts';
import { OpenPortalView } from './open-portal.ts';
// --- end console-clients (H3) ---
// --- console setup (H4) ---
import { ActivityView } from './activity-view.ts';
import { FirmSignupView } from './firm-signup-view.ts';
import { FirstSteps } from './first-steps.ts';
import { TeamView } from './team-view.ts';
// --- end console setup (H4) ---

/** The sections of the top navigation, and the screen each opens. */
const sections = [
  ['inbox', 'navInbox'],
  ['notifications', 'navNotifications'],
  ['clients', 'navClients'],
  // --- console-clients (H3) ---
  ['contacts', 'navContacts'],
  ['import', 'navImport'],
  // --- end console-clients (H3) ---
  ['board', 'navBoard'],
  ['work', 'navWork'],
  ['templates', 'navTemplates'],
  ['announcements', 'navAnnouncements'],
  ['settings', 'navSettings'],
  ['delivery', 'navDelivery'],
  // --- console setup (H4) ---
  ['team', 'navTeam'],
  ['activity', 'navActivity'],
  // --- end console setup (H4) ---
] as const satisfies readonly (readonly [ConsoleRoute['view'], keyof ConsoleStrings])[];

/** Which section a screen belongs to (for `aria-current`). */
const sectionOf: Record<ConsoleRoute['view'], ConsoleRoute['view']> = {
  clients: 'clients',
  board: 'board',
  task: 'board',
  work: 'work',
  'work-detail': 'work',
  statuses: 'work',
  templates: 'templates',
  template: 'templates',
  apply: 'templates',
  settings: 'settings',
  announcements: 'announcements',
  inbox: 'inbox',
  request: 'inbox',
  notifications: 'notifications',
  delivery: 'delivery',
  // --- console-clients (H3) ---
  contacts: 'contacts',
  contact: 'contacts',
  client: 'clients',
  import: 'import',
  'open-portal': 'clients',
  // --- end console-clients (H3) ---
  // --- console setup (H4) ---
  signup: 'clients',
  team: 'team',
  activity: 'activity',
  // --- end console setup (H4) ---
};

/** Sections only the owner and admins see (the server refuses the rest anyway). */
const adminSections: ReadonlySet<ConsoleRoute['view']> = new Set(['delivery', /* console setup (H4) */ 'activity']);

/**
 * The staff console: firm staff sign in with an emailed link, see the firm's
 * clients, create tasks for a client and assign, withdraw, complete or
 * reopen them (the buttons are the transitions the server offers for each
 * task). A task board filters every task of the firm by stage ("done by
 * client, waiting for you" among them), overdue, client, work, responsible
 * member and title; a task opens with its history, to edit (checklist,
 * repeat, work and section, "Asks for a file") or delete, and its requested
 * documents to accept or ask again for with a reason. A client's screen sets
 * its document folder link and digitisation address. Work lists and details change a
 * work's status, complete it or send its drafts to the client; templates are
 * made, previewed and applied to many clients at once. A task's files are
 * listed on its detail to download or delete, and "Digitise" sends them to the
 * client's digitisation inbox; the settings screen switches "Done uploading"
 * and digitisation for the firm, and the portal's settings (address, switch,
 * description, welcome video, sample task, embed snippet and secret);
 * "Announcements" lists the firm's announcements, which the owner and admins
 * write, publish, unpublish, edit and delete. `#notifications` in the address
 * (staff notice emails link there) opens the Notifications view. The inbox lists new client requests and
 * client messages on tasks, newest first, unread ones in bold, to filter and
 * search; a request opens with its client, contact, files and conversation,
 * to assign to a member, close, reopen or turn into a task. Every
 * conversation (of a request or a task) shows internal notes apart from
 * portal messages, and its composer asks each time: "Send to client" or
 * "Add internal note". The owner and admins also see "Delivery": the
 * firm's emails, reminders and other background work that failed or waits,
 * with the last error and next try, and "Try again now" for a failed one.
 * A new firm signs up from the sign-in screen ("New firm? Sign up",
 * `firm-signup-view.ts`); a staff sign-in link of another firm of the same
 * server turns the console to that firm (`portico-firm-change`). A new
 * firm's clients screen shows "First steps" (`first-steps.ts`: brand the
 * portal, add a client, invite clients, each ticked when done). "Team"
 * (`team-view.ts`) lists the members; the owner and admins invite, change
 * roles and remove. "Activity" (`activity-view.ts`, owner and admins) tells
 * what changed in the firm's settings, team, API keys and announcements.
 * Settings also take the portal's colour, logo and icon (`branding-images.ts`).
 * It speaks English and
 * Estonian and follows `lang` like the client elements.
 *
 * Signing in sets an HttpOnly session cookie on the API's origin (the
 * console is served by the Portico server itself); the bearer token from
 * `POST /auth/session` is also kept in `sessionStorage` (per API and firm) as
 * a fallback for browsers that refuse the cookie. The sign-in token of an
 * emailed link is taken out of the address as soon as it is read.
 *
 * This module is the shell (sign-in, navigation between screens with Back,
 * clients, status and alerts); each screen lives beside it: `client-tasks.ts`
 * (a client's tasks), `task-view.ts`, `new-task-form.ts`, `clients-view.ts`,
 * `task-board.ts`, `task-detail.ts` with `task-editor.ts`, `document-review.ts` and `task-files.ts`,
 * `firm-settings.ts` with `portal-settings.ts`, `announcements-view.ts`, `inbox-view.ts`, `request-view.ts`, `notifications-view.ts` (notifications and email settings), `console-thread.ts` (a conversation),
 * `client-documents.ts`, `delivery-view.ts` (failed and waiting emails and reminders, for the owner and admins), `work-list.ts`,
 * `work-detail.ts`, `work-statuses.ts`, `template-list.ts`,
 * `template-editor.ts`, `template-apply.ts`. The screen is kept in the
 * element's state, not in the address (whose fragment carries sign-in links).
 *
 * Bringing clients in: the clients list is paged and searched on the server
 * (`clients-view.ts`), with clients ticked for `open-portal.ts` (with an
 * invitation or silently); `client-form.ts` makes or edits a client and its
 * contacts; "Contacts" (`contacts-view.ts`) lists every contact with its access
 * health, each opening `contact-record.ts` (details, access per company,
 * invitation, history, preview as the contact); "Import" (`contact-import.ts`)
 * checks and imports a CSV of contacts; `client-picker.ts` chooses a client by
 * asking the server as one types.
 *
 * @summary Staff console: sign in, the inbox and client requests, conversations, clients and their tasks, the task board, task detail, history and files, work, templates, announcements, settings, delivery.
 *
 * @attribute lang - Language (`en`, `et`). Default: the nearest ancestor's `lang`, else the firm's locale, else English.
 *
 * @fires portico-firm-change - A staff sign-in link of another firm of this server (a new firm's owner) turned the console to that firm; `detail.firm` is its slug (a page may keep it, e.g. as `?firm=` in its address).
 *
 * @csspart base - The wrapper of everything the console shows.
 * @csspart heading - The heading of a sign-in view.
 * @csspart form - The email sign-in form.
 * @csspart input - The email input.
 * @csspart button - Primary buttons of the sign-in views (send link, continue, retry).
 * @csspart internal-note - A conversation's internal note (firm only): its own background, label and lock.
 * @csspart portal-message - A conversation's portal message (the client sees it).
 *
 * @cssprop --portico-console-primary - Buttons, selection and links. Defaults to `--portico-color-primary`.
 * @cssprop --portico-console-surface - Background of cards and buttons. Defaults to `--portico-color-surface`.
 * @cssprop --portico-console-note-background - Background of internal notes in a conversation. Default a warm yellow (`#fff4d6`).
 * @cssprop --portico-console-min-height - Room kept while the console starts and signs in (match it in a `portico-console:not(:defined)` rule). Default 24rem.
 */
export class PorticoConsole extends PorticoElement implements ConsoleViewHost {
  static override styles = [PorticoElement.hostStyles, baseStyles, consoleStyles, consoleScreenStyles, deliveryStyles, /* console-clients (H3) */ clientsStyles];

  readonly #signIn = new SignInController(this, {
    audience: 'staff',
    store: staffTokenStore,
    credentials: 'include',
    focus: () => void this.focusHeading(),
    // console setup (H4): a staff link of another firm of this server (a new firm's owner) signs in to that firm.
    acceptFirm: (slug) => this.#switchFirm(slug),
    onSignedIn: () => {
      this._clientId = null;
      this._route = { view: 'clients' };
      this.#trail = [];
      this.#clientsView.open(); // console-clients (H3)
      if (this.#wantsNotifications) queueMicrotask(() => this.#openNotificationsLink());
      queueMicrotask(() => void this.#firstSteps.refresh()); // console setup (H4)
    },
  });
  readonly #localize = new LocalizeController(this, () => this.#signIn.session?.firm.locale);
  /** Clears the polite announcement after a while. */
  #statusTimer: ReturnType<typeof setTimeout> | undefined;

  readonly #tasks = new ClientTasks(this, () => (this.#signedIn ? this._clientId : null));
  readonly #members = new FirmMembers(this);
  readonly #board = new TaskBoard(this, this.#members);
  readonly #taskDetail = new TaskDetail(this);
  readonly #statuses = new WorkStatuses(this);
  readonly #workList = new WorkList(this, this.#statuses, this.#members);
  readonly #workDetail = new WorkDetailView(this, this.#statuses, this.#members);
  readonly #templates = new TemplateList(this);
  readonly #templateEditor = new TemplateEditor(this);
  readonly #apply = new TemplateApply(this);
  readonly #settings = new FirmSettingsView(this);
  readonly #inbox = new InboxView(this);
  readonly #request = new RequestView(this, this.#members);
  readonly #notifications = new NotificationsView(this);
  readonly #delivery = new DeliveryView(this);
  readonly #announcements = new AnnouncementsView(this);
  // --- console-clients (H3) ---
  readonly #clientsView = new ClientsView(this);
  /** A client the clients list shows or has selected (the console keeps no list of every client: GET /firm/clients is paged). */
  readonly #knownClient = (id: string): FirmClient | undefined => this.#clientsView.find(id);
  readonly #contacts = new ContactsView(this);
  readonly #contactRecord = new ContactRecord(this);
  readonly #clientForm = new ClientForm(this, this.#members, this.#knownClient, () => this.#clientsView.reload());
  readonly #import = new ContactImport(this);
  readonly #openPortal = new OpenPortalView(this, this.#knownClient, () => this.#clientsView.clearSelection());
  // --- end console-clients (H3) ---
  // --- console setup (H4) ---
  readonly #signup = new FirmSignupView(this, () => this.#localize.locale);
  readonly #team = new TeamView(this, this.#members);
  readonly #activity = new ActivityView(this, this.#members);
  readonly #firstSteps = new FirstSteps(this, () => this.#signIn.session?.firm.slug ?? this.firm);
  // --- end console setup (H4) ---
  /** The screens Back returns to, latest last. */
  #trail: ConsoleRoute[] = [];
  /** `#notifications` was in the address (a staff notice email's link): the Notifications view opens once signed in. */
  #wantsNotifications = false;

  /** Polite announcement (role=status). */
  @state() private _announcement = '';
  /** Error of an action (role=alert). */
  @state() private _error = '';
  @state() private _clientId: string | null = null;
  @state() private _route: ConsoleRoute = { view: 'clients' };

  /** Origin of the Portico server; `''` (default) is the page's own origin. */
  @property() api = '';

  /** Slug of the firm staff sign in to (`POST /auth/link { firm }`). Required: without it the console shows a configuration error. */
  @property() firm = '';

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#readNotificationsLink);
    this.#readNotificationsLink();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#readNotificationsLink);
    clearTimeout(this.#statusTimer);
  }

  /** `#notifications` in the address (staff notice emails link to `/console#notifications`): taken out of it; the view opens once signed in. */
  readonly #readNotificationsLink = (): void => {
    if (takeFragmentParam('notifications') === null) return;
    this.#wantsNotifications = true;
    if (this.#signedIn) this.#openNotificationsLink();
  };

  #openNotificationsLink(): void {
    if (!this.#wantsNotifications || !this.#signedIn) return;
    this.#wantsNotifications = false;
    this.#onSection('notifications');
  }

  /** The owner or an admin: they also see the firm's Delivery screen, and change settings and announcements. */
  get isAdmin(): boolean {
    const role = this.#signIn.session?.role;
    return role === 'owner' || role === 'admin';
  }

  get #signedIn(): boolean {
    return this.#signIn.view === 'signed-in';
  }

  get strings(): ConsoleStrings {
    return consoleStrings(this.#localize.locale);
  }

  get apiClient(): PorticoApi {
    return this.#signIn.api;
  }

  get memberId(): string | null {
    return this.#signIn.session?.user.id ?? null;
  }

  formatTime(ms: number): string {
    const tag = this.#localize.tag;
    return new Intl.DateTimeFormat(tag === 'en' ? 'en-GB' : tag, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
  }

  formatNumber(n: number): string {
    return new Intl.NumberFormat(this.#localize.tag).format(n);
  }

  formatSize(bytes: number): string {
    return this.#localize.size(bytes);
  }

  navigate(route: ConsoleRoute): void {
    this.#trail = [...this.#trail, this._route].slice(-20);
    this.#show(route);
  }

  back(): void {
    const previous = this.#trail.at(-1) ?? { view: 'clients' };
    this.#trail = this.#trail.slice(0, -1);
    this.#show(previous, true);
  }

  /** A section of the top navigation starts a new trail. */
  #onSection(view: (typeof sections)[number][0]): void {
    this.#trail = [];
    this.#show({ view });
  }

  /**
   * Shows a screen, loading what it opens on, and moves focus to its heading.
   * Going `back` to a list keeps its filters (and loads it again: it may have changed).
   */
  #show(route: ConsoleRoute, back = false): void {
    this._route = route;
    this._error = '';
    switch (route.view) {
      case 'board':
        if (back) this.#board.reload();
        else this.#board.open({ clientId: route.clientId ?? '', workId: route.workId ?? '' }, route.clientName);
        break;
      case 'task': this.#taskDetail.open(route.id); break;
      case 'work':
        if (back) this.#workList.reload();
        else this.#workList.open(route.clientId, route.clientName);
        break;
      case 'work-detail': this.#workDetail.open(route.id); break;
      case 'statuses': void this.#statuses.load(); break;
      case 'templates': this.#templates.open(); break;
      case 'template': this.#templateEditor.open(route.id, route.kind); break;
      case 'apply': this.#apply.open(route.id); break;
      case 'settings': void this.#settings.open(); break;
      case 'announcements': this.#announcements.open(); break;
      case 'inbox':
        if (back) this.#inbox.reload();
        else this.#inbox.open();
        break;
      case 'request': this.#request.open(route.id); break;
      case 'notifications': this.#notifications.open(); break;
      case 'delivery':
        if (back) this.#delivery.reload();
        else this.#delivery.open();
        break;
      case 'clients':
        this.#tasks.reload();
        if (back) this.#clientsView.reload();
        else this.#clientsView.open();
        if (this.#signedIn) void this.#firstSteps.refresh(); // console setup (H4)
        break;
      // --- console-clients (H3) ---
      case 'contacts':
        if (back) this.#contacts.reload();
        else this.#contacts.open(route.health);
        break;
      case 'contact': this.#contactRecord.open(route.id); break;
      case 'client': this.#clientForm.open(route.id); break;
      case 'import': this.#import.open(); break;
      case 'open-portal': this.#openPortal.open(route.clientIds); break;
      // --- end console-clients (H3) ---
      // --- console setup (H4) ---
      case 'signup': this.#signup.open(); break;
      case 'team': this.#team.open(); break;
      case 'activity':
        if (back) this.#activity.reload();
        else this.#activity.open();
        break;
      // --- end console setup (H4) ---
    }
    void this.focusHeading();
  }

  /** Day-month-year for a bare `en` too, as staff in Europe read dates ("20 Apr 2030"). */
  formatDate(iso: string): string {
    const tag = this.#localize.tag;
    return formatCalendarDate(tag === 'en' ? 'en-GB' : tag, iso);
  }

  announce(message: string): void {
    this._announcement = message;
    clearTimeout(this.#statusTimer);
    // Clear later so that the same message can be announced again.
    this.#statusTimer = setTimeout(() => {
      if (this._announcement === message) this._announcement = '';
    }, 8000);
  }

  showError(message: string): void {
    this._error = message;
  }

  messageFor(err: unknown): string {
    if (err instanceof ApiError) {
      if (err.status === 409) return this.strings.conflict;
      if (err.status === 400 && err.message) return err.message;
    }
    return this.strings[errorMessage(err)];
  }

  failure(err: unknown): string | null {
    if (!isUnauthorized(err)) return this.messageFor(err);
    this._clientId = null;
    this._error = '';
    this.#signIn.sessionExpired();
    return null;
  }

  #onChooseClient(id: string): void {
    if (this._clientId === id) return;
    this._clientId = id;
    this._error = '';
    this.#tasks.clientChanged();
  }

  /** Sign-in views, or the signed-in console, with shared status and alert regions. */
  override render(): TemplateResult {
    const t = this.strings;
    const signIn = this.#signIn;
    const status = this._announcement || (signIn.status ? t[signIn.status] : '');
    const error = this._error || (signIn.error ? t[signIn.error] : '');
    return html`
      <div part="base" lang=${this.#localize.tag}>
        <p class="status" role="status" aria-live="polite">${status}</p>
        ${error ? html`<p class="alert" role="alert">${error}</p>` : nothing}
        ${this.#renderView()}
      </div>
    `;
  }

  #renderView(): TemplateResult | typeof nothing {
    const t = this.strings;
    switch (this.#signIn.view) {
      case 'unconfigured':
        return html`<p class="alert" role="alert">${t.noFirm}</p>`;
      case 'starting':
        return html`<p class="muted">${t.loading}</p>`;
      case 'checking-link':
        return html`<p class="muted">${t.checkingLink}</p>`;
      case 'signed-in':
        return this.#renderConsole();
      default:
        // console setup (H4): "New firm? Sign up" under the sign-in form, and the sign-up form.
        if (this._route.view === 'signup' && this.#signIn.view === 'sign-in') {
          return html`<section class="card narrow">${this.#signup.render(() => this.#leaveSignup())}</section>`;
        }
        return html`<section class="card narrow">${renderSignInView(this.#signIn, t)}
          ${this.#signIn.view === 'sign-in'
            ? html`<p class="signup-offer">${t.signUpOffer} <button type="button" class="button link" @click=${() => this.#show({ view: 'signup' })}>${t.signUpLink}</button></p>`
            : nothing}</section>`;
    }
  }

  #renderConsole(): TemplateResult {
    const t = this.strings;
    const session = this.#signIn.session;
    const section = sectionOf[this._route.view];
    return html`
      <div class="topbar">
        <h1 tabindex="-1" ?data-heading=${this._route.view === 'clients'}>${t.title}</h1>
        <div class="row">
          ${session ? html`<p class="muted">${t.signedInAsFirm(session.user.email, session.firm.name)}</p>` : nothing}
          <button type="button" class="button secondary" ?disabled=${this.#signIn.busy} @click=${this.#onSignOut}>
            ${t.signOut}
          </button>
        </div>
      </div>
      <nav class="sections" aria-label=${t.sectionsLabel}>
        <ul class="plain row">
          ${sections.filter(([view]) => !adminSections.has(view) || this.isAdmin).map(
            ([view, key]) => html`<li>
              <button type="button" class="tab" aria-current=${section === view ? 'page' : 'false'} @click=${() => this.#onSection(view)}>${t[key]}${view === 'notifications' ? this.#notifications.renderBadge() : nothing}</button>
            </li>`,
          )}
        </ul>
      </nav>
      ${this._route.view === 'clients' ? this.#renderClientsScreen() : html`<div class="card screen">${this.#renderScreen()}</div>`}
    `;
  }

  #renderScreen(): TemplateResult {
    switch (this._route.view) {
      case 'board': return this.#board.render();
      case 'task': return this.#taskDetail.render();
      case 'work': return this.#workList.render();
      case 'work-detail': return this.#workDetail.render();
      case 'statuses': return this.#statuses.render();
      case 'templates': return this.#templates.render();
      case 'template': return this.#templateEditor.render();
      case 'apply': return this.#apply.render();
      case 'settings': return this.#settings.render();
      case 'announcements': return this.#announcements.render();
      case 'inbox': return this.#inbox.render();
      case 'request': return this.#request.render();
      case 'notifications': return this.#notifications.render();
      case 'delivery': return this.#delivery.render();
      // --- console-clients (H3) ---
      case 'contacts': return this.#contacts.render();
      case 'contact': return this.#contactRecord.render();
      case 'client': return this.#clientForm.render();
      case 'import': return this.#import.render();
      case 'open-portal': return this.#openPortal.render();
      // --- end console-clients (H3) ---
      // --- console setup (H4) ---
      case 'team': return this.#team.render();
      case 'activity': return this.#activity.render();
      // --- end console setup (H4) ---
      default: return this.#renderClientsScreen();
    }
  }

  #renderClientsScreen(): TemplateResult {
    const t = this.strings;
    const client = this._clientId ? this.#knownClient(this._clientId) : undefined;
    return html`
      ${this.#firstSteps.render() /* console setup (H4) */}
      <div class="layout">
        <nav class="card" aria-labelledby="clients-title">
          <h2 id="clients-title">${t.clientsTitle}</h2>
          ${this.#clientsView.render(this._clientId, (id) => this.#onChooseClient(id))}
        </nav>
        <section class="card" aria-labelledby="tasks-title">${this.#tasks.render(client)}</section>
      </div>
    `;
  }

  // --- console setup (H4) ---
  /** Back from the sign-up form to the sign-in form, focus on its heading. */
  #leaveSignup(): void {
    this._route = { view: 'clients' };
    void this.focusHeading();
  }

  /**
   * A staff sign-in link for another firm of this server (the owner of a firm
   * just signed up, or a member of two firms): the console turns to that firm,
   * and tells the page (`portico-firm-change`, e.g. to keep it in the address).
   */
  #switchFirm(slug: string): boolean {
    this.firm = slug;
    this.dispatchEvent(new CustomEvent<{ firm: string }>('portico-firm-change', { detail: { firm: slug }, bubbles: true, composed: true }));
    return true;
  }
  // --- end console setup (H4) ---

  readonly #onSignOut = (): void => {
    this._error = '';
    void this.#signIn.signOut(true);
  };
}

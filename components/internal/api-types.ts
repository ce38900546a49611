/**
 * Response and request shapes of the Portico JSON API (`/api/v1`), as the
 * browser elements and the console see them. Written out here so the
 * elements never import edge/; `api-types.type-test.ts` compares each with
 * the server's own answer types, so `tsc` fails the moment they drift.
 */

export type Locale = 'en' | 'et';
export type Audience = 'client' | 'staff';

/** The error envelope every failing response carries. */
export interface ErrorEnvelope {
  error: {
    code: string;
    message: string;
    issues?: unknown;
    requestId?: string;
  };
}

export interface FirmBranding {
  primaryColor?: string;
  accentColor?: string;
  logoUrl?: string;
  /** A small square image (favicon, app icon), when the firm uploaded one. */
  iconUrl?: string;
  fontFamily?: string;
  /** A CSS length such as `8px` (the settings accept nothing else). */
  radius?: string;
}

/** `GET /public/firms/:slug` */
export interface PublicFirm {
  slug: string;
  name: string;
  locale: Locale;
  branding: FirmBranding;
  /** Whether the portal shows the "Work in progress" list (`GET /portal/work`). */
  showWorkList: boolean;
  /** False while the firm has not opened its portal: clients cannot sign in yet. */
  portalActive: boolean;
  /** A few words about the firm for its sign-in page ('' for none). */
  description: string;
  /** Shown once to each contact on their first visit. */
  welcomeVideoUrl: string | null;
  /** The firm takes new requests and new conversations from the portal; when false `<request-form>` says how to reach it instead. */
  requestsEnabled: boolean;
}

/** `POST /auth/link` body. */
export interface AuthLinkRequest {
  firm: string;
  email: string;
  as?: Audience;
}

/** `POST /auth/link` -> 202 */
export interface AuthLinkResponse {
  ok: true;
}

/** `POST /auth/link/inspect` -> 200 */
export interface LinkInspection {
  email: string;
  audience: Audience;
  firm: { slug: string; name: string };
  /** `pin_reset`: a forgotten-PIN link, used with a new PIN. */
  purpose: 'sign_in' | 'pin_reset';
  /** The contact's PIN will be asked on this device. */
  pinRequired: boolean;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

export interface ClientRef {
  id: string;
  name: string;
  /** The company's document folder (shown as "Documents"); null: none set. */
  documentsUrl: string | null;
}

export type MemberRole = 'owner' | 'admin' | 'member';

/** `GET /auth/session` -> 200 (who am I). */
export interface SessionInfo {
  audience: Audience;
  /** Staff only: what the member may do (the owner and admins change settings and API keys). */
  role?: MemberRole;
  user: SessionUser;
  firm: PublicFirm;
  /** Companies a contact belongs to; `[]` for staff. */
  clients: ClientRef[];
  /** Contacts: the company to open on (null: none of theirs remembered). */
  lastClientId?: string | null;
  /** Contacts: a staff preview session (read-only): the member's name and the contact's; null otherwise. */
  preview?: { by: string; contactName: string } | null;
}

/** `POST /auth/session` -> 200 */
export interface SessionCreated extends SessionInfo {
  token: string;
  /** When the session ends, UTC milliseconds. */
  expiresAt: number;
}

export type ClientTaskState = 'open' | 'done';

export interface ChecklistProgress {
  done: number;
  total: number;
}

/** An item of `GET /portal/tasks`. */
export interface TaskSummary {
  id: string;
  clientId: string;
  title: string;
  /** Calendar date `YYYY-MM-DD` in the firm's timezone. */
  dueDate: string | null;
  state: ClientTaskState;
  unread: boolean;
  /** Portal messages in its conversation this contact has not seen (never internal ones). */
  unreadMessages: number;
  overdue: boolean;
  /** UTC milliseconds. */
  assignedAt: number;
  checklistProgress: ChecklistProgress;
  /** The work it belongs to, its title, and the client section it is listed under there (null: none). */
  workId: string | null;
  workTitle: string | null;
  section: string | null;
  /** The firm completed it: done for good (no undo, no ticking). */
  completedByFirm: boolean;
}

/** The contract's name for a portal task (an item of `GET /portal/tasks`). */
export type PortalTask = TaskSummary;

export interface ChecklistItem {
  id: string;
  text: string;
  done: boolean;
}

/** A document request's file as the portal sees it: the latest live version and its review. */
export interface FileReview {
  state: 'pending' | 'accepted' | 'rejected';
  /** Why the firm asks for a new version (when rejected). */
  reason: string | null;
}

/** A portal checklist item with the issue 8 fields: a document request asks for a file instead of a tick. */
export interface PortalChecklistItem extends ChecklistItem {
  requestsFile: boolean;
  file: null | { id: string; name: string; review: FileReview };
}

/** `GET /portal/tasks/:id`, `POST /portal/tasks/:id/complete|reopen`, `PATCH /portal/tasks/:id/checklist/:itemId` */
export interface TaskDetail extends TaskSummary {
  description: string;
  /** A document request (`requestsFile`) is done by a file, not a tick; `file` is its latest live version. */
  checklist: PortalChecklistItem[];
  /** The firm's "Done uploading" button: offered, and when the contact last pressed it (UTC ms). */
  doneUploading: { offered: boolean; at: number | null };
}

export interface ListResponse<T> {
  items: T[];
}

/** A list read a page at a time: pass `nextCursor` as `cursor` for the next page; null on the last. */
export interface PagedList<T> {
  items: T[];
  nextCursor: string | null;
}

/** `GET /portal/tasks?state=open|done&clientId&limit&cursor` */
export type TaskListResponse = PagedList<TaskSummary>;

/** `PATCH /portal/tasks/:id/checklist/:itemId` body. */
export interface ChecklistTickRequest {
  done: boolean;
}

export interface FirmClientContact {
  id: string;
  email: string;
  name: string;
  /** When (UTC ms) and why the mail provider gave up on the address (a bounce, a spam complaint, an inactive recipient); null: deliverable. Nothing is emailed there until it changes. */
  emailUndeliverable: { at: number; reason: string } | null;
}

/** An item of `GET /firm/clients`. */
export interface FirmClient {
  id: string;
  name: string;
  portalOpen: boolean;
  responsibleMemberId: string | null;
  /** Shown in the portal as "Documents" (https only); null: none. */
  documentFolderUrl: string | null;
  /** The client's digitisation inbox, where "Digitise" emails a task's files; null: none. */
  digitisationAddress: string | null;
  contacts: FirmClientContact[];
}

/** `PATCH /firm/clients/:id` body; null clears a field. */
export interface UpdateFirmClientRequest {
  /** 409 `client_exists` when another client of the firm has the name (any case). */
  name?: string;
  /** A member of the firm (404 otherwise); null: none. */
  responsibleMemberId?: string | null;
  documentFolderUrl?: string | null;
  digitisationAddress?: string | null;
}

/** A document request's version under review. */
export interface FirmFileReview {
  state: 'pending' | 'accepted' | 'rejected';
  /** Why staff asked for a new version (when rejected). */
  reason: string | null;
}

/** A checklist item as staff see it: a document request (`requestsFile`) shows its latest live version. */
export interface FirmChecklistItem extends ChecklistItem {
  requestsFile: boolean;
  latestFile: null | { id: string; name: string; review: FirmFileReview };
}

/** A checklist entry when creating or editing a task: a text, or a text that asks for a file. */
export type ChecklistEntryInput = string | { text: string; requestsFile?: boolean };

/** A file as staff see it (`GET /firm/tasks/:id/files`, `POST /firm/files/:id/accept|reject`). */
export interface FirmFile {
  id: string;
  name: string;
  size: number;
  type: string;
  createdAt: number;
  clientId: string;
  workId: string | null;
  taskId: string | null;
  checklistItemId: string | null;
  requestId: string | null;
  sha256: string;
  /** A staff upload meant for an internal note (`?for=internal`): never shown to the client. */
  internal: boolean;
  uploadedBy: { type: 'member' | 'contact' | 'apikey'; id: string; name: string | null };
  review: FirmFileReview | null;
  deletedAt: number | null;
  /** Absolute, signed, valid about 5 minutes; null for a deleted file. */
  downloadUrl: string | null;
}

/** `GET|PATCH /firm/settings`: the switches the console edits (the answer has more: name, timezone, origins, branding). */
export interface FirmSettings {
  showWorkList: boolean;
  portalRequestsEnabled: boolean;
  /** Clients get a "Done uploading" button on their tasks. */
  doneUploadingEnabled: boolean;
  /** Staff may email a task's files to the client's digitisation inbox. */
  digitisationEnabled: boolean;
}

/** `POST /firm/tasks/:id/digitise` -> 202: how many files go, in how many emails, and the names of those too big to send. */
export interface DigitiseQueued {
  files: number;
  emails: number;
  skipped: string[];
}

export type FirmTaskStatus = 'draft' | 'assigned' | 'withdrawn' | 'completed';
/** A transition: `POST /firm/tasks/:id/<action>`. */
export type FirmTaskAction = 'assign' | 'withdraw' | 'complete' | 'reopen';

/** How a task repeats; dates are calendar dates in the firm's timezone. */
export interface Recurrence {
  freq: 'weekly' | 'monthly' | 'quarterly' | 'yearly';
  /** Monthly, quarterly, yearly: the day of the month (1-31, clamped to the month), or -1 for the last day. */
  day?: number;
  /** Stop after this date (`YYYY-MM-DD`). */
  until?: string;
  /** Stop after this many occurrences in all (1-500). */
  count?: number;
}

/** The board's state of a task: `client_done` is "done by the client, waiting for you". */
export type TaskStage = 'draft' | 'waiting' | 'client_done' | 'completed' | 'withdrawn';

/** `GET /firm/tasks`, `GET /firm/tasks/:id`, transitions, `PATCH /firm/tasks/:id`. */
export interface FirmTask {
  id: string;
  clientId: string;
  clientName: string;
  title: string;
  description: string;
  dueDate: string | null;
  status: FirmTaskStatus;
  stage: TaskStage;
  /** The transitions the caller may take now, computed by the server: offer exactly these. */
  actions: FirmTaskAction[];
  clientState: ClientTaskState;
  /** Due before today in the firm's timezone and not done (the rule the client sees too). */
  overdue: boolean;
  autoComplete: boolean;
  assignedAt: number | null;
  withdrawnAt: number | null;
  completedAt: number | null;
  createdAt: number;
  checklistItems: FirmChecklistItem[];
  /** Send it back with an edit or a delete: a stale one answers 409 `conflict`. */
  version: number;
  workId: string | null;
  section: string | null;
  /** Addressed to this one contact of the client (only they see it); null: every contact with access. */
  contactId: string | null;
  recurrence: Recurrence | null;
  /** Of a series: its first task's id, and this one's number (1 = the first). */
  seriesId: string | null;
  occurrence: number | null;
  /** When a sending rule will assign it to the portal (UTC milliseconds); null: no rule pending. */
  sendAt: number | null;
  reminderPolicy: ReminderPolicyKind;
  /** The rules of a `custom` policy. */
  reminderRules: ReminderRule[] | null;
  /** Automatic reminders since the task was first emailed or last resent (at most 5). */
  reminderCount: number;
  firstEmailedAt: number | null;
  lastReminderAt: number | null;
  /** Until when the task's links in emails open it (UTC milliseconds). */
  linkExpiresAt: number | null;
  /** Messages in its conversation the caller has not seen (internal comments included; not their own). */
  unreadMessages: number;
  /** The client request it was made from ("Turn into a task"), with its conversation; null when none or not directed to the caller. */
  fromRequest: { id: string; subject: string } | null;
}

export type ReminderPolicyKind = 'gentle' | 'urgent' | 'custom' | 'none';

/** One rung of a custom ladder: `days` after sending, before the due date, or after it. */
export interface ReminderRule {
  from: 'sent' | 'before_due' | 'after_due';
  days: number;
}

/** One item of `GET /firm/tasks/:id/emails`: an email about the task, sent or still to come. */
export interface TaskEmail {
  id?: string;
  kind: string;
  to: string;
  contactId: string | null;
  contactName: string | null;
  subject?: string;
  at: number;
  state: 'scheduled' | 'queued' | 'sent' | 'failed' | 'undeliverable';
  error?: string;
}

/** `GET /firm/tasks?limit&cursor&stage&overdue&clientId&workId&responsibleId&q` */
export type FirmTaskList = PagedList<FirmTask>;

/** `PATCH /firm/tasks/:id` body: `version` and the fields to change. */
export interface UpdateFirmTaskRequest {
  version: number;
  title?: string;
  description?: string;
  dueDate?: string | null;
  autoComplete?: boolean;
  reminderPolicy?: ReminderPolicyKind;
  reminderRules?: ReminderRule[] | null;
  workId?: string | null;
  section?: string | null;
  contactId?: string | null;
  recurrence?: Recurrence | null;
  /** Replaces the list: an item with an `id` keeps its done state, one without is added, one left out is removed; order as given. */
  checklist?: { id?: string; text: string; requestsFile?: boolean }[];
}

export type HistoryAction =
  | 'created'
  | 'edited'
  | 'assigned'
  | 'viewed'
  | 'checklist_ticked'
  | 'client_done'
  | 'client_undone'
  | 'completed'
  | 'reopened'
  | 'withdrawn'
  | 'deleted'
  | 'sent_by_rule'
  | 'file_accepted'
  | 'file_rejected'
  | 'uploads_done'
  | 'digitised';

/** An item of `GET /firm/tasks/:id/history`, newest first. */
export interface HistoryEntry {
  id: string;
  action: HistoryAction;
  /** Who did it; `name` as the firm knows them (null for the system). */
  actor: { type: 'member' | 'contact' | 'apikey' | 'system'; id: string | null; name: string | null };
  /** `edited`: `{ fields }`; `checklist_ticked`: `{ itemId, text, done }`. */
  data: Record<string, string | number | boolean | null | string[]> | null;
  /** UTC milliseconds. */
  at: number;
}

/** `POST /firm/tasks` body. */
export interface CreateFirmTaskRequest {
  clientId: string;
  title: string;
  description?: string;
  /** `YYYY-MM-DD`, or null for none. */
  dueDate?: string | null;
  checklist?: ChecklistEntryInput[];
  assign?: boolean;
  /** The client's "done" completes the task for the firm too. */
  autoComplete?: boolean;
  workId?: string | null;
  section?: string | null;
  /** Addressed to one contact of the client: only they see it. */
  contactId?: string | null;
  /** Makes it the first of a series; needs a `dueDate`. */
  recurrence?: Recurrence | null;
}

/** A list page (the same shape as `PagedList`). */
export type Page<T> = PagedList<T>;


/** An item of `GET /firm/work-statuses`, in the firm's order. */
export interface WorkStatus {
  id: string;
  name: string;
  position: number;
  /** Shown to clients in "Work in progress"; otherwise they see no status. */
  clientFacing: boolean;
  /** Send it back with a change (compare-and-set). */
  version: number;
}

/** `GET /firm/members?q&limit&cursor` items: the firm's staff, by name (e.g. for a "responsible member" choice). */
export interface Member {
  id: string;
  name: string;
  email: string;
  role: MemberRole;
  /** When an owner or admin invited them (null: the owner who signed the firm up). */
  invitedAt: number | null;
  lastSignInAt: number | null;
}

/** `GET /firm/work` items, `POST /firm/work`, `PATCH /firm/work/:id`, complete/reopen/send. */
export interface Work {
  id: string;
  clientId: string;
  clientName: string;
  title: string;
  /** `YYYY-MM-DD`: the date the template's offsets count from. */
  startDate: string;
  responsibleMemberId: string | null;
  statusId: string | null;
  statusName: string | null;
  clientFacing: boolean;
  templateId: string | null;
  recurrence: Recurrence | null;
  completedAt: number | null;
  createdAt: number;
  version: number;
  taskCounts: { total: number; open: number };
  /** When a client started it from a self-service template (the firm is told), else null. */
  selfServiceStartedAt: number | null;
}

/** `GET /firm/work/:id`: the work and its tasks, ordered by client section. */
export interface WorkDetail extends Work {
  tasks: FirmTask[];
}

export type SendingRule = { kind: 'offset'; days: number } | { kind: 'immediate' } | { kind: 'manual' };

export interface TemplateTask {
  section: string | null;
  title: string;
  description: string;
  /** A text, or a text that asks for a file (a document request). On create and edit `{ text, requestsFile: false }` is taken too, and kept as the text. */
  checklist: (string | { text: string; requestsFile: true })[];
  /** Due this many days after (negative: before) the start date; null: no due date. */
  dueOffsetDays: number | null;
  sending: SendingRule;
  autoComplete: boolean;
}

/** `GET /firm/templates` items, `GET|POST|PATCH /firm/templates/:id`. */
export interface Template {
  id: string;
  kind: 'work' | 'task';
  title: string;
  description: string;
  tasks: TemplateTask[];
  recurrence: Recurrence | null;
  selfService: boolean;
  createdAt: number;
  updatedAt: number;
  version: number;
}

/** `GET /firm/templates/:id/preview?startDate=`: what the client will see. */
export interface TemplatePreview {
  sections: {
    title: string | null;
    tasks: { title: string; description: string; checklist: string[]; dueDate: string | null; sendDate: string | null }[];
  }[];
}

/** `POST /firm/templates/:id/apply` -> 201: per client, the work (null for a single-task template) and its tasks. */
export interface TemplateApplied {
  items: { clientId: string; workId: string | null; taskIds: string[] }[];
}

/** An item of `GET /portal/work`. */
export interface PortalWork {
  id: string;
  title: string;
  startDate: string;
  /** The client-facing status name; null when the work's status is internal or unset. */
  status: string | null;
}

/** An item of `GET /portal/templates`: a template the company may start itself. */
export interface PortalTemplate {
  id: string;
  title: string;
  description: string;
}

/** `GET /dev/mail.json` items. */
export interface DevMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** UTC milliseconds. */
  sentAt: number | null;
}

/** `POST /portal/templates/:id/start` -> 201: the work started (null for a single-task template) and its tasks. */
export interface SelfServiceStarted {
  workId: string | null;
  taskIds: string[];
}

/** An item of `GET /portal/tasks/:id/files` and `GET /portal/requests/:id/files`; `PUT …/files/:name` -> 201. */
export interface PortalFile {
  id: string;
  name: string;
  size: number;
  type: string;
  createdAt: number;
  taskId: string | null;
  checklistItemId: string | null;
  requestId: string | null;
  uploadedByMe: boolean;
  /** UTC ms until which the contact may delete it: only their own upload, in its first 30 minutes. */
  deletableUntil: number | null;
  review: FileReview | null;
  /** Absolute, signed, valid about 5 minutes. */
  downloadUrl: string;
}

// ---- Conversations and requests (issue 9) ----

/** A message's visibility: `internal` is for the firm only, `portal` the client sees. */
export type MessageVisibility = 'internal' | 'portal';

/** A file that came with a message. */
export interface MessageAttachment {
  id: string;
  name: string;
  size: number;
  type: string;
  /** Absolute, signed, valid about 5 minutes (read the thread again for a fresh one). */
  downloadUrl: string;
}

/** An item of `GET /firm/tasks/:id/messages` and `GET /firm/requests/:id/messages` (newest first); `POST` -> 201. */
export interface FirmMessage {
  id: string;
  /** Plain text as written: show it as text, never as HTML. */
  body: string;
  visibility: MessageVisibility;
  author: { type: 'member' | 'contact' | 'apikey' | 'system'; id: string | null; name: string };
  /** The message of the same thread it answers. */
  replyToId: string | null;
  /** `email`: a client's reply to a notification email. */
  via: 'portal' | 'email';
  createdAt: number;
  /** Written by the caller. */
  mine: boolean;
  attachments: MessageAttachment[];
}

/** A message of a task's or a request's conversation as a contact sees it (`GET|POST /portal/{tasks|requests}/:id/messages`). */
export interface PortalMessage {
  id: string;
  /** Plain text as written (HTML included: shown as text). */
  body: string;
  /** Always `portal` for a contact: internal comments never reach the portal. */
  visibility: 'internal' | 'portal';
  /** Who wrote it; an API key or the system shows as the firm's name. */
  author: { type: 'member' | 'contact' | 'apikey' | 'system'; id: string | null; name: string };
  /** The message it answers (of the same thread), or null. */
  replyToId: string | null;
  /** Written in the portal, or a reply to a notification email. */
  via: 'portal' | 'email';
  /** UTC milliseconds. */
  createdAt: number;
  /** Written by this contact. */
  mine: boolean;
  attachments: MessageAttachment[];
}

/** `POST /firm/tasks/:id/messages` and `POST /firm/requests/:id/messages` body: the visibility is always said. */
export interface NewFirmMessage {
  body: string;
  visibility: MessageVisibility;
  replyToId?: string;
  /** Files the caller uploaded to the thread, not yet on a message. */
  fileIds?: string[];
}

/** open: waiting for the firm; answered: the firm wrote back; converted: it became a task; closed. */
export type RequestState = 'open' | 'answered' | 'converted' | 'closed';

/** `GET /firm/requests` items, `GET /firm/requests/:id`, `PATCH /firm/requests/:id`, `POST /firm/requests/:id/close|reopen`. */
export interface FirmRequest {
  id: string;
  clientId: string;
  clientName: string;
  contact: { id: string; name: string; email: string };
  subject: string;
  body: string;
  state: RequestState;
  assignedMemberId: string | null;
  /** The task it became (state `converted`). */
  taskId: string | null;
  closedAt: number | null;
  createdAt: number;
  updatedAt: number;
  /** Send it back with an assignment: a stale one answers 409. */
  version: number;
  /** Messages in its conversation the caller has not seen. */
  unreadMessages: number;
}

/** `PATCH /firm/requests/:id` body. */
export interface AssignFirmRequest {
  assignedMemberId: string | null;
  version: number;
}

/** An item of `GET /firm/inbox?thread=task|request&q`: a new request or a client's portal message, newest first. */
export interface InboxItem {
  kind: 'request' | 'message';
  id: string;
  thread: { kind: 'task' | 'request'; id: string; title: string };
  client: { id: string; name: string };
  contact: { id: string; name: string } | null;
  /** The first 200 characters of the text. */
  excerpt: string;
  at: number;
  /** It came after the caller last opened its thread. */
  unread: boolean;
}

/** `GET /portal/{tasks|requests}/:id/messages`: newest first; opening it marks the thread read. */
export type PortalMessagePage = PagedList<PortalMessage>;

/** `POST /portal/{tasks|requests}/:id/messages` body. */
export interface NewPortalMessage {
  body: string;
  visibility?: 'portal';
  replyToId?: string;
  /** Files this contact uploaded to the thread, not yet on a message. */
  fileIds?: string[];
}

/** A contact's request (`GET /portal/requests`, `GET /portal/requests/:id`, `POST /portal/requests` -> 201). */
export interface PortalRequest {
  id: string;
  clientId: string;
  subject: string;
  body: string;
  state: RequestState;
  /** The task it became, once the firm turned it into one. */
  task: { id: string; title: string } | null;
  createdAt: number;
  updatedAt: number;
  /** Portal messages of its conversation this contact has not seen. */
  unreadMessages: number;
}

/** `GET /portal/requests?clientId&limit&cursor`, newest first. */
export type PortalRequestList = PagedList<PortalRequest>;

/** `POST /portal/requests` body: subject 1-200, body 1-10,000 characters; `clientId` may be left out with one company. */
export interface NewPortalRequest {
  clientId?: string;
  subject: string;
  body: string;
}

// ---- end of the conversation types ----

// ---- notifications and delivery (issue 10) ----

/** Which emails a contact gets: each kind on or off (all on by default), and `digest`: one summary each morning instead of single emails (reminders still come on their own). */
export interface ContactEmailPrefs {
  assigned: boolean;
  messages: boolean;
  reminders: boolean;
  withdrawn: boolean;
  fileRejected: boolean;
  digest: boolean;
}

/** `GET|PATCH /portal/profile`: the signed-in contact's own profile. */
export interface PortalProfile {
  name: string;
  email: string;
  phone: string | null;
  /** The company the portal opened last (`PATCH { lastClientId }`); null: none remembered. */
  lastClientId: string | null;
  locale: string | null;
  /** An IANA zone for morning emails; `null`: the firm's. */
  timezone: string | null;
  emailPrefs: ContactEmailPrefs;
  /** Emails to the address bounced for good: none is sent until it changes. */
  emailUndeliverable: boolean;
  /** A PIN is asked on new devices (`PUT|DELETE /portal/profile/pin`). */
  pin: boolean;
  /** The firm's welcome video was shown once already (`PATCH { welcomeSeen: true }`). */
  welcomeSeen: boolean;
}

/** `PATCH /portal/profile` body: what is left out stays. */
export interface PortalProfilePatch {
  name?: string;
  /** Digits, spaces, +, - and brackets; null clears it. */
  phone?: string | null;
  /** One of the contact's visible companies, else 400 `validation_failed`. */
  lastClientId?: string;
  locale?: Locale | null;
  timezone?: string | null;
  emailPrefs?: Partial<ContactEmailPrefs>;
  welcomeSeen?: true;
}

/** How a job stands for staff: failed for good, waiting for its first run, or waiting to be tried again. */
export type DeliveryState = 'failed' | 'pending' | 'retrying';

/** One of `GET /firm/delivery`: a job of the firm that failed or waits. */
export interface DeliveryJob {
  id: string;
  /** The job kind as stored (`email.send`, `notify.assigned`, `reminder.task`, …). */
  kind: string;
  /** The task (`tsk_…`) or contact (`con_…`) it is about, when known. */
  subjectId: string | null;
  state: DeliveryState;
  attempts: number;
  /** The last error, cut to 500 characters. */
  lastError: string | null;
  /** When it runs next; `null` when failed. */
  nextAttemptAt: number | null;
  updatedAt: number;
  /** An email's send job (`kind: "email.send"`): the address, subject and what it is (`assigned`, `reminder`, `sign_in`, …); null for other jobs. */
  email: DeliveryEmail | null;
}

/** The email a send job of `GET /firm/delivery` delivers. */
export interface DeliveryEmail {
  to: string;
  subject: string;
  kind: string | null;
}

/** `POST /firm/delivery/:id/retry` -> 200 */
export interface DeliveryRetried {
  id: string;
  state: 'pending';
  nextAttemptAt: number;
}

/** `GET /firm/clients?q&limit&cursor`: one page by name (limit ≤ 200, default 50); `q` finds part of the client's name or a contact's name/email. Items are FirmClient (unchanged shape, contacts included). */
export interface NewFirmClient { name: string; responsibleMemberId?: string | null; documentFolderUrl?: string | null; digitisationAddress?: string | null }
/** `POST /firm/clients/:id/contacts` body: a new contact, or the firm's existing contact with that email linked to the client. 201 FirmContactRecord; 409 already_linked. */
export interface NewClientContact { email: string; name: string; phone?: string | null }
/** `GET /firm/contacts/:id`, answer of `PATCH /firm/contacts/:id` and `POST /firm/clients/:id/contacts`. */
export interface FirmContactRecord {
  id: string; name: string; email: string; phone: string | null; locale: string | null;
  health: 'never_invited' | 'invited' | 'link_expired' | 'active' | 'undeliverable';
  invitedAt: number | null; lastSignInAt: number | null;
  emailUndeliverable: { at: number; reason: string } | null;
  companies: { id: string; name: string; portalOpen: boolean; access: boolean }[];
}
/** `PATCH /firm/contacts/:id` body (409 email_taken when another contact of the firm has the address; a changed address clears "undeliverable"). */
export interface FirmContactPatch { name?: string; email?: string; phone?: string | null }
/** `GET /firm/contacts/:id/history?limit&cursor` -> PagedList<ContactHistoryEntry>, newest first. */
export interface ContactHistoryEntry {
  id: string;
  /** contact.created, contact.edited {fields}, contact.linked {clientId}, contact.unlinked {clientId}, contact.invited, contact.access_changed {clientId, access}, contact.previewed {by}, contact.signed_in, contact.profile_changed {fields} (by the contact), contact.email_changed {from, to}, contact.pin_set, contact.imported */
  action: string;
  actor: { type: 'member' | 'contact' | 'apikey' | 'system'; id: string | null; name: string | null };
  data: Record<string, string | number | boolean | null | string[]> | null;
  at: number;
}
/** `POST /firm/imports/contacts` body: `{ csv: string, commit?: boolean }` (text/csv also accepted as raw body with ?commit=1).
 * Columns by header (case-insensitive, en or et names): name, company, email, phone; name/company/email required columns (400 csv_missing_column with issues).
 * Without commit: a preview, nothing written. With commit: writes in one batch only when no row has errors (else 422 csv_has_errors with the same preview); clients made by company name (reused when the firm has one of that name), contacts by email (reused and linked). Max 10 000 rows (413 csv_too_large beyond). Cells starting with = + - @ TAB CR are refused per row (formula) — no silent rewriting. Duplicate emails in the file: the second row errors. */
export interface ContactImportPreview {
  rows: { line: number; name: string; company: string; email: string; phone: string | null; outcome: 'new' | 'existing' | 'error'; errors: { column: string; code: string; message: string }[] }[];
  counts: { total: number; new: number; existing: number; errors: number; newClients: number };
  committed: boolean;
}
/** `POST /portal/profile/email { email }` -> 202: a confirmation link goes to the NEW address (#email-confirm=<token> on the portal page, 24 h); 409 email_taken; 400 email_unchanged. `POST /auth/email/confirm { token }` -> 200 PortalProfile (the address changes; old sessions stay; history contact.email_changed). */
export interface EmailChangeRequest { email: string }
/** `POST /firm/contacts/:id/preview` (staff, any role) -> 201: a read-only portal session (15 min) as that contact; the portal opens with `#preview=<token>`; every write answers 403 preview_read_only; reads never mark anything read. */
export interface PreviewSession { token: string; expiresAt: number; url: string }
/** `PUT /firm/settings/logo` and `/icon` (raw image body, owner/admin; PNG, JPEG, WebP, SVG refused; logo ≤ 512 KB, icon ≤ 128 KB; 413 / 415) -> 200 FirmBranding; `DELETE` the same -> 200 FirmBranding. Public at `GET /public/firms/:slug/logo|icon` (long cache, nosniff). FirmBranding.logoUrl/iconUrl point there. */
/** `GET /firm/activity?limit&cursor&action` (owner/admin) -> PagedList<FirmActivityEntry>, newest first: firm.settings_changed {fields}, firm.slug_changed {from,to}, firm.branding_changed {fields}, firm.logo_changed, firm.icon_changed, firm.embed_secret_made, firm.member_invited/role_changed/removed, firm.api_key_created/revoked, firm.announcement_published/... */
export interface FirmActivityEntry { id: string; action: string; actor: { type: 'member' | 'contact' | 'apikey' | 'system'; id: string | null; name: string | null }; data: Record<string, string | number | boolean | null | string[]> | null; at: number }

/** An item of `GET /portal/announcements` (newest first; empty while the firm has announcements off). `POST /portal/announcements/:id/dismiss` -> 204: not shown at sign-in again. */
export interface PortalAnnouncement { id: string; title: string; body: string; publishedAt: number; dismissed: boolean }

import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

/** Times are UTC milliseconds; calendar dates (due dates) are `YYYY-MM-DD`. */
const createdAt = () => integer('created_at').notNull();

/** A contact's choice of emails (true: sent); `digest`: one email a day instead of single ones. */
export interface ContactEmailPrefs {
  assigned?: boolean;
  messages?: boolean;
  reminders?: boolean;
  withdrawn?: boolean;
  fileRejected?: boolean;
  digest?: boolean;
}

/** A member's choice of notification emails (true: sent); the console shows them all either way. */
export interface MemberEmailPrefs {
  requestCreated?: boolean;
  clientMessage?: boolean;
  clientCompleted?: boolean;
  uploadsDone?: boolean;
}

/** One rung of a custom reminder ladder: `days` after sending, before the due date or after it. */
export interface ReminderRule {
  from: 'sent' | 'before_due' | 'after_due';
  days: number;
}

export interface Branding {
  primaryColor?: string;
  accentColor?: string;
  /** Set by an upload (`PUT /firm/settings/logo`): the public address it is served from, versioned by its hash. */
  logoUrl?: string;
  /** Set by an upload (`PUT /firm/settings/icon`): a small square image (favicon, app icon). */
  iconUrl?: string;
  fontFamily?: string;
  radius?: string;
}

export const firms = sqliteTable('firms', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull().default('UTC'),
  locale: text('locale').notNull().default('en'),
  branding: text('branding', { mode: 'json' }).$type<Branding>().notNull().default(sql`'{}'`),
  /** The page on the firm's own site that hosts the widgets; sign-in links point there. */
  portalUrl: text('portal_url'),
  allowedOrigins: text('allowed_origins', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  /** Whether the portal shows clients a "Work in progress" list of their company's work. */
  showWorkList: integer('show_work_list', { mode: 'boolean' }).notNull().default(false),
  /** Whether clients get a "Done uploading" button on tasks to say all their documents are in. */
  doneUploadingEnabled: integer('done_uploading_enabled', { mode: 'boolean' }).notNull().default(false),
  /** Whether staff may forward a task's files to a client's digitisation inbox. */
  digitisationEnabled: integer('digitisation_enabled', { mode: 'boolean' }).notNull().default(false),
  /** Whether clients may start new requests and threads from the portal (replies on existing ones always work). */
  portalRequestsEnabled: integer('portal_requests_enabled', { mode: 'boolean' }).notNull().default(true),
  /** Whether clients can sign in at all; a firm that signs up starts with it off (existing firms were on). */
  portalActive: integer('portal_active', { mode: 'boolean' }).notNull().default(true),
  /** A few words about the firm on the portal's sign-in page. */
  description: text('description').notNull().default(''),
  /** Shown once to each contact on their first visit (an https URL of a video page or file). */
  welcomeVideoUrl: text('welcome_video_url'),
  /** Whether the portal shows the firm's announcements. */
  announcementsEnabled: integer('announcements_enabled', { mode: 'boolean' }).notNull().default(false),
  /**
   * The embed secret for identity tokens is derived from SIGNING_SECRET and this
   * version (HMAC), never stored: 0 is none yet; "regenerate" bumps it, which
   * revokes the old one.
   */
  embedSecretVersion: integer('embed_secret_version').notNull().default(0),
  embedSecretCreatedAt: integer('embed_secret_created_at'),
  /** Whether an identity token naming an unknown email creates the contact (else it is refused). */
  identityCreatesContacts: integer('identity_creates_contacts', { mode: 'boolean' }).notNull().default(false),
  /** The single-task template an invitation gives each newly invited client as a sample task; null: none. */
  sampleTemplateId: text('sample_template_id'),
  /** The uploaded logo and icon in the BlobStore (random keys) with their sniffed types; null: none uploaded. */
  logoKey: text('logo_key'),
  logoType: text('logo_type'),
  iconKey: text('icon_key'),
  iconType: text('icon_type'),
  createdAt: createdAt(),
});

/** A firm's former portal addresses: each keeps redirecting to the firm (and can never be taken by another). */
export const firmSlugRedirects = sqliteTable('firm_slug_redirects', {
  slug: text('slug').primaryKey(),
  firmId: text('firm_id').notNull().references(() => firms.id),
  createdAt: createdAt(),
});

/** How a task or a template repeats; dates are calendar dates in the firm's timezone. */
export interface Recurrence {
  freq: 'weekly' | 'monthly' | 'quarterly' | 'yearly';
  /** Monthly, quarterly, yearly: the day of the month (1-31, clamped to the month's length), or -1 for the last day. */
  day?: number;
  /** Stop after this calendar date. */
  until?: string;
  /** Stop after this many occurrences in all. */
  count?: number;
}

/** When a template's task goes to the client. */
export type SendingRule = { kind: 'offset'; days: number } | { kind: 'immediate' } | { kind: 'manual' };

/** One task of a template, placed relative to the work's start date. */
export interface TemplateTask {
  /** The client section it is listed under (null: none). */
  section: string | null;
  title: string;
  description: string;
  /** A text, or a text that asks for a file (a document request). */
  checklist: (string | { text: string; requestsFile: true })[];
  /** Due this many days after (negative: before) the start date; null: no due date. */
  dueOffsetDays: number | null;
  sending: SendingRule;
  autoComplete: boolean;
}

export const members = sqliteTable(
  'members',
  {
    id: text('id').primaryKey(),
    firmId: text('firm_id').notNull().references(() => firms.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['owner', 'admin', 'member'] }).notNull(),
    /** Which notifications also come by email; null: all of them. */
    emailPrefs: text('email_prefs', { mode: 'json' }).$type<MemberEmailPrefs>(),
    /** Set when an owner or admin invited them; null for the owner who signed the firm up. */
    invitedAt: integer('invited_at'),
    invitedBy: text('invited_by'),
    lastSignInAt: integer('last_sign_in_at'),
    /** Wrong sign-in codes across all their links, as a contact's (`contacts.signInFailures`). */
    signInFailures: integer('sign_in_failures').notNull().default(0),
    signInFailuresSince: integer('sign_in_failures_since'),
    /** A removed member keeps their name on history but cannot sign in. */
    removedAt: integer('removed_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('members_firm_email').on(t.firmId, t.email)],
);

export const clients = sqliteTable(
  'clients',
  {
    id: text('id').primaryKey(),
    firmId: text('firm_id').notNull().references(() => firms.id),
    name: text('name').notNull(),
    responsibleMemberId: text('responsible_member_id').references(() => members.id),
    portalOpen: integer('portal_open', { mode: 'boolean' }).notNull().default(true),
    documentFolderUrl: text('document_folder_url'),
    /** The client's digitisation inbox (an e-invoicing or receipt service's address) that "Digitise" emails files to. */
    digitisationAddress: text('digitisation_address'),
    /** The sample task an invitation gave this client (from the firm's sample template): given once, never twice. */
    sampleTaskId: text('sample_task_id'),
    createdAt: createdAt(),
  },
  (t) => [index('clients_firm_name').on(t.firmId, t.name)],
);

export const contacts = sqliteTable(
  'contacts',
  {
    id: text('id').primaryKey(),
    firmId: text('firm_id').notNull().references(() => firms.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    locale: text('locale'),
    /** The contact's own timezone for reminder mornings; null: the firm's. */
    timezone: text('timezone'),
    /** Which emails the contact gets, and whether as a daily digest; null: every email, one by one. */
    emailPrefs: text('email_prefs', { mode: 'json' }).$type<ContactEmailPrefs>(),
    /** Set when the provider reported the address dead (bounce, spam complaint, inactive): no email goes there until it changes. */
    emailUndeliverableAt: integer('email_undeliverable_at'),
    emailUndeliverableReason: text('email_undeliverable_reason'),
    phone: text('phone'),
    /**
     * The optional 4-digit PIN asked on a new device, as HMAC-SHA256 keyed with
     * SIGNING_SECRET over the contact id and the PIN: ten thousand PINs are no
     * secret to a plain hash, so a stolen database alone must not reveal them. Null: no PIN.
     */
    pinHash: text('pin_hash'),
    /** Wrong PIN tries since the last right one; at 5 the PIN locks until a new sign-in link is used. */
    pinFailures: integer('pin_failures').notNull().default(0),
    pinLockedAt: integer('pin_locked_at'),
    /** Access health: the last invitation email and the last sign-in. */
    invitedAt: integer('invited_at'),
    lastSignInAt: integer('last_sign_in_at'),
    /** The company the portal opened last, to open it again. */
    lastClientId: text('last_client_id'),
    /** The welcome video is shown once: set when it was. */
    welcomeSeenAt: integer('welcome_seen_at'),
    /**
     * Wrong sign-in codes typed for this person across all their links, counted
     * from `signInFailuresSince` (a window of about a day): asking for a new link
     * does not reset it, so a code cannot be guessed link after link.
     */
    signInFailures: integer('sign_in_failures').notNull().default(0),
    signInFailuresSince: integer('sign_in_failures_since'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('contacts_firm_email').on(t.firmId, t.email),
    index('contacts_firm_name').on(t.firmId, t.name),
    index('contacts_firm_last_sign_in').on(t.firmId, t.lastSignInAt),
  ],
);

export const clientContacts = sqliteTable(
  'client_contacts',
  {
    firmId: text('firm_id').notNull().references(() => firms.id),
    clientId: text('client_id').notNull().references(() => clients.id),
    contactId: text('contact_id').notNull().references(() => contacts.id),
    portalAccess: integer('portal_access', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.clientId, t.contactId] }),
    index('client_contacts_firm_contact').on(t.firmId, t.contactId),
  ],
);

export const tasks = sqliteTable(
  'tasks',
  {
    id: text('id').primaryKey(),
    firmId: text('firm_id').notNull().references(() => firms.id),
    clientId: text('client_id').notNull().references(() => clients.id),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    dueDate: text('due_date'),
    /** The firm's view: open until staff (or auto-complete) completes it. */
    firmState: text('firm_state', { enum: ['open', 'completed'] }).notNull().default('open'),
    /** The client's view: open until the contact marks it done. */
    clientState: text('client_state', { enum: ['open', 'done'] }).notNull().default('open'),
    /** Set while the task is assigned to the portal; null when drafted or withdrawn. */
    assignedAt: integer('assigned_at'),
    withdrawnAt: integer('withdrawn_at'),
    completedAt: integer('completed_at'),
    clientDoneAt: integer('client_done_at'),
    autoComplete: integer('auto_complete', { mode: 'boolean' }).notNull().default(false),
    reminderPolicy: text('reminder_policy', { enum: ['gentle', 'urgent', 'custom', 'none'] })
      .notNull()
      .default('gentle'),
    reminderCount: integer('reminder_count').notNull().default(0),
    /** The rungs of a `custom` reminder policy. */
    reminderRules: text('reminder_rules', { mode: 'json' }).$type<ReminderRule[]>(),
    /** When the task was first emailed to its contacts (the ladder counts from it), and the last reminder or resend. */
    firstEmailedAt: integer('first_emailed_at'),
    lastReminderAt: integer('last_reminder_at'),
    /** Kept in step with checklist_items by every write that adds, removes or ticks one (the list reads them per row). */
    checklistTotal: integer('checklist_total').notNull().default(0),
    checklistDone: integer('checklist_done').notNull().default(0),
    linkExpiresAt: integer('link_expires_at'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
    /** Bumped by every update: a change made from a stale read compares it and loses (409), whatever the clock says. */
    version: integer('version').notNull().default(0),
    /** The work it belongs to, and the client section it is listed under there. */
    workId: text('work_id'),
    section: text('section'),
    /** A recurring task: every occurrence carries the rule and the id of the series' first task. */
    recurrence: text('recurrence', { mode: 'json' }).$type<Recurrence>(),
    seriesId: text('series_id'),
    /** 1 for a series' first task, then 2, 3, ... */
    occurrence: integer('occurrence'),
    /** When a sending rule assigns it to the portal (a job does it); null: no rule pending. */
    sendAt: integer('send_at'),
    /** Deleted by staff: gone from every list and answer, kept for its history. */
    deletedAt: integer('deleted_at'),
    /** When a contact said "Done uploading": all their documents for this task are in. */
    uploadsDoneAt: integer('uploads_done_at'),
    /** Addressed to one contact of the client: only they see it (else every contact with access does). */
    contactId: text('contact_id'),
    /** The one state the firm's board filters on, derived so no write can let it drift. */
    stage: text('stage', { enum: ['draft', 'waiting', 'client_done', 'completed', 'withdrawn'] }).generatedAlwaysAs(
      sql`CASE WHEN firm_state = 'completed' THEN 'completed' WHEN withdrawn_at IS NOT NULL THEN 'withdrawn' WHEN assigned_at IS NULL THEN 'draft' WHEN client_state = 'done' THEN 'client_done' ELSE 'waiting' END`,
      { mode: 'virtual' },
    ),
  },
  (t) => [
    index('tasks_firm_client_assigned').on(t.firmId, t.clientId, t.assignedAt),
    index('tasks_firm_created').on(t.firmId, t.createdAt),
    index('tasks_firm_stage_created').on(t.firmId, t.stage, t.createdAt),
    index('tasks_firm_client_created').on(t.firmId, t.clientId, t.createdAt),
    index('tasks_firm_work').on(t.firmId, t.workId),
    /** One row per occurrence of a series: a repeated job can never make it twice. */
    uniqueIndex('tasks_firm_series_occurrence').on(t.firmId, t.seriesId, t.occurrence),
  ],
);

/** The firm's list of work statuses; those marked client-facing are shown in the portal. */
export const workStatuses = sqliteTable(
  'work_statuses',
  {
    id: text('id').primaryKey(),
    firmId: text('firm_id').notNull().references(() => firms.id),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    clientFacing: integer('client_facing', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    version: integer('version').notNull().default(0),
  },
  (t) => [uniqueIndex('work_statuses_firm_name').on(t.firmId, t.name), index('work_statuses_firm_position').on(t.firmId, t.position)],
);

/** A piece of the firm's work for one client ("Annual report 2026"); client tasks may belong to it. */
export const works = sqliteTable(
  'works',
  {
    id: text('id').primaryKey(),
    firmId: text('firm_id').notNull().references(() => firms.id),
    clientId: text('client_id').notNull().references(() => clients.id),
    title: text('title').notNull(),
    startDate: text('start_date').notNull(),
    responsibleMemberId: text('responsible_member_id').references(() => members.id),
    statusId: text('status_id').references(() => workStatuses.id),
    /** The template it was made from, if any; a repeating template's works share it. */
    templateId: text('template_id'),
    recurrence: text('recurrence', { mode: 'json' }).$type<Recurrence>(),
    seriesId: text('series_id'),
    occurrence: integer('occurrence'),
    /** Completed work takes its client tasks out of the portal. */
    completedAt: integer('completed_at'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
    version: integer('version').notNull().default(0),
  },
  (t) => [
    index('works_firm_client_created').on(t.firmId, t.clientId, t.createdAt),
    index('works_firm_created').on(t.firmId, t.createdAt),
    index('works_firm_status').on(t.firmId, t.statusId),
    /** One row per occurrence of a series: a repeated job can never make it twice. */
    uniqueIndex('works_firm_series_occurrence').on(t.firmId, t.seriesId, t.occurrence),
  ],
);

/** A work template (client sections of tasks) or a single-task template. */
export const templates = sqliteTable(
  'templates',
  {
    id: text('id').primaryKey(),
    firmId: text('firm_id').notNull().references(() => firms.id),
    kind: text('kind', { enum: ['work', 'task'] }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    tasks: text('tasks', { mode: 'json' }).$type<TemplateTask[]>().notNull(),
    recurrence: text('recurrence', { mode: 'json' }).$type<Recurrence>(),
    /** Offered to clients in the portal to start themselves ("I have a new employee"). */
    selfService: integer('self_service', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
    version: integer('version').notNull().default(0),
    deletedAt: integer('deleted_at'),
  },
  (t) => [index('templates_firm_title').on(t.firmId, t.title), index('templates_firm_self_service').on(t.firmId, t.selfService)],
);

export const checklistItems = sqliteTable(
  'checklist_items',
  {
    id: text('id').primaryKey(),
    firmId: text('firm_id').notNull().references(() => firms.id),
    taskId: text('task_id').notNull().references(() => tasks.id),
    text: text('text').notNull(),
    position: integer('position').notNull(),
    doneAt: integer('done_at'),
    doneBy: text('done_by'),
    /** A document request ("Bank statement for March"): done when a file is attached to it, not by a tick. */
    requestsFile: integer('requests_file', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('checklist_items_firm_task').on(t.firmId, t.taskId, t.position)],
);

export const taskReads = sqliteTable(
  'task_reads',
  {
    firmId: text('firm_id').notNull().references(() => firms.id),
    taskId: text('task_id').notNull().references(() => tasks.id),
    contactId: text('contact_id').notNull().references(() => contacts.id),
    readAt: integer('read_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.contactId] })],
);

export const activity = sqliteTable(
  'activity',
  {
    id: text('id').primaryKey(),
    firmId: text('firm_id').notNull().references(() => firms.id),
    subjectId: text('subject_id').notNull(),
    actorType: text('actor_type', { enum: ['member', 'contact', 'apikey', 'system'] }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>(),
    at: integer('at').notNull(),
  },
  (t) => [index('activity_firm_subject').on(t.firmId, t.subjectId, t.at)],
);

export const signInTokens = sqliteTable(
  'sign_in_tokens',
  {
    id: text('id').primaryKey(),
    firmId: text('firm_id').notNull().references(() => firms.id),
    /** SHA-256 of the token; the token itself is only ever in the email. */
    tokenHash: text('token_hash').notNull().unique(),
    audience: text('audience', { enum: ['client', 'staff'] }).notNull(),
    subjectId: text('subject_id').notNull(),
    /** What using it does: sign in; sign in from an invitation; confirm a new email address; let a PIN be set again. */
    purpose: text('purpose', { enum: ['sign_in', 'invitation', 'email_change', 'pin_reset'] }).notNull().default('sign_in'),
    /** HMAC (SIGNING_SECRET) of the 6-digit code sent beside the link; valid and single-use with it. */
    codeHash: text('code_hash'),
    /** Wrong codes typed against this token; past the limit the code and the link are dead. */
    codeFailures: integer('code_failures').notNull().default(0),
    /** For `email_change`: the new address, confirmed by using the link. */
    newEmail: text('new_email'),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('sign_in_tokens_firm_subject').on(t.firmId, t.subjectId, t.createdAt)],
);

/** Devices a contact has passed the PIN on (the element keeps a random device token; only its hash is here). */
export const contactDevices = sqliteTable(
  'contact_devices',
  {
    id: text('id').primaryKey(),
    firmId: text('firm_id').notNull().references(() => firms.id),
    contactId: text('contact_id').notNull().references(() => contacts.id),
    deviceHash: text('device_hash').notNull(),
    createdAt: createdAt(),
    lastUsedAt: integer('last_used_at').notNull(),
  },
  /** A device is remembered per contact: two contacts on one shared computer each pass their own PIN. */
  (t) => [index('contact_devices_firm_contact').on(t.firmId, t.contactId), uniqueIndex('contact_devices_contact_device').on(t.contactId, t.deviceHash)],
);

/** Identity tokens already exchanged (by `jti`), kept until they would have expired: each is single-use. */
export const identityTokenUses = sqliteTable('identity_token_uses', {
  firmId: text('firm_id').notNull().references(() => firms.id),
  jti: text('jti').notNull(),
  expiresAt: integer('expires_at').notNull(),
}, (t) => [primaryKey({ columns: [t.firmId, t.jti] }), index('identity_token_uses_expires').on(t.expiresAt)]);

/** A firm's news for its clients, on the portal home and once at each sign-in until dismissed. */
export const announcements = sqliteTable(
  'announcements',
  {
    id: text('id').primaryKey(),
    firmId: text('firm_id').notNull().references(() => firms.id),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** Shown from then on; null: a draft. */
    publishedAt: integer('published_at'),
    /** Gone from the portal after this; null: until withdrawn. */
    endsAt: integer('ends_at'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('announcements_firm_published').on(t.firmId, t.publishedAt), index('announcements_firm_created').on(t.firmId, t.createdAt)],
);

export const announcementDismissals = sqliteTable(
  'announcement_dismissals',
  {
    firmId: text('firm_id').notNull().references(() => firms.id),
    announcementId: text('announcement_id').notNull().references(() => announcements.id),
    contactId: text('contact_id').notNull().references(() => contacts.id),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.announcementId, t.contactId] }), index('announcement_dismissals_firm_contact').on(t.firmId, t.contactId)],
);

export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    firmId: text('firm_id').notNull().references(() => firms.id),
    tokenHash: text('token_hash').notNull().unique(),
    audience: text('audience', { enum: ['client', 'staff'] }).notNull(),
    subjectId: text('subject_id').notNull(),
    expiresAt: integer('expires_at').notNull(),
    revokedAt: integer('revoked_at'),
    /** A staff preview of the portal as this contact (the member's id): read-only, marks nothing read, records no sign-in. */
    previewBy: text('preview_by'),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_firm_subject').on(t.firmId, t.subjectId)],
);

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    firmId: text('firm_id').notNull().references(() => firms.id),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    /** The first characters of the key, shown so staff can tell keys apart. */
    prefix: text('prefix').notNull(),
    revokedAt: integer('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [index('api_keys_firm').on(t.firmId)],
);

export const jobs = sqliteTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    firmId: text('firm_id'),
    kind: text('kind').notNull(),
    /** Idempotency key: enqueueing the same key twice keeps one job. */
    uniqueKey: text('unique_key').notNull().unique(),
    runAt: integer('run_at').notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ['pending', 'running', 'done', 'cancelled', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    leaseUntil: integer('lease_until'),
    lastError: text('last_error'),
    /** The record the job is about (a task, a contact), so its pending jobs can be listed and cancelled. */
    subjectId: text('subject_id'),
    /** The QStash message that wakes it up, for a best-effort cancel. */
    wakeMessageId: text('wake_message_id'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('jobs_status_run_at').on(t.status, t.runAt),
    index('jobs_firm_subject').on(t.firmId, t.subjectId, t.status),
    // Failed jobs per firm (the Delivery view) and settled jobs by age (the purge).
    index('jobs_firm_status_updated').on(t.firmId, t.status, t.updatedAt),
    index('jobs_status_updated').on(t.status, t.updatedAt),
  ],
);

export const emails = sqliteTable(
  'emails',
  {
    id: text('id').primaryKey(),
    firmId: text('firm_id'),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    jobKey: text('job_key').notNull().unique(),
    providerId: text('provider_id'),
    /** `undeliverable`: the provider refused the address for good (inactive, bounced, complained). */
    state: text('state', { enum: ['queued', 'sent', 'failed', 'undeliverable'] }).notNull().default('queued'),
    /** What it is (`assigned`, `message`, `reminder`, `withdrawn`, `file_rejected`, `digest`, `staff`, `sign_in`, ...) and whom and what about. */
    kind: text('kind'),
    contactId: text('contact_id'),
    memberId: text('member_id'),
    taskId: text('task_id'),
    requestId: text('request_id'),
    fromName: text('from_name'),
    replyTo: text('reply_to'),
    /** Extra headers (`List-Unsubscribe`). */
    headers: text('headers', { mode: 'json' }).$type<Record<string, string>>(),
    /** The provider's last word on it (an error, a bounce description). */
    lastError: text('last_error'),
    createdAt: createdAt(),
    /**
     * When it was last handed to the provider, committed before the call: a
     * queued row with this set may have been accepted already (the process
     * died, the call timed out), so the provider is asked before it is sent again.
     */
    handedAt: integer('handed_at'),
    sentAt: integer('sent_at'),
    bouncedAt: integer('bounced_at'),
  },
  (t) => [
    index('emails_state_sent').on(t.state, t.sentAt),
    index('emails_firm_task').on(t.firmId, t.taskId, t.createdAt),
    index('emails_firm_contact').on(t.firmId, t.contactId, t.createdAt),
    index('emails_provider').on(t.providerId),
  ],
);

/** Fixed-window counters kept in the database so every instance sees the same limit. */
export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: integer('window_start').notNull(),
  count: integer('count').notNull(),
});

/** A client's request to the firm ("Can you send me last year's report?"). */
export const requests = sqliteTable(
  'requests',
  {
    id: text('id').primaryKey(),
    firmId: text('firm_id').notNull().references(() => firms.id),
    clientId: text('client_id').notNull().references(() => clients.id),
    /** The contact who sent it; only they see it in the portal. */
    contactId: text('contact_id').notNull().references(() => contacts.id),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    state: text('state', { enum: ['open', 'answered', 'converted', 'closed'] }).notNull().default('open'),
    /** The member it is assigned to (null: the client's responsible member, admins and the owner see it). */
    assignedMemberId: text('assigned_member_id').references(() => members.id),
    /** The task it was turned into. */
    taskId: text('task_id').references(() => tasks.id),
    closedAt: integer('closed_at'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
    version: integer('version').notNull().default(0),
  },
  (t) => [
    index('requests_firm_created').on(t.firmId, t.createdAt),
    index('requests_firm_client_created').on(t.firmId, t.clientId, t.createdAt),
    index('requests_firm_contact_created').on(t.firmId, t.contactId, t.createdAt),
    index('requests_firm_state_created').on(t.firmId, t.state, t.createdAt),
    index('requests_firm_assigned_created').on(t.firmId, t.assignedMemberId, t.createdAt),
    // The request a task was made from (the task links back to it).
    index('requests_firm_task').on(t.firmId, t.taskId),
  ],
);

/** A message in the thread of a task or a request: an internal comment (firm only) or a portal message. */
export const messages = sqliteTable(
  'messages',
  {
    id: text('id').primaryKey(),
    firmId: text('firm_id').notNull().references(() => firms.id),
    clientId: text('client_id').notNull().references(() => clients.id),
    /** Exactly one of task_id and request_id is set: the thread it belongs to. */
    taskId: text('task_id').references(() => tasks.id),
    requestId: text('request_id').references(() => requests.id),
    authorType: text('author_type', { enum: ['member', 'contact', 'apikey', 'system'] }).notNull(),
    authorId: text('author_id'),
    body: text('body').notNull(),
    visibility: text('visibility', { enum: ['internal', 'portal'] }).notNull(),
    /** The message it answers, in the same thread. */
    replyToId: text('reply_to_id'),
    /** How it arrived: written in the portal or console, or a reply to a notification email. */
    via: text('via', { enum: ['portal', 'email'] }).notNull().default('portal'),
    /** The provider's id of the inbound email it came from: a retried webhook posts it once. */
    sourceId: text('source_id'),
    createdAt: createdAt(),
    deletedAt: integer('deleted_at'),
  },
  (t) => [
    index('messages_firm_task_created').on(t.firmId, t.taskId, t.createdAt),
    index('messages_firm_request_created').on(t.firmId, t.requestId, t.createdAt),
    index('messages_firm_author_created').on(t.firmId, t.authorType, t.createdAt),
    uniqueIndex('messages_firm_source').on(t.firmId, t.sourceId),
  ],
);

/** When a reader (contact or member) last opened a thread (a task's or a request's): later messages are unread. */
export const threadReads = sqliteTable(
  'thread_reads',
  {
    firmId: text('firm_id').notNull().references(() => firms.id),
    /** A task id or a request id. */
    threadId: text('thread_id').notNull(),
    readerId: text('reader_id').notNull(),
    readAt: integer('read_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.threadId, t.readerId] }), index('thread_reads_firm_reader').on(t.firmId, t.readerId)],
);

/**
 * A stored file. It belongs to a task (and maybe one of its checklist items:
 * a document request), a request, or a message. Each file on a document
 * request is one version; staff accept it or ask for a new one.
 */
export const files = sqliteTable(
  'files',
  {
    id: text('id').primaryKey(),
    firmId: text('firm_id').notNull().references(() => firms.id),
    clientId: text('client_id').notNull().references(() => clients.id),
    /** The task's work, copied so staff can filter by work without a join over every task. */
    workId: text('work_id'),
    taskId: text('task_id').references(() => tasks.id),
    checklistItemId: text('checklist_item_id').references(() => checklistItems.id),
    requestId: text('request_id').references(() => requests.id),
    messageId: text('message_id').references(() => messages.id),
    /** A staff upload meant for an internal note (`?for=internal`): never shown to a contact, on a message or not. */
    internal: integer('internal', { mode: 'boolean' }).notNull().default(false),
    /** The original name, made safe (no path, no control or bidi characters), for Content-Disposition. */
    name: text('name').notNull(),
    size: integer('size').notNull(),
    /** The type sniffed from the bytes (never the one the uploader claimed). */
    type: text('type').notNull(),
    sha256: text('sha256').notNull(),
    /** The blob store's key: random, never the uploader's name. */
    blobKey: text('blob_key').notNull(),
    uploadedByType: text('uploaded_by_type', { enum: ['member', 'contact', 'apikey'] }).notNull(),
    uploadedById: text('uploaded_by_id').notNull(),
    /** A document request's version: pending until staff accept it or ask for a new one. */
    reviewState: text('review_state', { enum: ['pending', 'accepted', 'rejected'] }),
    reviewReason: text('review_reason'),
    reviewedAt: integer('reviewed_at'),
    reviewedBy: text('reviewed_by'),
    createdAt: createdAt(),
    /** Deleted: gone from lists and downloads, kept in history (the blob may be purged). */
    deletedAt: integer('deleted_at'),
    deletedBy: text('deleted_by'),
  },
  (t) => [
    index('files_firm_created').on(t.firmId, t.createdAt),
    index('files_firm_task_created').on(t.firmId, t.taskId, t.createdAt),
    index('files_firm_client_created').on(t.firmId, t.clientId, t.createdAt),
    index('files_firm_work_created').on(t.firmId, t.workId, t.createdAt),
    index('files_firm_request_created').on(t.firmId, t.requestId, t.createdAt),
    index('files_firm_message').on(t.firmId, t.messageId),
    index('files_firm_item_created').on(t.firmId, t.checklistItemId, t.createdAt),
    index('files_firm_task_sha').on(t.firmId, t.taskId, t.sha256),
  ],
);

/**
 * A resumable upload in progress (tus): what it is for, how long it will be,
 * how many bytes the blob store holds so far. Abandoned ones expire and are purged.
 */
export const uploads = sqliteTable(
  'uploads',
  {
    id: text('id').primaryKey(),
    firmId: text('firm_id').notNull().references(() => firms.id),
    clientId: text('client_id').notNull().references(() => clients.id),
    taskId: text('task_id').references(() => tasks.id),
    checklistItemId: text('checklist_item_id').references(() => checklistItems.id),
    requestId: text('request_id').references(() => requests.id),
    messageId: text('message_id').references(() => messages.id),
    /** The file it becomes is for an internal note (tus metadata `internal`, staff only). */
    internal: integer('internal', { mode: 'boolean' }).notNull().default(false),
    name: text('name').notNull(),
    /** The declared length (Upload-Length); at most the file limit. */
    length: integer('length').notNull(),
    /** Bytes stored so far (Upload-Offset). */
    offset: integer('offset').notNull().default(0),
    /** Where the bytes so far are kept in the blob store. */
    blobPrefix: text('blob_prefix').notNull(),
    uploadedByType: text('uploaded_by_type', { enum: ['member', 'contact', 'apikey'] }).notNull(),
    uploadedById: text('uploaded_by_id').notNull(),
    /** The file it became once complete. */
    fileId: text('file_id'),
    expiresAt: integer('expires_at').notNull(),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('uploads_expires').on(t.expiresAt), index('uploads_firm_task').on(t.firmId, t.taskId)],
);

/**
 * Domain events for the notification engine (an outbox): written in the same
 * batch as the change they report, delivered later, at least once.
 */
export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    firmId: text('firm_id').notNull().references(() => firms.id),
    /** e.g. `file.rejected`, `task.uploads_done`, `request.created`, `message.client_added`. */
    kind: text('kind').notNull(),
    /** The record it is about (a task, a request, a file, a message). */
    subjectId: text('subject_id').notNull(),
    actorType: text('actor_type', { enum: ['member', 'contact', 'apikey', 'system'] }).notNull(),
    actorId: text('actor_id'),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>(),
    at: integer('at').notNull(),
    /** Set once the notification engine has handled it. */
    handledAt: integer('handled_at'),
  },
  (t) => [index('events_handled_at').on(t.handledAt, t.at), index('events_firm_subject').on(t.firmId, t.subjectId, t.at)],
);

/** Members who also hear about a client's activity, beside its responsible member. */
export const clientWatchers = sqliteTable(
  'client_watchers',
  {
    firmId: text('firm_id').notNull().references(() => firms.id),
    clientId: text('client_id').notNull().references(() => clients.id),
    memberId: text('member_id').notNull().references(() => members.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.memberId] }), index('client_watchers_firm_member').on(t.firmId, t.memberId)],
);

/** A member's notification in the console ("Mari Maasikas added a message to VAT return"), unread until read. */
export const notifications = sqliteTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    firmId: text('firm_id').notNull().references(() => firms.id),
    memberId: text('member_id').notNull().references(() => members.id),
    /** The event it came from: one notification per event and member, however often the engine runs. */
    eventId: text('event_id').notNull(),
    kind: text('kind').notNull(),
    clientId: text('client_id'),
    taskId: text('task_id'),
    requestId: text('request_id'),
    actorName: text('actor_name'),
    /** A short line shown as it is (plain text), e.g. the task title or the request subject. */
    summary: text('summary').notNull(),
    createdAt: createdAt(),
    readAt: integer('read_at'),
  },
  (t) => [
    uniqueIndex('notifications_event_member').on(t.eventId, t.memberId),
    index('notifications_firm_member_created').on(t.firmId, t.memberId, t.createdAt),
    index('notifications_firm_member_unread').on(t.firmId, t.memberId, t.readAt),
  ],
);

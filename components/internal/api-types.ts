/**
 * Response and request shapes of the Portico JSON API (`/api/v1`), as the
 * browser elements and the console see them. Kept by hand in step with the
 * edge routes; `GET /api/openapi.json` is the source of truth.
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
  fontFamily?: string;
  radius?: string | number;
}

/** `GET /public/firms/:slug` */
export interface PublicFirm {
  slug: string;
  name: string;
  locale: Locale;
  branding: FirmBranding;
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
}

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

export interface ClientRef {
  id: string;
  name: string;
}

/** `GET /auth/session` -> 200 (who am I). */
export interface SessionInfo {
  expiresAt: number | string;
  audience: Audience;
  user: SessionUser;
  firm: PublicFirm;
  /** Companies a contact belongs to; `[]` for staff. */
  clients: ClientRef[];
}

/** `POST /auth/session` -> 200 */
export interface SessionCreated extends SessionInfo {
  token: string;
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
  overdue: boolean;
  /** UTC milliseconds. */
  assignedAt: number;
  checklist: ChecklistProgress;
}

export interface ChecklistItem {
  id: string;
  text: string;
  done: boolean;
}

/** `GET /portal/tasks/:id`, `POST /portal/tasks/:id/complete` */
export interface TaskDetail extends TaskSummary {
  description: string;
  checklistItems: ChecklistItem[];
}

export interface ListResponse<T> {
  items: T[];
}

export type TaskListResponse = ListResponse<TaskSummary>;

export interface FirmClientContact {
  id: string;
  email: string;
  name: string | null;
}

/** An item of `GET /firm/clients`. */
export interface FirmClient {
  id: string;
  name: string;
  portalOpen: boolean;
  responsibleMemberId: string | null;
  contacts: FirmClientContact[];
}

export type FirmTaskStatus = 'draft' | 'assigned' | 'withdrawn' | 'completed';

/** A firm-side task transition (`POST /firm/tasks/:id/<action>`). */
export type FirmTaskAction = 'assign' | 'withdraw' | 'complete' | 'reopen';

/** `GET /firm/tasks`, `GET /firm/tasks/:id`, transitions. */
export interface FirmTask {
  id: string;
  clientId: string;
  title: string;
  description: string;
  dueDate: string | null;
  status: FirmTaskStatus;
  clientState: ClientTaskState;
  /** Due before today in the firm's timezone and not done (the rule the client sees too). */
  overdue: boolean;
  autoComplete: boolean;
  assignedAt: number | null;
  withdrawnAt: number | null;
  completedAt: number | null;
  createdAt: number;
  checklistItems: ChecklistItem[];
  /** The transitions the caller may take now, decided by the server. */
  actions: FirmTaskAction[];
}

/** `POST /firm/tasks` body. */
export interface CreateFirmTaskRequest {
  clientId: string;
  title: string;
  description?: string;
  dueDate?: string;
  checklist?: string[];
  assign?: boolean;
}

/** `GET /dev/mail.json` items. */
export interface DevMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  sentAt: number | string;
}

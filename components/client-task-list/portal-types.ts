/**
 * Issue 7 portal shapes (see ISSUE7-CONTRACT.md) that `internal/api-types.ts`
 * does not carry yet. Kept here so this element builds against the contract
 * while the edge adds them; once api-types has them, import those instead.
 */
import type { PublicFirm, TaskDetail, TaskSummary } from '../internal/api-types.ts';

/** A page of a cursor-paged list; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The tab a task belongs to: `done` = done by the client or completed by the firm. */
export type TaskTab = 'open' | 'done';

/** An item of `GET /portal/tasks`, with the work it belongs to. */
export interface PortalTask extends TaskSummary {
  workId: string | null;
  workTitle: string | null;
  section: string | null;
  /** The firm completed it: the client can no longer tick, mark done or undo. */
  completedByFirm: boolean;
}

/** `GET /portal/tasks/:id`, and the answer of every change to it. */
export type PortalTaskDetail = PortalTask & Omit<TaskDetail, keyof TaskSummary>;

/** An item of `GET /portal/work`: the company's open work. */
export interface PortalWork {
  id: string;
  title: string;
  startDate: string;
  /** The status name when the firm marks it client-facing, else null. */
  status: string | null;
}

/** An item of `GET /portal/templates`: something the client may start themselves. */
export interface PortalTemplate {
  id: string;
  title: string;
  description: string;
}

/** `POST /portal/templates/:id/start` -> 201 */
export interface StartedTemplate {
  workId: string | null;
  taskIds: string[];
}

/** The firm info a portal provides, with the work-list switch. */
export type FirmWithWorkList = PublicFirm & { showWorkList?: boolean };

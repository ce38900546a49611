/**
 * The issue-7 shapes of the firm API (/work/wt/ISSUE7-CONTRACT.md), kept here
 * until they land in `components/internal/api-types.ts`; then this module
 * re-exports those and goes.
 */
import type { CreateFirmTaskRequest as BaseCreateRequest, FirmTask as BaseFirmTask } from '../internal/api-types.ts';

export type RecurrenceFreq = 'weekly' | 'monthly' | 'quarterly' | 'yearly';
/** `day`: 1-31, or -1 for the last day of the month; `until` `YYYY-MM-DD`; `count` 1-500. */
export interface Recurrence {
  freq: RecurrenceFreq;
  day?: number;
  until?: string;
  count?: number;
}

export type Stage = 'draft' | 'waiting' | 'client_done' | 'completed' | 'withdrawn';

export interface FirmTask extends BaseFirmTask {
  clientName: string;
  stage: Stage;
  version: number;
  workId: string | null;
  section: string | null;
  recurrence: Recurrence | null;
  seriesId: string | null;
  occurrence: number | null;
  sendAt: number | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
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
  | 'sent_by_rule';

export interface HistoryEntry {
  id: string;
  action: HistoryAction;
  actor: { type: 'member' | 'contact' | 'apikey' | 'system'; id: string | null; name: string | null };
  data: Record<string, unknown> | null;
  at: number;
}

/** `POST /firm/tasks`. */
export interface CreateFirmTaskRequest extends BaseCreateRequest {
  workId?: string;
  section?: string;
  recurrence?: Recurrence;
}

/** `PATCH /firm/tasks/:id`: `checklist` replaces the list (items with an id keep their done state). */
export interface UpdateFirmTaskRequest {
  version: number;
  title?: string;
  description?: string;
  dueDate?: string | null;
  autoComplete?: boolean;
  workId?: string | null;
  section?: string | null;
  recurrence?: Recurrence | null;
  checklist?: { id?: string; text: string }[];
}

export interface WorkStatus {
  id: string;
  name: string;
  position: number;
  clientFacing: boolean;
}

export interface Work {
  id: string;
  clientId: string;
  clientName: string;
  title: string;
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
}

export type WorkDetail = Work & { tasks: FirmTask[] };

export type SendingRule = { kind: 'offset'; days: number } | { kind: 'immediate' } | { kind: 'manual' };

export interface TemplateTask {
  section: string | null;
  title: string;
  description: string;
  checklist: string[];
  dueOffsetDays: number | null;
  sending: SendingRule;
  autoComplete: boolean;
}

export type TemplateKind = 'work' | 'task';

export interface Template {
  id: string;
  kind: TemplateKind;
  title: string;
  description: string;
  tasks: TemplateTask[];
  recurrence: Recurrence | null;
  selfService: boolean;
  createdAt: number;
  updatedAt: number;
  version: number;
}

export interface TemplatePreview {
  sections: {
    title: string | null;
    tasks: { title: string; description: string; checklist: string[]; dueDate: string | null; sendDate: string | null }[];
  }[];
}

export interface ApplyResult {
  items: { clientId: string; workId: string | null; taskIds: string[] }[];
}

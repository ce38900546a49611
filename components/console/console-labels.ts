import { html, nothing, type TemplateResult } from 'lit';
import { ApiError } from '../internal/api-client.ts';
import type { ConsoleStrings } from './console-strings.ts';
import type { HistoryEntry, Recurrence, RequestState, TaskStage } from '../internal/api-types.ts';
import type { PagedList } from './paged-list.ts';

/** Every stage, in the order the board's filter offers them. */
export const stages: TaskStage[] = ['draft', 'waiting', 'client_done', 'completed', 'withdrawn'];

const stageKey = {
  draft: 'stageDraft',
  waiting: 'stageWaiting',
  client_done: 'stageClientDone',
  completed: 'stageCompleted',
  withdrawn: 'stageWithdrawn',
} as const satisfies Record<TaskStage, keyof ConsoleStrings>;

export const stageLabel = (t: ConsoleStrings, stage: TaskStage): string => t[stageKey[stage]];

const requestStateKey = {
  open: 'requestStateOpen',
  answered: 'requestStateAnswered',
  converted: 'requestStateConverted',
  closed: 'requestStateClosed',
} as const satisfies Record<RequestState, keyof ConsoleStrings>;

/** A client request's state in words. */
export const requestStateLabel = (t: ConsoleStrings, state: RequestState): string => t[requestStateKey[state]];

/** A recurrence in words ("Monthly on the last day, 12 times"). */
export const recurrenceLabel = (t: ConsoleStrings, r: Recurrence | null, date: (iso: string) => string): string => {
  if (!r) return t.recurrenceNone;
  const base =
    r.freq === 'weekly'
      ? t.recurrenceWeekly
      : r.freq === 'monthly'
        ? r.day === -1
          ? t.recurrenceMonthlyLast
          : r.day
            ? t.recurrenceMonthlyOn(r.day)
            : t.recurrenceMonthly
        : r.freq === 'quarterly'
          ? t.recurrenceQuarterly
          : t.recurrenceYearly;
  if (r.until) return `${base}, ${t.recurrenceUntil(date(r.until))}`;
  if (r.count) return `${base}, ${t.recurrenceCount(r.count)}`;
  return base;
};

/** The label of a task field named in an `edited` entry; an unknown one shows as it is. */
const fieldLabel = (t: ConsoleStrings, field: string): string => {
  const labels: Record<string, string> = {
    title: t.titleLabel,
    description: t.descriptionLabel,
    dueDate: t.dueDateLabel,
    checklist: t.checklistLabel,
    autoComplete: t.autoCompleteShort,
    workId: t.workLabel,
    section: t.sectionLabel,
    recurrence: t.repeatLegend,
  };
  return labels[field] ?? field;
};

/** One history entry as a sentence: who did what (the time is shown beside it). */
export const historySentence = (t: ConsoleStrings, entry: HistoryEntry): string => {
  const who =
    entry.actor.name ?? (entry.actor.type === 'system' ? t.actorSystem : entry.actor.type === 'apikey' ? t.actorApiKey : t.actorSomeone);
  const data = entry.data ?? {};
  switch (entry.action) {
    case 'created': return t.historyCreated(who);
    case 'edited': {
      const fields = Array.isArray(data['fields']) ? (data['fields'] as unknown[]).map((f) => fieldLabel(t, String(f))) : [];
      return fields.length ? t.historyEditedFields(who, fields.join(', ')) : t.historyEdited(who);
    }
    case 'assigned': return t.historyAssigned(who);
    case 'viewed': return t.historyViewed(who);
    case 'checklist_ticked': {
      const text = typeof data['text'] === 'string' ? data['text'] : '';
      return data['done'] === false ? t.historyUnticked(who, text) : t.historyTicked(who, text);
    }
    case 'client_done': return t.historyClientDone(who);
    case 'client_undone': return t.historyClientUndone(who);
    case 'completed': return t.historyCompleted(who);
    case 'reopened': return t.historyReopened(who);
    case 'withdrawn': return t.historyWithdrawn(who);
    case 'deleted': return t.historyDeleted(who);
    case 'sent_by_rule': return t.historySentByRule;
    case 'file_accepted': return t.historyFileAccepted(who, String(data['name'] ?? ''));
    case 'file_rejected': return t.historyFileRejected(who, String(data['name'] ?? ''), String(data['reason'] ?? ''));
    case 'uploads_done': return t.historyUploadsDone(who);
    case 'digitised': {
      const files = Array.isArray(data['files']) ? data['files'].length : 0;
      const skipped = Array.isArray(data['skipped']) ? (data['skipped'] as string[]).join(', ') : '';
      return t.historyDigitised(who, files, Number(data['emails'] ?? 0), skipped);
    }
    default: return t.historyOther(who, String(entry.action));
  }
};

/** Field messages from a 400 envelope's `issues` (`{ path, message }[]`), by path. */
export const issuesByPath = (err: unknown): Map<string, string> => {
  const found = new Map<string, string>();
  if (!(err instanceof ApiError) || !Array.isArray(err.issues)) return found;
  for (const issue of err.issues as { path?: unknown; message?: unknown }[]) {
    const path = typeof issue.path === 'string' ? issue.path : '';
    if (!found.has(path)) found.set(path, String(issue.message ?? ''));
  }
  return found;
};

/** The message under a field, tied to it with `aria-describedby` by `id`. */
export const fieldError = (issues: Map<string, string>, path: string, id: string): TemplateResult | typeof nothing => {
  const message = issues.get(path);
  return message ? html`<span id=${id} class="field-error">${message}</span>` : nothing;
};

/**
 * Every message of a refused save, listed in its alert as well as beside its
 * field (a summary that also covers a message whose field is not on screen).
 */
export const renderIssueSummary = (issues: Map<string, string>): TemplateResult | typeof nothing =>
  issues.size
    ? html`<ul class="issues">${[...issues.values()].map((message) => html`<li>${message}</li>`)}</ul>`
    : nothing;

/** A list's loading, error and "Show more" line under it. */
export const renderMore = <T>(
  list: PagedList<T>,
  t: ConsoleStrings,
  retry: () => void,
  more: () => void = () => void list.more(),
): TemplateResult => html`
  ${list.error
    ? html`<p class="alert" role="alert">${list.error}</p>
        <button type="button" class="button secondary" @click=${retry}>${t.retry}</button>`
    : nothing}
  ${list.loading ? html`<p class="muted">${t.loadingList}</p>` : nothing}
  ${list.nextCursor && !list.loading
    ? html`<button type="button" class="button secondary" @click=${more}>${t.showMore}</button>`
    : nothing}
`;

import { html, nothing, type TemplateResult } from 'lit';
import { ApiError } from '../internal/api-client.ts';
import { renderChecklistEditor, draftItem, type ChecklistDraftItem } from './checklist-editor.ts';
import { fieldError, issuesByPath, renderIssueSummary } from './console-labels.ts';
import type { FirmTask, UpdateFirmTaskRequest, Work } from '../internal/api-types.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import { recurrenceDraft, recurrenceFrom, renderRecurrenceFields, type RecurrenceDraft } from './recurrence-fields.ts';

interface TaskDraft {
  title: string;
  description: string;
  dueDate: string;
  autoComplete: boolean;
  workId: string;
  section: string;
  recurrence: RecurrenceDraft;
  checklist: ChecklistDraftItem[];
}

const draftOf = (task: FirmTask): TaskDraft => ({
  title: task.title,
  description: task.description,
  dueDate: task.dueDate ?? '',
  autoComplete: task.autoComplete,
  workId: task.workId ?? '',
  section: task.section ?? '',
  recurrence: recurrenceDraft(task.recurrence),
  checklist: task.checklistItems.map((i) => draftItem(i.text, i.id, i.requestsFile)),
});

/**
 * Editing one task: every field, the checklist with keyboard reordering, work
 * and section, repeat. Saves with `PATCH /firm/tasks/:id` and the version it
 * started from; a 409 keeps what was typed and offers to load the other
 * change, after which saving again applies the typed text over it.
 */
export class TaskEditor {
  readonly #host: ConsoleViewHost;
  readonly #saved: (task: FirmTask) => void;
  readonly #cancel: () => void;
  #taskId: string;
  #version: number;
  #draft: TaskDraft;
  #works: Work[] = [];
  #issues = new Map<string, string>();
  #error = '';
  #conflict = false;
  #busy = false;

  constructor(host: ConsoleViewHost, task: FirmTask, saved: (task: FirmTask) => void, cancel: () => void) {
    this.#host = host;
    this.#saved = saved;
    this.#cancel = cancel;
    this.#taskId = task.id;
    this.#version = task.version;
    this.#draft = draftOf(task);
    void this.#loadWorks(task.clientId);
  }

  async #loadWorks(clientId: string): Promise<void> {
    try {
      const page = await this.#host.apiClient.get<{ items: Work[] }>(`/firm/work?clientId=${encodeURIComponent(clientId)}&limit=100`);
      this.#works = page.items;
      this.#host.requestUpdate();
    } catch {
      // The work picker stays with the task's own work only; saving still works.
    }
  }

  #set(part: Partial<TaskDraft>): void {
    this.#draft = { ...this.#draft, ...part };
    this.#host.requestUpdate();
  }

  #focusAfter = (selector: string): void => {
    void this.#host.updateComplete.then(() => this.#host.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  };

  #request(): UpdateFirmTaskRequest {
    const d = this.#draft;
    return {
      version: this.#version,
      title: d.title.trim(),
      description: d.description,
      dueDate: d.dueDate || null,
      autoComplete: d.autoComplete,
      workId: d.workId || null,
      section: d.section.trim() || null,
      recurrence: recurrenceFrom(d.recurrence),
      checklist: d.checklist
        .filter((i) => i.text.trim())
        .map((i) => ({ ...(i.id ? { id: i.id } : {}), text: i.text.trim(), requestsFile: i.requestsFile === true })),
    };
  }

  async #save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const host = this.#host;
    const t = host.strings;
    if (!this.#draft.title.trim()) {
      this.#issues = new Map([['title', t.titleRequired]]);
      host.requestUpdate();
      this.#focusAfter('#edit-title');
      return;
    }
    this.#busy = true;
    this.#error = '';
    this.#issues = new Map();
    host.requestUpdate();
    try {
      const task = await host.apiClient.request<FirmTask>('PATCH', `/firm/tasks/${encodeURIComponent(this.#taskId)}`, this.#request());
      this.#conflict = false;
      host.announce(t.taskSaved(task.title));
      this.#saved(task);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        this.#conflict = true;
        this.#error = t.editConflict;
      } else {
        this.#issues = issuesByPath(err);
        this.#error = host.failure(err) ?? '';
      }
      this.#focusAfter('.editor [role="alert"]');
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  /** After a 409: takes the latest version number, keeping every typed field. */
  async #loadLatest(): Promise<void> {
    const host = this.#host;
    try {
      const latest = await host.apiClient.get<FirmTask>(`/firm/tasks/${encodeURIComponent(this.#taskId)}`);
      this.#version = latest.version;
      this.#conflict = false;
      this.#error = '';
      host.announce(host.strings.latestLoaded);
    } catch (err) {
      this.#error = host.failure(err) ?? '';
    }
    host.requestUpdate();
  }

  render(): TemplateResult {
    const t = this.#host.strings;
    const d = this.#draft;
    const issues = this.#issues;
    const err = (path: string, id: string) => fieldError(issues, path, id);
    const value = (e: Event) => (e.target as HTMLInputElement).value;
    return html`
      <form class="card editor" novalidate aria-labelledby="edit-heading" @submit=${(e: SubmitEvent) => this.#save(e)}>
        <h3 id="edit-heading">${t.editTask}</h3>
        ${this.#error
          ? html`<div class="alert" role="alert" tabindex="-1">
              <p>${this.#error}</p>
              ${renderIssueSummary(issues)}
              ${this.#conflict
                ? html`<button type="button" class="button secondary" @click=${() => this.#loadLatest()}>${t.loadLatest}</button>`
                : nothing}
            </div>`
          : nothing}
        <div class="field">
          <label for="edit-title">${t.titleLabel}</label>
          <input id="edit-title" type="text" maxlength="200" required .value=${d.title} aria-describedby="edit-title-error" @input=${(e: Event) => this.#set({ title: value(e) })} />
          ${err('title', 'edit-title-error')}
        </div>
        <div class="field">
          <label for="edit-description">${t.descriptionLabel}</label>
          <textarea id="edit-description" rows="4" .value=${d.description} aria-describedby="edit-description-error" @input=${(e: Event) => this.#set({ description: value(e) })}></textarea>
          ${err('description', 'edit-description-error')}
        </div>
        ${renderChecklistEditor(t, 'edit', d.checklist, (checklist) => this.#set({ checklist }), this.#focusAfter, (i) => issues.get(`checklist.${i}.text`) ?? issues.get(`checklist.${i}`), true)}
        ${err('checklist', 'edit-checklist-error')}
        <div class="two">
          <div class="field">
            <label for="edit-due">${t.dueDateLabel}</label>
            <input id="edit-due" type="date" .value=${d.dueDate} aria-describedby="edit-due-error" @input=${(e: Event) => this.#set({ dueDate: value(e) })} />
            ${err('dueDate', 'edit-due-error')}
          </div>
          <div class="field">
            <label for="edit-work">${t.workLabel}</label>
            <select id="edit-work" @change=${(e: Event) => this.#set({ workId: value(e) })}>
              <option value="" ?selected=${d.workId === ''}>${t.noWork}</option>
              ${this.#works.map((w) => html`<option value=${w.id} ?selected=${d.workId === w.id}>${w.title}</option>`)}
            </select>
            ${err('workId', 'edit-work-error')}
          </div>
          <div class="field">
            <label for="edit-section">${t.sectionLabel}</label>
            <input id="edit-section" type="text" maxlength="100" .value=${d.section} aria-describedby="edit-section-error" @input=${(e: Event) => this.#set({ section: value(e) })} />
            ${err('section', 'edit-section-error')}
          </div>
        </div>
        <label class="check">
          <input type="checkbox" .checked=${d.autoComplete} @change=${(e: Event) => this.#set({ autoComplete: (e.target as HTMLInputElement).checked })} />
          ${t.autoCompleteLabel}
        </label>
        ${renderRecurrenceFields(t, 'edit', d.recurrence, (part) => this.#set({ recurrence: { ...this.#draft.recurrence, ...part } }), err)}
        <div class="row">
          <button type="submit" class="button" ?disabled=${this.#busy}>${this.#busy ? t.saving : t.save}</button>
          <button type="button" class="button secondary" @click=${this.#cancel}>${t.cancel}</button>
        </div>
      </form>
    `;
  }
}

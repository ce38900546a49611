import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { FirmTask, FirmTaskAction, HistoryEntry } from '../internal/api-types.ts';
import { isAbort } from '../internal/messages.ts';
import { historySentence, recurrenceLabel, renderMore, stageLabel } from './console-labels.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import { PagedList } from './paged-list.ts';
import { DocumentReview } from './document-review.ts';
import { TaskEditor } from './task-editor.ts';
import { TaskFiles } from './task-files.ts';
import { ConsoleThread } from './console-thread.ts';
import { TaskEmails } from './task-emails.ts';
import { actionDoneKey, actionKey } from './task-view.ts';
import { renderConfirmQuestion } from './confirm-question.ts';

/**
 * One task opened from the board or a client: its fields, checklist, the
 * transitions the server offers, edit, delete (after a confirmation) and
 * its history newest first (`GET /firm/tasks/:id/history`); its document
 * requests with Accept and "Ask again" (`DocumentReview`); its files, to
 * download, delete or send for digitisation (`TaskFiles`); its conversation
 * with the client and internal notes (`ConsoleThread`); what its client
 * receives next, with Resend (`TaskEmails`).
 */
export class TaskDetail implements ReactiveController {
  readonly #host: ConsoleViewHost;
  readonly #history: PagedList<HistoryEntry>;
  #id = '';
  #task: FirmTask | null = null;
  #error = '';
  #busy = false;
  #confirmingDelete = false;
  #editor: TaskEditor | null = null;
  readonly #documents: DocumentReview;
  readonly #files: TaskFiles;
  readonly #thread: ConsoleThread;
  readonly #emails: TaskEmails;

  constructor(host: ConsoleViewHost) {
    this.#host = host;
    this.#history = new PagedList<HistoryEntry>(host, '');
    this.#documents = new DocumentReview(host, () => void this.#load());
    this.#files = new TaskFiles(host);
    this.#thread = new ConsoleThread(host, {
      reload: () => this.#files.open(this.#id),
    });
    this.#emails = new TaskEmails(host, (task) => {
      this.#task = task;
      void this.#history.reload();
    });
    host.addController(this);
  }

  hostConnected(): void {}

  /** Opens task `id`: loads it, its history and what its client receives next. */
  open(id: string): void {
    this.#id = id;
    this.#task = null;
    this.#error = '';
    this.#editor = null;
    this.#confirmingDelete = false;
    this.#documents.reset();
    this.#files.open(id);
    this.#thread.open({ kind: 'task', id });
    this.#emails.open(id);
    void this.#load();
  }

  async #load(): Promise<void> {
    const host = this.#host;
    const id = this.#id;
    const path = `/firm/tasks/${encodeURIComponent(id)}`;
    try {
      const task = await host.apiClient.get<FirmTask>(path);
      if (id !== this.#id) return; // another task was opened meanwhile
      this.#task = task;
    } catch (err) {
      if (isAbort(err) || id !== this.#id) return;
      this.#error = host.failure(err) ?? '';
    }
    host.requestUpdate();
    this.#history.setPath(`${path}/history`);
    void this.#history.load({});
  }

  async #act(action: FirmTaskAction): Promise<void> {
    const host = this.#host;
    const task = this.#task;
    if (!task || this.#busy) return;
    this.#busy = true;
    host.showError('');
    host.requestUpdate();
    try {
      this.#task = await host.apiClient.post<FirmTask>(`/firm/tasks/${encodeURIComponent(task.id)}/${action}`);
      host.announce(host.strings[actionDoneKey[action]](task.title));
      void this.#history.reload();
      this.#emails.open(task.id);
    } catch (err) {
      const message = host.failure(err);
      if (message !== null) host.showError(message);
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  async #delete(): Promise<void> {
    const host = this.#host;
    const task = this.#task;
    if (!task) return;
    this.#busy = true;
    host.requestUpdate();
    try {
      await host.apiClient.delete(`/firm/tasks/${encodeURIComponent(task.id)}?version=${task.version}`);
      host.announce(host.strings.taskDeleted(task.title));
      host.back();
    } catch (err) {
      const message = host.failure(err);
      if (message !== null) host.showError(message);
    } finally {
      this.#busy = false;
      this.#confirmingDelete = false;
      host.requestUpdate();
    }
  }

  #focus(selector: string): void {
    void this.#host.updateComplete.then(() => this.#host.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  #startEdit(task: FirmTask): void {
    this.#editor = new TaskEditor(
      this.#host,
      task,
      (saved) => {
        this.#task = saved;
        this.#editor = null;
        void this.#history.reload();
        this.#emails.open(saved.id);
        this.#focus('#task-edit');
      },
      () => {
        this.#editor = null;
        this.#host.requestUpdate();
        this.#focus('#task-edit');
      },
    );
    this.#host.requestUpdate();
    this.#focus('#edit-title');
  }

  #renderFields(task: FirmTask): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const date = (iso: string) => host.formatDate(iso);
    return html`
      <p>
        <span class="badge stage-${task.stage}">${stageLabel(t, task.stage)}</span>
        ${task.overdue ? html`<span class="badge overdue">${t.overdue}</span>` : nothing}
      </p>
      <dl class="facts">
        <dt>${t.clientLabel}</dt>
        <dd>${task.clientName}</dd>
        <dt>${t.dueDateLabel}</dt>
        <dd>${task.dueDate ? date(task.dueDate) : t.noDueDate}</dd>
        <dt>${t.repeatLabel}</dt>
        <dd>${recurrenceLabel(t, task.recurrence, date)}</dd>
        <dt>${t.autoCompleteLabel}</dt>
        <dd>${task.autoComplete ? t.yes : t.no}</dd>
        ${task.section ? html`<dt>${t.sectionLabel}</dt><dd>${task.section}</dd>` : nothing}
        ${task.sendAt ? html`<dt>${t.sendAtLabel}</dt><dd>${host.formatTime(task.sendAt)}</dd>` : nothing}
        ${task.fromRequest
          ? html`<dt>${t.fromRequestLabel}</dt>
              <dd><button id="task-request-link" type="button" class="link" @click=${() => host.navigate({ view: 'request', id: task.fromRequest!.id })}>${task.fromRequest.subject}</button></dd>`
          : nothing}
      </dl>
      ${task.workId
        ? html`<p><button type="button" class="link" @click=${() => host.navigate({ view: 'work-detail', id: task.workId! })}>${t.openWork}</button></p>`
        : nothing}
      <h3>${t.descriptionLabel}</h3>
      <p class="task-desc">${task.description || t.noDescription}</p>
      <h3>${t.checklistLabel}</h3>
      ${task.checklistItems.length
        ? html`<ul class="checklist">
            ${task.checklistItems.map(
              (item) => html`<li class=${item.done ? 'done' : ''}>${item.text}<span class="sr-only"> (${item.done ? t.checklistItemDone : t.checklistItemOpen})</span></li>`,
            )}
          </ul>`
        : html`<p class="muted">${t.noChecklist}</p>`}
      ${this.#documents.render(task)}
      ${this.#files.render(task)}
    `;
  }

  #renderActions(task: FirmTask): TemplateResult {
    const t = this.#host.strings;
    return html`
      <div class="row actions">
        ${task.actions.map(
          (action) => html`<button type="button" class="button secondary" ?disabled=${this.#busy} @click=${() => this.#act(action)}>${t[actionKey[action]]}</button>`,
        )}
        <button id="task-edit" type="button" class="button secondary" ?disabled=${this.#busy} @click=${() => this.#startEdit(task)}>${t.edit}</button>
        <button id="task-delete" type="button" class="button danger" ?disabled=${this.#busy} @click=${() => {
          this.#confirmingDelete = true;
          this.#host.requestUpdate();
          this.#focus('#delete-confirm');
        }}>${t.delete}</button>
      </div>
      ${this.#confirmingDelete
        ? renderConfirmQuestion({
            questionId: 'delete-question',
            confirmId: 'delete-confirm',
            question: t.deleteQuestion(task.title),
            confirm: t.deleteConfirm,
            cancel: t.cancel,
            busy: this.#busy,
            onConfirm: () => void this.#delete(),
            onCancel: () => {
              this.#confirmingDelete = false;
              this.#host.requestUpdate();
              this.#focus('#task-delete');
            },
          })
        : nothing}
    `;
  }

  /** Newest first, as the server sends it; sorted here too so that pages joined by "Show more" stay in order. */
  #renderHistory(): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const list = this.#history;
    return html`
      <h3 id="history-title">${t.historyTitle}</h3>
      ${list.loaded && list.items.length === 0 ? html`<p class="muted">${t.noHistory}</p>` : nothing}
      <ol class="plain history" aria-labelledby="history-title">
        ${[...list.items].sort((a, b) => b.at - a.at).map(
          (entry) => html`<li><span>${historySentence(t, entry)}</span> <time class="meta" datetime=${new Date(entry.at).toISOString()}>${host.formatTime(entry.at)}</time></li>`,
        )}
      </ol>
      ${renderMore(list, t, () => void list.reload())}
    `;
  }

  render(): TemplateResult {
    const t = this.#host.strings;
    const task = this.#task;
    return html`
      <button type="button" class="link" @click=${() => this.#host.back()}>${t.back}</button>
      <h2 tabindex="-1" data-heading>${task ? task.title : t.taskTitle}</h2>
      ${this.#error ? html`<p class="alert" role="alert">${this.#error}</p>` : nothing}
      ${!task && !this.#error ? html`<p class="muted">${t.loadingTask}</p>` : nothing}
      ${task
        ? html`${this.#editor ? this.#editor.render() : html`${this.#renderFields(task)}${this.#renderActions(task)}`}
          ${this.#emails.render(task)}
          ${this.#thread.render()}
          ${this.#renderHistory()}`
        : nothing}
    `;
  }
}

import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { CreateFirmTaskRequest, FirmTask } from '../internal/api-types.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import { recurrenceDraft, recurrenceFrom, renderRecurrenceFields, type RecurrenceDraft } from './recurrence-fields.ts';

/** The body of `POST /firm/tasks` from the form's fields, or `null` without a title. */
const requestFrom = (form: HTMLFormElement, clientId: string): CreateFirmTaskRequest | null => {
  const data = new FormData(form);
  const title = String(data.get('title') ?? '').trim();
  if (!title) return null;
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
  body.assign = data.get('assign') === 'on';
  if (data.get('autoComplete') === 'on') body.autoComplete = true;
  return body;
};

/** The console's "New task" form for one client: its toggle, its fields (auto-complete and repeat among them), creating the task. */
export class NewTaskForm implements ReactiveController {
  readonly #host: ConsoleViewHost;
  readonly #created: () => void;
  open = false;
  error = '';
  busy = false;
  /** The repeat fields are controlled (they show more fields as they change). */
  #recurrence: RecurrenceDraft = recurrenceDraft(null);

  constructor(host: ConsoleViewHost, created: () => void) {
    this.#host = host;
    this.#created = created;
    host.addController(this);
  }

  hostConnected(): void {}

  /** Closes the form without a word (another client was chosen). */
  reset(): void {
    this.open = false;
    this.error = '';
    this.#recurrence = recurrenceDraft(null);
    this.#host.requestUpdate();
  }

  async #toggle(): Promise<void> {
    this.open = !this.open;
    this.error = '';
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    this.#focus(this.open ? '#new-task-title' : '#new-task-toggle');
  }

  #focus(selector: string): void {
    this.#host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  async #submit(event: SubmitEvent, clientId: string): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const body = requestFrom(form, clientId);
    const t = this.#host.strings;
    if (!body) {
      this.error = t.titleRequired;
      this.#host.requestUpdate();
      this.#focus('#new-task-title');
      return;
    }
    const recurrence = recurrenceFrom(this.#recurrence);
    if (recurrence) body.recurrence = recurrence;
    this.busy = true;
    this.error = '';
    this.#host.requestUpdate();
    try {
      await this.#host.apiClient.post<FirmTask>('/firm/tasks', body);
      form.reset();
      this.#recurrence = recurrenceDraft(null);
      this.open = false;
      this.#host.announce(body.assign ? t.createdAndAssigned(body.title) : t.created(body.title));
      this.#created();
      await this.#host.updateComplete;
      this.#focus('#new-task-toggle');
    } catch (err) {
      this.error = this.#host.failure(err) ?? '';
    } finally {
      this.busy = false;
      this.#host.requestUpdate();
    }
  }

  /** The toggle button, and the form below it when open. */
  render(clientId: string): TemplateResult {
    const t = this.#host.strings;
    return html`
      <button
        id="new-task-toggle"
        type="button"
        class=${this.open ? 'button secondary' : 'button'}
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="new-task-form"
        @click=${() => this.#toggle()}
      >
        ${this.open ? t.closeNewTask : t.newTask}
      </button>
      ${this.open ? this.#renderForm(clientId) : nothing}
    `;
  }

  #renderForm(clientId: string): TemplateResult {
    const t = this.#host.strings;
    return html`
      <form
        id="new-task-form"
        class="card new-task"
        aria-labelledby="new-task-heading"
        novalidate
        @submit=${(e: SubmitEvent) => this.#submit(e, clientId)}
      >
        <h3 id="new-task-heading">${t.newTaskTitle}</h3>
        ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
        <div class="field">
          <label for="new-task-title">${t.titleLabel}</label>
          <input id="new-task-title" name="title" type="text" required maxlength="200" autocomplete="off" />
        </div>
        <div class="field">
          <label for="new-task-description">${t.descriptionLabel}</label>
          <textarea id="new-task-description" name="description" rows="3"></textarea>
        </div>
        <div class="two">
          <div class="field">
            <label for="new-task-due">${t.dueDateLabel}</label>
            <input id="new-task-due" name="dueDate" type="date" />
          </div>
        </div>
        <div class="field">
          <label for="new-task-checklist">${t.checklistLabel}</label>
          <textarea id="new-task-checklist" name="checklist" rows="4" aria-describedby="new-task-checklist-hint"></textarea>
          <span id="new-task-checklist-hint" class="hint">${t.checklistHint}</span>
        </div>
        <label class="check">
          <input name="autoComplete" type="checkbox" />
          ${t.autoCompleteLabel}
        </label>
        ${renderRecurrenceFields(
          t,
          'new-task',
          this.#recurrence,
          (part) => {
            this.#recurrence = { ...this.#recurrence, ...part };
            this.#host.requestUpdate();
          },
          () => nothing,
        )}
        <label class="check">
          <input name="assign" type="checkbox" />
          ${t.assignNowLabel}
        </label>
        <div>
          <button type="submit" class="button" ?disabled=${this.busy}>${this.busy ? t.creating : t.create}</button>
        </div>
      </form>
    `;
  }
}

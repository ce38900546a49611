import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { ApiError } from '../internal/api-client.ts';
import { renderChecklistEditor, draftItem, type ChecklistDraftItem } from './checklist-editor.ts';
import { fieldError, issuesByPath, renderIssueSummary } from './console-labels.ts';
import type { Template, TemplatePreview, TemplateTask } from '../internal/api-types.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import { recurrenceDraft, recurrenceFrom, renderRecurrenceFields, type RecurrenceDraft } from './recurrence-fields.ts';
import { renderConfirmQuestion } from './confirm-question.ts';

type Side = 'after' | 'before';

interface TemplateTaskDraft {
  key: string;
  section: string;
  title: string;
  description: string;
  checklist: ChecklistDraftItem[];
  /** `''`: no due date. */
  dueDays: string;
  dueSide: Side;
  sending: TemplateTask['sending']['kind'];
  sendDays: string;
  sendSide: Side;
  autoComplete: boolean;
}

interface TemplateDraft {
  kind: Template['kind'];
  title: string;
  description: string;
  selfService: boolean;
  recurrence: RecurrenceDraft;
  tasks: TemplateTaskDraft[];
}

let nextKey = 0;
const days = (n: number): [string, Side] => [String(Math.abs(n)), n < 0 ? 'before' : 'after'];
const signed = (value: string, side: Side): number => (side === 'before' ? -1 : 1) * Number(value || 0);

const taskDraft = (task?: TemplateTask): TemplateTaskDraft => {
  const [dueDays, dueSide] = task?.dueOffsetDays == null ? ['', 'after' as Side] : days(task.dueOffsetDays);
  const [sendDays, sendSide] = task?.sending.kind === 'offset' ? days(task.sending.days) : ['0', 'after' as Side];
  return {
    key: `t${nextKey++}`,
    section: task?.section ?? '',
    title: task?.title ?? '',
    description: task?.description ?? '',
    checklist: (task?.checklist ?? []).map((entry) => (typeof entry === 'string' ? draftItem(entry) : draftItem(entry.text, undefined, true))),
    dueDays,
    dueSide,
    sending: task?.sending.kind ?? 'immediate',
    sendDays,
    sendSide,
    autoComplete: task?.autoComplete ?? false,
  };
};

const templateTask = (d: TemplateTaskDraft): TemplateTask => ({
  section: d.section.trim() || null,
  title: d.title.trim(),
  description: d.description,
  checklist: d.checklist.flatMap((i) => {
    const text = i.text.trim();
    if (!text) return [];
    return [i.requestsFile ? { text, requestsFile: true as const } : text];
  }),
  dueOffsetDays: d.dueDays === '' ? null : signed(d.dueDays, d.dueSide),
  sending: d.sending === 'offset' ? { kind: 'offset', days: signed(d.sendDays, d.sendSide) } : { kind: d.sending },
  autoComplete: d.autoComplete,
});

/**
 * Creating or editing a template (`POST` / `PATCH /firm/templates`): a work
 * template's tasks with their section, checklist (an item may ask for a file), due offset and sending rule,
 * or a single-task template; self-service and repeat. The server's field
 * messages show beside the fields. A saved template can be previewed for a
 * start date: what the client will see, and when.
 */
export class TemplateEditor implements ReactiveController {
  readonly #host: ConsoleViewHost;
  #template: Template | null = null;
  #draft: TemplateDraft = this.#empty('work');
  #issues = new Map<string, string>();
  #error = '';
  #busy = false;
  #confirmingDelete = false;
  #loading = false;
  #preview: TemplatePreview | null = null;
  #previewDate = '';
  /** Bumped by `open`: an answer for an editor opened before is dropped. */
  #opened = 0;

  constructor(host: ConsoleViewHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  #empty(kind: Template['kind']): TemplateDraft {
    return { kind, title: '', description: '', selfService: false, recurrence: recurrenceDraft(null), tasks: [taskDraft()] };
  }

  /** A new template of `kind`, or template `id` loaded for editing. */
  open(id: string | null, kind: Template['kind'] = 'work'): void {
    this.#opened++;
    this.#template = null;
    this.#draft = this.#empty(kind);
    this.#issues = new Map();
    this.#error = '';
    this.#preview = null;
    this.#confirmingDelete = false;
    if (id) void this.#load(id);
    this.#host.requestUpdate();
  }

  async #load(id: string): Promise<void> {
    const host = this.#host;
    const opened = this.#opened;
    this.#loading = true;
    try {
      const template = await host.apiClient.get<Template>(`/firm/templates/${encodeURIComponent(id)}`);
      if (opened === this.#opened) this.#edit(template);
    } catch (err) {
      if (opened === this.#opened) this.#error = host.failure(err) ?? '';
    } finally {
      this.#loading = false;
      host.requestUpdate();
    }
  }

  #edit(template: Template): void {
    this.#template = template;
    this.#draft = {
      kind: template.kind,
      title: template.title,
      description: template.description,
      selfService: template.selfService,
      recurrence: recurrenceDraft(template.recurrence),
      tasks: template.tasks.map(taskDraft),
    };
  }

  async #delete(template: Template): Promise<void> {
    const host = this.#host;
    this.#busy = true;
    host.requestUpdate();
    try {
      await host.apiClient.delete(`/firm/templates/${encodeURIComponent(template.id)}?version=${template.version}`);
      host.announce(host.strings.templateDeleted(template.title));
      host.back();
    } catch (err) {
      const message = err instanceof ApiError && err.status === 409 ? host.strings.templateConflict : host.failure(err);
      if (message !== null) host.showError(message);
    } finally {
      this.#busy = false;
      this.#confirmingDelete = false;
      host.requestUpdate();
    }
  }

  /** Asks before deleting: the question, "Yes, delete" and "Cancel" (which gives focus back to the delete button). */
  #renderDeleteConfirm(template: Template): TemplateResult {
    const t = this.#host.strings;
    return renderConfirmQuestion({
      questionId: 'template-delete-question',
      confirmId: 'template-delete-confirm',
      question: t.templateDeleteQuestion(template.title),
      confirm: t.deleteConfirm,
      cancel: t.cancel,
      busy: this.#busy,
      onConfirm: () => void this.#delete(template),
      onCancel: () => {
        this.#confirmingDelete = false;
        this.#host.requestUpdate();
        this.#focus('#template-delete');
      },
    });
  }

  #set(part: Partial<TemplateDraft>): void {
    this.#draft = { ...this.#draft, ...part };
    this.#host.requestUpdate();
  }

  #setTask(key: string, part: Partial<TemplateTaskDraft>): void {
    this.#set({ tasks: this.#draft.tasks.map((task) => (task.key === key ? { ...task, ...part } : task)) });
  }

  #focus = (selector: string): void => {
    void this.#host.updateComplete.then(() => this.#host.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  };

  async #save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const host = this.#host;
    const t = host.strings;
    const d = this.#draft;
    const body = {
      kind: d.kind,
      title: d.title.trim(),
      description: d.description,
      tasks: d.tasks.map(templateTask),
      recurrence: recurrenceFrom(d.recurrence),
      selfService: d.selfService,
    };
    const opened = this.#opened;
    this.#busy = true;
    this.#error = '';
    this.#issues = new Map();
    host.requestUpdate();
    try {
      const saved = this.#template
        ? await host.apiClient.request<Template>('PATCH', `/firm/templates/${encodeURIComponent(this.#template.id)}`, { version: this.#template.version, ...body })
        : await host.apiClient.post<Template>('/firm/templates', body);
      host.announce(t.templateSaved(saved.title));
      if (opened === this.#opened) this.#edit(saved);
    } catch (err) {
      if (opened !== this.#opened) return;
      this.#issues = issuesByPath(err);
      this.#error = err instanceof ApiError && err.status === 409 ? t.templateConflict : (host.failure(err) ?? '');
      this.#focus('.template-editor [role="alert"]');
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  async #loadPreview(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const host = this.#host;
    const template = this.#template;
    if (!template || !this.#previewDate) return;
    try {
      this.#preview = await host.apiClient.get<TemplatePreview>(
        `/firm/templates/${encodeURIComponent(template.id)}/preview?startDate=${encodeURIComponent(this.#previewDate)}`,
      );
      host.announce(host.strings.previewShown);
    } catch (err) {
      const message = host.failure(err);
      if (message !== null) host.showError(message);
    }
    host.requestUpdate();
  }

  #renderTask(task: TemplateTaskDraft, i: number): TemplateResult {
    const t = this.#host.strings;
    const p = `tt-${task.key}`;
    const err = (path: string, id: string) => fieldError(this.#issues, `tasks.${i}.${path}`, id);
    const value = (e: Event) => (e.target as HTMLInputElement).value;
    const set = (part: Partial<TemplateTaskDraft>) => this.#setTask(task.key, part);
    const work = this.#draft.kind === 'work';
    const side = (id: string, current: Side, change: (s: Side) => void) => html`
      <label class="sr-only" for=${id}>${t.offsetSideLabel}</label>
      <select id=${id} @change=${(e: Event) => change(value(e) as Side)}>
        <option value="after" ?selected=${current === 'after'}>${t.daysAfterStart}</option>
        <option value="before" ?selected=${current === 'before'}>${t.daysBeforeStart}</option>
      </select>
    `;
    return html`
      <fieldset class="fieldset template-task" data-template-task=${i}>
        <legend>${t.templateTaskLegend(i + 1)}</legend>
        ${work
          ? html`<div class="field">
              <label for="${p}-section">${t.sectionLabel}</label>
              <input id="${p}-section" type="text" maxlength="100" .value=${task.section} aria-describedby="${p}-section-error" @input=${(e: Event) => set({ section: value(e) })} />
              ${err('section', `${p}-section-error`)}
            </div>`
          : nothing}
        <div class="field">
          <label for="${p}-title">${t.taskTitleLabel}</label>
          <input id="${p}-title" type="text" maxlength="200" .value=${task.title} aria-describedby="${p}-title-error" @input=${(e: Event) => set({ title: value(e) })} />
          ${err('title', `${p}-title-error`)}
        </div>
        <div class="field">
          <label for="${p}-description">${t.descriptionLabel}</label>
          <textarea id="${p}-description" rows="3" .value=${task.description} aria-describedby="${p}-description-error" @input=${(e: Event) => set({ description: value(e) })}></textarea>
          ${err('description', `${p}-description-error`)}
        </div>
        ${renderChecklistEditor(t, p, task.checklist, (checklist) => set({ checklist }), this.#focus, (n) => this.#issues.get(`tasks.${i}.checklist.${n}`), true)}
        <div class="field">
          <label for="${p}-due">${t.dueOffsetLabel}</label>
          <div class="row">
            <input id="${p}-due" type="number" min="0" .value=${task.dueDays} aria-describedby="${p}-due-hint ${p}-due-error" @input=${(e: Event) => set({ dueDays: value(e) })} />
            ${side(`${p}-due-side`, task.dueSide, (dueSide) => set({ dueSide }))}
          </div>
          <span id="${p}-due-hint" class="hint">${t.dueOffsetHint}</span>
          ${err('dueOffsetDays', `${p}-due-error`)}
        </div>
        <div class="field">
          <label for="${p}-sending">${t.sendingLabel}</label>
          <select id="${p}-sending" aria-describedby="${p}-sending-error" @change=${(e: Event) => set({ sending: value(e) as TemplateTaskDraft['sending'] })}>
            <option value="immediate" ?selected=${task.sending === 'immediate'}>${t.sendImmediate}</option>
            <option value="offset" ?selected=${task.sending === 'offset'}>${t.sendOffset}</option>
            <option value="manual" ?selected=${task.sending === 'manual'}>${t.sendManual}</option>
          </select>
          ${err('sending', `${p}-sending-error`)}
        </div>
        ${task.sending === 'offset'
          ? html`<div class="field">
              <label for="${p}-send-days">${t.sendDaysLabel}</label>
              <div class="row">
                <input id="${p}-send-days" type="number" min="0" .value=${task.sendDays} aria-describedby="${p}-send-error" @input=${(e: Event) => set({ sendDays: value(e) })} />
                ${side(`${p}-send-side`, task.sendSide, (sendSide) => set({ sendSide }))}
              </div>
              ${err('sending.days', `${p}-send-error`)}
            </div>`
          : nothing}
        <label class="check">
          <input type="checkbox" .checked=${task.autoComplete} @change=${(e: Event) => set({ autoComplete: (e.target as HTMLInputElement).checked })} />
          ${t.autoCompleteLabel}
        </label>
        ${work && this.#draft.tasks.length > 1
          ? html`<div><button type="button" class="button secondary" @click=${() => {
              this.#set({ tasks: this.#draft.tasks.filter((x) => x.key !== task.key) });
              this.#focus('#add-template-task');
            }}>${t.removeTask}<span class="sr-only">: ${task.title}</span></button></div>`
          : nothing}
      </fieldset>
    `;
  }

  #renderPreview(): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const preview = this.#preview;
    return html`
      <section class="card" aria-labelledby="preview-title">
        <h3 id="preview-title">${t.previewTitle}</h3>
        <form class="row" @submit=${(e: SubmitEvent) => this.#loadPreview(e)}>
          <label for="preview-date">${t.startDateLabel}</label>
          <input id="preview-date" type="date" .value=${this.#previewDate} @input=${(e: Event) => (this.#previewDate = (e.target as HTMLInputElement).value)} />
          <button type="submit" class="button secondary">${t.showPreview}</button>
        </form>
        ${preview
          ? preview.sections.map(
              (section) => html`<div class="preview-section">
                <h4>${section.title ?? t.noSection}</h4>
                <ul class="plain rows">
                  ${section.tasks.map(
                    (task) => html`<li>
                      <strong>${task.title}</strong>
                      <span class="meta">${task.dueDate ? t.dueOn(host.formatDate(task.dueDate)) : t.noDueDate} ·
                        ${task.sendDate ? t.sentOn(host.formatDate(task.sendDate)) : t.sentManually}</span>
                      ${task.description ? html`<p class="task-desc">${task.description}</p>` : nothing}
                      ${task.checklist.length ? html`<ul class="checklist">${task.checklist.map((c) => html`<li>${c}</li>`)}</ul>` : nothing}
                    </li>`,
                  )}
                </ul>
              </div>`,
            )
          : nothing}
      </section>
    `;
  }

  render(): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const d = this.#draft;
    const err = (path: string, id: string) => fieldError(this.#issues, path, id);
    const value = (e: Event) => (e.target as HTMLInputElement).value;
    const heading = this.#template ? t.editTemplate : d.kind === 'work' ? t.newWorkTemplate : t.newTaskTemplate;
    return html`
      <button type="button" class="link" @click=${() => host.back()}>${t.back}</button>
      <h2 tabindex="-1" data-heading>${heading}</h2>
      ${this.#loading ? html`<p class="muted">${t.loadingList}</p>` : nothing}
      <form class="template-editor" novalidate aria-label=${heading} @submit=${(e: SubmitEvent) => this.#save(e)}>
        ${this.#error
          ? html`<div class="alert" role="alert" tabindex="-1"><p>${this.#error}</p>${renderIssueSummary(this.#issues)}</div>`
          : nothing}
        <div class="field">
          <label for="template-title">${t.templateTitleLabel}</label>
          <input id="template-title" type="text" maxlength="200" .value=${d.title} aria-describedby="template-title-error" @input=${(e: Event) => this.#set({ title: value(e) })} />
          ${err('title', 'template-title-error')}
        </div>
        <div class="field">
          <label for="template-description">${t.descriptionLabel}</label>
          <textarea id="template-description" rows="2" .value=${d.description} aria-describedby="template-description-error" @input=${(e: Event) => this.#set({ description: value(e) })}></textarea>
          ${err('description', 'template-description-error')}
        </div>
        <label class="check">
          <input type="checkbox" .checked=${d.selfService} @change=${(e: Event) => this.#set({ selfService: (e.target as HTMLInputElement).checked })} />
          ${t.selfServiceLabel}
        </label>
        ${renderRecurrenceFields(t, 'template', d.recurrence, (part) => this.#set({ recurrence: { ...this.#draft.recurrence, ...part } }), err)}
        ${err('tasks', 'template-tasks-error')}
        ${d.tasks.map((task, i) => this.#renderTask(task, i))}
        ${d.kind === 'work'
          ? html`<div><button id="add-template-task" type="button" class="button secondary" @click=${() => {
              const added = taskDraft();
              this.#set({ tasks: [...this.#draft.tasks, added] });
              this.#focus(`#tt-${added.key}-section`);
            }}>${t.addTask}</button></div>`
          : nothing}
        <div class="row">
          <button type="submit" class="button" ?disabled=${this.#busy}>${this.#busy ? t.saving : t.saveTemplate}</button>
          ${this.#template
            ? html`<button type="button" class="button secondary" @click=${() => host.navigate({ view: 'apply', id: this.#template!.id })}>${t.createFromTemplate}</button>
                <button id="template-delete" type="button" class="button danger" ?disabled=${this.#busy} @click=${() => {
                  this.#confirmingDelete = true;
                  host.requestUpdate();
                  this.#focus('#template-delete-confirm');
                }}>${t.deleteTemplate}</button>`
            : nothing}
        </div>
      </form>
      ${this.#template && this.#confirmingDelete ? this.#renderDeleteConfirm(this.#template) : nothing}
      ${this.#template ? this.#renderPreview() : nothing}
    `;
  }
}

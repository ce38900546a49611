import { html, nothing, type TemplateResult } from 'lit';
import { ApiError } from '../internal/api-client.ts';
import type { DigitiseQueued, FirmClient, FirmFile, FirmSettings, FirmTask } from '../internal/api-types.ts';
import { isAbort } from '../internal/messages.ts';
import { renderMore } from './console-labels.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import { PagedList } from './paged-list.ts';
import { renderConfirmQuestion } from './confirm-question.ts';

/** The server's digitisation refusals (409), in plain words. */
const DIGITISE_REFUSAL = {
  digitisation_off: 'digitiseOff',
  no_digitisation_address: 'digitiseNoAddress',
  no_files: 'digitiseNoFiles',
} as const;

/**
 * A task's files in the task detail, newest first (`GET /firm/tasks/:id/files`):
 * each name a download link (signed, short-lived: the list is loaded when the
 * task opens), its size, who sent it and when, and Delete after a
 * confirmation (`DELETE /firm/files/:id`; kept in the firm's history).
 * "Digitise" emails them to the client's digitisation inbox
 * (`POST /firm/tasks/:id/digitise`), offered when the firm has it on
 * (`GET /firm/settings`) and the client has an address (`GET /firm/clients/:id`,
 * read when the task opens: the console keeps no list of every client).
 */
export class TaskFiles {
  readonly #host: ConsoleViewHost;
  readonly #list: PagedList<FirmFile>;
  #taskId = '';
  #digitisationEnabled = false;
  /** The client whose digitisation address was asked for (`''`: not yet), and that address. */
  #addressFor = '';
  #address: string | null = null;
  /** The file whose Delete waits for a confirmation. */
  #confirming: string | null = null;
  #confirmingDigitise = false;
  /** What the last "Digitise" did, or why it was refused. */
  #digitiseResult = '';
  #busy = false;

  constructor(host: ConsoleViewHost) {
    this.#host = host;
    this.#list = new PagedList<FirmFile>(host, '');
  }

  /** Loads task `id`'s files and whether the firm digitises. */
  open(id: string): void {
    this.#taskId = id;
    this.#confirming = null;
    this.#confirmingDigitise = false;
    this.#digitiseResult = '';
    this.#digitisationEnabled = false;
    this.#addressFor = '';
    this.#address = null;
    this.#list.setPath(`/firm/tasks/${encodeURIComponent(id)}/files`);
    void this.#list.load({});
    void this.#loadSettings(id);
  }

  async #loadSettings(id: string): Promise<void> {
    try {
      const settings = await this.#host.apiClient.get<FirmSettings>('/firm/settings');
      if (id !== this.#taskId) return;
      this.#digitisationEnabled = settings.digitisationEnabled;
      this.#host.requestUpdate();
    } catch (err) {
      // Without the settings the action stays hidden; the server would refuse it anyway.
      if (!isAbort(err)) this.#host.failure(err);
    }
  }

  #focus(selector: string): void {
    void this.#host.updateComplete.then(() => this.#host.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  async #delete(file: FirmFile): Promise<void> {
    const host = this.#host;
    if (this.#busy) return;
    this.#busy = true;
    host.showError('');
    host.requestUpdate();
    try {
      await host.apiClient.delete(`/firm/files/${encodeURIComponent(file.id)}`);
      host.announce(host.strings.taskFileDeleted(file.name));
      this.#confirming = null;
      await this.#list.reload();
      this.#focus('#task-files-title');
    } catch (err) {
      const message = host.failure(err);
      if (message !== null) host.showError(message);
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  async #digitise(address: string): Promise<void> {
    const host = this.#host;
    const t = host.strings;
    if (this.#busy) return;
    this.#busy = true;
    this.#digitiseResult = '';
    host.showError('');
    host.requestUpdate();
    try {
      const sent = await host.apiClient.post<DigitiseQueued>(`/firm/tasks/${encodeURIComponent(this.#taskId)}/digitise`);
      this.#digitiseResult = t.digitiseSent(sent.files, sent.emails, address) + (sent.skipped.length ? ` ${t.digitiseSkipped(sent.skipped.join(', '))}` : '');
    } catch (err) {
      const refusal = err instanceof ApiError && err.status === 409 ? DIGITISE_REFUSAL[err.code as keyof typeof DIGITISE_REFUSAL] : undefined;
      if (refusal) this.#digitiseResult = t[refusal];
      else {
        const message = host.failure(err);
        if (message !== null) host.showError(message);
      }
    } finally {
      this.#busy = false;
      this.#confirmingDigitise = false;
      host.requestUpdate();
      this.#focus('#task-digitise');
    }
  }

  #renderFile(file: FirmFile): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const confirming = this.#confirming === file.id;
    return html`<li data-file=${file.id}>
      ${file.downloadUrl ? html`<a href=${file.downloadUrl} download=${file.name}>${file.name}</a>` : html`<span>${file.name}</span>`}${file.internal ? html` <span class="badge internal-file" part="internal-file">${t.fileInternal}</span>` : nothing}
      <span class="meta">${host.formatSize(file.size)} · ${t.fileSentBy(file.uploadedBy.name ?? t.actorSomeone)} ·
        <time datetime=${new Date(file.createdAt).toISOString()}>${host.formatTime(file.createdAt)}</time></span>
      ${confirming
        ? renderConfirmQuestion({
            questionId: `file-delete-question-${file.id}`,
            confirmId: 'file-delete-confirm',
            question: t.fileDeleteQuestion(file.name),
            confirm: t.deleteConfirm,
            cancel: t.cancel,
            busy: this.#busy,
            onConfirm: () => void this.#delete(file),
            onCancel: () => {
              this.#confirming = null;
              host.requestUpdate();
              this.#focus(`#file-delete-${file.id}`);
            },
          })
        : html`<button id="file-delete-${file.id}" type="button" class="button secondary" ?disabled=${this.#busy} @click=${() => {
            this.#confirming = file.id;
            host.requestUpdate();
            this.#focus('#file-delete-confirm');
          }}>${t.delete}<span class="sr-only">: ${file.name}</span></button>`}
    </li>`;
  }

  /** Reads the task's client for its digitisation address (only once the firm digitises; Digitise stays hidden until it answers). */
  async #loadAddress(clientId: string): Promise<void> {
    const host = this.#host;
    const taskId = this.#taskId;
    this.#addressFor = clientId;
    this.#address = null;
    try {
      const client = await host.apiClient.get<FirmClient>(`/firm/clients/${encodeURIComponent(clientId)}`);
      if (taskId !== this.#taskId || clientId !== this.#addressFor) return; // another task opened meanwhile
      this.#address = client.digitisationAddress;
      host.requestUpdate();
    } catch (err) {
      if (isAbort(err)) return;
      // Without the address Digitise is not offered; a 401 already took the console back to sign-in.
      host.failure(err);
    }
  }

  #renderDigitise(task: FirmTask): TemplateResult | typeof nothing {
    const host = this.#host;
    const t = host.strings;
    if (!this.#digitisationEnabled) return nothing;
    if (task.clientId !== this.#addressFor) void this.#loadAddress(task.clientId);
    const address = this.#address;
    if (!address) return nothing;
    return html`<div class="row">
        <button id="task-digitise" type="button" class="button secondary" ?disabled=${this.#busy} @click=${() => {
          this.#confirmingDigitise = true;
          this.#digitiseResult = '';
          host.requestUpdate();
          this.#focus('#digitise-confirm');
        }}>${t.digitise}</button>
      </div>
      ${this.#confirmingDigitise
        ? renderConfirmQuestion({
            questionId: 'digitise-question',
            confirmId: 'digitise-confirm',
            question: t.digitiseQuestion(address),
            confirm: t.digitiseConfirm,
            cancel: t.cancel,
            busy: this.#busy,
            danger: false,
            onConfirm: () => void this.#digitise(address),
            onCancel: () => {
              this.#confirmingDigitise = false;
              host.requestUpdate();
              this.#focus('#task-digitise');
            },
          })
        : nothing}
      <p class="digitise-result" role="status">${this.#digitiseResult}</p>`;
  }

  render(task: FirmTask): TemplateResult {
    const t = this.#host.strings;
    const list = this.#list;
    return html`<h3 id="task-files-title" tabindex="-1">${t.filesTitle}</h3>
      ${list.loaded && list.items.length === 0 ? html`<p class="muted">${t.noFiles}</p>` : nothing}
      <ul class="plain task-files" aria-labelledby="task-files-title">
        ${list.items.map((file) => this.#renderFile(file))}
      </ul>
      ${renderMore(list, t, () => void list.reload())}
      ${this.#renderDigitise(task)}`;
  }
}

import { html, nothing, type TemplateResult } from 'lit';
import type { FirmChecklistItem, FirmFile, FirmTask } from '../internal/api-types.ts';
import type { ConsoleViewHost } from './console-view-host.ts';

/**
 * A task's document requests in the task detail: for each checklist item
 * that asks for a file, its latest version and review state, with Accept and
 * "Ask again" (a reason is required: the client reads it) —
 * `POST /firm/files/:id/accept | reject`. `changed` reloads the task after a review.
 */
const REVIEW_LABEL = { pending: 'reviewPending', accepted: 'reviewAccepted', rejected: 'reviewRejected' } as const;

export class DocumentReview {
  readonly #host: ConsoleViewHost;
  readonly #changed: () => void;
  /** The file whose "Ask again" form is open. */
  #asking: string | null = null;
  #reasonError = '';
  #busy = false;

  constructor(host: ConsoleViewHost, changed: () => void) {
    this.#host = host;
    this.#changed = changed;
  }

  /** Closes an open "Ask again" form (another task was opened). */
  reset(): void {
    this.#asking = null;
    this.#reasonError = '';
  }

  #focus(selector: string): void {
    void this.#host.updateComplete.then(() => this.#host.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  async #review(fileId: string, body?: { reason: string }): Promise<void> {
    const host = this.#host;
    if (this.#busy) return;
    this.#busy = true;
    host.showError('');
    host.requestUpdate();
    try {
      const path = `/firm/files/${encodeURIComponent(fileId)}/${body ? 'reject' : 'accept'}`;
      const file = await host.apiClient.post<FirmFile>(path, body);
      host.announce(body ? host.strings.fileAskedAgain(file.name) : host.strings.fileAccepted(file.name));
      this.#asking = null;
      this.#changed();
    } catch (err) {
      const message = host.failure(err);
      if (message !== null) host.showError(message);
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  #submitReason(event: SubmitEvent, fileId: string): void {
    event.preventDefault();
    const field = (event.currentTarget as HTMLFormElement).querySelector('textarea');
    const reason = field?.value.trim() ?? '';
    if (!reason) {
      this.#reasonError = this.#host.strings.reasonRequired;
      this.#host.requestUpdate();
      field?.focus();
      return;
    }
    this.#reasonError = '';
    void this.#review(fileId, { reason });
  }

  #renderItem(item: FirmChecklistItem): TemplateResult {
    const t = this.#host.strings;
    const file = item.latestFile;
    if (!file) return html`<li><strong>${item.text}</strong> <span class="muted">${t.noFileYet}</span></li>`;
    const state = file.review.state;
    const asking = this.#asking === file.id;
    return html`<li data-file=${file.id}>
      <strong>${item.text}</strong>: ${file.name}
      <span class="badge review-${state}">${t[REVIEW_LABEL[state]]}</span>
      ${state === 'rejected' && file.review.reason ? html`<span class="meta">${file.review.reason}</span>` : nothing}
      <div class="row">
        ${state !== 'accepted'
          ? html`<button type="button" class="button secondary accept" ?disabled=${this.#busy} @click=${() => this.#review(file.id)}>
              ${t.acceptFile}<span class="sr-only">: ${file.name}</span>
            </button>`
          : nothing}
        ${state !== 'rejected' && !asking
          ? html`<button type="button" class="button secondary ask-again" ?disabled=${this.#busy} @click=${() => {
              this.#asking = file.id;
              this.#reasonError = '';
              this.#host.requestUpdate();
              this.#focus(`#reason-${file.id}`);
            }}>${t.askAgain}<span class="sr-only">: ${file.name}</span></button>`
          : nothing}
      </div>
      ${asking
        ? html`<form class="card" novalidate @submit=${(e: SubmitEvent) => this.#submitReason(e, file.id)}>
            <label for="reason-${file.id}">${t.askAgainReason}</label>
            <textarea id="reason-${file.id}" maxlength="500" rows="2" required aria-invalid=${this.#reasonError ? 'true' : 'false'}
              aria-describedby="reason-${file.id}-error"></textarea>
            ${this.#reasonError ? html`<span id="reason-${file.id}-error" class="field-error">${this.#reasonError}</span>` : nothing}
            <div class="row">
              <button type="submit" class="button" ?disabled=${this.#busy}>${t.sendAskAgain}</button>
              <button type="button" class="button secondary" @click=${() => {
                this.#asking = null;
                this.#host.requestUpdate();
              }}>${t.cancel}</button>
            </div>
          </form>`
        : nothing}
    </li>`;
  }

  render(task: FirmTask): TemplateResult | typeof nothing {
    const requests = task.checklistItems.filter((i) => i.requestsFile);
    if (requests.length === 0) return nothing;
    const t = this.#host.strings;
    return html`<h3 id="doc-requests-title">${t.documentRequestsTitle}</h3>
      <ul class="plain doc-requests" aria-labelledby="doc-requests-title">
        ${requests.map((item) => this.#renderItem(item))}
      </ul>`;
  }
}

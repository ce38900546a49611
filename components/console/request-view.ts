import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { ApiError } from '../internal/api-client.ts';
import type { AssignFirmRequest, FirmFile, FirmRequest, FirmTask } from '../internal/api-types.ts';
import { isAbort } from '../internal/messages.ts';
import { linkify } from '../internal/linkify.ts';
import { ConsoleThread } from './console-thread.ts';
import { renderMore, requestStateLabel } from './console-labels.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import type { FirmMembers } from './firm-members.ts';
import { PagedList } from './paged-list.ts';

/**
 * One client request (`GET /firm/requests/:id`): subject, text, client,
 * contact, state, the member it is assigned to (a picker of the firm's
 * members, `PATCH` with the version read), Close / Reopen, "Turn into a
 * task" (then a link to the task), its files to download
 * (`GET /firm/files?requestId=`) and its conversation (`ConsoleThread`).
 * A 409 (the request changed: closed, reopened or converted meanwhile) says
 * so and reloads it; a 404 says it is gone or not directed to the caller.
 */
export class RequestView implements ReactiveController {
  readonly #host: ConsoleViewHost;
  readonly #members: FirmMembers;
  readonly #files: PagedList<FirmFile>;
  readonly #thread: ConsoleThread;
  #id = '';
  #request: FirmRequest | null = null;
  #error = '';
  #busy = false;

  constructor(host: ConsoleViewHost, members: FirmMembers) {
    this.#host = host;
    this.#members = members;
    this.#files = new PagedList<FirmFile>(host, '/firm/files');
    this.#thread = new ConsoleThread(host, {
      reload: () => void this.#files.reload(),
    });
    host.addController(this);
  }

  hostConnected(): void {}

  /** Opens request `id`: it, its files and its thread (which marks it read). */
  open(id: string): void {
    this.#id = id;
    this.#request = null;
    this.#error = '';
    void this.#members.load();
    void this.#load();
    void this.#files.load({ requestId: id });
    this.#thread.open({ kind: 'request', id });
  }

  async #load(): Promise<void> {
    const host = this.#host;
    const id = this.#id;
    try {
      const request = await host.apiClient.get<FirmRequest>(`/firm/requests/${encodeURIComponent(id)}`);
      if (id !== this.#id) return;
      this.#request = request;
    } catch (err) {
      if (isAbort(err) || id !== this.#id) return;
      this.#error = err instanceof ApiError && err.status === 404 ? host.strings.requestMissing : (host.failure(err) ?? '');
    }
    host.requestUpdate();
  }

  #focus(selector: string): void {
    void this.#host.updateComplete.then(() => this.#host.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  /** Runs a change of the request; a refusal is shown, a 409 reloads it. */
  async #change(run: (request: FirmRequest) => Promise<void>, focus: string): Promise<void> {
    const host = this.#host;
    const request = this.#request;
    if (!request || this.#busy) return;
    this.#busy = true;
    host.showError('');
    host.requestUpdate();
    try {
      await run(request);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        host.showError(host.strings.requestConflict);
        await this.#load();
      } else if (err instanceof ApiError && err.status === 404) {
        host.showError(host.strings.requestMissing);
      } else {
        const message = host.failure(err);
        if (message !== null) host.showError(message);
      }
    } finally {
      this.#busy = false;
      host.requestUpdate();
      this.#focus(focus);
    }
  }

  #setState(action: 'close' | 'reopen'): Promise<void> {
    return this.#change(async (request) => {
      this.#request = await this.#host.apiClient.post<FirmRequest>(`/firm/requests/${encodeURIComponent(request.id)}/${action}`);
      this.#host.announce(action === 'close' ? this.#host.strings.requestClosed : this.#host.strings.requestReopened);
    }, action === 'close' ? '#request-reopen' : '#request-close');
  }

  #convert(): Promise<void> {
    return this.#change(async (request) => {
      await this.#host.apiClient.post<FirmTask>(`/firm/requests/${encodeURIComponent(request.id)}/task`);
      this.#host.announce(this.#host.strings.requestConverted);
      await this.#load();
      void this.#files.reload();
    }, '#request-task-link');
  }

  #assign(memberId: string): Promise<void> {
    return this.#change(async (request) => {
      const host = this.#host;
      const t = host.strings;
      const body: AssignFirmRequest = { assignedMemberId: memberId || null, version: request.version };
      // 204: the caller assigned it away and no longer sees it.
      const answer = await host.apiClient.request<FirmRequest | undefined>('PATCH', `/firm/requests/${encodeURIComponent(request.id)}`, body);
      if (!answer) {
        host.announce(t.requestAssignedAway);
        host.back();
        return;
      }
      this.#request = answer;
      const name = memberId === host.memberId ? t.me : (this.#members.items.find((m) => m.id === memberId)?.name ?? '');
      host.announce(memberId ? t.requestAssigned(name) : t.requestUnassigned);
    }, '#request-assigned');
  }

  #renderAssign(request: FirmRequest): TemplateResult {
    const t = this.#host.strings;
    const selected = request.assignedMemberId ?? '';
    // An explicit button, not `change`: arrowing through a closed select fires `change` at each option on Windows.
    const submit = (e: SubmitEvent) => {
      e.preventDefault();
      const chosen = (e.currentTarget as HTMLFormElement).querySelector('select')!.value;
      if (chosen !== selected) void this.#assign(chosen);
    };
    return html`<form class="field assign" @submit=${submit}>
      <label for="request-assigned">${t.assignedLabel}</label>
      <select id="request-assigned" ?disabled=${this.#busy}>
        <option value="" ?selected=${selected === ''}>${t.assignedNobody}</option>
        ${this.#members.options(selected)}
        ${selected && selected !== this.#host.memberId && !this.#members.items.some((m) => m.id === selected)
          ? html`<option value=${selected} selected>${this.#host.strings.actorSomeone}</option>`
          : nothing}
      </select>
      <button type="submit" ?disabled=${this.#busy}>${t.assignButton}</button>
    </form>`;
  }

  #renderActions(request: FirmRequest): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    if (request.state === 'converted') {
      return html`<p class="converted">
        <span>${t.convertedNote}</span>
        ${request.taskId
          ? html`<button id="request-task-link" type="button" class="link" @click=${() => host.navigate({ view: 'task', id: request.taskId! })}>${t.openTheTask}</button>`
          : nothing}
      </p>`;
    }
    return html`<div class="row actions">
      ${request.state === 'closed'
        ? html`<button id="request-reopen" type="button" class="button secondary" ?disabled=${this.#busy} @click=${() => void this.#setState('reopen')}>${t.reopenRequest}</button>`
        : html`<button id="request-close" type="button" class="button secondary" ?disabled=${this.#busy} @click=${() => void this.#setState('close')}>${t.closeRequest}</button>`}
      <button id="request-convert" type="button" class="button" ?disabled=${this.#busy} @click=${() => void this.#convert()}>${t.convertRequest}</button>
    </div>`;
  }

  #renderFiles(): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const list = this.#files;
    return html`<h3 id="request-files-title">${t.requestFiles}</h3>
      ${list.loaded && list.items.length === 0 ? html`<p class="muted">${t.noFiles}</p>` : nothing}
      <ul class="plain task-files request-files" aria-labelledby="request-files-title">
        ${list.items.map(
          (file) => html`<li data-file=${file.id}>
            ${file.downloadUrl ? html`<a href=${file.downloadUrl} download=${file.name}>${file.name}</a>` : html`<span>${file.name}</span>`}${file.internal ? html` <span class="badge internal-file" part="internal-file">${host.strings.fileInternal}</span>` : nothing}
            <span class="meta">${host.formatSize(file.size)}</span>
          </li>`,
        )}
      </ul>
      ${renderMore(list, t, () => void list.reload())}`;
  }

  render(): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const request = this.#request;
    return html`
      <button type="button" class="link" @click=${() => host.back()}>${t.back}</button>
      <h2 tabindex="-1" data-heading>${request ? request.subject : t.requestTitle}</h2>
      ${this.#error ? html`<p class="alert" role="alert">${this.#error}</p>` : nothing}
      ${!request && !this.#error ? html`<p class="muted">${t.loadingRequest}</p>` : nothing}
      ${request
        ? html`<p><span class="badge request-${request.state}">${requestStateLabel(t, request.state)}</span></p>
            <dl class="facts">
              <dt>${t.clientLabel}</dt>
              <dd>${request.clientName}</dd>
              <dt>${t.contactLabel}</dt>
              <dd>${request.contact.name} <span class="meta">${request.contact.email}</span></dd>
              <dt>${t.receivedLabel}</dt>
              <dd><time datetime=${new Date(request.createdAt).toISOString()}>${host.formatTime(request.createdAt)}</time></dd>
            </dl>
            <p class="message-body request-body">${linkify(request.body)}</p>
            ${this.#renderAssign(request)}
            ${this.#renderActions(request)}
            ${this.#renderFiles()}
            ${this.#thread.render()}`
        : nothing}
    `;
  }
}

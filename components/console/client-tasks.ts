import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { Task } from '@lit/task';
import { ClientDocuments } from './client-documents.ts';
import type { FirmClient, FirmTask, FirmTaskAction, ListResponse } from '../internal/api-types.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import { NewTaskForm } from './new-task-form.ts';
import { actionDoneKey, renderTask } from './task-view.ts';

/**
 * The panel of the chosen client: its contacts, the way to its work and its
 * filtered board, the "New task" form, and its tasks with their transitions. Loads the tasks again after every change.
 */
export class ClientTasks implements ReactiveController {
  readonly #host: ConsoleViewHost;
  readonly #clientId: () => string | null;
  readonly #form: NewTaskForm;
  readonly #documents: ClientDocuments;
  /** Bumped to load the list again after a change. */
  #version = 0;
  /** Tasks whose action buttons are busy (one request each). */
  #pending: ReadonlySet<string> = new Set();

  readonly #tasks: Task<readonly [ConsoleViewHost['apiClient'], string | null, number], { clientId: string; items: FirmTask[] } | null>;

  constructor(host: ConsoleViewHost, clientId: () => string | null) {
    this.#host = host;
    this.#clientId = clientId;
    this.#form = new NewTaskForm(host, () => this.reload());
    this.#documents = new ClientDocuments(host);
    this.#tasks = new Task(host, {
      task: async ([api, id], { signal }) => {
        if (!id) return null;
        try {
          const res = await api.get<ListResponse<FirmTask>>(`/firm/tasks?clientId=${encodeURIComponent(id)}`, { signal });
          return { clientId: id, items: res.items };
        } catch (err) {
          host.failure(err); // a 401 ends the session
          throw err;
        }
      },
      args: () => [host.apiClient, this.#clientId(), this.#version] as const,
    });
    host.addController(this);
  }

  hostConnected(): void {}

  /** Another client was chosen: the form closes. */
  clientChanged(): void {
    this.#form.reset();
  }

  /** Loads the tasks again (the console is back from a screen that may have changed them). */
  reload(): void {
    this.#version++;
    this.#host.requestUpdate();
  }

  async #act(task: FirmTask, action: FirmTaskAction): Promise<void> {
    const host = this.#host;
    if (this.#pending.has(task.id)) return;
    this.#pending = new Set(this.#pending).add(task.id);
    host.requestUpdate();
    host.showError('');
    try {
      await host.apiClient.post<FirmTask>(`/firm/tasks/${encodeURIComponent(task.id)}/${action}`);
      host.announce(host.strings[actionDoneKey[action]](task.title));
    } catch (err) {
      const message = host.failure(err);
      if (message === null) return;
      host.showError(message);
    } finally {
      const pending = new Set(this.#pending);
      pending.delete(task.id);
      this.#pending = pending;
      host.requestUpdate();
    }
    this.reload();
    // Keep focus in the row whose buttons just changed.
    await this.#tasks.taskComplete.catch(() => undefined);
    await host.updateComplete;
    host.renderRoot.querySelector<HTMLElement>(`[data-task-id="${CSS.escape(task.id)}"] .actions button`)?.focus();
  }

  #renderTasks(tasks: FirmTask[]): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    if (tasks.length === 0) return html`<p class="muted">${t.noClientTasks}</p>`;
    const date = (iso: string) => host.formatDate(iso);
    const act = (task: FirmTask, action: FirmTaskAction) => void this.#act(task, action);
    const open = (task: FirmTask) => host.navigate({ view: 'task', id: task.id });
    return html`
      <ul class="plain tasks" aria-labelledby="tasks-title">
        ${tasks.map((task) => renderTask(task, { t, date, act, open, busy: this.#pending.has(task.id) }))}
      </ul>
    `;
  }

  /** The panel for `client`, or a prompt to choose one. */
  render(client: FirmClient | undefined): TemplateResult {
    const t = this.#host.strings;
    if (!client) {
      return html`
        <h2 id="tasks-title" class="sr-only">${t.tasksPanelHeading}</h2>
        <p class="muted">${t.chooseClient}</p>
      `;
    }
    const contacts = client.contacts.map((c) => c.email).join(', ');
    // While another client's tasks load, the previous list (with live buttons) must not show under this heading.
    const shown = this.#tasks.value?.clientId === client.id ? this.#tasks.value.items : null;
    return html`
      <h2 id="tasks-title">${t.tasksTitle(client.name)}</h2>
      <p class="muted">${contacts ? t.contactsLine(contacts) : t.noContacts}</p>
      <div class="row">
        <button type="button" class="button secondary" @click=${() => this.#host.navigate({ view: 'work', clientId: client.id, clientName: client.name })}>${t.clientWork}</button>
        <button type="button" class="button secondary" @click=${() => this.#host.navigate({ view: 'board', clientId: client.id, clientName: client.name })}>${t.clientBoard}</button>
        <button type="button" class="button secondary" @click=${() => this.#host.navigate({ view: 'client', id: client.id })}>${t.editClient}</button>
      </div>
      ${this.#documents.render(client)}
      ${this.#form.render(client.id)}
      ${this.#tasks.render({
        initial: () => nothing,
        pending: () => (shown ? this.#renderTasks(shown) : html`<p class="muted">${t.tasksLoading}</p>`),
        complete: (value) => this.#renderTasks(value?.items ?? []),
        error: (err) => html`
          <p class="alert" role="alert">${this.#host.messageFor(err)}</p>
          <button type="button" class="button secondary" @click=${() => this.#tasks.run()}>${t.retry}</button>
        `,
      })}
    `;
  }
}

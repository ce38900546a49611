import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { FirmTask, TaskEmail } from '../internal/api-types.ts';
import { renderMore } from './console-labels.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import { PagedList } from './paged-list.ts';
import type { TaskEmailsTranslation } from './task-emails-strings.ts';

const kindKey = { assigned: 'emailKindAssigned', reminder: 'emailKindReminder', resend: 'emailKindResend' } as const;
const stateKey = {
  scheduled: 'emailStateScheduled',
  queued: 'emailStateQueued',
  sent: 'emailStateSent',
  failed: 'emailStateFailed',
  undeliverable: 'emailStateUndeliverable',
} as const satisfies Record<TaskEmail['state'], keyof TaskEmailsTranslation>;

/**
 * A task's "What this client receives next" (`GET /firm/tasks/:id/emails`):
 * what is scheduled, per contact, with its time, then what was sent with its
 * delivery state; and "Resend" (`POST /firm/tasks/:id/resend`), offered
 * while the task is assigned.
 */
export class TaskEmails implements ReactiveController {
  readonly #host: ConsoleViewHost;
  readonly #list: PagedList<TaskEmail>;
  readonly #onResent: (task: FirmTask) => void;
  #busy = false;

  constructor(host: ConsoleViewHost, onResent: (task: FirmTask) => void) {
    this.#host = host;
    this.#list = new PagedList<TaskEmail>(host, '');
    this.#onResent = onResent;
    host.addController(this);
  }

  hostConnected(): void {}

  /** Loads the list of task `id` (again). */
  open(id: string): void {
    this.#list.setPath(`/firm/tasks/${encodeURIComponent(id)}/emails`);
    void this.#list.load({});
  }

  async #resend(task: FirmTask): Promise<void> {
    const host = this.#host;
    if (this.#busy) return;
    this.#busy = true;
    host.showError('');
    host.requestUpdate();
    try {
      const saved = await host.apiClient.post<FirmTask>(`/firm/tasks/${encodeURIComponent(task.id)}/resend`);
      host.announce(host.strings.resent(task.title));
      this.#onResent(saved);
      void this.#list.reload();
    } catch (err) {
      const message = host.failure(err);
      if (message !== null) host.showError(message);
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  #item(email: TaskEmail): TemplateResult {
    const t = this.#host.strings;
    const kind = t[kindKey[email.kind as keyof typeof kindKey] ?? 'emailKindOther'];
    return html`<li>
      <span class="email-kind">${kind}</span>
      <span>${t.emailTo(email.contactName ?? email.to)}</span>
      ${email.subject ? html`<span class="meta">“${email.subject}”</span>` : nothing}
      <time class="meta" datetime=${new Date(email.at).toISOString()}>${this.#host.formatTime(email.at)}</time>
      <span class="email-state" data-state=${email.state}>${t[stateKey[email.state]]}</span>
    </li>`;
  }

  render(task: FirmTask): TemplateResult {
    const t = this.#host.strings;
    const list = this.#list;
    const scheduled = list.items.filter((e) => e.state === 'scheduled');
    const sent = list.items.filter((e) => e.state !== 'scheduled');
    return html`<section aria-labelledby="receives-next-title">
      <h3 id="receives-next-title">${t.receivesNextTitle}</h3>
      ${task.status === 'assigned'
        ? html`<button type="button" class="button secondary" id="task-resend" ?disabled=${this.#busy} @click=${() => void this.#resend(task)}>${t.resend}</button>`
        : nothing}
      <h4 id="receives-next-scheduled">${t.receivesNextScheduled}</h4>
      ${list.loaded && scheduled.length === 0 ? html`<p class="muted">${t.receivesNextNone}</p>` : nothing}
      <ul class="plain emails" aria-labelledby="receives-next-scheduled">${scheduled.map((e) => this.#item(e))}</ul>
      <h4 id="receives-next-sent">${t.receivesNextSent}</h4>
      ${list.loaded && sent.length === 0 ? html`<p class="muted">${t.receivesNextNoneSent}</p>` : nothing}
      <ul class="plain emails" aria-labelledby="receives-next-sent">${sent.map((e) => this.#item(e))}</ul>
      ${renderMore(list, this.#host.strings, () => void list.reload())}
    </section>`;
  }
}

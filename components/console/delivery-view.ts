import { css, html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { ApiError } from '../internal/api-client.ts';
import type { DeliveryJob, DeliveryRetried, DeliveryState } from '../internal/api-types.ts';
import { renderMore } from './console-labels.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import type { DeliveryKind } from './delivery-strings.ts';
import { PagedList } from './paged-list.ts';

const STATES: readonly DeliveryState[] = ['failed', 'retrying', 'pending'];

const KNOWN_KINDS = new Set<string>([
  'email.send', 'notify.assigned', 'notify.message', 'notify.digest', 'events.dispatch', 'reminder.task',
  'reminder.morning', 'auth.link', 'task.next_occurrence', 'template.send', 'work.repeat', 'files.digitise',
] satisfies DeliveryKind[]);

export const deliveryStyles = css`
  .delivery-item {
    flex-direction: column;
    align-items: stretch;
    gap: 0.25rem;
  }
  .delivery-item .facts {
    margin: 0;
  }
  .delivery-item .last-error {
    overflow-wrap: anywhere;
    white-space: pre-wrap;
    font-family: ui-monospace, monospace;
    font-size: 0.875em;
  }
  .delivery-item .button {
    align-self: flex-start;
  }
  .delivery-state[data-state='failed'] {
    color: var(--_danger);
    font-weight: 600;
  }
  @media (max-width: 30rem) {
    .delivery-item .facts {
      grid-template-columns: 1fr;
    }
  }
`;

/**
 * The firm's Delivery screen (owner and admins; `GET /firm/delivery`): the
 * background work that failed or waits (emails, notices, reminders) with its
 * kind, what it is about (a task opens), attempts, last error and next try,
 * newest change first, paged, filtered by state; a failed job has "Try again
 * now" (`POST /firm/delivery/:id/retry`), its outcome announced.
 */
export class DeliveryView implements ReactiveController {
  readonly #host: ConsoleViewHost;
  readonly #list: PagedList<DeliveryJob>;
  #state: DeliveryState | '' = '';
  /** The job whose retry is on its way. */
  #retrying: string | null = null;

  constructor(host: ConsoleViewHost) {
    this.#host = host;
    this.#list = new PagedList<DeliveryJob>(host, '/firm/delivery');
    host.addController(this);
  }

  hostConnected(): void {}

  /** Opens the screen: every state, from the first page. */
  open(): void {
    this.#state = '';
    void this.#load();
  }

  /** Back to the screen: the same filter, loaded again. */
  reload(): void {
    void this.#load();
  }

  async #load(): Promise<void> {
    await this.#list.load({ state: this.#state });
    if (this.#list.loaded) this.#host.announce(this.#host.strings.deliveryShown(this.#list.items.length));
  }

  #kind(kind: string): string {
    return KNOWN_KINDS.has(kind) ? this.#host.strings.deliveryKind(kind as DeliveryKind) : kind;
  }

  async #retry(job: DeliveryJob): Promise<void> {
    const host = this.#host;
    const t = host.strings;
    if (this.#retrying) return;
    this.#retrying = job.id;
    host.showError('');
    host.requestUpdate();
    try {
      const answer = await host.apiClient.post<DeliveryRetried>(`/firm/delivery/${encodeURIComponent(job.id)}/retry`);
      this.#list.items = this.#list.items.map((j) => (j.id === job.id ? { ...j, state: answer.state, nextAttemptAt: answer.nextAttemptAt } : j));
      host.announce(t.deliveryRetried(this.#kind(job.kind)));
    } catch (err) {
      const gone = err instanceof ApiError && (err.status === 404 || err.status === 409);
      const message = gone ? t.deliveryRetryGone : host.failure(err);
      if (message !== null) host.showError(message);
      if (gone) void this.#list.reload();
    } finally {
      this.#retrying = null;
      host.requestUpdate();
    }
    // The button is gone with the failure: focus stays on the job it was for.
    await host.updateComplete;
    host.renderRoot.querySelector<HTMLElement>(`[data-job="${job.id}"]`)?.focus();
  }

  #about(job: DeliveryJob): TemplateResult | string {
    const t = this.#host.strings;
    const id = job.subjectId;
    if (id?.startsWith('tsk_')) {
      return html`${t.deliveryAboutTask} —
        <button type="button" class="link" @click=${() => this.#host.navigate({ view: 'task', id })}>${t.deliveryOpenTask}</button>`;
    }
    if (id?.startsWith('con_')) return t.deliveryAboutContact(id);
    return t.deliveryAboutNothing;
  }

  #renderItem(job: DeliveryJob): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const kind = this.#kind(job.kind);
    const titleId = `job-${job.id}`;
    return html`<li class="delivery-item" data-job=${job.id} tabindex="-1" aria-labelledby=${titleId}>
      <div class="row">
        <strong class="item-title" id=${titleId}>${kind}</strong>
        <span class="delivery-state" data-state=${job.state}>${t.deliveryState(job.state)}</span>
      </div>
      <dl class="facts">
        <dt>${t.deliveryAbout}</dt>
        <dd>${this.#about(job)}</dd>
        <dt>${t.deliveryAttempts}</dt>
        <dd>${host.formatNumber(job.attempts)}</dd>
        <dt>${t.deliveryNextTry}</dt>
        <dd>${job.nextAttemptAt === null
            ? t.deliveryNoNextTry
            : html`<time datetime=${new Date(job.nextAttemptAt).toISOString()}>${host.formatTime(job.nextAttemptAt)}</time>`}</dd>
        ${job.lastError
          ? html`<dt>${t.deliveryLastError}</dt>
              <dd class="last-error">${job.lastError}</dd>`
          : nothing}
        <dt>${t.deliveryUpdated}</dt>
        <dd><time datetime=${new Date(job.updatedAt).toISOString()}>${host.formatTime(job.updatedAt)}</time></dd>
      </dl>
      ${job.state === 'failed'
        ? html`<button type="button" class="button secondary" ?disabled=${this.#retrying !== null} @click=${() => void this.#retry(job)}>
            ${this.#retrying === job.id ? t.deliveryRetrying : t.deliveryRetry}<span class="sr-only">: ${kind}</span>
          </button>`
        : nothing}
    </li>`;
  }

  render(): TemplateResult {
    const t = this.#host.strings;
    const list = this.#list;
    return html`
      <h2 tabindex="-1" data-heading id="delivery-title">${t.deliveryTitle}</h2>
      <p class="muted">${t.deliveryIntro}</p>
      <div class="filters">
        <div class="field">
          <label for="delivery-state">${t.deliveryStateFilter}</label>
          <select
            id="delivery-state"
            name="state"
            @change=${(e: Event) => {
              this.#state = (e.currentTarget as HTMLSelectElement).value as DeliveryState | '';
              void this.#load();
            }}
          >
            <option value="" ?selected=${this.#state === ''}>${t.deliveryStateAll}</option>
            ${STATES.map((s) => html`<option value=${s} ?selected=${this.#state === s}>${t.deliveryState(s)}</option>`)}
          </select>
        </div>
      </div>
      ${list.loaded && list.items.length === 0
        ? html`<p class="muted">${this.#state ? t.deliveryEmptyFiltered : t.deliveryEmpty}</p>`
        : nothing}
      ${list.items.length
        ? html`<ul class="plain rows" aria-labelledby="delivery-title">${list.items.map((job) => this.#renderItem(job))}</ul>`
        : nothing}
      ${renderMore(list as PagedList<unknown>, t, () => void list.reload(), () => void list.more())}
    `;
  }
}

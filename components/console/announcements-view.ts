import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { isAbort } from '../internal/messages.ts';
import { fieldError, issuesByPath, renderMore } from './console-labels.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import { PagedList } from './paged-list.ts';
import type { PortalSettingsValues } from './portal-settings.ts';
import { renderConfirmQuestion } from './confirm-question.ts';

/** `GET /firm/announcements` items. */
export interface Announcement {
  id: string;
  title: string;
  body: string;
  /** Shown since then (UTC ms); null: a draft. */
  publishedAt: number | null;
  /** Gone from the portal after this (UTC ms); null: until unpublished. */
  endsAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** The local calendar day before `ms` (an end at midnight belongs to the day it closes), as `YYYY-MM-DD`. */
const dayEnding = (ms: number): string => {
  const d = new Date(ms - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
/** The end of a local calendar day (`YYYY-MM-DD`): the next midnight, in UTC milliseconds. */
const endOfDay = (iso: string): number => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + 1).getTime();
};

/**
 * The console's Announcements section (`GET /firm/announcements?q&cursor`):
 * the firm's announcements newest first, paged, searched by title. The owner
 * and admins write one (title, text, "Publish now" or "Save as draft", an
 * optional last day), edit it, publish or unpublish it and delete it after a
 * confirmation; a member reads the list and is offered none of that.
 */
export class AnnouncementsView implements ReactiveController {
  readonly #host: ConsoleViewHost;
  readonly #list: PagedList<Announcement>;
  #q = '';
  /** The form: `null` closed; `'new'`, or the announcement being edited. */
  #editing: 'new' | Announcement | null = null;
  #issues = new Map<string, string>();
  #busy = false;
  #confirmingDelete: string | null = null;
  /** Whether the portal shows announcements (from the settings; unknown until they load). */
  #enabled: boolean | null = null;

  constructor(host: ConsoleViewHost) {
    this.#host = host;
    this.#list = new PagedList<Announcement>(host, '/firm/announcements');
    host.addController(this);
  }

  hostConnected(): void {}

  open(): void {
    this.#q = '';
    this.#editing = null;
    this.#confirmingDelete = null;
    this.#issues = new Map();
    void this.#load();
    void this.#loadEnabled();
  }

  async #load(): Promise<void> {
    await this.#list.load({ q: this.#q });
    if (this.#list.loaded) this.#host.announce(this.#host.strings.announcementsShown(this.#list.items.length));
  }

  async #loadEnabled(): Promise<void> {
    try {
      this.#enabled = (await this.#host.apiClient.get<PortalSettingsValues>('/firm/settings')).announcementsEnabled;
    } catch (err) {
      // Only the hint depends on it.
      if (!isAbort(err)) this.#enabled = null;
    }
    this.#host.requestUpdate();
  }

  async #focus(selector: string): Promise<void> {
    await this.#host.updateComplete;
    this.#host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  #openForm(editing: 'new' | Announcement): void {
    this.#editing = editing;
    this.#issues = new Map();
    this.#host.requestUpdate();
    void this.#focus('#announcement-title');
  }

  #closeForm(): void {
    this.#editing = null;
    this.#issues = new Map();
    this.#host.requestUpdate();
    void this.#focus('#announcement-write');
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const host = this.#host;
    const t = host.strings;
    const editing = this.#editing;
    if (!editing) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const title = String(data.get('title') ?? '').trim();
    const body = String(data.get('body') ?? '').trim();
    const ends = String(data.get('endsAt') ?? '');
    const action = (event.submitter as HTMLButtonElement | null)?.value;
    const issues = new Map<string, string>();
    if (!title) issues.set('title', t.announcementRequired);
    if (!body) issues.set('body', t.announcementRequired);
    this.#issues = issues;
    if (issues.size) {
      host.requestUpdate();
      void this.#focus('.announcement-form [aria-invalid="true"]');
      return;
    }
    const fields = { title, body, endsAt: ends ? endOfDay(ends) : null };
    this.#busy = true;
    host.showError('');
    host.requestUpdate();
    try {
      const saved =
        editing === 'new'
          ? await host.apiClient.request<Announcement>('POST', '/firm/announcements', { ...fields, published: action === 'publish' })
          : await host.apiClient.request<Announcement>('PATCH', `/firm/announcements/${encodeURIComponent(editing.id)}`, fields);
      this.#editing = null;
      host.announce(saved.publishedAt !== null && action === 'publish' ? t.announcementPublishedNow(saved.title) : t.announcementSaved(saved.title));
      await this.#list.reload();
      void this.#focus(`[data-announcement="${saved.id}"]`);
    } catch (err) {
      this.#issues = issuesByPath(err);
      const message = host.failure(err);
      if (message !== null && this.#issues.size === 0) host.showError(message);
      host.requestUpdate();
      void this.#focus('.announcement-form [aria-invalid="true"]');
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  async #change(item: Announcement, published: boolean): Promise<void> {
    const host = this.#host;
    const t = host.strings;
    this.#busy = true;
    host.showError('');
    host.requestUpdate();
    try {
      const saved = await host.apiClient.request<Announcement>('PATCH', `/firm/announcements/${encodeURIComponent(item.id)}`, { published });
      this.#list.items = this.#list.items.map((a) => (a.id === saved.id ? saved : a));
      host.announce(published ? t.announcementPublishedNow(saved.title) : t.announcementUnpublished(saved.title));
    } catch (err) {
      const message = host.failure(err);
      if (message !== null) host.showError(message);
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
    void this.#focus(`[data-announcement="${item.id}"] [data-publish]`);
  }

  async #delete(item: Announcement): Promise<void> {
    const host = this.#host;
    this.#busy = true;
    host.showError('');
    host.requestUpdate();
    try {
      await host.apiClient.request('DELETE', `/firm/announcements/${encodeURIComponent(item.id)}`);
      this.#confirmingDelete = null;
      this.#list.items = this.#list.items.filter((a) => a.id !== item.id);
      host.announce(host.strings.announcementDeleted(item.title));
      void this.#focus('[data-heading]');
    } catch (err) {
      const message = host.failure(err);
      if (message !== null) host.showError(message);
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  #renderForm(editing: 'new' | Announcement): TemplateResult {
    const t = this.#host.strings;
    const issues = this.#issues;
    const current = editing === 'new' ? null : editing;
    const invalid = (path: string) => (issues.has(path) ? 'true' : 'false');
    return html`<form class="card announcement-form" novalidate aria-labelledby="announcement-form-title" @submit=${(e: SubmitEvent) => this.#submit(e)}>
      <h3 id="announcement-form-title">${current ? t.editAnnouncementTitle : t.newAnnouncementTitle}</h3>
      <label for="announcement-title">${t.announcementTitleLabel}</label>
      <input id="announcement-title" name="title" maxlength="200" required .value=${current?.title ?? ''}
        aria-invalid=${invalid('title')} aria-describedby="announcement-title-error" />
      ${fieldError(issues, 'title', 'announcement-title-error')}
      <label for="announcement-body">${t.announcementBodyLabel}</label>
      <textarea id="announcement-body" name="body" maxlength="5000" rows="5" required .value=${current?.body ?? ''}
        aria-invalid=${invalid('body')} aria-describedby="announcement-body-error"></textarea>
      ${fieldError(issues, 'body', 'announcement-body-error')}
      <label for="announcement-ends">${t.announcementEndsLabel}</label>
      <input id="announcement-ends" name="endsAt" type="date" .value=${current?.endsAt ? dayEnding(current.endsAt) : ''}
        aria-invalid=${invalid('endsAt')} aria-describedby="announcement-ends-error" />
      ${fieldError(issues, 'endsAt', 'announcement-ends-error')}
      <div class="row">
        ${current
          ? html`<button type="submit" class="button" value="save" ?disabled=${this.#busy}>${t.saveAnnouncement}</button>`
          : html`<button type="submit" class="button" value="publish" ?disabled=${this.#busy}>${t.publishNow}</button>
              <button type="submit" class="button secondary" value="draft" ?disabled=${this.#busy}>${t.saveAsDraft}</button>`}
        <button type="button" class="button secondary" @click=${() => this.#closeForm()}>${this.#host.strings.cancel}</button>
      </div>
    </form>`;
  }

  #renderState(item: Announcement): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    if (item.publishedAt === null) return html`<span class="badge">${t.announcementDraft}</span>`;
    const ended = item.endsAt !== null && item.endsAt <= Date.now();
    const end = item.endsAt === null ? '' : `, ${(ended ? t.announcementEnded : t.announcementEnds)(host.formatTime(item.endsAt))}`;
    return html`<span class="meta">${t.announcementPublished(host.formatTime(item.publishedAt))}${end}</span>`;
  }

  #renderItem(item: Announcement): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const titleId = `announcement-${item.id}`;
    const confirming = this.#confirmingDelete === item.id;
    return html`<li data-announcement=${item.id} tabindex="-1" aria-labelledby=${titleId} class="announcement-item">
      <div class="row"><strong class="item-title" id=${titleId}>${item.title}</strong> ${this.#renderState(item)}</div>
      <p class="task-desc">${item.body}</p>
      ${host.isAdmin
        ? confirming
          ? renderConfirmQuestion({
              questionId: 'announcement-delete-question',
              confirmId: 'announcement-delete-confirm',
              question: t.announcementDeleteQuestion(item.title),
              confirm: t.deleteConfirm,
              cancel: t.cancel,
              busy: this.#busy,
              onConfirm: () => void this.#delete(item),
              onCancel: () => {
                this.#confirmingDelete = null;
                host.requestUpdate();
                void this.#focus(`#announcement-delete-${item.id}`);
              },
            })
          : html`<div class="row">
              <button type="button" class="button secondary" ?disabled=${this.#busy} @click=${() => this.#openForm(item)}>${t.edit}<span class="sr-only">: ${item.title}</span></button>
              <button type="button" class="button secondary" data-publish ?disabled=${this.#busy} @click=${() => this.#change(item, item.publishedAt === null)}>${item.publishedAt === null ? t.publish : t.unpublish}<span class="sr-only">: ${item.title}</span></button>
              <button id="announcement-delete-${item.id}" type="button" class="button secondary" ?disabled=${this.#busy} @click=${() => {
                this.#confirmingDelete = item.id;
                host.requestUpdate();
                void this.#focus('#announcement-delete-confirm');
              }}>${t.delete}<span class="sr-only">: ${item.title}</span></button>
            </div>`
        : nothing}
    </li>`;
  }

  render(): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const list = this.#list;
    return html`
      <h2 tabindex="-1" data-heading id="announcements-title">${t.announcementsTitle}</h2>
      <p class="muted">${t.announcementsIntro}</p>
      ${this.#enabled === false ? html`<p class="notice">${t.announcementsOff}</p>` : nothing}
      ${host.isAdmin
        ? this.#editing
          ? this.#renderForm(this.#editing)
          : html`<div class="row"><button id="announcement-write" type="button" class="button" @click=${() => this.#openForm('new')}>${t.writeAnnouncement}</button></div>`
        : html`<p class="muted">${t.announcementsReadOnly}</p>`}
      <form class="filters" role="search" aria-label=${t.announcementsSearch} @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        this.#q = String(new FormData(e.currentTarget as HTMLFormElement).get('q') ?? '').trim();
        void this.#load();
      }}>
        <div class="field">
          <label for="announcements-q">${t.announcementsSearch}</label>
          <div class="row">
            <input id="announcements-q" name="q" type="search" autocomplete="off" .value=${this.#q} />
            <button type="submit" class="button secondary">${t.search}</button>
          </div>
        </div>
      </form>
      ${list.loaded && list.items.length === 0 ? html`<p class="muted">${this.#q ? t.announcementsEmptyFiltered : t.announcementsEmpty}</p>` : nothing}
      ${list.items.length ? html`<ul class="plain rows" aria-labelledby="announcements-title">${list.items.map((item) => this.#renderItem(item))}</ul>` : nothing}
      ${renderMore(list as PagedList<unknown>, t, () => void list.reload(), () => void list.more())}
    `;
  }
}

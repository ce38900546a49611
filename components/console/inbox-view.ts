import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { FirmRequest, InboxItem, RequestState } from '../internal/api-types.ts';
import { renderMore, requestStateLabel } from './console-labels.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import { PagedList } from './paged-list.ts';

export interface InboxFilters {
  /** `all` and `task` read the inbox (`GET /firm/inbox`); `requests` the request list (`GET /firm/requests`) with its state and assignee. */
  show: 'all' | 'requests' | 'task';
  state: RequestState | '';
  assignedToMe: boolean;
  q: string;
}

const noFilters: InboxFilters = { show: 'all', state: '', assignedToMe: false, q: '' };
const requestStates: RequestState[] = ['open', 'answered', 'converted', 'closed'];

/**
 * The staff inbox: new client requests and client messages on tasks and
 * requests, newest first (`GET /firm/inbox`), unread ones in bold with
 * "New" and a count; or the requests themselves (`GET /firm/requests`) by
 * state and "assigned to me", each with its unread messages. Both search
 * (`q`) and page with "Show more". A row opens its request or task, whose
 * conversation marks it read; coming back reloads the list, so the counts follow.
 */
export class InboxView implements ReactiveController {
  readonly #host: ConsoleViewHost;
  readonly #inbox: PagedList<InboxItem>;
  readonly #requests: PagedList<FirmRequest>;
  filters: InboxFilters = { ...noFilters };

  constructor(host: ConsoleViewHost) {
    this.#host = host;
    this.#inbox = new PagedList<InboxItem>(host, '/firm/inbox');
    this.#requests = new PagedList<FirmRequest>(host, '/firm/requests');
    host.addController(this);
  }

  hostConnected(): void {}

  /** Opens the inbox with no filter. */
  open(): void {
    this.filters = { ...noFilters };
    this.#load(false);
  }

  /** Loads the first page again with the same filters (back from a thread: what was read is no longer bold). */
  reload(): void {
    this.#load(false);
  }

  get #showingRequests(): boolean {
    return this.filters.show === 'requests';
  }

  #load(announce = true): void {
    const f = this.filters;
    const q = f.q.trim();
    const loaded = this.#showingRequests
      ? this.#requests.load({ state: f.state, assignedMemberId: f.assignedToMe && this.#host.memberId, q })
      : this.#inbox.load({ thread: f.show === 'task' && 'task', q });
    void loaded.then(() => {
      if (announce) this.#announceCount();
    });
  }

  #announceCount(): void {
    const list = this.#showingRequests ? this.#requests : this.#inbox;
    if (!list.error) this.#host.announce(this.#host.strings.itemsShown(list.items.length));
  }

  #set(change: Partial<InboxFilters>): void {
    this.filters = { ...this.filters, ...change };
    this.#load();
  }

  #onSearch(event: SubmitEvent): void {
    event.preventDefault();
    this.#set({ q: String(new FormData(event.currentTarget as HTMLFormElement).get('q') ?? '') });
  }

  #renderFilters(): TemplateResult {
    const t = this.#host.strings;
    const f = this.filters;
    const value = (e: Event) => (e.target as HTMLSelectElement).value;
    return html`<form class="filters" role="search" aria-label=${t.inboxFiltersLabel} @submit=${(e: SubmitEvent) => this.#onSearch(e)}>
      <div class="field">
        <label for="inbox-q">${t.inboxSearch}</label>
        <div class="row">
          <input id="inbox-q" name="q" type="search" .value=${f.q} autocomplete="off" />
          <button type="submit" class="button secondary">${t.search}</button>
        </div>
      </div>
      <div class="field">
        <label for="inbox-show">${t.inboxShow}</label>
        <select id="inbox-show" @change=${(e: Event) => this.#set({ show: value(e) as InboxFilters['show'] })}>
          <option value="all" ?selected=${f.show === 'all'}>${t.inboxShowAll}</option>
          <option value="requests" ?selected=${f.show === 'requests'}>${t.inboxShowRequests}</option>
          <option value="task" ?selected=${f.show === 'task'}>${t.inboxShowTaskMessages}</option>
        </select>
      </div>
      ${this.#showingRequests
        ? html`<div class="field">
              <label for="inbox-state">${t.requestStateFilter}</label>
              <select id="inbox-state" @change=${(e: Event) => this.#set({ state: value(e) as RequestState | '' })}>
                <option value="" ?selected=${f.state === ''}>${t.anyState}</option>
                ${requestStates.map((s) => html`<option value=${s} ?selected=${f.state === s}>${requestStateLabel(t, s)}</option>`)}
              </select>
            </div>
            <label class="check">
              <input type="checkbox" .checked=${f.assignedToMe} @change=${(e: Event) => this.#set({ assignedToMe: (e.target as HTMLInputElement).checked })} />
              ${t.assignedToMe}
            </label>`
        : nothing}
    </form>`;
  }

  #renderItem(item: InboxItem): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const kind = item.kind === 'request' ? t.kindRequest : item.thread.kind === 'task' ? t.kindTaskMessage : t.kindRequestMessage;
    const open = () => host.navigate(item.thread.kind === 'task' ? { view: 'task', id: item.thread.id } : { view: 'request', id: item.thread.id });
    return html`<li class=${item.unread ? 'unread' : ''} data-inbox-item=${item.id}>
      <button type="button" class="link item-title" @click=${open}>
        ${item.thread.title}${item.unread ? html`<span class="sr-only"> (${t.unread})</span>` : nothing}
      </button>
      ${item.unread ? html`<span class="badge new" aria-hidden="true">${t.newBadge}</span>` : nothing}
      <span class="meta">${kind} · ${item.client.name}${item.contact ? ` · ${t.fromContact(item.contact.name)}` : ''}</span>
      <time class="meta" datetime=${new Date(item.at).toISOString()}>${host.formatTime(item.at)}</time>
      <span class="excerpt">${item.excerpt}</span>
    </li>`;
  }

  #renderRequest(request: FirmRequest): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const unread = request.unreadMessages > 0;
    return html`<li class=${unread ? 'unread' : ''} data-request=${request.id}>
      <button type="button" class="link item-title" @click=${() => host.navigate({ view: 'request', id: request.id })}>${request.subject}</button>
      ${unread ? html`<span class="badge new">${t.unreadMessages(request.unreadMessages)}</span>` : nothing}
      <span class="badge request-${request.state}">${requestStateLabel(t, request.state)}</span>
      <span class="meta">${request.clientName} · ${t.fromContact(request.contact.name)}</span>
      <time class="meta" datetime=${new Date(request.createdAt).toISOString()}>${host.formatTime(request.createdAt)}</time>
    </li>`;
  }

  render(): TemplateResult {
    const t = this.#host.strings;
    const requests = this.#showingRequests;
    const list: PagedList<InboxItem> | PagedList<FirmRequest> = requests ? this.#requests : this.#inbox;
    const unread = requests ? this.#requests.items.filter((r) => r.unreadMessages > 0).length : this.#inbox.items.filter((i) => i.unread).length;
    return html`
      <h2 tabindex="-1" data-heading id="inbox-title">${t.inboxTitle}</h2>
      ${this.#renderFilters()}
      ${list.loaded ? html`<p class="unread-count">${t.inboxUnreadCount(unread)}</p>` : nothing}
      ${list.loaded && list.items.length === 0 ? html`<p class="muted">${t.inboxEmpty}</p>` : nothing}
      ${list.items.length
        ? html`<ul class="plain rows inbox" aria-labelledby="inbox-title">
            ${requests ? this.#requests.items.map((r) => this.#renderRequest(r)) : this.#inbox.items.map((i) => this.#renderItem(i))}
          </ul>`
        : nothing}
      ${renderMore(list as PagedList<unknown>, t, () => void list.reload(), () => void list.more().then(() => this.#announceCount()))}
    `;
  }
}

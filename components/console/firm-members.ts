import { html, nothing, type TemplateResult } from 'lit';
import type { Member, Page } from '../internal/api-types.ts';
import type { ConsoleViewHost } from './console-view-host.ts';

/** A firm has a handful of members: the pickers list them all, read page by page up to this many. */
const MAX_MEMBERS = 500;

/**
 * The firm's members (`GET /firm/members`), loaded once per signed-in member
 * and shared by the "responsible" pickers of the board, the work list and the
 * work detail. Until they load, or if they cannot, the pickers still offer
 * "Me" (the signed-in member), so filtering by oneself always works.
 */
export class FirmMembers {
  readonly #host: ConsoleViewHost;
  items: Member[] = [];
  /** Why the last load failed (`''`: it did not); the Team screen shows it, the pickers do without. */
  error = '';
  /** Whether a load has finished (with the list or an error). */
  loaded = false;
  #loadedFor: string | null = null;
  #loading: Promise<void> | null = null;

  constructor(host: ConsoleViewHost) {
    this.#host = host;
  }

  load(): Promise<void> {
    if (this.#loadedFor !== this.#host.memberId) {
      this.#loadedFor = this.#host.memberId;
      this.items = [];
      this.#loading = this.#fetch();
    }
    return this.#loading ?? Promise.resolve();
  }

  /** Loads the list again (the Team screen opens on a fresh one; a change there is seen by the pickers too). */
  reload(): Promise<void> {
    this.#loadedFor = null;
    return this.load();
  }

  async #fetch(): Promise<void> {
    const host = this.#host;
    const all: Member[] = [];
    this.error = '';
    this.loaded = false;
    try {
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const page: Page<Member> = await host.apiClient.get<Page<Member>>(`/firm/members?limit=100${query}`);
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && all.length < MAX_MEMBERS);
    } catch (err) {
      // A picker without the others is still usable ("Me"); a 401 has already sent the console to sign-in.
      this.error = host.failure(err) ?? '';
      this.#loadedFor = null;
      this.loaded = true;
      host.requestUpdate();
      return;
    }
    this.items = all.sort((a, b) => a.name.localeCompare(b.name));
    this.loaded = true;
    host.requestUpdate();
  }

  /** `<option>`s for a responsible picker: "Me" first, then every other member by name. */
  options(selected: string): TemplateResult {
    const host = this.#host;
    const me = host.memberId;
    return html`${me ? html`<option value=${me} ?selected=${selected === me}>${host.strings.me}</option>` : nothing}
      ${this.items.filter((m) => m.id !== me).map((m) => html`<option value=${m.id} ?selected=${selected === m.id}>${m.name}</option>`)}`;
  }
}

import { html, nothing, type TemplateResult } from 'lit';
import type { FirmClient, Page } from '../internal/api-types.ts';
import { isAbort } from '../internal/messages.ts';
import type { ConsoleViewHost } from './console-view-host.ts';

/** How many matches the picker lists. */
const MATCHES = 20;
/** Pause after a keystroke before asking the server (ms). */
const DEBOUNCE = 150;

/** A client chosen in a picker. */
export interface PickedClient {
  id: string;
  name: string;
}

/**
 * A client picker for firms with many clients: a combobox (ARIA 1.2 pattern)
 * that asks the server as one types (`GET /firm/clients?q&limit=20`) instead
 * of listing every client. Arrow keys move through the matches, Enter
 * chooses, Escape closes; a click chooses too. The count of matches is said
 * in its own polite region. `onChange` gets the chosen client, or `null`
 * when the text no longer names one.
 */
export class ClientPicker {
  readonly #host: ConsoleViewHost;
  readonly #id: string;
  readonly #onChange: (client: PickedClient | null) => void;
  #value: PickedClient | null = null;
  #text = '';
  #matches: FirmClient[] = [];
  #open = false;
  #active = -1;
  #searched = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #abort: AbortController | null = null;

  constructor(host: ConsoleViewHost, id: string, onChange: (client: PickedClient | null) => void) {
    this.#host = host;
    this.#id = id;
    this.#onChange = onChange;
  }

  /** Sets the chosen client without a word (a form opening on one). */
  set(value: PickedClient | null): void {
    this.#value = value;
    this.#text = value?.name ?? '';
    this.#close();
  }

  get value(): PickedClient | null {
    return this.#value;
  }

  #close(): void {
    clearTimeout(this.#timer);
    this.#abort?.abort();
    this.#open = false;
    this.#active = -1;
    this.#host.requestUpdate();
  }

  #input(text: string): void {
    this.#text = text;
    if (this.#value && this.#value.name !== text) {
      this.#value = null;
      this.#onChange(null);
    }
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#search(text.trim()), DEBOUNCE);
    this.#host.requestUpdate();
  }

  async #search(q: string): Promise<void> {
    const host = this.#host;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    const params = new URLSearchParams({ limit: String(MATCHES) });
    if (q) params.set('q', q);
    try {
      const page = await host.apiClient.get<Page<FirmClient>>(`/firm/clients?${params}`, { signal: abort.signal });
      this.#matches = page.items;
      this.#open = true;
      this.#searched = true;
      this.#active = page.items.length ? 0 : -1;
    } catch (err) {
      if (isAbort(err)) return;
      const message = host.failure(err);
      if (message !== null) host.showError(message);
    } finally {
      if (this.#abort === abort) this.#abort = null;
      host.requestUpdate();
    }
  }

  #choose(client: FirmClient): void {
    this.#value = { id: client.id, name: client.name };
    this.#text = client.name;
    this.#close();
    this.#onChange(this.#value);
  }

  #key(event: KeyboardEvent): void {
    const n = this.#matches.length;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!this.#open) void this.#search(this.#text.trim());
        else if (n) this.#active = (this.#active + 1) % n;
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (this.#open && n) this.#active = (this.#active - 1 + n) % n;
        break;
      case 'Enter': {
        const chosen = this.#open ? this.#matches[this.#active] : undefined;
        if (chosen) {
          event.preventDefault(); // choose, do not submit the form
          this.#choose(chosen);
        }
        break;
      }
      case 'Escape':
        if (this.#open) {
          event.preventDefault();
          event.stopPropagation();
          this.#close();
        }
        break;
      default:
        return;
    }
    this.#host.requestUpdate();
  }

  /** The label, the combobox and its list of matches. */
  render(label: string, opts: { describedBy?: string; invalid?: boolean; placeholder?: string } = {}): TemplateResult {
    const t = this.#host.strings;
    const id = this.#id;
    const listId = `${id}-list`;
    const shown = this.#open && this.#matches.length > 0;
    const active = shown && this.#active >= 0 ? `${id}-opt-${this.#active}` : '';
    const described = [`${id}-hint`, opts.describedBy].filter(Boolean).join(' ');
    return html`<div class="client-picker">
      <label for=${id}>${label}</label>
      <input id=${id} type="text" role="combobox" autocomplete="off" spellcheck="false"
        aria-autocomplete="list" aria-expanded=${shown ? 'true' : 'false'} aria-controls=${listId}
        aria-activedescendant=${active || nothing} aria-describedby=${described} aria-invalid=${opts.invalid ? 'true' : 'false'}
        placeholder=${opts.placeholder ?? nothing}
        .value=${this.#text}
        @input=${(e: Event) => this.#input((e.target as HTMLInputElement).value)}
        @keydown=${(e: KeyboardEvent) => this.#key(e)}
        @focus=${() => {
          if (!this.#value && !this.#open) void this.#search(this.#text.trim());
        }}
        @blur=${() => setTimeout(() => this.#close(), 150)} />
      <span id=${`${id}-hint`} class="hint">${t.pickerHint}</span>
      <ul id=${listId} role="listbox" aria-label=${label} class="picker-list" ?hidden=${!shown}>
        ${this.#matches.map(
          (client, i) => html`<li id=${`${id}-opt-${i}`} role="option" aria-selected=${i === this.#active ? 'true' : 'false'} data-client=${client.id}
            @mousedown=${(e: Event) => e.preventDefault()} @click=${() => this.#choose(client)}>${client.name}</li>`,
        )}
      </ul>
      ${this.#open && this.#searched && this.#matches.length === 0 ? html`<p class="muted">${t.pickerNoMatch}</p>` : nothing}
      <span class="sr-only" role="status">${this.#open && this.#searched ? t.pickerMatches(this.#matches.length) : ''}</span>
    </div>`;
  }
}

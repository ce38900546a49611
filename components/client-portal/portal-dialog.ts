import { html, type TemplateResult } from 'lit';
import { activeElement, type PortalPartHost } from './portal-part.ts';

/**
 * A modal `<dialog>` of the portal: opened with `showModal()` (the page
 * behind is inert, Escape closes it), focus on its Close button, and back on
 * what had it before (else the portal's heading) once it closes.
 */
export class PortalDialog {
  readonly #host: PortalPartHost;
  readonly #id: string;
  #returnTo: HTMLElement | null = null;
  #onClosed: () => void;
  open = false;

  constructor(host: PortalPartHost, id: string, onClosed: () => void) {
    this.#host = host;
    this.#id = id;
    this.#onClosed = onClosed;
  }

  get #dialog(): HTMLDialogElement | null {
    return this.#host.shadowRoot?.querySelector<HTMLDialogElement>(`#${this.#id}`) ?? null;
  }

  async show(): Promise<void> {
    if (this.open) return;
    this.#returnTo = activeElement();
    this.open = true;
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    const dialog = this.#dialog;
    if (dialog && !dialog.open) dialog.showModal();
    dialog?.querySelector<HTMLElement>('[data-close]')?.focus();
  }

  close(): void {
    this.#dialog?.close();
  }

  readonly #closed = async (): Promise<void> => {
    if (!this.open) return;
    this.open = false;
    this.#host.requestUpdate();
    this.#onClosed();
    await this.#host.updateComplete;
    const back = this.#returnTo?.isConnected && this.#returnTo !== document.body ? this.#returnTo : this.#host.shadowRoot?.querySelector<HTMLElement>('[data-heading]');
    back?.focus();
  };

  render(heading: string, body: TemplateResult, closeLabel: string): TemplateResult {
    if (!this.open) return html``;
    return html`<dialog id=${this.#id} part="dialog" aria-labelledby="${this.#id}-heading" @close=${this.#closed}>
      <h2 id="${this.#id}-heading">${heading}</h2>
      ${body}
      <div class="dialog-actions">
        <button part="button" class="button" type="button" data-close @click=${() => this.close()}>${closeLabel}</button>
      </div>
    </dialog>`;
  }
}

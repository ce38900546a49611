import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { ApiError } from '../internal/api-client.ts';
import type { ContactImportPreview } from '../internal/api-types.ts';
import type { ConsoleViewHost } from './console-view-host.ts';

/** Rows shown from the top of a preview; rows with errors show wherever they are. */
const SHOWN_ROWS = 100;

type Row = ContactImportPreview['rows'][number];
const COLUMNS = ['line', 'name', 'company', 'email', 'phone', 'outcome'] as const;

/**
 * "Import contacts" (`POST /firm/imports/contacts { csv, commit? }`): a
 * `.csv` file picked or its text pasted, "Check" shows what would be
 * imported (nothing is written): every row's outcome and, in words, what is
 * wrong with a row, with the counts. "Import N contacts" is offered only when
 * no row has an error, and writes them all at once. A file without a
 * required column or with too many rows is explained. A large file shows its
 * rows with errors and the first hundred, with the count of the rest.
 */
export class ContactImport implements ReactiveController {
  readonly #host: ConsoleViewHost;
  /** The text that was checked (what "Import" sends). */
  #csv = '';
  #text = '';
  #preview: ContactImportPreview | null = null;
  #problem = '';
  #busy = false;
  #done: ContactImportPreview | null = null;

  constructor(host: ConsoleViewHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  open(): void {
    this.#csv = '';
    this.#text = '';
    this.#preview = null;
    this.#problem = '';
    this.#busy = false;
    this.#done = null;
  }

  async #focus(selector: string): Promise<void> {
    await this.#host.updateComplete;
    this.#host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  async #pick(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    this.#text = await file.text();
    this.#preview = null;
    this.#problem = '';
    this.#host.requestUpdate();
  }

  /** The words for a refused file (a missing column, too many rows), or `null` for other failures. */
  #explain(err: unknown): string | null {
    const t = this.#host.strings;
    if (!(err instanceof ApiError)) return null;
    if (err.code === 'csv_too_large' || err.status === 413) return t.importTooLarge;
    if (err.code === 'csv_invalid') return t.importInvalid(err.message);
    if (err.code === 'csv_missing_column') {
      const issues = Array.isArray(err.issues) ? (err.issues as { path?: unknown; message?: unknown }[]) : [];
      const columns = issues.map((i) => (typeof i.path === 'string' && i.path ? i.path : String(i.message ?? ''))).filter(Boolean);
      return t.importMissingColumn(columns.length ? columns.join(', ') : err.message);
    }
    return null;
  }

  async #send(commit: boolean): Promise<void> {
    const host = this.#host;
    const t = host.strings;
    const csv = commit ? this.#csv : this.#text;
    if (!csv.trim()) {
      this.#problem = t.importNothing;
      host.requestUpdate();
      void this.#focus('.import-problem');
      return;
    }
    this.#busy = true;
    this.#problem = '';
    host.showError('');
    host.requestUpdate();
    try {
      const preview = await host.apiClient.post<ContactImportPreview>('/firm/imports/contacts', commit ? { csv, commit: true } : { csv });
      if (commit && preview.committed) {
        this.#done = preview;
        this.#preview = null;
        const c = preview.counts;
        host.announce(t.importDone(host.formatNumber(c.total), host.formatNumber(c.newClients)));
        void this.#focus('.import-done');
      } else {
        this.#csv = csv;
        this.#preview = preview;
        const c = preview.counts;
        host.announce(t.importCounts(...([c.total, c.new, c.existing, c.errors, c.newClients].map((n) => host.formatNumber(n)) as [string, string, string, string, string])));
        void this.#focus('#import-preview-title');
      }
    } catch (err) {
      if (commit && err instanceof ApiError && err.code === 'csv_has_errors') {
        // Rows changed meanwhile (a contact added elsewhere): check the same text again to show which.
        this.#busy = false;
        this.#text = csv;
        await this.#send(false);
        return;
      }
      const words = this.#explain(err);
      if (words !== null) {
        this.#problem = words;
        this.#preview = null;
        void this.#focus('.import-problem');
      } else {
        const message = host.failure(err);
        if (message !== null) host.showError(message);
      }
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  #columnLabel(column: string): string {
    const t = this.#host.strings;
    return (COLUMNS as readonly string[]).includes(column) ? t.importColumn(column as (typeof COLUMNS)[number]) : column;
  }

  #renderRow(row: Row): TemplateResult {
    const t = this.#host.strings;
    const cell = (column: (typeof COLUMNS)[number], value: string | TemplateResult) =>
      html`<td data-label=${t.importColumn(column)}>${value}</td>`;
    return html`<tr class=${row.outcome === 'error' ? 'import-error' : ''} data-line=${row.line}>
      ${cell('line', String(row.line))}
      ${cell('name', row.name)}
      ${cell('company', row.company)}
      ${cell('email', row.email)}
      ${cell('phone', row.phone ?? '')}
      ${cell(
        'outcome',
        html`<span class="outcome" data-outcome=${row.outcome}>${t.importOutcome(row.outcome)}</span>${row.errors.length
          ? html`<ul class="row-errors">${row.errors.map((e) => html`<li>${t.importError(e.code, this.#columnLabel(e.column), e.message)}</li>`)}</ul>`
          : nothing}`,
      )}
    </tr>`;
  }

  #renderPreview(preview: ContactImportPreview): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const c = preview.counts;
    const n = (x: number) => host.formatNumber(x);
    const shown = preview.rows.filter((row, i) => i < SHOWN_ROWS || row.outcome === 'error');
    const hidden = preview.rows.length - shown.length;
    const importable = c.total - c.errors;
    return html`<section class="card import-preview" aria-labelledby="import-preview-title">
      <h3 id="import-preview-title" tabindex="-1">${t.importPreviewTitle}</h3>
      <p class="import-counts">${t.importCounts(n(c.total), n(c.new), n(c.existing), n(c.errors), n(c.newClients))}</p>
      ${c.errors ? html`<p class="notice">${t.importFixFirst}</p>` : nothing}
      <div class="table-wrap">
        <table class="stack">
          <thead><tr>${COLUMNS.map((col) => html`<th scope="col">${t.importColumn(col)}</th>`)}</tr></thead>
          <tbody>${shown.map((row) => this.#renderRow(row))}</tbody>
        </table>
      </div>
      ${hidden > 0 ? html`<p class="meta import-hidden">${t.importRowsHidden(n(hidden))}</p>` : nothing}
      <div class="row">
        <button type="button" class="button" ?disabled=${this.#busy || c.errors > 0 || importable === 0} @click=${() => this.#send(true)}>${t.importCommit(n(importable))}</button>
      </div>
    </section>`;
  }

  render(): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const done = this.#done;
    return html`
      <h2 tabindex="-1" data-heading>${t.importTitle}</h2>
      <p class="muted">${t.importIntro}</p>
      ${done
        ? html`<p class="success import-done" tabindex="-1">${t.importDone(host.formatNumber(done.counts.total), host.formatNumber(done.counts.newClients))}</p>
            <div class="row">
              <button type="button" class="button secondary" @click=${() => {
                this.open();
                host.requestUpdate();
                void this.#focus('#import-file');
              }}>${t.importStartOver}</button>
              <button type="button" class="button secondary" @click=${() => host.navigate({ view: 'contacts' })}>${t.navContacts}</button>
            </div>`
        : html`<form class="card import-form" novalidate @submit=${(e: SubmitEvent) => {
              e.preventDefault();
              void this.#send(false);
            }}>
            <div class="field">
              <label for="import-file">${t.importFileLabel}</label>
              <input id="import-file" type="file" accept=".csv,text/csv" @change=${(e: Event) => this.#pick(e)} />
            </div>
            <div class="field">
              <label for="import-text">${t.importPasteLabel}</label>
              <textarea id="import-text" rows="6" spellcheck="false" .value=${this.#text} @input=${(e: Event) => {
                this.#text = (e.target as HTMLTextAreaElement).value;
                          }}></textarea>
            </div>
            ${this.#problem ? html`<p class="alert import-problem" role="alert" tabindex="-1">${this.#problem}</p>` : nothing}
            <div class="row"><button type="submit" class="button" ?disabled=${this.#busy}>${this.#busy && !this.#preview ? t.importChecking : t.importCheck}</button></div>
          </form>
          ${this.#preview ? this.#renderPreview(this.#preview) : nothing}`}
    `;
  }
}

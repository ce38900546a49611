import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { renderMore } from './console-labels.ts';
import type { Template } from '../internal/api-types.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import { PagedList } from './paged-list.ts';

/** The templates screen: search, paging, and the way to a new work or single-task template. */
export class TemplateList implements ReactiveController {
  readonly #host: ConsoleViewHost;
  readonly #list: PagedList<Template>;
  #q = '';

  constructor(host: ConsoleViewHost) {
    this.#host = host;
    this.#list = new PagedList<Template>(host, '/firm/templates');
    host.addController(this);
  }

  hostConnected(): void {}

  open(): void {
    void this.#list.load({ q: this.#q.trim() });
  }

  render(): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const list = this.#list;
    return html`
      <h2 tabindex="-1" data-heading id="templates-title">${t.templatesTitle}</h2>
      <div class="row">
        <button type="button" class="button" @click=${() => host.navigate({ view: 'template', id: null, kind: 'work' })}>${t.newWorkTemplate}</button>
        <button type="button" class="button secondary" @click=${() => host.navigate({ view: 'template', id: null, kind: 'task' })}>${t.newTaskTemplate}</button>
      </div>
      <form class="filters" role="search" aria-label=${t.templateSearchLabel} @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        this.#q = String(new FormData(e.currentTarget as HTMLFormElement).get('q') ?? '');
        this.open();
      }}>
        <div class="field">
          <label for="templates-q">${t.searchTitles}</label>
          <div class="row">
            <input id="templates-q" name="q" type="search" .value=${this.#q} autocomplete="off" />
            <button type="submit" class="button secondary">${t.search}</button>
          </div>
        </div>
      </form>
      ${list.loaded && list.items.length === 0 ? html`<p class="muted">${t.noTemplates}</p>` : nothing}
      ${list.items.length
        ? html`<ul class="plain rows" aria-labelledby="templates-title">
            ${list.items.map(
              (tpl) => html`<li>
                <button type="button" class="link" @click=${() => host.navigate({ view: 'template', id: tpl.id })}>${tpl.title}</button>
                <span class="meta">${tpl.kind === 'work' ? t.workTemplate : t.taskTemplate} · ${t.taskCountStaff(tpl.tasks.length)}${tpl.selfService ? ` · ${t.selfServiceShort}` : ''}</span>
                <button type="button" class="button secondary" @click=${() => host.navigate({ view: 'apply', id: tpl.id })}>
                  ${t.createFromTemplate}<span class="sr-only">: ${tpl.title}</span>
                </button>
              </li>`,
            )}
          </ul>`
        : nothing}
      ${renderMore(list, t, () => void list.reload())}
    `;
  }
}

import { html, nothing, type TemplateResult } from 'lit';
import type { Translation } from '../translations/en.ts';
import type { PortalTemplate } from '../internal/api-types.ts';

/**
 * The firm's self-service templates as "Start" buttons ("I have a new
 * employee"), each described by the template's description. Nothing when
 * the firm offers none.
 */
export function renderSelfService(
  templates: readonly PortalTemplate[],
  t: Translation,
  starting: string | null,
  start: (template: PortalTemplate) => void,
): TemplateResult | typeof nothing {
  if (!templates.length) return nothing;
  return html`<section class="start" part="self-service" aria-labelledby="start-heading">
    <h2 id="start-heading">${t.startHeading}</h2>
    <ul class="list" role="list">
      ${templates.map(
        (template) => html`<li class="template">
          <button
            class="button secondary"
            part="start"
            type="button"
            data-template-id=${template.id}
            aria-describedby=${template.description ? `tpl-${template.id}` : nothing}
            @click=${() => start(template)}
          >
            ${starting === template.id ? t.starting : template.title}
          </button>
          ${template.description
            ? html`<p class="muted" id="tpl-${template.id}">${template.description}</p>`
            : nothing}
        </li>`,
      )}
    </ul>
  </section>`;
}

import { html, nothing, type TemplateResult } from 'lit';
import type { Translation } from '../translations/en.ts';
import type { PortalWork } from '../internal/api-types.ts';

/**
 * The "Work in progress" section: the company's open work, each with the
 * status the firm shows clients. Nothing when there is none (the server
 * answers none when the firm has the list off).
 */
export function renderWorkList(
  works: readonly PortalWork[],
  t: Translation,
  date: (iso: string) => string,
): TemplateResult | typeof nothing {
  if (!works.length) return nothing;
  return html`<section class="works" part="work-list" aria-labelledby="works-heading">
    <h2 id="works-heading">${t.workHeading}</h2>
    <ul class="list" role="list">
      ${works.map(
        (work) => html`<li class="work" part="work">
          <span class="title">${work.title}</span>
          <span class="meta">
            ${work.status ? html`<span class="work-status" part="work-status">${work.status}</span>` : nothing}
            <span>${t.workStarted(date(work.startDate))}</span>
          </span>
        </li>`,
      )}
    </ul>
  </section>`;
}

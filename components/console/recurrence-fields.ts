import { html, nothing, type TemplateResult } from 'lit';
import type { ConsoleStrings } from './console-strings.ts';
import type { Recurrence } from '../internal/api-types.ts';

/** The recurrence as a form edits it: every part a string, `freq: ''` for one-time. */
export interface RecurrenceDraft {
  freq: Recurrence['freq'] | '';
  /** `''` none, `'-1'` the last day, else 1-31. */
  day: string;
  end: 'never' | 'until' | 'count';
  until: string;
  count: string;
}

export const recurrenceDraft = (r: Recurrence | null): RecurrenceDraft => ({
  freq: r?.freq ?? '',
  day: r?.day !== undefined ? String(r.day) : '',
  end: r?.until ? 'until' : r?.count ? 'count' : 'never',
  until: r?.until ?? '',
  count: r?.count !== undefined ? String(r.count) : '',
});

/** The API's recurrence from the draft, or `null` for one-time. */
export const recurrenceFrom = (d: RecurrenceDraft): Recurrence | null => {
  if (!d.freq) return null;
  const r: Recurrence = { freq: d.freq };
  if (d.freq === 'monthly' && d.day) r.day = Number(d.day);
  if (d.end === 'until' && d.until) r.until = d.until;
  if (d.end === 'count' && d.count) r.count = Number(d.count);
  return r;
};

const freqKey = {
  weekly: 'recurrenceWeekly',
  monthly: 'recurrenceMonthly',
  quarterly: 'recurrenceQuarterly',
  yearly: 'recurrenceYearly',
} as const satisfies Record<Recurrence['freq'], keyof ConsoleStrings>;

/**
 * Repeat fields: one-time or weekly / monthly (on a day, or the last day) /
 * quarterly / yearly, ending never, on a date or after a count. `prefix`
 * keeps ids unique; `set` gets only the part that changed (the owner
 * merges it into its current draft, not into the one of the last render); `error(path)` gives the server's message for
 * `recurrence`, `recurrence.until`, `recurrence.count`.
 */
export const renderRecurrenceFields = (
  t: ConsoleStrings,
  prefix: string,
  d: RecurrenceDraft,
  set: (part: Partial<RecurrenceDraft>) => void,
  error: (path: string, id: string) => TemplateResult | typeof nothing,
): TemplateResult => {
  const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
  const days = Array.from({ length: 31 }, (_, i) => String(i + 1));
  return html`
    <fieldset class="fieldset">
      <legend>${t.repeatLegend}</legend>
      <div class="field">
        <label for="${prefix}-freq">${t.repeatLabel}</label>
        <select id="${prefix}-freq" aria-describedby="${prefix}-recurrence-error" @change=${(e: Event) => set({ freq: value(e) as Recurrence['freq'] | '' })}>
          <option value="" ?selected=${d.freq === ''}>${t.recurrenceNone}</option>
          ${(Object.keys(freqKey) as Recurrence['freq'][]).map(
            (f) => html`<option value=${f} ?selected=${d.freq === f}>${t[freqKey[f]]}</option>`,
          )}
        </select>
        ${error('recurrence', `${prefix}-recurrence-error`)}
      </div>
      ${d.freq === 'monthly'
        ? html`<div class="field">
            <label for="${prefix}-day">${t.repeatDayLabel}</label>
            <select id="${prefix}-day" @change=${(e: Event) => set({ day: value(e) })}>
              <option value="" ?selected=${d.day === ''}>${t.repeatDaySame}</option>
              ${days.map((n) => html`<option value=${n} ?selected=${d.day === n}>${n}</option>`)}
              <option value="-1" ?selected=${d.day === '-1'}>${t.repeatDayLast}</option>
            </select>
          </div>`
        : nothing}
      ${d.freq
        ? html`<div class="field">
              <label for="${prefix}-end">${t.repeatEndLabel}</label>
              <select id="${prefix}-end" @change=${(e: Event) => set({ end: value(e) as RecurrenceDraft['end'] })}>
                <option value="never" ?selected=${d.end === 'never'}>${t.repeatEndNever}</option>
                <option value="until" ?selected=${d.end === 'until'}>${t.repeatEndUntil}</option>
                <option value="count" ?selected=${d.end === 'count'}>${t.repeatEndCount}</option>
              </select>
            </div>
            ${d.end === 'until'
              ? html`<div class="field">
                  <label for="${prefix}-until">${t.repeatUntilLabel}</label>
                  <input id="${prefix}-until" type="date" .value=${d.until} aria-describedby="${prefix}-until-error" @input=${(e: Event) => set({ until: value(e) })} />
                  ${error('recurrence.until', `${prefix}-until-error`)}
                </div>`
              : nothing}
            ${d.end === 'count'
              ? html`<div class="field">
                  <label for="${prefix}-count">${t.repeatCountLabel}</label>
                  <input id="${prefix}-count" type="number" min="1" max="500" .value=${d.count} aria-describedby="${prefix}-count-error" @input=${(e: Event) => set({ count: value(e) })} />
                  ${error('recurrence.count', `${prefix}-count-error`)}
                </div>`
              : nothing}`
        : nothing}
    </fieldset>
  `;
};

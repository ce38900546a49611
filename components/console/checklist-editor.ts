import { html, type TemplateResult } from 'lit';
import type { ConsoleStrings } from './console-strings.ts';

/** A checklist item being edited; `key` is stable while it moves, `id` is the server's (absent for a new item). */
export interface ChecklistDraftItem {
  key: string;
  id?: string;
  text: string;
  /** A document request: the client sends a file for it instead of ticking it. */
  requestsFile?: boolean;
}

let nextKey = 0;
export const draftItem = (text: string, id?: string, requestsFile?: boolean): ChecklistDraftItem => ({
  key: `k${nextKey++}`,
  ...(id === undefined ? {} : { id }),
  text,
  ...(requestsFile === undefined ? {} : { requestsFile }),
});

const move = <T>(list: T[], from: number, to: number): T[] => {
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item!);
  return copy;
};

/**
 * Checklist items with buttons to move each up or down and remove it, and a
 * field to add one: all by keyboard, no dragging. `focusAfter` is called with
 * a selector to focus once the change has rendered (the moved item's button).
 * With `fileToggle`, each item has an "Asks for a file" checkbox (a
 * document request, on a task or a template's task).
 */
export const renderChecklistEditor = (
  t: ConsoleStrings,
  prefix: string,
  items: ChecklistDraftItem[],
  change: (next: ChecklistDraftItem[]) => void,
  focusAfter: (selector: string) => void,
  errorFor: (index: number) => string | undefined,
  fileToggle = false,
): TemplateResult => {
  const last = items.length - 1;
  const moveTo = (from: number, to: number, which: 'up' | 'down') => {
    const key = items[from]!.key;
    change(move(items, from, to));
    // Keep focus on the same button of the moved item, or its other one at the ends.
    const atEnd = (which === 'up' && to === 0) || (which === 'down' && to === last);
    focusAfter(`[data-item="${key}"] .${atEnd ? (which === 'up' ? 'down' : 'up') : which}`);
  };
  const add = (e: Event) => {
    e.preventDefault();
    const field = (e.currentTarget as HTMLElement).closest('.add-item')?.querySelector('input');
    const text = field?.value.trim() ?? '';
    if (!text || !field) return;
    change([...items, draftItem(text)]);
    field.value = '';
    field.focus();
  };
  return html`
    <fieldset class="fieldset">
      <legend>${t.checklistLabel}</legend>
      <ol class="plain checklist-edit">
        ${items.map((item, i) => {
          const error = errorFor(i);
          return html`<li data-item=${item.key}>
            <label class="sr-only" for="${prefix}-item-${item.key}">${t.checklistItemLabel(i + 1)}</label>
            <input
              id="${prefix}-item-${item.key}"
              type="text"
              maxlength="500"
              .value=${item.text}
              aria-invalid=${error ? 'true' : 'false'}
              aria-describedby="${prefix}-item-${item.key}-error"
              @input=${(e: Event) =>
                change(items.map((it) => (it.key === item.key ? { ...it, text: (e.target as HTMLInputElement).value } : it)))}
            />
            ${fileToggle
              ? html`<label class="check">
                  <input
                    type="checkbox"
                    class="asks-file"
                    .checked=${item.requestsFile === true}
                    @change=${(e: Event) =>
                      change(items.map((it) => (it.key === item.key ? { ...it, requestsFile: (e.target as HTMLInputElement).checked } : it)))}
                  />
                  ${t.asksForFile}<span class="sr-only">: ${item.text}</span>
                </label>`
              : ''}
            <button type="button" class="button secondary up" ?disabled=${i === 0} @click=${() => moveTo(i, i - 1, 'up')}>
              ${t.moveUp}<span class="sr-only">: ${item.text}</span>
            </button>
            <button type="button" class="button secondary down" ?disabled=${i === last} @click=${() => moveTo(i, i + 1, 'down')}>
              ${t.moveDown}<span class="sr-only">: ${item.text}</span>
            </button>
            <button
              type="button"
              class="button secondary remove"
              @click=${() => {
                change(items.filter((it) => it.key !== item.key));
                focusAfter(`#${prefix}-add`);
              }}
            >
              ${t.removeItem}<span class="sr-only">: ${item.text}</span>
            </button>
            ${error ? html`<span id="${prefix}-item-${item.key}-error" class="field-error">${error}</span>` : ''}
          </li>`;
        })}
      </ol>
      <div class="row add-item">
        <label class="sr-only" for="${prefix}-add">${t.newItemLabel}</label>
        <input id="${prefix}-add" type="text" maxlength="500" placeholder=${t.newItemLabel} @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && add(e)} />
        <button type="button" class="button secondary" @click=${add}>${t.addItem}</button>
      </div>
    </fieldset>
  `;
};

import type { ReactiveControllerHost } from 'lit';
import type { FirmBranding } from './api-types.ts';

/** Branding field -> token it fills. */
const brandTokens: Array<[keyof FirmBranding, string]> = [
  ['primaryColor', '--portico-color-primary'],
  ['accentColor', '--portico-color-accent'],
  ['fontFamily', '--portico-font-family'],
  ['radius', '--portico-radius'],
];

/**
 * Puts a firm's branding into its element's tokens through an adopted
 * stylesheet of the element's own, never a `style` attribute: a host page
 * with a strict `style-src 'self'` policy allows constructed stylesheets but
 * refuses inline styles. Values go in through the CSSOM (`setProperty`), so a
 * branding value cannot close the rule and add others. A token the page sets
 * itself (on the element or an ancestor) wins over the firm's.
 */
export class BrandingSheet {
  readonly #host: ReactiveControllerHost & HTMLElement;
  #sheet: CSSStyleSheet | null = null;
  #applied = '';

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
  }

  /** Applies `branding` to the elements matching `selector` in the host's shadow root. Call after each render. */
  apply(branding: FirmBranding | undefined, selector: string): void {
    const root = this.#host.shadowRoot;
    if (!root) return;
    const own = getComputedStyle(this.#host);
    const tokens: Array<[string, string]> = [];
    for (const [field, token] of brandTokens) {
      const value = branding?.[field];
      if (value === undefined || value === null || value === '') continue;
      if (own.getPropertyValue(token).trim()) continue; // the page's own setting wins
      tokens.push([token, typeof value === 'number' ? `${value}px` : String(value)]);
    }
    const key = JSON.stringify(tokens);
    if (key === this.#applied) return;
    this.#applied = key;
    if (!this.#sheet) {
      this.#sheet = new CSSStyleSheet();
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, this.#sheet];
    }
    this.#sheet.replaceSync(`${selector}{}`);
    const rule = this.#sheet.cssRules[0] as CSSStyleRule;
    for (const [token, value] of tokens) rule.style.setProperty(token, value);
  }
}

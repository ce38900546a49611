import { LitElement, css, type CSSResult } from 'lit';

/** `portico-*` events declared on `GlobalEventHandlersEventMap`, with their detail type. */
type PorticoEventName = Extract<keyof GlobalEventHandlersEventMap, `portico-${string}`>;
type DetailOf<K extends PorticoEventName> = GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never;

/** A `portico-*` event as every element fires it: it bubbles and crosses shadow roots. */
const porticoEvent = <K extends PorticoEventName>(type: K, detail: DetailOf<K>): CustomEvent<DetailOf<K>> =>
  new CustomEvent(type, { detail, bubbles: true, composed: true });

/**
 * What every Portico element repeats, and nothing more: its `:host` rules,
 * firing a `portico-*` event, and moving focus to a view's heading. Elements
 * extend it directly; shared behaviour beyond this lives in controllers.
 */
export class PorticoElement extends LitElement {
  /**
   * `:host` sets only `display`. A host page can reserve the room an element
   * takes before it is defined with `tag:not(:defined) { display: block; min-height: … }`;
   * once defined, each element keeps that room itself while its data loads.
   */
  static readonly hostStyles: CSSResult = css`
    :host {
      display: block;
    }
    :host([hidden]) {
      display: none;
    }
  `;

  /** Fires a `portico-*` event that bubbles out of the shadow root, with a typed `detail`. */
  protected emit<K extends PorticoEventName>(type: K, detail: DetailOf<K>): boolean {
    return this.dispatchEvent(porticoEvent(type, detail));
  }

  /** After the next render, focuses the current view's heading (`data-heading`, made focusable with `tabindex="-1"`). */
  protected async focusHeading(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[data-heading]')?.focus();
  }
}

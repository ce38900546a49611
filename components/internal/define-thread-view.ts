import { PorticoThread } from './thread-view.ts';

export { PorticoThread };

if (!customElements.get('portico-thread')) customElements.define('portico-thread', PorticoThread);

declare global {
  interface HTMLElementTagNameMap {
    'portico-thread': PorticoThread;
  }
}

import { PorticoConsole } from './portico-console.ts';

export { PorticoConsole };

if (!customElements.get('portico-console')) {
  customElements.define('portico-console', PorticoConsole);
}

declare global {
  interface HTMLElementTagNameMap {
    'portico-console': PorticoConsole;
  }
}

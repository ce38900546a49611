import { ClientPortal } from './client-portal.ts';

export { ClientPortal };

if (!customElements.get('client-portal')) customElements.define('client-portal', ClientPortal);

declare global {
  interface HTMLElementTagNameMap {
    'client-portal': ClientPortal;
  }
}

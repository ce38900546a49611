import { RequestForm } from './request-form.ts';

export { RequestForm };

if (!customElements.get('request-form')) customElements.define('request-form', RequestForm);

declare global {
  interface HTMLElementTagNameMap {
    'request-form': RequestForm;
  }
}

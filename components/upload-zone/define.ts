import { UploadZone } from './upload-zone.ts';

export { UploadZone };

if (!customElements.get('upload-zone')) customElements.define('upload-zone', UploadZone);

declare global {
  interface HTMLElementTagNameMap {
    'upload-zone': UploadZone;
  }
}

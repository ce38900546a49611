import { UploadZone } from './upload-zone.ts';

export { UploadZone };
/** The rules the zone checks files by, for a form that checks picked files the same way before it hands them over (`<request-form>`). */
export { ACCEPT, MAX_FILE_BYTES, precheckFile } from '../../edge/domain/file-rules.ts';

if (!customElements.get('upload-zone')) customElements.define('upload-zone', UploadZone);

declare global {
  interface HTMLElementTagNameMap {
    'upload-zone': UploadZone;
  }
}

/**
 * Portico client elements: classes and helpers, without registering any tag.
 * Import `./define.ts` (or a single element's `define.ts`) to register them.
 */
export { ClientPortal } from './client-portal/client-portal.ts';
export type { SignedInDetail, SignedOutDetail, ClientChangeDetail } from './client-portal/client-portal.ts';
export { ClientTaskList } from './client-task-list/client-task-list.ts';
export { UploadZone } from './upload-zone/upload-zone.ts';
export { RequestForm } from './request-form/request-form.ts';
export { MAX_MESSAGE_CHARS, MAX_SUBJECT_CHARS } from './internal/limits.ts';
export type { RequestSubmitDetail, RequestErrorDetail } from './request-form/request-form.ts';
export type { ThreadReadDetail } from './internal/thread-view.ts';
export type { UploadStartDetail, UploadProgressDetail, UploadCompleteDetail, UploadErrorDetail } from './upload-zone/upload-zone.ts';
export { ACCEPT, ALLOWED_EXTENSIONS, ALLOWED_MIMES, EXTENSIONS_BY_MIME, MAX_FILE_BYTES, precheckFile, type FileRefusal } from '../edge/domain/file-rules.ts';
export { PorticoApi, ApiError, type PorticoApiOptions } from './internal/api-client.ts';
export type * from './internal/api-types.ts';
export { portalContext, type PortalContext } from './internal/context.ts';
export { LocalizeController } from './internal/localize.ts';
export { sessionStore } from './internal/session-store.ts';
export { locales, loadTranslation, matchLocale, en, Strings, type Translation } from './translations/index.ts';
export { et } from './translations/et.ts';
// Each lazily fetched part's own strings (the shared ones above are only what every element needs up front).
export { enTaskDetail, type TaskDetailTranslation } from './client-task-list/task-detail-strings.ts';
export { etTaskDetail } from './client-task-list/task-detail-strings.et.ts';
export { enUploadZone, type UploadZoneTranslation } from './upload-zone/upload-zone-strings.ts';
export { etUploadZone } from './upload-zone/upload-zone-strings.et.ts';
export { enThread, type ThreadTranslation } from './internal/thread-view-strings.ts';
export { etThread } from './internal/thread-view-strings.et.ts';
export { enRequestForm, type RequestFormTranslation } from './request-form/request-form-strings.ts';
export { etRequestForm } from './request-form/request-form-strings.et.ts';
export { tokenDefaults, baseStyles, type TokenName } from './themes/default.ts';

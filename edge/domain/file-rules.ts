/**
 * The upload rules a browser can check before sending: the size limit and the
 * accepted types. Shared by the server (edge/domain/files.ts, the authority,
 * which also sniffs the bytes) and `<upload-zone>`'s pre-check, so both say
 * the same. Shipped to browsers: no imports, nothing but data and one check.
 */

/** 10 MiB: the largest file accepted. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Each accepted type: the MIME type stored and served, and the name endings it may have. */
export const ALLOWED_TYPES = [
  { mime: 'application/pdf', extensions: ['pdf'] },
  { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  { mime: 'image/png', extensions: ['png'] },
  // iPhone photos when Safari hands them over as they are.
  { mime: 'image/heic', extensions: ['heic', 'heif'] },
  { mime: 'image/heif', extensions: ['heif', 'heic'] },
  { mime: 'image/webp', extensions: ['webp'] },
  { mime: 'image/tiff', extensions: ['tif', 'tiff'] },
  { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'] },
  { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
  { mime: 'application/vnd.oasis.opendocument.text', extensions: ['odt'] },
  { mime: 'application/vnd.oasis.opendocument.spreadsheet', extensions: ['ods'] },
  { mime: 'text/csv', extensions: ['csv'] },
  { mime: 'text/plain', extensions: ['txt'] },
  // XML e-invoices (UBL, UN/CEFACT CII, Estonian e-arve).
  { mime: 'application/xml', extensions: ['xml'] },
  { mime: 'application/zip', extensions: ['zip'] },
] as const;

export type AllowedMime = (typeof ALLOWED_TYPES)[number]['mime'];

/** Every accepted name ending, lower case, without the dot. */
export const ALLOWED_EXTENSIONS: readonly string[] = [...new Set(ALLOWED_TYPES.flatMap((t) => t.extensions))];

/** Other names browsers give the same formats (a file without a name ending goes by its MIME type). */
const MIME_ALIASES = ['text/xml', 'application/x-zip-compressed'];

/**
 * For `<input type="file" accept>`. Without HEIC/HEIF on purpose: iOS Safari
 * then hands over a JPEG of an iPhone photo (one the firm can open); a HEIC
 * that arrives anyway (dropped, or from a Mac) is accepted all the same.
 */
export const ACCEPT = [...ALLOWED_EXTENSIONS.map((e) => `.${e}`), ...new Set(ALLOWED_TYPES.map((t) => t.mime))]
  .filter((entry) => !/hei[cf]/.test(entry))
  .join(',');

/** The name's ending, lower case, without the dot ('' when it has none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** Why a file is refused before it is sent: the same codes the server answers. */
export type FileRefusal = 'empty_file' | 'file_too_large' | 'type_not_allowed';

/**
 * What a browser can tell before sending: `null` when the file may go, else
 * the reason. The name's ending decides its type (browsers report some
 * formats under other names, e.g. CSV as `application/vnd.ms-excel`); a name
 * without one (a pasted image) goes by its MIME type. The server still
 * decides from the bytes.
 */
export function precheckFile(file: { name: string; size: number; type?: string }): FileRefusal | null {
  if (file.size > MAX_FILE_BYTES) return 'file_too_large';
  if (file.size === 0) return 'empty_file';
  const extension = extensionOf(file.name);
  const mime = (file.type ?? '').toLowerCase();
  const allowed = extension
    ? ALLOWED_EXTENSIONS.includes(extension)
    : ALLOWED_TYPES.some((t) => t.mime === mime) || MIME_ALIASES.includes(mime);
  return allowed ? null : 'type_not_allowed';
}

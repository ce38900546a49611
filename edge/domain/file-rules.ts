/**
 * The upload rules a browser can check before sending: the size limit and the
 * accepted types. Shared by the server (edge/domain/files.ts, the authority,
 * which also sniffs the bytes) and `<upload-zone>`'s pre-check, so both say
 * the same. Shipped to browsers: no imports, nothing but data and one check.
 */

/** 10 MiB: the largest file accepted. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Each accepted type's MIME type: the one stored and served for a file of that kind. */
export const ALLOWED_MIMES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  // iPhone photos when Safari hands them over as they are.
  'image/heic',
  'image/heif',
  'image/webp',
  'image/tiff',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'text/csv',
  'text/plain',
  // XML e-invoices (UBL, UN/CEFACT CII, Estonian e-arve).
  'application/xml',
  'application/zip',
] as const;

export type AllowedMime = (typeof ALLOWED_MIMES)[number];

/** Every accepted name ending, lower case, without the dot. */
export const ALLOWED_EXTENSIONS: readonly string[] = ['pdf', 'jpg', 'jpeg', 'png', 'heic', 'heif', 'webp', 'tif', 'tiff', 'docx', 'xlsx', 'odt', 'ods', 'csv', 'txt', 'xml', 'zip'];

/**
 * The name endings a file of each type may have: the server refuses a name
 * that does not fit the bytes. The browser's check needs only the endings
 * (so the embed leaves this and the MIME types out); its type makes it cover
 * every type, and a test that its endings are those of the list.
 */
export const EXTENSIONS_BY_MIME: Readonly<Record<AllowedMime, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/heic': ['heic', 'heif'],
  'image/heif': ['heif', 'heic'],
  'image/webp': ['webp'],
  'image/tiff': ['tif', 'tiff'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'text/csv': ['csv'],
  'text/plain': ['txt'],
  'application/xml': ['xml'],
  'application/zip': ['zip'],
};

/**
 * For `<input type="file" accept>`: JPEG first, then the name endings, and
 * without HEIC/HEIF on purpose: Safari then hands over a JPEG of an iPhone
 * photo (one the firm can open; macOS Safari converts to the first image type
 * listed); a HEIC that arrives anyway (dropped, or from a Mac) is accepted all
 * the same.
 */
export const ACCEPT = ['image/jpeg', ...ALLOWED_EXTENSIONS.filter((e) => !/hei/.test(e)).map((e) => `.${e}`)].join(',');

/** The name's ending, lower case, without the dot ('' when it has none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** Why a file is refused before it is sent: the same codes the server answers. */
export type FileRefusal = 'empty_file' | 'file_too_large' | 'type_not_allowed';

/**
 * What a browser can tell before sending: `null` when the file may go, else
 * the reason. The name's ending decides, as on the server: an ending that no
 * accepted type has is refused (browsers report some formats under other
 * MIME types, e.g. CSV as `application/vnd.ms-excel`, so the reported type
 * is not read). A name without an ending goes to the server, which, like for
 * every file, decides by the bytes.
 */
export function precheckFile(file: { name: string; size: number; /** Not read (kept so a caller may pass any file-like object). */ type?: string }): FileRefusal | null {
  if (file.size > MAX_FILE_BYTES) return 'file_too_large';
  if (file.size === 0) return 'empty_file';
  const extension = extensionOf(file.name);
  return extension && !ALLOWED_EXTENSIONS.includes(extension) ? 'type_not_allowed' : null;
}

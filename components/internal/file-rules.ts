/**
 * What a client may upload, the same rules the server applies (it stays the
 * authority: it sniffs the bytes). Dependency-free, so the elements and the
 * server can share it. Mirrors `edge/domain/file-rules.ts` (helper A's); once
 * that lands one of the two imports the other.
 */

/** 10 MiB: the largest file accepted. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Extension -> the MIME type it stands for. */
export const ALLOWED_EXTENSIONS: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  heic: 'image/heic',
  heif: 'image/heif',
  webp: 'image/webp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  csv: 'text/csv',
  txt: 'text/plain',
  xml: 'application/xml',
  zip: 'application/zip',
};

/** MIME types accepted (what the extensions stand for, and the other names browsers give the same formats). */
export const ALLOWED_TYPES: readonly string[] = [
  ...new Set([...Object.values(ALLOWED_EXTENSIONS), 'text/xml', 'application/x-zip-compressed']),
];

/**
 * The `accept` of a file picker. Without HEIC/HEIF on purpose: iOS Safari then
 * hands over a JPEG of an iPhone photo (one the firm can open); a HEIC that
 * arrives anyway (dropped, or from a Mac) is accepted all the same.
 */
export const ACCEPT: string = [
  ...Object.keys(ALLOWED_EXTENSIONS).filter((ext) => !/hei[cf]/.test(ext)).map((ext) => `.${ext}`),
  ...ALLOWED_TYPES.filter((type) => !/hei[cf]/.test(type)),
].join(',');

/** Why a file is refused before it is sent; the server answers the same codes. */
export type FileRefusal = 'file_too_large' | 'empty_file' | 'type_not_allowed';

/**
 * The refusal for a file, or `null` when it may be sent. Its extension decides
 * its type (browsers report some formats under other names, e.g. CSV as
 * `application/vnd.ms-excel`); a name without one (a pasted image) goes by its MIME type.
 */
export function checkFile(file: { name: string; size: number; type: string }): FileRefusal | null {
  if (file.size > MAX_FILE_BYTES) return 'file_too_large';
  if (file.size === 0) return 'empty_file';
  const ext = /\.([^./\\]+)$/.exec(file.name)?.[1]?.toLowerCase();
  const allowed = ext ? ext in ALLOWED_EXTENSIONS : ALLOWED_TYPES.includes(file.type.toLowerCase());
  return allowed ? null : 'type_not_allowed';
}

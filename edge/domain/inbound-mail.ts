/**
 * Pure rules for replies by email: which part of an email is the reply, and
 * whether an attachment may be stored. No I/O.
 */

/** The same limit as uploads (ARCHITECTURE.md, Files). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Where quoted history or a signature begins: everything from that line on is cut. */
const CUT_AT = [
  /^>/, // quoted lines
  /^(On|Am|Le|El)\b.*\b(wrote|schrieb|a écrit|escribió):\s*$/i, // "On Mon, 1 Dec 2026, Olivia <...> wrote:"
  /^.*\bkirjutas\b.*:\s*$/i, // Estonian mail clients
  /^-{2,}\s*(Original Message|Forwarded message|Algne kiri)\s*-{2,}/i,
  /^_{10,}\s*$/, // Outlook's rule above the quoted header
  /^(From|Saatja|Von):\s.+/i, // Outlook's quoted header
  /^--\s?$/, // the signature delimiter
  /^Sent from my\b/i,
];

/**
 * The new text of a reply written above the quoted email: lines up to the
 * first quote marker, "On … wrote:", forwarded/original header or signature
 * delimiter, trimmed. Used when Postmark sends no StrippedTextReply.
 */
export function replyText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const end = lines.findIndex((line) => CUT_AT.some((rule) => rule.test(line.trim())));
  return (end === -1 ? lines : lines.slice(0, end)).join('\n').trim();
}

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);
const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

const OFFICE_BY_EXTENSION: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
};

/**
 * The type of an attachment from its bytes, against the uploads' allowlist
 * (PDF, images including HEIC, office documents, CSV, XML e-invoices); null
 * when it is none of them. The name only tells apart formats that share a
 * container (a .docx and an .xlsx are both ZIP files).
 */
export function sniffAttachmentType(bytes: Uint8Array, name: string): string | null {
  const extension = name.toLowerCase().split('.').pop() ?? '';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'image/webp';
  if (ascii(bytes, 4, 8) === 'ftyp' && ['heic', 'heix', 'hevc', 'mif1', 'msf1'].includes(ascii(bytes, 8, 12))) return 'image/heic';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return OFFICE_BY_EXTENSION[extension] ?? null;
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return extension === 'xls' ? 'application/vnd.ms-excel' : extension === 'doc' ? 'application/msword' : null;
  }
  // Text: valid UTF-8 with no NUL; XML by its start, CSV by its name.
  if (bytes.includes(0)) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 4096));
  } catch {
    return null;
  }
  if (/^\uFEFF?\s*<(\?xml|[A-Za-z])/.test(text)) return 'application/xml';
  if (extension === 'csv') return 'text/csv';
  return null;
}

/**
 * Pure rules for replies by email: which part of an email is the reply (its
 * attachments are checked by the upload pipeline, like any upload). No I/O.
 */

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

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

export interface MailHeader {
  Name: string;
  Value: string;
}

const domainOf = (address: string) => address.trim().toLowerCase().split('@').pop() ?? '';
/** One domain is the other or a subdomain of it (`bounce.example.com` speaks for `example.com`): relaxed alignment, as DMARC has it. */
const aligned = (a: string, b: string) => a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
/** The first header of that name: the one the receiving server (Postmark) added on top, not one the sender wrote lower down. */
const header = (headers: readonly MailHeader[], name: string) => headers.find((h) => h.Name.toLowerCase() === name.toLowerCase())?.Value;

/**
 * Whether Postmark's own checks back the From address of a reply, beyond the
 * header itself (which anyone can write):
 * - a valid DKIM signature of the From address's domain (`DKIM_VALID_AU` in
 *   Postmark's SpamAssassin `X-Spam-Tests`) vouches for it, whatever SPF says
 *   (a forwarded reply fails SPF but keeps its signature);
 * - else Postmark's `Received-SPF` must be about the From domain (its
 *   `envelope-from` of that domain or a subdomain) and not `Fail` or
 *   `SoftFail`: a verdict about another domain proves nothing about the From;
 * - without a `Received-SPF` (not through Postmark's checks) there is no
 *   verdict to require, and the From address with the signed token decides.
 * Gmail, Outlook and most providers sign with DKIM and pass SPF, so a normal
 * reply passes.
 */
export function senderVerified(headers: readonly MailHeader[], fromAddress: string): boolean {
  const fromDomain = domainOf(fromAddress);
  const tests = (header(headers, 'X-Spam-Tests') ?? '').split(',').map((t) => t.trim().toUpperCase());
  if (tests.includes('DKIM_VALID_AU')) return true;
  const spf = header(headers, 'Received-SPF');
  if (spf === undefined) return true;
  const result = (/^\s*([a-z]+)/i.exec(spf)?.[1] ?? '').toLowerCase();
  const envelopeFrom = /\benvelope-from=(?:"([^"]*)"|<([^>]*)>|([^;\s]+))/i.exec(spf);
  const spfDomain = envelopeFrom ? domainOf(envelopeFrom[1] ?? envelopeFrom[2] ?? envelopeFrom[3] ?? '') : fromDomain;
  if (!spfDomain || !aligned(spfDomain, fromDomain)) return false;
  return result !== 'fail' && result !== 'softfail';
}

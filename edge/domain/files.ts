import { ALLOWED_MIMES, EXTENSIONS_BY_MIME, extensionOf, MAX_FILE_BYTES, type AllowedMime } from './file-rules.ts';

/**
 * The server's rules for an uploaded file: its name, and its type decided
 * from its bytes (never from what the uploader claims). Pure: the caller
 * reads the bytes and runs `file-type` over the first ones (the domain takes
 * no packages); everything `file-type` cannot see is checked here.
 */
export { MAX_FILE_BYTES };

/** How many leading bytes the type is decided from (enough for `file-type` to read an office document's first zip entries). */
export const SNIFF_BYTES = 64 * 1024;
/** A client may delete their own upload this long after it arrived; then it belongs to the firm's record. */
export const CLIENT_DELETE_WINDOW_MS = 30 * 60_000;
const MAX_NAME_LENGTH = 255;
/** Browsers look this far into a body when they guess whether it is HTML (the WHATWG sniffing spec's resource header). */
const BROWSER_SNIFF_BYTES = 1445;
/** Acrobat looks for `%%EOF` this far from the end. */
const PDF_TAIL_BYTES = 1024;

export type Refusal = { ok: false; code: 'bad_name' | 'type_not_allowed'; message: string };

/** C0 and C1 control characters and DEL: never part of a name. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Bidi embeddings, overrides and isolates: `invoice\u202Efdp.exe` shows as `invoiceexe.pdf`. */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

/**
 * The name to store for an upload: any path the browser sent stripped
 * (`C:\scans\a.pdf` -> `a.pdf`), NFC-normalised and trimmed. Refused: a
 * `..` segment, control and bidi characters, a name of dots only or of
 * nothing, over 255 characters.
 */
export function cleanFileName(raw: string): { ok: true; name: string } | Refusal {
  const refuse = (message: string): Refusal => ({ ok: false, code: 'bad_name', message });
  if (CONTROL.test(raw)) return refuse('The file name contains control characters; rename the file and try again.');
  if (BIDI_CONTROL.test(raw)) return refuse('The file name contains right-to-left override characters; rename the file and try again.');
  const segments = raw.split(/[/\\]/);
  if (segments.some((s) => s.trim() === '..')) return refuse('The file name must not contain "..".');
  const name = segments.at(-1)!.normalize('NFC').trim();
  if (name === '' || /^\.+$/.test(name)) return refuse('The file needs a name.');
  if ([...name].length > MAX_NAME_LENGTH) return refuse(`The file name is too long: at most ${MAX_NAME_LENGTH} characters.`);
  return { ok: true, name };
}

/** What `file-type` made of the leading bytes (its answer, or undefined when it knows none). */
export interface Detected {
  mime: string;
}

/** The type, and which whole-file checks still apply as the rest of the bytes arrive. */
export type TypeVerdict = { ok: true; mime: AllowedMime; text: boolean; pdf: boolean } | Refusal;

const BINARY_TYPES = new Set<string>(
  ['application/pdf', 'image/jpeg', 'image/png', 'image/heic', 'image/heif', 'image/webp', 'image/tiff', 'application/zip'].concat(
    ALLOWED_MIMES.filter((mime) => mime.includes('officedocument') || mime.includes('opendocument')),
  ),
);
/** Office documents are zips: when `file-type` saw only the zip (its entries beyond the sniffed bytes), the name may still say which. */
const OFFICE_EXTENSIONS = new Set(['docx', 'xlsx', 'odt', 'ods']);

const TYPE_WORDS: Record<string, string> = {
  'application/pdf': 'a PDF',
  'application/xml': 'an XML e-invoice',
  'text/plain': 'plain text',
  'text/csv': 'a CSV file',
  'application/zip': 'a ZIP archive',
};
const typeWords = (mime: string) => TYPE_WORDS[mime] ?? (mime.startsWith('image/') ? 'an image' : 'an office document');

const notAllowed = (message: string): Refusal => ({ ok: false, code: 'type_not_allowed', message });
const NOT_ALLOWED =
  'This type of file is not accepted. Send a PDF, a photo (JPEG, PNG, HEIC, WebP, TIFF), an office document (docx, xlsx, odt, ods), CSV or plain text, an XML e-invoice or a ZIP.';

/** Markup a browser would run if it ever took the file for a page: refused in any file, wherever it claims to be something else (a polyglot). */
const MARKUP = /<(!doctype\s+html|html|head|body|script|iframe|svg|object|embed|style|meta|link|img|\?xml-stylesheet)[\s/>]/i;

const latin1 = (bytes: Uint8Array) => {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
};

/** The bytes as UTF-8 text, or null when they are not (a NUL, or an invalid sequence; a sequence cut at the end is fine when more is to come). */
function utf8(bytes: Uint8Array, complete: boolean): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes, { stream: !complete });
  } catch {
    return null;
  }
}

const UBL = /^urn:oasis:names:specification:ubl:schema:xsd:(Invoice|CreditNote)-2$/;
const CII = 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100';

/**
 * An XML e-invoice: UBL Invoice or CreditNote, UN/CEFACT CrossIndustryInvoice
 * (each in its namespace), or an Estonian e-arve `E_Invoice`. A DOCTYPE or
 * ENTITY (the door to entity expansion and external entities) is refused.
 */
function xmlInvoiceProblem(text: string): string | null {
  if (/<!(doctype|entity)/i.test(text)) return 'XML files with a DOCTYPE or ENTITY declaration are not accepted.';
  // Past the prolog: the XML declaration, comments, processing instructions.
  const prolog = /^\s*(<\?xml[^>]*\?>)?(\s*(<!--[\s\S]*?-->|<\?[\s\S]*?\?>))*\s*/.exec(text)!;
  const root = /^<(?:([\w.-]+):)?([\w.-]+)((?:\s+[^>]*?)?)\/?>/.exec(text.slice(prolog[0].length));
  if (!root) return 'Only XML e-invoices are accepted (UBL, UN/CEFACT CII or e-arve), and this is not one.';
  const [, prefix, local, attributes = ''] = root;
  const namespace = new RegExp(`\\sxmlns${prefix ? `:${prefix}` : ''}\\s*=\\s*["']([^"']*)["']`).exec(attributes)?.[1];
  const ok =
    (local === 'Invoice' || local === 'CreditNote'
      ? namespace !== undefined && UBL.test(namespace) && namespace.includes(`:${local}-2`)
      : local === 'CrossIndustryInvoice'
        ? namespace === CII
        : local === 'E_Invoice' && !prefix);
  return ok ? null : 'Only XML e-invoices are accepted (UBL, UN/CEFACT CII or e-arve), and this is not one.';
}

/**
 * The file's type from its first bytes (`head`: up to SNIFF_BYTES, or the
 * whole file when `complete`), what `file-type` detected in them, and its
 * name: its ending must fit what the bytes are. Refused with
 * `type_not_allowed`: anything off the allowlist (an executable renamed
 * `.pdf`), HTML, SVG and script, markup in the bytes a browser sniffs even
 * behind another type's header (a polyglot), text that is not UTF-8, XML that
 * is not an e-invoice.
 */
export function decideType(head: Uint8Array, detected: Detected | undefined, name: string, complete: boolean): TypeVerdict {
  if (MARKUP.test(latin1(head.subarray(0, BROWSER_SNIFF_BYTES)))) {
    return notAllowed('Web pages, SVG images and scripts are not accepted, nor files that contain them.');
  }
  const extension = extensionOf(name);
  let mime: AllowedMime;
  let text = false;
  if (detected && detected.mime !== 'application/xml') {
    if (!BINARY_TYPES.has(detected.mime)) return notAllowed(NOT_ALLOWED);
    mime = detected.mime as AllowedMime;
    if (mime === 'application/zip' && OFFICE_EXTENSIONS.has(extension)) return { ok: true, mime, text: false, pdf: false };
  } else {
    const decoded = utf8(head, complete);
    if (decoded === null) return notAllowed(NOT_ALLOWED);
    const body = decoded.replace(/^\ufeff/, '');
    if (body.startsWith('#!')) return notAllowed('Scripts are not accepted.');
    text = true;
    if (/^\s*</.test(body)) {
      const problem = xmlInvoiceProblem(body);
      if (problem) return notAllowed(problem);
      mime = 'application/xml';
    } else {
      mime = extension === 'csv' ? 'text/csv' : 'text/plain';
    }
  }
  if (extension !== '' && !EXTENSIONS_BY_MIME[mime].includes(extension)) {
    return notAllowed(`The file is named .${extension} but its contents are ${typeWords(mime)}. Send it with its real name.`);
  }
  return { ok: true, mime, text, pdf: mime === 'application/pdf' };
}

/**
 * The checks that need every byte, fed chunk by chunk as the file streams
 * (constant memory): text stays UTF-8 without NUL to the end, a PDF ends
 * with `%%EOF` (a PDF header on something else does not).
 */
export class ContentCheck {
  #decoder: TextDecoder | undefined;
  #tail: Uint8Array | undefined;
  #failed = false;

  constructor(verdict: { text: boolean; pdf: boolean }) {
    if (verdict.text) this.#decoder = new TextDecoder('utf-8', { fatal: true });
    if (verdict.pdf) this.#tail = new Uint8Array(0);
  }

  feed(chunk: Uint8Array): void {
    if (this.#failed) return;
    if (this.#decoder) {
      if (chunk.includes(0)) this.#failed = true;
      else {
        try {
          this.#decoder.decode(chunk, { stream: true });
        } catch {
          this.#failed = true;
        }
      }
    }
    if (this.#tail && chunk.length >= PDF_TAIL_BYTES) this.#tail = chunk.slice(chunk.length - PDF_TAIL_BYTES);
    else if (this.#tail) {
      const joined = new Uint8Array(this.#tail.length + chunk.length);
      joined.set(this.#tail);
      joined.set(chunk, this.#tail.length);
      this.#tail = joined.slice(Math.max(0, joined.length - PDF_TAIL_BYTES));
    }
  }

  /** After the last chunk: null when the file passed, else the refusal. */
  finish(): Refusal | null {
    if (this.#decoder && !this.#failed) {
      try {
        this.#decoder.decode();
      } catch {
        this.#failed = true;
      }
    }
    if (this.#failed) return notAllowed('The file is not plain UTF-8 text; only text files, CSV and XML e-invoices in UTF-8 are accepted.');
    if (this.#tail && !/%%EOF[\s\0]*$/.test(latin1(this.#tail))) return notAllowed('This is not a complete PDF (it does not end as a PDF does).');
    return null;
  }
}

/**
 * The rules of a contact import from CSV, pure: which header names which
 * column, what makes a row wrong, and what each good row does (a new
 * contact, or one the firm has). The caller reads the file (csv.ts) and the
 * firm's existing contacts and clients, and writes.
 */
import type { CsvRecord } from './csv.ts';

export const MAX_IMPORT_ROWS = 10_000;
export const IMPORT_COLUMNS = ['name', 'company', 'email', 'phone'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly ImportColumn[] = ['name', 'company', 'email'];

/** Header names per column, English and Estonian, compared without case, spaces or punctuation ("E-mail" is "email"). */
const HEADER_NAMES: Record<ImportColumn, string[]> = {
  name: ['name', 'fullname', 'contactname', 'contact', 'person', 'nimi', 'kontakt', 'kontaktisik', 'isik'],
  company: ['company', 'companyname', 'client', 'clientname', 'organisation', 'organization', 'ettevõte', 'ettevote', 'firma', 'klient', 'ettevõttenimi', 'organisatsioon'],
  email: ['email', 'emailaddress', 'mail', 'epost', 'epostiaadress', 'meil', 'meiliaadress'],
  phone: ['phone', 'phonenumber', 'telephone', 'mobile', 'tel', 'telefon', 'telefoninumber', 'mobiil', 'mobiiltelefon'],
};

const headerKey = (cell: string) => cell.normalize('NFC').toLocaleLowerCase('und').replace(/[^\p{L}\p{N}]/gu, '');

/** Which field of a record holds each column (the first header naming it), and the required columns that none names. */
export function mapHeader(header: readonly string[]): { columns: Partial<Record<ImportColumn, number>>; missing: ImportColumn[] } {
  const columns: Partial<Record<ImportColumn, number>> = {};
  header.forEach((cell, index) => {
    const key = headerKey(cell);
    const column = IMPORT_COLUMNS.find((c) => HEADER_NAMES[c].includes(key));
    if (column && columns[column] === undefined) columns[column] = index;
  });
  return { columns, missing: REQUIRED_COLUMNS.filter((c) => columns[c] === undefined) };
}

/** How two company names compare: any case (Unicode), outer spaces left out. */
export const clientNameKey = (name: string) => name.trim().toLocaleLowerCase('und');

/** The same address check as the API's (valibot's email rule), on a trimmed, lower-cased address. */
const EMAIL = /^[\w+-]+(?:\.[\w+-]+)*@[\da-z]+(?:[.-][\da-z]+)*\.[a-z]{2,}$/iu;
/** A phone number as people write it; a leading + is a country code here, not a formula. */
const PHONE = /^\+?[\d\s().\/-]+$/;
/** A number with its country code (`+372 …`): a leading + that no spreadsheet runs as a formula, so it is let through. */
const INTERNATIONAL = /^\+[\d\s().\/-]+$/;
/** C0 and C1 control characters and line breaks: never in a name, an address or a number. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** What a spreadsheet may run as a formula when the cell is opened (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

const LIMITS: Record<ImportColumn, number> = { name: 200, company: 200, email: 254, phone: 50 };

export type ImportErrorCode = 'required' | 'too_long' | 'formula' | 'invalid_characters' | 'invalid_email' | 'invalid_phone' | 'duplicate_email';

export interface ImportRowError {
  column: ImportColumn;
  code: ImportErrorCode;
  message: string;
}

export interface ImportRow {
  line: number;
  name: string;
  company: string;
  email: string;
  phone: string | null;
  outcome: 'new' | 'existing' | 'error';
  errors: ImportRowError[];
}

export interface ImportPreview {
  rows: ImportRow[];
  counts: { total: number; new: number; existing: number; errors: number; newClients: number };
}

/** What is wrong with one cell: a formula is refused as it is (never rewritten), then characters, length, shape. */
function cellErrors(column: ImportColumn, raw: string, value: string): ImportRowError[] {
  const refuse = (code: ImportErrorCode, message: string) => [{ column, code, message }];
  const isPhoneNumber = column === 'phone' && INTERNATIONAL.test(value);
  if ((FORMULA_START.test(raw) || FORMULA_START.test(value)) && !isPhoneNumber) return refuse('formula', 'Starts with = + - @ or a tab: a spreadsheet could run it as a formula');
  if (CONTROL.test(value)) return refuse('invalid_characters', 'Has a line break or a control character');
  if (value === '') return REQUIRED_COLUMNS.includes(column) ? refuse('required', 'Required') : [];
  if (value.length > LIMITS[column]) return refuse('too_long', `At most ${LIMITS[column]} characters`);
  if (column === 'email' && !EMAIL.test(value)) return refuse('invalid_email', 'Not an email address');
  if (column === 'phone' && !PHONE.test(value)) return refuse('invalid_phone', 'Digits, spaces and + ( ) - . / only');
  return [];
}

/**
 * Checks each data record (the header left out, blank lines skipped by the
 * caller) and says what it would do: `existing` when the firm has a contact
 * with that email, `new` otherwise, `error` with one error per wrong cell. A
 * repeated email errors on every row after the first. `newClients` counts
 * the companies of good rows the firm does not have yet (by name, any case).
 */
export function previewImport(
  records: readonly CsvRecord[],
  columns: Partial<Record<ImportColumn, number>>,
  firm: { hasContact: (email: string) => boolean; hasClient: (nameKey: string) => boolean },
): ImportPreview {
  const firstLineOf = new Map<string, number>();
  const newCompanies = new Set<string>();
  const rows = records.map((record): ImportRow => {
    const raw = (column: ImportColumn) => (columns[column] === undefined ? '' : (record.fields[columns[column]!] ?? ''));
    const cleaned = (column: ImportColumn) => (column === 'email' ? raw(column).trim().toLowerCase() : raw(column).trim());
    const errors = IMPORT_COLUMNS.flatMap((column) => cellErrors(column, raw(column), cleaned(column)));
    const email = cleaned('email');
    if (!errors.some((e) => e.column === 'email')) {
      const first = firstLineOf.get(email);
      if (first !== undefined) errors.push({ column: 'email', code: 'duplicate_email', message: `The same email is on line ${first}` });
      else firstLineOf.set(email, record.line);
    }
    const company = cleaned('company');
    const outcome = errors.length > 0 ? 'error' : firm.hasContact(email) ? 'existing' : 'new';
    if (outcome !== 'error' && !firm.hasClient(clientNameKey(company))) newCompanies.add(clientNameKey(company));
    return { line: record.line, name: cleaned('name'), company, email, phone: cleaned('phone') || null, outcome, errors };
  });
  const count = (outcome: ImportRow['outcome']) => rows.filter((r) => r.outcome === outcome).length;
  return { rows, counts: { total: rows.length, new: count('new'), existing: count('existing'), errors: count('error'), newClients: newCompanies.size } };
}

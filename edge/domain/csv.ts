/**
 * A small RFC 4180 CSV reader: fields split by a delimiter (`,` by default;
 * `;` as Estonian spreadsheets write it), records by CRLF, LF or a lone CR;
 * a field in double quotes may hold delimiters, line breaks and `""` for a
 * quote. A leading byte order mark is dropped. Pure: text in, records out.
 */

export interface CsvRecord {
  /** The line the record starts on, 1-based (a quoted field may span lines). */
  line: number;
  fields: string[];
}

export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`Line ${line}: ${message}`);
    this.name = 'CsvError';
  }
}

/**
 * The delimiter of a file by its first line: `;` when the line has more of
 * them than commas outside quotes (a spreadsheet in a locale that writes
 * decimal commas), else `,`.
 */
export function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of text.startsWith('\uFEFF') ? text.slice(1) : text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * Every record of the text. Throws `CsvError` (with its line) for a quote
 * left open at the end, or text between a closing quote and the next
 * delimiter. A quote inside an unquoted field is kept as a character (as
 * spreadsheets read it). A final line break makes no empty record.
 */
export function parseCsv(input: string, delimiter: ',' | ';' = ','): CsvRecord[] {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  /** Whether anything of the current record was read (an empty last line is no record). */
  let started = false;

  const endRecord = () => {
    fields.push(field);
    records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    started = false;
  };

  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '') {
      // A quoted field: up to the closing quote that is not doubled.
      started = true;
      const openedOn = line;
      i++;
      for (;;) {
        if (i >= text.length) throw new CsvError(openedOn, 'a quoted field is not closed');
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\r' || c === '\n') {
          line++;
          if (c === '\r' && text[i + 1] === '\n') {
            field += '\r\n';
            i += 2;
            continue;
          }
        }
        field += c;
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== '\r' && next !== '\n') throw new CsvError(line, 'text after a closing quote; write a quote inside a quoted field as ""');
      if (next === delimiter) {
        fields.push(field);
        field = '';
        i++;
        if (i >= text.length) endRecord();
      }
      continue;
    }
    if (ch === delimiter) {
      started = true;
      fields.push(field);
      field = '';
      i++;
      if (i >= text.length) endRecord();
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      const width = ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      if (started || field !== '' || fields.length > 0) endRecord();
      else records.push({ line: recordLine, fields: [''] });
      i += width;
      line++;
      recordLine = line;
      continue;
    }
    started = true;
    field += ch;
    i++;
  }
  if (started || field !== '' || fields.length > 0) endRecord();
  return records;
}

/** Whether a record is blank: one empty field (an empty line) or only empty fields. */
export const isBlankRecord = (record: CsvRecord) => record.fields.every((f) => f.trim() === '');

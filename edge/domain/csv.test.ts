import { describe, expect, it } from 'vitest';
import { CsvError, detectDelimiter, isBlankRecord, parseCsv } from './csv.ts';

const fields = (text: string, delimiter: ',' | ';' = ',') => parseCsv(text, delimiter).map((r) => r.fields);

describe('parseCsv', () => {
  it.each([
    ['plain fields', 'a,b,c', [['a', 'b', 'c']]],
    ['LF records', 'a,b\nc,d', [['a', 'b'], ['c', 'd']]],
    ['CRLF records', 'a,b\r\nc,d\r\n', [['a', 'b'], ['c', 'd']]],
    ['lone CR records', 'a,b\rc,d', [['a', 'b'], ['c', 'd']]],
    ['a final line break makes no record', 'a\n', [['a']]],
    ['empty fields', ',,', [['', '', '']]],
    ['an empty last field', 'a,', [['a', '']]],
    ['a quoted field', '"a",b', [['a', 'b']]],
    ['a delimiter in quotes', '"a,b",c', [['a,b', 'c']]],
    ['an escaped quote', '"say ""hi""",x', [['say "hi"', 'x']]],
    ['only an escaped quote', '""""', [['"']]],
    ['an empty quoted field', '"",x', [['', 'x']]],
    ['an empty quoted last field', 'x,""', [['x', '']]],
    ['a quoted last field then a delimiter', '"a",', [['a', '']]],
    ['LF inside quotes', '"line 1\nline 2",x\ny,z', [['line 1\nline 2', 'x'], ['y', 'z']]],
    ['CRLF inside quotes', '"l1\r\nl2",x', [['l1\r\nl2', 'x']]],
    ['a quote inside an unquoted field is a character', 'a"b,c', [['a"b', 'c']]],
    ['spaces are kept', ' a , b ', [[' a ', ' b ']]],
    ['a byte order mark is dropped', '\uFEFFname,email', [['name', 'email']]],
    ['a byte order mark before a quote', '\uFEFF"name",email', [['name', 'email']]],
    ['unicode', 'Õun,Ääre,😀', [['Õun', 'Ääre', '😀']]],
    ['the empty text', '', []],
  ])('reads %s', (_name, text, expected) => {
    expect(fields(text)).toEqual(expected);
  });

  it('reads semicolons when told, leaving commas in the fields', () => {
    expect(fields('name;company\nKask, Kadri;"A;B"', ';')).toEqual([['name', 'company'], ['Kask, Kadri', 'A;B']]);
  });

  it('numbers each record by the line it starts on, across quoted line breaks and blank lines', () => {
    const records = parseCsv('h1,h2\n"a\nb",c\n\nd,e\r\nf,g');
    expect(records.filter((r) => !isBlankRecord(r)).map((r) => [r.line, r.fields[0]])).toEqual([[1, 'h1'], [2, 'a\nb'], [5, 'd'], [6, 'f']]);
  });

  it.each([
    ['a quote left open (the line it opened on)', 'x\na,"b\nc', 2],
    ['text after a closing quote', '"a"b,c', 1],
    ['text after a closing quote on a later line', 'x\n"a" ,c', 2],
  ])('refuses %s with its line', (_name, text, line) => {
    expect(() => parseCsv(text)).toThrow(CsvError);
    try {
      parseCsv(text);
    } catch (error) {
      expect((error as CsvError).line).toBe(line);
    }
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['name,email,company', ','],
    ['name;email;company', ';'],
    ['"a,b";c;d', ';'],
    ['"a;b;c",d', ','],
    ['\uFEFFnimi;e-post\nx,y,z,w', ';'],
    ['single', ','],
  ])('reads %j as %j', (text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });
});

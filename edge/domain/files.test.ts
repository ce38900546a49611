import { fileTypeFromBuffer } from 'file-type/core';
import { describe, expect, it } from 'vitest';
import * as s from '../../test/fixtures/file-samples.ts';
import { ACCEPT, ALLOWED_EXTENSIONS, ALLOWED_MIMES, EXTENSIONS_BY_MIME, MAX_FILE_BYTES, precheckFile } from './file-rules.ts';
import { cleanFileName, ContentCheck, decideType, SNIFF_BYTES } from './files.ts';

/** The whole decision as the upload pipeline makes it: head, then every byte through the content check. */
async function typeOf(file: Uint8Array, name: string) {
  const head = file.subarray(0, SNIFF_BYTES);
  const verdict = decideType(head, await fileTypeFromBuffer(head), name, file.length <= SNIFF_BYTES);
  if (!verdict.ok) return verdict;
  const check = new ContentCheck(verdict);
  for (let i = 0; i < file.length; i += 7) check.feed(file.subarray(i, i + 7));
  return check.finish() ?? verdict.mime;
}

describe('file names', () => {
  it.each([
    ['receipt.pdf', 'receipt.pdf'],
    ['  March statement.pdf ', 'March statement.pdf'],
    ['C:\\Users\\mari\\scans\\arve.pdf', 'arve.pdf'],
    ['photos/IMG_0001.HEIC', 'IMG_0001.HEIC'],
    ['Cafe\u0301.pdf', 'Café.pdf'],
    ['résumé ülevaade.docx', 'résumé ülevaade.docx'],
    ['.bashrc.txt', '.bashrc.txt'],
    ['a'.repeat(251) + '.pdf', 'a'.repeat(251) + '.pdf'],
  ])('keeps %j as %j', (raw, name) => {
    expect(cleanFileName(raw)).toEqual({ ok: true, name });
  });

  it.each([
    ['../../etc/passwd', '..'],
    ['..\\secret.pdf', '..'],
    ['..', '..'],
    ['...', 'name'],
    ['', 'name'],
    ['scans/', 'name'],
    ['a\u0000.pdf', 'control'],
    ['a\nb.pdf', 'control'],
    ['a\u001b[31m.pdf', 'control'],
    ['a\u0085.pdf', 'control'],
    ['invoice\u202efdp.exe', 'right-to-left'],
    ['invoice\u2067fdp.exe', 'right-to-left'],
    ['a'.repeat(300) + '.pdf', 'too long'],
  ])('refuses %j (%s) with bad_name and a plain message', (raw, words) => {
    const result = cleanFileName(raw);
    expect(result).toMatchObject({ ok: false, code: 'bad_name' });
    expect(result.ok ? '' : result.message).toContain(words);
  });
});

describe('file types from the bytes', () => {
  it.each([
    [s.pdf, 'scan.pdf', 'application/pdf'],
    [s.png, 'photo.PNG', 'image/png'],
    [s.jpeg, 'IMG_0001.jpeg', 'image/jpeg'],
    [s.jpeg, 'photo.jpg', 'image/jpeg'],
    [s.heic, 'IMG_0002.HEIC', 'image/heic'],
    [s.webp, 'receipt.webp', 'image/webp'],
    [s.tiff, 'scan.tif', 'image/tiff'],
    [s.docx, 'letter.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    [s.xlsx, 'ledger.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    [s.odt, 'letter.odt', 'application/vnd.oasis.opendocument.text'],
    [s.ods, 'ledger.ods', 'application/vnd.oasis.opendocument.spreadsheet'],
    [s.zip, 'receipts.zip', 'application/zip'],
    [s.csv, 'bank.csv', 'text/csv'],
    [s.text, 'notes.txt', 'text/plain'],
    [s.text, 'README', 'text/plain'],
    [s.ublInvoice, 'invoice.xml', 'application/xml'],
    [s.ublCreditNote, 'credit.xml', 'application/xml'],
    [s.ciiInvoice, 'zugferd.xml', 'application/xml'],
    [s.eArve, 'e-arve.xml', 'application/xml'],
  ])('accepts sample %#', async (file, name, mime) => {
    expect(await typeOf(file, name)).toBe(mime);
  });

  it.each([
    [s.elf, 'invoice.pdf', 'not accepted'],
    [s.pe, 'invoice.pdf', 'not accepted'],
    [s.elf, 'program', 'not accepted'],
    [s.html, 'page.html', 'Web pages'],
    [s.html, 'page.txt', 'Web pages'],
    [s.svgWithScript, 'logo.svg', 'Web pages'],
    [s.svgWithScript, 'logo.xml', 'Web pages'],
    [s.pdfHtmlPolyglot, 'invoice.pdf', 'Web pages'],
    [s.pdfWithoutEnd, 'invoice.pdf', 'not a complete PDF'],
    [s.png, 'photo.pdf', 'named .pdf'],
    [s.pdf, 'scan.docx', 'named .docx'],
    [s.text, 'notes.exe', 'named .exe'],
    [s.shellScript, 'run.txt', 'Scripts'],
    [s.latin1Text, 'notes.txt', 'not accepted'],
    [s.xmlWithEntity, 'invoice.xml', 'DOCTYPE'],
    [s.xmlNotInvoice, 'note.xml', 'e-invoices'],
  ])('refuses sample %# with type_not_allowed', async (file, name, words) => {
    const result = await typeOf(file, name);
    expect(result).toMatchObject({ ok: false, code: 'type_not_allowed' });
    expect(typeof result === 'object' ? result.message : '').toContain(words);
  });

  it('refuses a NUL in text well past the sniffed bytes, and UTF-8 cut at the very end', async () => {
    const long = new Uint8Array(SNIFF_BYTES * 2).fill(0x61);
    long[SNIFF_BYTES + 10] = 0;
    expect(await typeOf(long, 'notes.txt')).toMatchObject({ ok: false, code: 'type_not_allowed' });
    const cut = new Uint8Array([...s.text, 0xc3]);
    expect(await typeOf(cut, 'notes.txt')).toMatchObject({ ok: false, code: 'type_not_allowed' });
  });

  it('accepts a multi-byte character split across the sniffed bytes and the rest', async () => {
    const file = new Uint8Array(SNIFF_BYTES + 1).fill(0x61);
    file.set([0xc3, 0xa9], SNIFF_BYTES - 1);
    expect(await typeOf(file, 'notes.txt')).toBe('text/plain');
  });

  it('takes a zip named as an office document for what the bytes prove: a zip', () => {
    expect(decideType(s.zip, { mime: 'application/zip' }, 'big.docx', false)).toMatchObject({ ok: true, mime: 'application/zip' });
  });
});

describe('the rules shared with <upload-zone>', () => {
  it('offers every accepted ending and image/jpeg (so Safari converts HEIC photos) in accept', () => {
    expect(ACCEPT.split(',')[0], 'the type macOS Safari converts a HEIC photo to').toBe('image/jpeg');
    expect(ACCEPT.split(',').slice(1).sort()).toEqual(ALLOWED_EXTENSIONS.filter((e) => !e.startsWith('hei')).map((e) => `.${e}`).sort());
    // Left out so iOS Safari hands over a JPEG; a HEIC that arrives anyway still passes (below).
    expect(ACCEPT.split(',')).not.toEqual(expect.arrayContaining(['.heic']));
    expect(ALLOWED_EXTENSIONS).not.toContain('html');
  });

  it('checks in the browser by the same endings and types the server decides by', () => {
    // The browser's list of endings (shipped) and the server's endings per type (not shipped) say the same.
    expect([...new Set(Object.values(EXTENSIONS_BY_MIME).flat())].sort()).toEqual([...ALLOWED_EXTENSIONS].sort());
    expect(Object.keys(EXTENSIONS_BY_MIME).sort()).toEqual([...ALLOWED_MIMES].sort());
    expect(new Set(ALLOWED_EXTENSIONS).size, 'no ending twice').toBe(ALLOWED_EXTENSIONS.length);
  });

  it('pre-checks size and name ending as the server would', () => {
    expect(precheckFile({ name: 'a.pdf', size: 1 })).toBeNull();
    expect(precheckFile({ name: 'a.pdf', size: 0 })).toBe('empty_file');
    expect(precheckFile({ name: 'a.pdf', size: MAX_FILE_BYTES })).toBeNull();
    expect(precheckFile({ name: 'a.pdf', size: MAX_FILE_BYTES + 1 })).toBe('file_too_large');
    expect(precheckFile({ name: 'setup.exe', size: 10 })).toBe('type_not_allowed');
    expect(precheckFile({ name: 'IMG_0001.HEIC', size: 10 })).toBeNull();
    expect(precheckFile({ name: 'scan.PDF', size: 10 })).toBeNull();
    expect(precheckFile({ name: 'page.html', size: 10 })).toBe('type_not_allowed');
    expect(precheckFile({ name: 'invoice.pdf.exe', size: 10 })).toBe('type_not_allowed');
    // Without a name ending the server decides by the bytes, as decideType does (below), never refused here.
    expect(precheckFile({ name: 'image', size: 10 })).toBeNull();
    expect(precheckFile({ name: '.pdf', size: 10 }), 'a name that is only an ending has none').toBeNull();
    expect(precheckFile({ name: 'e', size: 0 })).toBe('empty_file');
  });

  it('takes by its bytes a file without a name ending, which the browser lets through', () => {
    expect(decideType(s.pdf, { mime: 'application/pdf' }, 'scan', true)).toMatchObject({ ok: true, mime: 'application/pdf' });
    expect(decideType(new TextEncoder().encode('<html><script>alert(1)</script>'), undefined, 'page', true)).toMatchObject({ ok: false });
  });
});

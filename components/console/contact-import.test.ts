import { setViewport } from '@web/test-runner-commands';
import './define.ts';
import type { PorticoConsole } from './portico-console.ts';
import type { ContactImportPreview } from '../internal/api-types.ts';
import { $, afterEach, beforeEach, button, cleanupFixtures, describe, errorBody, expectAccessible, it, setLoginFragment, textOf, waitFor, type FakeApi, type RecordedCall } from '../internal/testing/helpers.ts';
import { assert, assertEqual, firmApi, openSection, setValue, signedInConsole } from '../internal/testing/firm-fakes.ts';

type Row = ContactImportPreview['rows'][number];
const row = (line: number, over: Partial<Row> = {}): Row => ({
  line, name: `Person ${line}`, company: 'Northwind Bakery OÜ', email: `p${line}@north.test`, phone: null, outcome: 'new', errors: [], ...over,
});
const countsOf = (rows: Row[]): ContactImportPreview['counts'] => ({
  total: rows.length,
  new: rows.filter((r) => r.outcome === 'new').length,
  existing: rows.filter((r) => r.outcome === 'existing').length,
  errors: rows.filter((r) => r.outcome === 'error').length,
  newClients: 1,
});
const preview = (rows: Row[], committed = false): ContactImportPreview => ({ rows, counts: countsOf(rows), committed });

const BAD = 'name,company,email\nKati,Northwind,kati@north.test\nJaan,Baltic,not-an-email\n';
const GOOD = 'name,company,email\nKati,Northwind,kati@north.test\nJaan,Baltic,jaan@baltic.test\n';
const badRows = [
  row(2, { name: 'Kati', email: 'kati@north.test', outcome: 'existing' }),
  row(3, { name: 'Jaan', company: 'Baltic', email: 'not-an-email', outcome: 'error', errors: [{ column: 'email', code: 'invalid_email', message: 'Not an email' }] }),
  row(4, { name: '=HYPERLINK()', outcome: 'error', errors: [{ column: 'name', code: 'formula', message: 'Formula' }, { column: 'phone', code: 'too_long', message: 'Too long' }] }),
  row(5, { email: 'kati@north.test', outcome: 'error', errors: [{ column: 'email', code: 'duplicate_in_file', message: 'Duplicate' }] }),
  row(6, { company: '', outcome: 'error', errors: [{ column: 'company', code: 'missing', message: 'Missing' }] }),
  // The server's own codes for the same mistakes.
  row(7, { name: '', outcome: 'error', errors: [{ column: 'name', code: 'required', message: 'Required' }, { column: 'phone', code: 'invalid_phone', message: 'Not a phone' }] }),
  row(8, { email: 'p2@north.test', outcome: 'error', errors: [{ column: 'email', code: 'duplicate_email', message: 'Duplicate' }] }),
];
const goodRows = [row(2, { name: 'Kati', email: 'kati@north.test', outcome: 'existing' }), row(3, { name: 'Jaan', company: 'Baltic', email: 'jaan@baltic.test' })];

/** A stand-in of the import: the text decides the answer. */
function importApi(big?: Row[]) {
  return firmApi({
    'POST /firm/imports/contacts': (call: RecordedCall) => {
      const { csv, commit } = call.body as { csv: string; commit?: boolean };
      if (csv.startsWith('naam')) return { status: 400, body: { error: { code: 'csv_missing_column', message: 'Missing column', issues: [{ path: 'email', message: 'email' }], requestId: 'req' } } };
      if (csv.startsWith('huge')) return { status: 413, body: errorBody('csv_too_large', 'Too large') };
      if (csv.startsWith('"broken')) return { status: 400, body: errorBody('csv_invalid', 'Line 1: a quote is not closed') };
      if (big) return { body: preview(big) };
      return { body: csv === GOOD ? preview(goodRows, commit === true) : preview(badRows) };
    },
  });
}

const status = (el: PorticoConsole) => $(el, '[role="status"]')?.textContent?.trim() ?? '';
const lines = (el: PorticoConsole) => [...el.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => Number(tr.getAttribute('data-line')));
const commitButton = (el: PorticoConsole) => button(el, 'Import ') && [...el.shadowRoot!.querySelectorAll('button')].find((b) => /^Import \d/.test(b.textContent!.trim()));

describe('<portico-console> contact import', () => {
  let api: FakeApi;
  beforeEach(() => {
    sessionStorage.clear();
    setLoginFragment(null);
  });
  afterEach(async () => {
    cleanupFixtures();
    api?.restore();
    sessionStorage.clear();
    await setViewport({ width: 1280, height: 800 });
  });

  it('checks pasted text and shows each row’s errors in words, refusing to import until they are fixed', async () => {
    api = importApi();
    const el = await signedInConsole();
    await openSection(el, 'Import');
    await expectAccessible(el);
    button(el, 'Check')!.click();
    await waitFor(() => textOf(el).includes('Choose a file or paste the text first.'), 'nothing to check');
    assertEqual(api.callsTo('POST /firm/imports/contacts').length, 0, 'nothing sent');
    setValue($<HTMLTextAreaElement>(el, '#import-text'), BAD);
    button(el, 'Check')!.click();
    await waitFor(() => lines(el).length === 7, 'the preview');
    await expectAccessible(el);
    assertEqual(api.callsTo('POST /firm/imports/contacts')[0]!.body, { csv: BAD }, 'a preview, no commit');
    const text = textOf(el);
    assert(text.includes('7 rows: 0 new contacts, 1 known, 6 with errors; 1 new clients.'), 'the counts');
    assert(text.includes('Name is missing.') && text.includes('Phone is not a phone number.'), 'required and invalid_phone');
    assert($(el, '[data-line="8"]')!.textContent!.includes('this address is already on an earlier line'), 'duplicate_email');
    assert(text.includes('Email is not a valid email address.'), 'invalid_email');
    assert(text.includes('Name starts with = + - @ or a tab'), 'formula');
    assert(text.includes('Phone is too long.'), 'too_long');
    assert(text.includes('Email: this address is already on an earlier line.'), 'duplicate_in_file');
    assert(text.includes('Company is missing.'), 'missing');
    assert(text.includes('Known contact, linked'), 'the outcome of a known one');
    assert(commitButton(el)!.disabled, 'no import while a row has an error');
    assert(text.includes('nothing is imported while any row has an error'), 'says why');
  });

  it('imports a clean file picked from disk and announces the result', async () => {
    api = importApi();
    const el = await signedInConsole();
    await openSection(el, 'Import');
    const input = $<HTMLInputElement>(el, '#import-file')!;
    const files = new DataTransfer();
    files.items.add(new File([GOOD], 'contacts.csv', { type: 'text/csv' }));
    input.files = files.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => $<HTMLTextAreaElement>(el, '#import-text')!.value === GOOD, 'the file read into the text');
    button(el, 'Check')!.click();
    await waitFor(() => lines(el).length === 2, 'the preview');
    const commit = commitButton(el)!;
    assertEqual(commit.textContent!.trim(), 'Import 2 contacts', 'how many');
    assert(!commit.disabled, 'offered');
    commit.click();
    await waitFor(() => $(el, '.import-done'), 'done');
    assertEqual(api.callsTo('POST /firm/imports/contacts')[1]!.body, { csv: GOOD, commit: true }, 'committed the checked text');
    assertEqual(status(el), 'Imported: 2 rows, 1 new clients.', 'announced');
    await expectAccessible(el);
  });

  it('explains a file without a required column, one too large and one that is not CSV', async () => {
    api = importApi();
    const el = await signedInConsole();
    await openSection(el, 'Import');
    setValue($<HTMLTextAreaElement>(el, '#import-text'), 'naam,bedrijf\nKati,North\n');
    button(el, 'Check')!.click();
    await waitFor(() => $(el, '.import-problem')?.textContent?.includes('lacks a required column: email'), 'the missing column');
    setValue($<HTMLTextAreaElement>(el, '#import-text'), 'huge,file\n');
    button(el, 'Check')!.click();
    await waitFor(() => $(el, '.import-problem')?.textContent?.includes('at most 10 000 rows'), 'too large');
    setValue($<HTMLTextAreaElement>(el, '#import-text'), '"broken,file\n');
    button(el, 'Check')!.click();
    await waitFor(() => $(el, '.import-problem')?.textContent?.includes('cannot be read as CSV: Line 1: a quote is not closed'), 'a broken quote');
    assert(!$(el, 'table'), 'no preview');
  });

  it('shows a large file’s rows with errors and the first hundred, with the count of the rest', async () => {
    const big = Array.from({ length: 10_000 }, (_, i) => row(i + 2, i === 5000 ? { outcome: 'error', errors: [{ column: 'email', code: 'invalid_email', message: 'x' }] } : {}));
    api = importApi(big);
    const el = await signedInConsole();
    await openSection(el, 'Import');
    setValue($<HTMLTextAreaElement>(el, '#import-text'), 'name,company,email\n…');
    button(el, 'Check')!.click();
    await waitFor(() => lines(el).length, 'the preview');
    assertEqual(lines(el).length, 101, 'the first 100 and the row with an error');
    assert(lines(el).includes(5002), 'the row with the error shown');
    assert(textOf(el).includes('9,899 more rows without errors are not shown.'), 'the rest counted');
  });

  it('speaks Estonian', async () => {
    api = importApi();
    const el = await signedInConsole('et');
    await openSection(el, 'Import');
    setValue($<HTMLTextAreaElement>(el, '#import-text'), BAD);
    button(el, 'Kontrolli')!.click();
    await waitFor(() => lines(el).length === 7, 'the preview');
    await expectAccessible(el);
    assert(textOf(el).includes('E-post pole korrektne e-posti aadress.'), 'an error in Estonian');
  });

  it('stacks the preview rows at 390 px without sideways scrolling', async () => {
    await setViewport({ width: 390, height: 800 });
    api = importApi();
    const el = await signedInConsole();
    await openSection(el, 'Import');
    setValue($<HTMLTextAreaElement>(el, '#import-text'), BAD);
    button(el, 'Check')!.click();
    await waitFor(() => lines(el).length === 7, 'the preview');
    assertEqual(getComputedStyle($(el, 'tbody td')!).display, 'block', 'cells stacked');
    const base = $(el, '[part="base"]')!;
    const right = base.getBoundingClientRect().right + 0.5;
    const wide = [...base.querySelectorAll<HTMLElement>('*')].filter((n) => n.getBoundingClientRect().right > right);
    assertEqual(wide.map((n) => `${n.tagName}#${n.id}.${n.className}`), [], 'nothing wider than the screen');
  });
});

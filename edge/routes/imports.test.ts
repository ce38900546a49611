import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

/** Contacts from a CSV file: previewed row by row, written in one batch only when every row is good. */
let t: TestApp;
let owner: string;
const importCsv = (csv: string, commit = false, token = owner) => t.request('POST', '/api/v1/firm/imports/contacts', { token, body: { csv, commit } });
const counts = async () => Promise.all(['clients', 'contacts', 'client_contacts', 'activity'].map((table) => t.count(table)));
const rows = async (sql: string, args: string[] = []) => (await t.db.$client.execute({ sql, args })).rows;
type Row = { line: number; outcome: string; errors: { column: string; code: string }[] };
const codes = (row: Row) => row.errors.map((e) => `${e.column}:${e.code}`);

beforeEach(async () => {
  t = await createTestApp();
  owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
});
afterEach(() => t.cleanup());

const GOOD = [
  'Name,Company,Email,Phone',
  'Peeter Puu,Pine Forest OÜ,peeter@pine.example,+372 5555 1234',
  'Kadri Kask,northwind bakery oü,CLIENT@demo.test,',
  '"Maasikas, Mari",Pine Forest OÜ,mari@pine.example,',
].join('\r\n');

describe('the preview', () => {
  it('says per row what it would do and counts it, writing nothing', async () => {
    const before = await counts();
    const res = await importCsv(GOOD);
    expect(res.status).toBe(200);
    expect(res.json.committed).toBe(false);
    expect(res.json.counts).toEqual({ total: 3, new: 2, existing: 1, errors: 0, newClients: 1 });
    expect(res.json.rows[0]).toEqual({ line: 2, name: 'Peeter Puu', company: 'Pine Forest OÜ', email: 'peeter@pine.example', phone: '+372 5555 1234', outcome: 'new', errors: [] });
    expect(res.json.rows[1]).toMatchObject({ email: 'client@demo.test', outcome: 'existing', phone: null });
    expect(res.json.rows[2]).toMatchObject({ name: 'Maasikas, Mari', line: 4 });
    expect(await counts()).toEqual(before);
  });

  it('refuses formulas in any cell (=HYPERLINK, +, -, @, a tab) as they are, but a phone number with its country code', async () => {
    const csv = [
      'name,company,email,phone',
      '"=HYPERLINK(""http://evil.example"",""Click"")",A,a@x.example,',
      '+1+1,A,b@x.example,',
      '-2+3,A,c@x.example,',
      '@SUM(A1:A2),A,d@x.example,',
      '\tTabbed,A,e@x.example,',
      'Fine,=cmd|\' /C calc\'!A0,f@x.example,',
      'Fine,A,g@x.example,=1+2',
      'Fine,A,h@x.example,-1',
      'Fine,A,i@x.example,+372 5123 4567',
      '" =trimmed",A,j@x.example,',
    ].join('\n');
    const res = await importCsv(csv);
    expect(res.json.error).toBeUndefined();
    expect((res.json.rows as Row[]).map(codes)).toEqual([
      ['name:formula'], ['name:formula'], ['name:formula'], ['name:formula'], ['name:formula'],
      ['company:formula'], ['phone:formula'], ['phone:formula'], [], ['name:formula'],
    ]);
    expect(res.json.counts).toMatchObject({ total: 10, errors: 9, new: 1 });
  });

  it('refuses a bad email, an empty name or company, a repeated email (from its second row), too long and control characters', async () => {
    const csv = [
      'name,company,email',
      'A,Co,not-an-email',
      ',Co,empty-name@x.example',
      'B,,no-company@x.example',
      'C,Co,same@x.example',
      'D,Co,SAME@x.example',
      `${'x'.repeat(201)},Co,long@x.example`,
      '"Line\nbreak",Co,lb@x.example',
      'E,Co,',
    ].join('\n');
    const res = await importCsv(csv);
    expect((res.json.rows as Row[]).map((r) => [r.line, codes(r)])).toEqual([
      [2, ['email:invalid_email']],
      [3, ['name:required']],
      [4, ['company:required']],
      [5, []],
      [6, ['email:duplicate_email']],
      [7, ['name:too_long']],
      [8, ['name:invalid_characters']],
      [10, ['email:required']],
    ]);
    expect(res.json.rows[4].errors[0].message).toMatch(/line 5/);
  });
});

describe('committing', () => {
  it('writes clients by name (reused in any case), contacts by email (reused and linked) and history, in one go', async () => {
    const before = await counts();
    const res = await importCsv(GOOD, true);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ committed: true, counts: { total: 3, new: 2, existing: 1, newClients: 1 } });
    const [clients, contacts, links] = await counts();
    // Kadri was a contact of Northwind already: her link stays one.
    expect([clients, contacts, links]).toEqual([before[0]! + 1, before[1]! + 2, before[2]! + 2]);
    const pine = await rows("select id, portal_open from clients where name = 'Pine Forest OÜ'");
    expect(pine).toHaveLength(1);
    expect(pine[0]!.portal_open).toBe(0);
    const kadri = await rows("select id, name from contacts where email = 'client@demo.test'");
    expect(kadri[0]!.name).toBe('Kadri Kask');
    const companies = (await t.request('GET', `/api/v1/firm/contacts/${kadri[0]!.id}`, { token: owner })).json.companies.map((c: { name: string }) => c.name);
    expect(companies).toEqual(['Harbor Lights Studio', 'Northwind Bakery OÜ']);
    const peeter = String((await rows("select id from contacts where email = 'peeter@pine.example'"))[0]!.id);
    const history = (await t.request('GET', `/api/v1/firm/contacts/${peeter}/history`, { token: owner })).json.items.map((e: { action: string }) => e.action);
    expect(history).toEqual(['contact.imported', 'contact.created']);
    // The same file again: everyone exists, no link doubled.
    const again = await importCsv(GOOD, true);
    expect(again.json.counts).toMatchObject({ new: 0, existing: 3, newClients: 0 });
    expect((await counts()).slice(0, 3)).toEqual([clients, contacts, links]);
  });

  it('writes nothing when a row has errors: 422 csv_has_errors with the preview', async () => {
    const before = await counts();
    const res = await importCsv(`${GOOD}\r\nDup,Co,peeter@pine.example,`, true);
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({ code: 'csv_has_errors', requestId: expect.any(String) });
    expect(res.json.committed).toBe(false);
    expect(res.json.counts.errors).toBe(1);
    expect(codes(res.json.rows[3])).toEqual(['email:duplicate_email']);
    expect(await counts()).toEqual(before);
  });

  it('takes the file itself as text/csv with ?commit=1: semicolons, Estonian headers, a byte order mark, CRLF', async () => {
    const csv = '\uFEFFNimi;Ettevõte;E-post;Telefon\r\n"Jüri; Juurikas";Juurika Talu;juri@talu.example;5555 0000\r\n';
    const res = await t.request('POST', '/api/v1/firm/imports/contacts?commit=1', { token: owner, body: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ committed: true, rows: [{ name: 'Jüri; Juurikas', company: 'Juurika Talu', email: 'juri@talu.example', phone: '5555 0000', outcome: 'new' }] });
    expect(await rows("select name from contacts where email = 'juri@talu.example'")).toHaveLength(1);
  });

  it('lets a member import, and keeps firms apart: an email of another firm is new here, their records untouched', async () => {
    const member = (await t.signIn('demo', 'mari@demo.test', 'staff')).token;
    const res = await importCsv('name,company,email\nAlice Here,Own Co,client@acme.test', true, member);
    expect(res.json).toMatchObject({ committed: true, rows: [{ outcome: 'new' }] });
    const alice = await rows("select firm_id, name from contacts where email = 'client@acme.test' order by name");
    expect(alice.map((r) => r.name)).toEqual(['Alice Client', 'Alice Here']);
    expect(new Set(alice.map((r) => r.firm_id)).size).toBe(2);
  });
});

describe('refused files', () => {
  it('without a required column: 400 csv_missing_column naming each, nothing written', async () => {
    const before = await counts();
    const res = await importCsv('name,phone\nA,1', true);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('csv_missing_column');
    expect(res.json.error.issues.map((i: { path: string }) => i.path)).toEqual(['company', 'email']);
    expect((await importCsv('', true)).json.error.code).toBe('csv_missing_column');
    expect(await counts()).toEqual(before);
  });

  it('a broken quote (400 csv_invalid with its line), a bad body (400) or type (415)', async () => {
    const broken = await importCsv('name,company,email\n"A,Co,a@x.example', true);
    expect(broken.status).toBe(400);
    expect(broken.json.error).toMatchObject({ code: 'csv_invalid', message: expect.stringMatching(/^Line 2/) });
    expect((await t.request('POST', '/api/v1/firm/imports/contacts', { token: owner, body: { csv: 1 } })).status).toBe(400);
    expect((await t.request('POST', '/api/v1/firm/imports/contacts', { token: owner, body: { csv: 'x', extra: 1 } })).status).toBe(400);
    expect((await t.request('POST', '/api/v1/firm/imports/contacts', { token: owner, body: 'a', headers: { 'content-type': 'application/xml' } })).status).toBe(415);
    expect((await t.request('POST', '/api/v1/firm/imports/contacts', { body: { csv: GOOD } })).status).toBe(401);
  });

  it('accepts 10 000 rows and refuses 10 001 with 413 csv_too_large', async () => {
    const file = (n: number) => ['name,company,email', ...Array.from({ length: n }, (_, i) => `Person ${i},Company ${i % 500},p${i}@bulk.example`)].join('\n');
    const before = await counts();
    const tooMany = await importCsv(file(10_001), true);
    expect(tooMany.status).toBe(413);
    expect(tooMany.json.error.code).toBe('csv_too_large');
    expect(await counts()).toEqual(before);
    const res = await importCsv(file(10_000), true);
    expect(res.status).toBe(200);
    expect(res.json.counts).toEqual({ total: 10_000, new: 10_000, existing: 0, errors: 0, newClients: 500 });
    expect(await t.count('contacts')).toBe(before[1]! + 10_000);
    expect((await rows("select count(*) as id from client_contacts cc join contacts c on c.id = cc.contact_id where c.email like '%@bulk.example'"))[0]!.id).toBe(10_000);
  }, 60_000);

  it('refuses a body over 4 MB with 413 before reading it all', async () => {
    const res = await importCsv(`name,company,email\n${'x'.repeat(4 * 1024 * 1024)}`);
    expect(res.status).toBe(413);
  });
});

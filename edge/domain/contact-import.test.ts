import { describe, expect, it } from 'vitest';
import { clientNameKey, mapHeader, previewImport } from './contact-import.ts';
import { parseCsv } from './csv.ts';

type Firm = { hasContact: (email: string) => boolean; hasClient: (nameKey: string) => boolean };
const none: Firm = { hasContact: () => false, hasClient: () => false };
function preview(csv: string, firm: Firm = none) {
  const [header, ...data] = parseCsv(csv);
  return previewImport(data, mapHeader(header!.fields).columns, firm);
}
const errorCodes = (csv: string) => preview(`name,company,email,phone\n${csv}`).rows.map((r) => r.errors.map((e) => `${e.column}:${e.code}`));

describe('mapHeader', () => {
  it.each([
    [['name', 'company', 'email', 'phone'], { name: 0, company: 1, email: 2, phone: 3 }],
    [['E-mail', 'Full Name', 'Company name'], { email: 0, name: 1, company: 2 }],
    [['Nimi', 'Ettevõte', 'E-post', 'Telefon'], { name: 0, company: 1, email: 2, phone: 3 }],
    [['  EMAIL ', 'Klient', 'kontaktisik', 'notes'], { email: 0, company: 1, name: 2 }],
    [['email', 'email', 'name', 'firma'], { email: 0, name: 2, company: 3 }],
  ])('maps %j', (header, columns) => {
    expect(mapHeader(header)).toEqual({ columns, missing: [] });
  });

  it('names the required columns that are missing, phone never', () => {
    expect(mapHeader(['phone', 'notes']).missing).toEqual(['name', 'company', 'email']);
    expect(mapHeader([]).missing).toEqual(['name', 'company', 'email']);
    expect(mapHeader(['name', 'company', 'email']).missing).toEqual([]);
  });
});

describe('previewImport', () => {
  it.each([
    ['=1+1', 'name:formula'],
    ['+1', 'name:formula'],
    ['-1', 'name:formula'],
    ['@A1', 'name:formula'],
    ['\tx', 'name:formula'],
    ['"\rx"', 'name:formula'],
    [' =1', 'name:formula'],
    ['"=HYPERLINK(""http://x.example"")"', 'name:formula'],
    ['a\u0007b', 'name:invalid_characters'],
    ['', 'name:required'],
    ['   ', 'name:required'],
  ])('refuses the name %j', (name, code) => {
    expect(errorCodes(`${name},Co,a@x.example,`)).toEqual([[code]]);
  });

  it.each([
    ['+372 5123 4567', []],
    ['(0) 5123-4567', []],
    ['', []],
    ['-5123', ['phone:formula']],
    ['+1+SUM(A1)', ['phone:formula']],
    ['=1', ['phone:formula']],
    ['12 ab', ['phone:invalid_phone']],
    ['1'.repeat(51), ['phone:too_long']],
  ])('takes the phone %j with %j', (phone, codes) => {
    expect(errorCodes(`A,Co,a@x.example,${phone}`)).toEqual([codes]);
  });

  it.each([
    ['a@x.example', []],
    ['  A.B+tag@X.Example ', []],
    ['no-at.example', ['email:invalid_email']],
    ['a@b', ['email:invalid_email']],
    ['a b@x.example', ['email:invalid_email']],
    ['', ['email:required']],
    [`${'a'.repeat(250)}@x.example`, ['email:too_long']],
  ])('takes the email %j with %j', (email, codes) => {
    expect(errorCodes(`A,Co,${email},`)).toEqual([codes]);
  });

  it('lists every wrong cell of a row, and a repeated email errors from its second row on, any case', () => {
    const result = preview('name,company,email\n,=x,bad\nA,Co,one@x.example\nB,Co,ONE@x.example\nC,Co,one@x.example');
    expect(result.rows.map((r) => [r.line, r.outcome, r.errors.map((e) => e.code)])).toEqual([
      [2, 'error', ['required', 'formula', 'invalid_email']],
      [3, 'new', []],
      [4, 'error', ['duplicate_email']],
      [5, 'error', ['duplicate_email']],
    ]);
  });

  it("says 'existing' for the firm's contacts and counts the new companies of good rows by name, any case", () => {
    const firm = { hasContact: (e: string) => e === 'known@x.example', hasClient: (k: string) => k === clientNameKey('Northwind Bakery OÜ') };
    const result = preview('name,company,email\nA,NORTHWIND BAKERY OÜ,known@x.example\nB,Pine OÜ,b@x.example\nC,pine oü,c@x.example\nD,Bad Co,bad', firm);
    expect(result.rows.map((r) => r.outcome)).toEqual(['existing', 'new', 'new', 'error']);
    expect(result.counts).toEqual({ total: 4, new: 2, existing: 1, errors: 1, newClients: 1 });
  });

  it('trims values, lower-cases the email, reads a missing phone column or cell as null', () => {
    const [row] = preview('name,company,email\n  Kadri Kask , Co ,  Kadri@X.Example').rows;
    expect(row).toEqual({ line: 2, name: 'Kadri Kask', company: 'Co', email: 'kadri@x.example', phone: null, outcome: 'new', errors: [] });
    expect(preview('name,company,email,phone\nA,Co,a@x.example').rows[0]!.phone).toBeNull();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';
import { fromNameFor, fromNameForContact } from './email-sender.ts';

let t: TestApp;
const ids: Record<string, string> = {};
beforeEach(async () => {
  t = await createTestApp();
  const rows = (await t.db.$client.execute('select c.id, c.name, c.firm_id from clients c')).rows;
  for (const row of rows) ids[String(row.name)] = String(row.id);
  const members = (await t.db.$client.execute('select id, email from members')).rows;
  for (const row of members) ids[String(row.email)] = String(row.id);
  ids.demo = String((await t.db.$client.execute("select id from firms where slug = 'demo'")).rows[0]!.id);
});
afterEach(() => t.cleanup());

const demo = () => ({ id: ids.demo!, name: 'Demo & Partners Accounting' });
const setResponsible = (client: string, member: string | null) =>
  t.db.$client.execute({ sql: 'update clients set responsible_member_id = ? where id = ?', args: [member, ids[client]!] });

describe('the From name of a contact email', () => {
  it('is the client’s responsible member, then the firm', async () => {
    expect(await fromNameFor(t.db, demo(), [ids['Northwind Bakery OÜ']!])).toBe('Olivia Owner, Demo & Partners Accounting');
    await setResponsible('Northwind Bakery OÜ', ids['mari@demo.test']!);
    expect(await fromNameFor(t.db, demo(), [ids['Northwind Bakery OÜ']!])).toBe('Mari Maasikas, Demo & Partners Accounting');
  });

  it('about several clients: their member when they share one, else the firm alone', async () => {
    const both = [ids['Northwind Bakery OÜ']!, ids['Harbor Lights Studio']!];
    expect(await fromNameFor(t.db, demo(), both)).toBe('Olivia Owner, Demo & Partners Accounting');
    await setResponsible('Harbor Lights Studio', ids['mari@demo.test']!);
    expect(await fromNameFor(t.db, demo(), both)).toBe('Demo & Partners Accounting');
  });

  it('is the firm alone for a client with no responsible member, for none, and for another firm’s client', async () => {
    await setResponsible('Northwind Bakery OÜ', null);
    expect(await fromNameFor(t.db, demo(), [ids['Northwind Bakery OÜ']!])).toBe('Demo & Partners Accounting');
    expect(await fromNameFor(t.db, demo(), [])).toBe('Demo & Partners Accounting');
    // Tenant scope: Acme's client (and its owner's name) is not Demo's to name.
    expect(await fromNameFor(t.db, demo(), [ids['Acme Widgets Ltd']!])).toBe('Demo & Partners Accounting');
  });

  it('for a digest: the member of the companies the contact sees', async () => {
    const contact = String((await t.db.$client.execute("select id from contacts where email = 'client@demo.test'")).rows[0]!.id);
    expect(await fromNameForContact(t.db, demo(), contact)).toBe('Olivia Owner, Demo & Partners Accounting');
    await setResponsible('Harbor Lights Studio', ids['mari@demo.test']!);
    expect(await fromNameForContact(t.db, demo(), contact)).toBe('Demo & Partners Accounting');
  });
});

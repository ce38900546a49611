import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

let t: TestApp;
let staff: string;
let northwind: string;
beforeEach(async () => {
  t = await createTestApp({ ASSIGN_NOTIFY_DELAY_SECONDS: '300' });
  staff = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  const clients = (await t.request('GET', '/api/v1/firm/clients', { token: staff })).json.items;
  northwind = clients.find((c: { name: string }) => c.name === 'Northwind Bakery OÜ').id;
});
afterEach(() => t.cleanup());

const create = (title: string, extra: object = {}) =>
  t.request('POST', '/api/v1/firm/tasks', { token: staff, body: { clientId: northwind, title, ...extra } });
const noticesTo = async (email: string) => (await t.mailbox()).filter((m) => m.to === email && /new task/i.test(m.subject));

describe('the assignment email', () => {
  it('waits ASSIGN_NOTIFY_DELAY_SECONDS and names every task assigned in that window once', async () => {
    await create('Send the payroll file', { assign: true, dueDate: '2030-05-01' });
    t.clock.advance(60_000);
    const second = await create('Confirm the bank account');
    await t.request('POST', `/api/v1/firm/tasks/${second.json.id}/assign`, { token: staff });
    t.clock.advance(238_000);
    expect(await noticesTo('client@demo.test')).toHaveLength(0);
    t.clock.advance(3_000);
    const mail = await noticesTo('client@demo.test');
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe('2 new tasks from Demo & Partners Accounting');
    expect(mail[0]!.fromName).toBe('Olivia Owner, Demo & Partners Accounting');
    expect(mail[0]!.text).toContain('Send the payroll file (due 2030-05-01)');
    expect(mail[0]!.text).toContain('Confirm the bank account');
    expect(mail[0]!.text).toContain('http://portico.test/portal');
    t.clock.advance(3_600_000);
    expect(await noticesTo('client@demo.test')).toHaveLength(1);
  });

  it('sends nothing when the task is withdrawn within the window', async () => {
    const task = await create('Oops', { assign: true });
    t.clock.advance(100_000);
    await t.request('POST', `/api/v1/firm/tasks/${task.json.id}/withdraw`, { token: staff });
    t.clock.advance(300_000);
    expect(await noticesTo('client@demo.test')).toHaveLength(0);
  });

  it('opens a new window after the email went out', async () => {
    await create('First', { assign: true });
    t.clock.advance(301_000);
    expect(await noticesTo('client@demo.test')).toHaveLength(1);
    await create('Second', { assign: true });
    t.clock.advance(301_000);
    const mail = await noticesTo('client@demo.test');
    expect(mail).toHaveLength(2);
    expect(mail[0]!.subject).toBe('New task from Demo & Partners Accounting');
    expect(mail[0]!.text).toContain('Second');
    expect(mail[0]!.text).not.toContain('First');
  });

  it('does not notify for a draft', async () => {
    await create('Just a draft');
    t.clock.advance(400_000);
    expect(await noticesTo('client@demo.test')).toHaveLength(0);
    expect(await t.count("jobs where kind = 'notify.assigned'")).toBe(0);
  });
});

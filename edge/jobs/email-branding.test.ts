import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

/** What the email jobs put in the outbox: the firm's branding in every email, and whose name it is sent in. */
let t: TestApp;
let owner: string;
let northwind: string;
beforeEach(async () => {
  t = await createTestApp({ ASSIGN_NOTIFY_DELAY_SECONDS: '60' });
  owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  northwind = String((await t.db.$client.execute("select id from clients where name = 'Northwind Bakery OÜ'")).rows[0]!.id);
  const saved = await t.request('PATCH', '/api/v1/firm/settings', { token: owner, body: { branding: { primaryColor: '#7a1f1f', logoUrl: 'https://cdn.demo.test/logo.png' } } });
  expect(saved.status).toBe(200);
});
afterEach(() => t.cleanup());

/** Assigns a task and lets its notice window pass. */
const assign = async (title: string) => {
  const res = await t.request('POST', '/api/v1/firm/tasks', { token: owner, body: { clientId: northwind, title, assign: true } });
  expect(res.status).toBe(201);
  t.clock.advance(61_000);
  return res.json as { id: string; version: number };
};
const newest = async (to: string) => (await t.mailbox()).find((m) => m.to === to)!;
const branded = (mail: { html: string; text: string }) => {
  expect(mail.html).toContain('<img src="https://cdn.demo.test/logo.png" alt="Demo &amp; Partners Accounting"');
  expect(mail.html).toContain('border-top:4px solid #7a1f1f');
  expect(mail.text).toContain('\n-- \nDemo & Partners Accounting\n');
};

describe('emails from the jobs', () => {
  it('to a contact: the firm’s logo and colour, sent in the name of the client’s responsible member, settings link to the portal profile', async () => {
    await assign('Send the payroll file');
    const mail = await newest('client@demo.test');
    expect(mail.subject).toBe('New task from Demo & Partners Accounting');
    expect(mail.fromName).toBe('Olivia Owner, Demo & Partners Accounting');
    branded(mail);
    expect(mail.text).toContain('Email settings: http://portico.test/portal#profile');
  });

  it('reminders and a resend too; with no responsible member, in the firm’s name alone', async () => {
    const task = await assign('Payroll');
    await t.request('PATCH', `/api/v1/firm/tasks/${task.id}`, { token: owner, body: { version: task.version, reminderPolicy: 'urgent' } });
    await t.mailbox();
    for (let i = 0; i < 4; i++) {
      t.clock.advance(12 * 3_600_000);
      await t.runJobs();
    }
    const reminder = (await t.mailbox()).find((m) => m.to === 'client@demo.test' && /^(Reminder|A quick reminder)/.test(m.subject))!;
    expect(reminder.fromName).toBe('Olivia Owner, Demo & Partners Accounting');
    branded(reminder);
    await t.db.$client.execute({ sql: 'update clients set responsible_member_id = null where id = ?', args: [northwind] });
    expect((await t.request('POST', `/api/v1/firm/tasks/${task.id}/resend`, { token: owner })).status).toBe(200);
    const resent = await newest('client@demo.test');
    expect(resent.subject).toBe('New task from Demo & Partners Accounting');
    expect(resent.fromName).toBe('Demo & Partners Accounting');
    branded(resent);
  });

  it('sign-in links and staff notices: in the firm’s name alone, branded', async () => {
    await t.request('POST', '/api/v1/auth/link', { body: { firm: 'demo', email: 'client@demo.test' } });
    const link = await newest('client@demo.test');
    expect(link.subject).toBe('Your sign-in link for Demo & Partners Accounting');
    expect(link.fromName).toBe('Demo & Partners Accounting');
    branded(link);
    const client = (await t.signIn('demo', 'client@demo.test')).token;
    const receipts = String((await t.db.$client.execute("select id from tasks where title = 'Send March receipts'")).rows[0]!.id);
    expect((await t.request('POST', `/api/v1/portal/tasks/${receipts}/messages`, { token: client, body: { body: 'Coming tomorrow' } })).status).toBe(201);
    await t.runJobs();
    const notice = await newest('owner@demo.test');
    expect(notice.subject).toBe('Kadri Kask wrote a message: Send March receipts');
    expect(notice.fromName).toBe('Demo & Partners Accounting');
    branded(notice);
    expect(notice.text).toContain('Notification settings: http://portico.test/console');
  });
});

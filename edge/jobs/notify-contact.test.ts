import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';
import { contactDelivery, nextMorning } from './notify-contact.ts';

/** The contact's email choices as the assignment and message notices honour them. */
let t: TestApp;
let owner: string;
let client: string;
let northwind: string;
beforeEach(async () => {
  t = await createTestApp({ ASSIGN_NOTIFY_DELAY_SECONDS: '60', MESSAGE_NOTIFY_DELAY_SECONDS: '60' });
  owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  client = (await t.signIn('demo', 'client@demo.test')).token;
  northwind = String((await t.db.$client.execute("select id from clients where name = 'Northwind Bakery OÜ'")).rows[0]!.id);
});
afterEach(() => t.cleanup());

const prefs = (emailPrefs: Record<string, boolean>) => t.request('PATCH', '/api/v1/portal/profile', { token: client, body: { emailPrefs } });
const assign = (title: string) => t.request('POST', '/api/v1/firm/tasks', { token: owner, body: { clientId: northwind, title, assign: true } });
const mailTo = async (subject: RegExp) => (await t.mailbox()).filter((m) => m.to === 'client@demo.test' && subject.test(m.subject));

describe('contact email preferences', () => {
  it('with messages off: no message notice', async () => {
    await prefs({ messages: false });
    const taskId = String((await t.db.$client.execute("select id from tasks where title = 'Send March receipts'")).rows[0]!.id);
    expect((await t.request('POST', `/api/v1/firm/tasks/${taskId}/messages`, { token: owner, body: { body: 'Hello?', visibility: 'portal' } })).status).toBe(201);
    t.clock.advance(61_000);
    expect(await mailTo(/message/i)).toHaveLength(0);
  });

  it('with assigned off: no assignment email; with the digest on: the assignments wait for the morning summary', async () => {
    await prefs({ assigned: false });
    await assign('Payroll March');
    t.clock.advance(61_000);
    expect(await mailTo(/New task/)).toHaveLength(0);
    await prefs({ assigned: true, digest: true });
    await assign('Payroll April');
    await assign('Payroll May');
    t.clock.advance(61_000);
    expect(await mailTo(/New task/)).toHaveLength(0);
    t.clock.advance(nextMorning(t.clock.now(), 'Europe/Tallinn', t.config.morningHour).at - t.clock.now());
    const [digest, ...more] = await mailTo(/daily summary/);
    expect(more).toHaveLength(0);
    expect(digest!.text).toContain('• New task: Payroll April');
    expect(digest!.text).toContain('• New task: Payroll May');
    expect(digest!.text).not.toContain('Payroll March');
  });

  it('decide per kind: off skips, a dead address skips, the digest holds all but reminders', () => {
    const alive = { emailUndeliverableAt: null };
    expect(contactDelivery({ ...alive, emailPrefs: null }, 'assigned')).toBe('send');
    expect(contactDelivery({ ...alive, emailPrefs: { withdrawn: false } }, 'withdrawn')).toBe('skip');
    expect(contactDelivery({ ...alive, emailPrefs: { withdrawn: false } }, 'assigned')).toBe('send');
    expect(contactDelivery({ ...alive, emailPrefs: { digest: true } }, 'messages')).toBe('digest');
    expect(contactDelivery({ ...alive, emailPrefs: { digest: true } }, 'reminders')).toBe('send');
    expect(contactDelivery({ ...alive, emailPrefs: { digest: true, fileRejected: false } }, 'fileRejected')).toBe('skip');
    expect(contactDelivery({ emailUndeliverableAt: 1, emailPrefs: null }, 'assigned')).toBe('skip');
  });

  it('the digest morning is the next MORNING_HOUR on the wall clock, today or tomorrow', () => {
    // 2026-03-10 05:00 UTC is 07:00 in Tallinn: 08:00 the same day; at 09:00 Tallinn, the next day's.
    expect(nextMorning(Date.parse('2026-03-10T05:00:00Z'), 'Europe/Tallinn', 8)).toEqual({ date: '2026-03-10', at: Date.parse('2026-03-10T06:00:00Z') });
    expect(nextMorning(Date.parse('2026-03-10T07:00:00Z'), 'Europe/Tallinn', 8)).toEqual({ date: '2026-03-11', at: Date.parse('2026-03-11T06:00:00Z') });
  });
});

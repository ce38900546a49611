import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

let t: TestApp;
let token: string;
let clients: Record<string, string>;
beforeEach(async () => {
  t = await createTestApp();
  const session = await t.signIn('demo', 'client@demo.test');
  token = session.token;
  clients = Object.fromEntries(session.clients.map((c) => [c.name, c.id]));
});
afterEach(() => t.cleanup());

const get = (path: string) => t.request('GET', path, { token });
type Item = { id: string; title: string; unread: boolean; overdue: boolean; state: string; dueDate: string | null; checklistProgress: { done: number; total: number } };

describe('GET /api/v1/portal/tasks', () => {
  it('lists only assigned, not withdrawn tasks of the contact\'s companies, open and most urgent first', async () => {
    const res = await get('/api/v1/portal/tasks');
    expect(res.status).toBe(200);
    const titles = res.json.items.map((i: Item) => i.title);
    expect(titles).toEqual([
      'Send March receipts',
      'Answer payroll questions',
      'Upload Q1 bank statements',
      // The seeded "Annual report 2026" work's assigned tasks (its draft is not shown).
      'Send the inventory count',
      "Send the year's bank statements",
      'Confirm your VAT number',
      'Sign the annual report',
    ]);
    expect(titles).not.toContain('Old payroll question');
    expect(titles).not.toContain('Draft: inventory count');
    expect(titles).not.toContain('Send the loan agreement');
  });

  it('marks unread and overdue tasks, and counts checklist items', async () => {
    const items: Item[] = (await get('/api/v1/portal/tasks')).json.items;
    const byTitle = Object.fromEntries(items.map((i) => [i.title, i]));
    expect(byTitle['Send March receipts']).toMatchObject({ unread: true, overdue: true, state: 'open', checklistProgress: { done: 0, total: 3 } });
    expect(byTitle['Confirm your VAT number']).toMatchObject({ unread: false, overdue: false });
    expect(byTitle['Answer payroll questions']).toMatchObject({ unread: false, overdue: true });
    expect(byTitle['Sign the annual report']).toMatchObject({ dueDate: null, overdue: false });
  });

  it('becomes overdue when the firm\'s day passes the due date', async () => {
    const before: Item[] = (await get('/api/v1/portal/tasks')).json.items;
    expect(before.find((i) => i.title === 'Upload Q1 bank statements')!.overdue).toBe(false);
    t.clock.advance(6 * 86_400_000);
    const after: Item[] = (await get('/api/v1/portal/tasks')).json.items;
    expect(after.find((i) => i.title === 'Upload Q1 bank statements')!.overdue).toBe(true);
  });

  it('filters by company', async () => {
    const res = await get(`/api/v1/portal/tasks?clientId=${clients['Harbor Lights Studio']}`);
    expect(res.json.items.map((i: Item) => i.title).sort()).toEqual(['Answer payroll questions', 'Upload Q1 bank statements']);
  });

  it('answers 404 for a company the contact does not belong to, and 400 for a malformed id', async () => {
    const staff = await t.signIn('demo', 'owner@demo.test', 'staff');
    const all = (await t.request('GET', '/api/v1/firm/clients', { token: staff.token })).json.items;
    const timber = all.find((c: { name: string }) => c.name === 'Baltic Timber AS').id;
    const other = await get(`/api/v1/portal/tasks?clientId=${timber}`);
    expect(other.status).toBe(404);
    expect(other.json.error.code).toBe('not_found');
    const bad = await get('/api/v1/portal/tasks?clientId=DROP%20TABLE');
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('validation_failed');
    expect(bad.json.error.issues[0].path).toBe('clientId');
  });

  it('hides a company whose portal is closed', async () => {
    await t.db.$client.execute({ sql: 'update clients set portal_open = 0 where id = ?', args: [clients['Harbor Lights Studio']!] });
    const titles = (await get('/api/v1/portal/tasks')).json.items.map((i: Item) => i.title);
    expect(titles).not.toContain('Upload Q1 bank statements');
    const me = await get('/api/v1/auth/session');
    expect(me.json.clients.map((c: { name: string }) => c.name)).toEqual(['Northwind Bakery OÜ']);
  });
});

describe('GET /api/v1/portal/tasks/:id', () => {
  it('shows the description and checklist in order, and marks the task read', async () => {
    const items: Item[] = (await get('/api/v1/portal/tasks')).json.items;
    const receipts = items.find((i) => i.title === 'Send March receipts')!;
    const res = await get(`/api/v1/portal/tasks/${receipts.id}`);
    expect(res.status).toBe(200);
    expect(res.json.description).toMatch(/purchase receipt/);
    expect(res.json.checklist.map((c: { text: string }) => c.text)).toEqual(['Card payments', 'Cash receipts', 'Supplier invoices']);
    expect(res.json.unread).toBe(false);
    const again: Item[] = (await get('/api/v1/portal/tasks')).json.items;
    expect(again.find((i) => i.id === receipts.id)!.unread).toBe(false);
    expect(await t.count('task_reads')).toBe(3);
  });

  it('answers 404 for withdrawn, draft and other companies\' tasks, and 400 for a malformed id', async () => {
    const rows = (await t.db.$client.execute("select id, title from tasks where title in ('Old payroll question', 'Draft: inventory count', 'Send the loan agreement')")).rows;
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const res = await get(`/api/v1/portal/tasks/${row.id}`);
      expect(res.status, String(row.title)).toBe(404);
      expect(res.json.error.code).toBe('not_found');
      expect((await t.request('POST', `/api/v1/portal/tasks/${row.id}/complete`, { token })).status).toBe(404);
    }
    expect((await get('/api/v1/portal/tasks/not-an-id')).status).toBe(400);
    expect(await t.count('task_reads')).toBe(2);
  });
});

describe('POST /api/v1/portal/tasks/:id/complete', () => {
  it('marks the task done for the client without completing it for the firm, and keeps a history entry', async () => {
    const items: Item[] = (await get('/api/v1/portal/tasks')).json.items;
    const id = items.find((i) => i.title === 'Sign the annual report')!.id;
    const res = await t.request('POST', `/api/v1/portal/tasks/${id}/complete`, { token });
    expect(res.status).toBe(200);
    expect(res.json.state).toBe('done');
    const row = (await t.db.$client.execute({ sql: 'select firm_state, client_state from tasks where id = ?', args: [id] })).rows[0]!;
    expect(row).toMatchObject({ firm_state: 'open', client_state: 'done' });
    const history = (await t.db.$client.execute({ sql: 'select action, actor_type from activity where subject_id = ?', args: [id] })).rows;
    // Marking it done opened it too: the first view is in the history as well.
    expect(history.map((h) => [h.action, h.actor_type])).toEqual([['task.client_done', 'contact'], ['task.viewed', 'contact']]);
    expect(((await get('/api/v1/portal/tasks')).json.items as Item[]).map((i) => i.id)).not.toContain(id);
    expect(((await get('/api/v1/portal/tasks?state=done')).json.items as Item[])[0]!.id).toBe(id);
  });

  it('records one history entry for a double click', async () => {
    const items: Item[] = (await get('/api/v1/portal/tasks')).json.items;
    const id = items[0]!.id;
    const answers = await Promise.all([0, 1, 2].map(() => t.request('POST', `/api/v1/portal/tasks/${id}/complete`, { token })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.every((a) => a.json.state === 'done')).toBe(true);
    const history = await t.db.$client.execute({ sql: "select count(*) as n from activity where subject_id = ? and action = 'task.client_done'", args: [id] });
    expect(Number(history.rows[0]!.n)).toBe(1);
  });

  it('completes it for the firm too when auto-complete is set', async () => {
    const items: Item[] = (await get('/api/v1/portal/tasks')).json.items;
    const id = items[0]!.id;
    await t.db.$client.execute({ sql: 'update tasks set auto_complete = 1 where id = ?', args: [id] });
    await t.request('POST', `/api/v1/portal/tasks/${id}/complete`, { token });
    const row = (await t.db.$client.execute({ sql: 'select firm_state from tasks where id = ?', args: [id] })).rows[0]!;
    expect(row.firm_state).toBe('completed');
  });
});

/**
 * Issue 9, the staff side end to end: a client sends a request through the
 * API; it shows in the console's inbox, unread (bold); the owner opens it,
 * replies to the client and adds an internal note (which the console shows
 * apart; the reply carries a PDF uploaded from the console), turns it into a task and follows the link to it; back in the
 * inbox it is no longer bold. Through the client's API the reply is there
 * and the note is not, and the request links to the new task.
 */
import { expect, test } from '@playwright/test';
import { API, signInLink, signInToConsole } from './sign-in.ts';

const CLIENT = 'client@demo.test';
const STAFF = 'owner@demo.test';
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

interface ClientSession { token: string; clients: { id: string; name: string }[] }

/** Signs the client in through the API (emailed link, then `POST /auth/session`). */
async function clientSession(): Promise<ClientSession> {
  const link = await signInLink(CLIENT, async () => {
    const res = await fetch(`${API}/api/v1/auth/link`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ firm: 'demo', email: CLIENT }) });
    expect(res.status).toBe(202);
  });
  const token = new URLSearchParams(link.hash.slice(1)).get('login');
  const res = await fetch(`${API}/api/v1/auth/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  expect(res.status).toBe(200);
  return (await res.json()) as ClientSession;
}

const asClient = async (session: ClientSession, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${API}/api/v1/portal${path}`, {
    method,
    headers: { authorization: `Bearer ${session.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : null,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & { items?: Record<string, unknown>[] } };
};

test('a client request reaches the inbox; staff reply, add a note, turn it into a task; the client sees the reply, not the note', async ({ page }) => {
  const run = Date.now().toString(36);
  const subject = `Annual report copy ${run}`;
  const client = await clientSession();
  const company = client.clients.find((c) => c.name === 'Northwind Bakery OÜ')!;
  const sent = await asClient(client, 'POST', '/requests', { clientId: company.id, subject, body: 'Could you send me <b>last year’s</b> report?\nThanks' });
  expect(sent.status).toBe(201);
  const requestId = String(sent.json.id);

  const staff = await signInToConsole(page, STAFF);
  const con = staff.locator('portico-console');
  await con.getByRole('navigation', { name: 'Console sections' }).getByRole('button', { name: 'Inbox' }).click();
  const row = con.locator(`[data-inbox-item="${requestId}"]`);
  await expect(row).toHaveClass(/unread/);
  await expect(row.getByRole('button', { name: `${subject} (unread)` })).toBeVisible();
  await con.getByLabel('Search messages and requests').fill(run);
  await con.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(con.locator('[data-inbox-item]')).toHaveCount(1);
  await row.getByRole('button').first().click();

  await expect(con.getByRole('heading', { name: subject })).toBeVisible();
  await expect(con.locator('.request-body')).toHaveText('Could you send me <b>last year’s</b> report?\nThanks');
  const composer = con.getByLabel('Your message');
  await composer.fill('Here it is, see the attachment on the task.');
  await con.getByLabel('Attach files (optional)').setInputFiles({ name: 'report-2025.pdf', mimeType: 'application/pdf', buffer: pdf });
  await con.getByRole('button', { name: 'Send to client' }).click();
  await expect(con.locator('.messages > li.portal')).toContainText('Here it is');
  await expect(con.locator('.messages > li.portal')).toContainText('report-2025.pdf');
  await expect(con.locator('.request-files').getByRole('link', { name: 'report-2025.pdf' })).toBeVisible();
  await composer.fill(`Internal: invoice them for the copy ${run}`);
  await con.getByRole('button', { name: 'Add internal note' }).click();
  const note = con.locator('.messages > li.internal');
  await expect(note).toContainText('Internal note — not visible to the client');
  await expect(note).toBeFocused();

  await con.getByRole('button', { name: 'Turn into a task' }).click();
  await expect(con.getByText('This request was turned into a task.')).toBeVisible();
  await con.getByRole('button', { name: 'Open the task' }).click();
  await expect(con.getByRole('heading', { name: subject })).toBeVisible();
  await expect(con.getByRole('button', { name: 'Edit' })).toBeVisible();

  await con.getByRole('navigation', { name: 'Console sections' }).getByRole('button', { name: 'Inbox' }).click();
  await expect(con.locator(`[data-inbox-item="${requestId}"]`)).not.toHaveClass(/unread/);

  // The client's side: the reply, never the note; the request links to its task.
  const thread = await asClient(client, 'GET', `/requests/${requestId}/messages`);
  const bodies = thread.json.items!.map((m) => m.body);
  expect(bodies).toEqual(['Here it is, see the attachment on the task.']);
  expect((thread.json.items![0]!.attachments as { name: string }[]).map((a) => a.name)).toEqual(['report-2025.pdf']);
  expect(JSON.stringify(thread.json)).not.toContain('Internal:');
  const request = await asClient(client, 'GET', `/requests/${requestId}`);
  expect(request.json.state).toBe('converted');
  expect((request.json.task as { title: string }).title).toBe(subject);
});

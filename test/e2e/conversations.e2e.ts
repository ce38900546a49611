/**
 * Issue 9 end to end, the whole conversation through the real UI in Chromium:
 *
 * 1. the client, on the demo portal page at 390 px, sends a request with a
 *    file from `<request-form>` (the file goes up to the request);
 * 2. the owner finds it unread (bold) in the console's inbox, opens it (the
 *    client's file is there), replies to the client with a PDF and adds an
 *    internal note (shown apart);
 * 3. about a second later (MESSAGE_NOTIFY_DELAY_SECONDS=1 on the e2e server)
 *    the client is emailed the reply, never the note, with a reply address;
 *    the client answers that email: Postmark's inbound webhook, with the
 *    quoted history below the answer, posts only the answer to the thread,
 *    marked "by email" in the console;
 * 4. the owner turns the request into a task and follows the link to it;
 *    back in the inbox the request is no longer bold;
 * 5. the client, in the portal, sees the request turned into a task, its
 *    thread with the reply and the emailed answer and not the note (its
 *    unique text is nowhere on the page, nor in the API's answer), and the
 *    new task in `<client-task-list>`, which "Open the task" opens.
 *
 * The email answer comes before the conversion on purpose: a converted
 * request takes no more replies from the client (by email: `closed`, see
 * edge/routes/inbound.test.ts).
 */
import { expect, test, type Browser, type Locator } from '@playwright/test';
import { inbound } from '../../playwright.config.ts';
import { API, signInToConsole, signInToPortal } from './sign-in.ts';

const CLIENT = 'client@demo.test';
const STAFF = 'owner@demo.test';
const COMPANY = 'Northwind Bakery OÜ';
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
/** Two different files: the console does not attach a file identical to one already on the thread. */
const clientPdf = pdf('the bank letter');
const staffPdf = pdf('the annual report');

interface SentMail { to: string; subject: string; text: string; replyTo: string | null }

async function mailbox(): Promise<SentMail[]> {
  const res = await fetch(`${API}/dev/mail.json`);
  expect(res.status, 'GET /dev/mail.json').toBe(200);
  return (await res.json()) as SentMail[];
}

/** The client's phone: a context of its own, 390 px wide, with touch. */
async function phone(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  return context.newPage();
}

/** Postmark's inbound JSON for an answer from the client to `replyTo`, the notice quoted below it (as mail clients write it). */
function inboundMail(replyTo: string, messageId: string, answer: string, quoted: string) {
  return {
    MessageID: messageId,
    From: `Kadri Kask <${CLIENT}>`,
    FromFull: { Email: CLIENT, Name: 'Kadri Kask', MailboxHash: '' },
    To: replyTo,
    ToFull: [{ Email: replyTo, Name: '', MailboxHash: '' }],
    OriginalRecipient: replyTo,
    Subject: 'Re: your message',
    TextBody: `${answer}\n\nOn Wed, 2 Dec 2026 at 10:00, Demo & Partners <portal@portico.test> wrote:\n> ${quoted}\n> \n`,
    Headers: [
      { Name: 'X-Spam-Tests', Value: 'DKIM_SIGNED,DKIM_VALID,DKIM_VALID_AU,SPF_PASS' },
      { Name: 'Received-SPF', Value: `Pass (sender SPF authorized) identity=mailfrom; client-ip=209.85.160.180; helo=mail.demo.test; envelope-from=${CLIENT}; receiver=abc@inbound.postmarkapp.com` },
    ],
    Attachments: [],
  };
}

/** Opens the request `requestId` from the console's inbox (which also shows what arrived since). */
async function openFromInbox(con: Locator, requestId: string, subject: string) {
  await con.getByRole('navigation', { name: 'Console sections' }).getByRole('button', { name: 'Inbox' }).click();
  await con.locator(`[data-inbox-item="${requestId}"]`).getByRole('button').first().click();
  await expect(con.getByRole('heading', { name: subject })).toBeVisible();
}

test('a request with a file from the portal; the owner replies, notes and converts it; the client answers by email; the portal shows the reply and the answer, never the note, and the new task', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const run = Date.now().toString(36);
  const subject = `Annual report copy ${run}`;
  const replyText = `Here it is ${run}, see the attachment.`;
  const noteText = `Internal: invoice them for the copy ${run}`;
  const answerText = `Thank you ${run}, got it.`;

  // 1. The client sends the request with a file from the portal page.
  const client = await signInToPortal(await phone(browser), CLIENT);
  const portal = client.locator('client-portal');
  await portal.getByLabel('Company').selectOption({ label: COMPANY });
  const form = client.locator('request-form');
  await form.getByLabel('Subject').fill(subject);
  await form.getByLabel('Message', { exact: true }).fill('Could you send me <b>last year’s</b> report?\nThanks');
  await form.locator('input#files').setInputFiles({ name: 'bank-letter.pdf', mimeType: 'application/pdf', buffer: clientPdf });
  await expect(form.getByText('bank-letter.pdf')).toBeVisible();
  await form.getByRole('button', { name: 'Send request' }).click();
  await expect(form.getByRole('status').filter({ hasText: 'Your request is sent.' })).toBeVisible();
  await expect(form.locator('upload-zone').getByRole('status')).toHaveText('Uploads finished: 1 file uploaded.', { timeout: 30_000 });
  const sent = form.locator('[data-request-id]', { hasText: subject });
  await expect(sent).toContainText('Open');
  const requestId = (await sent.getAttribute('data-request-id'))!;
  expect(requestId, "the request's id").toMatch(/\S/);
  expect(await client.evaluate(() => document.documentElement.scrollWidth), 'nothing wider than the phone').toBeLessThanOrEqual(390);

  // 2. The owner finds it unread in the inbox, replies with a PDF and adds an internal note.
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
  await expect(con.locator('.request-files').getByRole('link', { name: 'bank-letter.pdf' }), "the client's file").toBeVisible();
  const composer = con.getByLabel('Your message');
  await composer.fill(replyText);
  await con.getByLabel('Attach files (optional)').setInputFiles({ name: 'report-2025.pdf', mimeType: 'application/pdf', buffer: staffPdf });
  await con.getByRole('button', { name: 'Send to client' }).click();
  await expect(con.locator('.messages > li.portal')).toContainText(replyText);
  await expect(con.locator('.messages > li.portal')).toContainText('report-2025.pdf');
  await expect(con.locator('.request-files').getByRole('link', { name: 'report-2025.pdf' })).toBeVisible();
  await composer.fill(noteText);
  await con.getByRole('button', { name: 'Add internal note' }).click();
  const note = con.locator('.messages > li.internal');
  await expect(note).toContainText('Internal note — not visible to the client');
  await expect(note).toContainText(noteText);
  await expect(note).toBeFocused();

  // 3. The client is emailed the reply (not the note), with an address to answer to; the answer lands in the thread.
  let notice: SentMail | undefined;
  await expect
    .poll(async () => (notice = (await mailbox()).find((m) => m.to === CLIENT && m.text.includes(replyText))), { message: 'the message notice to the client', timeout: 20_000 })
    .toBeTruthy();
  expect(notice!.subject).toBe(`New message from Demo & Partners Accounting: ${subject}`);
  expect(notice!.text, 'the notice never carries the note').not.toContain(noteText);
  expect(notice!.replyTo, 'a reply address on the inbound domain').toMatch(new RegExp(`^[^@\\s]+@${inbound.domain.replaceAll('.', '\\.')}$`));

  const hook = await fetch(`${API}/api/v1/hooks/postmark/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${inbound.user}:${inbound.password}`).toString('base64')}` },
    body: JSON.stringify(inboundMail(notice!.replyTo!, `e2e-${run}@mail.demo.test`, answerText, replyText)),
  });
  expect(hook.status).toBe(200);
  expect(await hook.json()).toMatchObject({ status: 'posted' });

  await openFromInbox(con, requestId, subject);
  const answer = con.locator('.messages > li.from-client');
  await expect(answer).toHaveCount(1);
  await expect(answer.locator('.message-body')).toHaveText(answerText);
  await expect(answer.locator('.via-email')).toHaveText('by email');

  // 4. The owner turns it into a task and follows the link; the inbox no longer shows it bold.
  await con.getByRole('button', { name: 'Turn into a task' }).click();
  await expect(con.getByText('This request was turned into a task.')).toBeVisible();
  await con.getByRole('button', { name: 'Open the task' }).click();
  await expect(con.getByRole('heading', { name: subject })).toBeVisible();
  await expect(con.getByRole('button', { name: 'Edit' })).toBeVisible();
  await con.getByRole('navigation', { name: 'Console sections' }).getByRole('button', { name: 'Inbox' }).click();
  await expect(con.locator(`[data-inbox-item="${requestId}"]`)).not.toHaveClass(/unread/);

  // 5. The client's side, in the portal: the reply and the emailed answer, never the note; the new task.
  await client.reload();
  await portal.getByLabel('Company').selectOption({ label: COMPANY });
  const request = form.locator('[data-request-id]', { hasText: subject });
  await expect(request).toContainText('Turned into a task');
  // What the client's API answers for the thread, as the portal reads it.
  const threadJson = client.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === `/api/v1/portal/requests/${requestId}/messages`);
  await request.click();
  const thread = form.locator('portico-thread');
  const messages = thread.locator('li.message');
  await expect(messages).toHaveCount(2);
  await expect(messages.nth(0).locator('.body')).toHaveText(replyText);
  await expect(messages.nth(0).locator('.attachments')).toContainText('report-2025.pdf');
  await expect(messages.nth(1).locator('.body')).toHaveText(answerText);
  await expect(messages.nth(1)).toContainText('by email');
  // The note's unique text is nowhere on the client's page (getByText reaches into the shadow roots: the reply is found the same way).
  await expect(client.getByText(replyText)).toHaveCount(1);
  await expect(client.getByText(noteText)).toHaveCount(0);
  await expect(client.getByText('invoice them')).toHaveCount(0);
  expect(await client.evaluate(() => document.documentElement.scrollWidth), 'nothing wider than the phone').toBeLessThanOrEqual(390);

  const list = client.locator('client-task-list');
  await expect(list.locator('[data-task-id]', { hasText: subject })).toBeVisible();
  await form.getByRole('button', { name: `Open the task “${subject}”` }).click();
  await expect(list.getByRole('heading', { name: subject })).toBeVisible();

  const answered = await threadJson;
  expect(answered.status()).toBe(200);
  const json = await answered.text();
  expect(json).toContain(answerText);
  expect(json, "the client's API never carries the note").not.toContain('invoice them');
  await client.context().close();
});

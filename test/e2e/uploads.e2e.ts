/**
 * Issue 8 end to end, on a phone-sized page (390 px): the client uploads a
 * PDF and a photo to a task from the portal page, the connection is cut
 * halfway through the photo (one PATCH aborted) and the upload resumes from
 * the server's offset instead of starting over; then both files are
 * downloaded from the portal and compared byte for byte; then staff sign in
 * to the console, open the task's files and download both from there too
 * (name, length and SHA-256 of each).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { signInToConsole, signInToPortal } from './sign-in.ts';

const CLIENT = 'client@demo.test';
const STAFF = 'owner@demo.test';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const CHUNK = 2 * 1024 * 1024;

/** A PDF as the server sniffs one. */
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
/** A 3 MB "photo": a JPEG header, then bytes (two chunks: the cut falls between them). */
const photo = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]),
  Buffer.alloc(3 * 1024 * 1024, 0x5a),
  Buffer.from([0xff, 0xd9]),
]);

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

test('uploads a PDF and a photo at 390 px, resumes a cut connection from the server\'s offset, and downloads both from the portal and the console', async ({ page }) => {
  const tab = await signInToPortal(page, CLIENT);
  const list = tab.locator('client-task-list');
  const task = list.locator('[data-task-id]').first();
  const taskId = await task.getAttribute('data-task-id');
  expect(taskId, "the task's id").toBeTruthy();
  await task.click();
  const zone = list.locator('upload-zone').last(); // the task's own zone, after any document request's
  await expect(zone.getByRole('button', { name: 'Choose files' })).toBeVisible();
  await expect(zone.getByRole('button', { name: 'Take a photo' }), 'the camera on a touch screen').toBeVisible();

  // Cut the connection once, on the photo's second chunk (the first PATCH that does not start at 0).
  const tus: string[] = [];
  let cut = false;
  await tab.route('**/api/v1/portal/uploads/**', async (route) => {
    const request = route.request();
    const offset = request.headers()['upload-offset'];
    tus.push(`${request.method()}${offset === undefined ? '' : ` ${offset}`}`);
    if (request.method() === 'PATCH' && offset !== '0' && !cut) {
      cut = true;
      return route.abort('connectionreset');
    }
    return route.continue();
  });

  await zone.locator('input#files').setInputFiles([
    { name: 'bank-statement.pdf', mimeType: 'application/pdf', buffer: pdf },
    { name: 'receipt.jpg', mimeType: 'image/jpeg', buffer: photo },
  ]);
  await expect(zone.getByRole('status')).toHaveText('Uploads finished: 2 files uploaded.', { timeout: 30_000 });
  expect(cut, 'the connection was cut').toBe(true);
  // The photo: first chunk, the cut one, the server asked how far it got, then on from there (not from 0).
  const photoCalls = tus.slice(tus.indexOf(`PATCH ${CHUNK}`));
  expect(photoCalls.slice(0, 3)).toEqual([`PATCH ${CHUNK}`, 'HEAD', `PATCH ${CHUNK}`]);
  expect(tus.filter((c) => c === 'PATCH 0'), 'neither file started over').toHaveLength(2);

  // Nothing wider than the phone.
  expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // Both are listed in the task with a signed download link, and download byte for byte.
  const files = list.locator('[part~=files]').first();
  for (const [name, bytes] of [['bank-statement.pdf', pdf], ['receipt.jpg', photo]] as const) {
    const link = files.getByRole('link', { name });
    await expect(link).toBeVisible();
    const [download] = await Promise.all([tab.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(name);
    expect(readFileSync(await download.path()).equals(bytes), `${name} arrived whole`).toBe(true);
  }

  // Staff download both from the console: the task's files, each link signed for them.
  const staff = await signInToConsole(tab, STAFF);
  const con = staff.locator('portico-console');
  await con.getByRole('navigation', { name: 'Console sections' }).getByRole('button', { name: 'Task board' }).click();
  await con.locator(`[data-board-task="${taskId}"]`).getByRole('button').first().click();
  const consoleFiles = con.locator('.task-files');
  for (const [name, bytes] of [['bank-statement.pdf', pdf], ['receipt.jpg', photo]] as const) {
    const link = consoleFiles.getByRole('link', { name, exact: true });
    await expect(link).toBeVisible();
    const [download] = await Promise.all([staff.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename(), 'downloaded under its name').toBe(name);
    const got = readFileSync(await download.path());
    expect(got.length, `${name}: its length`).toBe(bytes.length);
    expect(sha256(got), `${name}: its SHA-256`).toBe(sha256(bytes));
  }
});

/**
 * Issue 10 end to end, in system Chromium against `npm start` with the dev
 * mailer, the local scheduler and the movable clock (DEV_CLOCK=1, see
 * playwright.config.ts): staff create and assign a task with a due date in
 * the console (the gentle reminder policy, the default); its email comes once,
 * after ASSIGN_NOTIFY_DELAY_SECONDS; the console's "What this client receives
 * next" names each reminder before it comes, and what then arrives in the dev
 * mailbox is that (kind, time, recipient), each worded differently from the
 * one before, five at most; a link in a reminder opens the portal page on the
 * task (its detail, once the contact is signed in in that browser), stays valid 60 days after the last reminder, then shows the "expired"
 * page whose one button emails a new sign-in link; "Resend" starts a new
 * ladder; a completed task is reminded no more.
 *
 * The clock is the server's, shared with every other e2e file: all times here
 * are read from it (`POST /dev/clock` answers `{ now }`), never from this
 * machine's clock. The client is Baltic Timber AS, whose only contact
 * (timber@demo.test) no other e2e file uses (there is no API to create a
 * client or a contact yet).
 */
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { API, signInLink, signInToConsole, signInToPortal } from './sign-in.ts';

const STAFF = 'owner@demo.test';
const CONTACT = 'timber@demo.test';
const CONTACT_NAME = 'Tarmo Tamm';
const CLIENT = 'Baltic Timber AS';
const TZ = 'Europe/Tallinn';
/** REMINDER_HOUR and ASSIGN_NOTIFY_DELAY_SECONDS as `npm start` has them by default. */
const REMINDER_HOUR = 9;
const ASSIGN_DELAY_S = 300;
const MINUTE = 60_000;
const DAY = 86_400_000;

test.describe.configure({ mode: 'serial' });

// ---- the server's clock and the firm's calendar -------------------------------------------------

async function advance(seconds: number): Promise<number> {
  const res = await fetch(`${API}/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: Math.max(1, Math.ceil(seconds)) }) });
  expect(res.status, 'POST /dev/clock (DEV_CLOCK=1)').toBe(200);
  return ((await res.json()) as { now: number }).now;
}

/** Moves the server's clock to `at` (or a second on, when it is there already); answers the new now. */
async function advanceTo(at: number): Promise<number> {
  const now = await advance(1);
  return now >= at ? now : advance((at - now) / 1000);
}

const dateFmt = new Intl.DateTimeFormat('en-CA', { timeZone: TZ });
const partsFmt = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
/** The firm's calendar date of an instant. */
const firmDate = (ms: number): string => dateFmt.format(ms);
/** The firm's wall clock of an instant, `HH:MM:SS`. */
const firmTime = (ms: number): string => partsFmt.format(ms).split(', ')[1]!;
const addDays = (date: string, n: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** The instant of `hour`:00 on `date` in the firm's timezone (written here, apart from the server's calendar code). */
function firmInstant(date: string, hour: number): number {
  const wall = Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);
  let at = wall;
  for (let i = 0; i < 3; i++) {
    const [d, t] = partsFmt.format(at).split(', ');
    const [dd, mm, yyyy] = d!.split('/');
    const offset = Date.parse(`${yyyy}-${mm}-${dd}T${t}Z`) - at;
    at = wall - offset;
  }
  return at;
}

// ---- the dev mailbox -----------------------------------------------------------------------------

interface Mail { to: string; subject: string; text: string; sentAt: number }

async function mailbox(): Promise<Mail[]> {
  const res = await fetch(`${API}/dev/mail.json`);
  expect(res.status, 'GET /dev/mail.json').toBe(200);
  return ((await res.json()) as Mail[]).reverse(); // oldest first
}

const TASK_LINK = /https?:\/\/[^\s"'<>]+\/api\/v1\/links\/task\/[^\s"'<>]+/;

// ---- the staff API (a bearer token of its own, beside the console's cookie) ---------------------

let staffToken = '';

async function signInStaffApi(): Promise<void> {
  const link = await signInLink(STAFF, async () => {
    const res = await fetch(`${API}/api/v1/auth/link`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ firm: 'demo', email: STAFF, as: 'staff' }) });
    expect(res.status).toBe(202);
  });
  const token = new URLSearchParams(link.hash.slice(1)).get('login');
  const res = await fetch(`${API}/api/v1/auth/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  expect(res.status, 'POST /auth/session').toBe(200);
  staffToken = ((await res.json()) as { token: string }).token;
}

/** GET as staff; signs in again when the session ran out (the clock moves months here). */
async function staffGet<T>(path: string): Promise<T> {
  let res = await fetch(`${API}/api/v1${path}`, { headers: { authorization: `Bearer ${staffToken}` } });
  if (res.status === 401) {
    await signInStaffApi();
    res = await fetch(`${API}/api/v1${path}`, { headers: { authorization: `Bearer ${staffToken}` } });
  }
  expect(res.status, `GET ${path}`).toBe(200);
  return (await res.json()) as T;
}

interface TaskEmail { kind: string; to: string; contactName: string | null; subject?: string; at: number; state: string }
interface FirmTask { id: string; title: string; status: string; reminderPolicy: string; reminderCount: number; lastReminderAt: number | null; dueDate: string | null; linkExpiresAt: number | null }

test.describe('Reminders, end to end', () => {
  const run = Date.now().toString(36);
  const title = `Send the loan schedule ${run}`;
  let staffContext: BrowserContext;
  let staff: Page;
  let taskId = '';
  let due = '';
  /** A link from a reminder email, to open later. */
  let reminderLink = '';
  /** The reminders that arrived, in order. */
  const reminders: Mail[] = [];

  test.beforeAll(async ({ browser }) => {
    staffContext = await browser.newContext({ baseURL: API, locale: 'en-GB', timezoneId: TZ });
    await signInStaffApi();
  });

  test.afterAll(async () => {
    await staffContext?.close();
  });

  const con = (): Locator => staff.locator('portico-console');
  const emailsOfTask = async () => (await staffGet<{ items: TaskEmail[] }>(`/firm/tasks/${taskId}/emails?limit=50`)).items;
  const scheduled = async () => (await emailsOfTask()).filter((e) => e.state === 'scheduled');
  const mailAboutTask = async () => (await mailbox()).filter((m) => m.to === CONTACT && m.text.includes(title));
  /** Reminders carry the one-click "stop reminders" link; the assignment and resent emails do not. */
  const remindersInBox = async () => (await mailAboutTask()).filter((m) => m.text.includes('/api/v1/links/reminders-off/'));

  /** Opens the task's detail in the console afresh (its "receives next" list loads on opening). */
  async function openTaskInConsole(): Promise<Locator> {
    await con().getByRole('navigation', { name: 'Console sections' }).getByRole('button', { name: 'Clients' }).click();
    await con().getByRole('navigation', { name: 'Clients' }).getByRole('button', { name: CLIENT }).click();
    await con().getByRole('listitem').filter({ has: staff.getByRole('heading', { name: title }) }).getByRole('button', { name: /^Details/ }).click();
    await expect(con().getByRole('heading', { name: title, level: 2 })).toBeVisible();
    return con().getByRole('region', { name: 'What this client receives next' });
  }

  /** The "Scheduled" list of the console, as `{ kind, to, subject, at }` read from what shows. */
  async function consoleScheduled(section: Locator) {
    const items = section.getByRole('list', { name: 'Scheduled' }).getByRole('listitem');
    return Promise.all(
      (await items.all()).map(async (li) => ({
        kind: (await li.locator('.email-kind').textContent())?.trim(),
        to: (await li.locator('span').nth(1).textContent())?.trim(),
        subject: (await li.locator('span.meta').count()) ? (await li.locator('span.meta').textContent())?.trim() : undefined,
        at: Date.parse((await li.locator('time').getAttribute('datetime'))!),
      })),
    );
  }

  /** Waits for the next reminder about the task after `after` (the mailbox keeps sent mail 30 days, so counts are taken from a point on). */
  async function reminderAfter(after: number): Promise<Mail> {
    let found: Mail[] = [];
    await expect.poll(async () => (found = (await remindersInBox()).filter((m) => m.sentAt > after)).length, { message: 'a new reminder in the mailbox', timeout: 15_000 }).toBeGreaterThan(0);
    expect(found, 'one reminder at a time').toHaveLength(1);
    return found[0]!;
  }
  const remindersAfter = async (after: number) => (await remindersInBox()).filter((m) => m.sentAt > after);

  /** Runs a tick of the job loop to its end: a sign-in email asked now arrives only after the jobs due before it ran. */
  async function settle(): Promise<void> {
    await signInLink(CONTACT, async () => {
      const res = await fetch(`${API}/api/v1/auth/link`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ firm: 'demo', email: CONTACT }) });
      expect(res.status).toBe(202);
    });
  }

  test('1. staff create and assign a task with a due date; nothing is emailed at once', async () => {
    // Start at 10:00 on the firm's clock, past the reminder hour, so the days below fall the same way whenever this runs.
    const start = await advance(1);
    let ten = firmInstant(firmDate(start), 10);
    if (ten <= start) ten = firmInstant(addDays(firmDate(start), 1), 10);
    const now = await advanceTo(ten);
    // Due in 8 days: the gentle ladder is 7 days before (tomorrow), the due date, then daily while overdue.
    due = addDays(firmDate(now), 8);

    staff = await signInToConsole(await staffContext.newPage(), STAFF);
    await con().getByRole('navigation', { name: 'Clients' }).getByRole('button', { name: CLIENT }).click();
    await expect(con().getByRole('heading', { name: `Tasks for ${CLIENT}` })).toBeVisible();
    await con().getByRole('button', { name: 'New task' }).click();
    await con().getByLabel('Title').fill(title);
    await con().getByLabel('Due date').fill(due);
    await con().getByLabel('Assign to portal now').check();
    await con().getByRole('button', { name: 'Create task' }).click();
    await expect(con().getByRole('status')).toContainText(`Task “${title}” created and assigned to the portal.`);

    const { items } = await staffGet<{ items: FirmTask[] }>(`/firm/tasks?q=${encodeURIComponent(title)}`);
    expect(items).toHaveLength(1);
    const task = items[0]!;
    taskId = task.id;
    expect(task).toMatchObject({ status: 'assigned', dueDate: due, reminderPolicy: 'gentle', reminderCount: 0 });

    // Scheduled, not sent: the assignment email waits out its window.
    const next = await scheduled();
    expect(next).toEqual([expect.objectContaining({ kind: 'assigned', to: CONTACT, contactName: CONTACT_NAME, state: 'scheduled' })]);
    expect(next[0]!.at - now).toBeGreaterThanOrEqual(ASSIGN_DELAY_S * 1000);
    expect(next[0]!.at - now).toBeLessThan(ASSIGN_DELAY_S * 1000 + MINUTE);
    const section = await openTaskInConsole();
    const shown = await consoleScheduled(section);
    expect(shown).toEqual([{ kind: 'New task', to: `to ${CONTACT_NAME}`, subject: undefined, at: next[0]!.at }]);
    expect(await mailAboutTask()).toEqual([]);
  });

  test('2. the assignment email arrives once, after the delay', async () => {
    const [notice] = await scheduled();
    await advanceTo(notice!.at + 1000);
    await expect.poll(async () => (await mailAboutTask()).length, { message: 'the assignment email', timeout: 15_000 }).toBe(1);
    const [mail] = await mailAboutTask();
    expect(mail!.subject).toBe('New task from Demo & Partners Accounting');
    expect(mail!.text).toContain(title);
    expect(mail!.sentAt).toBeGreaterThanOrEqual(notice!.at);
    // Another window later, still one.
    await advance(ASSIGN_DELAY_S + 1);
    await settle();
    expect(await mailAboutTask()).toHaveLength(1);
    const sent = (await emailsOfTask()).filter((e) => e.state !== 'scheduled');
    expect(sent).toEqual([expect.objectContaining({ kind: 'assigned', to: CONTACT, subject: mail!.subject, state: 'sent' })]);
  });

  test('3. each reminder comes as "receives next" said it would, worded anew, and they stop at five', async () => {
    const sentDate = firmDate((await mailAboutTask())[0]!.sentAt);
    const ladder = [addDays(due, -7), due, addDays(due, 1), addDays(due, 2), addDays(due, 3)];
    expect(ladder[0]! > sentDate, 'the first rung falls after the day the task was sent').toBe(true);
    let previous: Mail | undefined;
    for (const [i, date] of ladder.entries()) {
      const next = (await scheduled()).filter((e) => e.kind === 'reminder');
      expect(next, `reminder ${i + 1} is scheduled`).toHaveLength(1);
      const planned = next[0]!;
      expect(planned).toMatchObject({ to: CONTACT, contactName: CONTACT_NAME });
      // At the morning hour on the firm's clock, on the ladder's day.
      expect(firmDate(planned.at)).toBe(date);
      expect(firmTime(planned.at)).toBe(`${String(REMINDER_HOUR).padStart(2, '0')}:00:00`);
      expect(planned.at).toBe(firmInstant(date, REMINDER_HOUR));
      // The console shows the same: kind, recipient, subject, time.
      const shown = await consoleScheduled(await openTaskInConsole());
      expect(shown).toEqual([{ kind: 'Reminder', to: `to ${CONTACT_NAME}`, subject: `“${planned.subject}”`, at: planned.at }]);

      // The morning before: nothing yet.
      await advanceTo(planned.at - MINUTE);
      expect(await remindersAfter(previous?.sentAt ?? 0)).toEqual([]);
      await advanceTo(planned.at + 1000);
      const mail = await reminderAfter(previous?.sentAt ?? 0);
      reminders.push(mail);
      expect(mail.to).toBe(CONTACT);
      expect(mail.subject).toBe(planned.subject);
      expect(mail.sentAt).toBeGreaterThanOrEqual(planned.at);
      expect(mail.sentAt - planned.at).toBeLessThan(5 * MINUTE);
      if (previous) expect(mail.subject, 'two reminders in a row differ').not.toBe(previous.subject);
      previous = mail;
      const listed = (await emailsOfTask()).find((e) => e.kind === 'reminder' && e.state === 'sent' && e.at === mail.sentAt);
      expect(listed, 'the sent reminder is listed for the task').toMatchObject({ to: CONTACT, subject: mail.subject });
      if (i === 0) reminderLink = mail.text.match(TASK_LINK)![0];
    }
    // Each matched what was scheduled (above); the ladder opens and closes in its own words, and no subject repeats.
    expect(reminders[0]!.subject).toBe(`Reminder: ${title}`);
    expect(reminders[1]!.subject).toBe(`Today is the day: ${title}`);
    expect(reminders[4]!.subject).toBe(`Last reminder: ${title}`);
    expect(new Set(reminders.map((m) => m.subject)).size).toBe(5);
    expect((await staffGet<FirmTask>(`/firm/tasks/${taskId}`)).reminderCount).toBe(5);

    // Five is the cap: nothing more is scheduled, and nothing comes on the mornings after.
    expect(await scheduled()).toEqual([]);
    const shown = await openTaskInConsole();
    await expect(shown).toContainText('Nothing scheduled.');
    for (let day = 1; day <= 3; day++) {
      await advanceTo(firmInstant(addDays(ladder[4]!, day), REMINDER_HOUR) + 1000);
      await settle();
    }
    expect(await remindersAfter(reminders[4]!.sentAt)).toEqual([]);
  });

  test('4. a reminder’s link opens the portal page on the task', async ({ browser }) => {
    const context = await browser.newContext({ baseURL: API });
    try {
      // The link redirects to the firm's portal page naming the task in the fragment, where the elements read it.
      const redirect = await fetch(reminderLink, { redirect: 'manual' });
      expect(redirect.status).toBe(302);
      expect(redirect.headers.get('location')).toBe(`${API}/portal#task=${taskId}`);
      // Signed in in this browser already, the contact lands on the task itself.
      const page = await signInToPortal(await context.newPage(), CONTACT);
      const res = await page.goto(reminderLink);
      expect(res?.status()).toBe(200);
      expect(new URL(page.url()).pathname).toBe('/portal');
      const list = page.locator('client-task-list');
      const heading = list.getByRole('heading', { name: title });
      await expect(heading).toBeVisible();
      await expect(heading).toBeFocused();
      // `task=` is taken out of the address without a reload.
      await expect.poll(() => new URL(page.url()).hash).not.toContain('task=');
    } finally {
      await context.close();
    }
  });

  test('5. the link lives 60 days after the last reminder, then offers a new sign-in link in one click', async ({ browser }) => {
    const task = await staffGet<FirmTask>(`/firm/tasks/${taskId}`);
    const last = task.lastReminderAt!;
    expect(last).toBeLessThanOrEqual(reminders[4]!.sentAt);
    expect(task.linkExpiresAt).toBe(last + 60 * DAY);
    // Past 30 days from the first email and from the last reminder: still open.
    await advanceTo(last + 31 * DAY);
    const open = await fetch(reminderLink, { redirect: 'manual' });
    expect(open.status).toBe(302);
    expect(open.headers.get('location')).toBe(`${API}/portal#task=${taskId}`);

    await advanceTo(task.linkExpiresAt! + MINUTE);
    const context = await browser.newContext({ baseURL: API });
    try {
      const page = await context.newPage();
      const res = await page.goto(reminderLink);
      expect(res?.status()).toBe(410);
      await expect(page.getByRole('heading', { name: 'This link has expired' })).toBeVisible();
      const link = await signInLink(CONTACT, async () => {
        await page.getByRole('button', { name: 'Email me a new sign-in link' }).click();
        await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
      });
      await expect(page.getByText(`We sent a new sign-in link to ${CONTACT}.`)).toBeVisible();
      // The new link signs the contact in, and the task is there.
      await page.goto(link.href);
      await page.getByRole('button', { name: `Continue as ${CONTACT}` }).click();
      await expect(page.locator('client-task-list').getByRole('list').getByRole('button', { name: title })).toBeVisible();
    } finally {
      await context.close();
    }
    // Two months on, still five.
    expect(await remindersAfter(reminders[4]!.sentAt)).toEqual([]);
  });

  test('6. "Resend" starts the count again and a new ladder; a completed task is reminded no more', async () => {
    // The console's session ran out with the months that passed.
    await staff.close();
    staff = await signInToConsole(await staffContext.newPage(), STAFF);
    const section = await openTaskInConsole();
    await expect(section).toContainText('Nothing scheduled.');
    const asked = await advance(1);
    await section.getByRole('button', { name: 'Resend' }).click();
    await expect(con().getByRole('status')).toContainText(`“${title}” was emailed again.`);
    let resent: Mail | undefined;
    await expect.poll(async () => (resent = (await mailAboutTask()).find((m) => m.sentAt >= asked)), { message: 'the resent email', timeout: 15_000 }).toBeTruthy();
    expect(resent!.text).not.toContain('/api/v1/links/reminders-off/');
    expect((await staffGet<FirmTask>(`/firm/tasks/${taskId}`)).reminderCount).toBe(0);
    expect((await emailsOfTask()).find((e) => e.state !== 'scheduled')).toMatchObject({ kind: 'resend', to: CONTACT, subject: resent!.subject });

    // The new ladder: overdue, so daily from tomorrow morning.
    const [planned, ...more] = (await scheduled()).filter((e) => e.kind === 'reminder');
    expect(more).toEqual([]);
    expect(firmDate(planned!.at)).toBe(addDays(firmDate(resent!.sentAt), 1));
    expect(planned!.at).toBe(firmInstant(firmDate(planned!.at), REMINDER_HOUR));
    const shown = await consoleScheduled(await openTaskInConsole());
    expect(shown).toEqual([{ kind: 'Reminder', to: `to ${CONTACT_NAME}`, subject: `“${planned!.subject}”`, at: planned!.at }]);
    await advanceTo(planned!.at + 1000);
    const sixth = await reminderAfter(resent!.sentAt);
    expect(sixth).toMatchObject({ to: CONTACT, subject: planned!.subject });
    expect(sixth.subject).toBe(`Overdue: ${title}`);
    expect(sixth.sentAt - planned!.at).toBeLessThan(5 * MINUTE);
    expect((await staffGet<FirmTask>(`/firm/tasks/${taskId}`)).reminderCount).toBe(1);
    const following = (await scheduled()).filter((e) => e.kind === 'reminder');
    expect(following).toHaveLength(1);

    // Completed in the console: nothing scheduled, nothing more comes.
    const detail = await openTaskInConsole();
    await con().getByRole('button', { name: 'Complete', exact: true }).click();
    await expect(con().getByRole('status')).toContainText(title);
    await expect(detail).toContainText('Nothing scheduled.');
    expect(await scheduled()).toEqual([]);
    for (let day = 0; day < 3; day++) {
      await advanceTo(following[0]!.at + day * DAY + 1000);
      await settle();
    }
    expect(await remindersAfter(sixth.sentAt)).toEqual([]);
  });
});

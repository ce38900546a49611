// The console's Delivery screen (owner and admins): failed, retrying and waiting jobs of the firm,
// paged and filtered by state, "Try again now" for a failed one with its outcome announced.
import { setViewport } from '@web/test-runner-commands';
import './define.ts';
import type { PorticoConsole } from './portico-console.ts';
import type { DeliveryJob } from '../internal/api-types.ts';
import { $, afterEach, beforeEach, button, cleanupFixtures, describe, expectAccessible, it, setLoginFragment, textOf, waitFor, type FakeApi, type RecordedCall } from '../internal/testing/helpers.ts';
import { assert, assertEqual, errorBody, firmApi, firmTask, openSection, setValue, signedInConsole, staffSession } from '../internal/testing/firm-fakes.ts';

const job = (over: Partial<DeliveryJob> = {}): DeliveryJob => ({
  id: 'job_failed',
  kind: 'notify.assigned',
  subjectId: 'tsk_1',
  state: 'failed',
  attempts: 5,
  lastError: 'Postmark answered 500: Internal Server Error at https://api.postmarkapp.com/email/batch?request=0123456789abcdef0123456789abcdef0123456789abcdef',
  nextAttemptAt: null,
  updatedAt: 1_700_000_300_000,
  email: null,
  ...over,
});
const retrying = job({ id: 'job_retry', kind: 'reminder.task', state: 'retrying', attempts: 2, lastError: 'timeout', nextAttemptAt: 1_700_000_900_000 });
const waiting = job({ id: 'job_wait', kind: 'email.send', subjectId: 'con_kati', state: 'pending', attempts: 0, lastError: null, nextAttemptAt: 1_700_000_600_000 });
const odd = job({ id: 'job_odd', kind: 'something.new', subjectId: null, updatedAt: 1_700_000_100_000 });

const session = (role: 'owner' | 'admin' | 'member') => ({ 'GET /auth/session': { body: { ...staffSession, role, token: undefined } } });
const sectionButton = (el: PorticoConsole, label: string) =>
  [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.sections button')].find((b) => b.textContent?.trim() === label);
const item = (el: PorticoConsole, id: string) => $(el, `[data-job="${id}"]`);
const statusText = (el: PorticoConsole) => $(el, '[role=status]')?.textContent?.trim() ?? '';

function deliveryApi(role: 'owner' | 'admin' | 'member' = 'owner', pages: DeliveryJob[][] = [[job(), retrying, waiting], [odd]]) {
  return firmApi({
    ...session(role),
    'GET /firm/delivery': (call: RecordedCall) => {
      const states = call.query.getAll('state');
      const page = Number(call.query.get('cursor') ?? 0);
      const items = (pages[page] ?? []).filter((j) => states.length === 0 || states.includes(j.state));
      return { body: { items, nextCursor: page + 1 < pages.length && states.length === 0 ? String(page + 1) : null } };
    },
    'POST /firm/delivery/job_failed/retry': { body: { id: 'job_failed', state: 'pending', nextAttemptAt: 1_700_000_400_000 } },
    'GET /firm/tasks/tsk_1': { body: firmTask() },
    'GET /firm/tasks/tsk_1/history': { body: { items: [], nextCursor: null } },
  });
}

describe('<portico-console> delivery', () => {
  let api: FakeApi;
  beforeEach(() => {
    sessionStorage.clear();
    setLoginFragment(null);
  });
  afterEach(async () => {
    cleanupFixtures();
    api?.restore();
    sessionStorage.clear();
    await setViewport({ width: 1280, height: 800 });
  });

  it('lists failed, retrying and waiting jobs with kind, subject, attempts, last error and next try, paged', async () => {
    api = deliveryApi();
    const el = await signedInConsole();
    await openSection(el, 'Delivery');
    await waitFor(() => item(el, 'job_failed'), 'the jobs');
    await expectAccessible(el);
    const failed = item(el, 'job_failed')!.textContent!.replace(/\s+/g, ' ');
    for (const words of ['New task email', 'Failed', 'a task', 'Postmark answered 500', 'None: it gave up']) {
      assert(failed.includes(words), `the failed job says “${words}”: ${failed}`);
    }
    const fact = (id: string, term: string) =>
      [...item(el, id)!.querySelectorAll('dt')].find((dt) => dt.textContent?.trim() === term)?.nextElementSibling?.textContent?.trim();
    assertEqual(fact('job_failed', 'Attempts'), '5', 'the attempts');
    const time = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(retrying.nextAttemptAt!);
    assertEqual(fact('job_retry', 'Next try'), time, 'the next try');
    const retry = item(el, 'job_retry')!.textContent!.replace(/\s+/g, ' ');
    assert(retry.includes('Reminder') && retry.includes('Will try again') && retry.includes('Next try'), `the retrying job: ${retry}`);
    assert(!retry.includes('Try again now'), 'only a failed job can be tried again');
    assert(item(el, 'job_wait')!.textContent!.includes('contact con_kati'), 'a job about a contact');
    await waitFor(() => statusText(el) === '3 jobs shown.', 'the count announced');
    button(el, 'Show more')!.click();
    await waitFor(() => item(el, 'job_odd'), 'the next page');
    assertEqual(api.callsTo('GET /firm/delivery')[1]!.query.get('cursor'), '1', 'the cursor of the first page');
    assert(item(el, 'job_odd')!.textContent!.includes('something.new'), 'an unknown kind shows as stored');
    assert(!button(el, 'Show more'), 'no more pages');
    // A job about a task opens it.
    item(el, 'job_failed')!.querySelector<HTMLButtonElement>('button.link')!.click();
    await waitFor(() => api.callsTo('GET /firm/tasks/tsk_1').length > 0, 'the task opened');
  });

  it('tries a failed job again, announces it, and keeps focus on the job', async () => {
    api = deliveryApi();
    const el = await signedInConsole();
    await openSection(el, 'Delivery');
    const retry = await waitFor(() => button(el, 'Try again now'), 'the retry button');
    assertEqual(retry.textContent!.replace(/\s+/g, ' ').trim(), 'Try again now: New task email', 'named after its job');
    retry.click();
    await waitFor(() => statusText(el) === 'New task email: queued to run again now.', 'the outcome announced');
    assertEqual(api.callsTo('POST /firm/delivery/job_failed/retry').length, 1, 'one retry sent');
    const row = item(el, 'job_failed')!;
    assert(row.textContent!.includes('Waiting'), 'now waiting');
    assert(!button(el, 'Try again now'), 'no retry for a waiting job');
    await waitFor(() => el.shadowRoot!.activeElement === row, 'focus on the job');
    await expectAccessible(el);
  });

  it('says so and reloads when the job is no longer failed (409)', async () => {
    api = deliveryApi();
    api.on('POST /firm/delivery/job_failed/retry', { status: 409, body: errorBody('conflict', 'This job is done') });
    const el = await signedInConsole();
    await openSection(el, 'Delivery');
    (await waitFor(() => button(el, 'Try again now'), 'the retry button')).click();
    await waitFor(() => $(el, '[role=alert]'), 'the alert');
    assert($(el, '[role=alert]')!.textContent!.includes('no longer failed'), 'says why');
    await waitFor(() => api.callsTo('GET /firm/delivery').length === 2, 'the list reloaded');
  });

  it('filters by state, with an empty state', async () => {
    api = deliveryApi('admin');
    const el = await signedInConsole();
    await openSection(el, 'Delivery');
    await waitFor(() => item(el, 'job_failed'), 'the jobs');
    setValue($<HTMLSelectElement>(el, '#delivery-state'), 'retrying');
    await waitFor(() => !item(el, 'job_failed') && item(el, 'job_retry'), 'only the retrying job');
    assertEqual(api.callsTo('GET /firm/delivery').at(-1)!.query.getAll('state'), ['retrying'], 'the filter sent');
    api.on('GET /firm/delivery', { body: { items: [], nextCursor: null } });
    setValue($<HTMLSelectElement>(el, '#delivery-state'), 'failed');
    await waitFor(() => textOf(el).includes('Nothing in this state.'), 'the empty state');
    setValue($<HTMLSelectElement>(el, '#delivery-state'), '');
    await waitFor(() => textOf(el).includes('Nothing failed or waiting'), 'the empty state of all');
    await expectAccessible(el);
  });

  it('is offered to the owner and admins only', async () => {
    api = deliveryApi('member');
    const el = await signedInConsole();
    assert(sectionButton(el, 'Notifications'), 'the other sections are there');
    assert(!sectionButton(el, 'Delivery'), 'no Delivery for a member');
    cleanupFixtures();
    api.restore();
    api = deliveryApi('admin');
    const admin = await signedInConsole();
    assert(sectionButton(admin, 'Delivery'), 'Delivery for an admin');
  });

  it('speaks Estonian and fits a phone', async () => {
    await setViewport({ width: 390, height: 800 });
    api = deliveryApi();
    const el = await signedInConsole('et');
    await waitFor(() => sectionButton(el, 'Kohaletoimetamine'), 'the Estonian section');
    sectionButton(el, 'Kohaletoimetamine')!.click();
    await waitFor(() => item(el, 'job_failed'), 'the jobs');
    assert(button(el, 'Proovi kohe uuesti'), 'the retry in Estonian');
    const base = $(el, '[part="base"]')!;
    assert(base.scrollWidth <= base.clientWidth, `no sideways scrolling (${base.scrollWidth} > ${base.clientWidth})`);
  });
});

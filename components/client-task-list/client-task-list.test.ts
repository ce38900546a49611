import { html } from 'lit';
import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import '../client-portal/define.ts';
import './define.ts';
import type { ClientPortal } from '../client-portal/client-portal.ts';
import type { ClientTaskList } from './client-task-list.ts';
import type { TaskDetail } from '../internal/api-types.ts';
import { sessionStore } from '../internal/session-store.ts';
import { renderInPortal } from '../internal/testing/portal-fixture.ts';
import {
  $,
  FakeApi,
  afterEach,
  beforeEach,
  button,
  cleanupFixtures,
  deepActiveElement,
  deferred,
  describe,
  errorBody,
  expectAccessible,
  fixture,
  it,
  textOf,
  waitFor,
} from '../internal/testing/helpers.ts';
import { API, FIRM, firm, harborTasks, sessionInfo, taskSummaries, unreadDetail } from '../internal/testing/fixtures.ts';

/** A signed-in portal with a task list in its slot. */

const itemButton = (list: ClientTaskList, id: string) => $<HTMLButtonElement>(list, `[data-task-id="${id}"]`);
const waitForItems = (list: ClientTaskList) => waitFor(() => $(list, '[part~=list]'), 'task list');

describe('<client-task-list>', () => {
  let api: FakeApi;

  beforeEach(() => {
    localStorage.clear();
    api = new FakeApi({
      [`GET /public/firms/${FIRM}`]: { body: firm },
      'GET /auth/session': { body: sessionInfo },
      'GET /portal/tasks': (call) => ({
        body: { items: call.query.get('clientId') === 'cli_harbor' ? harborTasks() : taskSummaries() },
      }),
      'GET /portal/tasks/tsk_unread': { body: unreadDetail() },
      'GET /portal/tasks/tsk_unread/files': { body: { items: [], nextCursor: null } },
      'GET /portal/tasks/tsk_overdue/files': { body: { items: [], nextCursor: null } },
      'POST /portal/tasks/tsk_unread/complete': { body: { ...unreadDetail(), state: 'done' } satisfies TaskDetail },
    });
  });

  afterEach(() => {
    api.restore();
    cleanupFixtures();
    localStorage.clear();
  });

  it('is accessible with tasks listed, and in the task detail', async () => {
    const { portal, list } = await renderInPortal();
    await waitForItems(list);
    await expectAccessible(portal);
    itemButton(list, 'tsk_unread')!.click();
    await waitFor(() => button(list, 'Mark as done'), 'detail');
    await expectAccessible(portal);
  });

  it('lists the chosen company’s tasks: unread in bold with a "New" marker, overdue dates in red', async () => {
    const { list } = await renderInPortal();
    await waitForItems(list);

    const call = api.callsTo('GET /portal/tasks')[0]!;
    expect(call.query.get('clientId')).to.equal('cli_north');
    expect(call.headers.get('authorization')).to.equal('Bearer ses_stored');

    const unread = itemButton(list, 'tsk_unread')!;
    const read = itemButton(list, 'tsk_overdue')!;
    expect(getComputedStyle(unread.querySelector('.title')!).fontWeight).to.equal('700');
    expect(getComputedStyle(read.querySelector('.title')!).fontWeight).to.equal('400');
    expect(unread.textContent).to.contain('New');
    expect(read.textContent).not.to.contain('New');

    const due = read.querySelector<HTMLElement>('[part~=due]')!;
    expect(getComputedStyle(due).color).to.equal('rgb(180, 35, 24)');
    expect(due.textContent).to.contain('Overdue');
    expect(due.textContent).to.contain('Mar 10, 2025');
    const notDue = unread.querySelector<HTMLElement>('[part~=due]')!;
    expect(getComputedStyle(notDue).color).not.to.equal('rgb(180, 35, 24)');
    expect(notDue.textContent).not.to.contain('Overdue');
  });

  it('formats due dates for the language in use', async () => {
    sessionStore.saveToken(API, FIRM, 'ses_stored');
    const portal = await fixture<ClientPortal>(
      html`<client-portal api=${API} firm=${FIRM} lang="et"><client-task-list></client-task-list></client-portal>`,
    );
    const list = portal.querySelector('client-task-list')!;
    await waitForItems(list);
    const due = itemButton(list, 'tsk_overdue')!.querySelector('[part~=due]')!;
    await waitFor(() => due.textContent?.includes('Tähtaeg möödas'), 'Estonian (its strings arrive on use)');
    expect(due.textContent).to.contain('10. märts 2025');
  });

  it('refetches with the other clientId when the company is switched', async () => {
    const { portal, list } = await renderInPortal();
    await waitForItems(list);
    const select = $<HTMLSelectElement>(portal, 'select')!;
    select.value = 'cli_harbor';
    select.dispatchEvent(new Event('change', { bubbles: true }));

    await waitFor(() => itemButton(list, 'tsk_harbor'), 'harbor task');
    expect(api.callsTo('GET /portal/tasks').map((c) => c.query.get('clientId'))).to.deep.equal([
      'cli_north',
      'cli_harbor',
    ]);
    expect(itemButton(list, 'tsk_unread')).to.equal(null);
    expect(textOf(list)).to.contain('No due date');
  });

  it('opens a task with Enter, marks it read, and Back returns focus to it', async () => {
    const { list } = await renderInPortal();
    await waitForItems(list);
    itemButton(list, 'tsk_unread')!.focus();
    await sendKeys({ press: 'Enter' });

    await waitFor(() => textOf(list).includes('Please sign page 4'), 'description');
    expect(api.callsTo('GET /portal/tasks/tsk_unread')).to.have.length(1);
    const heading = $(list, '[part~=detail] h2')!;
    expect(heading.textContent?.trim()).to.equal('Sign the annual report');
    expect(deepActiveElement()).to.equal(heading);
    const checklist = $(list, '[part~=checklist]')!;
    expect(checklist.querySelectorAll('li')).to.have.length(2);
    expect(checklist.querySelector('li.checked')?.textContent).to.contain('Read the report');
    const boxes = [...checklist.querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
    expect(boxes.map((b) => [b.labels?.[0]?.textContent, b.checked])).to.deep.equal([
      ['Read the report', true],
      ['Sign page 4', false],
    ]);

    button(list, 'Back to tasks')!.click();
    await list.updateComplete;
    const item = itemButton(list, 'tsk_unread')!;
    expect(deepActiveElement()).to.equal(item);
    expect(getComputedStyle(item.querySelector('.title')!).fontWeight).to.equal('400');
    expect(item.textContent).not.to.contain('New');
  });

  it('marks a task as done', async () => {
    const { list } = await renderInPortal();
    await waitForItems(list);
    itemButton(list, 'tsk_unread')!.click();
    const markDone = await waitFor(() => button(list, 'Mark as done'), 'mark-done button');
    markDone.click();

    const note = await waitFor(() => $(list, '.done-note'), 'done note');
    expect(api.callsTo('POST /portal/tasks/tsk_unread/complete')).to.have.length(1);
    expect(button(list, 'Mark as done')).to.equal(null);
    expect(deepActiveElement()).to.equal(note);
    expect($(list, '[role=status]')?.textContent).to.contain('Task marked as done.');

    button(list, 'Back to tasks')!.click();
    await list.updateComplete;
    expect(itemButton(list, 'tsk_unread')!.textContent).to.contain('Done');
  });

  it('shows an error with Retry when the API fails, and recovers', async () => {
    let fail = true;
    api.on('GET /portal/tasks', () =>
      fail ? { status: 500, body: errorBody('internal', 'Internal error') } : { body: { items: taskSummaries() } },
    );
    const { portal, list } = await renderInPortal();
    const alert = await waitFor(() => $(list, '[role=alert]'), 'error alert');
    expect(alert.textContent).to.contain('Your tasks could not be loaded.');
    await expectAccessible(portal);

    fail = false;
    button(list, 'Try again')!.click();
    await waitForItems(list);
    expect($(list, '[role=alert]')).to.equal(null);
    expect(api.callsTo('GET /portal/tasks')).to.have.length(2);
  });

  it('says when there are no tasks', async () => {
    api.on('GET /portal/tasks', { body: { items: [] } });
    const { list } = await renderInPortal();
    await waitFor(() => textOf(list).includes('You have no tasks right now.'), 'empty state');
  });

  it('sends the portal back to sign-in when the session was revoked (401)', async () => {
    api.on('GET /portal/tasks', { status: 401, body: errorBody('unauthorized') });
    const { portal } = await renderInPortal();
    await waitFor(() => $(portal, 'input[type=email]'), 'sign-in form');
    expect(textOf(portal)).to.contain('Your session has ended');
    expect(sessionStore.loadToken(API, FIRM)).to.equal(null);
  });

  it('works alone with api and firm, using the stored session', async () => {
    sessionStore.saveToken(API, FIRM, 'ses_alone');
    sessionStore.saveClientId(API, FIRM, 'cli_harbor');
    const list = await fixture<ClientTaskList>(html`<client-task-list api=${API} firm=${FIRM}></client-task-list>`);
    await waitFor(() => itemButton(list, 'tsk_harbor'), 'harbor task');
    const call = api.callsTo('GET /portal/tasks')[0]!;
    expect(call.headers.get('authorization')).to.equal('Bearer ses_alone');
    expect(call.query.get('clientId')).to.equal('cli_harbor');
    await expectAccessible(list);
  });

  it('asks to sign in when alone without a session, without calling the API', async () => {
    const list = await fixture<ClientTaskList>(html`<client-task-list api=${API} firm=${FIRM}></client-task-list>`);
    await waitFor(() => textOf(list).includes('Please sign in to see your tasks.'), 'sign-in message');
    expect(api.calls).to.have.length(0);
  });

  it('keeps a late "Mark as done" answer on its own task, and lets another task be marked meanwhile', async () => {
    const answer = deferred();
    api.on('GET /portal/tasks/tsk_overdue', {
      body: { ...taskSummaries()[0]!, description: 'Receipts for March.', checklist: [], doneUploading: { offered: false, at: null } } satisfies TaskDetail,
    });
    api.on('POST /portal/tasks/tsk_unread/complete', async () => {
      await answer.promise;
      return { status: 500, body: errorBody('internal', 'Internal error') };
    });
    const { list } = await renderInPortal();
    await waitForItems(list);
    itemButton(list, 'tsk_unread')!.click();
    (await waitFor(() => button(list, 'Mark as done'), 'mark-done button')).click();
    await waitFor(() => api.callsTo('POST /portal/tasks/tsk_unread/complete').length, 'the request');

    button(list, 'Back to tasks')!.click();
    await waitForItems(list);
    itemButton(list, 'tsk_overdue')!.click();
    await waitFor(() => textOf(list).includes('Receipts for March.'), 'the other task');
    expect(button(list, 'Mark as done')?.disabled, 'the other task can be marked done').to.equal(false);

    const focused = deepActiveElement();
    answer.resolve();
    await new Promise((r) => setTimeout(r, 50));
    await list.updateComplete;
    expect($(list, '[role=alert]')?.textContent ?? null, 'no error on the other task').to.equal(null);
    expect(button(list, 'Mark as done')?.disabled).to.equal(false);
    expect(deepActiveElement() === focused, 'focus stays where it was').to.equal(true);
  });

  it('goes back to the list with focus on its heading when the company changes under an open task', async () => {
    const { portal, list } = await renderInPortal();
    await waitForItems(list);
    itemButton(list, 'tsk_unread')!.click();
    await waitFor(() => textOf(list).includes('Please sign page 4'), 'description');
    const select = $<HTMLSelectElement>(portal, 'select')!;
    select.value = 'cli_harbor';
    select.dispatchEvent(new Event('change', { bubbles: true }));

    await waitFor(() => itemButton(list, 'tsk_harbor'), 'harbor task');
    const heading = $(list, '[data-heading]')!;
    expect(heading.textContent?.trim()).to.equal('Your tasks');
    await waitFor(() => deepActiveElement() === heading, 'focus on the list heading');
  });

  it('announces how many tasks were loaded', async () => {
    const { portal, list } = await renderInPortal();
    await waitForItems(list);
    const status = () => $(list, '[role=status]')?.textContent?.trim();
    expect(status()).to.equal('2 tasks');
    const select = $<HTMLSelectElement>(portal, 'select')!;
    select.value = 'cli_harbor';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => status() === '1 task', 'the new count');
  });

  it('keeps its height while its tasks load', async () => {
    const answer = deferred();
    api.on('GET /portal/tasks', async () => {
      await answer.promise;
      return { body: { items: taskSummaries() } };
    });
    const { portal, list } = await renderInPortal();
    await waitFor(() => textOf(list).includes('Loading tasks…'), 'the loading state');
    await expectAccessible(portal);
    const pending = list.getBoundingClientRect().height;
    expect(pending).to.be.greaterThan(0);
    answer.resolve();
    await waitForItems(list);
    expect(list.getBoundingClientRect().height).to.equal(pending);
  });

  describe('a task due today in the firm’s timezone, with the clock just past a UTC midnight', () => {
    // 01:30 UTC on 2 June is still 1 June (21:30) in a firm in New York: due 1 June is due today there, not overdue.
    const RealDate = Date;
    const now = RealDate.UTC(2026, 5, 2, 1, 30);
    const firmDay = (offsetDays: number) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(now + offsetDays * 86_400_000);

    beforeEach(() => {
      class FixedDate extends RealDate {
        constructor(...args: unknown[]) {
          super(...((args.length === 0 ? [now] : args) as [number]));
        }
        static override now(): number {
          return now;
        }
      }
      globalThis.Date = FixedDate as DateConstructor;
      const today = firmDay(0);
      const yesterday = firmDay(-1);
      expect([today, yesterday]).to.deep.equal(['2026-06-01', '2026-05-31']);
      api.on('GET /portal/tasks', {
        body: {
          items: [
            { ...taskSummaries()[1]!, id: 'tsk_today', title: 'Due today', dueDate: today, unread: false, overdue: false },
            { ...taskSummaries()[0]!, id: 'tsk_yesterday', title: 'Due yesterday', dueDate: yesterday, overdue: true },
          ],
        },
      });
    });

    afterEach(() => {
      globalThis.Date = RealDate;
    });

    it('shows it without "Overdue" and not in red; one due yesterday is overdue', async () => {
      const { portal, list } = await renderInPortal();
      await waitForItems(list);
      await expectAccessible(portal);
      const red = 'rgb(180, 35, 24)';
      const today = itemButton(list, 'tsk_today')!;
      const todayDue = today.querySelector<HTMLElement>('[part~=due]')!;
      expect(todayDue.textContent).not.to.contain('Overdue');
      expect(getComputedStyle(todayDue).color).not.to.equal(red);
      expect(today.getAttribute('part')).not.to.contain('task-overdue');
      expect(todayDue.textContent).to.contain('Jun 1, 2026');

      const yesterday = itemButton(list, 'tsk_yesterday')!;
      const yesterdayDue = yesterday.querySelector<HTMLElement>('[part~=due]')!;
      expect(yesterdayDue.textContent).to.contain('Overdue');
      expect(getComputedStyle(yesterdayDue).color).to.equal(red);
      expect(yesterday.getAttribute('part')).to.contain('task-overdue');
    });
  });
});

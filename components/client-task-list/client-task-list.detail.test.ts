// The task detail of issue 7: checklist ticks with rollback, done and undo, the firm-completed state,
// a description that is never HTML, and the events for the host page.
import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import '../client-portal/define.ts';
import './define.ts';
import type { ClientTaskList } from './client-task-list.ts';
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
  it,
  textOf,
  waitFor,
} from '../internal/testing/helpers.ts';
import { FIRM, firm, sessionInfo } from '../internal/testing/fixtures.ts';
import { PortalFake } from '../internal/testing/portal-fake.ts';


const itemButton = (list: ClientTaskList, id: string) => $<HTMLButtonElement>(list, `[data-task-id="${id}"]`);
const box = (list: ClientTaskList, itemId: string) => $<HTMLInputElement>(list, `#chk-${itemId}`);
const status = (list: ClientTaskList) => $(list, '[role=status]')?.textContent?.trim() ?? '';

async function openTask(list: ClientTaskList, id: string, tab: 'open' | 'done' = 'open'): Promise<void> {
  if (tab === 'done') (await waitFor(() => $<HTMLButtonElement>(list, '#tab-done'), 'the Done tab')).click();
  (await waitFor(() => itemButton(list, id), `task ${id}`)).click();
  await waitFor(() => $(list, '[part~=description]'), 'the detail');
}

describe('<client-task-list> task detail', () => {
  let api: FakeApi;
  let fake: PortalFake;

  beforeEach(() => {
    localStorage.clear();
    api = new FakeApi({
      [`GET /public/firms/${FIRM}`]: { body: firm },
      'GET /auth/session': { body: sessionInfo },
    });
    fake = new PortalFake(api);
  });

  afterEach(() => {
    api.restore();
    cleanupFixtures();
    localStorage.clear();
  });

  it('is accessible with a checklist, when done by the client, and when completed by the firm', async () => {
    const { portal, list } = await renderInPortal();
    await openTask(list, 'tsk_pay_1');
    await expectAccessible(portal);
    button(list, 'Back to tasks')!.click();
    await openTask(list, 'tsk_mine', 'done');
    await expectAccessible(portal);
    button(list, 'Back to tasks')!.click();
    await openTask(list, 'tsk_firm', 'done');
    await expectAccessible(portal);
  });

  it('ticks a checklist item at once, saves it, and shows the new progress in the list', async () => {
    const answer = deferred();
    const saved = api.routes.get('PATCH /portal/tasks/tsk_pay_1/checklist/chk_a')!;
    api.on('PATCH /portal/tasks/tsk_pay_1/checklist/chk_a', async (call) => {
      await answer.promise;
      return typeof saved === 'function' ? saved(call) : saved;
    });
    const { list } = await renderInPortal();
    await openTask(list, 'tsk_pay_1');
    box(list, 'chk_a')!.focus();
    await sendKeys({ press: 'Space' });
    await list.updateComplete;

    expect(box(list, 'chk_a')!.checked, 'ticked before the server answers').to.equal(true);
    expect(box(list, 'chk_a')!.closest('li')!.classList.contains('checked')).to.equal(true);
    expect(api.callsTo('PATCH /portal/tasks/tsk_pay_1/checklist/chk_a')[0]!.body).to.deep.equal({ done: true });
    expect(status(list)).to.equal('Saving…');
    await sendKeys({ press: 'Space' });
    await list.updateComplete;
    expect(box(list, 'chk_a')!.checked, 'a second press while saving is put back').to.equal(true);
    expect(api.callsTo('PATCH /portal/tasks/tsk_pay_1/checklist/chk_a')).to.have.length(1);

    answer.resolve();
    await waitFor(() => status(list) === 'Saved.', 'the saved announcement');
    expect(box(list, 'chk_a')!.checked).to.equal(true);
    expect(deepActiveElement() === box(list, 'chk_a'), 'focus stays on the box').to.equal(true);
    button(list, 'Back to tasks')!.click();
    await list.updateComplete;
    expect(itemButton(list, 'tsk_pay_1')!.textContent).to.contain('2 of 2 done');
  });

  it('puts the tick back and announces an error when the save fails', async () => {
    api.on('PATCH /portal/tasks/tsk_pay_1/checklist/chk_b', { status: 500, body: errorBody('internal') });
    const { portal, list } = await renderInPortal();
    await openTask(list, 'tsk_pay_1');
    box(list, 'chk_b')!.click();
    expect(box(list, 'chk_b')!.checked).to.equal(false);

    const alert = await waitFor(() => $(list, '[role=alert]'), 'the error');
    expect(alert.textContent).to.contain('The checklist could not be saved, so the tick was undone.');
    expect(box(list, 'chk_b')!.checked, 'rolled back').to.equal(true);
    expect(box(list, 'chk_b')!.closest('li')!.classList.contains('checked')).to.equal(true);
    await expectAccessible(portal);
    button(list, 'Back to tasks')!.click();
    await list.updateComplete;
    expect(itemButton(list, 'tsk_pay_1')!.textContent).to.contain('1 of 2 done');
  });

  it('marks done, fires portico-task-complete once, and Undo reopens the task', async () => {
    const opened: string[] = [];
    const completed: string[] = [];
    document.addEventListener('portico-task-open', (e) => opened.push(e.detail.taskId));
    document.addEventListener('portico-task-complete', (e) => completed.push(e.detail.taskId));
    const { list } = await renderInPortal();
    await waitFor(() => itemButton(list, 'tsk_pay_2'), 'the list');
    expect(opened, 'no event for loading').to.deep.equal([]);
    await openTask(list, 'tsk_pay_2');
    expect(opened).to.deep.equal(['tsk_pay_2']);

    button(list, 'Mark as done')!.click();
    const note = await waitFor(() => $(list, '.done-note'), 'the done note');
    expect(deepActiveElement() === note, 'focus on the done note').to.equal(true);
    expect(completed).to.deep.equal(['tsk_pay_2']);
    expect(status(list)).to.equal('Task marked as done.');

    button(list, 'Undo')!.click();
    const markDone = await waitFor(() => $<HTMLButtonElement>(list, '[part~=mark-done]'), 'Mark as done again');
    expect(api.callsTo('POST /portal/tasks/tsk_pay_2/reopen')).to.have.length(1);
    expect(deepActiveElement() === markDone, 'focus on Mark as done').to.equal(true);
    expect(status(list)).to.equal('The task is open again.');
    expect(completed, 'undo fires no complete').to.deep.equal(['tsk_pay_2']);
  });

  it('says when Undo is refused, and keeps the task done', async () => {
    api.on('POST /portal/tasks/tsk_mine/reopen', { status: 500, body: errorBody('internal') });
    const { list } = await renderInPortal();
    await openTask(list, 'tsk_mine', 'done');
    button(list, 'Undo')!.click();
    const alert = await waitFor(() => $(list, '[role=alert]'), 'the error');
    expect(alert.textContent).to.contain('The task could not be reopened.');
    expect(button(list, 'Undo') !== null).to.equal(true);
  });

  it('shows a task the firm completed as final: no ticking, no undo, a sentence saying so', async () => {
    const { list } = await renderInPortal();
    await openTask(list, 'tsk_firm', 'done');
    expect(textOf(list)).to.contain('Your accountant has completed this task, so it can no longer be changed.');
    expect(box(list, 'chk_f')!.disabled).to.equal(true);
    expect(button(list, 'Undo') === null).to.equal(true);
    expect(button(list, 'Mark as done') === null).to.equal(true);
    box(list, 'chk_f')!.click();
    await list.updateComplete;
    expect(api.calls.filter((c) => c.method !== 'GET')).to.deep.equal([]);
  });

  it('shows the description as text: links only for http(s) addresses, line breaks kept, no HTML', async () => {
    const hostile = [
      'Line one <script>window.hacked = 1</script>',
      '<img src=x onerror="window.hacked = 2"> and <a href="javascript:alert(1)">click</a>',
      'javascript:alert(3) data:text/html,hi',
      'Guide: https://example.com/a?b=1&c=2. Or http://example.org/x)',
    ].join('\n');
    fake.find('tsk_pay_2').description = hostile;
    const { list } = await renderInPortal();
    await openTask(list, 'tsk_pay_2');
    const description = $(list, '[part~=description]')!;

    expect(description.querySelector('script, img, [onerror]') === null, 'no element from the text').to.equal(true);
    const links = [...description.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal([
      'https://example.com/a?b=1&c=2',
      'http://example.org/x',
    ]);
    for (const a of links) {
      expect(a.getAttribute('rel')).to.equal('noopener noreferrer');
      expect(a.getAttribute('target')).to.equal('_blank');
    }
    expect(description.textContent).to.contain('<script>window.hacked = 1</script>');
    expect(description.textContent).to.contain('<a href="javascript:alert(1)">click</a>');
    expect(description.textContent).to.contain('Or http://example.org/x)');
    expect((window as { hacked?: number }).hacked).to.equal(undefined);
    expect(getComputedStyle(description).whiteSpace).to.equal('pre-wrap');
    expect(description.textContent).to.contain('</script>\n<img');
  });
});

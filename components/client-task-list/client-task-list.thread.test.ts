// Issue 9 in the task list: the unread-messages badge and the task's conversation in its detail.
import { expect } from 'chai';
import { renderInPortal } from '../internal/testing/portal-fixture.ts';
import { $, FakeApi, afterEach, beforeEach, button, cleanupFixtures, describe, expectAccessible, it, waitFor } from '../internal/testing/helpers.ts';
import { FIRM, firm, sessionInfo } from '../internal/testing/fixtures.ts';
import { PortalFake } from '../internal/testing/portal-fake.ts';
import { ThreadFake, message } from '../internal/testing/thread-fake.ts';
import type { ClientTaskList } from './client-task-list.ts';

const badge = (list: ClientTaskList, id: string) => $(list, `[data-task-id="${id}"] [part~=message-badge]`)?.textContent?.trim() ?? null;
const thread = (list: ClientTaskList) => $(list, 'portico-thread');

describe('<client-task-list> conversations', () => {
  let api: FakeApi;
  let fake: PortalFake;
  let threads: ThreadFake;

  beforeEach(() => {
    localStorage.clear();
    api = new FakeApi({ [`GET /public/firms/${FIRM}`]: { body: firm }, 'GET /auth/session': { body: sessionInfo } });
    threads = new ThreadFake(api);
    threads.thread('task', 'tsk_pay_1', [message('msg_1', 'Which timesheets?'), message('msg_2', 'Both offices, please.')]);
    fake = new PortalFake(api);
    fake.find('tsk_pay_1').unreadMessages = 2;
  });

  afterEach(() => {
    api.restore();
    cleanupFixtures();
    localStorage.clear();
  });

  it('is accessible with the badge and with the conversation open', async () => {
    const { portal, list } = await renderInPortal();
    await waitFor(() => badge(list, 'tsk_pay_1'), 'the badge');
    await expectAccessible(portal);
    $<HTMLButtonElement>(list, '[data-task-id="tsk_pay_1"]')!.click();
    await waitFor(() => thread(list)?.shadowRoot?.querySelector('.messages'), 'the conversation');
    await expectAccessible(portal);
  });

  it('shows a task\'s unread messages, and the count clears once its conversation is opened', async () => {
    const { list } = await renderInPortal();
    expect(await waitFor(() => badge(list, 'tsk_pay_1'), 'the badge')).to.equal('2 new messages');
    expect(badge(list, 'tsk_pay_2'), 'none without unread messages').to.equal(null);
    $<HTMLButtonElement>(list, '[data-task-id="tsk_pay_1"]')!.click();
    const el = await waitFor(() => thread(list), 'the conversation');
    expect(el.getAttribute('thread')).to.equal('tsk_pay_1');
    await waitFor(() => el.shadowRoot?.querySelectorAll('[part~=message]').length === 2, 'its messages');
    expect(threads.reads).to.deep.equal(['tsk_pay_1']);
    button(list, 'Back to tasks')!.click();
    await waitFor(() => $(list, '[data-task-id="tsk_pay_1"]'), 'the list');
    expect(badge(list, 'tsk_pay_1')).to.equal(null);
  });

  it('opens a task another element asks for (a request that became a task)', async () => {
    const { list } = await renderInPortal();
    await waitFor(() => $(list, '[data-task-id="tsk_vat"]'), 'the list');
    document.body.dispatchEvent(new CustomEvent('portico-task-open', { detail: { taskId: 'tsk_vat' }, bubbles: true, composed: true }));
    await waitFor(() => $(list, '#detail-heading')?.textContent === 'Send purchase invoices', 'the task');
  });
});

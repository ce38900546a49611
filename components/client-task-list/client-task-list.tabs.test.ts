// The list of issue 7: Open and Done tabs with paging, tasks grouped by work and section, the work
// in progress, self-service templates, a 360 px phone, the keyboard, and Estonian.
import { expect } from 'chai';
import { sendKeys, setViewport } from '@web/test-runner-commands';
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
  type FakeReply,
  type RecordedCall,
} from '../internal/testing/helpers.ts';
import { FIRM, firm, sessionInfo } from '../internal/testing/fixtures.ts';
import { PortalFake } from '../internal/testing/portal-fake.ts';


const itemButton = (list: ClientTaskList, id: string) => $<HTMLButtonElement>(list, `[data-task-id="${id}"]`);
const ids = (list: ClientTaskList) =>
  [...(list.shadowRoot?.querySelectorAll<HTMLElement>('[data-task-id]') ?? [])].map((el) => el.dataset['taskId']);
const tab = (list: ClientTaskList, name: 'open' | 'done') => $<HTMLButtonElement>(list, `#tab-${name}`)!;
const withWorkList = (on: boolean) => ({ ...sessionInfo, firm: { ...firm, showWorkList: on } });

describe('<client-task-list> tabs, groups, work and self-service', () => {
  let api: FakeApi;
  let fake: PortalFake;

  beforeEach(() => {
    localStorage.clear();
    api = new FakeApi({
      [`GET /public/firms/${FIRM}`]: { body: firm },
      'GET /auth/session': { body: withWorkList(true) },
    });
    fake = new PortalFake(api);
  });

  afterEach(async () => {
    api.restore();
    cleanupFixtures();
    localStorage.clear();
    await setViewport({ width: 800, height: 600 });
  });

  it('is accessible with tabs, groups, work in progress and templates, and on the Done tab', async () => {
    const { portal, list } = await renderInPortal();
    await waitFor(() => $(list, '[part~=work-list]') && $(list, '[part~=self-service]') && itemButton(list, 'tsk_vat'), 'everything');
    await expectAccessible(portal);
    tab(list, 'done').click();
    await waitFor(() => itemButton(list, 'tsk_mine'), 'the done tab');
    await expectAccessible(portal);
  });

  it('has Open and Done tabs with tablist semantics; each asks for its own state', async () => {
    const { list } = await renderInPortal();
    await waitFor(() => itemButton(list, 'tsk_loose'), 'open tasks');
    const tablist = $(list, '[role=tablist]')!;
    expect(tablist.getAttribute('aria-labelledby')).to.equal('tasks-heading');
    const [open, done] = [tab(list, 'open'), tab(list, 'done')];
    expect([open.getAttribute('role'), open.getAttribute('aria-selected'), open.tabIndex]).to.deep.equal(['tab', 'true', 0]);
    expect([done.getAttribute('aria-selected'), done.tabIndex]).to.deep.equal(['false', -1]);
    const panel = $(list, '[role=tabpanel]')!;
    expect(open.getAttribute('aria-controls')).to.equal(panel.id);
    expect(panel.getAttribute('aria-labelledby')).to.equal('tab-open');
    expect(ids(list)).not.to.include('tsk_mine');

    done.click();
    await waitFor(() => itemButton(list, 'tsk_mine'), 'done tasks');
    expect(ids(list)).to.deep.equal(['tsk_mine', 'tsk_firm']);
    expect(done.getAttribute('aria-selected')).to.equal('true');
    expect(panel.getAttribute('aria-labelledby')).to.equal('tab-done');
    expect(api.callsTo('GET /portal/tasks').map((c) => c.query.get('state'))).to.deep.equal(['open', 'done']);
    expect(api.callsTo('GET /portal/tasks').every((c) => c.query.get('clientId') === 'cli_north')).to.equal(true);
  });

  it('moves between tabs with the arrow keys, Home and End', async () => {
    const { list } = await renderInPortal();
    await waitFor(() => itemButton(list, 'tsk_loose'), 'open tasks');
    tab(list, 'open').focus();
    await sendKeys({ press: 'ArrowRight' });
    await waitFor(() => itemButton(list, 'tsk_mine'), 'done tasks');
    expect(deepActiveElement() === tab(list, 'done'), 'focus on Done').to.equal(true);
    await sendKeys({ press: 'ArrowRight' });
    await waitFor(() => itemButton(list, 'tsk_loose'), 'open again (wraps)');
    expect(deepActiveElement() === tab(list, 'open')).to.equal(true);
    await sendKeys({ press: 'End' });
    await waitFor(() => tab(list, 'done').getAttribute('aria-selected') === 'true', 'End');
    await sendKeys({ press: 'Home' });
    await waitFor(() => tab(list, 'open').getAttribute('aria-selected') === 'true', 'Home');
    await sendKeys({ press: 'ArrowLeft' });
    await waitFor(() => tab(list, 'done').getAttribute('aria-selected') === 'true', 'ArrowLeft wraps');
    // Tab leaves the tab list for the panel's first task.
    await sendKeys({ press: 'Tab' });
    await waitFor(() => itemButton(list, 'tsk_mine'), 'done tasks');
    expect((deepActiveElement() as HTMLElement | null)?.dataset['taskId']).to.equal('tsk_mine');
  });

  it('pages with "Show more" through nextCursor, focusing the first new task, until the last page', async () => {
    fake.pageSize = 2;
    const { list } = await renderInPortal();
    await waitFor(() => itemButton(list, 'tsk_pay_1'), 'first page');
    expect(ids(list)).to.deep.equal(['tsk_loose', 'tsk_pay_1']);
    expect($(list, '[role=status]')?.textContent?.trim()).to.equal('2 tasks');

    button(list, 'Show more')!.click();
    await waitFor(() => itemButton(list, 'tsk_pay_3'), 'second page');
    expect(ids(list)).to.deep.equal(['tsk_loose', 'tsk_pay_1', 'tsk_pay_2', 'tsk_pay_3']);
    expect((deepActiveElement() as HTMLElement | null)?.dataset['taskId']).to.equal('tsk_pay_2');
    button(list, 'Show more')!.click();
    await waitFor(() => itemButton(list, 'tsk_vat'), 'last page');
    expect(button(list, 'Show more') === null, 'no more pages').to.equal(true);
    expect(api.callsTo('GET /portal/tasks').map((c) => c.query.get('cursor'))).to.deep.equal([null, '2', '4']);
    expect($(list, '[role=status]')?.textContent?.trim()).to.equal('5 tasks');
  });

  it('offers a retry when a next page fails, keeping the tasks it has', async () => {
    fake.pageSize = 2;
    const { list } = await renderInPortal();
    await waitFor(() => itemButton(list, 'tsk_pay_1'), 'first page');
    const pages = api.routes.get('GET /portal/tasks')!;
    api.on('GET /portal/tasks', { status: 500, body: errorBody('internal') });
    button(list, 'Show more')!.click();
    await waitFor(() => $(list, '[role=alert]'), 'the error');
    expect(ids(list)).to.deep.equal(['tsk_loose', 'tsk_pay_1']);
    api.on('GET /portal/tasks', pages);
    button(list, 'Try again')!.click();
    await waitFor(() => itemButton(list, 'tsk_pay_3'), 'second page');
    expect($(list, '[role=alert]') === null).to.equal(true);
  });

  it('drops a "Show more" answer that arrives after the tab changed, and pages the new tab', async () => {
    fake.pageSize = 1;
    const held = deferred();
    const pages = api.routes.get('GET /portal/tasks') as (call: RecordedCall) => FakeReply;
    api.on('GET /portal/tasks', async (call) => {
      if (call.query.get('state') === 'open' && call.query.get('cursor')) await held.promise;
      return pages(call);
    });
    const { list } = await renderInPortal();
    await waitFor(() => itemButton(list, 'tsk_loose'), 'first open page');
    button(list, 'Show more')!.click();
    await waitFor(() => button(list, 'Loading…'), 'the open tab’s next page on its way');
    tab(list, 'done').click();
    await waitFor(() => itemButton(list, 'tsk_mine'), 'first done page');
    button(list, 'Show more')!.click();
    await waitFor(() => itemButton(list, 'tsk_firm'), 'second done page');
    held.resolve();
    await new Promise((r) => setTimeout(r, 50));
    expect(ids(list)).to.deep.equal(['tsk_mine', 'tsk_firm']);
  });

  it('groups a work’s tasks under its title and section headings, loose tasks first', async () => {
    const { list } = await renderInPortal();
    await waitFor(() => itemButton(list, 'tsk_vat'), 'tasks');
    const groups = [...list.shadowRoot!.querySelectorAll('.group')].map((g) =>
      [...g.children].map((el) =>
        el.tagName === 'UL'
          ? [...el.querySelectorAll<HTMLElement>('[data-task-id]')].map((b) => b.dataset['taskId']).join(',')
          : `${el.tagName}:${el.textContent?.trim()}`,
      ),
    );
    expect(groups).to.deep.equal([
      ['tsk_loose'],
      ['H3:Payroll March', 'H4:Documents', 'tsk_pay_1,tsk_pay_2', 'H4:Signatures', 'tsk_pay_3'],
      ['H3:VAT return', 'tsk_vat'],
    ]);
  });

  it('keeps the unread marker and overdue label as text', async () => {
    const { list } = await renderInPortal();
    const loose = await waitFor(() => itemButton(list, 'tsk_loose'), 'tasks');
    expect(loose.querySelector('[part~=badge]')?.textContent).to.equal('New');
    expect(loose.querySelector('[part~=due]')?.textContent).to.contain('Overdue');
  });

  it('shows the work in progress with its client-facing status when the firm has it on', async () => {
    const { list } = await renderInPortal();
    const section = await waitFor(() => $(list, '[part~=work-list]'), 'the work list');
    expect(api.callsTo('GET /portal/work')[0]!.query.get('clientId')).to.equal('cli_north');
    const works = [...section.querySelectorAll('[part~=work]')].map((w) => w.textContent!.replace(/\s+/g, ' ').trim());
    expect(works).to.deep.equal([
      'Payroll March Waiting for documents Started Mar 1, 2025',
      'VAT return Started Mar 5, 2025',
    ]);
    expect(section.querySelector('h2')?.textContent).to.equal('Work in progress');
  });

  it('neither asks for nor shows the work list when the firm has it off', async () => {
    api.on('GET /auth/session', { body: withWorkList(false) });
    const { list } = await renderInPortal();
    await waitFor(() => itemButton(list, 'tsk_vat') && $(list, '[part~=self-service]'), 'tasks and templates');
    expect($(list, '[part~=work-list]') === null).to.equal(true);
    expect(api.callsTo('GET /portal/work')).to.have.length(0);
  });

  it('starts a self-service template for the company and shows its new task with focus on it', async () => {
    fake.pageSize = 50;
    const { list } = await renderInPortal();
    const start = await waitFor(() => button(list, 'I have a new employee'), 'the start button');
    expect(start.getAttribute('aria-describedby')).to.equal('tpl-tpl_hire');
    expect(textOf(list)).to.contain('We register them and set up payroll.');
    tab(list, 'done').click();
    await waitFor(() => itemButton(list, 'tsk_mine'), 'the done tab');
    button(list, 'I have a new employee')!.click();

    const created = await waitFor(() => itemButton(list, 'tsk_new'), 'the new task');
    expect(api.callsTo('POST /portal/templates/tpl_hire/start')[0]!.body).to.deep.equal({ clientId: 'cli_north' });
    expect(tab(list, 'open').getAttribute('aria-selected'), 'back on the Open tab').to.equal('true');
    await waitFor(() => deepActiveElement() === created, 'focus on the new task');
    expect($(list, '[role=status]')?.textContent).to.contain('Started. The new tasks are in the Open tab.');
    expect(api.callsTo('GET /portal/work').length, 'the work list is fetched again').to.equal(2);
  });

  it('says so when starting a template fails', async () => {
    api.on('POST /portal/templates/tpl_hire/start', { status: 500, body: errorBody('internal') });
    const { portal, list } = await renderInPortal();
    (await waitFor(() => button(list, 'I have a new employee'), 'the start button')).click();
    const alert = await waitFor(() => $(list, '[role=alert]'), 'the error');
    expect(alert.textContent).to.contain('It could not be started.');
    await expectAccessible(portal);
  });

  it('offers a retry when the work list fails', async () => {
    api.on('GET /portal/work', { status: 500, body: errorBody('internal') });
    const { list } = await renderInPortal();
    const alert = await waitFor(() => $(list, '[role=alert]'), 'the error');
    expect(alert.textContent).to.contain('Work in progress could not be loaded.');
    api.on('GET /portal/work', { body: { items: fake.works, nextCursor: null } });
    button(list, 'Try again')!.click();
    await waitFor(() => $(list, '[part~=work-list]'), 'the work list');
  });

  it('says when the Done tab is empty', async () => {
    fake.tasks = fake.tasks.filter((t) => t.state === 'open');
    const { list } = await renderInPortal();
    await waitFor(() => itemButton(list, 'tsk_loose'), 'tasks');
    tab(list, 'done').click();
    await waitFor(() => textOf(list).includes('No done tasks yet.'), 'the empty state');
  });

  it('fits a 360 px phone without horizontal scrolling, in the list and the detail', async () => {
    await setViewport({ width: 360, height: 740 });
    fake.find('tsk_pay_1').description = `A long address https://example.com/${'x'.repeat(120)} and ${'word'.repeat(40)}`;
    fake.find('tsk_pay_1').workTitle = `Payroll ${'March'.repeat(20)}`;
    const { portal, list } = await renderInPortal();
    await waitFor(() => $(list, '[part~=work-list]') && itemButton(list, 'tsk_vat'), 'everything');
    const fits = () => document.documentElement.scrollWidth <= 360 && list.scrollWidth <= list.clientWidth;
    expect(fits(), 'list fits').to.equal(true);
    itemButton(list, 'tsk_pay_1')!.click();
    await waitFor(() => $(list, '[part~=checklist]'), 'the detail');
    expect(fits(), 'detail fits').to.equal(true);
    await expectAccessible(portal);
  });

  it('speaks Estonian', async () => {
    const { list } = await renderInPortal('et');
    await waitFor(() => textOf(list).includes('Pooleliolevad tööd') && itemButton(list, 'tsk_vat'), 'Estonian');
    expect(tab(list, 'open').textContent?.trim()).to.equal('Avatud');
    expect(tab(list, 'done').textContent?.trim()).to.equal('Tehtud');
    expect(textOf(list)).to.contain('Alusta midagi uut');
    expect(textOf(list)).to.contain('Alustatud 1. märts 2025');
    itemButton(list, 'tsk_pay_2')!.click();
    (await waitFor(() => button(list, 'Märgi tehtuks'), 'Mark as done')).click();
    await waitFor(() => button(list, 'Võta tagasi'), 'Undo');

  });
});

// A task email's link: the portal page with `#task=<id>` opens that task (signed in, after signing in,
// in another company of the contact, alone), takes the fragment out of the address, and says so
// when the contact may not see the task.
import { html } from 'lit';
import { expect } from 'chai';
import './define.ts';
import '../client-task-list/define.ts';
import type { ClientPortal } from './client-portal.ts';
import type { ClientTaskList } from '../client-task-list/client-task-list.ts';
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
  describe,
  errorBody,
  expectAccessible,
  fixture,
  it,
  setLoginFragment,
  textOf,
  waitFor,
} from '../internal/testing/helpers.ts';
import { API, FIRM, firm, inspection, sessionCreated, sessionInfo } from '../internal/testing/fixtures.ts';
import { PortalFake } from '../internal/testing/portal-fake.ts';

const setFragment = (fragment: string) => history.replaceState(null, '', `${location.pathname}${location.search}${fragment}`);
const detailHeading = (list: ClientTaskList) => $<HTMLElement>(list, '#detail-heading');
const opened = async (list: ClientTaskList, title: string) =>
  waitFor(() => detailHeading(list)?.textContent?.trim() === title && deepActiveElement() === detailHeading(list) && detailHeading(list), `“${title}” open with focus on its heading`);

describe('a task link (#task=<id>)', () => {
  let api: FakeApi;
  let fake: PortalFake;

  beforeEach(() => {
    localStorage.clear();
    setFragment('');
    api = new FakeApi({
      [`GET /public/firms/${FIRM}`]: { body: firm },
      'GET /auth/session': { body: sessionInfo },
      'POST /auth/link/inspect': { body: inspection },
      'POST /auth/session': { body: sessionCreated },
    });
    fake = new PortalFake(api);
  });

  afterEach(() => {
    api.restore();
    cleanupFixtures();
    setFragment('');
    localStorage.clear();
  });

  it('opens the task, a done one too, with focus on its heading, and takes the fragment out of the address', async () => {
    setFragment('#/portal?tab=x&task=tsk_mine');
    const before = history.length;
    const { portal, list } = await renderInPortal();
    await opened(list, 'Send bank statement');
    await expectAccessible(portal);
    expect(api.callsTo('GET /portal/tasks/tsk_mine')).to.have.length(1);
    await waitFor(() => textOf(list).includes('Done by you.'), 'the task’s description');
    expect(location.hash).to.equal('#/portal?tab=x');
    expect(history.length).to.equal(before);
    // Back goes to the list, and the task link does not open it again.
    button(list, 'Back to tasks')!.click();
    await waitFor(() => $(list, '[data-task-id="tsk_loose"]'), 'the list');
    expect(api.callsTo('GET /portal/tasks/tsk_mine')).to.have.length(1);
  });

  it('keeps the wanted task across a sign-in in another tab, and opens it once signed in', async () => {
    // The link opens the portal signed out: the sign-in form, the fragment taken out at once.
    setFragment('#task=tsk_mine');
    const first = await fixture<ClientPortal>(
      html`<client-portal api=${API} firm=${FIRM} lang="en"><client-task-list></client-task-list></client-portal>`,
    );
    await waitFor(() => $(first, 'input[type=email]'), 'the sign-in form');
    expect(location.hash).to.equal('');
    expect(api.callsTo('GET /portal/tasks/tsk_mine')).to.have.length(0);
    cleanupFixtures();
    // The sign-in link from the mailbox opens in another tab.
    setLoginFragment('tok_123');
    const portal = await fixture<ClientPortal>(
      html`<client-portal api=${API} firm=${FIRM} lang="en"><client-task-list></client-task-list></client-portal>`,
    );
    const list = portal.querySelector('client-task-list')!;
    (await waitFor(() => button(portal, 'Continue as client@demo.test'), 'Continue')).click();
    await opened(list, 'Send bank statement');
    expect(api.callsTo('POST /auth/session')).to.have.length(1);
    // Used once: a later visit does not open it again.
    expect(localStorage.getItem(`${sessionStore.key('session', API, FIRM)}:task`)).to.equal(null);
  });

  it('opens the task under its own company, switching the portal to it', async () => {
    const harbor = { ...fake.find('tsk_loose'), id: 'tsk_harbor', clientId: 'cli_harbor', title: 'Upload studio rent invoice', description: 'The rent for March.' };
    fake.add(harbor);
    const changes: string[] = [];
    document.addEventListener('portico-client-change', (e) => changes.push(e.detail.clientId));
    setFragment('#task=tsk_harbor');
    const { portal, list } = await renderInPortal();
    await opened(list, 'Upload studio rent invoice');
    await waitFor(() => $<HTMLSelectElement>(portal, '#company')?.value === 'cli_harbor', 'the company switched');
    expect(changes).to.deep.equal(['cli_harbor']);
    expect(sessionStore.loadClientId(API, FIRM)).to.equal('cli_harbor');
    await waitFor(() => textOf(list).includes('The rent for March.'), 'the task’s description');
  });

  it('says so when the contact may not see the task (404), instead of a blank', async () => {
    api.on('GET /portal/tasks/tsk_gone', { status: 404, body: errorBody('not_found') });
    setFragment('#task=tsk_gone');
    const { portal, list } = await renderInPortal();
    await opened(list, 'This task is not available');
    expect($(list, '[role=alert]')?.textContent).to.contain('may have been completed or withdrawn');
    expect(button(list, 'Try again')).to.equal(null);
    await expectAccessible(portal);
    button(list, 'Back to tasks')!.click();
    await waitFor(() => $(list, '[data-task-id="tsk_loose"]'), 'the list');
  });

  it('says it in Estonian too', async () => {
    api.on('GET /portal/tasks/tsk_gone', { status: 404, body: errorBody('not_found') });
    setFragment('#task=tsk_gone');
    const { list } = await renderInPortal('et');
    await opened(list, 'See ülesanne pole saadaval');
  });

  it('ignores a fragment that names no task id', async () => {
    setFragment('#task=%3Cscript%3E');
    const { list } = await renderInPortal();
    await waitFor(() => $(list, '[data-task-id="tsk_loose"]'), 'the list');
    expect(detailHeading(list)).to.equal(null);
    expect(api.calls.filter((c) => c.path.startsWith('/portal/tasks/'))).to.have.length(0);
  });

  it('opens a task from a link opened in the same tab (hashchange)', async () => {
    const { list } = await renderInPortal();
    await waitFor(() => $(list, '[data-task-id="tsk_loose"]'), 'the list');
    setFragment('#task=tsk_vat');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await opened(list, 'Send purchase invoices');
    expect(location.hash).to.equal('');
  });

  it('works for <client-task-list> used alone', async () => {
    sessionStore.saveToken(API, FIRM, 'ses_alone');
    setFragment('#task=tsk_firm');
    const list = await fixture<ClientTaskList>(html`<client-task-list api=${API} firm=${FIRM} lang="en"></client-task-list>`);
    await opened(list, 'Annual report filed');
    expect(api.callsTo('GET /portal/tasks/tsk_firm')[0]?.headers.get('authorization')).to.equal('Bearer ses_alone');
    expect(location.hash).to.equal('');
    await expectAccessible(list);
  });
});

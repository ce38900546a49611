import { setViewport } from '@web/test-runner-commands';
import './define.ts';
import type { PorticoConsole } from './portico-console.ts';
import { $, afterEach, beforeEach, button, cleanupFixtures, describe, expectAccessible, it, setLoginFragment, waitFor, type FakeApi } from '../internal/testing/helpers.ts';
import { firmApi, firmTask, firmTemplate, firmWork, openSection, signedInConsole } from '../internal/testing/firm-fakes.ts';

/** Whether anything in the console is wider than its box (which would scroll sideways on a phone). */
const overflowing = (el: PorticoConsole): string[] => {
  const base = $(el, '[part="base"]')!;
  const right = base.getBoundingClientRect().right + 0.5;
  return [...base.querySelectorAll<HTMLElement>('*')]
    .filter((node) => node.getBoundingClientRect().right > right)
    .map((node) => `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}.${node.className}`);
};

const expectFits = (el: PorticoConsole, screen: string) => {
  const wide = overflowing(el);
  if (wide.length) throw new Error(`${screen} is wider than 390 px: ${wide.slice(0, 5).join(', ')}`);
};

describe('<portico-console> at 390 px wide', () => {
  let api: FakeApi;

  beforeEach(async () => {
    sessionStorage.clear();
    setLoginFragment(null);
    await setViewport({ width: 390, height: 800 });
  });

  afterEach(async () => {
    cleanupFixtures();
    api?.restore();
    sessionStorage.clear();
    await setViewport({ width: 1280, height: 800 });
  });

  it('fits every screen without sideways scrolling', async () => {
    const task = firmTask({
      checklistItems: [{ id: 'chk_a', text: 'Sales invoices for the whole quarter', done: false , requestsFile: false, latestFile: null }],
      recurrence: { freq: 'monthly', day: -1 },
    });
    api = firmApi({
      'GET /firm/tasks/tsk_1': { body: task },
      'GET /firm/tasks/tsk_1/history': { body: { items: [], nextCursor: null } },
      'GET /firm/work/wrk_1': { body: { ...firmWork(), tasks: [firmTask({ section: 'Documents' })] } },
      'GET /firm/templates/tpl_1': { body: firmTemplate() },
    });
    const el = await signedInConsole();
    await expectAccessible(el);

    await openSection(el, 'Task board');
    await waitFor(() => button(el, 'Send March receipts'), 'the board');
    expectFits(el, 'the board');
    button(el, 'Send March receipts')!.click();
    (await waitFor(() => button(el, 'Edit'), 'the detail')).click();
    await waitFor(() => $(el, '#edit-title'), 'the editor');
    expectFits(el, 'the task editor');

    await openSection(el, 'Work');
    (await waitFor(() => button(el, 'Annual report 2026'), 'the work list')).click();
    await waitFor(() => button(el, 'Send to client'), 'the work');
    expectFits(el, 'the work detail');

    await openSection(el, 'Templates');
    (await waitFor(() => button(el, 'Annual report'), 'the templates')).click();
    await waitFor(() => ($(el, '#template-title') as HTMLInputElement | null)?.value === 'Annual report', 'the template');
    expectFits(el, 'the template editor');
    button(el, 'Create from template')!.click();
    await waitFor(() => button(el, 'Select all shown'), 'the apply screen');
    expectFits(el, 'create from template');
  });

  it('fits the inbox, a request and its conversation', async () => {
    const long = 'A long line without spaces: https://example.com/' + 'x'.repeat(120);
    api = firmApi({
      'GET /firm/inbox': {
        body: {
          items: [{ kind: 'request', id: 'req_1', thread: { kind: 'request', id: 'req_1', title: 'Last year’s annual report, please' }, client: { id: 'cli_north', name: 'Northwind Bakery OÜ' }, contact: { id: 'con_1', name: 'Kati Klient' }, excerpt: long, at: 1_700_000_000_000, unread: true }],
          nextCursor: null,
        },
      },
      'GET /firm/requests/req_1': {
        body: { id: 'req_1', clientId: 'cli_north', clientName: 'Northwind Bakery OÜ', contact: { id: 'con_1', name: 'Kati Klient', email: 'kati.klient@northwind-bakery.example' }, subject: 'Last year’s annual report, please', body: long, state: 'open', assignedMemberId: null, taskId: null, closedAt: null, createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000, version: 0, unreadMessages: 0 },
      },
      'GET /firm/files': { body: { items: [], nextCursor: null } },
      'GET /firm/requests/req_1/messages': {
        body: {
          items: [
            { id: 'msg_2', body: long, visibility: 'internal', author: { type: 'member', id: 'mem_owner', name: 'Olivia Owner' }, replyToId: 'msg_1', via: 'portal', createdAt: 1_700_000_200_000, mine: true, attachments: [] },
            { id: 'msg_1', body: long, visibility: 'portal', author: { type: 'contact', id: 'con_1', name: 'Kati Klient' }, replyToId: null, via: 'email', createdAt: 1_700_000_100_000, mine: false, attachments: [] },
          ],
          nextCursor: null,
        },
      },
    });
    const el = await signedInConsole();
    await openSection(el, 'Inbox');
    (await waitFor(() => button(el, 'Last year’s annual report, please'), 'the inbox')).click();
    await waitFor(() => $(el, '[data-message="msg_2"]'), 'the request and its thread');
    await expectAccessible(el);
    expectFits(el, 'the request');
    button(el, 'Back')!.click();
    await waitFor(() => $(el, '.inbox'), 'the inbox again');
    expectFits(el, 'the inbox');
  });
});

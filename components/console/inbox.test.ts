import './define.ts';
import type { PorticoConsole } from './portico-console.ts';
import { $, afterEach, beforeEach, button, cleanupFixtures, deepActiveElement, deferred, describe, errorBody, expectAccessible, it, setLoginFragment, textOf, waitFor, type FakeApi, type RecordedCall } from '../internal/testing/helpers.ts';
import { assert, assertEqual, firmApi, firmTask, openSection, setChecked, setValue, signedInConsole } from '../internal/testing/firm-fakes.ts';
import type { FirmFile, FirmMessage, FirmRequest, InboxItem } from '../internal/api-types.ts';
import { consoleStrings } from './console-strings.ts';

const inboxItem = (over: Partial<InboxItem> = {}): InboxItem => ({
  kind: 'request',
  id: 'req_1',
  thread: { kind: 'request', id: 'req_1', title: 'Last year’s report' },
  client: { id: 'cli_north', name: 'Northwind Bakery OÜ' },
  contact: { id: 'con_kati', name: 'Kati Klient' },
  excerpt: 'Last year’s report\nCould you send me the 2025 annual report?',
  at: 1_700_000_100_000,
  unread: true,
  ...over,
});

const taskMessageItem = inboxItem({
  kind: 'message',
  id: 'msg_task',
  thread: { kind: 'task', id: 'tsk_1', title: 'Send March receipts' },
  excerpt: 'The receipts are attached',
  at: 1_700_000_200_000,
  unread: false,
});

const firmRequest = (over: Partial<FirmRequest> = {}): FirmRequest => ({
  id: 'req_1',
  clientId: 'cli_north',
  clientName: 'Northwind Bakery OÜ',
  contact: { id: 'con_kati', name: 'Kati Klient', email: 'kati@northwind.example' },
  subject: 'Last year’s report',
  body: 'Could you send me the 2025 annual report?',
  state: 'open',
  assignedMemberId: null,
  taskId: null,
  closedAt: null,
  createdAt: 1_700_000_100_000,
  updatedAt: 1_700_000_100_000,
  version: 2,
  unreadMessages: 1,
  ...over,
});

const firmMessage = (over: Partial<FirmMessage> = {}): FirmMessage => ({
  id: 'msg_1',
  body: 'Hello',
  visibility: 'portal',
  author: { type: 'contact', id: 'con_kati', name: 'Kati Klient' },
  replyToId: null,
  via: 'portal',
  createdAt: 1_700_000_300_000,
  mine: false,
  attachments: [],
  ...over,
});

const requestFile: FirmFile = {
  id: 'fil_r',
  name: 'report-2024.pdf',
  internal: false,
  size: 120_000,
  type: 'application/pdf',
  createdAt: 1_700_000_100_000,
  clientId: 'cli_north',
  workId: null,
  taskId: null,
  checklistItemId: null,
  requestId: 'req_1',
  sha256: 'cd'.repeat(32),
  uploadedBy: { type: 'contact', id: 'con_kati', name: 'Kati Klient' },
  review: null,
  deletedAt: null,
  downloadUrl: 'https://portico.example/api/v1/files/fil_r/download?expires=1&signature=cd',
};

const page = <T>(items: T[], nextCursor: string | null = null) => ({ body: { items, nextCursor } });

/** A request's thread held in memory: the GET answers it newest first, as the server does; POSTs add to it. */
function threadRoutes(path: string, start: FirmMessage[]) {
  const messages = [...start];
  let n = 0;
  return {
    messages,
    routes: {
      [`GET ${path}`]: () => page([...messages].sort((a, b) => b.createdAt - a.createdAt)),
      [`POST ${path}`]: (call: RecordedCall) => {
        const body = call.body as { body: string; visibility: 'portal' | 'internal'; replyToId?: string };
        const sent = firmMessage({
          id: `msg_new${++n}`,
          body: body.body,
          visibility: body.visibility,
          replyToId: body.replyToId ?? null,
          author: { type: 'member', id: 'mem_owner', name: 'Olivia Owner' },
          createdAt: 1_700_000_900_000 + n,
          mine: true,
        });
        messages.push(sent);
        return { status: 201, body: sent };
      },
    },
  };
}

async function openRequest(el: PorticoConsole): Promise<void> {
  await openSection(el, 'Inbox');
  (await waitFor(() => button(el, 'Last year’s report'), 'the request in the inbox')).click();
  await waitFor(() => $(el, 'dl.facts') && $(el, '#thread-body'), 'the request view');
}

const rowOf = (el: PorticoConsole, id: string) => $(el, `[data-inbox-item="${id}"]`);

describe('<portico-console> the inbox', () => {
  let api: FakeApi;
  beforeEach(() => {
    sessionStorage.clear();
    setLoginFragment(null);
  });
  afterEach(() => {
    cleanupFixtures();
    api?.restore();
    sessionStorage.clear();
  });

  it('lists new requests and client messages newest first, unread ones bold with a count, and reads further with Show more', async () => {
    const older = inboxItem({ id: 'req_0', thread: { kind: 'request', id: 'req_0', title: 'Older question' }, at: 1_699_000_000_000, unread: false });
    api = firmApi({
      'GET /firm/inbox': (call) => (call.query.get('cursor') === 'c2' ? page([older]) : page([taskMessageItem, inboxItem()], 'c2')),
    });
    const el = await signedInConsole();
    await openSection(el, 'Inbox');
    await waitFor(() => rowOf(el, 'req_1'), 'the inbox rows');
    await expectAccessible(el);
    const titles = [...el.shadowRoot!.querySelectorAll('.inbox .item-title')].map((b) => b.textContent!.trim());
    assertEqual(titles, ['Send March receipts', 'Last year’s report (unread)'], 'newest first; the unread one says so to screen readers');
    assert(rowOf(el, 'req_1')!.classList.contains('unread'), 'the unread row is marked');
    assertEqual(getComputedStyle(rowOf(el, 'req_1')!.querySelector('.item-title')!).fontWeight, '700', 'unread is bold');
    assertEqual(getComputedStyle(rowOf(el, 'msg_task')!.querySelector('.item-title')!).fontWeight, '400', 'read is not bold');
    assert(rowOf(el, 'req_1')!.textContent!.includes('New'), 'a New badge');
    assertEqual($(el, '.unread-count')?.textContent?.trim(), '1 unread', 'the count');
    const meta = rowOf(el, 'msg_task')!.textContent!.replace(/\s+/g, ' ');
    assert(meta.includes('Message on a task · Northwind Bakery OÜ · from Kati Klient') && meta.includes('The receipts are attached'), `kind, client, contact, excerpt: ${meta}`);

    button(el, 'Show more')!.click();
    await waitFor(() => rowOf(el, 'req_0'), 'the next page');
    assertEqual(api.callsTo('GET /firm/inbox').at(-1)!.query.get('cursor'), 'c2', 'the cursor sent');
    assert(rowOf(el, 'req_1'), 'the first page stays');
    assert(!button(el, 'Show more'), 'no Show more on the last page');
    await waitFor(() => textOf(el).includes('3 items shown.'), 'announced');
  });

  it('filters by requests (state, assigned to me) or task messages, and searches', async () => {
    api = firmApi({
      'GET /firm/inbox': (call) => page(call.query.get('thread') === 'task' ? [taskMessageItem] : [taskMessageItem, inboxItem()]),
      'GET /firm/requests': (call) => page(call.query.get('state') === 'closed' ? [] : [firmRequest({ unreadMessages: 2 })]),
    });
    const el = await signedInConsole();
    await openSection(el, 'Inbox');
    await waitFor(() => rowOf(el, 'req_1'), 'the inbox');
    await expectAccessible(el);

    setValue($<HTMLSelectElement>(el, '#inbox-show'), 'task');
    await waitFor(() => !rowOf(el, 'req_1') && rowOf(el, 'msg_task'), 'only task messages');
    assertEqual(api.callsTo('GET /firm/inbox').at(-1)!.query.get('thread'), 'task', 'asked the server for task threads');

    setValue($<HTMLSelectElement>(el, '#inbox-show'), 'requests');
    const row = await waitFor(() => $(el, '[data-request="req_1"]'), 'the requests');
    await expectAccessible(el);
    assert(row.classList.contains('unread') && row.textContent!.includes('2 new messages'), 'unread messages counted on the request');
    assert(row.textContent!.includes('Open'), 'its state');
    setValue($<HTMLSelectElement>(el, '#inbox-state'), 'closed');
    await waitFor(() => !$(el, '[data-request="req_1"]') && textOf(el).includes('Nothing here.'), 'no closed request');
    assertEqual(api.callsTo('GET /firm/requests').at(-1)!.query.get('state'), 'closed', 'the state filter sent');
    setChecked($<HTMLInputElement>(el, '.filters input[type="checkbox"]'), true);
    await waitFor(() => api.callsTo('GET /firm/requests').at(-1)!.query.get('assignedMemberId') === 'mem_owner', 'assigned to me sent as my member id');

    setValue($<HTMLInputElement>(el, '#inbox-q'), '  annual  ');
    $<HTMLFormElement>(el, 'form.filters')!.requestSubmit();
    await waitFor(() => api.callsTo('GET /firm/requests').at(-1)!.query.get('q') === 'annual', 'the search, trimmed, with the other filters');
    const last = api.callsTo('GET /firm/requests').at(-1)!.query;
    assertEqual([last.get('state'), last.get('assignedMemberId')], ['closed', 'mem_owner'], 'filters kept with the search');

    setValue($<HTMLSelectElement>(el, '#inbox-show'), 'all');
    await waitFor(() => api.callsTo('GET /firm/inbox').at(-1)!.query.get('q') === 'annual' && rowOf(el, 'req_1'), 'the inbox searched too');
    assertEqual(api.callsTo('GET /firm/inbox').at(-1)!.query.get('thread'), null, 'everything: no thread filter');

    // Back from a request, the inbox is read again with its filters kept.
    const before = api.callsTo('GET /firm/inbox').length;
    button(el, 'Last year’s report')!.click();
    (await waitFor(() => button(el, 'Back'), 'the request')).click();
    await waitFor(() => api.callsTo('GET /firm/inbox').length === before + 1 && rowOf(el, 'req_1'), 'the inbox again');
    assertEqual(api.callsTo('GET /firm/inbox').at(-1)!.query.get('q'), 'annual', 'the search kept');
    assertEqual($<HTMLInputElement>(el, '#inbox-q')!.value, '  annual  ', 'and shown');
  });

  it('opens a request with its client, contact, files and conversation; internal notes look different; back, it is no longer bold', async () => {
    let read = false;
    const { routes } = threadRoutes('/firm/requests/req_1/messages', [
      firmMessage({ id: 'msg_c', body: 'See <b>bold</b> <script>alert(1)</script>\nat https://example.com/report.', createdAt: 1_700_000_300_000 }),
      firmMessage({ id: 'msg_n', visibility: 'internal', body: 'Check the 2024 file first', author: { type: 'member', id: 'mem_mari', name: 'Mari Tamm' }, createdAt: 1_700_000_400_000 }),
      firmMessage({ id: 'msg_e', body: 'Thanks!', via: 'email', replyToId: 'msg_c', createdAt: 1_700_000_500_000, attachments: [{ id: 'fil_r', name: 'report-2024.pdf', size: 120_000, type: 'application/pdf', downloadUrl: requestFile.downloadUrl! }] }),
    ]);
    api = firmApi({
      'GET /firm/inbox': () => page([inboxItem({ unread: !read })]),
      'GET /firm/requests/req_1': { body: firmRequest() },
      'GET /firm/files': (call) => (call.query.get('requestId') === 'req_1' ? page([requestFile]) : page([])),
      ...routes,
      'GET /firm/requests/req_1/messages': (call) => {
        read = true;
        return (routes['GET /firm/requests/req_1/messages'] as (c: RecordedCall) => unknown)(call) as { body: unknown };
      },
    });
    const el = await signedInConsole();
    await openRequest(el);
    await waitFor(() => $(el, '[data-message="msg_e"]'), 'the thread');
    await expectAccessible(el);
    assertEqual($(el, 'h2[data-heading]')?.textContent?.trim(), 'Last year’s report', 'the subject');
    const facts = $(el, 'dl.facts')!.textContent!.replace(/\s+/g, ' ');
    assert(facts.includes('Northwind Bakery OÜ') && facts.includes('Kati Klient') && facts.includes('kati@northwind.example'), `client and contact: ${facts}`);
    assert(textOf(el).includes('Could you send me the 2025 annual report?'), 'the body');
    const file = $<HTMLAnchorElement>(el, '.request-files a')!;
    assertEqual([file.textContent, file.href, file.getAttribute('download')], ['report-2024.pdf', requestFile.downloadUrl, 'report-2024.pdf'], 'the file to download');

    const order = [...el.shadowRoot!.querySelectorAll('.messages > li')].map((li) => li.getAttribute('data-message'));
    assertEqual(order, ['msg_c', 'msg_n', 'msg_e'], 'oldest first');
    const note = $(el, '[data-message="msg_n"]')!;
    const portal = $(el, '[data-message="msg_c"]')!;
    assert(note.classList.contains('internal') && note.getAttribute('part') === 'internal-note', 'the note is marked internal');
    assert(note.textContent!.includes('Internal note — not visible to the client'), 'its label');
    assertEqual(note.querySelector('svg[role="img"]')?.getAttribute('aria-label'), 'Lock', 'an icon with words for screen readers');
    assert(!portal.classList.contains('internal') && !portal.textContent!.includes('Internal note'), 'a portal message has no such label');
    assert(getComputedStyle(note).backgroundColor !== getComputedStyle(portal).backgroundColor, 'a different background');

    const body = portal.querySelector('.message-body')!;
    assertEqual(body.querySelectorAll('b, script').length, 0, 'HTML is not made into elements');
    assert(body.textContent!.includes('<b>bold</b> <script>alert(1)</script>'), 'it is shown as text');
    assertEqual(body.querySelector('a')?.getAttribute('href'), 'https://example.com/report', 'the link is clickable (without the full stop)');
    assertEqual(getComputedStyle(body).whiteSpace, 'pre-wrap', 'line breaks kept');
    const reply = $(el, '[data-message="msg_e"]')!;
    assert(reply.textContent!.includes('by email'), 'a reply by email says so');
    assert(reply.querySelector('.replied')!.textContent!.includes('In reply to Kati Klient'), 'what it answers');
    const attached = reply.querySelector<HTMLAnchorElement>('.attachments a');
    assertEqual([attached?.textContent, attached?.href], ['report-2024.pdf', requestFile.downloadUrl], 'its attachment links to its download');

    button(el, 'Back')!.click();
    await waitFor(() => rowOf(el, 'req_1') && !rowOf(el, 'req_1')!.classList.contains('unread'), 'read once opened');
    assertEqual($(el, '.unread-count')?.textContent?.trim(), 'All read.', 'the count follows');
  });

  it('replies to the client and adds an internal note with two explicit buttons, keeping the text while pending and on failure', async () => {
    const thread = threadRoutes('/firm/requests/req_1/messages', [firmMessage({ id: 'msg_c', body: 'Is it ready?' })]);
    const hold = deferred();
    let fail = false;
    api = firmApi({
      'GET /firm/inbox': page([inboxItem()]),
      'GET /firm/requests/req_1': { body: firmRequest() },
      'GET /firm/files': page([]),
      ...thread.routes,
      'POST /firm/requests/req_1/messages': async (call) => {
        await hold.promise;
        if (fail) return { status: 503, body: errorBody('unavailable') };
        return (thread.routes['POST /firm/requests/req_1/messages'] as (c: RecordedCall) => { status: number; body: unknown })(call);
      },
    });
    const el = await signedInConsole();
    await openRequest(el);
    await waitFor(() => $(el, '[data-message="msg_c"]'), 'the thread');
    await expectAccessible(el);
    const textarea = $<HTMLTextAreaElement>(el, '#thread-body')!;
    const send = button(el, 'Send to client')!;
    const note = button(el, 'Add internal note')!;
    assertEqual([send.type, note.type], ['submit', 'submit'], 'two submit buttons');

    // Enter in the form without a button: nothing is sent (no audience is guessed).
    setValue(textarea, 'Guessing?');
    $<HTMLFormElement>(el, 'form.composer')!.requestSubmit();
    await el.updateComplete;
    assertEqual(api.callsTo('POST /firm/requests/req_1/messages').length, 0, 'no default audience');

    // Empty and too long are refused here, with the server's limit.
    setValue(textarea, '   ');
    send.click();
    await waitFor(() => $(el, '#composer-error')?.textContent === 'Write a message first.', 'empty refused');
    setValue(textarea, 'x'.repeat(10_001));
    note.click();
    await waitFor(() => $(el, '#composer-error')?.textContent === 'A message is at most 10,000 characters; this one has 10,001.', 'too long refused');
    assertEqual(textarea.getAttribute('aria-invalid'), 'true', 'the field is invalid');
    assert(textarea.getAttribute('aria-describedby')!.includes('composer-error'), 'the error is tied to the field');
    assertEqual(textarea.value.length, 10_001, 'the text is kept');
    assertEqual(api.callsTo('POST /firm/requests/req_1/messages').length, 0, 'nothing sent');
    await expectAccessible(el);

    // Reply to the client's message, in the portal.
    button(el, 'Reply')!.click();
    await waitFor(() => textOf(el).includes('Replying to Kati Klient: Is it ready?'), 'what the reply answers');
    await waitFor(() => deepActiveElement() === textarea, 'focus in the composer');
    setValue(textarea, 'Yes, attached\nsee page 2');
    send.click();
    await waitFor(() => send.disabled && note.disabled && send.textContent!.includes('Sending…'), 'pending');
    assertEqual(textarea.value, 'Yes, attached\nsee page 2', 'text kept while sending');
    hold.resolve();
    const sent = await waitFor(() => $(el, '[data-message="msg_new1"]'), 'the new message');
    assertEqual(api.callsTo('POST /firm/requests/req_1/messages')[0]!.body, { body: 'Yes, attached\nsee page 2', visibility: 'portal', replyToId: 'msg_c' }, 'a portal reply');
    await waitFor(() => deepActiveElement() === sent, 'focus on the new message');
    assert(sent.classList.contains('portal') && sent.textContent!.includes('Visible to the client') && sent.textContent!.includes('In reply to Kati Klient'), 'shown as a portal reply');
    assertEqual(textarea.value, '', 'the composer is emptied');
    await waitFor(() => textOf(el).includes('Sent to the client.'), 'announced');

    setValue(textarea, 'Mari: she asked twice');
    note.click();
    const noted = await waitFor(() => $(el, '[data-message="msg_new2"]'), 'the note');
    assertEqual(api.callsTo('POST /firm/requests/req_1/messages')[1]!.body, { body: 'Mari: she asked twice', visibility: 'internal' }, 'an internal note, not a reply');
    assert(noted.classList.contains('internal') && noted.textContent!.includes('Internal note — not visible to the client'), 'it looks like a note');
    await waitFor(() => textOf(el).includes('Internal note added.'), 'announced');
    await expectAccessible(el);

    fail = true;
    setValue(textarea, 'This will not go');
    send.click();
    await waitFor(() => $(el, '#composer-error')?.textContent?.includes('The message was not sent; your text is kept.'), 'the failure');
    assertEqual(textarea.value, 'This will not go', 'the text is kept on failure');
    assert(!send.disabled, 'and can be sent again');
  });

  it('shows the server’s refusal of a message (400 with the field’s message)', async () => {
    api = firmApi({
      'GET /firm/inbox': page([inboxItem()]),
      'GET /firm/requests/req_1': { body: firmRequest() },
      'GET /firm/files': page([]),
      'GET /firm/requests/req_1/messages': page([]),
      'POST /firm/requests/req_1/messages': {
        status: 400,
        body: { error: { code: 'validation_failed', message: 'The request body is not valid', issues: [{ path: 'body', message: 'A message is at most 10,000 characters' }], requestId: 'r' } },
      },
    });
    const el = await signedInConsole();
    await openRequest(el);
    await waitFor(() => textOf(el).includes('No messages yet.'), 'the empty thread');
    await expectAccessible(el);
    // 10,000 characters once trimmed is within the limit, as the server counts: it is sent.
    const text = `  ${'x'.repeat(10_000)}\n`;
    setValue($<HTMLTextAreaElement>(el, '#thread-body'), text);
    button(el, 'Add internal note')!.click();
    await waitFor(() => $(el, '#composer-error')?.textContent === 'A message is at most 10,000 characters', 'the server’s words beside the field');
    assertEqual(api.callsTo('POST /firm/requests/req_1/messages').length, 1, 'sent to the server');
    assertEqual($<HTMLTextAreaElement>(el, '#thread-body')!.value, text, 'kept');
  });

  it('assigns to a member, closes, reopens, turns it into a task and links to the task', async () => {
    let request = firmRequest();
    const bump = (over: Partial<FirmRequest>) => (request = { ...request, ...over, version: request.version + 1 });
    api = firmApi({
      'GET /firm/inbox': page([inboxItem()]),
      'GET /firm/requests/req_1': () => ({ body: request }),
      'GET /firm/files': page([]),
      'GET /firm/requests/req_1/messages': page([]),
      'PATCH /firm/requests/req_1': (call) => ({ body: bump({ assignedMemberId: (call.body as { assignedMemberId: string | null }).assignedMemberId }) }),
      'POST /firm/requests/req_1/close': () => ({ body: bump({ state: 'closed', closedAt: 1 }) }),
      'POST /firm/requests/req_1/reopen': () => ({ body: bump({ state: 'open', closedAt: null }) }),
      'POST /firm/requests/req_1/task': () => {
        bump({ state: 'converted', taskId: 'tsk_new' });
        return { status: 201, body: firmTask({ id: 'tsk_new', title: 'Last year’s report' }) };
      },
      'GET /firm/tasks/tsk_new': { body: firmTask({ id: 'tsk_new', title: 'Last year’s report', fromRequest: { id: 'req_1', subject: 'Last year’s report' } }) },
      'GET /firm/tasks/tsk_new/files': page([]),
      'GET /firm/tasks/tsk_new/messages': page([]),
    });
    const el = await signedInConsole();
    await openRequest(el);
    const select = $<HTMLSelectElement>(el, '#request-assigned')!;
    await waitFor(() => [...select.options].some((o) => o.textContent === 'Mari Tamm'), "the firm's members");
    await expectAccessible(el);
    assertEqual(select.value, '', 'assigned to nobody');
    setValue(select, 'mem_mari');
    await el.updateComplete;
    assertEqual(api.callsTo('PATCH /firm/requests/req_1').length, 0, 'choosing alone assigns nothing (keyboard browsing)');
    button(el, 'Assign')!.click();
    await waitFor(() => textOf(el).includes('Assigned to Mari Tamm.'), 'assigned');
    assertEqual(api.callsTo('PATCH /firm/requests/req_1')[0]!.body, { assignedMemberId: 'mem_mari', version: 2 }, 'with the version read');
    setValue(select, '');
    button(el, 'Assign')!.click();
    await waitFor(() => textOf(el).includes('No longer assigned to anyone.'), 'unassigned');
    assertEqual(api.callsTo('PATCH /firm/requests/req_1')[1]!.body, { assignedMemberId: null, version: 3 }, 'the new version');

    button(el, 'Close')!.click();
    await waitFor(() => button(el, 'Reopen') && $(el, '.badge.request-closed'), 'closed');
    await waitFor(() => deepActiveElement()?.id === 'request-reopen', 'focus on Reopen');
    button(el, 'Reopen')!.click();
    await waitFor(() => button(el, 'Close') && $(el, '.badge.request-open'), 'open again');

    button(el, 'Turn into a task')!.click();
    const link = await waitFor(() => button(el, 'Open the task'), 'the link to the task');
    assert(textOf(el).includes('This request was turned into a task.') && $(el, '.badge.request-converted'), 'turned into a task');
    assert(!button(el, 'Turn into a task') && !button(el, 'Close'), 'no more actions');
    await waitFor(() => deepActiveElement() === link, 'focus on the link');
    await expectAccessible(el);
    link.click();
    await waitFor(() => $(el, 'h2[data-heading]')?.textContent?.trim() === 'Last year’s report' && button(el, 'Edit'), "the task's detail");
    await waitFor(() => api.callsTo('GET /firm/tasks/tsk_new/messages').length === 1, "the task's conversation");
    // The task links back to the request it came from, with its conversation.
    const back = await waitFor(() => $<HTMLButtonElement>(el, '#task-request-link'), 'the link back to the request');
    assert(textOf(el).includes('From the request'), 'labelled');
    back.click();
    await waitFor(() => $(el, '.request-body'), 'the request again');
  });

  it('says so when converting is refused (409: closed or already a task) and reloads; a request gone is 404', async () => {
    let request = firmRequest();
    api = firmApi({
      'GET /firm/inbox': page([inboxItem(), inboxItem({ id: 'req_gone', thread: { kind: 'request', id: 'req_gone', title: 'Gone' } })]),
      'GET /firm/requests/req_1': () => ({ body: request }),
      'GET /firm/files': page([]),
      'GET /firm/requests/req_1/messages': page([]),
      'POST /firm/requests/req_1/task': () => {
        request = { ...request, state: 'converted', taskId: 'tsk_other', version: 9 };
        return { status: 409, body: errorBody('conflict', 'This request is already a task') };
      },
    });
    const el = await signedInConsole();
    await openRequest(el);
    button(el, 'Turn into a task')!.click();
    await waitFor(() => textOf(el).includes(consoleStrings('en').requestConflict), 'the refusal');
    await waitFor(() => button(el, 'Open the task'), 'reloaded: it is a task now');
    assertEqual($(el, '[role="alert"]')?.textContent, consoleStrings('en').requestConflict, 'as an alert');
    await expectAccessible(el);

    button(el, 'Back')!.click();
    (await waitFor(() => button(el, 'Gone'), 'the inbox')).click();
    await waitFor(() => textOf(el).includes('This request does not exist, or it is not directed to you.'), 'the 404');
    await expectAccessible(el);
  });

  it('counts a task\'s unread messages on the board and shows its conversation with the same composer', async () => {
    const thread = threadRoutes('/firm/tasks/tsk_1/messages', [firmMessage({ id: 'msg_t', body: 'Receipts attached' })]);
    api = firmApi({
      'GET /firm/tasks': page([firmTask({ unreadMessages: 2 })]),
      'GET /firm/tasks/tsk_1': { body: firmTask() },
      'GET /firm/tasks/tsk_1/history': page([]),
      ...thread.routes,
    });
    const el = await signedInConsole();
    await openSection(el, 'Task board');
    const row = await waitFor(() => $(el, '[data-board-task="tsk_1"]'), 'the board');
    assert(row.textContent!.includes('2 new messages'), 'the board counts unread messages');
    button(el, 'Send March receipts')!.click();
    await waitFor(() => $(el, '[data-message="msg_t"]'), "the task's thread");
    await expectAccessible(el);
    setValue($<HTMLTextAreaElement>(el, '#thread-body'), 'Thanks, all in');
    button(el, 'Send to client')!.click();
    await waitFor(() => $(el, '[data-message="msg_new1"]'), 'posted on the task');
    assertEqual(api.callsTo('POST /firm/tasks/tsk_1/messages')[0]!.body, { body: 'Thanks, all in', visibility: 'portal' }, 'to the client');
    assertEqual(consoleStrings('et').internalNoteLabel, 'Sisemine märkus — klient seda ei näe', 'in Estonian');
  });

  it('attaches files to a message: uploads them to the thread first, refuses what the server would, and keeps the draft', async () => {
    const thread = threadRoutes('/firm/tasks/tsk_1/messages', []);
    let uploadAnswer: { status: number; body?: unknown; headers?: Record<string, string> } = { status: 201, headers: { location: '/api/v1/firm/uploads/upl_1' } };
    let fileListReads = 0;
    api = firmApi({
      'GET /firm/tasks/tsk_1': { body: firmTask() },
      'GET /firm/tasks/tsk_1/history': page([]),
      'GET /firm/tasks/tsk_1/files': () => (fileListReads++, page([])),
      ...thread.routes,
      'POST /firm/uploads': () => uploadAnswer,
      'PATCH /firm/uploads/upl_1': (call) => ({ status: 204, headers: { 'upload-offset': String((call.raw as Blob).size), 'portico-file-id': 'fil_a' } }),
    });
    const el = await signedInConsole();
    await openSection(el, 'Task board');
    (await waitFor(() => button(el, 'Send March receipts'), 'the board')).click();
    const picker = await waitFor(() => $<HTMLInputElement>(el, '#thread-files'), 'the file picker');
    await expectAccessible(el);
    const choose = (...files: File[]) => {
      const transfer = new DataTransfer();
      for (const f of files) transfer.items.add(f);
      picker.files = transfer.files;
      picker.dispatchEvent(new Event('change', { bubbles: true }));
    };
    setValue($<HTMLTextAreaElement>(el, '#thread-body'), 'The signed contract');

    // A kind of file the server refuses is refused here: nothing uploaded, nothing posted.
    choose(new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' }));
    button(el, 'Send to client')!.click();
    await waitFor(() => $(el, '#composer-error')?.textContent?.includes('“setup.exe”: This kind of file cannot be sent.'), 'the refusal');
    assertEqual([api.callsTo('POST /firm/uploads').length, api.callsTo('POST /firm/tasks/tsk_1/messages').length], [0, 0], 'nothing sent');

    // The server's refusal (415) stops the message too; the text stays.
    choose(new File(['%PDF-1.4 contract'], 'contract.pdf', { type: 'application/pdf' }));
    uploadAnswer = { status: 415, body: errorBody('type_not_allowed') };
    button(el, 'Send to client')!.click();
    await waitFor(() => $(el, '#composer-error')?.textContent?.includes('“contract.pdf”: This kind of file cannot be sent.'), 'the server’s refusal');
    assertEqual(api.callsTo('POST /firm/tasks/tsk_1/messages').length, 0, 'no message without its file');
    assertEqual($<HTMLTextAreaElement>(el, '#thread-body')!.value, 'The signed contract', 'the text kept');

    uploadAnswer = { status: 201, headers: { location: '/api/v1/firm/uploads/upl_1' } };
    const reads = fileListReads;
    button(el, 'Send to client')!.click();
    await waitFor(() => $(el, '[data-message="msg_new1"]'), 'sent');
    const created = api.callsTo('POST /firm/uploads').at(-1)!;
    assertEqual(created.headers.get('upload-metadata'), `filename ${btoa('contract.pdf')},task ${btoa('tsk_1')},internal ${btoa('1')}`, 'uploaded to the task, hidden until the message carries it');
    assertEqual(api.callsTo('POST /firm/tasks/tsk_1/messages')[0]!.body, { body: 'The signed contract', visibility: 'portal', fileIds: ['fil_a'] }, 'the file attached');
    await waitFor(() => fileListReads > reads, "the task's files read again");
    assertEqual(picker.value, '', 'the picker emptied');

    // A file for an internal note goes up the same way, and stays hidden on the note.
    setValue($<HTMLTextAreaElement>(el, '#thread-body')!, 'Our working paper');
    choose(new File(['%PDF-1.4 working paper'], 'working.pdf', { type: 'application/pdf' }));
    button(el, 'Add internal note')!.click();
    await waitFor(() => api.callsTo('POST /firm/tasks/tsk_1/messages').length === 2, 'the note sent');
    assertEqual(api.callsTo('POST /firm/uploads').at(-1)!.headers.get('upload-metadata'), `filename ${btoa('working.pdf')},task ${btoa('tsk_1')},internal ${btoa('1')}`, 'uploaded hidden');
  });
});

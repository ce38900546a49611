import './define.ts';
import type { PorticoConsole } from './portico-console.ts';
import {
  $,
  afterEach,
  beforeEach,
  button,
  cleanupFixtures,
  deepActiveElement,
  describe,
  errorBody,
  expectAccessible,
  it,
  setLoginFragment,
  textOf,
  waitFor,
  type FakeApi,
} from '../internal/testing/helpers.ts';
import { assert, assertEqual, firmApi, firmTask, historyEntry, openSection, setValue, signedInConsole } from '../internal/testing/firm-fakes.ts';
import type { FirmTask } from '../internal/api-types.ts';

const withList = (): FirmTask =>
  firmTask({
    description: 'Line one\nhttps://example.test/upload',
    dueDate: '2027-03-31',
    recurrence: { freq: 'monthly', day: -1, count: 12 },
    checklistItems: [
      { id: 'chk_a', text: 'Sales invoices', done: true , requestsFile: false, latestFile: null },
      { id: 'chk_b', text: 'Purchase invoices', done: false , requestsFile: false, latestFile: null },
      { id: 'chk_c', text: 'Bank statement', done: false , requestsFile: false, latestFile: null },
    ],
  });

/** A firm API with task tsk_1 and its history. */
const api1 = (task: FirmTask = withList()) =>
  firmApi({
    'GET /firm/tasks/tsk_1': { body: task },
    'GET /firm/tasks/tsk_1/history': {
      body: {
        items: [
          historyEntry({ id: 'a3', action: 'checklist_ticked', actor: { type: 'contact', id: 'con_1', name: 'Kati Klient' }, data: { itemId: 'chk_a', text: 'Sales invoices', done: true }, at: 1_700_000_300_000 }),
          historyEntry({ id: 'a2', action: 'edited', data: { fields: ['title', 'dueDate'] }, at: 1_700_000_200_000 }),
          historyEntry({ id: 'a1', action: 'created', at: 1_700_000_100_000 }),
          historyEntry({ id: 'a4', action: 'sent_by_rule', actor: { type: 'system', id: null, name: null }, at: 1_700_000_150_000 }),
        ],
        nextCursor: null,
      },
    },
  });

async function openTask(el: PorticoConsole): Promise<void> {
  await openSection(el, 'Task board');
  (await waitFor(() => button(el, 'Send March receipts'), 'the task on the board')).click();
  await waitFor(() => button(el, 'Edit'), 'the task detail');
  await waitFor(() => el.shadowRoot!.querySelectorAll('.history li').length > 0, 'the history');
}

const historyLines = (el: PorticoConsole) =>
  [...el.shadowRoot!.querySelectorAll('.history li span')].map((s) => s.textContent?.trim());

const itemValues = (el: PorticoConsole) =>
  [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('.checklist-edit input[type="text"]')].map((i) => i.value);

/** The button of checklist item `text` in the editor whose class is `which`. */
const itemButton = (el: PorticoConsole, text: string, which: 'up' | 'down' | 'remove') =>
  [...el.shadowRoot!.querySelectorAll<HTMLLIElement>('.checklist-edit li')]
    .find((li) => li.querySelector('input')?.value === text)
    ?.querySelector<HTMLButtonElement>(`button.${which}`) ?? null;

describe('<portico-console> task detail', () => {
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

  it('is accessible, showing the fields, checklist, actions and the history newest first in sentences', async () => {
    api = api1();
    const el = await signedInConsole();
    await openTask(el);
    await expectAccessible(el);
    assertEqual(deepActiveElement()?.textContent?.trim(), 'Send March receipts', 'focus on the task heading');
    const text = textOf(el);
    assert(text.includes('Monthly on the last day, 12 times'), 'the repeat in words');
    assert(text.includes('31 Mar 2027'), 'the due date');
    assert($(el, '.task-desc')?.textContent === 'Line one\nhttps://example.test/upload', 'description as plain text');
    assert(button(el, 'Withdraw') && button(el, 'Complete'), 'the actions the server offers');
    assertEqual(
      historyLines(el),
      ['Kati Klient ticked “Sales invoices”', 'Olivia Owner edited Title, Due date', 'Sent to the portal by its sending rule', 'Olivia Owner created the task'],
      'history, newest first',
    );
    assert($(el, '.history time')?.getAttribute('datetime') === new Date(1_700_000_300_000).toISOString(), 'when, machine-readable');
  });

  it('edits with the checklist reordered by buttons, sending the whole list with ids, and the version', async () => {
    api = api1();
    api.on('PATCH /firm/tasks/tsk_1', (call) => ({ body: { ...withList(), title: (call.body as { title: string }).title, version: 2 } }));
    const el = await signedInConsole();
    await openTask(el);
    button(el, 'Edit')!.click();
    await waitFor(() => $(el, '#edit-title'), 'the editor');
    await expectAccessible(el);
    assertEqual(deepActiveElement()?.id, 'edit-title', 'focus in the title');

    setValue($(el, '#edit-title'), 'Send Q1 receipts');
    itemButton(el, 'Bank statement', 'up')!.click();
    await waitFor(() => itemValues(el)[1] === 'Bank statement', 'moved up');
    assertEqual((deepActiveElement() as HTMLElement | null)?.classList.contains('up'), true, 'focus stays on the moved item’s button');
    itemButton(el, 'Sales invoices', 'remove')!.click();
    await waitFor(() => itemValues(el).length === 2, 'removed');
    setValue($(el, '#edit-add'), 'Payroll');
    button(el, 'Add item')!.click();
    await waitFor(() => itemValues(el).length === 3, 'added');
    setValue(itemValues(el).length ? el.shadowRoot!.querySelectorAll<HTMLInputElement>('.checklist-edit input[type="text"]')[1]! : null, 'Purchase invoices (all)');
    setValue($(el, '#edit-freq'), 'quarterly');
    // "Payroll" becomes a document request: the client sends a file for it (once the typed text has rendered).
    await waitFor(() => itemValues(el)[1] === 'Purchase invoices (all)', 'the typed text');
    const asksFile = el.shadowRoot!.querySelectorAll<HTMLInputElement>('.checklist-edit .asks-file')[2]!;
    assertEqual(asksFile.closest('label')?.textContent?.replace(/\s+/g, ' ').trim(), 'Asks for a file: Payroll', 'the toggle is labelled with its item');
    asksFile.click();
    button(el, 'Save')!.click();
    await waitFor(() => api.callsTo('PATCH /firm/tasks/tsk_1').length === 1, 'the PATCH');
    assertEqual(
      api.callsTo('PATCH /firm/tasks/tsk_1')[0]!.body,
      {
        version: 1,
        title: 'Send Q1 receipts',
        description: 'Line one\nhttps://example.test/upload',
        dueDate: '2027-03-31',
        autoComplete: false,
        workId: null,
        section: null,
        recurrence: { freq: 'quarterly', count: 12 },
        checklist: [
          { id: 'chk_c', text: 'Bank statement', requestsFile: false },
          { id: 'chk_b', text: 'Purchase invoices (all)', requestsFile: false },
          { text: 'Payroll', requestsFile: true },
        ],
      },
      'the PATCH body',
    );
    await waitFor(() => !$(el, '#edit-title'), 'the editor closes');
    assert(textOf(el).includes('“Send Q1 receipts” is saved.'), 'announced');
  });

  it('on a 409 says someone else changed it, keeps the typed text, and saves over the latest version after Load', async () => {
    api = api1();
    let patches = 0;
    api.on('PATCH /firm/tasks/tsk_1', (call) =>
      ++patches === 1
        ? { status: 409, body: errorBody('conflict', 'The task was changed') }
        : { body: { ...withList(), ...(call.body as object), checklistItems: withList().checklistItems, version: 3 } },
    );
    const el = await signedInConsole();
    await openTask(el);
    button(el, 'Edit')!.click();
    await waitFor(() => $(el, '#edit-title'), 'the editor');
    setValue($(el, '#edit-title'), 'My careful new title');
    setValue($(el, '#edit-description'), 'Typed with care');
    button(el, 'Save')!.click();
    const alert = await waitFor(() => $(el, '.editor [role="alert"]'), 'the conflict alert');
    assert(alert.textContent?.includes('Someone else changed this task'), `alert: ${alert.textContent}`);
    assertEqual(($(el, '#edit-title') as HTMLInputElement).value, 'My careful new title', 'the typed title is kept');
    assertEqual(($(el, '#edit-description') as HTMLTextAreaElement).value, 'Typed with care', 'the typed description is kept');

    api.on('GET /firm/tasks/tsk_1', { body: { ...withList(), title: 'Their title', version: 2 } });
    button(el, 'Load their version, keep my text')!.click();
    await waitFor(() => !$(el, '.editor [role="alert"]'), 'the alert goes');
    assertEqual(($(el, '#edit-title') as HTMLInputElement).value, 'My careful new title', 'still the typed title');
    button(el, 'Save')!.click();
    await waitFor(() => patches === 2, 'the second PATCH');
    const second = api.callsTo('PATCH /firm/tasks/tsk_1')[1]!.body as { version: number; title: string };
    assertEqual([second.version, second.title], [2, 'My careful new title'], 'saved over the latest version');
  });

  it('shows the server’s validation messages next to their fields', async () => {
    api = api1();
    api.on('PATCH /firm/tasks/tsk_1', {
      status: 400,
      body: { error: { code: 'validation_failed', message: 'The request body is not valid', requestId: 'r', issues: [{ path: 'title', message: 'At most 200 characters' }, { path: 'checklist.1.text', message: 'At most 500 characters' }] } },
    });
    const el = await signedInConsole();
    await openTask(el);
    button(el, 'Edit')!.click();
    await waitFor(() => $(el, '#edit-title'), 'the editor');
    button(el, 'Save')!.click();
    const titleError = await waitFor(() => $(el, '#edit-title-error'), 'the title message');
    assertEqual(titleError.textContent, 'At most 200 characters', 'title message');
    assertEqual($(el, '#edit-title')?.getAttribute('aria-describedby'), 'edit-title-error', 'tied to the field');
    const second = el.shadowRoot!.querySelectorAll('.checklist-edit li')[1]!;
    assert(second.querySelector('.field-error')?.textContent === 'At most 500 characters', 'the item message at the second item');
    await expectAccessible(el);
  });

  it('deletes only after a confirmation, with the version, and goes back to the board', async () => {
    api = api1();
    api.on('DELETE /firm/tasks/tsk_1', { status: 204 });
    const el = await signedInConsole();
    await openTask(el);
    button(el, 'Delete')!.click();
    await waitFor(() => $(el, '#delete-confirm'), 'the confirmation');
    assertEqual(deepActiveElement()?.id, 'delete-confirm', 'focus on the confirmation');
    await expectAccessible(el);
    assertEqual(api.callsTo('DELETE /firm/tasks/tsk_1').length, 0, 'nothing deleted yet');
    button(el, 'Cancel')!.click();
    await waitFor(() => !$(el, '#delete-confirm'), 'cancelled');
    assertEqual(api.callsTo('DELETE /firm/tasks/tsk_1').length, 0, 'still nothing deleted');

    button(el, 'Delete')!.click();
    (await waitFor(() => $<HTMLButtonElement>(el, '#delete-confirm'), 'the confirmation')).click();
    await waitFor(() => api.callsTo('DELETE /firm/tasks/tsk_1').length === 1, 'the DELETE');
    assertEqual(api.callsTo('DELETE /firm/tasks/tsk_1')[0]!.query.get('version'), '1', 'the version');
    await waitFor(() => $(el, 'h2[data-heading]')?.textContent === 'Task board', 'back on the board');
    assert(textOf(el).includes('“Send March receipts” is deleted.'), 'announced');
  });

  it('opens from a client’s list, and that list is fresh again after a delete', async () => {
    let tasks = [withList()];
    api = api1();
    api.on('GET /firm/tasks', () => ({ body: { items: tasks, nextCursor: null } }));
    api.on('DELETE /firm/tasks/tsk_1', () => {
      tasks = [];
      return { status: 204 };
    });
    const el = await signedInConsole();
    button(el, 'Northwind Bakery OÜ')!.click();
    (await waitFor(() => button(el, 'Details: Send March receipts'), 'the Details button')).click();
    (await waitFor(() => button(el, 'Delete'), 'the detail')).click();
    (await waitFor(() => $<HTMLButtonElement>(el, '#delete-confirm'), 'the confirmation')).click();
    await waitFor(() => textOf(el).includes('No tasks for this client yet.'), 'back on the client, without the deleted task');
  });

  it('takes an action and shows the task as the server answers it', async () => {
    api = api1();
    api.on('POST /firm/tasks/tsk_1/complete', { body: { ...withList(), status: 'completed', stage: 'completed', actions: ['reopen'] } });
    const el = await signedInConsole();
    await openTask(el);
    button(el, 'Complete')!.click();
    await waitFor(() => button(el, 'Reopen'), 'Reopen offered');
    assert(textOf(el).includes('“Send March receipts” is completed.'), 'announced');
    assertEqual(api.callsTo('GET /firm/tasks/tsk_1/history').length, 2, 'the history loaded again');
  });

  it('speaks Estonian in the detail and its history', async () => {
    api = api1();
    const el = await signedInConsole('et');
    await openSection(el, 'Ülesannete tahvel');
    (await waitFor(() => button(el, 'Send March receipts'), 'the task')).click();
    await waitFor(() => el.shadowRoot!.querySelectorAll('.history li').length > 0, 'the history');
    await expectAccessible(el);
    assert(textOf(el).includes('Iga kuu viimasel päeval, 12 korda'), 'the repeat in Estonian');
    assertEqual(historyLines(el)[0], 'Kati Klient märkis „Sales invoices” tehtuks', 'a history sentence in Estonian');
    assert(button(el, 'Muuda') && button(el, 'Kustuta'), 'Edit and Delete in Estonian');
  });
});

describe('<portico-console> document requests on a task', () => {
  let api: FakeApi;
  afterEach(() => {
    cleanupFixtures();
    api?.restore();
    sessionStorage.clear();
  });

  const withRequests = (): FirmTask =>
    firmTask({
      checklistItems: [
        { id: 'chk_m', text: 'Bank statement for March', done: true, requestsFile: true, latestFile: { id: 'fil_m', name: 'march.pdf', review: { state: 'pending', reason: null } } },
        { id: 'chk_a', text: 'Bank statement for April', done: false, requestsFile: true, latestFile: null },
        { id: 'chk_p', text: 'Read the letter', done: false, requestsFile: false, latestFile: null },
      ],
    });

  it('shows each requested document with its state, accepts one, and asks again only with a reason', async () => {
    sessionStorage.clear();
    setLoginFragment(null);
    api = api1(withRequests());
    const fileAnswer = (state: string, reason: string | null) => ({ body: { id: 'fil_m', name: 'march.pdf', review: { state, reason } } });
    api.on('POST /firm/files/fil_m/accept', () => fileAnswer('accepted', null));
    api.on('POST /firm/files/fil_m/reject', (call) => fileAnswer('rejected', (call.body as { reason: string }).reason));
    const el = await signedInConsole();
    await openTask(el);
    const list = await waitFor(() => $(el, '.doc-requests'), 'the requested documents');
    await expectAccessible(el);
    const lines = [...list.querySelectorAll('li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    assert(lines[0]!.startsWith('Bank statement for March: march.pdf Waiting for review'), `the March line: ${lines[0]}`);
    assert(lines[1]!.includes('no file yet'), 'April has none yet');
    assertEqual(lines.length, 2, 'a plain item is not a document request');

    button(el, 'Ask again: march.pdf')!.click();
    const reason = await waitFor(() => $<HTMLTextAreaElement>(el, '#reason-fil_m'), 'the reason field');
    assertEqual(deepActiveElement()?.id, 'reason-fil_m', 'focus in the reason');
    button(el, 'Ask for a new file')!.click();
    await waitFor(() => textOf(el).includes('Say why a new file is needed.'), 'the reason is required');
    assertEqual(api.callsTo('POST /firm/files/fil_m/reject').length, 0, 'nothing sent without a reason');
    setValue(reason, 'Page 2 is missing');
    button(el, 'Ask for a new file')!.click();
    await waitFor(() => api.callsTo('POST /firm/files/fil_m/reject').length === 1, 'the reject');
    assertEqual(api.callsTo('POST /firm/files/fil_m/reject')[0]!.body, { reason: 'Page 2 is missing' }, 'the reason sent');
    await waitFor(() => textOf(el).includes('The client is asked to send “march.pdf” again.'), 'announced');

    button(el, 'Accept: march.pdf')!.click();
    await waitFor(() => api.callsTo('POST /firm/files/fil_m/accept').length === 1, 'the accept');
    await waitFor(() => textOf(el).includes('“march.pdf” is accepted.'), 'announced');
    assert(api.callsTo('GET /firm/tasks/tsk_1').length >= 3, 'the task is reloaded after each review');
  });
});

describe('the history of document requests and digitisation', () => {
  it('reads as sentences in English and Estonian', async () => {
    const { historySentence } = await import('./console-labels.ts');
    const { consoleStrings } = await import('./console-strings.ts');
    const by = { type: 'member' as const, id: 'mem_owner', name: 'Olivia Owner' };
    const rejected = historyEntry({ action: 'file_rejected', actor: by, data: { name: 'march.pdf', reason: 'Page 2 is missing' } });
    const digitised = historyEntry({ action: 'digitised', actor: by, data: { files: ['a.pdf', 'b.pdf', 'c.jpg'], emails: 2, skipped: ['huge.pdf'] } });
    assertEqual(historySentence(consoleStrings('en'), rejected), 'Olivia Owner asked for “march.pdf” again: Page 2 is missing', 'rejected');
    assertEqual(historySentence(consoleStrings('en'), digitised), 'Olivia Owner sent 3 files for digitisation in 2 emails; too big to send: huge.pdf', 'digitised');
    assertEqual(historySentence(consoleStrings('et'), digitised), 'Olivia Owner saatis digiteerimiseks 3 faili 2 e-kirjaga; saatmiseks liiga suur: huge.pdf', 'digitised, et');
  });
});

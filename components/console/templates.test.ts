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
  type RecordedCall,
} from '../internal/testing/helpers.ts';
import type { FirmClient } from '../internal/api-types.ts';
import { assert, assertEqual, firmApi, firmClients, firmTemplate, openSection, setChecked, setValue, signedInConsole } from '../internal/testing/firm-fakes.ts';

/** The fieldset of template task `n` (0-based). */
const taskField = (el: PorticoConsole, n: number, selector: string) =>
  el.shadowRoot!.querySelector<HTMLInputElement & HTMLSelectElement>(`[data-template-task="${n}"] ${selector}`);

/** `GET /firm/clients` as the server answers it: `q` finds a part of the name, `limit` (default 50) pages. */
const clientsRoute = (all: FirmClient[]) => (call: RecordedCall) => {
  const q = (call.query.get('q') ?? '').toLocaleLowerCase();
  const limit = Number(call.query.get('limit') ?? 50);
  const found = all.filter((c) => c.name.toLocaleLowerCase().includes(q));
  return { body: { items: found.slice(0, limit), nextCursor: found.length > limit ? 'cur_next' : null } };
};

const pickerBox = (el: PorticoConsole, name: string) =>
  [...el.shadowRoot!.querySelectorAll<HTMLLabelElement>('.picker label')].find((l) => l.textContent?.trim() === name)?.querySelector('input') ?? null;

describe('<portico-console> templates', () => {
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

  it('lists templates with search and paging', async () => {
    api = firmApi({
      'GET /firm/templates': (call) =>
        call.query.get('cursor')
          ? { body: { items: [firmTemplate({ id: 'tpl_2', title: 'Car purchase', kind: 'task', selfService: true })], nextCursor: null } }
          : { body: { items: [firmTemplate()], nextCursor: 'cur_t' } },
    });
    const el = await signedInConsole();
    await openSection(el, 'Templates');
    await waitFor(() => button(el, 'Annual report'), 'the list');
    await expectAccessible(el);
    button(el, 'Show more')!.click();
    await waitFor(() => button(el, 'Car purchase'), 'the next page');
    assert(textOf(el).includes('Single task · 1 task · clients can start it'), 'kind and self-service');
    setValue($(el, '#templates-q'), 'car');
    button(el, 'Search')!.click();
    await waitFor(() => api.callsTo('GET /firm/templates').some((c) => c.query.get('q') === 'car'), 'the search');
  });

  it('creates a work template with sections, checklist, due and sending offsets, and shows the server’s messages at the fields', async () => {
    let posts = 0;
    api = firmApi({
      'POST /firm/templates': (call) =>
        ++posts === 1
          ? {
              status: 400,
              body: {
                error: {
                  code: 'validation_failed',
                  message: 'The request body is not valid',
                  requestId: 'r',
                  issues: [
                    { path: 'tasks.1.dueOffsetDays', message: 'The due date falls before the sending date' },
                    { path: 'title', message: 'Required' },
                  ],
                },
              },
            }
          : { status: 201, body: firmTemplate({ id: 'tpl_new', ...(call.body as object) }) },
    });
    const el = await signedInConsole();
    await openSection(el, 'Templates');
    button(el, 'New work template')!.click();
    await waitFor(() => $(el, '#template-title'), 'the editor');
    await expectAccessible(el);

    setValue(taskField(el, 0, 'input[id$="-section"]'), 'Documents');
    setValue(taskField(el, 0, 'input[id$="-title"]'), 'Bank statements');
    setValue(taskField(el, 0, 'input[id$="-add"]'), 'Main account');
    [...taskField(el, 0, '.add-item')!.parentElement!.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Add item')!.click();
    setValue(taskField(el, 0, 'input[id$="-due"]'), '14');

    button(el, 'Add task')!.click();
    await waitFor(() => taskField(el, 1, 'input[id$="-title"]'), 'a second task');
    setValue(taskField(el, 1, 'input[id$="-section"]'), 'Signing');
    setValue(taskField(el, 1, 'input[id$="-title"]'), 'Sign the report');
    setValue(taskField(el, 1, 'input[id$="-due"]'), '3');
    setValue(taskField(el, 1, 'select[id$="-due-side"]'), 'before');
    setValue(taskField(el, 1, 'select[id$="-sending"]'), 'offset');
    await waitFor(() => taskField(el, 1, 'input[id$="-send-days"]'), 'the sending days');
    setValue(taskField(el, 1, 'input[id$="-send-days"]'), '5');
    button(el, 'Save template')!.click();

    const dueError = await waitFor(() => taskField(el, 1, '.field-error'), 'the message at the second task');
    assertEqual(dueError.textContent, 'The due date falls before the sending date', 'the due offset message');
    assert(taskField(el, 1, 'input[id$="-due"]')!.getAttribute('aria-describedby')!.includes(dueError.id), 'tied to the due field');
    assertEqual($(el, '#template-title-error')?.textContent, 'Required', 'the title message');
    assert(!taskField(el, 0, '.field-error'), 'no message at the first task');
    const summary = [...el.shadowRoot!.querySelectorAll('.template-editor [role="alert"] .issues li')].map((li) => li.textContent);
    assertEqual(summary, ['The due date falls before the sending date', 'Required'], 'the messages listed in the alert too');
    await expectAccessible(el);
    assertEqual(
      api.callsTo('POST /firm/templates')[0]!.body,
      {
        kind: 'work',
        title: '',
        description: '',
        tasks: [
          { section: 'Documents', title: 'Bank statements', description: '', checklist: ['Main account'], dueOffsetDays: 14, sending: { kind: 'immediate' }, autoComplete: false },
          { section: 'Signing', title: 'Sign the report', description: '', checklist: [], dueOffsetDays: -3, sending: { kind: 'offset', days: 5 }, autoComplete: false },
        ],
        recurrence: null,
        selfService: false,
      },
      'the template sent',
    );

    setValue($(el, '#template-title'), 'Annual report');
    setValue(taskField(el, 1, 'input[id$="-due"]'), '10');
    setValue(taskField(el, 1, 'select[id$="-due-side"]'), 'after');
    setValue($(el, '#template-freq'), 'yearly');
    setChecked($(el, '.template-editor > label.check input'), true);
    button(el, 'Save template')!.click();
    await waitFor(() => textOf(el).includes('Template “Annual report” is saved.'), 'saved');
    const second = api.callsTo('POST /firm/templates')[1]!.body as { recurrence: unknown; selfService: boolean; tasks: { dueOffsetDays: number }[] };
    assertEqual([second.recurrence, second.selfService, second.tasks[1]!.dueOffsetDays], [{ freq: 'yearly' }, true, 10], 'repeat, self-service, offset');
    assert(!taskField(el, 1, '.field-error'), 'the messages are gone');
    assert(button(el, 'Show preview'), 'a saved template can be previewed');
  });

  it('edits a template with its version, and makes a single-task template without sections', async () => {
    api = firmApi({
      'GET /firm/templates/tpl_1': { body: firmTemplate() },
      'PATCH /firm/templates/tpl_1': (call) => ({ body: firmTemplate({ ...(call.body as object), version: 2 }) }),
      'POST /firm/templates': (call) => ({ status: 201, body: firmTemplate({ id: 'tpl_car', ...(call.body as object) }) }),
    });
    const el = await signedInConsole();
    await openSection(el, 'Templates');
    (await waitFor(() => button(el, 'Annual report'), 'the list')).click();
    await waitFor(() => taskField(el, 0, 'input[id$="-title"]')?.value === 'Send the bank statements', 'the template loaded');
    assertEqual(taskField(el, 0, 'input[id$="-due"]')!.value, '14', 'the due offset shown');
    setValue(taskField(el, 0, 'select[id$="-sending"]'), 'manual');
    button(el, 'Save template')!.click();
    await waitFor(() => api.callsTo('PATCH /firm/templates/tpl_1').length === 1, 'the PATCH');
    const body = api.callsTo('PATCH /firm/templates/tpl_1')[0]!.body as { version: number; tasks: { sending: unknown; checklist: string[] }[] };
    assertEqual([body.version, body.tasks[0]!.sending, body.tasks[0]!.checklist], [1, { kind: 'manual' }, ['Main account', 'Savings']], 'version, rule, checklist kept');

    await openSection(el, 'Templates');
    (await waitFor(() => button(el, 'New single-task template'), 'the list')).click();
    await waitFor(() => $(el, 'h2[data-heading]')?.textContent === 'New single-task template', 'the editor');
    assert(!button(el, 'Add task') && !taskField(el, 0, 'input[id$="-section"]'), 'one task, no sections');
    setValue($(el, '#template-title'), 'I bought a car');
    setValue(taskField(el, 0, 'input[id$="-title"]'), 'Send the purchase contract');
    button(el, 'Save template')!.click();
    await waitFor(() => api.callsTo('POST /firm/templates').length === 1, 'the POST');
    const created = api.callsTo('POST /firm/templates')[0]!.body as { kind: string; tasks: { section: unknown }[] };
    assertEqual([created.kind, created.tasks.length, created.tasks[0]!.section], ['task', 1, null], 'a single-task template');
  });

  it('offers "Asks for a file" on each checklist item of a template task, shown as loaded and sent as ticked', async () => {
    const task = firmTemplate().tasks[0]!;
    api = firmApi({
      'GET /firm/templates/tpl_1': { body: firmTemplate({ tasks: [{ ...task, checklist: ['Main account', { text: 'Savings', requestsFile: true }] }] }) },
      'PATCH /firm/templates/tpl_1': (call) => ({ body: firmTemplate({ ...(call.body as object), version: 2 }) }),
    });
    const el = await signedInConsole();
    await openSection(el, 'Templates');
    (await waitFor(() => button(el, 'Annual report'), 'the list')).click();
    await waitFor(() => taskField(el, 0, 'input[id$="-title"]')?.value === 'Send the bank statements', 'the template loaded');
    const boxes = () => [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('[data-template-task="0"] .checklist-edit input.asks-file')];
    assertEqual(boxes().map((b) => [b.closest('label')!.textContent!.replace(/\s+/g, ' ').trim(), b.checked]), [
      ['Asks for a file: Main account', false],
      ['Asks for a file: Savings', true],
    ], 'each item says whether it asks for a file');
    await expectAccessible(el);
    setChecked(boxes()[0]!, true);
    await el.updateComplete;
    setChecked(boxes()[1]!, false);
    await el.updateComplete;
    button(el, 'Save template')!.click();
    await waitFor(() => api.callsTo('PATCH /firm/templates/tpl_1').length === 1, 'the PATCH');
    const body = api.callsTo('PATCH /firm/templates/tpl_1')[0]!.body as { tasks: { checklist: unknown[] }[] };
    assertEqual(body.tasks[0]!.checklist, [{ text: 'Main account', requestsFile: true }, 'Savings'], 'the checklist sent');
  });

  it('previews what the client will see for a start date', async () => {
    api = firmApi({
      'GET /firm/templates/tpl_1': { body: firmTemplate() },
      'GET /firm/templates/tpl_1/preview': {
        body: {
          sections: [
            { title: 'Documents', tasks: [{ title: 'Send the bank statements', description: 'All accounts, the whole year.', checklist: ['Main account', 'Savings'], dueDate: '2027-01-18', sendDate: '2027-01-04' }] },
            { title: null, tasks: [{ title: 'Sign', description: '', checklist: [], dueDate: null, sendDate: null }] },
          ],
        },
      },
    });
    const el = await signedInConsole();
    await openSection(el, 'Templates');
    (await waitFor(() => button(el, 'Annual report'), 'the list')).click();
    await waitFor(() => ($(el, '#template-title') as HTMLInputElement | null)?.value === 'Annual report', 'the template loaded');
    setValue($(el, '#preview-date'), '2027-01-04');
    button(el, 'Show preview')!.click();
    await waitFor(() => $(el, '.preview-section'), 'the preview');
    assertEqual(api.callsTo('GET /firm/templates/tpl_1/preview')[0]!.query.get('startDate'), '2027-01-04', 'the start date');
    const preview = $(el, '#preview-title')!.parentElement!.textContent!.replace(/\s+/g, ' ');
    for (const part of ['Documents', 'Send the bank statements', 'Due 18 Jan 2027', 'sent 4 Jan 2027', 'Savings', 'Other tasks', 'No due date', 'sent manually']) {
      assert(preview.includes(part), `the preview shows ${part}: ${preview}`);
    }
    await expectAccessible(el);
  });

  it('creates from a template for the selected clients at once, with the start date, and says for how many', async () => {
    api = firmApi({
      'GET /firm/clients': clientsRoute(firmClients),
      'GET /firm/templates/tpl_1': { body: firmTemplate() },
      'POST /firm/templates/tpl_1/apply': (call) => ({
        status: 201,
        body: { items: (call.body as { clientIds: string[] }).clientIds.map((clientId) => ({ clientId, workId: `wrk_${clientId}`, taskIds: ['t'] })) },
      }),
    });
    const el = await signedInConsole();
    await openSection(el, 'Templates');
    (await waitFor(() => button(el, 'Create from template'), 'the apply button')).click();
    await waitFor(() => pickerBox(el, 'Baltic Timber AS'), 'the client picker');
    await expectAccessible(el);

    button(el, 'Create for 0 clients')!.click();
    await waitFor(() => $(el, '#apply-clients-error') && $(el, '#apply-start-error'), 'what is missing');
    assertEqual(api.callsTo('POST /firm/templates/tpl_1/apply').length, 0, 'nothing sent');

    setChecked(pickerBox(el, 'Northwind Bakery OÜ'), true);
    setValue($(el, '#apply-q'), 'timber');
    await waitFor(() => !pickerBox(el, 'Northwind Bakery OÜ'), 'the search narrows the list');
    button(el, 'Select all shown')!.click();
    setValue($(el, '#apply-q'), '');
    await waitFor(() => pickerBox(el, 'Northwind Bakery OÜ'), 'all again');
    setValue($(el, '#apply-start'), '2027-01-04');
    setValue($(el, '#apply-title'), 'Annual report 2026');
    (await waitFor(() => button(el, 'Create for 2 clients'), 'two selected')).click();
    await waitFor(() => textOf(el).includes('Created for 2 clients.'), 'the result');
    assertEqual(
      api.callsTo('POST /firm/templates/tpl_1/apply')[0]!.body,
      { clientIds: ['cli_baltic', 'cli_north'], startDate: '2027-01-04', title: 'Annual report 2026' },
      'the ids (by name), the start date and the title',
    );
    assertEqual(api.callsTo('GET /firm/clients').at(-2)?.query.get('q'), 'timber', 'searched on the server');
  });

  it('finds a client beyond the first page of clients by searching', async () => {
    const many = [firmClients[0]!, ...Array.from({ length: 59 }, (_, i) => ({ ...firmClients[0]!, id: `cli_${i + 2}`, name: `Client ${String(i + 2).padStart(2, '0')} AS` }))];
    api = firmApi({
      'GET /firm/clients': clientsRoute(many),
      'GET /firm/templates/tpl_1': { body: firmTemplate() },
      'POST /firm/templates/tpl_1/apply': (call) => ({
        status: 201,
        body: { items: (call.body as { clientIds: string[] }).clientIds.map((clientId) => ({ clientId, workId: `wrk_${clientId}`, taskIds: ['t'] })) },
      }),
    });
    const el = await signedInConsole();
    await openSection(el, 'Templates');
    (await waitFor(() => button(el, 'Create from template'), 'the apply button')).click();
    await waitFor(() => pickerBox(el, 'Client 02 AS'), 'the client picker');
    setValue($(el, '#apply-q'), 'Client 57');
    setChecked(await waitFor(() => pickerBox(el, 'Client 57 AS'), 'the 57th client found'), true);
    setValue($(el, '#apply-start'), '2027-01-04');
    (await waitFor(() => button(el, 'Create for 1 client'), 'one selected')).click();
    await waitFor(() => api.callsTo('POST /firm/templates/tpl_1/apply').length === 1, 'sent');
    assertEqual((api.callsTo('POST /firm/templates/tpl_1/apply')[0]!.body as { clientIds: string[] }).clientIds, ['cli_57'], 'that client');
  });

  it('says so when applying is refused, and created nothing', async () => {
    api = firmApi({
      'GET /firm/templates/tpl_1': { body: firmTemplate() },
      'POST /firm/templates/tpl_1/apply': { status: 404, body: errorBody('not_found', 'Client not found') },
    });
    const el = await signedInConsole();
    await openSection(el, 'Templates');
    (await waitFor(() => button(el, 'Create from template'), 'the apply button')).click();
    await waitFor(() => pickerBox(el, 'Baltic Timber AS'), 'the client picker');
    setChecked(pickerBox(el, 'Baltic Timber AS'), true);
    setValue($(el, '#apply-start'), '2027-01-04');
    (await waitFor(() => button(el, 'Create for 1 client'), 'one selected')).click();
    await waitFor(() => $(el, '[role="alert"]'), 'the alert');
    assert(!textOf(el).includes('Created for'), 'no success claimed');
    assert(pickerBox(el, 'Baltic Timber AS')!.checked, 'the selection is kept to try again');
  });

  it('deletes a template only after a confirmation, with its version, and goes back to the list', async () => {
    api = firmApi({
      'GET /firm/templates/tpl_1': { body: firmTemplate() },
      'DELETE /firm/templates/tpl_1': { status: 204 },
    });
    const el = await signedInConsole();
    await openSection(el, 'Templates');
    (await waitFor(() => button(el, 'Annual report'), 'the list')).click();
    (await waitFor(() => button(el, 'Delete template'), 'the delete button of a saved template')).click();
    await waitFor(() => $(el, '#template-delete-confirm'), 'the confirmation');
    await expectAccessible(el);
    assertEqual(deepActiveElement()?.id, 'template-delete-confirm', 'focus on the confirmation');
    assert(textOf(el).includes('Delete the template “Annual report”? Work already created from it stays as it is.'), 'the question');
    button(el, 'Cancel')!.click();
    await waitFor(() => !$(el, '#template-delete-confirm'), 'cancelled');
    assertEqual(deepActiveElement()?.id, 'template-delete', 'focus back on Delete template');
    assertEqual(api.callsTo('DELETE /firm/templates/tpl_1').length, 0, 'nothing deleted on cancel');

    button(el, 'Delete template')!.click();
    (await waitFor(() => $<HTMLButtonElement>(el, '#template-delete-confirm'), 'the confirmation')).click();
    await waitFor(() => api.callsTo('DELETE /firm/templates/tpl_1').length === 1, 'the DELETE');
    assertEqual(api.callsTo('DELETE /firm/templates/tpl_1')[0]!.query.get('version'), '1', 'the version');
    await waitFor(() => $(el, 'h2[data-heading]')?.textContent === 'Templates', 'back on the list');
    assert(textOf(el).includes('Template “Annual report” is deleted.'), 'announced');
  });

  it('offers no delete for a template not saved yet, and says so when a stale delete is refused', async () => {
    api = firmApi({
      'GET /firm/templates/tpl_1': { body: firmTemplate() },
      'DELETE /firm/templates/tpl_1': { status: 409, body: errorBody('conflict', 'Stale version') },
    });
    const el = await signedInConsole();
    await openSection(el, 'Templates');
    (await waitFor(() => button(el, 'New work template'), 'the list')).click();
    await waitFor(() => $(el, 'h2[data-heading]')?.textContent === 'New work template', 'the new editor');
    assert(!button(el, 'Delete template'), 'nothing to delete yet');
    await openSection(el, 'Templates');
    (await waitFor(() => button(el, 'Annual report'), 'the list')).click();
    (await waitFor(() => button(el, 'Delete template'), 'the delete button')).click();
    (await waitFor(() => $<HTMLButtonElement>(el, '#template-delete-confirm'), 'the confirmation')).click();
    await waitFor(() => textOf(el).includes('Someone else changed this template meanwhile.'), 'the conflict said');
    assertEqual($(el, 'h2[data-heading]')?.textContent, 'Edit template', 'still in the editor');
  });

  it('speaks Estonian', async () => {
    api = firmApi({ 'GET /firm/templates/tpl_1': { body: firmTemplate() } });
    const el = await signedInConsole('et');
    await openSection(el, 'Mallid');
    (await waitFor(() => button(el, 'Loo mallist'), 'Create from template in Estonian')).click();
    await waitFor(() => button(el, 'Vali kõik näidatud'), 'Select all shown in Estonian');
    await expectAccessible(el);
    assert(button(el, 'Loo 0 kliendile'), 'the create button in Estonian');
    await openSection(el, 'Mallid');
    (await waitFor(() => button(el, 'Annual report'), 'the list')).click();
    (await waitFor(() => button(el, 'Kustuta mall'), 'Delete template in Estonian')).click();
    await waitFor(() => textOf(el).includes('Kas kustutada mall „Annual report”?'), 'the question in Estonian');
    assert(button(el, 'Jah, kustuta'), 'the confirmation in Estonian');
  });
});

import './define.ts';
import type { PorticoConsole } from './portico-console.ts';
import {
  $,
  afterEach,
  beforeEach,
  button,
  cleanupFixtures,
  describe,
  errorBody,
  expectAccessible,
  it,
  setLoginFragment,
  textOf,
  waitFor,
  type FakeApi,
} from '../internal/testing/helpers.ts';
import { assert, assertEqual, firmApi, firmTask, firmWork, openSection, pickClient, setChecked, setValue, signedInConsole, workStatuses } from '../internal/testing/firm-fakes.ts';
import type { Work } from '../internal/api-types.ts';

const detail = (over: Partial<Work> = {}) => ({
  ...firmWork(over),
  tasks: [
    firmTask({ id: 'tsk_a', title: 'Bank statements', section: 'Documents', workId: 'wrk_1', stage: 'draft', status: 'draft' }),
    firmTask({ id: 'tsk_b', title: 'Sign the report', section: 'Signing', workId: 'wrk_1' }),
    firmTask({ id: 'tsk_c', title: 'Payroll list', section: 'Documents', workId: 'wrk_1', stage: 'client_done' }),
  ],
});

const lastQuery = (api: FakeApi, key: string) => {
  const calls = api.callsTo(key);
  return Object.fromEntries(calls[calls.length - 1]!.query);
};

async function openWork(el: PorticoConsole): Promise<void> {
  await openSection(el, 'Work');
  (await waitFor(() => button(el, 'Annual report 2026'), 'the work in the list')).click();
  await waitFor(() => $(el, '#work-status-select option'), 'the work detail');
}

describe('<portico-console> work', () => {
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

  it('lists the firm’s work with its status, filtered by status, state, client, responsible and search', async () => {
    api = firmApi();
    const el = await signedInConsole();
    await openSection(el, 'Work');
    await waitFor(() => button(el, 'Annual report 2026'), 'the list');
    await waitFor(() => $(el, '#work-status option[value="sts_review"]'), 'the statuses in the filter');
    await expectAccessible(el);
    assertEqual(lastQuery(api, 'GET /firm/work'), { state: 'open' }, 'open work at first');
    assert(textOf(el).includes('Waiting for documents') && textOf(el).includes('2 of 2 tasks open'), 'status and counts');
    setValue($(el, '#work-status'), 'sts_review');
    await waitFor(() => lastQuery(api, 'GET /firm/work')['statusId'] === 'sts_review', 'the status filter');
    setValue($(el, '#work-state'), 'completed');
    await pickClient(el, '#work-client', 'Harbor', 'cli_harbor');
    setValue($(el, '#work-responsible'), 'mem_owner');
    setValue($(el, '#work-q'), 'annual');
    button(el, 'Search')!.click();
    await waitFor(() => lastQuery(api, 'GET /firm/work')['q'] === 'annual', 'the search');
    assertEqual(
      lastQuery(api, 'GET /firm/work'),
      { clientId: 'cli_harbor', statusId: 'sts_review', responsibleId: 'mem_owner', state: 'completed', q: 'annual' },
      'every filter',
    );
  });

  it('tells staff which work a client started themselves, in the list and the detail', async () => {
    const started = Date.UTC(2026, 10, 20, 9, 30);
    api = firmApi({
      'GET /firm/work': { body: { items: [firmWork({ selfServiceStartedAt: started })], nextCursor: null } },
      'GET /firm/work/wrk_1': { body: detail({ selfServiceStartedAt: started }) },
    });
    const el = await signedInConsole();
    await openSection(el, 'Work');
    await waitFor(() => button(el, 'Annual report 2026'), 'the list');
    await expectAccessible(el);
    assert(textOf(el).includes('Started by the client'), 'the list says the client started it');
    await openWork(el);
    const facts = $(el, 'dl.facts')!;
    assert(facts.textContent!.includes('Started by the client') && facts.textContent!.includes('2026'), 'the detail says when');
  });

  it('says nothing of the kind for work the firm made', async () => {
    api = firmApi();
    const el = await signedInConsole();
    await openSection(el, 'Work');
    await waitFor(() => button(el, 'Annual report 2026'), 'the list');
    assert(!textOf(el).includes('Started by the client'), 'no client-started badge');
  });

  it('picks the responsible member from the firm’s members: the work list and board filters, and the work’s own', async () => {
    api = firmApi({
      'GET /firm/work/wrk_1': { body: detail() },
      'PATCH /firm/work/wrk_1': { body: firmWork({ responsibleMemberId: 'mem_mari', version: 4 }) },
      // Two pages: every member is listed, not only the first page.
      'GET /firm/members': (call) =>
        call.query.get('cursor') === 'p2'
          ? { body: { items: [{ id: 'mem_jaan', name: 'Jaan Kask', email: 'jaan@demo.test', role: 'admin' }], nextCursor: null } }
          : { body: { items: [{ id: 'mem_owner', name: 'Olivia Owner', email: 'owner@demo.test', role: 'owner' }, { id: 'mem_mari', name: 'Mari Tamm', email: 'mari@demo.test', role: 'member' }], nextCursor: 'p2' } },
    });
    const el = await signedInConsole();
    await openSection(el, 'Work');
    await waitFor(() => $(el, '#work-responsible option[value="mem_jaan"]'), 'the members in the filter');
    await expectAccessible(el);
    const names = (sel: string) => [...el.shadowRoot!.querySelectorAll(`${sel} option`)].map((o) => o.textContent?.trim());
    assertEqual(names('#work-responsible'), ['Anyone', 'Me', 'Jaan Kask', 'Mari Tamm'], 'anyone, me, then the others by name');
    setValue($(el, '#work-responsible'), 'mem_mari');
    await waitFor(() => lastQuery(api, 'GET /firm/work')['responsibleId'] === 'mem_mari', 'the work list filtered by Mari');

    await openSection(el, 'Task board');
    await waitFor(() => $(el, '#board-responsible option[value="mem_mari"]'), 'the members on the board');
    setValue($(el, '#board-responsible'), 'mem_jaan');
    await waitFor(() => lastQuery(api, 'GET /firm/tasks')['responsibleId'] === 'mem_jaan', 'the board filtered by Jaan');
    assertEqual(api.callsTo('GET /firm/members').length, 2, 'the members are read once (two pages) for all pickers');

    await openWork(el);
    await waitFor(() => $(el, '#work-responsible-select option[value="mem_mari"]'), 'the members in the work detail');
    assertEqual(($(el, '#work-responsible-select') as HTMLSelectElement).value, 'mem_owner', 'the work’s responsible shown');
    assertEqual(names('#work-responsible-select'), ['Nobody', 'Me', 'Jaan Kask', 'Mari Tamm'], 'nobody, me, the others');
    await expectAccessible(el);
    setValue($(el, '#work-responsible-select'), 'mem_mari');
    await waitFor(() => api.callsTo('PATCH /firm/work/wrk_1').length === 1, 'the PATCH');
    assertEqual(api.callsTo('PATCH /firm/work/wrk_1')[0]!.body, { version: 3, responsibleMemberId: 'mem_mari' }, 'the responsible change, with the version');
    await waitFor(() => textOf(el).includes('“Annual report 2026”: responsible is now Mari Tamm.'), 'announced');
  });

  it('keeps “Me” in the pickers when the members cannot be read, and clears the work’s responsible with Nobody', async () => {
    api = firmApi({
      'GET /firm/members': { status: 500, body: errorBody('internal', 'Boom') },
      'GET /firm/work/wrk_1': { body: detail() },
      'PATCH /firm/work/wrk_1': { body: firmWork({ responsibleMemberId: null, version: 4 }) },
    });
    const el = await signedInConsole();
    await openWork(el);
    const names = [...el.shadowRoot!.querySelectorAll('#work-responsible-select option')].map((o) => o.textContent?.trim());
    assertEqual(names, ['Nobody', 'Me'], 'nobody and me without the list');
    setValue($(el, '#work-responsible-select'), '');
    await waitFor(() => api.callsTo('PATCH /firm/work/wrk_1').length === 1, 'the PATCH');
    assertEqual(api.callsTo('PATCH /firm/work/wrk_1')[0]!.body, { version: 3, responsibleMemberId: null }, 'cleared');
  });

  it('creates new work for a client with a start date, status and responsible, and opens it', async () => {
    api = firmApi({
      'POST /firm/work': (call) => ({ status: 201, body: firmWork({ id: 'wrk_new', ...(call.body as object) }) }),
      'GET /firm/work/wrk_new': { body: { ...detail({ id: 'wrk_new', title: 'VAT return Q3' }), tasks: [] } },
    });
    const el = await signedInConsole();
    await openSection(el, 'Work');
    (await waitFor(() => button(el, 'New work'), 'New work')).click();
    await waitFor(() => $(el, '#new-work-status option[value="sts_review"]'), 'the form with the statuses');
    await expectAccessible(el);
    button(el, 'Create work')!.click();
    await waitFor(() => textOf(el).includes('Please choose a client.'), 'the client asked for');
    assert(textOf(el).includes('Please give the work a title.') && textOf(el).includes('Please choose a start date.'), 'title and start date asked for');
    assertEqual(api.callsTo('POST /firm/work').length, 0, 'nothing sent');
    await expectAccessible(el);

    await pickClient(el, '#new-work-client', 'Harbor', 'cli_harbor');
    setValue($(el, '#new-work-title'), '  VAT return Q3 ');
    setValue($(el, '#new-work-start'), '2027-07-01');
    setValue($(el, '#new-work-status'), 'sts_review');
    await waitFor(() => $(el, '#new-work-responsible option[value="mem_mari"]'), 'the members');
    setValue($(el, '#new-work-responsible'), 'mem_mari');
    button(el, 'Create work')!.click();
    await waitFor(() => api.callsTo('POST /firm/work').length === 1, 'the POST');
    assertEqual(
      api.callsTo('POST /firm/work')[0]!.body,
      { clientId: 'cli_harbor', title: 'VAT return Q3', startDate: '2027-07-01', statusId: 'sts_review', responsibleMemberId: 'mem_mari' },
      'the work asked for',
    );
    await waitFor(() => $(el, 'h2[data-heading]')?.textContent === 'VAT return Q3', 'the new work opened');
    assert(textOf(el).includes('Work “VAT return Q3” is created.'), 'announced');
  });

  it('shows the server’s refusal of new work at its field, and leaves the form open', async () => {
    api = firmApi({
      'POST /firm/work': { status: 400, body: { error: { code: 'validation_failed', message: 'The request body is not valid', requestId: 'r', issues: [{ path: 'startDate', message: 'Too far in the past' }] } } },
    });
    const el = await signedInConsole();
    await openSection(el, 'Work');
    (await waitFor(() => button(el, 'New work'), 'New work')).click();
    await waitFor(() => $(el, '#new-work-client'), 'the form');
    assertEqual(($(el, '#new-work-responsible') as HTMLSelectElement).value, 'mem_owner', 'me by default');
    await pickClient(el, '#new-work-client', 'North', 'cli_north');
    setValue($(el, '#new-work-title'), 'Payroll');
    setValue($(el, '#new-work-start'), '1999-01-01');
    setValue($(el, '#new-work-responsible'), '');
    button(el, 'Create work')!.click();
    await waitFor(() => $(el, '#new-work-start-error')?.textContent?.includes('Too far in the past'), 'the message at the start date');
    assertEqual(api.callsTo('POST /firm/work')[0]!.body, { clientId: 'cli_north', title: 'Payroll', startDate: '1999-01-01' }, 'no status, nobody responsible');
    assert($(el, '#new-work-title'), 'the form stays open');
  });

  it('shows a work’s tasks by section and changes its status from the firm’s list, with the version', async () => {
    api = firmApi({
      'GET /firm/work/wrk_1': { body: detail() },
      'PATCH /firm/work/wrk_1': { body: firmWork({ statusId: 'sts_progress', statusName: 'In progress', version: 4 }) },
    });
    const el = await signedInConsole();
    await openWork(el);
    await expectAccessible(el);
    const sections = [...el.shadowRoot!.querySelectorAll('.work-section')].map((s) => [
      s.querySelector('h4')?.textContent,
      [...s.querySelectorAll('li button')].map((b) => b.textContent),
    ]);
    assertEqual(sections, [['Documents', ['Bank statements', 'Payroll list']], ['Signing', ['Sign the report']]], 'tasks by section');
    const options = [...el.shadowRoot!.querySelectorAll('#work-status-select option')].map((o) => o.textContent?.trim());
    assertEqual(options, ['Waiting for documents (clients see it)', 'In progress (clients see it)', 'In review', 'Done (clients see it)'], 'the firm’s statuses');
    setValue($(el, '#work-status-select'), 'sts_progress');
    await waitFor(() => api.callsTo('PATCH /firm/work/wrk_1').length === 1, 'the PATCH');
    assertEqual(api.callsTo('PATCH /firm/work/wrk_1')[0]!.body, { version: 3, statusId: 'sts_progress' }, 'the status change');
    await waitFor(() => textOf(el).includes('“Annual report 2026” is now “In progress”.'), 'announced');
    assertEqual(api.callsTo('GET /firm/work/wrk_1').length, 2, 'the work loaded again');
  });

  it('says so when a status change is refused, and shows the work as it is', async () => {
    api = firmApi({
      'GET /firm/work/wrk_1': { body: detail() },
      'PATCH /firm/work/wrk_1': { status: 409, body: errorBody('conflict') },
    });
    const el = await signedInConsole();
    await openWork(el);
    setValue($(el, '#work-status-select'), 'sts_done');
    const alert = await waitFor(() => $(el, '[role="alert"]'), 'the alert');
    assert(alert.textContent?.includes('not possible any more'), `alert: ${alert.textContent}`);
    await waitFor(() => ($(el, '#work-status-select') as HTMLSelectElement).value === 'sts_docs', 'the status as it is');
  });

  it('sends the drafts to the client, completes and reopens the work', async () => {
    let completed = false;
    api = firmApi({
      'GET /firm/work/wrk_1': () => ({ body: detail({ completedAt: completed ? 1_800_000_000_000 : null }) }),
      'POST /firm/work/wrk_1/send': { body: firmWork() },
      'POST /firm/work/wrk_1/complete': () => {
        completed = true;
        return { body: firmWork({ completedAt: 1_800_000_000_000 }) };
      },
      'POST /firm/work/wrk_1/reopen': () => {
        completed = false;
        return { body: firmWork() };
      },
    });
    const el = await signedInConsole();
    await openWork(el);
    button(el, 'Send to client')!.click();
    await waitFor(() => api.callsTo('POST /firm/work/wrk_1/send').length === 1, 'the send');
    await waitFor(() => textOf(el).includes('The drafts of “Annual report 2026” are sent to the client.'), 'announced');
    // The work reloads after the announcement; a click while it is busy would be dropped.
    (await waitFor(() => (button(el, 'Complete')?.disabled === false ? button(el, 'Complete') : null), 'Complete ready')).click();
    const reopen = await waitFor(() => button(el, 'Reopen'), 'Reopen offered');
    assert(!button(el, 'Send to client'), 'no sending for completed work');
    reopen.click();
    await waitFor(() => api.callsTo('POST /firm/work/wrk_1/reopen').length === 1 && button(el, 'Send to client'), 'open again');
  });

  it('renames a status, marks it client-facing and adds one', async () => {
    api = firmApi({
      'PATCH /firm/work-statuses/sts_review': (call) => ({ body: { ...workStatuses[2]!, ...(call.body as object) } }),
      'POST /firm/work-statuses': (call) => ({ status: 201, body: { id: 'sts_new', position: 4, clientFacing: false, ...(call.body as object) } }),
    });
    const el = await signedInConsole();
    await openSection(el, 'Work');
    button(el, 'Work statuses')!.click();
    await waitFor(() => $(el, '#status-sts_review'), 'the statuses screen');
    await expectAccessible(el);
    setValue($(el, '#status-sts_review'), 'Partner review');
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.includes('Rename: In review'))!.click();
    await waitFor(() => api.callsTo('PATCH /firm/work-statuses/sts_review').length === 1, 'the rename');
    assertEqual(api.callsTo('PATCH /firm/work-statuses/sts_review')[0]!.body, { version: 0, name: 'Partner review' }, 'the new name, with the version read');
    const facing = await waitFor(() => $<HTMLInputElement>(el, 'form[aria-label="Partner review"] input[type="checkbox"]'), 'the renamed status');
    setChecked(facing, true);
    await waitFor(() => api.callsTo('PATCH /firm/work-statuses/sts_review').length === 2, 'client-facing');
    assertEqual(api.callsTo('PATCH /firm/work-statuses/sts_review')[1]!.body, { version: 0, clientFacing: true }, 'marked client-facing');

    button(el, 'Add status')!.click();
    await waitFor(() => $(el, '#new-status-error'), 'a name is required');
    assertEqual(api.callsTo('POST /firm/work-statuses').length, 0, 'nothing sent without a name');
    setValue($(el, '#new-status-name'), 'Sent to the tax board');
    el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button[type="submit"]').forEach((b) => b.textContent?.trim() === 'Add status' && b.click());
    await waitFor(() => $(el, '#status-sts_new'), 'the new status');
    assertEqual(api.callsTo('POST /firm/work-statuses')[0]!.body, { name: 'Sent to the tax board', clientFacing: false }, 'the new status');
  });

  it('speaks Estonian', async () => {
    api = firmApi({ 'GET /firm/work/wrk_1': { body: detail() } });
    const el = await signedInConsole('et');
    await openSection(el, 'Tööd');
    (await waitFor(() => button(el, 'Annual report 2026'), 'the list')).click();
    await waitFor(() => button(el, 'Saada kliendile'), 'Send to client in Estonian');
    await expectAccessible(el);
    assert(textOf(el).includes('Klient on teinud, ootab sind'), 'a stage in Estonian');
    assert($(el, 'label[for="work-status-select"]')?.textContent === 'Olek', 'the status label');
    await waitFor(() => $(el, '#work-responsible-select option[value="mem_mari"]'), 'the members');
    assertEqual(
      [...el.shadowRoot!.querySelectorAll('#work-responsible-select option')].slice(0, 2).map((o) => o.textContent?.trim()),
      ['Mitte keegi', 'Mina'],
      'the responsible picker in Estonian',
    );
    await openSection(el, 'Tööd');
    (await waitFor(() => button(el, 'Uus töö'), 'New work in Estonian')).click();
    await waitFor(() => button(el, 'Loo töö'), 'Create work in Estonian');
    button(el, 'Loo töö')!.click();
    await waitFor(() => textOf(el).includes('Palun vali klient.'), 'the validation in Estonian');
    await expectAccessible(el);
  });
});

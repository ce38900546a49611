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
  expectAccessible,
  it,
  setLoginFragment,
  textOf,
  waitFor,
  type FakeApi,
} from '../internal/testing/helpers.ts';
import { assert, assertEqual, firmApi, firmClients, firmTask, firmWork, openSection, pickClient, setChecked, setValue, signedInConsole } from '../internal/testing/firm-fakes.ts';

const lastTasksQuery = (api: FakeApi) => {
  const calls = api.callsTo('GET /firm/tasks');
  return Object.fromEntries(calls[calls.length - 1]!.query);
};

const boardRows = (el: PorticoConsole) =>
  [...(el.shadowRoot?.querySelectorAll<HTMLElement>('[data-board-task]') ?? [])].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());

describe('<portico-console> task board', () => {
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

  it('is accessible, and focuses its heading when opened', async () => {
    api = firmApi();
    const el = await signedInConsole();
    await openSection(el, 'Task board');
    await waitFor(() => boardRows(el).length === 1, 'the board rows');
    await expectAccessible(el);
    assertEqual(deepActiveElement()?.textContent?.trim(), 'Task board', 'focus on the heading');
    assertEqual(button(el, 'Task board')?.getAttribute('aria-current'), 'page', 'the current section');
  });

  it('sends each filter in the query: stage, overdue, client, work, responsible and search', async () => {
    api = firmApi();
    const el = await signedInConsole();
    await openSection(el, 'Task board');
    await waitFor(() => api.callsTo('GET /firm/tasks').length === 1, 'the first page');
    assertEqual(lastTasksQuery(api), {}, 'no filter at first');

    setValue($(el, '#board-stage'), 'client_done');
    await waitFor(() => lastTasksQuery(api)['stage'] === 'client_done', 'the stage filter');

    setChecked($(el, '.filters input[type="checkbox"]'), true);
    await waitFor(() => lastTasksQuery(api)['overdue'] === 'true', 'the overdue filter');

    await pickClient(el, '#board-client', 'North', 'cli_north');
    await waitFor(() => lastTasksQuery(api)['clientId'] === 'cli_north', 'the client filter');
    await waitFor(() => $(el, '#board-work option[value="wrk_1"]'), 'the client’s work in the work filter');
    assertEqual(api.callsTo('GET /firm/work')[0]?.query.get('clientId'), 'cli_north', 'work of that client');

    setValue($(el, '#board-work'), 'wrk_1');
    await waitFor(() => lastTasksQuery(api)['workId'] === 'wrk_1', 'the work filter');

    setValue($(el, '#board-responsible'), 'mem_owner');
    await waitFor(() => lastTasksQuery(api)['responsibleId'] === 'mem_owner', 'responsible: me');

    setValue($(el, '#board-q'), '  receipts ');
    button(el, 'Search')!.click();
    await waitFor(() => lastTasksQuery(api)['q'] === 'receipts', 'the search');
    assertEqual(
      lastTasksQuery(api),
      { stage: 'client_done', overdue: 'true', clientId: 'cli_north', workId: 'wrk_1', responsibleId: 'mem_owner', q: 'receipts' },
      'every filter together',
    );

    // Another client clears the work filter (that work is not theirs).
    await pickClient(el, '#board-client', 'Harbor', 'cli_harbor');
    await waitFor(() => lastTasksQuery(api)['clientId'] === 'cli_harbor', 'the other client');
    assert(!('workId' in lastTasksQuery(api)), 'the work filter is cleared');
  });

  it('finds a client beyond the first page of clients, and clearing the filter shows all clients again', async () => {
    // 60 clients: the default page (50) would leave out the last ten; the picker asks the server with `q`.
    const many = [firmClients[0]!, ...Array.from({ length: 59 }, (_, i) => ({ ...firmClients[0]!, id: `cli_${i + 2}`, name: `Client ${String(i + 2).padStart(2, '0')} AS` }))];
    api = firmApi({
      'GET /firm/clients': (call) => {
        const q = (call.query.get('q') ?? '').toLocaleLowerCase();
        const limit = Math.min(Number(call.query.get('limit') ?? 50), 200);
        const found = many.filter((c) => c.name.toLocaleLowerCase().includes(q));
        return { body: { items: found.slice(0, limit), nextCursor: found.length > limit ? 'cur_next' : null } };
      },
    });
    const el = await signedInConsole();
    await openSection(el, 'Task board');
    await waitFor(() => api.callsTo('GET /firm/tasks').length === 1, 'the first page');
    await pickClient(el, '#board-client', 'Client 57', 'cli_57');
    await waitFor(() => lastTasksQuery(api)['clientId'] === 'cli_57', 'the board for the 57th client');
    assertEqual(api.callsTo('GET /firm/clients').at(-1)?.query.get('q'), 'Client 57', 'searched on the server');
    assertEqual(($(el, '#board-client') as HTMLInputElement).value, 'Client 57 AS', 'the filter names the client');

    setValue($(el, '#board-client'), '');
    await waitFor(() => !('clientId' in lastTasksQuery(api)), 'all clients again');
  });

  it('pages with Show more, sending the cursor and adding the next page below', async () => {
    api = firmApi({
      'GET /firm/tasks': (call) =>
        call.query.get('cursor') === 'cur_2'
          ? { body: { items: [firmTask({ id: 'tsk_old', title: 'Older task' })], nextCursor: null } }
          : { body: { items: [firmTask({ id: 'tsk_new', title: 'Newer task' })], nextCursor: 'cur_2' } },
    });
    const el = await signedInConsole();
    await openSection(el, 'Task board');
    const more = await waitFor(() => button(el, 'Show more'), 'Show more');
    more.click();
    await waitFor(() => boardRows(el).length === 2, 'two pages');
    assertEqual(api.callsTo('GET /firm/tasks')[1]?.query.get('cursor'), 'cur_2', 'the cursor');
    assert(boardRows(el)[0]!.startsWith('Newer task') && boardRows(el)[1]!.startsWith('Older task'), `order: ${boardRows(el)}`);
    assert(!button(el, 'Show more'), 'no more after the last page');
    await waitFor(() => textOf(el).includes('2 tasks shown.'), 'says how many are shown');
  });

  it('shows "done by client, waiting for you" as its own state, and overdue in words', async () => {
    api = firmApi({
      'GET /firm/tasks': {
        body: {
          items: [
            firmTask({ id: 'tsk_a', title: 'Bank statements', stage: 'client_done', clientState: 'done' }),
            firmTask({ id: 'tsk_b', title: 'VAT return', stage: 'waiting', dueDate: '2026-01-05', overdue: true }),
          ],
          nextCursor: null,
        },
      },
    });
    const el = await signedInConsole();
    await openSection(el, 'Task board');
    await waitFor(() => boardRows(el).length === 2, 'the rows');
    const [done, late] = boardRows(el);
    assert(done!.includes('Done by client, waiting for you'), `row: ${done}`);
    assert(!late!.includes('Done by client'), `row: ${late}`);
    assert(late!.includes('Waiting on client') && late!.includes('(overdue)'), `row: ${late}`);
    const options = [...el.shadowRoot!.querySelectorAll('#board-stage option')].map((o) => o.textContent?.trim());
    assertEqual(
      options,
      ['All stages', 'Draft', 'Waiting on client', 'Done by client, waiting for you', 'Completed', 'Withdrawn'],
      'the stages offered',
    );
  });

  it('keeps its filters when coming back from a task', async () => {
    api = firmApi({
      'GET /firm/tasks/tsk_1': { body: firmTask() },
      'GET /firm/tasks/tsk_1/history': { body: { items: [], nextCursor: null } },
    });
    const el = await signedInConsole();
    await openSection(el, 'Task board');
    setValue($(el, '#board-stage'), 'waiting');
    await waitFor(() => lastTasksQuery(api)['stage'] === 'waiting', 'the stage filter');
    (await waitFor(() => button(el, 'Send March receipts'), 'the row')).click();
    const back = await waitFor(() => button(el, 'Back'), 'the detail');
    const calls = api.callsTo('GET /firm/tasks').length;
    back.click();
    await waitFor(() => api.callsTo('GET /firm/tasks').length > calls && $(el, '#board-stage'), 'the board again');
    assertEqual(lastTasksQuery(api), { stage: 'waiting' }, 'the same filter, loaded again');
    assertEqual(($(el, '#board-stage') as HTMLSelectElement).value, 'waiting', 'the filter shows it');
  });

  it('opens on the chosen client from its panel, and shows its work too', async () => {
    api = firmApi();
    const el = await signedInConsole();
    button(el, 'Northwind Bakery OÜ')!.click();
    (await waitFor(() => button(el, 'This client on the task board'), 'the board link')).click();
    await waitFor(() => lastTasksQuery(api)['clientId'] === 'cli_north', 'the board for the client');
    assertEqual(($(el, '#board-client') as HTMLInputElement).value, 'Northwind Bakery OÜ', 'the client filter names it');
    button(el, 'Back')?.click();
    api.on('GET /firm/work', { body: { items: [firmWork({ title: 'VAT 2026' })], nextCursor: null } });
    await openSection(el, 'Clients');
    (await waitFor(() => button(el, 'Work for this client'), 'the work link')).click();
    await waitFor(() => textOf(el).includes('VAT 2026'), 'the client’s work');
    const workCalls = api.callsTo('GET /firm/work');
    assertEqual(workCalls[workCalls.length - 1]?.query.get('clientId'), 'cli_north', 'work of that client');
  });

  it('speaks Estonian', async () => {
    api = firmApi({ 'GET /firm/tasks': { body: { items: [firmTask({ stage: 'client_done' })], nextCursor: 'c' } } });
    const el = await signedInConsole('et');
    await openSection(el, 'Ülesannete tahvel');
    await waitFor(() => boardRows(el).length === 1, 'the rows');
    await expectAccessible(el);
    assert(boardRows(el)[0]!.includes('Klient on teinud, ootab sind'), `row: ${boardRows(el)[0]}`);
    assert(button(el, 'Näita rohkem'), 'Show more in Estonian');
    assert($(el, 'label[for="board-stage"]')?.textContent?.includes('Etapp'), 'the stage label');
  });
});

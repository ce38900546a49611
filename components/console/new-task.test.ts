import './define.ts';
import {
  $,
  afterEach,
  beforeEach,
  button,
  cleanupFixtures,
  describe,
  expectAccessible,
  it,
  setLoginFragment,
  waitFor,
  type FakeApi,
} from '../internal/testing/helpers.ts';
import { assertEqual, firmApi, firmTask, setChecked, setValue, signedInConsole } from '../internal/testing/firm-fakes.ts';

describe('<portico-console> new task', () => {
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

  it('creates a repeating task (monthly on the last day, until a date) that completes itself', async () => {
    api = firmApi({ 'POST /firm/tasks': (call) => ({ status: 201, body: firmTask({ title: (call.body as { title: string }).title }) }) });
    const el = await signedInConsole();
    button(el, 'Northwind Bakery OÜ')!.click();
    (await waitFor(() => button(el, 'New task'), 'New task')).click();
    await waitFor(() => $(el, '#new-task-form'), 'the form');
    setValue($(el, '#new-task-title'), 'Monthly payroll');
    setChecked($(el, 'input[name="autoComplete"]'), true);
    setValue($(el, '#new-task-freq'), 'monthly');
    await waitFor(() => $(el, '#new-task-day'), 'the day of the month');
    setValue($(el, '#new-task-day'), '-1');
    setValue($(el, '#new-task-end'), 'until');
    await waitFor(() => $(el, '#new-task-until'), 'the last date');
    setValue($(el, '#new-task-until'), '2027-12-31');
    await expectAccessible(el);
    button(el, 'Create task')!.click();
    await waitFor(() => api.callsTo('POST /firm/tasks').length === 1, 'the POST');
    assertEqual(
      api.callsTo('POST /firm/tasks')[0]!.body,
      {
        clientId: 'cli_north',
        title: 'Monthly payroll',
        assign: false,
        autoComplete: true,
        recurrence: { freq: 'monthly', day: -1, until: '2027-12-31' },
      },
      'the create body',
    );
  });
});

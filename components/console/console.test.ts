import { html } from 'lit';
import './define.ts';
import type { PorticoConsole } from './portico-console.ts';
import type { FirmClient, FirmTask, FirmTaskAction, LinkInspection, SessionCreated } from '../internal/api-types.ts';
import { staffTokenStore } from '../internal/session-store.ts';
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
  fixture,
  it,
  setLoginFragment,
  textOf,
  waitFor,
  type FakeReply,
  type RecordedCall,
} from '../internal/testing/helpers.ts';
import { firmTask } from '../internal/testing/firm-fakes.ts';

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function assertEqual<T>(actual: T, expected: T, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

/** The bearer token the console keeps for the API and firm it is rendered with below. */
const storedToken = () => staffTokenStore.load('', 'demo');

const staffSession: SessionCreated = {
  token: 'ses_staff',
  expiresAt: Date.now() + 86_400_000,
  audience: 'staff',
  user: { id: 'mem_owner', email: 'owner@demo.test', name: 'Olivia Owner' },
  firm: { slug: 'demo', name: 'Demo & Partners', locale: 'en', branding: {}, showWorkList: false, requestsEnabled: true, portalActive: true, description: '', welcomeVideoUrl: null },
  clients: [],
};

const inspection: LinkInspection = {
  email: 'owner@demo.test',
  audience: 'staff',
  firm: { slug: 'demo', name: 'Demo & Partners' },
  purpose: 'sign_in',
  pinRequired: false,
};

const clients: FirmClient[] = [
  {
    id: 'cli_north',
    name: 'Northwind Bakery OÜ',
    portalOpen: true,
    responsibleMemberId: 'mem_owner',
    documentFolderUrl: null,
    digitisationAddress: null,
    contacts: [{ id: 'con_1', email: 'client@demo.test', name: 'Kati Klient', emailUndeliverable: null }],
  },
  {
    id: 'cli_harbor',
    name: 'Harbor Lights Studio',
    portalOpen: false,
    responsibleMemberId: null,
    documentFolderUrl: null,
    digitisationAddress: null,
    contacts: [{ id: 'con_2', email: 'heli@harbor.test', name: 'Heli', emailUndeliverable: { at: 1_700_000_000_000, reason: 'HardBounce: mailbox not found' } }],
  },
];

/** Which status each transition starts from: the fake server's rule, sent to the console as each task's `actions`. */
const allowedFrom: Record<FirmTaskAction, FirmTask['status'][]> = {
  assign: ['draft', 'withdrawn'],
  withdraw: ['assigned'],
  complete: ['draft', 'assigned', 'withdrawn'],
  reopen: ['completed'],
};

/** A task as the server answers it: with the transitions its status allows now. */
const withActions = (t: FirmTask): FirmTask => ({
  ...t,
  actions: (Object.keys(allowedFrom) as FirmTaskAction[]).filter((a) => allowedFrom[a].includes(t.status)),
});

/** A task as firm-fakes makes one, at version 0 as this stand-in starts them. */
const task = (over: Partial<FirmTask>): FirmTask => firmTask({ version: 0, ...over });

/** A stand-in for the staff side of the API that keeps tasks in memory. */
function staffApi(opts: { signedIn?: boolean } = {}) {
  let tasks: FirmTask[] = [task({})];
  let signedIn = opts.signedIn ?? false;
  let next = 2;
  const credentials: Array<RequestCredentials | undefined> = [];
  const api = new FakeApi({
    'GET /auth/session': () =>
      signedIn ? { body: { ...staffSession, token: undefined } } : { status: 401, body: errorBody('unauthorized') },
    'POST /auth/link': { status: 202, body: { ok: true } },
    'POST /auth/link/inspect': (call) =>
      (call.body as { token: string }).token === 'tok_good'
        ? { body: inspection }
        : { status: 401, body: errorBody('invalid_token') },
    'POST /auth/session': (call) => {
      if ((call.body as { token: string }).token !== 'tok_good') return { status: 401, body: errorBody('invalid_token') };
      signedIn = true;
      return { body: staffSession };
    },
    'DELETE /auth/session': () => {
      signedIn = false;
      return { status: 204 };
    },
    'GET /firm/clients': { body: { items: clients } },
    'GET /firm/tasks': (call) => ({
      body: { items: tasks.filter((t) => t.clientId === call.query.get('clientId')).map(withActions) },
    }),
    'POST /firm/tasks': (call) => {
      const body = call.body as { clientId: string; title: string; description?: string; dueDate?: string; checklist?: string[]; assign?: boolean };
      const created = task({
        id: `tsk_${next++}`,
        clientId: body.clientId,
        title: body.title,
        description: body.description ?? '',
        dueDate: body.dueDate ?? null,
        status: body.assign ? 'assigned' : 'draft',
        assignedAt: body.assign ? Date.now() : null,
        checklistItems: (body.checklist ?? []).map((entry) => (typeof entry === 'string' ? { text: entry, requestsFile: false } : entry)).map(({ text, requestsFile }, i) => ({ id: `chk_${i}`, text, done: false, requestsFile: requestsFile ?? false, latestFile: null })),
      });
      tasks = [created, ...tasks];
      return { status: 201, body: withActions(created) };
    },
  });
  const transition = (action: FirmTaskAction, to: FirmTask['status']) => (call: RecordedCall) => {
    const id = call.path.split('/')[3];
    const found = tasks.find((t) => t.id === id);
    if (!found) return { status: 404, body: errorBody('not_found') };
    if (!allowedFrom[action].includes(found.status)) return { status: 409, body: errorBody('conflict', `Cannot ${action}`) };
    found.status = to;
    return { body: withActions(found) };
  };
  // Routes are matched on the exact path, so register the transitions per task id on demand.
  const withTransitions = (id: string) => {
    api.on(`POST /firm/tasks/${id}/assign`, transition('assign', 'assigned'));
    api.on(`POST /firm/tasks/${id}/withdraw`, transition('withdraw', 'withdrawn'));
    api.on(`POST /firm/tasks/${id}/complete`, transition('complete', 'completed'));
    api.on(`POST /firm/tasks/${id}/reopen`, transition('reopen', 'assigned'));
  };
  for (let i = 1; i < 6; i++) withTransitions(`tsk_${i}`);

  // Record the fetch credentials mode too (FakeApi records headers and bodies).
  const fake = window.fetch;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    credentials.push(init?.credentials);
    return fake(input, init);
  };
  return {
    api,
    credentials,
    tasks: () => tasks,
    restore: () => api.restore(),
  };
}

type Stub = ReturnType<typeof staffApi>;

/** Holds the answers of a route back until `gate` resolves. */
function holdRoute(stub: Stub, key: string, gate: Promise<void>): void {
  const route = stub.api.routes.get(key);
  assert(route, `no route ${key}`);
  stub.api.on(key, async (call) => {
    await gate;
    return typeof route === 'function' ? route(call) : route;
  });
}

/** `YYYY-MM-DD` of today (+ `days`) in this browser's timezone. */
const browserDay = (days = 0) => {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

const hashChangeTo = (token: string) => {
  setLoginFragment(token);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
};

const render = () => fixture<PorticoConsole>(html`<portico-console api="" firm="demo"></portico-console>`);

const input = (el: PorticoConsole, selector: string) => {
  const found = $<HTMLInputElement | HTMLTextAreaElement>(el, selector);
  assert(found, `no ${selector}`);
  return found;
};

const type = (field: HTMLInputElement | HTMLTextAreaElement, value: string) => {
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
};

const labelFor = (el: PorticoConsole, id: string) => $(el, `label[for="${id}"]`)?.textContent?.trim();

/** Signs in through the `#login=` link flow and waits for the clients list. */
async function signIn(stub: Stub): Promise<PorticoConsole> {
  setLoginFragment('tok_good');
  const el = await render();
  const cont = await waitFor(() => button(el, 'Continue as owner@demo.test'), 'the Continue button');
  cont.click();
  await waitFor(() => button(el, 'Northwind Bakery OÜ'), 'the clients list');
  assert(stub.api.callsTo('POST /auth/session').length === 1, 'one session exchange');
  return el;
}

async function chooseNorthwind(el: PorticoConsole): Promise<void> {
  button(el, 'Northwind Bakery OÜ')!.click();
  await waitFor(() => textOf(el).includes('Send March receipts'), 'the Northwind tasks');
}

/** The `<li>` of a task in the list, by title. */
const taskRow = (el: PorticoConsole, title: string) =>
  [...(el.shadowRoot?.querySelectorAll<HTMLElement>('[data-task-id]') ?? [])].find(
    (li) => li.querySelector('h3')?.textContent?.trim() === title,
  ) ?? null;

const rowButton = (el: PorticoConsole, title: string, label: string) =>
  [...(taskRow(el, title)?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.trim().startsWith(label)) ??
  null;

describe('<portico-console>', () => {
  let stub: Stub;

  beforeEach(() => {
    sessionStorage.clear();
    setLoginFragment(null);
  });

  afterEach(() => {
    cleanupFixtures();
    stub?.restore();
    sessionStorage.clear();
    setLoginFragment(null);
  });

  it('is accessible signed out and signed in', async () => {
    stub = staffApi();
    const out = await render();
    await waitFor(() => $(out, 'form'), 'the sign-in form');
    await expectAccessible(out);
    cleanupFixtures();

    const el = await signIn(stub);
    await expectAccessible(el);
    await chooseNorthwind(el);
    await expectAccessible(el);
    button(el, 'New task')!.click();
    await waitFor(() => $(el, '#new-task-form'), 'the new task form');
    await expectAccessible(el);
  });

  it('emails a staff sign-in link for the firm and says to check email', async () => {
    stub = staffApi();
    const el = await render();
    await waitFor(() => $(el, 'form'), 'the sign-in form');
    assertEqual(labelFor(el, 'email'), 'Email address', 'email label');
    type(input(el, '#email'), 'owner@demo.test');
    button(el, 'Email me a sign-in link')!.click();
    await waitFor(() => textOf(el).includes('Check your email'), 'the check-email view');
    assertEqual(stub.api.callsTo('POST /auth/link').map((c) => c.body), [
      { firm: 'demo', email: 'owner@demo.test', as: 'staff' },
    ], 'link request');
    assert(textOf(el).includes('owner@demo.test'), 'names the address');
  });

  it('refuses an invalid email address without calling the API', async () => {
    stub = staffApi();
    const el = await render();
    await waitFor(() => $(el, 'form'), 'the sign-in form');
    type(input(el, '#email'), 'not an address');
    button(el, 'Email me a sign-in link')!.click();
    await new Promise((r) => setTimeout(r, 50));
    assertEqual(stub.api.callsTo('POST /auth/link').length, 0, 'link requests');
    assert(!textOf(el).includes('Check your email'), 'stays on the form');
  });

  it('signs in from #login= only on click, with the cookie and a bearer fallback', async () => {
    stub = staffApi();
    setLoginFragment('tok_good');
    const el = await render();
    const cont = await waitFor(() => button(el, 'Continue as owner@demo.test'), 'the Continue button');
    assertEqual(stub.api.callsTo('POST /auth/link/inspect').map((c) => c.body), [{ token: 'tok_good' }], 'inspect');
    assertEqual(stub.api.callsTo('POST /auth/session').length, 0, 'no session before the click');

    cont.click();
    await waitFor(() => button(el, 'Northwind Bakery OÜ'), 'the clients list');
    const exchange = stub.api.callsTo('POST /auth/session');
    assertEqual(exchange.map((c) => c.body), [{ token: 'tok_good' }], 'session exchange');
    assert(stub.credentials.length > 0, 'calls were recorded');
    assert(stub.credentials.every((c) => c === 'include'), 'every call sends credentials: include');
    assertEqual(storedToken(), 'ses_staff', 'stored bearer token');
    assertEqual(location.hash, '', 'fragment removed');
    assert(textOf(el).includes('Signed in as owner@demo.test'), 'shows who is signed in');
    const clientsCall = stub.api.callsTo('GET /firm/clients')[0];
    assertEqual(clientsCall?.headers.get('authorization'), 'Bearer ses_staff', 'bearer on staff calls');
  });

  it('says so when the link is used up, and offers the email form', async () => {
    stub = staffApi();
    setLoginFragment('tok_used');
    const el = await render();
    const alert = await waitFor(() => $(el, '[role="alert"]'), 'an alert');
    assert(alert.textContent?.includes('already used or expired'), `alert text: ${alert.textContent}`);
    assert($(el, '#email'), 'email form shown');
    assertEqual(stub.api.callsTo('POST /auth/session').length, 0, 'no session exchange');
  });

  it('refuses a client portal link', async () => {
    stub = staffApi();
    stub.api.on('POST /auth/link/inspect', { body: { ...inspection, audience: 'client' } });
    setLoginFragment('tok_good');
    const el = await render();
    const alert = await waitFor(() => $(el, '[role="alert"]'), 'an alert');
    assert(alert.textContent?.includes('client portal'), `alert text: ${alert.textContent}`);
    assert(!button(el, 'Continue as'), 'no Continue button');
  });

  it('resumes a stored session', async () => {
    stub = staffApi({ signedIn: true });
    staffTokenStore.save('', 'demo', 'ses_staff');
    const el = await render();
    await waitFor(() => button(el, 'Northwind Bakery OÜ'), 'the clients list');
    assertEqual(stub.api.callsTo('GET /auth/session')[0]?.headers.get('authorization'), 'Bearer ses_staff', 'bearer');
  });

  it('lists clients and the chosen client’s tasks with their status', async () => {
    stub = staffApi();
    const el = await signIn(stub);
    const harbor = button(el, 'Harbor Lights Studio')!;
    assert(harbor.textContent?.includes('portal closed'), 'marks a closed portal');
    assertEqual(button(el, 'Northwind Bakery OÜ')!.getAttribute('aria-pressed'), 'false', 'nothing chosen yet');
    await chooseNorthwind(el);
    assertEqual(button(el, 'Northwind Bakery OÜ')!.getAttribute('aria-pressed'), 'true', 'chosen');
    assertEqual(stub.api.callsTo('GET /firm/tasks')[0]?.query.get('clientId'), 'cli_north', 'tasks query');
    const row = taskRow(el, 'Send March receipts');
    assert(row?.textContent?.includes('Assigned'), 'shows the status');
    assert(rowButton(el, 'Send March receipts', 'Withdraw'), 'an assigned task can be withdrawn');
    assert(!rowButton(el, 'Send March receipts', 'Assign'), 'an assigned task cannot be assigned again');
    assert(textOf(el).includes('client@demo.test'), 'shows the portal contacts');
  });

  it('names a contact whose email cannot be delivered, with the reason, under its client', async () => {
    stub = staffApi();
    const el = await signIn(stub);
    const notes = [...(el.shadowRoot?.querySelectorAll('.clients [role="note"]') ?? [])].map((n) => n.textContent?.trim());
    assertEqual(notes, ['Email to heli@harbor.test cannot be delivered (HardBounce: mailbox not found); nothing is sent there until the address changes.'], 'only the undeliverable contact');
  });

  it('creates a task with due date and checklist, assigned to the portal', async () => {
    stub = staffApi();
    const el = await signIn(stub);
    await chooseNorthwind(el);
    const toggle = button(el, 'New task')!;
    assertEqual(toggle.getAttribute('aria-expanded'), 'false', 'form closed');
    toggle.click();
    await waitFor(() => $(el, '#new-task-form'), 'the form');
    assertEqual(toggle.getAttribute('aria-expanded'), 'true', 'form open');
    assertEqual(deepActiveElement()?.id, 'new-task-title', 'focus on the title');
    for (const [id, label] of [
      ['new-task-title', 'Title'],
      ['new-task-description', 'Description'],
      ['new-task-due', 'Due date'],
      ['new-task-checklist', 'Checklist'],
    ]) {
      assertEqual(labelFor(el, id!), label, `label of ${id}`);
    }
    assertEqual(input(el, '#new-task-due').type, 'date', 'due date input type');

    type(input(el, '#new-task-title'), '  Q1 VAT documents ');
    type(input(el, '#new-task-description'), 'Everything for the Q1 VAT return.');
    type(input(el, '#new-task-due'), '2030-04-20');
    type(input(el, '#new-task-checklist'), 'Sales invoices\n\n  Purchase invoices \nBank statement\n');
    input(el, 'input[name="assign"]').click();
    button(el, 'Create task')!.click();

    await waitFor(() => taskRow(el, 'Q1 VAT documents'), 'the new task in the list');
    assertEqual(stub.api.callsTo('POST /firm/tasks').map((c) => c.body), [
      {
        clientId: 'cli_north',
        title: 'Q1 VAT documents',
        description: 'Everything for the Q1 VAT return.',
        dueDate: '2030-04-20',
        checklist: ['Sales invoices', 'Purchase invoices', 'Bank statement'],
        assign: true,
      },
    ], 'create body');
    const status = $(el, '[role="status"]')!;
    assert(status.textContent?.includes('created and assigned'), `status: ${status.textContent}`);
    const row = taskRow(el, 'Q1 VAT documents')!;
    assert(row.textContent?.includes('Assigned'), 'new task is assigned');
    assert(row.textContent?.includes('Due 20 Apr 2030'), `due date shown: ${row.textContent}`);
    assert(row.textContent?.includes('Purchase invoices'), 'checklist shown');
    assert(!$(el, '#new-task-form'), 'form closed after creating');
  });

  it('refuses a task without a title and sends nothing', async () => {
    stub = staffApi();
    const el = await signIn(stub);
    await chooseNorthwind(el);
    button(el, 'New task')!.click();
    await waitFor(() => $(el, '#new-task-form'), 'the form');
    type(input(el, '#new-task-title'), '   ');
    button(el, 'Create task')!.click();
    const alert = await waitFor(() => $(el, '#new-task-form [role="alert"]'), 'an alert in the form');
    assert(alert.textContent?.includes('title'), `alert: ${alert.textContent}`);
    assertEqual(stub.api.callsTo('POST /firm/tasks').length, 0, 'create calls');
  });

  it('shows the server’s validation message when a task is refused', async () => {
    stub = staffApi();
    stub.api.on('POST /firm/tasks', { status: 400, body: errorBody('validation_failed', 'Due date is not a date') });
    const el = await signIn(stub);
    await chooseNorthwind(el);
    button(el, 'New task')!.click();
    await waitFor(() => $(el, '#new-task-form'), 'the form');
    type(input(el, '#new-task-title'), 'Payroll');
    button(el, 'Create task')!.click();
    const alert = await waitFor(() => $(el, '#new-task-form [role="alert"]'), 'an alert in the form');
    assertEqual(alert.textContent?.trim(), 'Due date is not a date', 'alert');
    assert($(el, '#new-task-form'), 'form kept open');
  });

  it('assigns a draft, then withdraws it, keeping focus in the row', async () => {
    stub = staffApi();
    const el = await signIn(stub);
    await chooseNorthwind(el);
    button(el, 'New task')!.click();
    await waitFor(() => $(el, '#new-task-form'), 'the form');
    type(input(el, '#new-task-title'), 'Payroll for April');
    button(el, 'Create task')!.click();
    await waitFor(() => taskRow(el, 'Payroll for April'), 'the draft');
    assert(taskRow(el, 'Payroll for April')!.textContent?.includes('Draft'), 'created as a draft');
    assertEqual((stub.api.callsTo('POST /firm/tasks')[0]?.body as { assign: boolean }).assign, false, 'not assigned');

    const assign = rowButton(el, 'Payroll for April', 'Assign')!;
    assert(assign.textContent?.includes('Payroll for April'), 'button name includes the task title');
    assign.click();
    await waitFor(() => rowButton(el, 'Payroll for April', 'Withdraw'), 'the Withdraw button');
    assertEqual(stub.api.callsTo('POST /firm/tasks/tsk_2/assign').length, 1, 'assign calls');
    assert(taskRow(el, 'Payroll for April')!.textContent?.includes('Assigned'), 'now assigned');
    assert($(el, '[role="status"]')!.textContent?.includes('assigned to the portal'), 'announced');
    assert(taskRow(el, 'Payroll for April')!.contains(deepActiveElement()), 'focus stays in the row');

    rowButton(el, 'Payroll for April', 'Withdraw')!.click();
    await waitFor(() => taskRow(el, 'Payroll for April')?.textContent?.includes('Withdrawn'), 'withdrawn');
    assertEqual(stub.api.callsTo('POST /firm/tasks/tsk_2/withdraw').length, 1, 'withdraw calls');
    assert(rowButton(el, 'Payroll for April', 'Assign'), 'a withdrawn task can be assigned again');
    assert($(el, '[role="status"]')!.textContent?.includes('withdrawn from the portal'), 'announced');
  });

  it('offers exactly the transitions the server lists for a task, not a copy of its own', async () => {
    stub = staffApi();
    stub.api.on('GET /firm/tasks', { body: { items: [task({ status: 'assigned', actions: ['complete'] })] } });
    const el = await signIn(stub);
    await chooseNorthwind(el);
    const labels = [...taskRow(el, 'Send March receipts')!.querySelectorAll('.actions button')].map((b) =>
      b.textContent?.replace(/\s+/g, ' ').trim(),
    );
    assertEqual(labels, ['Complete: Send March receipts'], 'action buttons');
  });

  it('completes and reopens a task', async () => {
    stub = staffApi();
    const el = await signIn(stub);
    await chooseNorthwind(el);
    rowButton(el, 'Send March receipts', 'Complete')!.click();
    await waitFor(() => rowButton(el, 'Send March receipts', 'Reopen'), 'the Reopen button');
    assert(taskRow(el, 'Send March receipts')!.textContent?.includes('Completed'), 'completed');
    rowButton(el, 'Send March receipts', 'Reopen')!.click();
    await waitFor(() => rowButton(el, 'Send March receipts', 'Withdraw'), 'reopened');
    assertEqual(stub.api.callsTo('POST /firm/tasks/tsk_1/reopen').length, 1, 'reopen calls');
  });

  it('reports a refused transition and refreshes the list', async () => {
    stub = staffApi();
    const el = await signIn(stub);
    await chooseNorthwind(el);
    // Someone else withdrew it meanwhile.
    stub.tasks()[0]!.status = 'withdrawn';
    rowButton(el, 'Send March receipts', 'Withdraw')!.click();
    const alert = await waitFor(() => $(el, '[role="alert"]'), 'an alert');
    assert(alert.textContent?.includes('not possible any more'), `alert: ${alert.textContent}`);
    await waitFor(() => taskRow(el, 'Send March receipts')?.textContent?.includes('Withdrawn'), 'refreshed');
  });

  it('goes back to sign-in when the session has ended', async () => {
    stub = staffApi();
    const el = await signIn(stub);
    stub.api.on('GET /firm/tasks', { status: 401, body: errorBody('unauthorized') });
    button(el, 'Northwind Bakery OÜ')!.click();
    const alert = await waitFor(() => $(el, '[role="alert"]'), 'an alert');
    assert(alert.textContent?.includes('session has ended'), `alert: ${alert.textContent}`);
    assert($(el, '#email'), 'email form shown');
    assertEqual(storedToken(), null, 'token forgotten');
  });

  it('signs out', async () => {
    stub = staffApi();
    const el = await signIn(stub);
    button(el, 'Sign out')!.click();
    await waitFor(() => $(el, '#email'), 'the sign-in form');
    assertEqual(stub.api.callsTo('DELETE /auth/session').length, 1, 'sign-out calls');
    assertEqual(storedToken(), null, 'token forgotten');
    assert($(el, '[role="status"]')!.textContent?.includes('signed out'), 'announced');
  });

  it('shows a task as overdue when the server says so (the firm’s calendar day, not the browser’s)', async () => {
    stub = staffApi();
    // The firm's day is already tomorrow: due today (here) is overdue there.
    Object.assign(stub.tasks()[0]!, { dueDate: browserDay(), overdue: true });
    // The firm's day is still yesterday: due yesterday (here) is not overdue there yet.
    stub.tasks().push(task({ id: 'tsk_5', title: 'Payroll for May', dueDate: browserDay(-1), overdue: false }));
    const el = await signIn(stub);
    await chooseNorthwind(el);
    const overdue = taskRow(el, 'Send March receipts')!.querySelector('.task-meta')!;
    assert(overdue.textContent?.includes('(overdue)'), `overdue task: ${overdue.textContent}`);
    assert(overdue.querySelector('.overdue'), 'marked in red');
    const notYet = taskRow(el, 'Payroll for May')!.querySelector('.task-meta')!;
    assert(!notYet.textContent?.includes('overdue'), `task not overdue yet: ${notYet.textContent}`);
    assert(!notYet.querySelector('.overdue'), 'not marked in red');
  });

  it('does not show the previous client’s tasks while the next client’s load', async () => {
    stub = staffApi();
    const el = await signIn(stub);
    await chooseNorthwind(el);
    const answer = deferred();
    holdRoute(stub, 'GET /firm/tasks', answer.promise);
    button(el, 'Harbor Lights Studio')!.click();
    await waitFor(() => textOf(el).includes('Tasks for Harbor Lights Studio'), 'the Harbor heading');
    assert(!taskRow(el, 'Send March receipts'), 'no Northwind task (or its buttons) under the Harbor heading');
    assert(textOf(el).includes('Loading tasks…'), 'says it is loading');
    answer.resolve();
    await waitFor(() => textOf(el).includes('No tasks for this client yet.'), 'the Harbor tasks');
  });

  it('keeps the stored session when the server cannot be reached, and offers Try again', async () => {
    stub = staffApi({ signedIn: true });
    staffTokenStore.save('', 'demo', 'ses_staff');
    let down = true;
    const route = stub.api.routes.get('GET /auth/session') as (call: RecordedCall) => FakeReply;
    stub.api.on('GET /auth/session', (call) => (down ? { status: 0 } : route(call)));
    const el = await render();
    const retry = await waitFor(() => button(el, 'Try again'), 'Try again');
    assert($(el, '[role="alert"]')?.textContent?.includes('could not be reached'), 'says why');
    assertEqual(storedToken(), 'ses_staff', 'stored token kept');
    assert(!$(el, '#email'), 'no sign-in form');

    down = false;
    retry.click();
    await waitFor(() => button(el, 'Northwind Bakery OÜ'), 'the clients list');
    assertEqual(stub.api.callsTo('GET /auth/session')[1]?.headers.get('authorization'), 'Bearer ses_staff', 'bearer');
  });

  it('a late answer to the session check does not replace the sign-in link view', async () => {
    stub = staffApi();
    const answer = deferred();
    holdRoute(stub, 'GET /auth/session', answer.promise);
    const el = await render();
    await waitFor(() => stub.api.callsTo('GET /auth/session').length, 'the session check');
    hashChangeTo('tok_good');
    await waitFor(() => button(el, 'Continue as owner@demo.test'), 'the Continue button');
    answer.resolve();
    await new Promise((r) => setTimeout(r, 50));
    await el.updateComplete;
    assert(button(el, 'Continue as owner@demo.test'), 'still offers Continue');
    assert(!$(el, '#email'), 'not the sign-in form');
  });

  it('starts over when its firm changes', async () => {
    stub = staffApi({ signedIn: true });
    const el = await render();
    await waitFor(() => button(el, 'Northwind Bakery OÜ'), 'the clients list');
    el.firm = 'acme';
    // The session (cookie) is the demo firm's: not signed in to acme.
    await waitFor(() => $(el, '#email'), 'the sign-in form');
    assert(!button(el, 'Northwind Bakery OÜ'), 'the demo firm’s clients are gone');
    assertEqual(stub.api.callsTo('GET /auth/session').length, 2, 'session checks');
    type(input(el, '#email'), 'owner@acme.test');
    button(el, 'Email me a sign-in link')!.click();
    await waitFor(() => textOf(el).includes('Check your email'), 'the check-email view');
    assertEqual(stub.api.callsTo('POST /auth/link')[0]?.body, { firm: 'acme', email: 'owner@acme.test', as: 'staff' }, 'link request');
  });

  it('keeps every busy task’s buttons disabled while its change is on its way', async () => {
    stub = staffApi();
    stub.tasks().push(task({ id: 'tsk_5', title: 'Payroll for May' }));
    const first = deferred();
    const second = deferred();
    holdRoute(stub, 'POST /firm/tasks/tsk_1/complete', first.promise);
    holdRoute(stub, 'POST /firm/tasks/tsk_5/withdraw', second.promise);
    const el = await signIn(stub);
    await chooseNorthwind(el);
    rowButton(el, 'Send March receipts', 'Complete')!.click();
    await el.updateComplete;
    rowButton(el, 'Payroll for May', 'Withdraw')!.click();
    await el.updateComplete;
    assert(rowButton(el, 'Send March receipts', 'Complete')!.disabled, 'the first task stays busy');
    assert(rowButton(el, 'Payroll for May', 'Withdraw')!.disabled, 'the second task is busy');

    second.resolve();
    await waitFor(() => taskRow(el, 'Payroll for May')?.textContent?.includes('Withdrawn'), 'the second change');
    assert(rowButton(el, 'Send March receipts', 'Complete')!.disabled, 'the first task is still busy');
    first.resolve();
    await waitFor(() => rowButton(el, 'Send March receipts', 'Reopen'), 'the first change');
    assertEqual(stub.api.callsTo('POST /firm/tasks/tsk_1/complete').length, 1, 'complete calls');
  });

  it('says it is not set up when it has no firm, and calls nothing', async () => {
    stub = staffApi();
    const el = await fixture<PorticoConsole>(html`<portico-console api=""></portico-console>`);
    const alert = await waitFor(() => $(el, '[role="alert"]'), 'an alert');
    assert(alert.textContent?.includes('firm attribute'), `alert: ${alert.textContent}`);
    assert(!$(el, 'form'), 'no sign-in form');
    await new Promise((r) => setTimeout(r, 50));
    assertEqual(stub.api.calls.length, 0, 'API calls');
    await expectAccessible(el);
  });

  it('takes the sign-in token out of the address at once and keeps it for Try again and Continue', async () => {
    stub = staffApi();
    let down = true;
    const route = stub.api.routes.get('POST /auth/link/inspect') as (call: RecordedCall) => FakeReply;
    stub.api.on('POST /auth/link/inspect', (call) => (down ? { status: 0 } : route(call)));
    setLoginFragment('tok_good');
    const el = await render();
    const retry = await waitFor(() => button(el, 'Try again'), 'Try again');
    assertEqual(location.hash, '', 'fragment removed while the server is unreachable');
    down = false;
    retry.click();
    const cont = await waitFor(() => button(el, 'Continue as owner@demo.test'), 'the Continue button');
    assertEqual(location.hash, '', 'fragment removed while Continue is offered');
    cont.click();
    await waitFor(() => button(el, 'Northwind Bakery OÜ'), 'the clients list');
    assertEqual(stub.api.callsTo('POST /auth/session').map((c) => c.body), [{ token: 'tok_good' }], 'session exchange');
  });

  it('says which checklist items are done in words, and names the task panel before a client is chosen', async () => {
    stub = staffApi();
    stub.tasks()[0]!.checklistItems = [
      { id: 'chk_a', text: 'Sales invoices', done: true , requestsFile: false, latestFile: null },
      { id: 'chk_b', text: 'Bank statement', done: false , requestsFile: false, latestFile: null },
    ];
    const el = await signIn(stub);
    assertEqual($(el, '#tasks-title')?.textContent?.trim(), 'Tasks', 'heading of the empty task panel');
    await chooseNorthwind(el);
    const items = [...taskRow(el, 'Send March receipts')!.querySelectorAll('.checklist li')];
    assertEqual(
      items.map((li) => li.textContent?.replace(/\s+/g, ' ').trim()),
      ['Sales invoices (done)', 'Bank statement'],
      'checklist text',
    );
    assert(items[0]!.querySelector('.sr-only'), 'the "(done)" is for screen readers (the line-through shows it)');
  });

  it('explains a rate-limited link request like the client elements do', async () => {
    stub = staffApi();
    stub.api.on('POST /auth/link', { status: 429, body: errorBody('rate_limited') });
    const el = await render();
    await waitFor(() => $(el, 'form'), 'the sign-in form');
    type(input(el, '#email'), 'owner@demo.test');
    button(el, 'Email me a sign-in link')!.click();
    const alert = await waitFor(() => $(el, '[role="alert"]'), 'an alert');
    assertEqual(alert.textContent?.trim(), 'Too many attempts. Please wait a moment and try again.', 'alert');
  });

  it('hides its empty status region without taking room', async () => {
    stub = staffApi();
    const el = await render();
    await waitFor(() => $(el, 'form'), 'the sign-in form');
    const status = $(el, '[role="status"]')!;
    assertEqual(status.textContent, '', 'silent');
    assertEqual(getComputedStyle(status).position, 'absolute', 'out of the flow');
  });

  it('speaks Estonian with lang="et", sign-in and signed in alike', async () => {
    stub = staffApi();
    const out = await fixture<PorticoConsole>(html`<portico-console api="" firm="demo" lang="et"></portico-console>`);
    await waitFor(() => $(out, 'form'), 'the sign-in form');
    await expectAccessible(out);
    assert(textOf(out).includes('Logi töötaja konsooli sisse'), `heading: ${textOf(out)}`);
    assertEqual(labelFor(out, 'email'), 'E-posti aadress', 'email label');
    assert(button(out, 'Saada mulle sisselogimislink'), 'the send button');
    cleanupFixtures();

    setLoginFragment('tok_good');
    const el = await fixture<PorticoConsole>(html`<portico-console api="" firm="demo" lang="et"></portico-console>`);
    (await waitFor(() => button(el, 'Jätka kasutajana owner@demo.test'), 'the Continue button')).click();
    await waitFor(() => button(el, 'Northwind Bakery OÜ'), 'the clients list');
    assert(textOf(el).includes('Töötaja konsool'), 'the console title');
    assert(textOf(el).includes('Kliendid'), 'the clients heading');
    button(el, 'Northwind Bakery OÜ')!.click();
    await waitFor(() => taskRow(el, 'Send March receipts'), 'the tasks');
    assert(taskRow(el, 'Send March receipts')!.textContent?.includes('Määratud'), 'the status in Estonian');
    assert(rowButton(el, 'Send March receipts', 'Võta tagasi'), 'the Withdraw button in Estonian');
    el.setAttribute('lang', 'en');
    await waitFor(() => rowButton(el, 'Send March receipts', 'Withdraw'), 'English after lang changes');
  });

  it('writes no style attribute anywhere (a strict style-src CSP refuses them)', async () => {
    stub = staffApi();
    const el = await signIn(stub);
    await chooseNorthwind(el);
    await expectAccessible(el);
    const all = [el, ...el.shadowRoot!.querySelectorAll('*')];
    assert(all.length > 10, 'the console rendered');
    assertEqual(all.filter((node) => node.hasAttribute('style')).map((n) => n.localName), [], 'elements with a style attribute');
  });

  it('keeps its height from the session check to the sign-in form', async () => {
    stub = staffApi();
    const answer = deferred();
    holdRoute(stub, 'GET /auth/session', answer.promise);
    const el = await render();
    await waitFor(() => textOf(el).includes('Checking your session…'), 'the session check');
    await expectAccessible(el);
    const pending = el.getBoundingClientRect().height;
    answer.resolve();
    await waitFor(() => $(el, 'form'), 'the sign-in form');
    assertEqual(el.getBoundingClientRect().height, pending, 'height');
    assertEqual(pending, 24 * parseFloat(getComputedStyle(document.documentElement).fontSize), 'the documented 24rem');
  });
});

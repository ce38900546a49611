import { setViewport } from '@web/test-runner-commands';
import './define.ts';
import type { PorticoConsole } from './portico-console.ts';
import type { FirmClient, FirmContactRecord } from '../internal/api-types.ts';
import { $, afterEach, beforeEach, button, cleanupFixtures, describe, errorBody, expectAccessible, it, setLoginFragment, textOf, waitFor, type FakeApi, type RecordedCall } from '../internal/testing/helpers.ts';
import { assert, assertEqual, firmApi, setChecked, setValue, signedInConsole, staffSession } from '../internal/testing/firm-fakes.ts';

const client = (id: string, name: string, over: Partial<FirmClient> = {}): FirmClient => ({
  id, name, portalOpen: false, responsibleMemberId: null, documentFolderUrl: null, digitisationAddress: null, contacts: [], ...over,
});

/** A firm of 60 clients (pages of 50 by name), the first three the fakes' usual ones. */
const manyClients = (): FirmClient[] => [
  client('cli_baltic', 'Baltic Timber AS'),
  client('cli_harbor', 'Harbor Lights Studio', { contacts: [{ id: 'con_heli', email: 'heli@harbor.test', name: 'Heli Hõbe', emailUndeliverable: null }] }),
  client('cli_north', 'Northwind Bakery OÜ', { portalOpen: true, responsibleMemberId: 'mem_owner' }),
  ...Array.from({ length: 57 }, (_, i) => client(`cli_z${String(i).padStart(2, '0')}`, `Zeta ${String(i).padStart(2, '0')} OÜ`)),
];

/** A stand-in of the clients API: pages by `limit` and `cursor` (an offset), `q` in names and contacts, creating and editing kept. */
function clientsApi(opts: { portalActive?: boolean } = {}) {
  let items = manyClients();
  const routes: Record<string, (call: RecordedCall) => { status?: number; body?: unknown }> = {
    'GET /firm/clients': (call) => {
      const q = call.query.get('q')?.toLowerCase() ?? '';
      const found = items.filter((c) => !q || c.name.toLowerCase().includes(q) || c.contacts.some((p) => p.email.includes(q) || p.name.toLowerCase().includes(q)));
      const limit = Number(call.query.get('limit') ?? 50);
      const start = Number(call.query.get('cursor') ?? 0);
      const next = start + limit < found.length ? String(start + limit) : null;
      return { body: { items: found.slice(start, start + limit), nextCursor: next } };
    },
    'POST /firm/clients/portal': (call) => {
      const { clientIds, mode } = call.body as { clientIds: string[]; mode: string };
      if (opts.portalActive === false && mode === 'invite') return { status: 409, body: errorBody('portal_inactive', 'Open the portal first') };
      const invited = mode === 'invite' ? items.filter((c) => clientIds.includes(c.id)).reduce((n, c) => n + c.contacts.length, 0) : 0;
      items = items.map((c) => (clientIds.includes(c.id) ? { ...c, portalOpen: true } : c));
      return { body: { opened: clientIds.length, invited } };
    },
    'POST /firm/clients': (call) => {
      const body = call.body as { name: string };
      if (items.some((c) => c.name === body.name)) return { status: 409, body: errorBody('client_exists', 'A client of that name exists') };
      const made = client('cli_new', body.name, call.body as Partial<FirmClient>);
      items = [...items, made];
      return { status: 201, body: made };
    },
    'PATCH /firm/clients/cli_north': (call) => {
      items = items.map((c) => (c.id === 'cli_north' ? { ...c, ...(call.body as Partial<FirmClient>) } : c));
      return { body: items.find((c) => c.id === 'cli_north') };
    },
    'POST /firm/clients/cli_new/contacts': (call) => {
      const body = call.body as { email: string; name: string; phone?: string };
      if (body.email === 'mari@new.test' && items.find((c) => c.id === 'cli_new')!.contacts.length) return { status: 409, body: errorBody('already_linked', 'Already linked') };
      const record: FirmContactRecord = {
        id: 'con_mari', name: body.name, email: body.email, phone: body.phone ?? null, locale: null, health: 'never_invited',
        invitedAt: null, lastSignInAt: null, emailUndeliverable: null, companies: [{ id: 'cli_new', name: 'New Client OÜ', portalOpen: false, access: true }],
      };
      items = items.map((c) => (c.id === 'cli_new' ? { ...c, contacts: [...c.contacts, { id: record.id, email: record.email, name: record.name, emailUndeliverable: null }] } : c));
      return { status: 201, body: record };
    },
    'DELETE /firm/clients/cli_new/contacts/con_mari': () => ({ status: 204 }),
  };
  return firmApi(routes);
}

const status = (el: PorticoConsole) => $(el, '[role="status"]')?.textContent?.trim() ?? '';
const names = (el: PorticoConsole) => [...el.shadowRoot!.querySelectorAll('.clients button[aria-pressed] > span:first-child')].map((n) => n.textContent!.trim());
const box = (el: PorticoConsole, id: string) => $<HTMLInputElement>(el, `#client-select-${id}`);

describe('<portico-console> clients', () => {
  let api: FakeApi;
  beforeEach(() => {
    sessionStorage.clear();
    setLoginFragment(null);
  });
  afterEach(async () => {
    cleanupFixtures();
    api?.restore();
    sessionStorage.clear();
    await setViewport({ width: 1280, height: 800 });
  });

  it('shows the clients a page at a time, shows more, and finds a client by a contact’s name', async () => {
    api = clientsApi();
    const el = await signedInConsole();
    await expectAccessible(el);
    assertEqual(names(el).length, 50, 'the first page of 50');
    const first = api.calls.find((c) => c.path === '/firm/clients' && c.query.get('limit'));
    assertEqual(first?.query.get('limit'), '50', 'asked for a page');
    button(el, 'Show more')!.click();
    await waitFor(() => names(el).length === 60, 'the next page');
    assert(!button(el, 'Show more'), 'no more pages');
    setValue($<HTMLInputElement>(el, '#clients-q'), 'heli');
    button(el, 'Search')!.click();
    await waitFor(() => names(el).length === 1, 'the search');
    assertEqual(names(el), ['Harbor Lights Studio'], 'found by the contact');
    assertEqual(api.callsTo('GET /firm/clients').at(-1)!.query.get('q'), 'heli', 'q sent');
    await waitFor(() => status(el) === '1 client shown.', 'announced');
    setValue($<HTMLInputElement>(el, '#clients-q'), 'nobody here');
    button(el, 'Search')!.click();
    await waitFor(() => textOf(el).includes('No client matches.'), 'says none matches');
  });

  it('selects clients, all on the page too, and opens the portal for them with an invitation', async () => {
    api = clientsApi();
    const el = await signedInConsole();
    const open = () => button(el, 'Open portal…')!;
    assert(open().disabled, 'nothing selected: nothing to open');
    setChecked(box(el, 'cli_harbor'), true);
    setChecked(box(el, 'cli_baltic'), true);
    await waitFor(() => textOf(el).includes('2 clients selected'), 'the count');
    assert(!open().disabled, 'can open now');
    open().click();
    await waitFor(() => textOf(el).includes('For these 2 clients:'), 'the open-portal screen');
    await expectAccessible(el);
    assert(textOf(el).includes('Harbor Lights Studio') && textOf(el).includes('Baltic Timber AS'), 'names the clients');
    assert(textOf(el).includes('sign-in link valid 24 hours'), 'explains the invitation');
    assert($<HTMLInputElement>(el, 'input[value="invite"]')!.checked, 'invitation by default');
    assertEqual(el.shadowRoot!.activeElement?.textContent?.trim(), 'Open the portal', 'focus on the heading');
    button(el, 'Open the portal')!.click();
    const done = await waitFor(() => $(el, '.portal-result'), 'the outcome');
    assertEqual(done.textContent!.trim(), 'The portal is open for 2 clients; 1 contact invited.', 'opened and invited');
    assertEqual(status(el), 'The portal is open for 2 clients; 1 contact invited.', 'announced');
    assertEqual(api.callsTo('POST /firm/clients/portal')[0]!.body, { clientIds: ['cli_harbor', 'cli_baltic'], mode: 'invite' }, 'sent');
    button(el, 'Back')!.click();
    await waitFor(() => box(el, 'cli_north'), 'back on the clients');
    assert(open().disabled, 'the selection is forgotten');

    ($<HTMLInputElement>(el, '.select-all'))!.click();
    await waitFor(() => textOf(el).includes('50 clients selected'), 'all on the page');
    ($<HTMLInputElement>(el, '.select-all'))!.click();
    await waitFor(() => open().disabled, 'none again');
  });

  it('opens the portal silently, and explains an inactive portal with the way to Settings', async () => {
    api = clientsApi({ portalActive: false });
    const el = await signedInConsole();
    setChecked(box(el, 'cli_north'), true);
    await waitFor(() => !button(el, 'Open portal…')!.disabled, 'selected');
    button(el, 'Open portal…')!.click();
    await waitFor(() => button(el, 'Open the portal'), 'the screen');
    button(el, 'Open the portal')!.click();
    const notice = await waitFor(() => $(el, '.portal-inactive'), 'the explanation');
    assert(notice.textContent!.includes('not active yet'), 'says why');
    await expectAccessible(el);
    $<HTMLInputElement>(el, 'input[value="silent"]')!.click();
    button(el, 'Open the portal')!.click();
    await waitFor(() => $(el, '.portal-result'), 'opened');
    assertEqual(api.callsTo('POST /firm/clients/portal')[1]!.body, { clientIds: ['cli_north'], mode: 'silent' }, 'silently');
    assertEqual($(el, '.portal-result')!.textContent!.trim(), 'The portal is open for 1 client; 0 contacts invited.', 'nobody invited');
  });

  it('goes to Settings from the inactive-portal explanation', async () => {
    api = clientsApi({ portalActive: false });
    const el = await signedInConsole();
    setChecked(box(el, 'cli_north'), true);
    await waitFor(() => !button(el, 'Open portal…')!.disabled, 'selected');
    button(el, 'Open portal…')!.click();
    (await waitFor(() => button(el, 'Open the portal'), 'the screen')).click();
    (await waitFor(() => button(el, 'Open Settings'), 'the link')).click();
    await waitFor(() => el.shadowRoot!.querySelector('.sections button[aria-current="page"]')?.textContent?.trim() === 'Settings', 'the settings');
  });

  it('creates a client, a name the firm has already refused at the field, then adds and removes a contact', async () => {
    api = clientsApi();
    const el = await signedInConsole();
    button(el, 'New client')!.click();
    await waitFor(() => $(el, '#client-name'), 'the form');
    await expectAccessible(el);
    assertEqual(el.shadowRoot!.activeElement?.textContent?.trim(), 'New client', 'focus on the heading');
    button(el, 'Create client')!.click();
    await waitFor(() => $(el, '#client-name-error'), 'an empty name refused');
    assertEqual(api.callsTo('POST /firm/clients').length, 0, 'nothing sent');
    setValue($<HTMLInputElement>(el, '#client-name'), 'Northwind Bakery OÜ');
    button(el, 'Create client')!.click();
    await waitFor(() => $(el, '#client-name-error')?.textContent === 'The firm already has a client with this name.', 'the taken name refused at the field');
    assertEqual($(el, '#client-name')!.getAttribute('aria-invalid'), 'true', 'marked');
    assertEqual(el.shadowRoot!.activeElement?.id, 'client-name', 'focus on the field');
    await expectAccessible(el);

    setValue($<HTMLInputElement>(el, '#client-name'), 'New Client OÜ');
    setValue($<HTMLSelectElement>(el, '#client-responsible'), 'mem_mari');
    setValue($<HTMLInputElement>(el, '#client-form-folder'), 'https://drive.example/new');
    button(el, 'Create client')!.click();
    await waitFor(() => textOf(el).includes('Edit New Client OÜ'), 'now the client to edit');
    assertEqual(api.callsTo('POST /firm/clients')[1]!.body, { name: 'New Client OÜ', responsibleMemberId: 'mem_mari', documentFolderUrl: 'https://drive.example/new', digitisationAddress: null }, 'sent');
    assertEqual(status(el), 'New Client OÜ is created.', 'announced');

    button(el, 'Add contact')!.click();
    await waitFor(() => $(el, '#add-contact-email-error'), 'empty contact refused');
    setValue($<HTMLInputElement>(el, '#add-contact-email'), 'mari@new.test');
    setValue($<HTMLInputElement>(el, '#add-contact-name'), 'Mari Maasikas');
    button(el, 'Add contact')!.click();
    await waitFor(() => $(el, '[data-contact="con_mari"]'), 'the contact listed');
    assertEqual(api.callsTo('POST /firm/clients/cli_new/contacts')[0]!.body, { email: 'mari@new.test', name: 'Mari Maasikas' }, 'sent');
    assertEqual(status(el), 'Mari Maasikas is a contact of New Client OÜ.', 'announced');
    assertEqual($<HTMLInputElement>(el, '#add-contact-email')!.value, '', 'the form is empty again');
    setValue($<HTMLInputElement>(el, '#add-contact-email'), 'mari@new.test');
    setValue($<HTMLInputElement>(el, '#add-contact-name'), 'Mari Maasikas');
    button(el, 'Add contact')!.click();
    await waitFor(() => $(el, '#add-contact-email-error')?.textContent === 'This person is already a contact of this client.', 'already linked, at the field');

    button(el, 'Remove')!.click();
    await waitFor(() => el.shadowRoot!.activeElement?.id === 'remove-contact-confirm', 'the confirmation, focused');
    assert(textOf(el).includes('Remove Mari Maasikas from New Client OÜ?'), 'asks');
    await expectAccessible(el);
    button(el, 'Cancel')!.click();
    await waitFor(() => !$(el, '#remove-contact-confirm'), 'cancelled');
    assertEqual(api.callsTo('DELETE /firm/clients/cli_new/contacts/con_mari').length, 0, 'nothing removed');
    button(el, 'Remove')!.click();
    (await waitFor(() => button(el, 'Yes, remove'), 'the confirmation')).click();
    await waitFor(() => !$(el, '[data-contact="con_mari"]'), 'gone');
    assertEqual(status(el), 'Mari Maasikas is no longer a contact of New Client OÜ.', 'announced');
  });

  it('edits a client from its panel: name, responsible member and addresses', async () => {
    api = clientsApi();
    const el = await signedInConsole();
    button(el, 'Northwind Bakery OÜ')!.click();
    (await waitFor(() => button(el, 'Edit client'), 'the panel')).click();
    await waitFor(() => $<HTMLInputElement>(el, '#client-name')?.value === 'Northwind Bakery OÜ', 'the form with the client');
    await waitFor(() => $<HTMLSelectElement>(el, '#client-responsible')?.value === 'mem_owner', 'responsible: me');
    setValue($<HTMLInputElement>(el, '#client-name'), 'Northwind Bakery AS');
    setValue($<HTMLInputElement>(el, '#client-form-digitisation'), 'scan@northwind.test');
    button(el, 'Save')!.click();
    await waitFor(() => status(el) === 'Northwind Bakery AS is saved.', 'saved');
    assertEqual(api.callsTo('PATCH /firm/clients/cli_north')[0]!.body, { name: 'Northwind Bakery AS', responsibleMemberId: 'mem_owner', documentFolderUrl: null, digitisationAddress: 'scan@northwind.test' }, 'sent');
    button(el, 'Back')!.click();
    await waitFor(() => names(el).includes('Northwind Bakery AS'), 'the list shows the new name');
  });

  it('offers a member (not an admin) the same: Contacts, Import, New client and Open portal…', async () => {
    api = clientsApi();
    api.on('GET /auth/session', { body: { ...staffSession, role: 'member', token: undefined } });
    const el = await signedInConsole();
    const tabs = [...el.shadowRoot!.querySelectorAll('.sections button')].map((b) => b.textContent!.trim());
    assert(tabs.includes('Contacts') && tabs.includes('Import'), 'the sections');
    assert(button(el, 'New client') && button(el, 'Open portal…'), 'the actions');
  });

  it('speaks Estonian', async () => {
    api = clientsApi();
    const el = await signedInConsole('et');
    assert(button(el, 'Uus klient'), 'new client');
    assert(button(el, 'Ava portaal…'), 'open portal');
    setChecked(box(el, 'cli_north'), true);
    await waitFor(() => !button(el, 'Ava portaal…')!.disabled, 'selected');
    button(el, 'Ava portaal…')!.click();
    await waitFor(() => textOf(el).includes('Sellele kliendile:'), 'the screen');
    await expectAccessible(el);
    assert(textOf(el).includes('Kutsega') && textOf(el).includes('Vaikselt'), 'the two ways');
  });

  it('fits 390 px without sideways scrolling: the list and the client form', async () => {
    await setViewport({ width: 390, height: 800 });
    api = clientsApi();
    const el = await signedInConsole();
    const base = $(el, '[part="base"]')!;
    const wide = () => {
      const right = base.getBoundingClientRect().right + 0.5;
      return [...base.querySelectorAll<HTMLElement>('*')].filter((n) => n.getBoundingClientRect().right > right).map((n) => `${n.tagName}#${n.id}.${n.className}`);
    };
    assertEqual(wide(), [], 'the list: nothing wider than the screen');
    button(el, 'New client')!.click();
    await waitFor(() => $(el, '#client-name'), 'the form');
    assertEqual(wide(), [], 'the form: nothing wider than the screen');
  });
});


import { setViewport } from '@web/test-runner-commands';
import './define.ts';
import type { PorticoConsole } from './portico-console.ts';
import type { ContactHistoryEntry, FirmContactRecord } from '../internal/api-types.ts';
import { $, afterEach, beforeEach, button, cleanupFixtures, describe, errorBody, expectAccessible, it, setLoginFragment, textOf, waitFor, type FakeApi, type RecordedCall } from '../internal/testing/helpers.ts';
import { assert, assertEqual, firmApi, openSection, setValue, signedInConsole, staffSession } from '../internal/testing/firm-fakes.ts';

const contact = (over: Partial<FirmContactRecord> = {}): FirmContactRecord => ({
  id: 'con_kati',
  name: 'Kati Klient',
  email: 'kati@north.test',
  phone: null,
  locale: 'et',
  health: 'active',
  invitedAt: 1_700_000_000_000,
  lastSignInAt: 1_700_000_500_000,
  emailUndeliverable: null,
  companies: [
    { id: 'cli_north', name: 'Northwind Bakery OÜ', portalOpen: true, access: true },
    { id: 'cli_harbor', name: 'Harbor Lights Studio', portalOpen: false, access: true },
  ],
  ...over,
});
const others: FirmContactRecord[] = [
  contact({ id: 'con_heli', name: 'Heli Hõbe', email: 'heli@harbor.test', health: 'undeliverable', lastSignInAt: null, emailUndeliverable: { at: 1_700_000_000_000, reason: 'HardBounce' }, companies: [] }),
  contact({ id: 'con_jaan', name: 'Jaan Juurikas', email: 'jaan@baltic.test', health: 'never_invited', invitedAt: null, lastSignInAt: null }),
];

const entry = (over: Partial<ContactHistoryEntry>): ContactHistoryEntry => ({
  id: 'act_1', action: 'contact.created', actor: { type: 'member', id: 'mem_owner', name: 'Olivia Owner' }, data: null, at: 1_700_000_000_000, ...over,
});

/** A stand-in of the contacts API: pages of two by name, `q` and `health` filters, Kati's record to edit. */
function contactsApi(role: 'owner' | 'member' = 'owner') {
  let kati = contact();
  const all = () => [others[0]!, others[1]!, kati].sort((a, b) => a.name.localeCompare(b.name));
  const history = [
    entry({ id: 'act_3', action: 'contact.access_changed', data: { clientId: 'cli_harbor', access: false }, at: 1_700_000_300_000 }),
    entry({ id: 'act_2', action: 'contact.signed_in', actor: { type: 'contact', id: 'con_kati', name: 'Kati Klient' }, at: 1_700_000_200_000 }),
    entry({ id: 'act_1', action: 'contact.created', at: 1_700_000_100_000 }),
  ];
  return firmApi({
    'GET /auth/session': { body: { ...staffSession, role, token: undefined } },
    'GET /firm/contacts': (call: RecordedCall) => {
      const q = call.query.get('q')?.toLowerCase() ?? '';
      const health = call.query.get('health');
      const found = all().filter((c) => (!q || c.name.toLowerCase().includes(q) || c.email.includes(q)) && (!health || c.health === health));
      const start = call.query.get('cursor') ? 2 : 0;
      return { body: { items: found.slice(start, start + 2), nextCursor: start === 0 && found.length > 2 ? 'next' : null } };
    },
    'GET /firm/contacts/con_kati': () => ({ body: kati }),
    'PATCH /firm/contacts/con_kati': (call: RecordedCall) => {
      const patch = call.body as Partial<FirmContactRecord>;
      if (patch.email === 'heli@harbor.test') return { status: 409, body: errorBody('email_taken', 'Taken') };
      kati = { ...kati, ...patch };
      return { body: kati };
    },
    'PATCH /firm/clients/cli_harbor/contacts/con_kati': { status: 204 },
    'POST /firm/contacts/con_kati/invite': { status: 202, body: { ok: true } },
    'POST /firm/contacts/con_kati/preview': { status: 201, body: { token: 'prv_1', expiresAt: 1_700_000_900_000, url: 'https://portal.test/p/demo#preview=prv_1' } },
    'GET /firm/contacts/con_kati/history': (call: RecordedCall) => {
      const start = call.query.get('cursor') ? 2 : 0;
      return { body: { items: history.slice(start, start + 2), nextCursor: start === 0 ? 'older' : null } };
    },
  });
}

const status = (el: PorticoConsole) => $(el, '[role="status"]')?.textContent?.trim() ?? '';
const rows = (el: PorticoConsole) => [...el.shadowRoot!.querySelectorAll('[data-contact] .item-title')].map((n) => n.textContent!.trim());

async function openKati(el: PorticoConsole): Promise<void> {
  await openSection(el, 'Contacts');
  await waitFor(() => rows(el).length, 'the list');
  setValue($<HTMLInputElement>(el, '#contacts-q'), 'kati');
  button(el, 'Search')!.click();
  await waitFor(() => rows(el).includes('Kati Klient'), 'Kati found');
  button(el, 'Kati Klient')!.click();
  await waitFor(() => $<HTMLInputElement>(el, '#contact-email')?.value === 'kati@north.test', 'the record');
}

describe('<portico-console> contacts', () => {
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

  it('lists contacts by name with their access, pages on, searches and filters by access health', async () => {
    api = contactsApi();
    const el = await signedInConsole();
    await openSection(el, 'Contacts');
    await waitFor(() => rows(el).length === 2, 'the first page');
    await expectAccessible(el);
    assertEqual(rows(el), ['Heli Hõbe', 'Jaan Juurikas'], 'by name');
    assert(textOf(el).includes('Email undeliverable') && textOf(el).includes('Never invited'), 'access in words');
    button(el, 'Show more')!.click();
    await waitFor(() => rows(el).length === 3, 'the next page');
    assert($(el, '[data-contact="con_kati"]')!.textContent!.includes('last signed in'), 'active with the last sign-in');
    assert($(el, '[data-contact="con_kati"]')!.textContent!.includes('Northwind Bakery OÜ, Harbor Lights Studio'), 'the companies');
    setValue($<HTMLSelectElement>(el, '#contacts-health'), 'never_invited');
    button(el, 'Search')!.click();
    await waitFor(() => rows(el).length === 1, 'filtered');
    assertEqual(rows(el), ['Jaan Juurikas'], 'only the never invited');
    assertEqual(api.callsTo('GET /firm/contacts').at(-1)!.query.get('health'), 'never_invited', 'health sent');
    await waitFor(() => status(el) === '1 contact shown.', 'announced');
    setValue($<HTMLSelectElement>(el, '#contacts-health'), '');
    setValue($<HTMLInputElement>(el, '#contacts-q'), 'zzz');
    button(el, 'Search')!.click();
    await waitFor(() => textOf(el).includes('No contact matches.'), 'none');
  });

  it('edits a contact, an address another contact has refused at the field', async () => {
    api = contactsApi();
    const el = await signedInConsole();
    await openKati(el);
    await expectAccessible(el);
    assertEqual(el.shadowRoot!.activeElement?.textContent?.trim(), 'Kati Klient', 'focus on the heading');
    setValue($<HTMLInputElement>(el, '#contact-email'), 'heli@harbor.test');
    button(el, 'Save')!.click();
    await waitFor(() => $(el, '#contact-email-error')?.textContent === 'Another contact of the firm already has this address.', 'refused at the field');
    assertEqual($(el, '#contact-email')!.getAttribute('aria-invalid'), 'true', 'marked');
    assertEqual(el.shadowRoot!.activeElement?.id, 'contact-email', 'focus on the field');
    await expectAccessible(el);
    setValue($<HTMLInputElement>(el, '#contact-email'), 'kati@northwind.test');
    setValue($<HTMLInputElement>(el, '#contact-phone'), '+372 5555 1234');
    button(el, 'Save')!.click();
    await waitFor(() => status(el) === 'Kati Klient is saved.', 'saved');
    assertEqual(api.callsTo('PATCH /firm/contacts/con_kati')[1]!.body, { email: 'kati@northwind.test', phone: '+372 5555 1234' }, 'only what changed');
    assert(!$(el, '#contact-email-error'), 'the message is gone');
    setValue($<HTMLInputElement>(el, '#contact-name'), '');
    button(el, 'Save')!.click();
    await waitFor(() => $(el, '#contact-name-error'), 'an empty name refused');
    assertEqual(api.callsTo('PATCH /firm/contacts/con_kati').length, 2, 'nothing more sent');
  });

  it('turns portal access to one company off, saying so', async () => {
    api = contactsApi();
    const el = await signedInConsole();
    await openKati(el);
    const harbor = $<HTMLInputElement>(el, '[data-company="cli_harbor"] input[type="checkbox"]')!;
    assert(harbor.checked, 'on to begin with');
    assert($(el, '[data-company="cli_harbor"]')!.textContent!.includes('not open for this company yet'), 'the closed portal said');
    harbor.click();
    await waitFor(() => status(el) === 'Kati Klient no longer sees Harbor Lights Studio in the portal.', 'announced');
    assertEqual(api.callsTo('PATCH /firm/clients/cli_harbor/contacts/con_kati')[0]!.body, { portalAccess: false }, 'sent');
    assert(!$<HTMLInputElement>(el, '[data-company="cli_harbor"] input[type="checkbox"]')!.checked, 'off');
    assert($<HTMLInputElement>(el, '[data-company="cli_north"] input[type="checkbox"]')!.checked, 'the other company untouched');
  });

  it('sends the invitation again, previews the portal as the contact in a new tab, and shows the history page by page', async () => {
    api = contactsApi();
    const opened: unknown[][] = [];
    const tab = { opener: {} as unknown, location: { href: '' }, close: () => {} };
    const original = window.open;
    window.open = ((...args: unknown[]) => {
      opened.push(args);
      return tab;
    }) as typeof window.open;
    try {
      const el = await signedInConsole();
      await openKati(el);
      button(el, 'Send the invitation again')!.click();
      await waitFor(() => status(el).startsWith('An invitation is on its way to kati@north.test'), 'announced');
      assertEqual(api.callsTo('POST /firm/contacts/con_kati/invite').length, 1, 'sent once');
      button(el, 'Preview portal as this contact')!.click();
      assertEqual(opened, [['', '_blank']], 'a tab opened during the click (later would be blocked as a pop-up)');
      await waitFor(() => tab.location.href === 'https://portal.test/p/demo#preview=prv_1', 'the preview address in it');
      assertEqual(tab.opener, null, 'without a handle back on the console');
      await waitFor(() => textOf(el).includes('Kati Klient signed in'), 'the history');
      assert(textOf(el).includes('Olivia Owner changed portal access: off for Harbor Lights Studio'), 'an access change in words');
      button(el, 'Show more')!.click();
      await waitFor(() => textOf(el).includes('Olivia Owner added the contact'), 'older history');
      assertEqual(api.callsTo('GET /firm/contacts/con_kati/history').at(-1)!.query.get('cursor'), 'older', 'with the cursor');
    } finally {
      window.open = original;
    }
  });

  it('offers a plain member no preview (it would show requests a member may not see)', async () => {
    api = contactsApi('member');
    const el = await signedInConsole();
    await openKati(el);
    assert(button(el, 'Send the invitation again'), 'the invitation is offered');
    assert(!button(el, 'Preview portal as this contact'), 'the preview is not');
  });

  it('speaks Estonian', async () => {
    api = contactsApi();
    const el = await signedInConsole('et');
    await openSection(el, 'Kontaktid');
    await waitFor(() => rows(el).length === 2, 'the list');
    await expectAccessible(el);
    assert(textOf(el).includes('Pole kutsutud'), 'never invited');
    assert($(el, '#contacts-health option[value="link_expired"]')!.textContent === 'Kutse aegus kasutamata', 'the filter');
  });

  it('fits 390 px without sideways scrolling: the list and a record', async () => {
    await setViewport({ width: 390, height: 800 });
    api = contactsApi();
    const el = await signedInConsole();
    await openKati(el);
    const base = $(el, '[part="base"]')!;
    const right = base.getBoundingClientRect().right + 0.5;
    const wide = [...base.querySelectorAll<HTMLElement>('*')].filter((n) => n.getBoundingClientRect().right > right);
    assertEqual(wide.map((n) => `${n.tagName}#${n.id}.${n.className}`), [], 'nothing wider than the screen');
  });
});

import './define.ts';
import type { PorticoConsole } from './portico-console.ts';
import type { FirmClient } from '../internal/api-types.ts';
import { $, afterEach, beforeEach, button, cleanupFixtures, describe, expectAccessible, it, setLoginFragment, textOf, waitFor, type FakeApi, type RecordedCall } from '../internal/testing/helpers.ts';
import { assert, assertEqual, firmApi, firmClients, openSection, setValue, signedInConsole } from '../internal/testing/firm-fakes.ts';

/** 300 more clients than the fakes' three: the picker must ask the server, not list them all. */
const many: FirmClient[] = [
  ...firmClients,
  ...Array.from({ length: 300 }, (_, i) => ({ ...firmClients[0]!, id: `cli_x${i}`, name: `Xylo ${i} OÜ` })),
];

function pickerApi() {
  return firmApi({
    'GET /firm/clients': (call: RecordedCall) => {
      const q = call.query.get('q')?.toLowerCase() ?? '';
      const limit = Number(call.query.get('limit') ?? 50);
      const found = many.filter((c) => c.name.toLowerCase().includes(q));
      return { body: { items: found.slice(0, limit), nextCursor: found.length > limit ? 'next' : null } };
    },
    'POST /firm/work': (call: RecordedCall) => ({ status: 201, body: { id: 'wrk_new', ...(call.body as object) } }),
  });
}

const key = (input: HTMLElement, k: string) => input.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true }));
const options = (el: PorticoConsole) => [...el.shadowRoot!.querySelectorAll('#new-work-client-list [role="option"]')].map((o) => o.textContent!.trim());

describe('<portico-console> client picker', () => {
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

  it('finds a client of a long list on the server as one types, and chooses it with the keyboard', async () => {
    api = pickerApi();
    const el = await signedInConsole();
    await openSection(el, 'Work');
    (await waitFor(() => button(el, 'New work'), 'New work')).click();
    const input = await waitFor(() => $<HTMLInputElement>(el, '#new-work-client'), 'the picker');
    await expectAccessible(el);
    assertEqual(input.getAttribute('role'), 'combobox', 'a combobox');
    input.focus();
    setValue(input, 'xylo 1');
    await waitFor(() => options(el).length === 20 && options(el).every((o) => o.startsWith('Xylo 1')), 'the first 20 matches');
    const asked = api.callsTo('GET /firm/clients').find((c) => c.query.get('q') === 'xylo 1');
    assertEqual(asked?.query.get('limit'), '20', 'asked the server for a few');
    assertEqual(input.getAttribute('aria-expanded'), 'true', 'open');
    await expectAccessible(el);
    assert(textOf(el).includes('20 clients found.'), 'the count said');
    setValue(input, 'harbor');
    await waitFor(() => options(el).length === 1, 'one match');
    assertEqual(input.getAttribute('aria-activedescendant'), 'new-work-client-opt-0', 'the first is active');
    key(input, 'ArrowDown');
    key(input, 'Enter');
    await waitFor(() => input.getAttribute('aria-expanded') === 'false', 'closed');
    assertEqual(input.value, 'Harbor Lights Studio', 'chosen');
    setValue($(el, '#new-work-title'), 'VAT');
    setValue($(el, '#new-work-start'), '2027-07-01');
    button(el, 'Create work')!.click();
    await waitFor(() => api.callsTo('POST /firm/work').length === 1, 'sent');
    assertEqual((api.callsTo('POST /firm/work')[0]!.body as { clientId: string }).clientId, 'cli_harbor', 'the chosen client');
  });

  it('closes with Escape, and typing over a chosen client unchooses it', async () => {
    api = pickerApi();
    const el = await signedInConsole();
    await openSection(el, 'Work');
    (await waitFor(() => button(el, 'New work'), 'New work')).click();
    const input = await waitFor(() => $<HTMLInputElement>(el, '#new-work-client'), 'the picker');
    input.focus();
    setValue(input, 'north');
    await waitFor(() => options(el).length === 1, 'a match');
    key(input, 'Escape');
    await waitFor(() => input.getAttribute('aria-expanded') === 'false', 'closed');
    setValue(input, 'nothing like it');
    await waitFor(() => textOf(el).includes('No client matches.'), 'says none matches');
    button(el, 'Create work')!.click();
    await waitFor(() => textOf(el).includes('Please choose a client.'), 'no client chosen');
    assertEqual(api.callsTo('POST /firm/work').length, 0, 'nothing sent');
  });
});

import { setViewport } from '@web/test-runner-commands';
import './define.ts';
import type { PorticoConsole } from './portico-console.ts';
import { $, afterEach, beforeEach, button, cleanupFixtures, describe, errorBody, expectAccessible, it, setLoginFragment, textOf, waitFor, type FakeApi, type RecordedCall } from '../internal/testing/helpers.ts';
import { assert, assertEqual, firmApi, firmSettings, firmTemplate, openSection, setValue, signedInConsole, staffSession } from '../internal/testing/firm-fakes.ts';
import type { PortalSettingsValues } from './portal-settings.ts';

const saved: PortalSettingsValues = {
  ...firmSettings,
  slug: 'demo',
  portalActive: true,
  description: 'Bookkeeping for small firms.',
  welcomeVideoUrl: null,
  announcementsEnabled: false,
  sampleTemplateId: null,
  identityCreatesContacts: false,
  embedSecretCreatedAt: null,
};
const sample = firmTemplate({ id: 'tpl_sample', kind: 'task', title: 'Send a copy of your ID' });

function settingsApi(role: 'owner' | 'admin' | 'member', patch: (call: RecordedCall) => { status?: number; body?: unknown } = (call) => ({ body: { ...saved, ...(call.body as object) } })) {
  return firmApi({
    'GET /auth/session': { body: { ...staffSession, role, token: undefined } },
    'GET /firm/settings': { body: saved },
    'GET /firm/templates': { body: { items: [firmTemplate(), sample], nextCursor: null } },
    'PATCH /firm/settings': patch,
    'POST /firm/settings/embed-secret': { status: 201, body: { secret: 'c2VjcmV0LW9ubHktc2hvd24tb25jZQ', createdAt: 1_700_000_500_000 } },
  });
}

const status = (el: PorticoConsole) => $(el, '[role="status"]')?.textContent?.trim() ?? '';
const field = <T extends HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement = HTMLInputElement>(el: PorticoConsole, selector: string) => $<T>(el, selector) as T;

/** Stands in for the clipboard (the test browser has no user gesture to grant it); returns what was written. */
function stubClipboard(fail = false): { written: string[]; restore: () => void } {
  const written: string[] = [];
  const original = Object.getOwnPropertyDescriptor(navigator, 'clipboard');
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: { writeText: (text: string) => (fail ? Promise.reject(new Error('denied')) : (written.push(text), Promise.resolve())) },
  });
  return { written, restore: () => (original ? Object.defineProperty(navigator, 'clipboard', original) : delete (navigator as { clipboard?: unknown }).clipboard) };
}

describe('<portico-console> portal settings', () => {
  let api: FakeApi;
  let clipboard: ReturnType<typeof stubClipboard> | null = null;
  beforeEach(() => {
    sessionStorage.clear();
    setLoginFragment(null);
  });
  afterEach(async () => {
    cleanupFixtures();
    api?.restore();
    clipboard?.restore();
    clipboard = null;
    sessionStorage.clear();
    await setViewport({ width: 1280, height: 800 });
  });

  it('shows the portal settings as saved, the single-task templates to pick from, and the embed snippet for the firm to copy', async () => {
    api = settingsApi('owner');
    clipboard = stubClipboard();
    const el = await signedInConsole();
    await openSection(el, 'Settings');
    await waitFor(() => $(el, '#portal-sample option[value="tpl_sample"]'), 'the portal settings with the templates');
    await expectAccessible(el);
    assertEqual(field(el, '#portal-slug').value, 'demo', 'the address');
    assert(textOf(el).includes('If you change it, the old address keeps working and leads here.'), 'the old address keeps working');
    assertEqual(field(el, 'input[name="portalActive"]').checked, true, 'the portal is on');
    assertEqual(field<HTMLTextAreaElement>(el, '#portal-description').value, 'Bookkeeping for small firms.', 'the description');
    const options = [...el.shadowRoot!.querySelectorAll('#portal-sample option')].map((o) => o.textContent!.trim());
    assertEqual(options, ['None', 'Send a copy of your ID'], 'only single-task templates, and none');
    assert(api.callsTo('GET /firm/templates')[0]!.url.includes('kind=task'), 'asks for single-task templates');
    const snippet = field<HTMLTextAreaElement>(el, '#embed-snippet').value;
    assert(snippet.includes(`<client-portal api="${location.origin}" firm="demo">`), `the firm's slug and this server: ${snippet}`);
    assert(snippet.includes(`src="${location.origin}/embed/portico.js"`), 'the loader');
    button(el, 'Copy the snippet')!.click();
    await waitFor(() => status(el) === 'Copied.', 'the copy announced');
    assertEqual(clipboard.written, [snippet], 'the snippet copied');
    clipboard.restore();
    clipboard = stubClipboard(true);
    button(el, 'Copy the snippet')!.click();
    await waitFor(() => status(el).startsWith('Could not copy'), 'a refused copy announced');
  });

  it('saves only what changed, and puts a taken address or a refused video address at its field', async () => {
    let patches = 0;
    api = settingsApi('admin', (call) => {
      patches += 1;
      const body = call.body as Record<string, unknown>;
      if (body['slug'] === 'taken') return { status: 409, body: errorBody('slug_taken', 'Another firm has this address; choose another') };
      if (body['welcomeVideoUrl'] === 'http://video.example/w') return { status: 400, body: { error: { code: 'invalid_input', message: 'Invalid input', issues: [{ path: 'welcomeVideoUrl', message: 'Use an https:// address' }], requestId: 'r' } } };
      return { body: { ...saved, ...body } };
    });
    const el = await signedInConsole();
    await openSection(el, 'Settings');
    await waitFor(() => $(el, '#portal-slug'), 'the form');

    setValue(field(el, '#portal-slug'), 'taken');
    button(el, 'Save the portal settings')!.click();
    await waitFor(() => $(el, '#portal-slug-error'), 'the refusal at the field');
    assertEqual(api.callsTo('PATCH /firm/settings')[0]!.body, { slug: 'taken' }, 'only the address sent');
    assertEqual($(el, '#portal-slug-error')!.textContent!.trim(), 'Another firm has this address; choose another.', 'says why');
    assertEqual(field(el, '#portal-slug').getAttribute('aria-invalid'), 'true', 'the field is marked');
    await waitFor(() => el.shadowRoot!.activeElement === field(el, '#portal-slug'), 'focus on the refused field');
    assertEqual(field(el, '#portal-slug').value, 'taken', 'what was typed stays');
    await expectAccessible(el);

    setValue(field(el, '#portal-slug'), 'demo');
    setValue(field(el, '#portal-video'), 'http://video.example/w');
    button(el, 'Save the portal settings')!.click();
    await waitFor(() => $(el, '#portal-video-error'), 'the video refused at its field');
    assertEqual(api.callsTo('PATCH /firm/settings')[1]!.body, { welcomeVideoUrl: 'http://video.example/w' }, 'the unchanged address is not sent');
    assertEqual($(el, '#portal-video-error')!.textContent!.trim(), 'Use an https:// address', 'the server says why');
    assert(!$(el, '#portal-slug-error'), 'the address is fine now');

    setValue(field(el, '#portal-video'), 'https://video.example/w');
    setValue(field<HTMLSelectElement>(el, '#portal-sample'), 'tpl_sample');
    field(el, 'input[name="announcementsEnabled"]').click();
    field(el, 'input[name="identityCreatesContacts"]').click();
    field(el, 'input[name="portalActive"]').click();
    button(el, 'Save the portal settings')!.click();
    await waitFor(() => status(el) === 'The portal settings are saved.', 'saved');
    assertEqual(patches, 3, 'three saves');
    assertEqual(
      api.callsTo('PATCH /firm/settings')[2]!.body,
      { portalActive: false, welcomeVideoUrl: 'https://video.example/w', announcementsEnabled: true, sampleTemplateId: 'tpl_sample', identityCreatesContacts: true },
      'every change, nothing else',
    );
    assert(!$(el, '.field-error'), 'no refusal left');
  });

  it('makes a new embed secret only after a confirmation, and shows it once with a copy button', async () => {
    api = settingsApi('owner');
    clipboard = stubClipboard();
    const el = await signedInConsole();
    await openSection(el, 'Settings');
    await waitFor(() => button(el, 'Make a new embed secret'), 'the button');
    assert(textOf(el).includes('No embed secret made yet.'), 'none yet');
    button(el, 'Make a new embed secret')!.click();
    await waitFor(() => $(el, '#embed-secret-question'), 'the question');
    assert(textOf(el).includes('The current one stops working at once'), 'says it revokes the old one');
    await waitFor(() => el.shadowRoot!.activeElement?.id === 'embed-secret-confirm', 'focus on the confirmation');
    button(el, 'Cancel')!.click();
    await waitFor(() => !$(el, '#embed-secret-question'), 'cancelled');
    assertEqual(api.callsTo('POST /firm/settings/embed-secret').length, 0, 'nothing made without confirming');

    button(el, 'Make a new embed secret')!.click();
    (await waitFor(() => button(el, 'Make the new secret'), 'the confirmation')).click();
    await waitFor(() => $(el, '#embed-secret'), 'the secret');
    assertEqual(api.callsTo('POST /firm/settings/embed-secret').length, 1, 'made once');
    assertEqual(field(el, '#embed-secret').value, 'c2VjcmV0LW9ubHktc2hvd24tb25jZQ', 'the secret shown');
    assert(textOf(el).includes('Shown only now'), 'says it is shown only now');
    assert(textOf(el).includes('The current embed secret was made'), 'the settings say when it was made');
    await waitFor(() => status(el) === 'A new embed secret is made; the old one no longer works.', 'announced');
    await expectAccessible(el);
    button(el, 'Copy the secret')!.click();
    await waitFor(() => clipboard!.written.length === 1, 'copied');
    assertEqual(clipboard.written, ['c2VjcmV0LW9ubHktc2hvd24tb25jZQ'], 'the secret copied');
    await openSection(el, 'Inbox').catch(() => undefined);
    await openSection(el, 'Settings');
    await waitFor(() => button(el, 'Make a new embed secret'), 'the screen again');
    assert(!$(el, '#embed-secret'), 'not shown again');
  });

  it('offers a member no setting to change, only the embed snippet', async () => {
    api = settingsApi('member');
    const el = await signedInConsole();
    await openSection(el, 'Settings');
    await waitFor(() => $(el, '#embed-snippet'), 'the snippet');
    await expectAccessible(el);
    assert(textOf(el).includes('Only the owner or an admin changes the settings.'), 'says who does');
    assert(!$(el, '#portal-slug') && !$(el, 'input[type="checkbox"]'), 'no field to change');
    assert(!button(el, 'Make a new embed secret'), 'no embed secret');
    assertEqual(api.callsTo('GET /firm/templates').length, 0, 'no templates fetched for a picker it does not show');
  });

  it('speaks Estonian', async () => {
    api = settingsApi('owner', (call) => (call.body as { slug?: string }).slug === 'taken' ? { status: 409, body: errorBody('slug_taken', 'Another firm has this address; choose another') } : { body: saved });
    const el = await signedInConsole('et');
    await openSection(el, 'Seaded');
    await waitFor(() => $(el, '#portal-slug'), 'the form');
    await expectAccessible(el);
    assert(textOf(el).includes('vana aadress edasi'), 'the old address note');
    assert(button(el, 'Tee uus manustamise saladus'), 'the secret button');
    setValue(field(el, '#portal-slug'), 'taken');
    button(el, 'Salvesta portaali seaded')!.click();
    await waitFor(() => $(el, '#portal-slug-error'), 'the refusal');
    assertEqual($(el, '#portal-slug-error')!.textContent!.trim(), 'See aadress on teisel bürool; valige muu.', 'in Estonian');
  });

  it('fits 390 px without sideways scrolling', async () => {
    await setViewport({ width: 390, height: 800 });
    api = settingsApi('owner');
    const el = await signedInConsole();
    await openSection(el, 'Settings');
    await waitFor(() => $(el, '#portal-sample option[value="tpl_sample"]'), 'the screen');
    button(el, 'Make a new embed secret')!.click();
    (await waitFor(() => button(el, 'Make the new secret'), 'the confirmation')).click();
    await waitFor(() => $(el, '#embed-secret'), 'the secret');
    const base = $(el, '[part="base"]')!;
    const right = base.getBoundingClientRect().right + 0.5;
    const wide = [...base.querySelectorAll<HTMLElement>('*')].filter((n) => n.getBoundingClientRect().right > right);
    assertEqual(wide.map((n) => `${n.tagName}#${n.id}`), [], 'nothing wider than the screen');
  });
});

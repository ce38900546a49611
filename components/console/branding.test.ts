import { setViewport } from '@web/test-runner-commands';
import './define.ts';
import type { PorticoConsole } from './portico-console.ts';
import type { FirmBranding } from '../internal/api-types.ts';
import { $, afterEach, beforeEach, button, cleanupFixtures, deepActiveElement, describe, errorBody, expectAccessible, it, setLoginFragment, textOf, waitFor, type FakeApi, type RecordedCall } from '../internal/testing/helpers.ts';
import { assert, assertEqual, firmApi, firmSettings, openSection, setValue, signedInConsole, staffSession } from '../internal/testing/firm-fakes.ts';
import type { PortalSettingsValues } from './portal-settings.ts';

const LOGO_URL = 'http://localhost:8787/api/v1/public/firms/demo/logo';
const saved = (branding: FirmBranding = {}): PortalSettingsValues => ({
  ...firmSettings,
  slug: 'demo',
  portalActive: false,
  description: '',
  welcomeVideoUrl: null,
  announcementsEnabled: false,
  sampleTemplateId: null,
  identityCreatesContacts: false,
  embedSecretCreatedAt: null,
  branding,
});

/** The settings API with the logo and icon routes; `put` answers an upload. */
function brandingApi(role: 'owner' | 'admin' | 'member', branding: FirmBranding = {}, put: (call: RecordedCall) => { status?: number; body?: unknown } = () => ({ body: { ...branding, logoUrl: LOGO_URL } })) {
  return firmApi({
    'GET /auth/session': { body: { ...staffSession, role, token: undefined } },
    'GET /firm/settings': { body: saved(branding) },
    'GET /firm/templates': { body: { items: [], nextCursor: null } },
    'PATCH /firm/settings': (call: RecordedCall) => ({ body: { ...saved(branding), ...(call.body as object) } }),
    'PUT /firm/settings/logo': put,
    'PUT /firm/settings/icon': put,
    'DELETE /firm/settings/logo': { body: { primaryColor: '#aa3300' } },
  });
}

/** Picks `file` in a file input as a person would. */
function pick(input: HTMLInputElement | null, file: File): void {
  if (!input) throw new Error('no file input');
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

const png = (bytes: number, name = 'logo.png') => new File([new Uint8Array(bytes)], name, { type: 'image/png' });
const status = (el: PorticoConsole) => $(el, '[role="status"]')?.textContent?.trim() ?? '';

describe('<portico-console> branding: colour, logo and icon', () => {
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

  it('saves a new colour with the rest of the branding, leaving the uploaded logo’s address out', async () => {
    api = brandingApi('owner', { fontFamily: 'Georgia', logoUrl: LOGO_URL });
    const el = await signedInConsole();
    await openSection(el, 'Settings');
    await waitFor(() => $(el, '#portal-color'), 'the colour');
    await expectAccessible(el);
    assertEqual($<HTMLInputElement>(el, '#portal-color')!.value, '#1f4fbf', 'the default colour until one is chosen');
    button(el, 'Save the portal settings')!.click();
    await waitFor(() => api.callsTo('PATCH /firm/settings').length, 'saved');
    assertEqual(api.callsTo('PATCH /firm/settings')[0]!.body, {}, 'an unchanged colour is not sent');
    await waitFor(() => status(el) === 'The portal settings are saved.', 'the save done');
    setValue($<HTMLInputElement>(el, '#portal-color'), '#aa3300');
    button(el, 'Save the portal settings')!.click();
    await waitFor(() => api.callsTo('PATCH /firm/settings').length === 2, 'saved again');
    assertEqual(api.callsTo('PATCH /firm/settings')[1]!.body, { branding: { fontFamily: 'Georgia', primaryColor: '#aa3300' } }, 'the colour, with the rest');
  });

  it('uploads a logo as the raw file with its type, showing it and saying so', async () => {
    api = brandingApi('admin');
    const el = await signedInConsole();
    await openSection(el, 'Settings');
    await waitFor(() => $(el, '#logo-file'), 'the logo field');
    assert(textOf(el).includes('PNG, JPEG or WebP, at most 512 KB.'), 'the logo’s limit said as the server says it');
    assert(textOf(el).includes('PNG, JPEG or WebP, at most 128 KB.'), 'the icon’s');
    assertEqual($<HTMLInputElement>(el, '#logo-file')!.accept, 'image/png,image/jpeg,image/webp', 'only those types offered');
    assert(!button(el, 'Remove the logo'), 'nothing to remove yet');
    const file = png(2000);
    pick($(el, '#logo-file'), file);
    await waitFor(() => $<HTMLImageElement>(el, '.branding-image img'), 'the new logo shown');
    const call = api.callsTo('PUT /firm/settings/logo')[0]!;
    assertEqual(call.headers.get('content-type'), 'image/png', 'sent with its type');
    assert(call.raw === file, 'the file itself is the body');
    assertEqual($<HTMLImageElement>(el, '.branding-image img')!.alt, 'The current logo', 'described');
    assert($<HTMLImageElement>(el, '.branding-image img')!.src.startsWith(LOGO_URL), 'from its public address');
    await waitFor(() => status(el) === 'The logo is saved.', 'announced');
    await expectAccessible(el);
  });

  it('refuses a wrong type or a too large file before sending, and explains the server’s 413 and 415 at the field', async () => {
    let reply = { status: 413, body: errorBody('payload_too_large') };
    api = brandingApi('owner', {}, () => reply);
    const el = await signedInConsole();
    await openSection(el, 'Settings');
    await waitFor(() => $(el, '#icon-file'), 'the icon field');
    pick($(el, '#icon-file'), new File(['<svg/>'], 'icon.svg', { type: 'image/svg+xml' }));
    await waitFor(() => $(el, '#icon-error'), 'the type refused');
    assertEqual($(el, '#icon-error')!.textContent, '“icon.svg” is not a PNG, JPEG or WebP image.', 'says why');
    assertEqual($(el, '#icon-file')!.getAttribute('aria-invalid'), 'true', 'marked');
    assertEqual(deepActiveElement()?.id, 'icon-file', 'focus on the field');
    pick($(el, '#icon-file'), png(129 * 1024, 'big.png'));
    await waitFor(() => $(el, '#icon-error')?.textContent?.includes('big.png'), 'the size refused');
    assertEqual($(el, '#icon-error')!.textContent, '“big.png” is too large: at most 128 KB. Make it smaller and try again.', 'says why');
    assertEqual(api.callsTo('PUT /firm/settings/icon').length, 0, 'nothing sent');

    pick($(el, '#logo-file'), png(1000, 'a.png'));
    await waitFor(() => $(el, '#logo-error'), 'the server’s 413');
    assert($(el, '#logo-error')!.textContent!.startsWith('“a.png” is too large'), 'in words');
    reply = { status: 415, body: errorBody('unsupported_media_type') };
    pick($(el, '#logo-file'), png(1000, 'b.png'));
    await waitFor(() => $(el, '#logo-error')?.textContent === '“b.png” is not a PNG, JPEG or WebP image.', 'the server’s 415 in words');
    await expectAccessible(el);
  });

  it('removes the logo', async () => {
    api = brandingApi('owner', { primaryColor: '#aa3300', logoUrl: LOGO_URL });
    const el = await signedInConsole();
    await openSection(el, 'Settings');
    (await waitFor(() => button(el, 'Remove the logo'), 'the remove button')).click();
    await waitFor(() => !$(el, '.branding-image img'), 'gone');
    assertEqual(api.callsTo('DELETE /firm/settings/logo').length, 1, 'removed once');
    await waitFor(() => status(el) === 'The logo is removed.', 'announced');
  });

  it('is not offered to a member, and speaks Estonian', async () => {
    api = brandingApi('member');
    let el = await signedInConsole();
    await openSection(el, 'Settings');
    await waitFor(() => $(el, '#embed-snippet'), 'the settings');
    assert(!$(el, '#logo-file') && !$(el, '#portal-color'), 'no branding for a member');
    cleanupFixtures();
    api.restore();
    api = brandingApi('owner', { logoUrl: LOGO_URL });
    el = await signedInConsole('et');
    await openSection(el, 'Seaded');
    await waitFor(() => $(el, '#logo-file'), 'the logo field');
    await expectAccessible(el);
    assert(button(el, 'Eemalda logo'), 'remove');
    assert(textOf(el).includes('Põhivärv'), 'the colour');
  });

  it('fits 390 px without sideways scrolling', async () => {
    await setViewport({ width: 390, height: 800 });
    api = brandingApi('owner', { logoUrl: LOGO_URL });
    const el = await signedInConsole();
    await openSection(el, 'Settings');
    await waitFor(() => $(el, '#logo-file'), 'the logo field');
    const base = $(el, '[part="base"]')!;
    const right = base.getBoundingClientRect().right + 0.5;
    const wide = [...base.querySelectorAll<HTMLElement>('*')].filter((n) => n.getBoundingClientRect().right > right);
    assertEqual(wide.map((n) => `${n.tagName}#${n.id}.${n.className}`), [], 'nothing wider than the screen');
  });
});

import './define.ts';
import { $, afterEach, beforeEach, cleanupFixtures, describe, errorBody, expectAccessible, it, setLoginFragment, textOf, waitFor, type FakeApi } from '../internal/testing/helpers.ts';
import { assert, assertEqual, firmApi, firmSettings, openSection, signedInConsole, staffSession } from '../internal/testing/firm-fakes.ts';

describe('<portico-console> firm settings', () => {
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

  it('switches "Done uploading" and digitisation, each saved at once, and puts a refused switch back', async () => {
    let patches = 0;
    api = firmApi({
      'GET /auth/session': { body: { ...staffSession, role: 'owner', token: undefined } },
      'GET /firm/settings': { body: { ...firmSettings, doneUploadingEnabled: true } },
      'PATCH /firm/settings': (call) =>
        ++patches === 1
          ? { body: { ...firmSettings, doneUploadingEnabled: true, ...(call.body as object) } }
          : { status: 403, body: errorBody('forbidden', 'Only the owner or an admin changes the settings') },
    });
    const el = await signedInConsole();
    await openSection(el, 'Settings');
    const box = (name: string) => $<HTMLInputElement>(el, `input[name="${name}"]`)!;
    await waitFor(() => box('digitisationEnabled'), 'the switches');
    await expectAccessible(el);
    assertEqual(box('doneUploadingEnabled').checked, true, 'Done uploading as saved');
    assertEqual(box('digitisationEnabled').checked, false, 'digitisation as saved');
    assertEqual(box('digitisationEnabled').closest('label')?.textContent?.trim(), 'Staff may send a task’s files to the client’s digitisation inbox (“Digitise”)', 'labelled');

    box('digitisationEnabled').click();
    await waitFor(() => patches === 1, 'the PATCH');
    assertEqual(api.callsTo('PATCH /firm/settings')[0]!.body, { digitisationEnabled: true }, 'only the switch changed');
    await waitFor(() => textOf(el).includes('The settings are saved.'), 'announced');
    await waitFor(() => !box('doneUploadingEnabled').disabled, 'ready again');

    box('doneUploadingEnabled').click();
    await waitFor(() => patches === 2, 'the second PATCH');
    assertEqual(api.callsTo('PATCH /firm/settings')[1]!.body, { doneUploadingEnabled: false }, 'switched off');
    await waitFor(() => $(el, '[role="alert"]'), 'the refusal');
    await waitFor(() => box('doneUploadingEnabled').checked, 'the refused switch goes back on');
    assert(box('digitisationEnabled').checked, 'the saved one stays on');
  });
});

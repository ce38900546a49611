import './define.ts';
import { $, afterEach, beforeEach, button, cleanupFixtures, describe, errorBody, expectAccessible, it, setLoginFragment, textOf, waitFor, type FakeApi } from '../internal/testing/helpers.ts';
import { assertEqual, firmApi, firmClients, setValue, signedInConsole } from '../internal/testing/firm-fakes.ts';

describe("<portico-console> a client's documents settings", () => {
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

  it('sets the folder link and digitisation address, clears one left empty, and shows the server\'s refusal beside its field', async () => {
    let patches = 0;
    api = firmApi({
      'GET /firm/tasks': { body: { items: [], nextCursor: null } },
      'PATCH /firm/clients/cli_north': (call) =>
        ++patches === 1
          ? { status: 400, body: { error: { ...errorBody('validation_failed').error, issues: [{ path: 'documentFolderUrl', message: 'Use an https:// address' }] } } }
          : { body: { ...firmClients[0]!, ...(call.body as object) } },
    });
    const el = await signedInConsole();
    button(el, 'Northwind Bakery OÜ')!.click();
    const folder = await waitFor(() => $<HTMLInputElement>(el, '#client-folder'), 'the folder field');
    await expectAccessible(el);
    setValue(folder, 'http://drive.example/x');
    setValue($(el, '#client-digitisation'), 'inbox@receipts.example');
    button(el, 'Save documents settings')!.click();
    await waitFor(() => textOf(el).includes('Use an https:// address'), 'the refusal');
    assertEqual(folder.getAttribute('aria-invalid'), 'true', 'the folder field is marked');
    setValue(folder, 'https://drive.example/x');
    button(el, 'Save documents settings')!.click();
    await waitFor(() => patches === 2, 'the second PATCH');
    assertEqual(api.callsTo('PATCH /firm/clients/cli_north')[1]!.body, { documentFolderUrl: 'https://drive.example/x', digitisationAddress: 'inbox@receipts.example' }, 'the body');
    await waitFor(() => textOf(el).includes('Documents settings of Northwind Bakery OÜ are saved.'), 'announced');
    await waitFor(() => $<HTMLAnchorElement>(el, '.client-documents a')?.href === 'https://drive.example/x', 'the folder link');
    setValue($(el, '#client-digitisation'), '');
    button(el, 'Save documents settings')!.click();
    await waitFor(() => patches === 3, 'the third PATCH');
    assertEqual((api.callsTo('PATCH /firm/clients/cli_north')[2]!.body as { digitisationAddress: unknown }).digitisationAddress, null, 'an empty field clears');
  });
});

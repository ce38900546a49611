import './define.ts';
import type { PorticoConsole } from './portico-console.ts';
import { $, afterEach, beforeEach, button, cleanupFixtures, deepActiveElement, describe, errorBody, expectAccessible, it, setLoginFragment, textOf, waitFor, type FakeApi } from '../internal/testing/helpers.ts';
import { assert, assertEqual, firmApi, firmClients, firmSettings, firmTask, openSection, signedInConsole } from '../internal/testing/firm-fakes.ts';
import type { FirmFile } from '../internal/api-types.ts';
import { consoleStrings } from './console-strings.ts';

const firmFile = (over: Partial<FirmFile> = {}): FirmFile => ({
  id: 'fil_1',
  name: 'receipt march.pdf',
  size: 2_516_582,
  type: 'application/pdf',
  createdAt: 1_700_000_500_000,
  clientId: 'cli_north',
  workId: null,
  taskId: 'tsk_1',
  checklistItemId: null,
  requestId: null,
  sha256: 'ab'.repeat(32),
  internal: false,
  uploadedBy: { type: 'contact', id: 'con_1', name: 'Kati Klient' },
  review: null,
  deletedAt: null,
  downloadUrl: 'https://portico.example/api/v1/files/fil_1/download?expires=1&signature=ab',
  ...over,
});

const withAddress = firmClients.map((c) => (c.id === 'cli_north' ? { ...c, digitisationAddress: 'inbox@receipts.example' } : c));

async function openTask(el: PorticoConsole): Promise<void> {
  await openSection(el, 'Task board');
  (await waitFor(() => button(el, 'Send March receipts'), 'the task on the board')).click();
  await waitFor(() => button(el, 'Edit'), 'the task detail');
}

describe("<portico-console> a task's files", () => {
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

  it('lists each file as a download link with its size, sender and time, and deletes one after a confirmation', async () => {
    const second = firmFile({ id: 'fil_2', name: 'bank.png', size: 870_400, internal: true, uploadedBy: { type: 'member', id: 'mem_owner', name: 'Olivia Owner' } });
    let deleted = false;
    api = firmApi({
      'GET /firm/clients': { body: { items: withAddress } },
      'GET /firm/tasks/tsk_1': { body: firmTask() },
      'GET /firm/tasks/tsk_1/files': () => ({ body: { items: deleted ? [second] : [firmFile(), second], nextCursor: null } }),
      'DELETE /firm/files/fil_1': () => {
        deleted = true;
        return { status: 204 };
      },
    });
    const el = await signedInConsole();
    await openTask(el);
    const link = await waitFor(() => $<HTMLAnchorElement>(el, '.task-files a'), 'the files');
    await expectAccessible(el);
    assertEqual(link.href, firmFile().downloadUrl, 'the signed link');
    assertEqual(link.getAttribute('download'), 'receipt march.pdf', 'a download, under its name');
    const first = $(el, '.task-files li[data-file="fil_1"]')!.textContent!.replace(/\s+/g, ' ');
    assert(first.includes('2.4 MB') && first.includes('sent by Kati Klient'), `size and sender: ${first}`);
    assertEqual($(el, '.task-files li[data-file="fil_1"] time')?.getAttribute('datetime'), new Date(1_700_000_500_000).toISOString(), 'when');
    assert(textOf(el).includes('850 kB'), 'a small size in kB');
    // A file kept from the client says so; the client's own does not.
    assertEqual($(el, '.task-files li[data-file="fil_2"] [part="internal-file"]')?.textContent, 'Staff only', 'the staff-only file marked');
    assertEqual($(el, '.task-files li[data-file="fil_1"] [part="internal-file"]'), null, "the client's file unmarked");
    await waitFor(() => api.callsTo('GET /firm/settings').length === 1, 'the settings read');
    await el.updateComplete;
    assert(!button(el, 'Digitise'), 'no Digitise while the firm has it off, though the client has an address');

    button(el, 'Delete: receipt march.pdf')!.click();
    await waitFor(() => textOf(el).includes('Delete “receipt march.pdf”?'), 'the question');
    await waitFor(() => deepActiveElement()?.id === 'file-delete-confirm', 'focus on the confirmation');
    await expectAccessible(el);
    assertEqual(api.callsTo('DELETE /firm/files/fil_1').length, 0, 'nothing deleted before the confirmation');
    button(el, 'Cancel')!.click();
    await waitFor(() => deepActiveElement()?.id === 'file-delete-fil_1', 'focus back on Delete');
    button(el, 'Delete: receipt march.pdf')!.click();
    (await waitFor(() => $<HTMLButtonElement>(el, '#file-delete-confirm'), 'the confirmation')).click();
    await waitFor(() => !$(el, '.task-files li[data-file="fil_1"]'), 'the list refreshed without it');
    assertEqual(api.callsTo('DELETE /firm/files/fil_1').length, 1, 'one DELETE');
    assert($(el, '.task-files li[data-file="fil_2"]'), 'the other file stays');
    await waitFor(() => textOf(el).includes('“receipt march.pdf” is deleted.'), 'announced');
  });

  it('offers Digitise only with the firm setting and a client address, confirms, and says what went or why not', async () => {
    let answer: { status: number; body: unknown } = { status: 202, body: { files: 3, emails: 2, skipped: ['huge.pdf'] } };
    api = firmApi({
      'GET /firm/settings': { body: { ...firmSettings, digitisationEnabled: true } },
      // The task's client is read on its own (the clients list holds only a first page).
      'GET /firm/clients/cli_north': { body: withAddress.find((c) => c.id === 'cli_north') },
      'GET /firm/tasks/tsk_1': { body: firmTask() },
      'GET /firm/tasks/tsk_1/files': { body: { items: [firmFile()], nextCursor: null } },
      'POST /firm/tasks/tsk_1/digitise': () => answer,
    });
    const el = await signedInConsole();
    await openTask(el);
    const digitise = await waitFor(() => button(el, 'Digitise'), 'the Digitise action');
    await expectAccessible(el);
    digitise.click();
    await waitFor(() => textOf(el).includes("Email this task's files to the digitisation inbox inbox@receipts.example?"), 'the question');
    assertEqual(api.callsTo('POST /firm/tasks/tsk_1/digitise').length, 0, 'nothing sent before the confirmation');
    await waitFor(() => deepActiveElement()?.id === 'digitise-confirm', 'focus on the confirmation');
    await expectAccessible(el);
    button(el, 'Yes, send them')!.click();
    const result = () => $(el, '.digitise-result[role="status"]')?.textContent?.trim();
    await waitFor(() => result() === 'Sent 3 files in 2 emails to inbox@receipts.example. Too big to send: huge.pdf.', 'what went');
    await waitFor(() => deepActiveElement()?.id === 'task-digitise', 'focus back on Digitise');

    for (const [code, words] of [
      ['no_files', 'This task has no file to send.'],
      ['digitisation_off', 'Digitisation is switched off in the firm settings.'],
      ['no_digitisation_address', "This client has no digitisation inbox; set one on the client's screen."],
    ] as const) {
      answer = { status: 409, body: errorBody(code, 'server words') };
      button(el, 'Digitise')!.click();
      (await waitFor(() => button(el, 'Yes, send them'), 'the confirmation')).click();
      await waitFor(() => result() === words, `the refusal ${code}`);
    }
    assertEqual(consoleStrings('et').digitiseSent(1, 1, 'a@b.ee'), 'Saadetud 1 fail 1 e-kirjaga aadressile a@b.ee.', 'in Estonian');
  });

  it('hides Digitise when the client has no digitisation address', async () => {
    api = firmApi({
      'GET /firm/settings': { body: { ...firmSettings, digitisationEnabled: true } },
      'GET /firm/clients/cli_north': { body: firmClients.find((c) => c.id === 'cli_north') },
      'GET /firm/tasks/tsk_1': { body: firmTask() },
      'GET /firm/tasks/tsk_1/files': { body: { items: [firmFile()], nextCursor: null } },
    });
    const el = await signedInConsole();
    await openTask(el);
    await waitFor(() => $(el, '.task-files a'), 'the files');
    await waitFor(() => api.callsTo('GET /firm/settings').length === 1, 'the settings read');
    await waitFor(() => api.callsTo('GET /firm/clients/cli_north').length === 1, 'the client read');
    await expectAccessible(el);
    await el.updateComplete;
    assert(!button(el, 'Digitise'), 'no Digitise without an address');
  });
});

// <upload-zone> alone (api + firm + task, a stored session) against the tus stand-in: drop, pick, paste,
// progress, cancel, retry, resume, refusals in both languages, the form, the events, delete.
import { expect } from 'chai';
import { html } from 'lit';
import { sendKeys } from '@web/test-runner-commands';
import './define.ts';
import type { UploadZone } from './upload-zone.ts';
import { ACCEPT, MAX_FILE_BYTES, precheckFile as checkFile } from '../../edge/domain/file-rules.ts';
import { sessionStore } from '../internal/session-store.ts';
import {
  $,
  FakeApi,
  afterEach,
  beforeEach,
  button,
  cleanupFixtures,
  deferred,
  describe,
  errorBody,
  expectAccessible,
  fixture,
  it,
  textOf,
  waitFor,
} from '../internal/testing/helpers.ts';
import { API, FIRM } from '../internal/testing/fixtures.ts';
import { UploadFake } from '../internal/testing/upload-fake.ts';

const pdf = (text = 'PDF-0123456789', name = 'receipt.pdf') => new File([text], name, { type: 'application/pdf' });
const photo = () => new File(['JPEGDATA'], 'photo.jpg', { type: 'image/jpeg' });
const files = (...list: File[]): FileList => {
  const transfer = new DataTransfer();
  for (const file of list) transfer.items.add(file);
  return transfer.files;
};

async function render(attrs: { lang?: string; required?: boolean; camera?: string; request?: string; item?: string } = {}): Promise<UploadZone> {
  return fixture<UploadZone>(html`<upload-zone
    api=${API}
    firm=${FIRM}
    task=${attrs.request ? '' : 'tsk_pay_1'}
    request=${attrs.request ?? ''}
    item=${attrs.item ?? ''}
    lang=${attrs.lang ?? 'en'}
    camera=${attrs.camera ?? 'off'}
    ?required=${attrs.required}
    name="files"
    chunk-size="4"
    .retryDelays=${[20, 40]}
  ></upload-zone>`);
}

const drop = (zone: UploadZone, ...list: File[]) => {
  const dataTransfer = new DataTransfer();
  for (const file of list) dataTransfer.items.add(file);
  $(zone, '[part~=zone]')!.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, composed: true, cancelable: true }));
};
const rows = (zone: UploadZone) => [...(zone.shadowRoot?.querySelectorAll('[part~=file]') ?? [])].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
const bar = (zone: UploadZone) => $<HTMLProgressElement>(zone, 'progress');
/** The name `aria-labelledby` gives an element, as browsers compute it: the text of each element it names, in order. */
const labelledName = (el: Element) =>
  (el.getAttribute('aria-labelledby') ?? '').split(' ').map((id) => (el.getRootNode() as ShadowRoot).getElementById(id)?.textContent?.trim()).join(' ');
const summary = (zone: UploadZone) => $(zone, '[role=status]')?.textContent?.trim() ?? '';
const finished = async (zone: UploadZone) => {
  await zone.updateComplete; // a drop clears the last summary with its next render
  return waitFor(() => summary(zone).startsWith('Uploads finished') || summary(zone).startsWith('Üleslaadimine lõppes'), 'the summary');
};

describe('<upload-zone>', () => {
  let api: FakeApi;
  let tus: UploadFake;

  beforeEach(() => {
    localStorage.clear();
    sessionStore.saveToken(API, FIRM, 'ses_stored');
    api = new FakeApi();
    tus = new UploadFake(api);
  });

  afterEach(() => {
    api.restore();
    cleanupFixtures();
    localStorage.clear();
  });

  it('is accessible empty, while uploading, and with results and refusals', async () => {
    const zone = await render({ camera: 'on' });
    await expectAccessible(zone);
    const held = deferred();
    tus.hold = held.promise;
    drop(zone, pdf(), new File(['MZ'], 'setup.exe'));
    await waitFor(() => bar(zone), 'a progress bar');
    await expectAccessible(zone);
    held.resolve();
    await finished(zone);
    await expectAccessible(zone);
  });

  it('uploads dropped files one after the other, a PATCH per chunk, and the server gets every byte', async () => {
    const zone = await render();
    drop(zone, pdf('PDF-0123456789'), photo());
    await finished(zone);

    expect(tus.uploads).to.have.length(2);
    expect(tus.uploads[0]!.metadata).to.deep.equal({ filename: 'receipt.pdf', task: 'tsk_pay_1' });
    expect(await tus.text(tus.uploads[0]!)).to.equal('PDF-0123456789');
    expect(await tus.text(tus.uploads[1]!)).to.equal('JPEGDATA');
    expect(tus.log.slice(0, 4), '14 bytes in chunks of 4').to.deep.equal(['PATCH 0', 'PATCH 4', 'PATCH 8', 'PATCH 12']);
    const post = api.callsTo('POST /portal/uploads')[0]!;
    expect(post.headers.get('upload-length')).to.equal('14');
    expect(post.headers.get('authorization')).to.equal('Bearer ses_stored');
    expect(rows(zone)).to.deep.equal(['receipt.pdf 0.1 kB Uploaded. Delete', 'photo.jpg 0.1 kB Uploaded. Delete']);
    expect(summary(zone)).to.equal('Uploads finished: 2 files uploaded.');
  });

  it('"Choose files" is a real button that opens the picker from the keyboard, and picked files upload', async () => {
    const zone = await render();
    const input = $<HTMLInputElement>(zone, 'input[type=file]')!;
    let opened = 0;
    input.addEventListener('click', (e) => (e.preventDefault(), opened++));
    const choose = $<HTMLButtonElement>(zone, '[part~=choose]')!;
    expect(choose.localName).to.equal('button');
    choose.focus();
    await sendKeys({ press: 'Enter' });
    expect(opened).to.equal(1);
    expect(input.multiple).to.equal(true);
    expect(input.accept).to.contain('.pdf').and.contain('image/jpeg').and.not.contain('heic');

    input.files = files(pdf());
    input.dispatchEvent(new Event('change'));
    await finished(zone);
    expect(tus.uploads[0]!.metadata['filename']).to.equal('receipt.pdf');
  });

  it('uploads an image pasted into it', async () => {
    const zone = await render();
    const clipboardData = new DataTransfer();
    clipboardData.items.add(new File(['PNGDATA'], 'image.png', { type: 'image/png' }));
    $(zone, '[part~=choose]')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, composed: true, cancelable: true }));
    await finished(zone);
    expect(await tus.text(tus.uploads[0]!)).to.equal('PNGDATA');
  });

  it('offers "Take a photo" with the camera when asked, handing over JPEG', async () => {
    const zone = await render({ camera: 'on' });
    expect(button(zone, 'Take a photo')).to.exist;
    const input = $<HTMLInputElement>(zone, '#photo')!;
    expect(input.getAttribute('capture')).to.equal('environment');
    expect(input.accept).to.equal('image/jpeg,image/png');
    const off = await render({ camera: 'off' });
    expect(button(off, 'Take a photo')).to.equal(null);
  });

  it('shows each file\'s progress as a progress bar (a native <progress>: the progressbar role) with values and a text percentage', async () => {
    const zone = await render();
    const gate = { next: deferred() };
    tus.hold = gate.next.promise;
    drop(zone, pdf('0123456789')); // 10 bytes: chunks of 4, 4, 2
    const progress = await waitFor(() => bar(zone), 'the progress bar');
    expect(progress.max).to.equal(100);
    expect(progress.value).to.equal(0);
    expect(labelledName(progress), 'named after its file').to.equal('receipt.pdf');
    expect(labelledName($(zone, '[part~=cancel]')!)).to.equal('Cancel receipt.pdf');
    const first = gate.next;
    gate.next = deferred();
    tus.hold = gate.next.promise;
    first.resolve();
    await waitFor(() => bar(zone)?.value === 40, '40 %');
    expect(textOf(zone)).to.contain('40%');
    tus.hold = null;
    gate.next.resolve();
    await finished(zone);
    expect(bar(zone), 'gone once uploaded').to.equal(null);
  });

  it('cancels an upload: the request stops, the server is told (tus DELETE), nothing more is sent', async () => {
    const zone = await render();
    const held = deferred();
    tus.hold = held.promise;
    drop(zone, pdf());
    await waitFor(() => bar(zone), 'uploading');
    button(zone, 'Cancel')!.click();
    await waitFor(() => api.callsTo('DELETE /portal/uploads/upl_1').length, 'the DELETE');
    held.resolve();
    await finished(zone).catch(() => undefined);
    expect(rows(zone)[0]).to.contain('Cancelled.');
    expect(tus.uploads[0]!.deleted).to.equal(true);
    expect(api.callsTo('PATCH /portal/uploads/upl_1')).to.have.length(1);
    expect(zone.value).to.equal('');
  });

  it('retries with a pause after a network failure, asks the server its offset, and finishes', async () => {
    const zone = await render();
    tus.failNext = 1;
    drop(zone, pdf('0123456789'));
    await waitFor(() => textOf(zone).includes('Connection lost. Trying again in 1 s'), 'the retry notice');
    await finished(zone);
    expect(tus.log).to.deep.equal(['PATCH 0', 'HEAD', 'PATCH 0', 'PATCH 4', 'PATCH 8']);
    expect(await tus.text(tus.uploads[0]!)).to.equal('0123456789');
    expect(tus.uploads, 'the same upload, not a new one').to.have.length(1);
  });

  for (const [what, wake] of [
    ['the connection comes back', () => window.dispatchEvent(new Event('online'))],
    ['the page is shown again (a phone woken)', () => document.dispatchEvent(new Event('visibilitychange'))],
  ] as const) {
    it(`ends a retry pause early when ${what}`, async () => {
      expect(document.visibilityState).to.equal('visible');
      const zone = await render();
      zone.retryDelays = [60_000];
      tus.failNext = 1;
      drop(zone, pdf('0123456789'));
      await waitFor(() => textOf(zone).includes('Trying again in 60 s'), 'a minute\'s pause');
      wake();
      await finished(zone); // within waitFor's 2 s, not the minute
      expect(rows(zone)[0]).to.contain('Uploaded.');
      expect(tus.log.slice(0, 3)).to.deep.equal(['PATCH 0', 'HEAD', 'PATCH 0']);
    });
  }

  it('resumes from the server\'s offset after a connection dropped halfway through a chunk', async () => {
    const zone = await render();
    tus.dropNext = 1; // the first chunk: 2 of its 4 bytes arrive
    drop(zone, pdf('0123456789'));
    await finished(zone);
    expect(tus.log).to.deep.equal(['PATCH 0', 'HEAD', 'PATCH 2', 'PATCH 6']);
    expect(await tus.text(tus.uploads[0]!)).to.equal('0123456789');
    expect(rows(zone)[0]).to.contain('Uploaded.');
  });

  it('stops after its retries, says so, and goes on from the offset when the connection comes back', async () => {
    const zone = await render();
    tus.dropNext = 1;
    tus.failNext = 5; // more than the two retries
    drop(zone, pdf('0123456789'));
    await waitFor(() => textOf(zone).includes('Stopped: the server could not be reached'), 'paused');
    expect(summary(zone)).to.equal('Uploads finished: 0 files uploaded, 1 not uploaded.');
    expect(bar(zone)!.value).to.equal(0);
    expect(labelledName($(zone, '[part~=retry]')!)).to.equal('Try again receipt.pdf');
    tus.failNext = 0;
    window.dispatchEvent(new Event('online'));
    await waitFor(() => rows(zone)[0]?.includes('Uploaded.'), 'uploaded after coming back online');
    expect(tus.log.slice(-3)).to.deep.equal(['HEAD', 'PATCH 2', 'PATCH 6']);
    expect(await tus.text(tus.uploads[0]!)).to.equal('0123456789');
  });

  it('refuses too big, empty and wrong-type files before sending, in plain English', async () => {
    const zone = await render();
    const errors: string[] = [];
    zone.addEventListener('portico-upload-error', (e) => errors.push(e.detail.code));
    drop(zone, new File([new Uint8Array(10_485_761)], 'scan.pdf'), new File([], 'empty.pdf'), new File(['MZ'], 'invoice.exe'));
    await finished(zone);
    expect(rows(zone)).to.deep.equal([
      'scan.pdf 10 MB This file is too big (10 MB). Files can be up to 10 MB.',
      'empty.pdf 0.1 kB This file is empty.',
      'invoice.exe 0.1 kB This kind of file cannot be sent. Send a PDF, a photo, an office document, CSV, text, XML or ZIP.',
    ]);
    expect(errors).to.deep.equal(['file_too_large', 'empty_file', 'type_not_allowed']);
    expect(api.callsTo('POST /portal/uploads'), 'nothing sent').to.have.length(0);
    expect(summary(zone)).to.equal('Uploads finished: 0 files uploaded, 3 not uploaded.');
  });

  it('checks files by the server\'s rules: 10 MiB at most, the allowed kinds by name ending', () => {
    expect(MAX_FILE_BYTES).to.equal(10_485_760);
    expect(checkFile({ name: 'a.pdf', size: 10_485_760, type: '' })).to.equal(null);
    expect(checkFile({ name: 'a.pdf', size: 10_485_761, type: '' })).to.equal('file_too_large');
    for (const name of ['a.PDF', 'b.jpeg', 'c.png', 'd.heic', 'e.HEIF', 'f.webp', 'g.tiff', 'h.docx', 'i.xlsx', 'j.odt', 'k.ods', 'l.csv', 'm.txt', 'n.xml', 'o.zip']) {
      expect(checkFile({ name, size: 1, type: 'application/octet-stream' }), name).to.equal(null);
    }
    for (const name of ['a.exe', 'b.html', 'c.svg', 'd.pdf.js']) expect(checkFile({ name, size: 1, type: 'application/pdf' }), name).to.equal('type_not_allowed');
    // Without a name ending the server decides, by the bytes, as it does for every file.
    expect(checkFile({ name: 'image', size: 1, type: 'image/png' })).to.equal(null);
    expect(checkFile({ name: 'e', size: 1, type: '' })).to.equal(null);
    for (const heic of ['.heic', '.heif']) expect(ACCEPT.split(','), 'Safari then hands over JPEG').not.to.include(heic);
    expect(ACCEPT.split(',')[0]).to.equal('image/jpeg');
  });

  it('explains refusals in Estonian, and accepts a HEIC photo that arrives anyway', async () => {
    const zone = await render({ lang: 'et' });
    await waitFor(() => textOf(zone).includes('Vali failid'), 'Estonian strings');
    drop(zone, new File([new Uint8Array(10_485_761)], 'scan.pdf'), new File(['MZ'], 'invoice.exe'), new File(['HEIC'], 'IMG_0001.HEIC'));
    await finished(zone);
    const [big, exe, heic] = rows(zone);
    expect(big).to.contain('See fail on liiga suur (10 MB). Fail võib olla kuni 10 MB.');
    expect(exe).to.contain('Sellist faili ei saa saata.');
    expect(heic).to.contain('Üles laaditud.');
    expect(summary(zone)).to.equal('Üleslaadimine lõppes: 1 fail üles laaditud, 2 jäi üles laadimata.');
  });

  it('shows the server\'s refusal when it sniffs a type it does not allow, and a target it no longer takes', async () => {
    const zone = await render();
    tus.refusePatch = { status: 415, body: errorBody('type_not_allowed') };
    drop(zone, pdf());
    await finished(zone);
    expect(rows(zone)[0]).to.contain('This kind of file cannot be sent.');
    tus.refusePatch = null;
    tus.refuseCreate = { status: 404, body: errorBody('not_found') };
    drop(zone, pdf());
    await finished(zone);
    expect(rows(zone)[1]).to.contain('Files can no longer be sent here.');
  });

  it('asks to sign in again when the server no longer takes the session (401, with or without its envelope)', async () => {
    for (const body of [errorBody('unauthorized'), undefined]) {
      sessionStore.saveToken(API, FIRM, 'ses_stored');
      const zone = await render();
      tus.refusePatch = { status: 401, body };
      drop(zone, pdf());
      await finished(zone);
      expect(rows(zone)[0]).to.contain('Please sign in to upload files.');
      expect($<HTMLButtonElement>(zone, '[part~=choose]')!.disabled, 'the session is forgotten: its buttons are off').to.equal(true);
      expect(textOf(zone)).to.contain('Please sign in to upload files.');
    }
  });

  it('sends the request, or the checklist item, as the target', async () => {
    const forRequest = await render({ request: 'req_1' });
    drop(forRequest, pdf());
    await finished(forRequest);
    expect(tus.uploads[0]!.metadata).to.deep.equal({ filename: 'receipt.pdf', request: 'req_1' });
    const forItem = await render({ item: 'chk_a' });
    drop(forItem, pdf());
    await finished(forItem);
    expect(tus.uploads[1]!.metadata).to.deep.equal({ filename: 'receipt.pdf', task: 'tsk_pay_1', item: 'chk_a' });
  });

  it('takes a drop anywhere on the element, its own padding too, and never lets the tab open the file', async () => {
    const zone = await render();
    zone.style.padding = '2rem'; // the host, styled by a page: not the zone inside it
    const dataTransfer = new DataTransfer();
    dataTransfer.items.add(pdf());
    const over = new DragEvent('dragover', { dataTransfer, bubbles: true, cancelable: true });
    zone.dispatchEvent(over);
    expect(over.defaultPrevented, 'dragover taken, so the drop comes here').to.equal(true);
    const dropped = new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true });
    zone.dispatchEvent(dropped);
    expect(dropped.defaultPrevented, 'the browser does not open the file').to.equal(true);
    await finished(zone);
    expect(tus.uploads).to.have.length(1);
  });

  it('does not count an upload whose answer lost its file id as a form entry', async () => {
    const zone = await render();
    tus.loseFileId = true;
    drop(zone, pdf(), photo());
    await finished(zone);
    expect(zone.value, 'only the file with an id').to.equal('fil_2');
  });

  it('says when the same file was there already', async () => {
    const zone = await render();
    tus.duplicateOf = 'fil_old';
    drop(zone, pdf());
    await finished(zone);
    expect(rows(zone)[0]).to.contain('Already there');
    expect(zone.value).to.equal('fil_old');
  });

  it('is a form field: required until a file is uploaded, not valid while uploading, its value the file ids', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><upload-zone api=${API} firm=${FIRM} task="tsk_pay_1" name="files" required chunk-size="4" camera="off"></upload-zone></form>`);
    const zone = form.querySelector('upload-zone')!;
    await zone.updateComplete;
    expect(form.checkValidity()).to.equal(false);
    expect(zone.validity.valueMissing).to.equal(true);
    expect(zone.validationMessage).to.equal('Please upload a file.');

    const held = deferred();
    tus.hold = held.promise;
    drop(zone, pdf(), photo());
    await waitFor(() => bar(zone), 'uploading');
    expect(zone.validationMessage).to.equal('Please wait for the uploads to finish.');
    expect(form.checkValidity()).to.equal(false);
    tus.hold = null;
    held.resolve();
    await finished(zone);
    expect(form.checkValidity()).to.equal(true);
    expect(new FormData(form).getAll('files')).to.deep.equal(['fil_1', 'fil_2']);
    expect(zone.value).to.equal('fil_1,fil_2');
    form.reset();
    await zone.updateComplete;
    expect(rows(zone)).to.deep.equal([]);
    expect(form.checkValidity()).to.equal(false);
  });

  it('takes no files while disabled, also through a disabled fieldset', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><fieldset disabled><upload-zone api=${API} firm=${FIRM} task="tsk_pay_1" camera="off"></upload-zone></fieldset></form>`);
    const zone = form.querySelector('upload-zone')!;
    await zone.updateComplete;
    expect($<HTMLButtonElement>(zone, '[part~=choose]')!.disabled).to.equal(true);
    drop(zone, pdf());
    await zone.updateComplete;
    expect(rows(zone)).to.deep.equal([]);
    expect(api.callsTo('POST /portal/uploads')).to.have.length(0);
    form.querySelector('fieldset')!.disabled = false;
    await zone.updateComplete;
    drop(zone, pdf());
    await finished(zone);
    expect(tus.uploads).to.have.length(1);
    zone.disabled = true;
    await zone.updateComplete;
    expect($<HTMLButtonElement>(zone, '[part~=choose]')!.disabled, 'its own disabled').to.equal(true);
  });

  it('fires start, progress, complete and error events that bubble out of shadow roots', async () => {
    const zone = await render();
    const seen: string[] = [];
    const record = (e: Event) => {
      const { detail, bubbles, composed } = e as CustomEvent;
      expect(bubbles && composed, e.type).to.equal(true);
      seen.push(`${e.type.replace('portico-upload-', '')} ${JSON.stringify(detail)}`);
    };
    for (const type of ['start', 'progress', 'complete', 'error']) document.addEventListener(`portico-upload-${type}`, record);
    try {
      drop(zone, pdf('PDF-1234'), new File(['MZ'], 'a.exe'));
      await finished(zone);
    } finally {
      for (const type of ['start', 'progress', 'complete', 'error']) document.removeEventListener(`portico-upload-${type}`, record);
    }
    expect(seen).to.deep.equal([
      'error {"name":"a.exe","size":2,"code":"type_not_allowed"}',
      'start {"name":"receipt.pdf","size":8}',
      'progress {"name":"receipt.pdf","size":8,"sent":0}',
      'progress {"name":"receipt.pdf","size":8,"sent":4}',
      'progress {"name":"receipt.pdf","size":8,"sent":8}',
      'complete {"name":"receipt.pdf","size":8,"fileId":"fil_1","duplicate":false}',
    ]);
  });

  it('lets the contact delete their upload within the window, and says when the window has passed', async () => {
    api.on('DELETE /portal/files/fil_1', { status: 204 });
    api.on('DELETE /portal/files/fil_2', { status: 403, body: errorBody('delete_window_passed') });
    const zone = await render();
    drop(zone, pdf(), photo());
    await finished(zone);
    const [first, second] = [...zone.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~=delete]')];
    expect(labelledName(first!)).to.equal('Delete receipt.pdf');
    expect(labelledName(second!), 'each with its own file').to.equal('Delete photo.jpg');
    first!.click();
    await waitFor(() => rows(zone)[0]?.includes('The file is deleted.'), 'deleted');
    expect(zone.value).to.equal('fil_2');
    second!.click();
    await waitFor(() => rows(zone)[1]?.includes('It can no longer be deleted'), 'the refusal');
    expect(zone.shadowRoot!.querySelectorAll('[part~=delete]'), 'no more delete buttons').to.have.length(0);
    await expectAccessible(zone);
  });

  it('asks to sign in, with its buttons off, when nobody is signed in', async () => {
    localStorage.clear();
    const zone = await render();
    expect(textOf(zone)).to.contain('Please sign in to upload files.');
    expect($<HTMLButtonElement>(zone, '[part~=choose]')!.disabled).to.equal(true);
    drop(zone, pdf());
    await zone.updateComplete;
    expect(rows(zone)).to.deep.equal([]);
    await expectAccessible(zone);
  });
});

// <request-form> inside <client-portal> and alone: sending a request with files, what is refused and why,
// the contact's requests with their status and conversations, the firm's "no new requests" switch.
import { expect } from 'chai';
import { html } from 'lit';
import { setViewport } from '@web/test-runner-commands';
import '../client-portal/define.ts';
import './define.ts';
import type { RequestForm, RequestErrorDetail } from './request-form.ts';
import type { ClientPortal } from '../client-portal/client-portal.ts';
import type { SessionInfo } from '../internal/api-types.ts';
import type { PorticoThread } from '../internal/thread-view.ts';
import { sessionStore } from '../internal/session-store.ts';
import { $, FakeApi, afterEach, beforeEach, button, cleanupFixtures, deepActiveElement, describe, expectAccessible, fixture, it, textOf, waitFor } from '../internal/testing/helpers.ts';
import { API, FIRM, firm, sessionInfo } from '../internal/testing/fixtures.ts';
import { ThreadFake, message, portalRequest } from '../internal/testing/thread-fake.ts';
import { UploadFake } from '../internal/testing/upload-fake.ts';

const session = (requestsEnabled = true): SessionInfo => ({ ...sessionInfo, firm: { ...firm, requestsEnabled } });

async function inPortal(lang = 'en'): Promise<{ portal: ClientPortal; form: RequestForm }> {
  sessionStore.saveToken(API, FIRM, 'ses_stored');
  const portal = await fixture<ClientPortal>(html`<client-portal api=${API} firm=${FIRM} lang=${lang}><request-form></request-form></client-portal>`);
  const form = portal.querySelector('request-form')!;
  await waitFor(() => form.shadowRoot!.querySelector('.list, .list + *, p.muted') && !textOf(form).includes('Loading'), 'the requests');
  return { portal, form };
}

const field = <E extends HTMLElement = HTMLInputElement>(form: RequestForm, id: string) => $<E>(form, `#${id}`)!;
async function fill(form: RequestForm, subject: string, body: string): Promise<void> {
  for (const [id, value] of [['subject', subject], ['body', body]] as const) {
    const el = field<HTMLInputElement | HTMLTextAreaElement>(form, id);
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }
  await form.updateComplete;
}
async function submit(form: RequestForm): Promise<void> {
  button(form, 'Send request')!.click();
  await form.updateComplete;
}
const rows = (form: RequestForm) =>
  [...form.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~=request]')].map((b) => b.textContent!.replace(/\s+/g, ' ').trim());
const live = (form: RequestForm) => $(form, '[role=status]')!.textContent!.trim();

describe('<request-form>', () => {
  let api: FakeApi;
  let fake: ThreadFake;
  let errors: RequestErrorDetail[];
  const onError = (e: CustomEvent<RequestErrorDetail>) => errors.push(e.detail);

  beforeEach(() => {
    localStorage.clear();
    errors = [];
    document.addEventListener('portico-request-error', onError);
    api = new FakeApi({ [`GET /public/firms/${FIRM}`]: { body: firm }, 'GET /auth/session': { body: session() } });
    fake = new ThreadFake(api);
    fake.requests = [
      portalRequest('req_open', 'VAT question', { unreadMessages: 0 }),
      portalRequest('req_answered', 'Payroll for a new hire', { state: 'answered', unreadMessages: 2 }),
      portalRequest('req_task', 'Annual report help', { state: 'converted', task: { id: 'tsk_report', title: 'Send the annual report data' } }),
      portalRequest('req_closed', 'Old invoice', { state: 'closed' }),
    ];
    fake.thread('request', 'req_answered', [message('msg_1', 'We need the contract.'), message('msg_2', 'And the tax card.')]);
    fake.thread('request', 'req_closed', [message('msg_c', 'Done, closing.')]);
  });

  afterEach(() => {
    document.removeEventListener('portico-request-error', onError);
    api.restore();
    cleanupFixtures();
    localStorage.clear();
  });

  it('is accessible: the form, its validation messages, the requests and an open conversation', async () => {
    const { portal, form } = await inPortal();
    await expectAccessible(portal);
    await submit(form);
    await expectAccessible(portal);
    $<HTMLButtonElement>(form, '[data-request-id="req_answered"]')!.click();
    await waitFor(() => $(form, 'portico-thread')?.shadowRoot?.querySelector('.messages'), 'the conversation');
    await expectAccessible(portal);
  });

  it('sends what the person typed for the current company; the request shows as open and the result is announced', async () => {
    const submitted: string[] = [];
    document.addEventListener('portico-request-submit', (e) => submitted.push(e.detail.requestId), { once: true });
    const { form } = await inPortal();
    await fill(form, '  Car lease  ', 'Can the company lease a car?\nFor two years.');
    await submit(form);
    expect(button(form, 'Sending…')?.disabled).to.equal(true);
    await waitFor(() => rows(form).length === 5, 'the new request');
    expect(api.callsTo('POST /portal/requests')[0]!.body).to.deep.equal({ clientId: 'cli_north', subject: 'Car lease', body: 'Can the company lease a car?\nFor two years.' });
    expect(rows(form)[0]).to.match(/^Car lease Open Sent /);
    expect(submitted).to.deep.equal(['req_new1']);
    expect(live(form)).to.equal('Your request is sent.');
    expect(field(form, 'subject').value).to.equal('');
    expect(errors).to.deep.equal([]);
  });

  it('says what is wrong next to each field (empty, too long), focuses the first, and sends nothing', async () => {
    const { form } = await inPortal();
    await submit(form);
    expect($(form, '#subject-error')!.textContent).to.equal('Please give the request a subject.');
    expect($(form, '#body-error')!.textContent).to.equal('Please write a message.');
    expect(field(form, 'subject').getAttribute('aria-invalid')).to.equal('true');
    expect(field(form, 'subject').getAttribute('aria-describedby')).to.equal('subject-error');
    expect(field(form, 'body').getAttribute('aria-describedby')).to.equal('body-error');
    expect(deepActiveElement() === field(form, 'subject'), 'where the focus is').to.equal(true);
    expect(live(form)).to.equal('Please correct the marked fields.');
    expect(errors).to.deep.equal([{ code: 'validation_failed' }]);

    await fill(form, 's'.repeat(201), 'b'.repeat(10_003));
    expect($(form, '#subject-error')!.textContent).to.equal('At most 200 characters: please remove 1.');
    expect($(form, '#body-error')!.textContent).to.equal('At most 10,000 characters: please remove 3.');
    await fill(form, 'Fine subject', 'b'.repeat(10_003));
    await submit(form);
    expect($(form, '#subject-error')?.outerHTML ?? null).to.equal(null);
    expect(field(form, 'subject').getAttribute('aria-invalid')).to.equal('false');
    expect(deepActiveElement() === field(form, 'body'), 'where the focus is').to.equal(true);
    expect(api.callsTo('POST /portal/requests').length).to.equal(0);
  });

  it('uploads the picked files to the new request with their progress', async () => {
    const tus = new UploadFake(api);
    const { form } = await inPortal();
    const picker = field(form, 'files');
    const picked = new DataTransfer();
    picked.items.add(new File(['%PDF-1.4 lease offer'], 'lease-offer.pdf', { type: 'application/pdf' }));
    picked.items.add(new File(['name;price\ncar;100'], 'prices.csv', { type: 'text/csv' }));
    picker.files = picked.files;
    picker.dispatchEvent(new Event('change', { bubbles: true }));
    // Listed once checked by the server's rules (they come with the upload zone's module).
    await waitFor(() => textOf(form).includes('lease-offer.pdf'), 'the picked files');
    expect(textOf(form)).to.contain('prices.csv');
    (form.shadowRoot!.querySelector<HTMLButtonElement>('[aria-label="Remove prices.csv"]'))!.click();
    await form.updateComplete;
    expect(textOf(form)).not.to.contain('prices.csv');
    await fill(form, 'Car lease', 'The offer is attached.');
    await submit(form);
    const zone = await waitFor(() => $(form, 'upload-zone[request="req_new1"]'), 'the upload zone for the request');
    await waitFor(() => tus.uploads[0]?.fileId, 'the upload');
    expect(tus.uploads.map((u) => [u.metadata['filename'], u.metadata['request']])).to.deep.equal([['lease-offer.pdf', 'req_new1']]);
    await waitFor(() => textOf(zone).includes('lease-offer.pdf'), 'the file in the zone');
    expect(Boolean(zone.shadowRoot!.querySelector('progress, [part~=file]')), 'the zone shows the file').to.equal(true);
  });

  it('says at once which picked files cannot be sent, and keeps only the others', async () => {
    const { form } = await inPortal();
    const picker = field(form, 'files');
    // The rules come with the upload zone's module, fetched once the contact reaches the form.
    picker.focus();
    await waitFor(() => picker.accept, 'the accept list');
    expect(picker.accept).to.contain('.pdf').and.not.contain('heic');
    const picked = new DataTransfer();
    picked.items.add(new File(['MZ\x90'], 'setup.exe', { type: 'application/x-msdownload' }));
    picked.items.add(new File([], 'empty.pdf', { type: 'application/pdf' }));
    picked.items.add(new File(['%PDF-1.4 ok'], 'ok.pdf', { type: 'application/pdf' }));
    picker.files = picked.files;
    picker.dispatchEvent(new Event('change', { bubbles: true }));
    const refused = await waitFor(() => $(form, '#files-refused'), 'the refusals');
    expect(refused.getAttribute('role')).to.equal('alert');
    expect(refused.textContent).to.contain('“setup.exe”: This kind of file cannot be sent.').and.contain('“empty.pdf”: This file is empty.');
    expect(picker.getAttribute('aria-describedby')).to.equal('files-refused');
    const kept = [...form.shadowRoot!.querySelectorAll('.picked li span')].map((s) => s.textContent);
    expect(kept).to.deep.equal(['ok.pdf']);
  });

  it('fires portico-request-error with the code and keeps what was typed when sending fails', async () => {
    fake.failNext = [0, 500];
    const { form } = await inPortal();
    await fill(form, 'Car lease', 'Question');
    await submit(form);
    await waitFor(() => errors.length === 1, 'the first failure');
    expect(errors[0]).to.deep.equal({ code: 'network' });
    expect($(form, '[role=alert]')!.textContent).to.contain('The server could not be reached');
    await submit(form);
    await waitFor(() => errors.length === 2, 'the second failure');
    expect(errors[1]).to.deep.equal({ code: 'internal' });
    expect($(form, '[role=alert]')!.textContent).to.equal('Your request was not sent. Please try again.');
    expect([field(form, 'subject').value, field(form, 'body').value]).to.deep.equal(['Car lease', 'Question']);
  });

  it('lists the requests with their status and new messages; opening one shows its conversation and clears the count', async () => {
    const { form } = await inPortal();
    expect(rows(form).map((r) => r.replace(/ Sent .*?( \d+ new messages?)?$/, '$1'))).to.deep.equal([
      'VAT question Open',
      'Payroll for a new hire Answered 2 new messages',
      'Annual report help Turned into a task',
      'Old invoice Closed',
    ]);
    const head = $<HTMLButtonElement>(form, '[data-request-id="req_answered"]')!;
    head.click();
    await form.updateComplete;
    expect(head.getAttribute('aria-expanded')).to.equal('true');
    const thread = await waitFor(() => $(form, `#${head.getAttribute('aria-controls')} portico-thread`), 'the conversation');
    await waitFor(() => thread.shadowRoot?.querySelectorAll('[part~=message]').length === 2, 'its messages');
    await waitFor(() => !$(form, '[data-request-id="req_answered"] [part~=message-badge]'), 'the count cleared');
    expect(textOf(form)).to.contain('About: Payroll for a new hire');
  });

  it('shows more requests a page at a time', async () => {
    fake.pageSize = 3;
    const { form } = await inPortal();
    expect(rows(form)).to.have.length(3);
    button(form, 'Show more')!.click();
    await waitFor(() => rows(form).length === 4, 'the next page');
    expect(rows(form)[3]).to.match(/^Old invoice Closed/);
    expect(api.callsTo('GET /portal/requests')[1]!.query.get('cursor')).to.equal('3');
    expect(button(form, 'Show more')?.outerHTML ?? null, 'no more to show').to.equal(null);
  });

  it('lists the files of an opened request as downloads, read again each time it opens', async () => {
    fake.thread('request', 'req_task');
    fake.requestFiles.set('req_task', [
      { id: 'fil_a', name: 'contract.pdf', size: 2048, type: 'application/pdf', createdAt: 1, taskId: null, checklistItemId: null, requestId: 'req_task', uploadedByMe: true, deletableUntil: null, review: null, downloadUrl: 'https://api.test/api/v1/files/fil_a/download?expires=1&signature=s' },
    ]);
    const { form } = await inPortal();
    const head = $<HTMLButtonElement>(form, '[data-request-id="req_task"]')!;
    head.click();
    const link = await waitFor(() => $<HTMLAnchorElement>(form, '[part="request-files"] a'), 'the files');
    expect([link.textContent, link.href, link.getAttribute('download')]).to.deep.equal(['contract.pdf', 'https://api.test/api/v1/files/fil_a/download?expires=1&signature=s', 'contract.pdf']);
    expect($(form, '[part="request-files"]')!.getAttribute('aria-label')).to.equal('Files');
    head.click();
    await form.updateComplete;
    head.click();
    await waitFor(() => api.callsTo('GET /portal/requests/req_task/files').length === 2, 'read again on opening');
  });

  it('offers "Open the task" for a request that became one, and no new message on it or on a closed one', async () => {
    const opened: string[] = [];
    document.addEventListener('portico-task-open', (e) => opened.push(e.detail.taskId), { once: true });
    fake.thread('request', 'req_task');
    const { form } = await inPortal();
    $<HTMLButtonElement>(form, '[data-request-id="req_task"]')!.click();
    await form.updateComplete;
    button(form, 'Open the task “Send the annual report data”')!.click();
    expect(opened).to.deep.equal(['tsk_report']);
    const thread = await waitFor(() => $(form, 'portico-thread')?.shadowRoot?.querySelector('.base') && $(form, 'portico-thread'), 'the conversation');
    await waitFor(() => textOf(thread).includes('This request became a task'), 'the note');
    expect(thread.shadowRoot!.querySelector('textarea')?.outerHTML ?? null).to.equal(null);
  });

  it('explains how to reach the firm instead of the form when it takes no new requests; replies still work', async () => {
    api.on('GET /auth/session', { body: session(false) });
    fake.requestsEnabled = false;
    const { portal, form } = await inPortal();
    expect($(form, 'form')?.outerHTML ?? null).to.equal(null);
    expect($(form, '[part~=requests-off]')!.textContent).to.contain('Demo Accounting does not take new requests in the portal. Please contact Demo Accounting directly');
    await expectAccessible(portal);
    $<HTMLButtonElement>(form, '[data-request-id="req_answered"]')!.click();
    const thread = await waitFor(() => $(form, 'portico-thread')?.shadowRoot?.querySelector('textarea') && $<PorticoThread>(form, 'portico-thread')!, 'the composer');
    const area = thread.shadowRoot!.querySelector('textarea')!;
    area.value = 'Here is the contract.';
    area.dispatchEvent(new Event('input'));
    await thread.updateComplete;
    button(thread, 'Send')!.click();
    await waitFor(() => thread.shadowRoot!.querySelectorAll('[part~=message]').length === 3, 'the reply');
  });

  it('switches to the explanation when the server says requests are off', async () => {
    fake.requestsEnabled = false;
    const { form } = await inPortal();
    await fill(form, 'Car lease', 'Question');
    await submit(form);
    await waitFor(() => $(form, '[part~=requests-off]'), 'the explanation');
    expect($(form, 'form')?.outerHTML ?? null).to.equal(null);
    expect(errors).to.deep.equal([{ code: 'requests_off' }]);
    await waitFor(() => deepActiveElement() === $(form, '[part~=requests-off]'), 'the focus on the explanation');
  });

  it('works alone with `api` and `firm` and the stored session, and reads the firm\'s switch itself', async () => {
    sessionStore.saveToken(API, FIRM, 'ses_stored');
    api.on(`GET /public/firms/${FIRM}`, { body: { ...firm, requestsEnabled: false } });
    const form = await fixture<RequestForm>(html`<request-form api=${API} firm=${FIRM}></request-form>`);
    await waitFor(() => $(form, '[part~=requests-off]'), 'the explanation');
    await waitFor(() => rows(form).length === 4, 'the requests');
    expect(api.callsTo('GET /portal/requests')[0]!.headers.get('authorization')).to.equal('Bearer ses_stored');
  });

  it('asks to sign in when nobody is', async () => {
    const form = await fixture<RequestForm>(html`<request-form api=${API} firm=${FIRM}></request-form>`);
    expect(textOf(form)).to.contain('Please sign in to send requests.');
    expect($(form, 'form')?.outerHTML ?? null).to.equal(null);
  });

  it('speaks Estonian', async () => {
    const { form } = await inPortal('et');
    await waitFor(() => textOf(form).includes('Saada pöördumine'), 'Estonian');
    expect(textOf(form)).to.contain('Sinu pöördumised').and.contain('Vastatud').and.contain('Muudetud ülesandeks');
    button(form, 'Saada pöördumine')!.click();
    await form.updateComplete;
    expect($(form, '#subject-error')!.textContent).to.equal('Palun lisa pöördumisele teema.');
  });

  it('fits a 390 px phone without sideways scrolling', async () => {
    await setViewport({ width: 390, height: 844 });
    try {
      fake.requests.unshift(portalRequest('req_long', 'x'.repeat(200)));
      const { portal, form } = await inPortal();
      await submit(form);
      $<HTMLButtonElement>(form, '[data-request-id="req_answered"]')!.click();
      await waitFor(() => $(form, 'portico-thread')?.shadowRoot?.querySelector('textarea'), 'the conversation');
      expect(document.documentElement.scrollWidth).to.be.at.most(390);
      expect(portal.getBoundingClientRect().width).to.be.at.most(390);
      expect(field(form, 'body').getBoundingClientRect().right).to.be.at.most(390);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });
});

// The conversation of a task or a request (`<portico-thread>`), alone with a stored session, as a contact uses it.
import { expect } from 'chai';
import { html } from 'lit';
import { setViewport } from '@web/test-runner-commands';
import './define-thread-view.ts';
import type { PorticoThread, ThreadReadDetail } from './thread-view.ts';
import { sessionStore } from './session-store.ts';
import { $, FakeApi, afterEach, beforeEach, button, cleanupFixtures, deepActiveElement, describe, expectAccessible, fixture, it, textOf, waitFor } from './testing/helpers.ts';
import { API, FIRM } from './testing/fixtures.ts';
import { ThreadFake, message } from './testing/thread-fake.ts';
import { UploadFake } from './testing/upload-fake.ts';

const conversation = () => [
  message('msg_q', 'Could you send the March receipts?\nThe ones for fuel too.'),
  message('msg_a', 'Here: see https://example.com/receipts. and <b>bold</b> <script>alert(1)</script> javascript:alert(1)', {
    mine: true,
    author: { type: 'contact', id: 'con_1', name: 'Kati Klient' },
    replyToId: 'msg_q',
  }),
  message('msg_b', 'Thanks, got them.', { via: 'email', attachments: [{ id: 'fil_1', name: 'receipts.pdf', size: 2048, type: 'application/pdf', downloadUrl: 'https://api.test/api/v1/files/fil_1/download?expires=1&signature=s' }] }),
];

async function render(kind: 'task' | 'request' = 'task', id = 'tsk_1', extra: { state?: string; lang?: string } = {}): Promise<PorticoThread> {
  const el = await fixture<PorticoThread>(
    html`<portico-thread api=${API} firm=${FIRM} kind=${kind} thread=${id} state=${extra.state ?? ''} lang=${extra.lang ?? 'en'}></portico-thread>`,
  );
  await waitFor(() => el.shadowRoot!.querySelector('.messages, .muted:not(:empty)') && !textOf(el).includes('Loading'), 'the messages');
  return el;
}

const messages = (el: PorticoThread) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~=message]')];
const textarea = (el: PorticoThread) => $<HTMLTextAreaElement>(el, 'textarea')!;
async function type(el: PorticoThread, text: string): Promise<void> {
  const area = textarea(el);
  area.value = text;
  area.dispatchEvent(new Event('input', { bubbles: true }));
  await el.updateComplete;
}
async function send(el: PorticoThread): Promise<void> {
  button(el, 'Send')!.click();
  await el.updateComplete;
}

describe('<portico-thread>', () => {
  let api: FakeApi;
  let fake: ThreadFake;

  beforeEach(() => {
    localStorage.clear();
    sessionStore.saveToken(API, FIRM, 'ses_stored');
    api = new FakeApi();
    fake = new ThreadFake(api);
    fake.thread('task', 'tsk_1', conversation());
  });

  afterEach(() => {
    api.restore();
    cleanupFixtures();
    localStorage.clear();
  });

  it('is accessible with replies, links, attachments and the composer', async () => {
    const el = await render();
    button(el, 'Attach files')!.click();
    await waitFor(() => $(el, 'upload-zone')?.shadowRoot, 'the upload zone');
    await expectAccessible(el);
  });

  it('shows the messages oldest first with author and time, yours apart from the firm\'s, and says it was read', async () => {
    const read: ThreadReadDetail[] = [];
    document.addEventListener('portico-thread-read', (e) => read.push(e.detail), { once: true });
    const el = await render();
    const shown = messages(el);
    expect(shown.map((m) => m.dataset['messageId'])).to.deep.equal(['msg_q', 'msg_a', 'msg_b']);
    expect(shown[0]!.querySelector('strong')!.textContent).to.equal('Mari Maasikas');
    expect(shown[1]!.querySelector('strong')!.textContent).to.equal('You');
    expect(shown[1]!.getAttribute('part')).to.equal('message message-mine');
    expect(shown[0]!.getAttribute('part')).to.equal('message');
    expect(shown[0]!.querySelector('time')!.getAttribute('datetime')).to.equal(new Date(fake.threads.get('tsk_1')![0]!.createdAt).toISOString());
    expect(shown[2]!.textContent).to.contain('by email').and.contain('receipts.pdf');
    const download = shown[2]!.querySelector<HTMLAnchorElement>('.attachments a')!;
    expect([download.textContent, download.href, download.getAttribute('download')]).to.deep.equal(['receipts.pdf', 'https://api.test/api/v1/files/fil_1/download?expires=1&signature=s', 'receipts.pdf']);
    expect(read).to.deep.equal([{ kind: 'task', threadId: 'tsk_1' }]);
    expect(fake.reads).to.deep.equal(['tsk_1']);
  });

  it('shows bodies as plain text: http(s) links clickable, line breaks kept, HTML as text', async () => {
    const el = await render();
    const [question, answer] = messages(el).map((m) => m.querySelector<HTMLElement>('.body')!);
    expect(question!.textContent).to.contain('receipts?\nThe ones');
    expect(getComputedStyle(question!).whiteSpace).to.equal('pre-wrap');
    const links = [...answer!.querySelectorAll('a')];
    expect(links.map((a) => [a.getAttribute('href'), a.target, a.rel])).to.deep.equal([['https://example.com/receipts', '_blank', 'noopener noreferrer']]);
    expect(answer!.querySelector('b, script')?.outerHTML ?? null).to.equal(null);
    expect(answer!.textContent).to.contain('<b>bold</b> <script>alert(1)</script> javascript:alert(1)');
  });

  it('quotes what a reply answers; pressing the quote goes to that message', async () => {
    const el = await render();
    const quote = messages(el)[1]!.querySelector<HTMLButtonElement>('[part~=quote]')!;
    expect(quote.textContent!.replace(/\s+/g, ' ')).to.contain('In reply to Mari Maasikas').and.contain('Could you send the March receipts?');
    quote.click();
    expect(deepActiveElement() === messages(el)[0], 'where the focus is').to.equal(true);
  });

  it('pages back to earlier messages; a reply to one not shown yet says so until it is', async () => {
    const many = Array.from({ length: 54 }, (_, i) => message(`msg_${i}`, `Message ${i}`));
    fake.thread('task', 'tsk_long', [...many, message('msg_last', 'About the first one', { replyToId: 'msg_0' })]);
    const el = await render('task', 'tsk_long');
    expect(messages(el)).to.have.length(50);
    expect(messages(el)[0]!.dataset['messageId']).to.equal('msg_5');
    expect(messages(el).at(-1)!.querySelector('[part~=quote]')!.textContent!.trim()).to.equal('In reply to an earlier message');
    button(el, 'Show earlier messages')!.click();
    await waitFor(() => messages(el).length === 55, 'the earlier messages');
    expect(messages(el)[0]!.dataset['messageId']).to.equal('msg_0');
    expect(button(el, 'Show earlier messages')?.outerHTML ?? null, 'no more to show').to.equal(null);
    expect(messages(el).at(-1)!.querySelector('button.quote')!.textContent).to.contain('Message 0');
  });

  it('sends a reply to a message, with pending state, and shows it with its quote', async () => {
    const el = await render();
    messages(el)[2]!.querySelector<HTMLButtonElement>('[aria-label="Reply to Mari Maasikas"]')!.click();
    await el.updateComplete;
    expect(deepActiveElement() === textarea(el), 'where the focus is').to.equal(true);
    expect(textOf(el)).to.contain('Replying to Mari Maasikas: Thanks, got them.');
    await type(el, '  One more: the April ones.  ');
    await send(el);
    expect(button(el, 'Sending…')?.disabled).to.equal(true);
    await waitFor(() => messages(el).length === 4, 'the sent message');
    expect(api.callsTo('POST /portal/tasks/tsk_1/messages')[0]!.body).to.deep.equal({ body: 'One more: the April ones.', replyToId: 'msg_b' });
    const sent = messages(el)[3]!;
    expect(sent.querySelector('.quote-who')!.textContent).to.equal('In reply to Mari Maasikas');
    expect(textarea(el).value).to.equal('');
    expect(textOf(el)).not.to.contain('Replying to');
    expect($(el, '[role=status]')!.textContent).to.equal('Your message is sent.');
  });

  it('refuses an empty message and one over 10,000 characters, with a counter near the limit; nothing is sent', async () => {
    const el = await render();
    await send(el);
    expect(textarea(el).getAttribute('aria-invalid')).to.equal('true');
    expect($(el, '#message-error')!.textContent).to.equal('Please write a message.');
    expect(textarea(el).getAttribute('aria-describedby')).to.equal('message-error');
    expect(deepActiveElement() === textarea(el), 'where the focus is').to.equal(true);
    await type(el, 'x'.repeat(8999));
    expect($(el, '#message-count')?.outerHTML ?? null, 'no counter far from the limit').to.equal(null);
    await type(el, 'x'.repeat(9500));
    expect($(el, '#message-count')!.textContent).to.equal('9,500 of 10,000 characters');
    expect(textarea(el).getAttribute('aria-invalid')).to.equal('false');
    await type(el, 'x'.repeat(10_012));
    expect($(el, '#message-error')!.textContent).to.equal('At most 10,000 characters: please remove 12.');
    expect(textarea(el).getAttribute('aria-describedby')).to.equal('message-error message-count');
    await send(el);
    expect(api.callsTo('POST /portal/tasks/tsk_1/messages').length).to.equal(0);
    expect(textarea(el).value).to.have.length(10_012);
  });

  it('keeps the text when sending fails, and sends it on the next try', async () => {
    fake.failNext = [0];
    const el = await render();
    await type(el, 'Are you there?');
    await send(el);
    await waitFor(() => $(el, '[role=alert]'), 'the failure');
    expect($(el, '[role=alert]')!.textContent).to.contain('The server could not be reached');
    expect(textarea(el).value).to.equal('Are you there?');
    await send(el);
    await waitFor(() => messages(el).length === 4, 'the message');
    expect($(el, '[role=alert]')?.outerHTML ?? null).to.equal(null);
    expect(api.callsTo('POST /portal/tasks/tsk_1/messages').map((c) => c.body)).to.deep.equal([{ body: 'Are you there?' }, { body: 'Are you there?' }]);
  });

  it('says how to reach the firm when it takes no new conversations (a first message on a task)', async () => {
    fake.requestsEnabled = false;
    fake.thread('task', 'tsk_new');
    const el = await render('task', 'tsk_new');
    expect(textOf(el)).to.contain('No messages yet.');
    await type(el, 'Hello?');
    await send(el);
    await waitFor(() => $(el, '[role=alert]'), 'the refusal');
    expect($(el, '[role=alert]')!.textContent).to.contain('does not take new conversations');
    expect(textarea(el).value).to.equal('Hello?');
  });

  it('takes no new message on a closed or converted request', async () => {
    fake.thread('request', 'req_1', [message('msg_r', 'We are on it.')]);
    const closed = await render('request', 'req_1', { state: 'closed' });
    expect($(closed, 'textarea')?.outerHTML ?? null).to.equal(null);
    expect(button(closed, 'Reply')?.outerHTML ?? null).to.equal(null);
    expect(textOf(closed)).to.contain('This conversation is closed.');
    const converted = await render('request', 'req_1', { state: 'converted' });
    expect(textOf(converted)).to.contain('This request became a task: please write on the task.');
  });

  it('attaches files uploaded through the upload zone to the next message', async () => {
    new UploadFake(api);
    const el = await render();
    button(el, 'Attach files')!.click();
    const zone = await waitFor(() => $<HTMLElement & { addFiles(f: File[]): void; updateComplete: Promise<unknown> }>(el, 'upload-zone[task="tsk_1"]'), 'the zone');
    await waitFor(() => customElements.get('upload-zone'), 'its module');
    await zone.updateComplete;
    zone.addFiles([new File(['%PDF-1.4 receipt'], 'april.pdf', { type: 'application/pdf' })]);
    await waitFor(() => textOf(el).includes('1 file will be attached.'), 'the attachment');
    await type(el, 'April receipts attached.');
    await send(el);
    await waitFor(() => messages(el).length === 4, 'the message');
    expect(api.callsTo('POST /portal/tasks/tsk_1/messages')[0]!.body).to.deep.equal({ body: 'April receipts attached.', fileIds: ['fil_1'] });
    expect($(el, 'upload-zone')?.outerHTML ?? null, 'the zone is done').to.equal(null);
  });

  it('lets go of files the server will not attach, keeping the text, so the next try goes', async () => {
    const el = await render();
    button(el, 'Attach files')!.click();
    const zone = await waitFor(() => $<HTMLElement>(el, 'upload-zone[task="tsk_1"]'), 'the zone');
    zone.dispatchEvent(new CustomEvent('portico-upload-complete', { detail: { name: 'gone.pdf', size: 16, fileId: 'fil_gone', duplicate: false }, bubbles: true, composed: true }));
    await waitFor(() => textOf(el).includes('1 file will be attached.'), 'the attachment');
    fake.failNext = [400];
    await type(el, 'With the file');
    await send(el);
    await waitFor(() => $(el, '[role=alert]'), 'the failure');
    expect(textOf(el)).not.to.contain('will be attached');
    expect(textarea(el).value).to.equal('With the file');
    await send(el);
    await waitFor(() => messages(el).length === 4, 'the message');
    expect(api.callsTo('POST /portal/tasks/tsk_1/messages').map((c) => c.body)).to.deep.equal([{ body: 'With the file', fileIds: ['fil_gone'] }, { body: 'With the file' }]);
  });

  it('does not attach a file that was already there (the zone says so), so the message still goes', async () => {
    const el = await render();
    button(el, 'Attach files')!.click();
    const zone = await waitFor(() => $<HTMLElement>(el, 'upload-zone[task="tsk_1"]'), 'the zone');
    zone.dispatchEvent(new CustomEvent('portico-upload-complete', { detail: { name: 'april.pdf', size: 16, fileId: 'fil_someone_elses', duplicate: true }, bubbles: true, composed: true }));
    await el.updateComplete;
    expect(textOf(el)).not.to.contain('will be attached');
    await type(el, 'Sent it already.');
    await send(el);
    await waitFor(() => messages(el).length === 4, 'the message');
    expect(api.callsTo('POST /portal/tasks/tsk_1/messages')[0]!.body).to.deep.equal({ body: 'Sent it already.' });
  });

  it('speaks Estonian', async () => {
    const el = await render('task', 'tsk_1', { lang: 'et' });
    await waitFor(() => textOf(el).includes('Sõnumid'), 'Estonian');
    expect(messages(el)[1]!.querySelector('strong')!.textContent).to.equal('Sina');
    button(el, 'Saada')!.click();
    await el.updateComplete;
    expect($(el, '#message-error')!.textContent).to.equal('Palun kirjuta sõnum.');
  });

  it('fits a 390 px phone without sideways scrolling, long words and all', async () => {
    await setViewport({ width: 390, height: 844 });
    try {
      fake.thread('task', 'tsk_long', [message('msg_l', `https://example.com/${'a'.repeat(300)} ${'word'.repeat(80)}`)]);
      const el = await render('task', 'tsk_long');
      expect(document.documentElement.scrollWidth).to.be.at.most(390);
      expect(textarea(el).getBoundingClientRect().right).to.be.at.most(390);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });
});

import './define.ts';
import type { PorticoConsole } from './portico-console.ts';
import { $, afterEach, beforeEach, button, cleanupFixtures, describe, expectAccessible, it, setLoginFragment, waitFor, type FakeApi } from '../internal/testing/helpers.ts';
import { assert, assertEqual, firmApi, firmTask, openSection, signedInConsole } from '../internal/testing/firm-fakes.ts';
import type { TaskEmail } from '../internal/api-types.ts';

const NEXT_AT = Date.UTC(2030, 0, 15, 7, 0);
const emails: TaskEmail[] = [
  { kind: 'reminder', to: 'kati@client.test', contactId: 'con_1', contactName: 'Kati Klient', subject: 'Reminder: Send March receipts', at: NEXT_AT, state: 'scheduled' },
  { id: 'eml_2', kind: 'assigned', to: 'kati@client.test', contactId: 'con_1', contactName: 'Kati Klient', subject: 'New task from Demo & Partners', at: 1_700_000_000_000, state: 'sent' },
  { id: 'eml_1', kind: 'reminder', to: 'old@client.test', contactId: 'con_2', contactName: null, subject: 'Reminder: Send March receipts', at: 1_699_000_000_000, state: 'undeliverable' },
];

async function openTask(el: PorticoConsole): Promise<void> {
  await openSection(el, 'Task board');
  (await waitFor(() => button(el, 'Send March receipts'), 'the task on the board')).click();
  await waitFor(() => el.shadowRoot!.querySelectorAll('.emails li').length > 0, 'the emails');
}

const lines = (el: PorticoConsole, list: 'scheduled' | 'sent') =>
  [...el.shadowRoot!.querySelectorAll(`ul[aria-labelledby="receives-next-${list}"] li`)].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());

describe('<portico-console> what this client receives next', () => {
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

  it('is accessible, listing what is scheduled with its time and what was sent with its delivery state', async () => {
    api = firmApi({ 'GET /firm/tasks/tsk_1': { body: firmTask() }, 'GET /firm/tasks/tsk_1/emails': { body: { items: emails, nextCursor: null } } });
    const el = await signedInConsole();
    await openTask(el);
    await expectAccessible(el);
    assert($(el, '#receives-next-title')?.textContent === 'What this client receives next', 'the heading');
    const scheduled = lines(el, 'scheduled');
    assertEqual(scheduled.length, 1, 'one scheduled');
    assert(scheduled[0]!.startsWith('Reminder to Kati Klient “Reminder: Send March receipts”') && scheduled[0]!.endsWith('scheduled'), `the scheduled line: ${scheduled[0]}`);
    assertEqual($(el, 'ul[aria-labelledby="receives-next-scheduled"] time')?.getAttribute('datetime'), new Date(NEXT_AT).toISOString(), 'its time');
    const sent = lines(el, 'sent');
    assert(sent[0]!.startsWith('New task to Kati Klient') && sent[0]!.endsWith('sent'), `the sent line: ${sent[0]}`);
    assert(sent[1]!.includes('to old@client.test') && sent[1]!.endsWith('undeliverable'), `the undeliverable line: ${sent[1]}`);
  });

  it('resends an assigned task and shows the list again', async () => {
    api = firmApi({ 'GET /firm/tasks/tsk_1': { body: firmTask() }, 'GET /firm/tasks/tsk_1/emails': { body: { items: emails, nextCursor: null } } });
    api.on('POST /firm/tasks/tsk_1/resend', () => ({ body: firmTask({ reminderCount: 0 }) }));
    const el = await signedInConsole();
    await openTask(el);
    const before = api.callsTo('GET /firm/tasks/tsk_1/emails').length;
    button(el, 'Resend')!.click();
    await waitFor(() => api.callsTo('POST /firm/tasks/tsk_1/resend').length === 1, 'the resend');
    await waitFor(() => api.callsTo('GET /firm/tasks/tsk_1/emails').length > before, 'the list reloaded');
  });

  it('offers no Resend for a task that is not assigned', async () => {
    api = firmApi({ 'GET /firm/tasks/tsk_1': { body: firmTask({ status: 'draft', stage: 'draft', actions: ['assign', 'complete'] }) } });
    const el = await signedInConsole();
    await openSection(el, 'Task board');
    (await waitFor(() => button(el, 'Send March receipts'), 'the task on the board')).click();
    await waitFor(() => $(el, '#receives-next-title'), 'the section');
    await waitFor(() => textOf(el).includes('Nothing scheduled.'), 'the empty list');
    assertEqual(button(el, 'Resend'), null, 'no Resend');
  });
});

const textOf = (el: PorticoConsole) => el.shadowRoot!.textContent ?? '';

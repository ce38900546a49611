/**
 * A signed-in staff console against a stand-in of the firm API (issue 7
 * shapes), for the console's screen tests. Not part of the published elements.
 */
import { html } from 'lit';
import type { FirmClient, FirmSettings, FirmTask, HistoryEntry, Member, SessionCreated, Template, Work, WorkStatus } from '../api-types.ts';
import type { PorticoConsole } from '../../console/portico-console.ts';
import { staffTokenStore } from '../session-store.ts';
import { $, button, errorBody, FakeApi, fixture, textOf, waitFor, type FakeRoute } from './helpers.ts';

export const staffSession: SessionCreated = {
  token: 'ses_staff',
  expiresAt: Date.now() + 86_400_000,
  audience: 'staff',
  user: { id: 'mem_owner', email: 'owner@demo.test', name: 'Olivia Owner' },
  firm: { slug: 'demo', name: 'Demo & Partners', locale: 'en', branding: {}, showWorkList: false, requestsEnabled: true, portalActive: true, description: '', welcomeVideoUrl: null },
  clients: [],
};

export const firmClients: FirmClient[] = [
  { id: 'cli_north', name: 'Northwind Bakery OÜ', portalOpen: true, responsibleMemberId: 'mem_owner', documentFolderUrl: null, digitisationAddress: null, contacts: [] },
  { id: 'cli_harbor', name: 'Harbor Lights Studio', portalOpen: true, responsibleMemberId: null, documentFolderUrl: null, digitisationAddress: null, contacts: [] },
  { id: 'cli_baltic', name: 'Baltic Timber AS', portalOpen: true, responsibleMemberId: null, documentFolderUrl: null, digitisationAddress: null, contacts: [] },
];

export const firmTask = (over: Partial<FirmTask> = {}): FirmTask => ({
  unreadMessages: 0,
  fromRequest: null,
  contactId: null,
  reminderPolicy: 'gentle',
  reminderRules: null,
  reminderCount: 0,
  firstEmailedAt: null,
  lastReminderAt: null,
  linkExpiresAt: null,
  id: 'tsk_1',
  clientId: 'cli_north',
  clientName: 'Northwind Bakery OÜ',
  title: 'Send March receipts',
  description: '',
  dueDate: null,
  status: 'assigned',
  stage: 'waiting',
  actions: ['withdraw', 'complete'],
  clientState: 'open',
  overdue: false,
  autoComplete: false,
  assignedAt: 1_700_000_000_000,
  withdrawnAt: null,
  completedAt: null,
  createdAt: 1_700_000_000_000,
  checklistItems: [],
  version: 1,
  workId: null,
  section: null,
  recurrence: null,
  seriesId: null,
  occurrence: null,
  sendAt: null,
  ...over,
});

export const firmWork = (over: Partial<Work> = {}): Work => ({
  id: 'wrk_1',
  clientId: 'cli_north',
  clientName: 'Northwind Bakery OÜ',
  title: 'Annual report 2026',
  startDate: '2027-01-04',
  responsibleMemberId: 'mem_owner',
  statusId: 'sts_docs',
  statusName: 'Waiting for documents',
  clientFacing: true,
  templateId: null,
  recurrence: null,
  completedAt: null,
  createdAt: 1_700_000_000_000,
  version: 3,
  taskCounts: { total: 2, open: 2 },
  selfServiceStartedAt: null,
  ...over,
});

export const workStatuses: WorkStatus[] = [
  { id: 'sts_docs', name: 'Waiting for documents', position: 0, clientFacing: true, version: 0 },
  { id: 'sts_progress', name: 'In progress', position: 1, clientFacing: true, version: 0 },
  { id: 'sts_review', name: 'In review', position: 2, clientFacing: false, version: 0 },
  { id: 'sts_done', name: 'Done', position: 3, clientFacing: true, version: 0 },
];

export const firmTemplate = (over: Partial<Template> = {}): Template => ({
  id: 'tpl_1',
  kind: 'work',
  title: 'Annual report',
  description: '',
  tasks: [
    {
      section: 'Documents',
      title: 'Send the bank statements',
      description: 'All accounts, the whole year.',
      checklist: ['Main account', 'Savings'],
      dueOffsetDays: 14,
      sending: { kind: 'immediate' },
      autoComplete: false,
    },
  ],
  recurrence: null,
  selfService: false,
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
  version: 1,
  ...over,
});

export const historyEntry = (over: Partial<HistoryEntry> = {}): HistoryEntry => ({
  id: 'act_1',
  action: 'created',
  actor: { type: 'member', id: 'mem_owner', name: 'Olivia Owner' },
  data: null,
  at: 1_700_000_000_000,
  ...over,
});

/** The firm API with a signed-in staff session; `routes` add to or replace the defaults. */
/** `GET /firm/members`: the signed-in owner and two colleagues. */
export const firmMembers: Member[] = [
  { id: 'mem_owner', name: 'Olivia Owner', email: 'owner@demo.test', role: 'owner', invitedAt: null, lastSignInAt: null },
  { id: 'mem_mari', name: 'Mari Tamm', email: 'mari@demo.test', role: 'member', invitedAt: null, lastSignInAt: null },
  { id: 'mem_jaan', name: 'Jaan Kask', email: 'jaan@demo.test', role: 'admin', invitedAt: null, lastSignInAt: null },
];

/** `GET /firm/settings`: the switches the console edits, all off but the portal's requests. */
export const firmSettings: FirmSettings = { showWorkList: false, portalRequestsEnabled: true, doneUploadingEnabled: false, digitisationEnabled: false };

export function firmApi(routes: Record<string, FakeRoute> = {}): FakeApi {
  return new FakeApi({
    'GET /auth/session': { body: { ...staffSession, token: undefined } },
    'GET /firm/clients': { body: { items: firmClients } },
    'GET /firm/tasks': { body: { items: [firmTask()], nextCursor: null } },
    'GET /firm/work': { body: { items: [firmWork()], nextCursor: null } },
    'GET /firm/work-statuses': { body: { items: workStatuses, nextCursor: null } },
    'GET /firm/members': { body: { items: firmMembers, nextCursor: null } },
    'GET /firm/templates': { body: { items: [firmTemplate()], nextCursor: null } },
    'GET /firm/settings': { body: firmSettings },
    'GET /firm/tasks/tsk_1/files': { body: { items: [], nextCursor: null } },
    'GET /firm/tasks/tsk_1/messages': { body: { items: [], nextCursor: null } },
    'GET /firm/tasks/tsk_1/emails': { body: { items: [], nextCursor: null } },
    'DELETE /auth/session': { status: 204 },
    ...routes,
  });
}

/** Renders the console with a stored staff session and waits for the clients. */
export async function signedInConsole(lang = 'en'): Promise<PorticoConsole> {
  staffTokenStore.save('', 'demo', 'ses_staff');
  const el = await fixture<PorticoConsole>(html`<portico-console api="" firm="demo" lang=${lang}></portico-console>`);
  await waitFor(() => button(el, 'Northwind Bakery OÜ'), 'the clients list');
  return el;
}

/** Opens a section of the console's top navigation by its label. */
export async function openSection(el: PorticoConsole, label: string): Promise<void> {
  const tab = [...(el.shadowRoot?.querySelectorAll<HTMLButtonElement>('.sections button') ?? [])].find(
    (b) => b.textContent?.trim() === label,
  );
  if (!tab) throw new Error(`no section ${label}`);
  tab.click();
  await waitFor(() => $(el, 'h2[data-heading]'), `the ${label} screen`);
}

/** Sets a form control's value as a person would, firing `input` and `change`. */
export function setValue(field: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null, value: string): void {
  if (!field) throw new Error('no field');
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
  field.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Ticks or unticks a checkbox as a click would. */
export function setChecked(box: HTMLInputElement | null, checked: boolean): void {
  if (!box) throw new Error('no checkbox');
  if (box.checked !== checked) box.click();
}

export { errorBody, textOf };

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

export function assertEqual<T>(actual: T, expected: T, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

/** Chooses a client in a client picker (`client-picker.ts`) as a person would: types part of its name and clicks the match. */
export async function pickClient(el: PorticoConsole, selector: string, typed: string, id: string): Promise<void> {
  const input = $<HTMLInputElement>(el, selector);
  if (!input) throw new Error(`no picker ${selector}`);
  input.focus();
  setValue(input, typed);
  const option = await waitFor(() => $<HTMLElement>(el, `${selector}-list [data-client="${id}"]`), `the client ${id} offered`);
  option.click();
  await waitFor(() => $(el, `${selector}-list[hidden]`), `${id} chosen`);
}

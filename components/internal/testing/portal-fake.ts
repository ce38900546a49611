/**
 * A stateful stand-in for the issue 7 portal routes (`/portal/tasks` tabs
 * with cursor paging, a task's checklist, complete and reopen, `/portal/work`,
 * `/portal/templates` and their start), on top of {@link FakeApi}. Tests
 * change `tasks`, `works`, `templates` or a route to shape a case.
 */
import type {
  ChecklistItem,
  PortalChecklistItem,
  TaskDetail,
  PortalTemplate,
  PortalWork,
} from '../api-types.ts';
import { errorBody, type FakeApi } from './helpers.ts';

const detail = (
  id: string,
  title: string,
  { checklist = [], ...extra }: Omit<Partial<TaskDetail>, 'checklist'> & { checklist?: (ChecklistItem & Partial<PortalChecklistItem>)[] } = {},
): TaskDetail => ({
  id,
  clientId: 'cli_north',
  title,
  dueDate: null,
  state: 'open',
  unread: false,
  overdue: false,
  assignedAt: 1_700_000_000_000,
  checklistProgress: { done: 0, total: 0 },
  workId: null,
  workTitle: null,
  section: null,
  completedByFirm: false,
  description: '',
  // Plain items unless a test says otherwise; "Done uploading" off.
  checklist: checklist.map((item) => ({ requestsFile: false, file: null, ...item })),
  doneUploading: { offered: false, at: null },
  ...extra,
});

/** Open tasks: one outside any work, then a payroll work with two sections, then a VAT work without sections. */
export const portalTasks = (): TaskDetail[] => [
  detail('tsk_loose', 'Confirm your address', { unread: true, dueDate: '2025-01-05', overdue: true }),
  detail('tsk_pay_1', 'Upload timesheets', {
    workId: 'wrk_pay', workTitle: 'Payroll March', section: 'Documents',
    description: 'Timesheets for March.\nSee https://example.com/guide, then upload.',
    checklist: [
      { id: 'chk_a', text: 'Office staff', done: false },
      { id: 'chk_b', text: 'Warehouse staff', done: true },
    ],
    checklistProgress: { done: 1, total: 2 },
  }),
  detail('tsk_pay_2', 'Upload sick notes', { workId: 'wrk_pay', workTitle: 'Payroll March', section: 'Documents' }),
  detail('tsk_pay_3', 'Sign the payslips', { workId: 'wrk_pay', workTitle: 'Payroll March', section: 'Signatures' }),
  detail('tsk_vat', 'Send purchase invoices', { workId: 'wrk_vat', workTitle: 'VAT return', section: null }),
];

/** Done tasks: one the client marked done, one the firm completed. */
export const doneTasks = (): TaskDetail[] => [
  detail('tsk_mine', 'Send bank statement', { state: 'done', description: 'Done by you.' }),
  detail('tsk_firm', 'Annual report filed', {
    state: 'done',
    completedByFirm: true,
    checklist: [{ id: 'chk_f', text: 'Approve the draft', done: true }],
    checklistProgress: { done: 1, total: 1 },
  }),
];

export const works = (): PortalWork[] => [
  { id: 'wrk_pay', title: 'Payroll March', startDate: '2025-03-01', status: 'Waiting for documents' },
  { id: 'wrk_vat', title: 'VAT return', startDate: '2025-03-05', status: null },
];

export const templates = (): PortalTemplate[] => [
  { id: 'tpl_hire', title: 'I have a new employee', description: 'We register them and set up payroll.' },
];

const summary = ({ description: _d, checklist: _c, ...rest }: TaskDetail) => rest;

export class PortalFake {
  tasks: TaskDetail[] = [...portalTasks(), ...doneTasks()];
  works: PortalWork[] = works();
  templates: PortalTemplate[] = templates();
  /** Items per page of `GET /portal/tasks` when the request gives no `limit`. */
  pageSize = 50;

  constructor(readonly api: FakeApi) {
    api.on('GET /portal/tasks', (call) => {
      const state = call.query.get('state') ?? 'open';
      const limit = Number(call.query.get('limit') ?? this.pageSize);
      const all = this.tasks.filter((t) => t.state === state).map(summary);
      const from = Number(call.query.get('cursor') ?? 0);
      const items = all.slice(from, from + limit);
      return { body: { items, nextCursor: from + limit < all.length ? String(from + limit) : null } };
    });
    api.on('GET /portal/work', { body: { items: this.works, nextCursor: null } });
    api.on('GET /portal/templates', () => ({ body: { items: this.templates, nextCursor: null } }));
    for (const task of this.tasks) this.route(task.id);
    for (const template of this.templates) {
      api.on(`POST /portal/templates/${template.id}/start`, () => {
        const task = detail('tsk_new', 'Send the employment contract', {
          unread: true, workId: 'wrk_new', workTitle: template.title,
        });
        this.tasks.unshift(task);
        this.route(task.id);
        return { status: 201, body: { workId: 'wrk_new', taskIds: [task.id] } };
      });
    }
  }

  find(id: string): TaskDetail {
    return this.tasks.find((t) => t.id === id)!;
  }

  /** The detail, checklist, complete and reopen routes of one task. */
  route(id: string): void {
    const base = `/portal/tasks/${id}`;
    this.api.on(`GET ${base}`, () => {
      const task = this.find(id);
      task.unread = false;
      return { body: task };
    });
    this.api.on(`POST ${base}/complete`, () => {
      const task = this.find(id);
      if (task.completedByFirm) return { status: 409, body: errorBody('conflict') };
      task.state = 'done';
      return { body: task };
    });
    this.api.on(`POST ${base}/reopen`, () => {
      const task = this.find(id);
      if (task.completedByFirm) return { status: 409, body: errorBody('conflict') };
      task.state = 'open';
      return { body: task };
    });
    for (const item of this.find(id).checklist) {
      this.api.on(`PATCH ${base}/checklist/${item.id}`, (call) => {
        const task = this.find(id);
        if (task.completedByFirm) return { status: 409, body: errorBody('conflict') };
        const done = (call.body as { done: boolean }).done;
        task.checklist = task.checklist.map((i) => (i.id === item.id ? { ...i, done } : i));
        task.checklistProgress = { done: task.checklist.filter((i) => i.done).length, total: task.checklist.length };
        return { body: task };
      });
    }
  }
}

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
  PortalFile,
  PortalTemplate,
  PortalWork,
} from '../api-types.ts';
import { errorBody, type FakeApi } from './helpers.ts';

const detail = (
  id: string,
  title: string,
  { checklist = [], ...extra }: Omit<Partial<TaskDetail>, 'checklist'> & { checklist?: (ChecklistItem & Partial<PortalChecklistItem>)[] } = {},
): TaskDetail => ({
  unreadMessages: 0,
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

/** A task of issue 8: two document requests (one sent and asked again, one accepted), a plain item, "Done uploading" offered. */
export const documentTask = (): TaskDetail => ({
  ...detail('tsk_docs', 'Send bank statements', { checklistProgress: { done: 1, total: 3 } }),
  checklist: [
    { id: 'chk_march', text: 'Bank statement for March', done: false, requestsFile: true,
      file: { id: 'fil_march', name: 'march.pdf', review: { state: 'rejected', reason: 'Page 2 is missing' } } },
    { id: 'chk_april', text: 'Bank statement for April', done: true, requestsFile: true,
      file: { id: 'fil_april', name: 'april.pdf', review: { state: 'accepted', reason: null } } },
    { id: 'chk_may', text: 'Bank statement for May', done: false, requestsFile: true, file: null },
  ],
  doneUploading: { offered: true, at: null },
});

/** A file on a task as the portal lists it. */
export const portalFile = (id: string, name: string, extra: Partial<PortalFile> = {}): PortalFile => ({
  id, name, size: 245_760, type: 'application/pdf', createdAt: Date.UTC(2025, 2, 14, 9), taskId: 'tsk_docs',
  checklistItemId: null, requestId: null, uploadedByMe: false, deletableUntil: null, review: null,
  downloadUrl: `https://api.portico.test/api/v1/files/${id}/download?expires=1&signature=ab`,
  ...extra,
});

const summary = ({ description: _d, checklist: _c, ...rest }: TaskDetail) => rest;

export class PortalFake {
  tasks: TaskDetail[] = [...portalTasks(), ...doneTasks()];
  works: PortalWork[] = works();
  templates: PortalTemplate[] = templates();
  /** Files per task id, newest first (`GET /portal/tasks/:id/files`); `DELETE /portal/files/:id` removes one. */
  files = new Map<string, PortalFile[]>();
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

  /** `DELETE /portal/files/:fileId` of a file of task `taskId`: the contact's own, within its window. */
  fileRoute(taskId: string, fileId: string): void {
    this.api.on(`DELETE /portal/files/${fileId}`, () => {
      const list = this.files.get(taskId) ?? [];
      const file = list.find((f) => f.id === fileId);
      if (!file) return { status: 404, body: errorBody('not_found') };
      if (!file.uploadedByMe) return { status: 403, body: errorBody('not_your_file') };
      if ((file.deletableUntil ?? 0) < Date.now()) return { status: 403, body: errorBody('delete_window_passed') };
      this.files.set(taskId, list.filter((f) => f !== file));
      return { status: 204 };
    });
  }

  /** Adds a task (at the top of its tab) with its routes and files. */
  add(task: TaskDetail, files: PortalFile[] = []): void {
    this.tasks.unshift(task);
    this.files.set(task.id, files);
    this.route(task.id);
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
    this.api.on(`GET ${base}/files`, () => ({ body: { items: this.files.get(id) ?? [], nextCursor: null } }));
    // An empty conversation unless a test routes one (see thread-fake.ts).
    if (!this.api.routes.has(`GET ${base}/messages`)) this.api.on(`GET ${base}/messages`, { body: { items: [], nextCursor: null } });
    this.api.on(`POST ${base}/uploads-done`, () => {
      const task = this.find(id) as TaskDetail;
      if (!task.doneUploading?.offered) return { status: 409, body: errorBody('not_offered') };
      task.doneUploading = { offered: true, at: Date.UTC(2025, 2, 15, 12) };
      return { body: task };
    });
    for (const file of this.files.get(id) ?? []) this.fileRoute(id, file.id);
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

/** Sample API data shaped like the contract, for component tests. */
import type { LinkInspection, PublicFirm, SessionCreated, SessionInfo, TaskDetail, TaskSummary } from '../api-types.ts';

export const API = 'https://api.portico.test';
export const FIRM = 'demo';

export const firm: PublicFirm = {
  slug: FIRM,
  name: 'Demo Accounting',
  locale: 'en',
  branding: { primaryColor: '#7a1fa2' },
  showWorkList: false,
  requestsEnabled: true,
  portalActive: true,
  description: '',
  welcomeVideoUrl: null,
};

export const sessionInfo: SessionInfo = {
  audience: 'client',
  user: { id: 'con_1', email: 'client@demo.test', name: 'Kati Klient' },
  firm,
  clients: [
    { id: 'cli_north', name: 'Northwind Bakery OÜ', documentsUrl: null },
    { id: 'cli_harbor', name: 'Harbor Lights Studio', documentsUrl: null },
  ],
};

export const sessionCreated: SessionCreated = { ...sessionInfo, token: 'ses_fresh', expiresAt: Date.now() + 86_400_000 };

export const inspection: LinkInspection = {
  email: 'client@demo.test',
  audience: 'client',
  firm: { slug: FIRM, name: firm.name },
  purpose: 'sign_in',
  pinRequired: false,
};

/** A task of no work, not completed by the firm. */
const noWork = { workId: null, workTitle: null, section: null, completedByFirm: false, unreadMessages: 0 };

export const taskSummaries = (): TaskSummary[] => [
  {
    id: 'tsk_overdue',
    clientId: 'cli_north',
    title: 'Send March receipts',
    dueDate: '2025-03-10',
    state: 'open',
    unread: false,
    overdue: true,
    assignedAt: 1_700_000_000_000,
    checklistProgress: { done: 1, total: 2 },
    ...noWork,
  },
  {
    id: 'tsk_unread',
    clientId: 'cli_north',
    title: 'Sign the annual report',
    dueDate: '2099-06-30',
    state: 'open',
    unread: true,
    overdue: false,
    assignedAt: 1_700_000_100_000,
    checklistProgress: { done: 0, total: 0 },
    ...noWork,
  },
];

export const harborTasks = (): TaskSummary[] => [
  {
    id: 'tsk_harbor',
    clientId: 'cli_harbor',
    title: 'Upload studio rent invoice',
    dueDate: null,
    state: 'open',
    unread: false,
    overdue: false,
    assignedAt: 1_700_000_200_000,
    checklistProgress: { done: 0, total: 0 },
    ...noWork,
  },
];

export const unreadDetail = (): TaskDetail => ({
  ...taskSummaries()[1]!,
  unread: false,
  description: 'Please sign page 4 and return it.',
  checklist: [
    { id: 'chk_1', text: 'Read the report', done: true, requestsFile: false, file: null },
    { id: 'chk_2', text: 'Sign page 4', done: false, requestsFile: false, file: null },
  ],
  doneUploading: { offered: false, at: null },
});

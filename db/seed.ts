import { eq } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from './client.ts';
import { checklistItems, clientContacts, clients, contacts, firms, members, taskReads, tasks, templates, workStatuses, works, type TemplateTask } from './schema.ts';
import { newId } from './ids.ts';
import { addDays, todayIn } from './dates.ts';

interface SeedTask {
  title: string;
  description: string;
  dueInDays: number | null;
  checklist?: string[];
  read?: boolean;
  state?: 'assigned' | 'draft' | 'withdrawn';
}

/** Every firm starts with these work statuses (the seed, and `createDefaultWorkStatuses` for a new firm). */
export const DEFAULT_WORK_STATUSES = [
  { name: 'Waiting for documents', clientFacing: true },
  { name: 'In progress', clientFacing: true },
  { name: 'In review', clientFacing: false },
  { name: 'Done', clientFacing: true },
] as const;

/** The rows of a firm's default status list, in order. */
export function defaultWorkStatusRows(firmId: string, now: number): (typeof workStatuses.$inferInsert)[] {
  return DEFAULT_WORK_STATUSES.map((s, position) => ({ id: newId('wst'), firmId, name: s.name, clientFacing: s.clientFacing, position, createdAt: now }));
}

/** The demo's work template: client sections of tasks, dated from the work's start. */
const ANNUAL_REPORT: TemplateTask[] = [
  { section: 'Documents', title: "Send the year's bank statements", description: 'Statements for every business account, January to December.', checklist: ['Main account', 'Savings account'], dueOffsetDays: 14, sending: { kind: 'immediate' }, autoComplete: false },
  { section: 'Documents', title: 'Send the inventory count', description: 'The stock count on the last day of the year, with prices.', checklist: [], dueOffsetDays: 14, sending: { kind: 'immediate' }, autoComplete: true },
  { section: 'Signing', title: 'Approve and sign the report', description: 'We send this once the report is ready: read it and sign it in the e-Business Register.', checklist: ['Read the report', 'Sign in the e-Business Register'], dueOffsetDays: 45, sending: { kind: 'manual' }, autoComplete: false },
];

interface SeedWork {
  title: string;
  /** The work started this many days ago; its tasks follow the Annual report template from there. */
  startedDaysAgo: number;
  status: (typeof DEFAULT_WORK_STATUSES)[number]['name'];
}

interface SeedFirm {
  slug: string;
  name: string;
  timezone: string;
  locale: 'en' | 'et';
  primaryColor: string;
  origins: string[];
  portalUrl: string | null;
  staff: { email: string; name: string; role: 'owner' | 'admin' | 'member' }[];
  contacts: { email: string; name: string }[];
  clients: { name: string; contacts: string[]; tasks: SeedTask[]; work?: SeedWork }[];
  showWorkList?: boolean;
  /** Seeds the "Annual report" work template. */
  annualReportTemplate?: boolean;
}

async function seedFirm(db: Db, spec: SeedFirm, now: number): Promise<void> {
  const firmId = newId('frm');
  const today = todayIn(spec.timezone, now);
  const memberIds = spec.staff.map(() => newId('mem'));
  const contactIds = new Map(spec.contacts.map((c) => [c.email, newId('con')]));
  const statusRows = defaultWorkStatusRows(firmId, now);
  const templateId = newId('tpl');
  const writes: BatchItem<'sqlite'>[] = [
    db.insert(firms).values({
      id: firmId, slug: spec.slug, name: spec.name, timezone: spec.timezone, locale: spec.locale,
      branding: { primaryColor: spec.primaryColor }, allowedOrigins: spec.origins, portalUrl: spec.portalUrl,
      showWorkList: spec.showWorkList ?? false, createdAt: now,
    }),
    db.insert(workStatuses).values(statusRows),
    ...spec.staff.map((m, i) => db.insert(members).values({ id: memberIds[i]!, firmId, ...m, createdAt: now })),
    ...spec.contacts.map((c) => db.insert(contacts).values({ id: contactIds.get(c.email)!, firmId, ...c, createdAt: now })),
  ];
  let minutesAgo = 0;
  for (const client of spec.clients) {
    const clientId = newId('cli');
    writes.push(db.insert(clients).values({ id: clientId, firmId, name: client.name, responsibleMemberId: memberIds[0]!, createdAt: now }));
    for (const email of client.contacts) {
      writes.push(db.insert(clientContacts).values({ firmId, clientId, contactId: contactIds.get(email)! }));
    }
    for (const t of client.tasks) {
      const taskId = newId('tsk');
      const at = now - (minutesAgo += 90) * 60_000;
      const state = t.state ?? 'assigned';
      writes.push(
        db.insert(tasks).values({
          id: taskId, firmId, clientId, title: t.title, description: t.description,
          dueDate: t.dueInDays === null ? null : addDays(today, t.dueInDays),
          checklistTotal: t.checklist?.length ?? 0,
          assignedAt: state === 'draft' ? null : at, withdrawnAt: state === 'withdrawn' ? at + 60_000 : null,
          createdBy: memberIds[0]!, createdAt: at, updatedAt: at,
        }),
        ...(t.checklist ?? []).map((text, position) =>
          db.insert(checklistItems).values({ id: newId('chk'), firmId, taskId, text, position }),
        ),
      );
      if (t.read) {
        for (const email of client.contacts) {
          writes.push(db.insert(taskReads).values({ firmId, taskId, contactId: contactIds.get(email)!, readAt: at + 3_600_000 }));
        }
      }
    }
    if (client.work) writes.push(...seedWork(db, { firmId, clientId, memberId: memberIds[0]!, today, now, templateId, statusRows }, client.work));
  }
  if (spec.annualReportTemplate) {
    writes.push(db.insert(templates).values({
      id: templateId, firmId, kind: 'work', title: 'Annual report', description: "The year's closing: documents from the client, then the report to sign.",
      tasks: ANNUAL_REPORT, createdAt: now, updatedAt: now,
    }));
  }
  await db.batch(writes as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
}

/** A work made from the Annual report template: its immediate tasks assigned, the manual one a draft for "Send to client". */
function seedWork(
  db: Db,
  at: { firmId: string; clientId: string; memberId: string; today: string; now: number; templateId: string; statusRows: { id?: string; name: string }[] },
  work: SeedWork,
): BatchItem<'sqlite'>[] {
  const { firmId, clientId, now } = at;
  const workId = newId('wrk');
  const startDate = addDays(at.today, -work.startedDaysAgo);
  // Older than every other seeded task, so the newest-first lists open on the same tasks as before.
  const createdAt = now - work.startedDaysAgo * 86_400_000;
  const writes: BatchItem<'sqlite'>[] = [
    db.insert(works).values({
      id: workId, firmId, clientId, title: work.title, startDate, responsibleMemberId: at.memberId,
      statusId: at.statusRows.find((s) => s.name === work.status)!.id!, templateId: at.templateId, createdAt, updatedAt: createdAt,
    }),
  ];
  ANNUAL_REPORT.forEach((t, i) => {
    const taskId = newId('tsk');
    writes.push(
      db.insert(tasks).values({
        id: taskId, firmId, clientId, title: t.title, description: t.description,
        dueDate: t.dueOffsetDays === null ? null : addDays(startDate, t.dueOffsetDays), autoComplete: t.autoComplete,
        checklistTotal: t.checklist.length, assignedAt: t.sending.kind === 'immediate' ? createdAt + i : null,
        workId, section: t.section, createdBy: at.memberId, createdAt: createdAt + i, updatedAt: createdAt + i,
      }),
      ...t.checklist.map((entry, position) =>
        db.insert(checklistItems).values({ id: newId('chk'), firmId, taskId, text: typeof entry === 'string' ? entry : entry.text, requestsFile: typeof entry !== 'string', position }),
      ),
    );
  });
  return writes;
}

export interface SeedOptions {
  publicUrl: string;
  /** More origins allowed to embed the demo firm's widgets (a second demo site, tests). */
  extraOrigins?: string[];
  now: number;
}

/**
 * The demo firm `demo` and a second firm `acme`, so tenant isolation can be
 * seen. Runs once per database; later starts only refresh the demo's origins.
 */
export async function seedDemo(db: Db, { publicUrl, extraOrigins = [], now }: SeedOptions): Promise<void> {
  const origins = [...new Set([new URL(publicUrl).origin, ...extraOrigins])];
  const [existing] = await db.select({ id: firms.id, origins: firms.allowedOrigins }).from(firms).where(eq(firms.slug, 'demo'));
  if (existing) {
    const merged = [...new Set([...existing.origins, ...origins])];
    if (merged.length !== existing.origins.length) await db.update(firms).set({ allowedOrigins: merged }).where(eq(firms.id, existing.id));
    return;
  }
  try {
    await seedDemoFirms(db, origins, publicUrl, now);
  } catch (error) {
    // Another instance starting at the same moment seeded first: its firms are as good as ours.
    const [seeded] = await db.select({ id: firms.id }).from(firms).where(eq(firms.slug, 'demo'));
    if (!seeded) throw error;
  }
}

async function seedDemoFirms(db: Db, origins: string[], publicUrl: string, now: number): Promise<void> {
  await seedFirm(db, {
    slug: 'demo',
    name: 'Demo & Partners Accounting',
    timezone: 'Europe/Tallinn',
    locale: 'en',
    primaryColor: '#1f4d7a',
    origins,
    portalUrl: `${publicUrl}/portal`,
    showWorkList: true,
    annualReportTemplate: true,
    staff: [
      { email: 'owner@demo.test', name: 'Olivia Owner', role: 'owner' },
      { email: 'mari@demo.test', name: 'Mari Maasikas', role: 'member' },
    ],
    contacts: [
      { email: 'client@demo.test', name: 'Kadri Kask' },
      { email: 'timber@demo.test', name: 'Tarmo Tamm' },
    ],
    clients: [
      {
        name: 'Northwind Bakery OÜ',
        contacts: ['client@demo.test'],
        tasks: [
          { title: 'Send March receipts', description: 'Please upload every purchase receipt from March, including card payments.', dueInDays: -3, checklist: ['Card payments', 'Cash receipts', 'Supplier invoices'] },
          { title: 'Confirm your VAT number', description: 'We need your VAT registration number for the quarterly return.', dueInDays: 10, read: true },
          { title: 'Sign the annual report', description: 'The draft annual report is ready for your review and signature.', dueInDays: null, checklist: ['Read the draft', 'Sign in the e-Business Register'] },
          { title: 'Old payroll question', description: 'Withdrawn: we found the answer ourselves.', dueInDays: 2, state: 'withdrawn' },
          { title: 'Draft: inventory count', description: 'Not yet sent to the client.', dueInDays: 20, state: 'draft' },
        ],
        work: { title: 'Annual report 2026', startedDaysAgo: 7, status: 'Waiting for documents' },
      },
      {
        name: 'Harbor Lights Studio',
        contacts: ['client@demo.test'],
        tasks: [
          { title: 'Upload Q1 bank statements', description: 'Statements for January to March from every business account.', dueInDays: 5, checklist: ['LHV', 'Swedbank'] },
          { title: 'Answer payroll questions', description: 'Did anyone join or leave the team in February?', dueInDays: -1, read: true },
        ],
      },
      {
        name: 'Baltic Timber AS',
        contacts: ['timber@demo.test'],
        tasks: [{ title: 'Send the loan agreement', description: 'A copy of the new equipment loan agreement.', dueInDays: 7 }],
      },
    ],
  }, now);
  await seedFirm(db, {
    slug: 'acme',
    name: 'Acme Bookkeeping',
    timezone: 'Europe/London',
    locale: 'en',
    primaryColor: '#7a1f3d',
    origins: [],
    portalUrl: null,
    staff: [{ email: 'owner@acme.test', name: 'Arthur Acme', role: 'owner' }],
    contacts: [{ email: 'client@acme.test', name: 'Alice Client' }],
    clients: [
      {
        name: 'Acme Widgets Ltd',
        contacts: ['client@acme.test'],
        tasks: [
          { title: 'Acme: send the payroll export', description: 'Only Acme may see this.', dueInDays: 3, checklist: ['Export from payroll'] },
          { title: 'Acme: confirm the director', description: 'Only Acme may see this.', dueInDays: -2 },
        ],
      },
    ],
  }, now);
}

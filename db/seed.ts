import { eq } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from './client.ts';
import { checklistItems, clientContacts, clients, contacts, firms, members, taskReads, tasks } from './schema.ts';
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
  clients: { name: string; contacts: string[]; tasks: SeedTask[] }[];
}

async function seedFirm(db: Db, spec: SeedFirm, now: number): Promise<void> {
  const firmId = newId('frm');
  const today = todayIn(spec.timezone, now);
  const memberIds = spec.staff.map(() => newId('mem'));
  const contactIds = new Map(spec.contacts.map((c) => [c.email, newId('con')]));
  const writes: BatchItem<'sqlite'>[] = [
    db.insert(firms).values({
      id: firmId, slug: spec.slug, name: spec.name, timezone: spec.timezone, locale: spec.locale,
      branding: { primaryColor: spec.primaryColor }, allowedOrigins: spec.origins, portalUrl: spec.portalUrl, createdAt: now,
    }),
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
  }
  await db.batch(writes as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
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

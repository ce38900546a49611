import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { checklistItems, clientContacts, clients, contacts, tasks } from '../../db/schema.ts';
import { canApply, firmStatus, isOverdue, type TaskAction } from '../domain/tasks.ts';

const taskActions: readonly TaskAction[] = ['assign', 'withdraw', 'complete', 'reopen'];

type TaskRow = typeof tasks.$inferSelect;
type ChecklistRow = Pick<typeof checklistItems.$inferSelect, 'id' | 'taskId' | 'text' | 'doneAt'>;

/** A task as staff see it; only the fields a caller may see. */
function firmTaskView(task: TaskRow, items: ChecklistRow[], today: string) {
  return {
    id: task.id,
    clientId: task.clientId,
    title: task.title,
    description: task.description,
    dueDate: task.dueDate,
    status: firmStatus(task),
    clientState: task.clientState,
    /** Due before today in the firm's timezone and not done: the same rule the client sees. */
    overdue: isOverdue(task, today),
    autoComplete: task.autoComplete,
    assignedAt: task.assignedAt,
    withdrawnAt: task.withdrawnAt,
    completedAt: task.completedAt,
    createdAt: task.createdAt,
    checklistItems: items.map((i) => ({ id: i.id, text: i.text, done: i.doneAt !== null })),
    /** The transitions the caller may take now, so the console keeps no copy of the table. */
    actions: taskActions.filter((action) => canApply(action, firmStatus(task))),
  };
}

export type FirmTask = ReturnType<typeof firmTaskView>;

async function checklistsOf(db: Db, firmId: string, taskIds: string[]) {
  if (taskIds.length === 0) return new Map<string, ChecklistRow[]>();
  const rows = await db
    .select({ id: checklistItems.id, taskId: checklistItems.taskId, text: checklistItems.text, doneAt: checklistItems.doneAt })
    .from(checklistItems)
    .where(and(eq(checklistItems.firmId, firmId), inArray(checklistItems.taskId, taskIds)))
    .orderBy(asc(checklistItems.position));
  const byTask = new Map<string, ChecklistRow[]>();
  for (const row of rows) byTask.set(row.taskId, [...(byTask.get(row.taskId) ?? []), row]);
  return byTask;
}

export async function listFirmTasks(db: Db, firmId: string, today: string, clientId?: string): Promise<FirmTask[]> {
  const rows = await db
    .select()
    .from(tasks)
    .where(clientId ? and(eq(tasks.firmId, firmId), eq(tasks.clientId, clientId)) : eq(tasks.firmId, firmId))
    .orderBy(desc(tasks.createdAt))
    .limit(500);
  const lists = await checklistsOf(db, firmId, rows.map((r) => r.id));
  return rows.map((r) => firmTaskView(r, lists.get(r.id) ?? [], today));
}

export async function findFirmTaskRow(db: Db, firmId: string, taskId: string): Promise<TaskRow | null> {
  const [row] = await db.select().from(tasks).where(and(eq(tasks.firmId, firmId), eq(tasks.id, taskId)));
  return row ?? null;
}

export async function getFirmTask(db: Db, firmId: string, taskId: string, today: string): Promise<FirmTask | null> {
  const row = await findFirmTaskRow(db, firmId, taskId);
  if (!row) return null;
  const lists = await checklistsOf(db, firmId, [row.id]);
  return firmTaskView(row, lists.get(row.id) ?? [], today);
}

export async function findClient(db: Db, firmId: string, clientId: string) {
  const [row] = await db.select().from(clients).where(and(eq(clients.firmId, firmId), eq(clients.id, clientId)));
  return row ?? null;
}

export async function listClientsWithContacts(db: Db, firmId: string) {
  const rows = await db.select().from(clients).where(eq(clients.firmId, firmId)).orderBy(asc(clients.name));
  const links = await db
    .select({ clientId: clientContacts.clientId, id: contacts.id, email: contacts.email, name: contacts.name })
    .from(clientContacts)
    .innerJoin(contacts, and(eq(contacts.id, clientContacts.contactId), eq(contacts.firmId, firmId)))
    .where(eq(clientContacts.firmId, firmId))
    .orderBy(asc(contacts.name));
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    portalOpen: c.portalOpen,
    responsibleMemberId: c.responsibleMemberId,
    contacts: links.filter((l) => l.clientId === c.id).map(({ id, email, name }) => ({ id, email, name })),
  }));
}

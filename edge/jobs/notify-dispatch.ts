import { and, eq } from 'drizzle-orm';
import * as v from 'valibot';
import type { Db } from '../../db/client.ts';
import { clients, contacts, files, members, requests, tasks } from '../../db/schema.ts';
import type { Config } from '../config.ts';
import { DISPATCH_JOB } from '../data/events.ts';
import { getFirm, type Firm } from '../data/firms.ts';
import { threadAudience } from '../data/messages.ts';
import { clientAudience, insertNotifications, markHandled, unhandledEvents, type EventRow } from '../data/notifications.ts';
import { fileRejectedEmail, staffNoticeEmail, withdrawnEmail, type StaffNoticeKind } from '../emails/notice-emails.ts';
import { emailFirm, senderName } from '../emails/brand.ts';
import { fromNameFor } from '../data/email-sender.ts';
import { queueEmail } from './email.ts';
import { defineJob, PermanentJobError, type JobDeps } from './kind.ts';
import { deliverToContact } from './notify-contact.ts';
import { replyAddress } from '../lib/reply-token.ts';

export { DISPATCH_JOB };

/** Which member preference turns each staff notice's email off (MemberEmailPrefs). */
const MEMBER_PREF = {
  'request.created': 'requestCreated',
  'message.client_added': 'clientMessage',
  'message.email_reply': 'clientMessage',
  'task.client_completed': 'clientCompleted',
  'task.uploads_done': 'uploadsDone',
} as const satisfies Record<StaffNoticeKind, string>;

const isStaffNotice = (kind: string): kind is StaffNoticeKind => Object.hasOwn(MEMBER_PREF, kind);

/** What a staff notice is about: the client, the task or request, and the line shown. */
async function staffSubject(db: Db, event: EventRow): Promise<{ clientId: string; taskId: string | null; requestId: string | null; summary: string } | null> {
  const { firmId } = event;
  const data = event.data ?? {};
  const taskOf = async (id: string) => (await db.select().from(tasks).where(and(eq(tasks.firmId, firmId), eq(tasks.id, id))))[0];
  const requestOf = async (id: string) => (await db.select().from(requests).where(and(eq(requests.firmId, firmId), eq(requests.id, id))))[0];
  if (event.kind === 'request.created') {
    const request = await requestOf(event.subjectId);
    return request ? { clientId: request.clientId, taskId: null, requestId: request.id, summary: request.subject } : null;
  }
  if (event.kind === 'message.client_added' || event.kind === 'message.email_reply') {
    const threadId = String(data.threadId ?? '');
    if (data.threadKind === 'request') {
      const request = await requestOf(threadId);
      return request ? { clientId: request.clientId, taskId: null, requestId: request.id, summary: request.subject } : null;
    }
    const task = await taskOf(threadId);
    return task ? { clientId: task.clientId, taskId: task.id, requestId: null, summary: task.title } : null;
  }
  const task = await taskOf(event.subjectId);
  return task ? { clientId: task.clientId, taskId: task.id, requestId: null, summary: task.title } : null;
}

async function actorName(db: Db, event: EventRow): Promise<string | null> {
  if (!event.actorId) return null;
  const table = event.actorType === 'contact' ? contacts : event.actorType === 'member' ? members : null;
  if (!table) return null;
  const [row] = await db.select({ name: table.name }).from(table).where(and(eq(table.firmId, event.firmId), eq(table.id, event.actorId)));
  return row?.name ?? null;
}

/**
 * A client acted: a notification for each member who hears about the client
 * (never the actor), and an email unless the member turned that kind off.
 * Both are keyed by event and member, so running again adds nothing.
 */
async function notifyStaff(deps: JobDeps, event: EventRow & { kind: StaffNoticeKind }, firm: Firm) {
  const { db, clock, config } = deps;
  const about = await staffSubject(db, event);
  if (!about) return;
  const audience = (await clientAudience(db, event.firmId, about)).filter((m) => !(event.actorType === 'member' && m.id === event.actorId));
  if (audience.length === 0) return;
  const [client] = await db.select({ name: clients.name }).from(clients).where(and(eq(clients.firmId, event.firmId), eq(clients.id, about.clientId)));
  const who = (await actorName(db, event)) ?? firm.name;
  await insertNotifications(
    db,
    audience.map((m) => ({ firmId: event.firmId, memberId: m.id, eventId: event.id, kind: event.kind, ...about, actorName: who, createdAt: event.at })),
  );
  for (const member of audience) {
    if (member.emailPrefs?.[MEMBER_PREF[event.kind]] === false) continue;
    await queueEmail(db, clock, {
      firmId: event.firmId,
      to: member.email,
      kind: 'staff',
      memberId: member.id,
      taskId: about.taskId ?? null,
      requestId: about.requestId ?? null,
      key: `staff-notice:${event.id}:${member.id}`,
      fromName: senderName(firm.name),
      ...staffNoticeEmail({ firm: emailFirm(firm, config), locale: firm.locale, url: `${config.publicUrl}/console`, kind: event.kind, actorName: who, clientName: client?.name ?? '', summary: about.summary }),
    });
  }
}

const portalUrl = (firm: Firm, config: Config) => firm.portalUrl ?? `${config.publicUrl}/p/${firm.slug}`;

async function contactsById(db: Db, firmId: string, ids: readonly string[]) {
  const found = [];
  for (const id of new Set(ids)) {
    const [row] = await db.select().from(contacts).where(and(eq(contacts.firmId, firmId), eq(contacts.id, id)));
    if (row) found.push(row);
  }
  return found;
}

/** A task was withdrawn: those who saw it just before (named in the event) hear of it, while it stays withdrawn. */
async function tellWithdrawn(deps: JobDeps, event: EventRow, firm: Firm) {
  const { db, clock, config } = deps;
  const [task] = await db.select().from(tasks).where(and(eq(tasks.firmId, event.firmId), eq(tasks.id, event.subjectId)));
  if (!task || task.withdrawnAt === null || task.deletedAt !== null) return;
  const ids = v.parse(v.array(v.string()), event.data?.contactIds ?? []);
  const fromName = await fromNameFor(db, firm, [task.clientId]);
  for (const contact of await contactsById(db, event.firmId, ids)) {
    const email = withdrawnEmail({ firm: emailFirm(firm, config), locale: contact.locale ?? firm.locale, url: portalUrl(firm, config), taskTitle: task.title });
    await deliverToContact(db, clock, config, { firm, contact }, 'withdrawn', {
      draft: { kind: 'withdrawn', taskId: task.id, key: `withdrawn-email:${event.id}:${contact.id}`, fromName, ...email },
      line: { key: event.id, kind: 'withdrawn', title: task.title },
    });
  }
}

/** A file was refused: its uploader hears why (a contact), else the contacts who see the task. */
async function tellFileRejected(deps: JobDeps, event: EventRow, firm: Firm) {
  const { db, clock, config } = deps;
  const [file] = await db.select().from(files).where(and(eq(files.firmId, event.firmId), eq(files.id, event.subjectId)));
  const taskId = file?.taskId;
  if (!file || !taskId) return;
  const [task] = await db.select().from(tasks).where(and(eq(tasks.firmId, event.firmId), eq(tasks.id, taskId)));
  if (!task) return;
  // Only those who still see the task (the visibility rule), so a withdrawn task or a removed contact gets nothing.
  const audience = await threadAudience(db, event.firmId, { kind: 'task', id: task.id, clientId: task.clientId });
  const uploader = file.uploadedByType === 'contact' ? file.uploadedById : null;
  const ids = uploader ? audience.filter((id) => id === uploader) : audience;
  const reason = String(event.data?.reason ?? '');
  const fromName = await fromNameFor(db, firm, [task.clientId]);
  for (const contact of await contactsById(db, event.firmId, ids)) {
    // A reply reaches the task's conversation while the firm has not completed the task (the contact may still write there).
    const replyTo = task.firmState === 'open' ? replyAddress(config, { firmId: event.firmId, kind: 'task', threadId: task.id, contactId: contact.id }, clock.now()) : undefined;
    const email = fileRejectedEmail({ firm: emailFirm(firm, config), locale: contact.locale ?? firm.locale, url: portalUrl(firm, config), taskTitle: task.title, fileName: file.name, reason, canReply: replyTo !== undefined });
    await deliverToContact(db, clock, config, { firm, contact }, 'fileRejected', {
      draft: { kind: 'file_rejected', taskId: task.id, key: `file-rejected-email:${event.id}:${contact.id}`, fromName, replyTo, ...email },
      line: { key: event.id, kind: 'fileRejected', title: task.title, detail: `${file.name}: ${reason}` },
    });
  }
}

/** Applies the rules of one event. Every effect is keyed by the event, so handling it twice is harmless. */
async function applyRules(deps: JobDeps, event: EventRow, firm: Firm) {
  if (isStaffNotice(event.kind)) return notifyStaff(deps, event as EventRow & { kind: StaffNoticeKind }, firm);
  if (event.kind === 'task.withdrawn') return tellWithdrawn(deps, event, firm);
  if (event.kind === 'file.rejected') return tellFileRejected(deps, event, firm);
  // message.staff_added: the contact's message notice (message-notice.ts) already covers it.
}

/** Events handled per pass; the job loops until none is left. */
const EVENTS_PER_PASS = 50;

/**
 * The events consumer: one job per recorded event wakes it, and each run
 * takes every unhandled event of the firm in the order they happened,
 * applies the rules and marks it handled. A failure leaves the event
 * unhandled for the retry, so no later event overtakes it.
 */
export const dispatchJob = defineJob({
  payload: v.object({}),
  async run(_payload, job, deps) {
    if (!job.firmId) throw new PermanentJobError('An events dispatch belongs to a firm');
    const firm = await getFirm(deps.db, job.firmId);
    if (!firm) return;
    for (;;) {
      const batch = await unhandledEvents(deps.db, firm.id, EVENTS_PER_PASS);
      for (const event of batch) {
        await applyRules(deps, event, firm);
        await markHandled(deps.db, firm.id, event.id, deps.clock.now());
      }
      if (batch.length < EVENTS_PER_PASS) return;
    }
  },
});

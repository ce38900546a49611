import { Buffer } from 'node:buffer';
import { and, eq, sql } from 'drizzle-orm';
import * as v from 'valibot';
import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { activity, emails } from '../../db/schema.ts';
import { liveFilesByIds, liveFilesOfTask, type FileRow } from '../data/documents.ts';
import { findClient, findFirmTaskRow } from '../data/firm-tasks.ts';
import { getFirm } from '../data/firms.ts';
import { planDigitisation } from '../domain/digitise.ts';
import { renderEmail } from '../emails/render.ts';
import { BlobNotFoundError, type BlobStore } from '../ports/blob-store.ts';
import type { StaffCaller } from '../domain/caller.ts';
import { actorColumns } from '../data/activity.ts';
import { InactiveRecipientError } from '../ports/mailer.ts';
import { outboxRow } from './email.ts';
import { defineJob, isPermanent } from './kind.ts';
import { insertJob } from './queue.ts';

export const DIGITISE_JOB = 'files.digitise';

/** Why "Digitise" cannot run now (each a 409 code). */
export type DigitiseRefusal = 'digitisation_off' | 'no_digitisation_address' | 'no_files';

/**
 * Plans "Digitise" for a task of the caller's firm: the task's live files,
 * split into emails, and the job that sends them. The plan is fixed in the
 * payload, so a retried job sends the same emails under the same keys (each
 * part sent once) even if files change meanwhile. Answers a refusal when the
 * firm has it off, the client has no address, or no file can go.
 */
export async function planDigitiseJob(db: Db, caller: StaffCaller, task: { id: string; clientId: string }, now: number) {
  const firm = await getFirm(db, caller.firmId);
  if (!firm?.digitisationEnabled) return { refused: 'digitisation_off' as const };
  const client = await findClient(db, caller.firmId, task.clientId);
  if (!client?.digitisationAddress) return { refused: 'no_digitisation_address' as const };
  const files = await liveFilesOfTask(db, caller.firmId, task.id);
  const plan = planDigitisation(files);
  if (plan.parts.length === 0) return { refused: 'no_files' as const, tooBig: plan.skipped.length };
  const runId = newId('dgt');
  const names = new Map(files.map((f) => [f.id, f.name]));
  const payload = { firmId: caller.firmId, taskId: task.id, runId, parts: plan.parts, skipped: plan.skipped.map((id) => names.get(id)!), by: actorColumns(caller) };
  return {
    refused: null,
    insert: insertJob(db, { kind: DIGITISE_JOB, key: `${DIGITISE_JOB}:${runId}`, runAt: now, payload, firmId: caller.firmId }, now),
    answer: { files: plan.parts.flat().length, emails: plan.parts.length, skipped: payload.skipped },
  };
}

async function base64Of(blobs: BlobStore, key: string): Promise<string | null> {
  try {
    const reader = (await blobs.get(key)).getReader();
    const chunks: Uint8Array[] = [];
    for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
    return Buffer.concat(chunks).toString('base64');
  } catch (error) {
    if (error instanceof BlobNotFoundError) return null;
    throw error;
  }
}

/**
 * Emails the planned files to the client's digitisation inbox, one email per
 * part, each under its own key: a part already sent is not sent again on a
 * retry. Re-reads state first: a task deleted, digitisation switched off or
 * the address removed meanwhile sends nothing more; a file deleted since is
 * left out. Ends with one task history entry (`digitised`) naming the files
 * that went, those skipped, and how many emails.
 */
export const digitiseJob = defineJob({
  payload: v.object({
    firmId: v.string(),
    taskId: v.string(),
    runId: v.string(),
    parts: v.array(v.array(v.string())),
    skipped: v.array(v.string()),
    by: v.object({ actorType: v.picklist(['member', 'apikey']), actorId: v.nullable(v.string()) }),
  }),
  async run({ firmId, taskId, runId, parts, skipped, by }, _job, { db, clock, mailer, blobs }) {
    const task = await findFirmTaskRow(db, firmId, taskId);
    const firm = await getFirm(db, firmId);
    const client = task ? await findClient(db, firmId, task.clientId) : null;
    const to = client?.digitisationAddress;
    if (!task || !firm?.digitisationEnabled || !to) return;
    const sentNames: string[] = [];
    const missing = [...skipped];
    let sentEmails = 0;
    for (const [index, ids] of parts.entries()) {
      const key = `${DIGITISE_JOB}:${runId}:${index + 1}`;
      const byId = new Map((await liveFilesByIds(db, firmId, ids)).map((f) => [f.id, f]));
      const files = ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
      const [outbox] = await db.select().from(emails).where(eq(emails.jobKey, key));
      if (outbox?.state === 'sent') {
        sentNames.push(...files.map((f) => f.name));
        sentEmails++;
        continue;
      }
      const attachments: { name: string; contentType: string; content: string }[] = [];
      const attached: FileRow[] = [];
      for (const file of files) {
        const content = await base64Of(blobs, file.blobKey);
        if (content === null) missing.push(file.name);
        else {
          attachments.push({ name: file.name, contentType: file.type, content });
          attached.push(file);
        }
      }
      if (attachments.length === 0) continue;
      const email = digitiseEmail(firm.name, client!.name, task.title, attached.map((f) => f.name), index + 1, parts.length, firm.locale);
      const now = clock.now();
      await db
        .insert(emails)
        .values(outboxRow({ firmId, kind: 'digitise', taskId, to, key, ...email }, now))
        .onConflictDoNothing({ target: emails.jobKey });
      try {
        const { providerId } = await mailer.send({ to, ...email, key, attachments });
        await db.update(emails).set({ state: 'sent', providerId, sentAt: clock.now() }).where(eq(emails.jobKey, key));
      } catch (error) {
        const lastError = error instanceof Error ? error.message : String(error);
        // The inbox is the client's service's, no contact's: only the row records that it refused.
        const state = error instanceof InactiveRecipientError ? ('undeliverable' as const) : isPermanent(error) ? ('failed' as const) : undefined;
        await db.update(emails).set({ lastError, ...(state ? { state } : {}) }).where(eq(emails.jobKey, key));
        throw error;
      }
      sentNames.push(...attached.map((f) => f.name));
      sentEmails++;
    }
    const data = JSON.stringify({ runId, files: sentNames, emails: sentEmails, skipped: missing, to });
    // One entry per run, however often the job is retried.
    await db.run(sql`insert into ${activity} (id, firm_id, subject_id, actor_type, actor_id, action, data, at)
      select ${newId('act')}, ${firmId}, ${taskId}, ${by.actorType}, ${by.actorId}, 'task.digitised', ${data}, ${clock.now()}
      where not exists (select 1 from ${activity} where ${and(eq(activity.firmId, firmId), eq(activity.subjectId, taskId), eq(activity.action, 'task.digitised'))}
        and json_extract(${activity.data}, '$.runId') = ${runId})`);
  },
});

/** The email to a digitisation inbox: plain, in the firm's language, naming the files it carries. */
function digitiseEmail(firmName: string, clientName: string, taskTitle: string, names: string[], part: number, of: number, locale: string) {
  const et = locale === 'et';
  const count = of > 1 ? ` (${part}/${of})` : '';
  const subject = `${firmName}: ${clientName}, ${taskTitle}${count}`.replace(/[\r\n]+/g, ' ');
  const intro = et ? `${firmName} saadab digiteerimiseks ettevõtte ${clientName} failid (${taskTitle}):` : `${firmName} sends ${clientName}'s files for digitisation (${taskTitle}):`;
  const footer = et ? 'Saadetud Portico kaudu.' : 'Sent through Portico.';
  return {
    subject,
    text: [intro, ...names.map((n) => `- ${n}`), '', footer].join('\n'),
    html: renderEmail(null, { lang: et ? 'et' : 'en', subject, heading: subject, blocks: [intro, { items: names.map((text) => ({ text })) }], footer: { why: footer } }).html,
  };
}

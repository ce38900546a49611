import { createHmac, timingSafeEqual } from 'node:crypto';
import { portalPageWith } from '../emails/brand.ts';

/**
 * The signed links in task emails: one that opens a task (and, once the
 * task's link expired, offers a new sign-in link), and the one-click
 * "stop reminders" of the List-Unsubscribe header. Each names a firm, a
 * contact and (for a task link) a task, with a MAC over them, so the
 * server needs no stored token; whether a task link still works is the
 * task's `link_expires_at`, read when it is opened.
 */
type Purpose = 'task' | 'reminders-off';

const ID = /^[a-z]{2,5}_[a-z0-9]{1,40}$/;

function mac(secret: string, purpose: Purpose, parts: string[]): string {
  return createHmac('sha256', secret).update(`${purpose}:v1:${parts.join(':')}`).digest('base64url').slice(0, 22);
}

function sign(secret: string, purpose: Purpose, parts: string[]): string {
  return `${parts.join('.')}.${mac(secret, purpose, parts)}`;
}

function verify(secret: string, purpose: Purpose, token: string, count: number): string[] | null {
  const parts = token.split('.');
  if (parts.length !== count + 1) return null;
  const given = parts.pop()!;
  if (!parts.every((p) => ID.test(p))) return null;
  const expected = mac(secret, purpose, parts);
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected)) ? parts : null;
}

export interface TaskLinkSubject {
  firmId: string;
  contactId: string;
  taskId: string;
}

/** The address that opens a task from an email (it redirects to the portal page with `#task=<id>`). */
export function taskLinkUrl(config: { publicUrl: string; signingSecret: string }, s: TaskLinkSubject): string {
  return `${config.publicUrl}/api/v1/links/task/${sign(config.signingSecret, 'task', [s.firmId, s.contactId, s.taskId])}`;
}

export function readTaskLink(secret: string, token: string): TaskLinkSubject | null {
  const parts = verify(secret, 'task', token, 3);
  return parts ? { firmId: parts[0]!, contactId: parts[1]!, taskId: parts[2]! } : null;
}

/** The one-click address that turns reminders off for a contact (RFC 8058: a POST does it, a GET only asks). */
export function remindersOffUrl(config: { publicUrl: string; signingSecret: string }, s: { firmId: string; contactId: string }): string {
  return `${config.publicUrl}/api/v1/links/reminders-off/${sign(config.signingSecret, 'reminders-off', [s.firmId, s.contactId])}`;
}

export function readRemindersOff(secret: string, token: string): { firmId: string; contactId: string } | null {
  const parts = verify(secret, 'reminders-off', token, 2);
  return parts ? { firmId: parts[0]!, contactId: parts[1]! } : null;
}

/** The portal page with the task named in its fragment (`#task=<id>`), where the elements can read it. */
export function portalTaskUrl(page: string, taskId: string): string {
  return portalPageWith(page, `task=${taskId}`);
}

import { and, asc, eq, gt, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { members, sessions } from '../../db/schema.ts';
import type { StaffCaller } from '../domain/caller.ts';
import { recordActivity, recordActivityIfChanged } from './activity.ts';
import { pageOf, type CursorKey } from './paging.ts';

/** A member of the firm, if `memberId` is one (another firm's member, or a removed one, is none). */
export async function findMember(db: Db, firmId: string, memberId: string) {
  const [row] = await db
    .select({ id: members.id, role: members.role, email: members.email })
    .from(members)
    .where(and(eq(members.firmId, firmId), eq(members.id, memberId), isNull(members.removedAt)));
  return row ?? null;
}

/**
 * The firm's staff by name, one page; `q` finds a part of the name or email
 * (case-insensitive); `after` is the (name, id) the previous page ended on.
 * Removed members are not listed.
 */
export async function listMembers(db: Db, firmId: string, filter: { q?: string | undefined }, page: { limit: number; after?: CursorKey | undefined }) {
  const where: (SQL | undefined)[] = [eq(members.firmId, firmId), isNull(members.removedAt)];
  if (filter.q) where.push(sql`(instr(lower(${members.name}), lower(${filter.q})) > 0 or instr(lower(${members.email}), lower(${filter.q})) > 0)`);
  if (page.after) {
    const [name, id] = page.after as [string, string];
    where.push(or(gt(members.name, name), and(eq(members.name, name), gt(members.id, id))));
  }
  const rows = await db
    .select({ id: members.id, name: members.name, email: members.email, role: members.role, invitedAt: members.invitedAt, lastSignInAt: members.lastSignInAt })
    .from(members)
    .where(and(...where))
    .orderBy(asc(members.name), asc(members.id))
    .limit(page.limit + 1);
  return pageOf(rows, page.limit, (m) => [m.name, m.id], (m) => m);
}

export type StaffRole = 'admin' | 'member';

/**
 * Adds a member (an admin or a member: the firm has one owner) and records
 * who invited them; answers 'exists' when the address is a member already.
 * A removed member invited again comes back with the new name and role.
 */
export async function inviteMember(db: Db, caller: StaffCaller, input: { email: string; name: string; role: StaffRole }, now: number): Promise<{ id: string } | 'exists'> {
  const [existing] = await db.select({ id: members.id, removedAt: members.removedAt }).from(members).where(and(eq(members.firmId, caller.firmId), eq(members.email, input.email)));
  if (existing && existing.removedAt === null) return 'exists';
  const id = existing?.id ?? newId('mem');
  const invitedBy = caller.kind === 'member' ? caller.memberId : null;
  const write = existing
    ? db.update(members).set({ name: input.name, role: input.role, removedAt: null, invitedAt: now, invitedBy }).where(and(eq(members.firmId, caller.firmId), eq(members.id, id), ne(members.role, 'owner')))
    : db.insert(members).values({ id, firmId: caller.firmId, email: input.email, name: input.name, role: input.role, invitedAt: now, invitedBy, createdAt: now });
  try {
    await db.batch([write, recordActivity(db, { firmId: caller.firmId, subjectId: caller.firmId, caller, action: 'firm.member_invited', data: { memberId: id, role: input.role }, at: now })]);
  } catch (error) {
    if (/UNIQUE constraint failed/.test(String((error as { cause?: unknown }).cause ?? error))) return 'exists';
    throw error;
  }
  return { id };
}

/** Changes a member's name or role (never the owner's role, never to owner). */
export async function updateMember(db: Db, caller: StaffCaller, memberId: string, change: { name?: string | undefined; role?: StaffRole | undefined }, now: number): Promise<void> {
  await db.batch([
    db.update(members).set(change).where(and(eq(members.firmId, caller.firmId), eq(members.id, memberId), isNull(members.removedAt))),
    recordActivityIfChanged(db, {
      firmId: caller.firmId,
      subjectId: caller.firmId,
      caller,
      action: change.role ? 'firm.member_role_changed' : 'firm.member_changed',
      data: { memberId, fields: Object.keys(change), ...(change.role ? { role: change.role } : {}) },
      at: now,
    }),
  ]);
}

/** Removes a member: their sessions end at once; their name stays on the history. */
export async function removeMember(db: Db, caller: StaffCaller, memberId: string, now: number): Promise<void> {
  await db.batch([
    db.update(members).set({ removedAt: now }).where(and(eq(members.firmId, caller.firmId), eq(members.id, memberId), ne(members.role, 'owner'), isNull(members.removedAt))),
    db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.firmId, caller.firmId), eq(sessions.audience, 'staff'), eq(sessions.subjectId, memberId), isNull(sessions.revokedAt))),
    recordActivity(db, { firmId: caller.firmId, subjectId: caller.firmId, caller, action: 'firm.member_removed', data: { memberId }, at: now }),
  ]);
}

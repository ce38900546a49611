import { and, asc, eq, gt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { members } from '../../db/schema.ts';
import { pageOf, type CursorKey } from './paging.ts';

/** A member of the firm, if `memberId` is one (another firm's member is none). */
export async function findMember(db: Db, firmId: string, memberId: string) {
  const [row] = await db.select({ id: members.id }).from(members).where(and(eq(members.firmId, firmId), eq(members.id, memberId)));
  return row ?? null;
}

/** The firm's staff by name, one page; `q` finds a part of the name or email (case-insensitive); `after` is the (name, id) the previous page ended on. */
export async function listMembers(db: Db, firmId: string, filter: { q?: string | undefined }, page: { limit: number; after?: CursorKey | undefined }) {
  const where: (SQL | undefined)[] = [eq(members.firmId, firmId)];
  if (filter.q) where.push(sql`(instr(lower(${members.name}), lower(${filter.q})) > 0 or instr(lower(${members.email}), lower(${filter.q})) > 0)`);
  if (page.after) {
    const [name, id] = page.after as [string, string];
    where.push(or(gt(members.name, name), and(eq(members.name, name), gt(members.id, id))));
  }
  const rows = await db
    .select({ id: members.id, name: members.name, email: members.email, role: members.role })
    .from(members)
    .where(and(...where))
    .orderBy(asc(members.name), asc(members.id))
    .limit(page.limit + 1);
  return pageOf(rows, page.limit, (m) => [m.name, m.id], (m) => m);
}

import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../db/ids.ts';
import { createTestApp, type TestApp } from './fixtures/test-app.ts';

/**
 * The two visibility rules of conversations as a property, over random
 * firms' staff, responsibilities, assignments, requests and messages (a
 * seeded generator, so a failure names its seed and replays):
 * - no client-visible answer (task list and detail, threads, requests, counts, emails) ever holds an internal comment;
 * - no member ever sees a request that is not directed to them (list, detail, thread, inbox, notifications), nor another firm's.
 */
let t: TestApp;
afterEach(() => t.cleanup());

/** mulberry32: small, seeded, good enough to pick test cases. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!, chance: (p: number) => next() < p };
}

const rowsOf = async (sql: string, ...args: string[]) => (await t.db.$client.execute({ sql, args })).rows as unknown as Record<string, string>[];
const INTERNAL = 'INTERNAL-NOTE';

interface Staff { id: string; firmId: string; role: string; token: string }
interface Contact { id: string; firmId: string; token: string; clientIds: string[] }

async function pages(path: string, token: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res = await t.request('GET', `${path}${sep}limit=7${cursor ? `&cursor=${cursor}` : ''}`, { token });
    expect(res.status, path).toBe(200);
    items.push(...res.json.items);
    cursor = res.json.nextCursor;
  } while (cursor);
  return items;
}

async function build(seed: number) {
  const g = generator(seed);
  t = await createTestApp();
  const now = t.clock.now();
  const firms = await rowsOf("select id, slug from firms order by slug");
  // Random extra staff with random roles, and random responsibilities for every client.
  for (const firm of firms) {
    for (let i = 0; i < 3; i++) {
      await t.db.$client.execute({
        sql: 'insert into members (id, firm_id, email, name, role, created_at) values (?, ?, ?, ?, ?, ?)',
        args: [newId('mem'), firm.id!, `m${i}@${firm.slug}.test`, `Member ${i}`, g.pick(['member', 'member', 'admin']), now],
      });
    }
    const memberIds = (await rowsOf('select id from members where firm_id = ?', firm.id!)).map((m) => m.id!);
    for (const client of await rowsOf('select id from clients where firm_id = ?', firm.id!)) {
      await t.db.$client.execute({ sql: 'update clients set responsible_member_id = ? where id = ?', args: [g.chance(0.2) ? null : g.pick(memberIds), client.id!] });
      // Random watchers, who hear about the client beside its responsible member (never of a request not directed to them).
      for (const memberId of memberIds.filter(() => g.chance(0.3))) {
        await t.db.$client.execute({ sql: 'insert into client_watchers (firm_id, client_id, member_id, created_at) values (?, ?, ?, ?)', args: [firm.id!, client.id!, memberId, now] });
      }
    }
  }
  const staff: Staff[] = [];
  for (const m of await rowsOf('select m.id, m.firm_id, m.role, m.email, f.slug from members m join firms f on f.id = m.firm_id')) {
    staff.push({ id: m.id!, firmId: m.firm_id!, role: m.role!, token: (await t.signIn(m.slug!, m.email!, 'staff')).token });
  }
  const contacts: Contact[] = [];
  for (const c of await rowsOf('select c.id, c.firm_id, c.email, f.slug from contacts c join firms f on f.id = c.firm_id')) {
    const session = await t.signIn(c.slug!, c.email!);
    contacts.push({ id: c.id!, firmId: c.firm_id!, token: session.token, clientIds: session.clients.map((x) => x.id) });
  }
  return { g, staff, contacts, firms };
}

/** Who may see a request, written independently of the code under test. */
async function directedTo(member: Staff): Promise<Set<string>> {
  const all = await rowsOf(
    'select r.id, r.assigned_member_id as assigned, c.responsible_member_id as responsible from requests r join clients c on c.id = r.client_id where r.firm_id = ?',
    member.firmId,
  );
  return new Set(all.filter((r) => member.role !== 'member' || r.assigned === member.id || r.responsible === member.id).map((r) => r.id!));
}

describe('conversations, for random firms, staff, contacts and messages', () => {
  it.each([1, 2, 3, 4])('seed %i: clients never see an internal comment; members see only requests directed to them', async (seed) => {
    const { g, staff, contacts } = await build(seed);
    const owners = new Map(staff.filter((s) => s.role === 'owner').map((s) => [s.firmId, s]));

    // Requests from random contacts, for their companies.
    for (const contact of contacts) {
      for (let i = 0; i < 1 + Math.floor(g.next() * 2); i++) {
        const res = await t.request('POST', '/api/v1/portal/requests', { token: contact.token, body: { clientId: g.pick(contact.clientIds), subject: `Request ${i}`, body: 'Please help' } });
        expect(res.status).toBe(201);
      }
    }
    const threads = [
      ...(await rowsOf('select id, firm_id, client_id, \'task\' as kind from tasks where assigned_at is not null and withdrawn_at is null')),
      ...(await rowsOf('select id, firm_id, client_id, \'request\' as kind from requests')),
    ];
    // Random messages: staff write internal comments or portal messages; contacts write on their threads; requests get assigned.
    for (let step = 0; step < 40; step++) {
      const thread = g.pick(threads);
      const path = `/${thread.kind}s/${thread.id}/messages`;
      if (g.chance(0.6)) {
        const writer = g.pick(staff.filter((s) => s.firmId === thread.firm_id));
        const visibility = g.pick(['internal', 'portal'] as const);
        const body = visibility === 'internal' ? `${INTERNAL} ${step} <b>secret</b>` : `Portal ${step}`;
        const res = await t.request('POST', `/api/v1/firm${path}`, { token: writer.token, body: { body, visibility } });
        const allowed = thread.kind === 'task' || (await directedTo(writer)).has(thread.id!);
        expect(res.status).toBe(allowed ? 201 : 404);
      } else if (g.chance(0.5)) {
        const writer = g.pick(contacts.filter((c) => c.firmId === thread.firm_id));
        const res = await t.request('POST', `/api/v1/portal${path}`, { token: writer.token, body: { body: `Client ${step}` } });
        expect([201, 404]).toContain(res.status);
      } else if (thread.kind === 'request') {
        const owner = owners.get(thread.firm_id!)!;
        const current = (await t.request('GET', `/api/v1/firm/requests/${thread.id}`, { token: owner.token })).json;
        const to = g.chance(0.3) ? null : g.pick(staff.filter((s) => s.firmId === thread.firm_id)).id;
        expect((await t.request('PATCH', `/api/v1/firm/requests/${thread.id}`, { token: owner.token, body: { assignedMemberId: to, version: current.version } })).status).toBeLessThan(300);
      }
    }
    expect(Number((await rowsOf("select count(*) as n from messages where visibility = 'internal'"))[0]!.n)).toBeGreaterThan(0);

    // Every client-visible answer, as each contact sees it.
    for (const contact of contacts) {
      const seen: unknown[] = [];
      const tasks = [...(await pages('/api/v1/portal/tasks?state=open', contact.token)), ...(await pages('/api/v1/portal/tasks?state=done', contact.token))];
      const requests = await pages('/api/v1/portal/requests', contact.token);
      seen.push(tasks, requests);
      for (const [kind, list] of [['tasks', tasks], ['requests', requests]] as const) {
        for (const item of list) {
          const detail = (await t.request('GET', `/api/v1/portal/${kind}/${item.id}`, { token: contact.token })).json;
          const thread = await pages(`/api/v1/portal/${kind}/${item.id}/messages`, contact.token);
          seen.push(detail, thread);
          expect(thread.every((m) => m.visibility === 'portal')).toBe(true);
          // The count is of messages this contact may see and did not write: never more than the thread shows.
          expect(detail.unreadMessages).toBeLessThanOrEqual(thread.filter((m) => !m.mine).length);
          expect((await t.request('GET', `/api/v1/portal/${kind}/${item.id}`, { token: contact.token })).json.unreadMessages).toBe(0);
        }
      }
      expect(JSON.stringify(seen)).not.toContain(INTERNAL);
    }
    await t.runJobs();
    expect(JSON.stringify(await t.mailbox())).not.toContain(INTERNAL);

    // Every staff-side view of requests, as each member sees it.
    for (const member of staff) {
      const expected = await directedTo(member);
      // Request notifications: exactly the requests directed to the member of clients they are responsible for or watch.
      const hears = await rowsOf(
        `select r.id from requests r join clients c on c.id = r.client_id where r.firm_id = ?
          and (c.responsible_member_id = ? or exists (select 1 from client_watchers w where w.client_id = c.id and w.member_id = ?))`,
        member.firmId, member.id, member.id,
      );
      const notified = (await pages('/api/v1/firm/notifications', member.token)).filter((n) => n.kind === 'request.created').map((n) => n.requestId);
      expect(new Set(notified), `seed ${seed}, request notifications of a ${member.role}`).toEqual(new Set(hears.map((r) => r.id).filter((id) => expected.has(id!))));
      expect(notified.length).toBe(new Set(notified).size);
      const listed = (await pages('/api/v1/firm/requests', member.token)).map((r) => r.id);
      expect(new Set(listed), `seed ${seed}, member ${member.role}`).toEqual(expected);
      const inbox = await pages('/api/v1/firm/inbox', member.token);
      for (const item of inbox) {
        const thread = item.thread as { kind: string; id: string };
        if (thread.kind === 'request') expect(expected.has(thread.id)).toBe(true);
      }
      for (const r of await rowsOf('select id, firm_id from requests')) {
        const mine = r.firm_id === member.firmId && expected.has(r.id!);
        expect((await t.request('GET', `/api/v1/firm/requests/${r.id}`, { token: member.token })).status).toBe(mine ? 200 : 404);
        expect((await t.request('GET', `/api/v1/firm/requests/${r.id}/messages`, { token: member.token })).status).toBe(mine ? 200 : 404);
      }
    }
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

/**
 * "Overdue" is read in the firm's timezone, on the server, for both sides:
 * a task due today is not overdue until the firm's day is over, whatever the
 * date is in UTC. The clock is moved to an instant near a UTC day boundary.
 */
let t: TestApp;
beforeEach(async () => { t = await createTestApp(); });
afterEach(() => t.cleanup());

const at = (iso: string) => t.clock.advance(Date.parse(iso) - t.clock.now());
/** A calendar date `days` after today (UTC), so the instants stay near the real clock (cookies may not expire 400+ days out). */
const day = (days: number) => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + days)).toISOString().slice(0, 10);

/** Signs in both sides after the clock moved (sessions live 30 days), makes tasks due on the given dates, answers both sides' `overdue`. */
async function overdueFlags(timezone: string, dueDates: string[]) {
  await t.db.$client.execute({ sql: "update firms set timezone = ? where slug = 'demo'", args: [timezone] });
  const staff = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  const contact = (await t.signIn('demo', 'client@demo.test')).token;
  const clients = (await t.request('GET', '/api/v1/firm/clients', { token: staff })).json.items;
  const northwind = clients.find((c: { name: string }) => c.name === 'Northwind Bakery OÜ').id;
  const out: Record<string, { created: boolean; firmList: boolean; firmOne: boolean; portalList: boolean; portalOne: boolean }> = {};
  for (const dueDate of dueDates) {
    const created = await t.request('POST', '/api/v1/firm/tasks', { token: staff, body: { clientId: northwind, title: `Due ${dueDate}`, dueDate, assign: true } });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const firmList = (await t.request('GET', `/api/v1/firm/tasks?clientId=${northwind}`, { token: staff })).json.items.find((x: { id: string }) => x.id === id);
    const portalList = (await t.request('GET', '/api/v1/portal/tasks', { token: contact })).json.items.find((x: { id: string }) => x.id === id);
    expect(firmList && portalList, dueDate).toBeTruthy();
    out[dueDate] = {
      created: created.json.overdue,
      firmList: firmList.overdue,
      firmOne: (await t.request('GET', `/api/v1/firm/tasks/${id}`, { token: staff })).json.overdue,
      portalList: portalList.overdue,
      portalOne: (await t.request('GET', `/api/v1/portal/tasks/${id}`, { token: contact })).json.overdue,
    };
  }
  return out;
}
const everywhere = (overdue: boolean) => ({ created: overdue, firmList: overdue, firmOne: overdue, portalList: overdue, portalOne: overdue });

describe('a task due today, in the firm\'s timezone', () => {
  it('is not overdue in New York late in its day, though UTC is already on the next day', async () => {
    at(`${day(3)}T02:30:00Z`); // 21:30 (or 22:30 in summer) the day before in New York
    expect(await overdueFlags('America/New_York', [day(1), day(2), day(3)])).toEqual({
      [day(1)]: everywhere(true),
      [day(2)]: everywhere(false),
      [day(3)]: everywhere(false),
    });
  });

  it('is overdue in Tallinn once its day is over, though UTC is still on that day', async () => {
    at(`${day(2)}T22:30:00Z`); // 00:30 (or 01:30 in summer) the next day in Tallinn
    expect(await overdueFlags('Europe/Tallinn', [day(2), day(3)])).toEqual({
      [day(2)]: everywhere(true),
      [day(3)]: everywhere(false),
    });
  });
});

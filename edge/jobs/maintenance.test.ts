import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';
import { schedulePurge } from './maintenance.ts';

let t: TestApp;
beforeEach(async () => { t = await createTestApp(); });
afterEach(() => t.cleanup());

describe('the hourly purge', () => {
  it('is one job per hour however many instances book it', async () => {
    await schedulePurge(t.db, t.clock.now());
    await schedulePurge(t.db, t.clock.now());
    expect(await t.count("jobs where kind = 'maintenance.purge'")).toBe(1);
  });

  it('deletes spent rate-limit windows and week-old expired links and sessions, keeps live ones, and books the next hour', async () => {
    const { token } = await t.signIn('demo', 'client@demo.test');
    await t.linkTokenFor('demo', 'owner@demo.test', 'staff');
    await schedulePurge(t.db, t.clock.now());
    expect(await t.count('rate_limits')).toBeGreaterThan(0);

    t.clock.advance(2 * 3_600_000);
    await t.mailbox(); // runs due jobs
    expect(await t.count('rate_limits')).toBe(0);
    expect(await t.count('sign_in_tokens')).toBe(2);
    expect((await t.request('GET', '/api/v1/auth/session', { token })).status).toBe(200);

    expect(await t.count('emails')).toBe(2);
    expect(await t.count("jobs where status = 'done'")).toBeGreaterThan(0);
    t.clock.advance(40 * 86_400_000);
    await t.mailbox();
    expect(await t.count('sign_in_tokens')).toBe(0);
    expect(await t.count('sessions')).toBe(0);
    expect(await t.count('emails')).toBe(0);
    // The purge that just ran is settled now, not yet a month old; older settled jobs are gone.
    expect(await t.count("jobs where status in ('done', 'failed') and kind != 'maintenance.purge'")).toBe(0);
    expect(await t.count("jobs where kind = 'maintenance.purge' and status = 'pending'")).toBe(1);
  });
});

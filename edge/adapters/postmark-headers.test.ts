import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostmarkStandIn, type PostmarkStandIn } from '../../test/fixtures/postmark-standin.ts';
import { createPostmarkMailer } from './postmark-mailer.ts';
import { oneByOne } from '../ports/mailer.ts';

/** The reminder's List-Unsubscribe headers, through the official client to a stand-in of Postmark's API. */
let standIn: PostmarkStandIn;
beforeAll(async () => { standIn = await startPostmarkStandIn(); });
afterAll(() => standIn.close());

const mailer = () => createPostmarkMailer({ serverToken: 'server-token-123', from: 'portal@firm.example', requestHost: standIn.host, useHttps: false });
const email = { to: 'client@demo.test', subject: 'Reminder', text: 'Plain', html: '<p>Html</p>', key: 'k-headers' };

describe('the Postmark mailer with extra headers', () => {
  it('sends them as Postmark Headers, and none when there are none', async () => {
    await mailer().send({ ...email, headers: { 'List-Unsubscribe': '<https://portico.test/off>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } });
    expect(standIn.received.at(-1)!.body.Headers).toEqual([
      { Name: 'List-Unsubscribe', Value: '<https://portico.test/off>' },
      { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
    ]);
    await mailer().send(email);
    expect(standIn.received.at(-1)!.body).not.toHaveProperty('Headers');
  });
});

describe('the outbox', () => {
  it("hands an email's stored headers to the mailer", async () => {
    const { tempDb } = await import('../../test/fixtures/test-app.ts');
    const { AdjustableClock } = await import('./system-clock.ts');
    const { loadConfig } = await import('../config.ts');
    const { blobStoreFor } = await import('../server.ts');
    const { queueEmail } = await import('../jobs/email.ts');
    const { jobKinds } = await import('../jobs/registry.ts');
    const { runDueJobs } = await import('../jobs/runner.ts');
    const { db, cleanup } = await tempDb();
    try {
      const clock = new AdjustableClock({ now: () => 5_000_000 });
      const seen: (Record<string, string> | undefined)[] = [];
      const mailer = oneByOne(async (mail) => (seen.push(mail.headers), { providerId: 'ok' }));
      await queueEmail(db, clock, { firmId: null, kind: 'reminder', to: 'a@b.test', subject: 's', text: 't', html: 'h', key: 'with-headers', headers: { 'List-Unsubscribe': '<https://x.test/off>' } });
      await queueEmail(db, clock, { firmId: null, kind: 'reminder', to: 'a@b.test', subject: 's', text: 't', html: 'h', key: 'without' });
      const config = loadConfig({});
      await runDueJobs({ db, clock, kinds: jobKinds, deps: { db, clock, config, mailer, blobs: blobStoreFor(config) }, log: () => {} });
      expect(seen).toEqual([{ 'List-Unsubscribe': '<https://x.test/off>' }, undefined]);
    } finally {
      cleanup();
    }
  });
});

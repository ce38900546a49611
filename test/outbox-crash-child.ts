// The sender of test/outbox-crash.test.ts, in its own process so that it can be killed with SIGKILL
// mid-tick: opens the database, runs every due job through the real Postmark client (pointed at the
// test's stand-in) until none is left, and exits. CLOCK_OFFSET_MS moves its clock (a restart after the
// leases of the killed run ran out).
import { createDb } from '../db/client.ts';
import { createPostmarkMailer } from '../edge/adapters/postmark-mailer.ts';
import { loadConfig } from '../edge/config.ts';
import { jobKinds } from '../edge/jobs/registry.ts';
import { runDueJobs } from '../edge/jobs/runner.ts';
import { blobStoreFor } from '../edge/server.ts';

const db = await createDb(process.env.DATABASE_URL!);
const offset = Number(process.env.CLOCK_OFFSET_MS ?? 0);
const clock = { now: () => Date.now() + offset };
const config = loadConfig({});
const mailer = createPostmarkMailer({ serverToken: 'crash-token', from: 'portal@firm.example', requestHost: process.env.POSTMARK_HOST!, useHttps: false });
const deps = { db, clock, config, mailer, blobs: blobStoreFor(config) };
while ((await runDueJobs({ db, clock, kinds: jobKinds, deps, log: () => {} }, 1_000)) > 0);
db.$client.close();
process.stdout.write('settled\n');

import { loadConfig } from '../config.ts';
import { createQstashScheduler } from '../adapters/qstash-scheduler.ts';

/**
 * `npm run qstash:setup`: creates, or updates, QStash's every-minute schedule
 * calling `POST /api/v1/jobs/tick` on PUBLIC_URL, the safety net that runs
 * jobs beyond the delay limit and any wake-up QStash missed. The schedule id
 * is fixed, so running it again changes the one schedule (after PUBLIC_URL
 * moved, say) instead of adding a second. The server also does this on start.
 */
export async function setUpQstash(env: Record<string, string | undefined>): Promise<string> {
  const config = loadConfig({ ...env, SCHEDULER: 'qstash' });
  const qstash = config.qstash!;
  const scheduler = createQstashScheduler({ token: qstash.token, baseUrl: qstash.url, publicUrl: config.publicUrl, maxDelayMs: qstash.maxDelayMs, clock: { now: () => Date.now() } });
  await scheduler.ensureTick();
  return `${config.publicUrl}/api/v1/jobs/tick`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  setUpQstash(process.env).then(
    (url) => console.log(`QStash: the minute tick calls ${url}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  );
}

import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { WakeUpSignatureError } from '../ports/jobs.ts';

/**
 * QStash's wake-ups (`SCHEDULER=qstash`). Both only prompt a run of every due
 * job: the jobs table decides what runs, so a late, repeated or forged-but-
 * valid wake-up does no harm. The signature covers the raw body and the URL.
 */
export const jobsRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    const { jobs, config } = c.get('deps');
    if (!jobs) throw new ApiError(404, 'not_found', 'Wake-ups are for SCHEDULER=qstash');
    const signature = c.req.header('upstash-signature');
    if (!signature) throw new ApiError(401, 'unauthorized', 'Missing Upstash-Signature');
    const body = await c.req.text();
    try {
      await jobs.verifyWakeUp({ signature, body, url: `${config.publicUrl}${c.req.path}` });
    } catch (error) {
      if (error instanceof WakeUpSignatureError) throw new ApiError(401, 'unauthorized', 'Invalid Upstash-Signature');
      throw error;
    }
    await next();
  })
  .post('/run', describeRoute({ tags: ['jobs'], summary: 'QStash wake-up for one job (signed)', hide: true }), async (c) =>
    c.json({ ran: await c.get('deps').jobs!.runDue() }),
  )
  .post('/tick', describeRoute({ tags: ['jobs'], summary: 'QStash minute tick (signed)', hide: true }), async (c) =>
    c.json({ ran: await c.get('deps').jobs!.runDue() }),
  );

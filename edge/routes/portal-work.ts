import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv, ContactCaller } from '../env.ts';
import { notFound } from '../errors.ts';
import { todayIn } from '../../db/dates.ts';
import type { Db } from '../../db/client.ts';
import { getFirm } from '../data/firms.ts';
import { findTemplateRow, listSelfServiceTemplates } from '../data/templates.ts';
import { clientOpenToContact, listPortalWork } from '../data/work.ts';
import { startTemplateWork } from '../jobs/template-work.ts';
import { validate } from '../middleware/validate.ts';
import { op } from './openapi.ts';
import { id } from './schemas.ts';
import { pageQuery } from './paging.ts';

const CompanyQuery = v.object({ clientId: id('cli') });

/** 404 unless the contact may open this company (belongs to it, access on, portal open). */
async function companyOf(db: Db, caller: ContactCaller, clientId: string): Promise<string> {
  if (!(await clientOpenToContact(db, caller.firmId, caller.contactId, clientId))) throw notFound('No such company');
  return clientId;
}

/**
 * The client side of work: the company's "Work in progress" (when the firm
 * shows it) and the templates the firm offers for clients to start themselves.
 * A client never changes a work or its status: there is no route for it.
 * Mounted inside the portal routes, behind their `requireContact`.
 */
export const portalWorkRoutes = new Hono<AppEnv>()
  .get(
    '/work',
    op('portal', "The company's open work with its client-facing status (null when the status is internal); empty when the firm does not show the list", {
      caller: 'contact',
      errors: [404],
    }),
    validate('query', v.object({ ...pageQuery(), clientId: id('cli') })),
    async (c) => {
      const { db } = c.get('deps');
      const caller = c.get('contact');
      const { clientId, limit, cursor } = c.req.valid('query');
      await companyOf(db, caller, clientId);
      const firm = await getFirm(db, caller.firmId);
      if (!firm?.showWorkList) return c.json({ items: [], nextCursor: null as string | null });
      return c.json(await listPortalWork(db, caller.firmId, clientId, { limit, after: cursor }));
    },
  )
  .get(
    '/templates',
    op('portal', 'The templates the firm offers the company to start itself ("I have a new employee")', { caller: 'contact', errors: [404] }),
    validate('query', CompanyQuery),
    async (c) => {
      const { db } = c.get('deps');
      const caller = c.get('contact');
      await companyOf(db, caller, c.req.valid('query').clientId);
      return c.json({ items: await listSelfServiceTemplates(db, caller.firmId), nextCursor: null as string | null });
    },
  )
  .post(
    '/templates/:id/start',
    op('portal', 'Start a self-service template for the company: its tasks arrive at once, and the firm is told', {
      caller: 'contact',
      ok: 201,
      errors: [404],
      description: 'Creates the work and its tasks, all assigned now whatever their sending rules, and records `self_service_started` on the work. A template the firm does not offer answers 404.',
    }),
    validate('param', v.object({ id: id('tpl') })),
    validate('json', v.strictObject({ clientId: id('cli') })),
    async (c) => {
      const { db, clock, config, scheduler } = c.get('deps');
      const caller = c.get('contact');
      const clientId = await companyOf(db, caller, c.req.valid('json').clientId);
      const template = await findTemplateRow(db, caller.firmId, c.req.valid('param').id);
      if (!template?.selfService) throw notFound('No such template');
      const now = clock.now();
      const { items, wakeAt } = await startTemplateWork(db, config, {
        firmId: caller.firmId,
        timezone: caller.timezone,
        now,
        // A client's own start is one occurrence: it does not begin a repeating series.
        template: { ...template, recurrence: null },
        clientIds: [clientId],
        startDate: todayIn(caller.timezone, now),
        title: template.kind === 'work' ? template.title : template.tasks[0]!.title,
        actor: caller,
        sendAllNow: true,
        workAction: 'self_service_started',
      });
      if (wakeAt !== null) await scheduler.wake(wakeAt, template.id);
      const [started] = items;
      return c.json({ workId: started!.workId, taskIds: started!.taskIds }, 201);
    },
  );

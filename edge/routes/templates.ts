import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { ApiError, conflict, notFound } from '../errors.ts';
import { todayIn } from '../../db/dates.ts';
import { createTemplate, findTemplateRow, getTemplate, listTemplates, updateTemplate, type TemplateInput } from '../data/templates.ts';
import { firmClientIds } from '../data/work.ts';
import { recurrenceProblem, type Recurrence } from '../domain/recurrence.ts';
import { MAX_TEMPLATE_TASKS, previewTemplate, templateProblem, type TemplateChecklistEntry, type TemplateTask } from '../domain/templates.ts';
import { startTemplateWork } from '../jobs/template-work.ts';
import { validate } from '../middleware/validate.ts';
import { op } from './openapi.ts';
import { CalendarDate, id, RecurrenceRule, RequiredText, Text } from './schemas.ts';
import { pageQuery } from './paging.ts';

/** Most clients one "create from template" reaches (the contract's limit). */
const MAX_APPLY_CLIENTS = 1000;
const Int = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
/** Ten years either way: far enough for any work, near enough that a typo is caught. */
const OffsetDays = Int(-3660, 3660);

const SendingInput = v.variant('kind', [
  v.strictObject({ kind: v.literal('offset'), days: OffsetDays }),
  v.strictObject({ kind: v.literal('immediate') }),
  v.strictObject({ kind: v.literal('manual') }),
]);

/** A text, or `{ text, requestsFile }` as on a task; kept as a plain text unless it asks for a file. */
const ChecklistEntryInput = v.union([
  RequiredText(500),
  v.pipe(
    v.strictObject({ text: RequiredText(500), requestsFile: v.optional(v.boolean(), false) }),
    v.transform(({ text, requestsFile }): TemplateChecklistEntry => (requestsFile ? { text, requestsFile: true } : text)),
  ),
]);

const TemplateTaskInput = v.strictObject({
  section: v.optional(v.nullable(RequiredText(100)), null),
  title: RequiredText(200),
  description: v.optional(Text(10_000), ''),
  checklist: v.optional(v.pipe(v.array(ChecklistEntryInput), v.maxLength(100)), []),
  dueOffsetDays: v.optional(v.nullable(OffsetDays), null),
  sending: v.optional(SendingInput, { kind: 'immediate' }),
  autoComplete: v.optional(v.boolean(), false),
});
const Tasks = v.pipe(v.array(TemplateTaskInput), v.maxLength(MAX_TEMPLATE_TASKS));

const CreateTemplate = v.strictObject({
  kind: v.picklist(['work', 'task']),
  title: RequiredText(200),
  description: v.optional(Text(10_000), ''),
  tasks: Tasks,
  recurrence: v.optional(v.nullable(RecurrenceRule), null),
  selfService: v.optional(v.boolean(), false),
});
const PatchTemplate = v.strictObject({
  version: Int(0, 1e9),
  kind: v.optional(v.picklist(['work', 'task'])),
  title: v.optional(RequiredText(200)),
  description: v.optional(Text(10_000)),
  tasks: v.optional(Tasks),
  recurrence: v.optional(v.nullable(RecurrenceRule)),
  selfService: v.optional(v.boolean()),
});
const ApplyTemplate = v.strictObject({
  clientIds: v.pipe(
    v.array(id('cli')),
    v.minLength(1, 'Name at least one client'),
    v.maxLength(MAX_APPLY_CLIENTS, `At most ${MAX_APPLY_CLIENTS} clients at once`),
    v.check((ids) => new Set(ids).size === ids.length, 'A client is named twice'),
  ),
  startDate: CalendarDate,
  title: v.optional(RequiredText(200)),
});
const TemplateIdParam = v.object({ id: id('tpl') });
const ListQuery = v.object({ ...pageQuery(), kind: v.optional(v.picklist(['work', 'task'])), q: v.optional(Text(200)) });
const VersionQuery = v.object({ version: v.pipe(v.string(), v.regex(/^\d{1,9}$/, 'The version you read'), v.transform(Number)) });

const refused = (path: string, message: string) => new ApiError(400, 'validation_failed', 'The request body is not valid', [{ path, message }]);
const stale = () => conflict('The template changed meanwhile; reload and try again');

function checkTemplate(template: { kind: 'work' | 'task'; tasks: TemplateTask[]; recurrence: Recurrence | null }, today: string) {
  const problem = templateProblem(template, today);
  if (problem) throw refused(problem.path, problem.message);
}

/** Work and single-task templates: client sections of tasks with due and sending offsets from a start date. */
export const templateRoutes = new Hono<AppEnv>()
  .get('/', op('templates', 'Templates, by title', { caller: 'staff' }), validate('query', ListQuery), async (c) => {
    const { limit, cursor, ...filter } = c.req.valid('query');
    return c.json(await listTemplates(c.get('deps').db, c.get('staff').firmId, filter, { limit, after: cursor }));
  })
  .post(
    '/',
    op('templates', 'Create a template', {
      caller: 'staff',
      ok: 201,
      description:
        'Each task\'s `checklist` takes texts and `{ text, requestsFile }` as a task\'s does: an entry that asks for a file becomes a document request on every task made from the template ' +
        '(answered back as `{ text, requestsFile: true }`; other entries as plain texts). ' +
        'Refused with 400: no tasks, a single-task template with other than one task, a task due before its sending date, a recurrence that never repeats.',
    }),
    validate('json', CreateTemplate),
    async (c) => {
      const { db, clock } = c.get('deps');
      const staff = c.get('staff');
      const input: TemplateInput = c.req.valid('json');
      const now = clock.now();
      checkTemplate(input, todayIn(staff.timezone, now));
      const templateId = await createTemplate(db, staff, input, now);
      return c.json((await getTemplate(db, staff.firmId, templateId))!, 201);
    },
  )
  .get('/:id', op('templates', 'One template', { caller: 'staff', errors: [404] }), validate('param', TemplateIdParam), async (c) => {
    const template = await getTemplate(c.get('deps').db, c.get('staff').firmId, c.req.valid('param').id);
    if (!template) throw notFound('No such template');
    return c.json(template);
  })
  .patch(
    '/:id',
    op('templates', 'Change a template (compare-and-set on version)', { caller: 'staff', errors: [404, 409] }),
    validate('param', TemplateIdParam),
    validate('json', PatchTemplate),
    async (c) => {
      const { db, clock } = c.get('deps');
      const staff = c.get('staff');
      const templateId = c.req.valid('param').id;
      const { version, ...change } = c.req.valid('json');
      const row = await findTemplateRow(db, staff.firmId, templateId);
      if (!row) throw notFound('No such template');
      const now = clock.now();
      checkTemplate({ kind: change.kind ?? row.kind, tasks: change.tasks ?? row.tasks, recurrence: change.recurrence === undefined ? row.recurrence : change.recurrence }, todayIn(staff.timezone, now));
      if (row.version !== version || (await updateTemplate(db, staff, templateId, version, change, now)) === 'stale') throw stale();
      return c.json((await getTemplate(db, staff.firmId, templateId))!);
    },
  )
  .delete(
    '/:id',
    op('templates', 'Delete a template (works made from it stay)', { caller: 'staff', ok: 204, errors: [404, 409] }),
    validate('param', TemplateIdParam),
    validate('query', VersionQuery),
    async (c) => {
      const { db, clock } = c.get('deps');
      const staff = c.get('staff');
      const templateId = c.req.valid('param').id;
      if (!(await findTemplateRow(db, staff.firmId, templateId))) throw notFound('No such template');
      const now = clock.now();
      if ((await updateTemplate(db, staff, templateId, c.req.valid('query').version, { deletedAt: now }, now)) === 'stale') throw stale();
      return c.body(null, 204);
    },
  )
  .get(
    '/:id/preview',
    op('templates', 'What the client will see for a start date: sections of tasks with due and sending dates', { caller: 'staff', errors: [404] }),
    validate('param', TemplateIdParam),
    validate('query', v.object({ startDate: CalendarDate })),
    async (c) => {
      const staff = c.get('staff');
      const row = await findTemplateRow(c.get('deps').db, staff.firmId, c.req.valid('param').id);
      if (!row) throw notFound('No such template');
      return c.json(previewTemplate(row.tasks, c.req.valid('query').startDate, todayIn(staff.timezone, c.get('deps').clock.now())));
    },
  )
  .post(
    '/:id/apply',
    op('templates', 'Create from template for 1 to 1000 clients at once, with a start date', {
      caller: 'staff',
      ok: 201,
      errors: [404],
      description:
        'Per client: a work (work template) and its tasks, or one task (single-task template). Each task is assigned now (`immediate`), ' +
        'at the morning hour (MORNING_HOUR) of start date + days in the firm\'s timezone (`offset`; at once when that moment has passed), ' +
        'or left a draft for "Send to client" (`manual`). A repeating template also makes each next work at the morning hour of the current one\'s start date. ' +
        'One batch: any client that is not the firm\'s answers 404 and nothing is created for anyone.',
    }),
    validate('param', TemplateIdParam),
    validate('json', ApplyTemplate),
    async (c) => {
      const { db, clock, config, scheduler } = c.get('deps');
      const staff = c.get('staff');
      const input = c.req.valid('json');
      const template = await findTemplateRow(db, staff.firmId, c.req.valid('param').id);
      if (!template) throw notFound('No such template');
      const known = await firmClientIds(db, staff.firmId, input.clientIds);
      if (known.size !== input.clientIds.length) throw notFound('No such client');
      if (template.kind === 'work' && template.recurrence) {
        const problem = recurrenceProblem(template.recurrence, input.startDate);
        if (problem) throw refused('startDate', problem);
      }
      const now = clock.now();
      const { items, wakeAt } = await startTemplateWork(db, config, {
        firmId: staff.firmId,
        timezone: staff.timezone,
        now,
        template,
        clientIds: input.clientIds,
        startDate: input.startDate,
        title: input.title ?? (template.kind === 'work' ? template.title : template.tasks[0]!.title),
        actor: staff,
      });
      if (wakeAt !== null) await scheduler.wake(wakeAt, template.id);
      return c.json({ items }, 201);
    },
  );

import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { ApiError, conflict, notFound } from '../errors.ts';
import {
  deleteFile,
  downloadUrl,
  findFileById,
  findFirmFile,
  findPortalFile,
  findRequestTarget,
  requestReadable,
  findTaskTarget,
  firmFileViews,
  listFiles,
  portalFileView,
  recordFile,
  type FileFilters,
  type FileTarget,
  type TargetProblem,
} from '../data/files.ts';
import { emptyFile, receiveBlob, refused, tooLarge } from '../data/uploads.ts';
import { findClient, findWork } from '../data/firm-tasks.ts';
import type { Caller, ContactCaller } from '../domain/caller.ts';
import { CLIENT_DELETE_WINDOW_MS, cleanFileName, MAX_FILE_BYTES } from '../domain/files.ts';
import { verify } from '../lib/signing.ts';
import { requireContact, requireStaff } from '../middleware/auth.ts';
import { validate } from '../middleware/validate.ts';
import { op } from './openapi.ts';
import { pageQuery } from './paging.ts';
import { id, Text } from './schemas.ts';

const TaskFileParam = v.object({ id: id('tsk'), name: v.string() });
const RequestFileParam = v.object({ id: id('req'), name: v.string() });
const ItemQuery = v.object({ item: v.optional(id('chk')) });
const FirmUploadQuery = v.object({ ...ItemQuery.entries, for: v.optional(v.picklist(['client', 'internal'])) });
const FileIdParam = v.object({ id: id('fil') });
const PageQuery = v.object(pageQuery());
const WorkId = v.pipe(v.string(), v.regex(/^[a-z]{2,5}_[a-z0-9]{1,40}$/, 'Not a work id'));
const FirmFilesQuery = v.object({
  ...pageQuery(),
  clientId: v.optional(id('cli')),
  workId: v.optional(WorkId),
  taskId: v.optional(id('tsk')),
  requestId: v.optional(id('req')),
  itemId: v.optional(id('chk')),
  q: v.optional(v.pipe(Text(200), v.transform((s) => s || undefined))),
  deleted: v.optional(v.pipe(v.picklist(['1', '0', 'true', 'false']), v.transform((s) => s === '1' || s === 'true'))),
});
const DownloadQuery = v.object({
  expires: v.pipe(v.string(), v.regex(/^\d{1,15}$/, 'The expiry of the link'), v.transform(Number)),
  signature: v.pipe(v.string(), v.maxLength(128)),
});

const UPLOAD_DOC =
  'The raw file is the body (any Content-Type; the type is sniffed from the bytes). Streamed: over 10 MB is refused with 413 `file_too_large` as soon as it passes the limit, ' +
  'with or without Content-Length; 400 `empty_file`, 400 `bad_name` (a `..` segment, control or right-to-left override characters, over 255 characters; a path is stripped); ' +
  '415 `type_not_allowed` (only PDF, JPEG, PNG, HEIC/HEIF, WebP, TIFF, docx, xlsx, odt, ods, CSV, plain UTF-8 text, XML e-invoices and ZIP, and the name\'s ending must fit the bytes). ' +
  'An identical file (same SHA-256) already there answers 200 with that file and `"duplicate": true`; nothing is stored twice. Nothing is kept from a refused upload.';

const FILE_DOC =
  'A file: `id, name, size, type` (sniffed), `createdAt`, `taskId`, `checklistItemId`, `requestId`, `review` (null, or `{ state: pending|accepted|rejected, reason }` on a document request), ' +
  '`downloadUrl` (signed, valid about 5 minutes; no Authorization needed).';

/** What a target lookup's problem answers. */
function assertTarget<T extends FileTarget>(target: T | TargetProblem): T {
  if (target === 'missing') throw notFound('No such task');
  if (target === 'item_missing') throw notFound('No such checklist item on this task');
  if (target === 'item_not_document_request') throw new ApiError(409, 'item_not_document_request', 'This checklist item does not ask for a file');
  return target;
}

/** A document request's version is the client's: a file for an internal note cannot be one. */
export const forInternalOnItem = () =>
  new ApiError(400, 'validation_failed', 'The request is not valid', [{ path: 'for', message: 'A file for an internal note cannot answer a document request' }]);

/** The name from the path, cleaned, or 400 `bad_name`. */
export function nameOrRefuse(raw: string): string {
  const clean = cleanFileName(raw);
  if (!clean.ok) throw refused(clean);
  return clean.name;
}

/** Refuses what Content-Length already tells, before a byte is read. */
function assertDeclaredLength(c: Context) {
  const declared = c.req.header('content-length');
  if (declared === undefined) return;
  if (Number(declared) > MAX_FILE_BYTES) throw tooLarge();
  if (Number(declared) === 0) throw emptyFile();
}

/** Receives the body onto `target`: 201 with the new file, or 200 with the identical one already there. */
async function upload(c: Context<AppEnv>, caller: Caller, target: FileTarget, name: string) {
  const { db, blobs, clock } = c.get('deps');
  const blob = await receiveBlob(blobs, c.req.raw.body, name);
  return recordFile(db, blobs, caller, target, name, blob, clock.now());
}

const linkFor = (c: Context<AppEnv>) => (f: { firmId: string; id: string }) => {
  const { config, clock } = c.get('deps');
  return downloadUrl(config.publicUrl, config.signingSecret, f, clock.now());
};

async function portalView(c: Context<AppEnv>, caller: ContactCaller, file: Parameters<typeof portalFileView>[0]) {
  return portalFileView(file, caller, c.get('deps').clock.now(), await linkFor(c)(file));
}

/** A page of files as the portal lists them. */
async function portalPage(c: Context<AppEnv>, caller: ContactCaller, filters: FileFilters, page: { limit: number; cursor?: unknown }) {
  const { rows, next } = await listFiles(c.get('deps').db, caller.firmId, { ...filters, portal: caller }, { limit: page.limit, after: page.cursor as [number, string] | undefined });
  return { items: await Promise.all(rows.map((r) => portalView(c, caller, r))), nextCursor: next };
}

async function firmPage(c: Context<AppEnv>, firmId: string, filters: FileFilters, page: { limit: number; cursor?: unknown }) {
  const { db } = c.get('deps');
  const { rows, next } = await listFiles(db, firmId, { ...filters, staff: c.get('staff') }, { limit: page.limit, after: page.cursor as [number, string] | undefined });
  return { items: await firmFileViews(db, rows, linkFor(c)), nextCursor: next };
}

/** Sets `contact` unless the portal's own guard already did (the order the sub-apps are mounted in does not matter). */
const contactOnce: typeof requireContact = (c, next) => (c.get('contact') ? next() : requireContact(c, next));
const staffOnce: typeof requireStaff = (c, next) => (c.get('staff') ? next() : requireStaff(c, next));

/** Files on the client side (mounted under /api/v1/portal): only on tasks and requests the contact may see. */
export const portalFileRoutes = new Hono<AppEnv>()
  .use('/tasks/:id/files/*', contactOnce)
  .use('/tasks/:id/files', contactOnce)
  .use('/requests/:id/files/*', contactOnce)
  .use('/requests/:id/files', contactOnce)
  .use('/files/*', contactOnce)
  .put(
    '/tasks/:id/files/:name',
    op('files', 'Upload a file to a task (or, with `item`, to one of its document requests)', {
      caller: 'contact',
      ok: 201,
      errors: [400, 404, 409, 413, 415],
      description: `${UPLOAD_DOC} 404 for a task the contact cannot see (withdrawn, of a completed work, another firm's). 409 \`item_not_document_request\` for an item that does not ask for a file; on one that does, the item is done. ${FILE_DOC}`,
    }),
    validate('param', TaskFileParam),
    validate('query', ItemQuery),
    async (c) => {
      const caller = c.get('contact');
      const { id: taskId, name: raw } = c.req.valid('param');
      assertDeclaredLength(c);
      const name = nameOrRefuse(raw);
      const target = assertTarget(await findTaskTarget(c.get('deps').db, caller, taskId, c.req.valid('query').item));
      const { file, duplicate } = await upload(c, caller, target, name);
      const view = await portalView(c, caller, file);
      return duplicate ? c.json({ ...view, duplicate: true }, 200) : c.json(view, 201);
    },
  )
  .put(
    '/requests/:id/files/:name',
    op('files', 'Upload a file to one of the contact\'s requests', {
      caller: 'contact',
      ok: 201,
      errors: [400, 404, 413, 415],
      description: `${UPLOAD_DOC} 404 for a request that is not the contact's. ${FILE_DOC}`,
    }),
    validate('param', RequestFileParam),
    async (c) => {
      const caller = c.get('contact');
      const { id: requestId, name: raw } = c.req.valid('param');
      assertDeclaredLength(c);
      const name = nameOrRefuse(raw);
      const target = await findRequestTarget(c.get('deps').db, caller, requestId);
      if (target === 'missing') throw notFound('No such request');
      const { file, duplicate } = await upload(c, caller, target, name);
      const view = await portalView(c, caller, file);
      return duplicate ? c.json({ ...view, duplicate: true }, 200) : c.json(view, 201);
    },
  )
  .get(
    '/tasks/:id/files',
    op('files', "A task's files, newest first", { caller: 'contact', errors: [404], description: `${FILE_DOC} \`uploadedByMe\`, and \`deletableUntil\` (ms) on the contact's own upload in its first 30 minutes.` }),
    validate('param', v.object({ id: id('tsk') })),
    validate('query', PageQuery),
    async (c) => {
      const caller = c.get('contact');
      const taskId = c.req.valid('param').id;
      if ((await findTaskTarget(c.get('deps').db, caller, taskId)) === 'missing') throw notFound('No such task');
      return c.json(await portalPage(c, caller, { taskId }, c.req.valid('query')));
    },
  )
  .get(
    '/requests/:id/files',
    op('files', "A request's files, newest first", { caller: 'contact', errors: [404], description: FILE_DOC }),
    validate('param', v.object({ id: id('req') })),
    validate('query', PageQuery),
    async (c) => {
      const caller = c.get('contact');
      const requestId = c.req.valid('param').id;
      if (!(await requestReadable(c.get('deps').db, caller, requestId))) throw notFound('No such request');
      return c.json(await portalPage(c, caller, { requestId }, c.req.valid('query')));
    },
  )
  .delete(
    '/files/:id',
    op('files', 'Delete your own upload, within 30 minutes of its arrival', {
      caller: 'contact',
      ok: 204,
      errors: [403, 404],
      description:
        '403 `not_your_file` for another\'s upload, 403 `delete_window_passed` after 30 minutes (then it belongs to the firm\'s record); 404 for a file the contact cannot see. ' +
        'On a document request, the item is no longer done unless another version remains.',
    }),
    validate('param', FileIdParam),
    async (c) => {
      const { db, blobs, clock } = c.get('deps');
      const caller = c.get('contact');
      const file = await findPortalFile(db, caller, c.req.valid('param').id);
      if (!file) throw notFound('No such file');
      if (file.uploadedByType !== 'contact' || file.uploadedById !== caller.contactId) throw new ApiError(403, 'not_your_file', 'Only files you uploaded yourself can be deleted here');
      const now = clock.now();
      if (now >= file.createdAt + CLIENT_DELETE_WINDOW_MS) throw new ApiError(403, 'delete_window_passed', 'Files can be deleted for 30 minutes after they arrive; ask the firm to remove it');
      await deleteFile(db, blobs, caller, file, now);
      return c.body(null, 204);
    },
  );

/** Files on the firm side (mounted under /api/v1/firm): all the firm's. */
export const firmFileRoutes = new Hono<AppEnv>()
  .use('/tasks/:id/files/*', staffOnce)
  .use('/tasks/:id/files', staffOnce)
  .use('/files', staffOnce)
  .use('/files/*', staffOnce)
  .put(
    '/tasks/:id/files/:name',
    op('files', 'Upload a file to a task (or, with `item`, to one of its document requests)', {
      caller: 'staff',
      ok: 201,
      errors: [400, 404, 409, 413, 415],
      description:
        `${UPLOAD_DOC} By default the file is for the client (they see it on the task); \`for=internal\` makes it a file for an internal note: ` +
        `never shown to the client, before or after it is attached, and it cannot answer a document request (400 with \`item\`). ${FILE_DOC} Also \`internal\`.`,
    }),
    validate('param', TaskFileParam),
    validate('query', FirmUploadQuery),
    async (c) => {
      const caller = c.get('staff');
      const { id: taskId, name: raw } = c.req.valid('param');
      const { item, for: audience } = c.req.valid('query');
      const internal = audience === 'internal';
      if (internal && item) throw forInternalOnItem();
      assertDeclaredLength(c);
      const name = nameOrRefuse(raw);
      const target = { ...assertTarget(await findTaskTarget(c.get('deps').db, caller, taskId, item)), internal };
      const { file, duplicate } = await upload(c, caller, target, name);
      const [view] = await firmFileViews(c.get('deps').db, [file], linkFor(c));
      return duplicate ? c.json({ ...view!, duplicate: true }, 200) : c.json(view!, 201);
    },
  )
  .get(
    '/files',
    op('files', "The firm's files, newest first, filtered", {
      caller: 'staff',
      errors: [404],
      description:
        'Filters: `clientId`, `workId`, `taskId`, `requestId`, `itemId` (a document request), `q` (a piece of the name), `deleted=1` (deleted files only, without downloadUrl). ' +
        `A client or work that is not the firm's answers 404. ${FILE_DOC} Also \`clientId, workId, sha256, internal\` (a staff upload for an internal note, never shown to the client), \`uploadedBy: { type, id, name }, deletedAt\`.`,
    }),
    validate('query', FirmFilesQuery),
    async (c) => {
      const { db } = c.get('deps');
      const { firmId } = c.get('staff');
      const { limit, cursor, ...filters } = c.req.valid('query');
      if (filters.clientId && !(await findClient(db, firmId, filters.clientId))) throw notFound('No such client');
      if (filters.workId && !(await findWork(db, firmId, filters.workId))) throw notFound('No such work');
      return c.json(await firmPage(c, firmId, filters, { limit, cursor }));
    },
  )
  .get(
    '/tasks/:id/files',
    op('files', "A task's files, newest first", { caller: 'staff', errors: [404], description: FILE_DOC }),
    validate('param', v.object({ id: id('tsk') })),
    validate('query', PageQuery),
    async (c) => {
      const caller = c.get('staff');
      const taskId = c.req.valid('param').id;
      if ((await findTaskTarget(c.get('deps').db, caller, taskId)) === 'missing') throw notFound('No such task');
      return c.json(await firmPage(c, caller.firmId, { taskId }, c.req.valid('query')));
    },
  )
  .delete(
    '/files/:id',
    op('files', 'Delete a file (kept in history)', {
      caller: 'staff',
      ok: 204,
      errors: [404],
      description:
        'The file leaves every list and its links stop working, and its bytes are removed from storage; `?deleted=1` still lists it (name, size, SHA-256), with who deleted it and when, and the task\'s history says so.',
    }),
    validate('param', FileIdParam),
    async (c) => {
      const { db, blobs, clock } = c.get('deps');
      const caller = c.get('staff');
      const file = await findFirmFile(db, caller.firmId, c.req.valid('param').id, caller);
      if (!file) throw notFound('No such file');
      if (!(await deleteFile(db, blobs, caller, file, clock.now()))) throw conflict('The file was deleted meanwhile');
      return c.body(null, 204);
    },
  );

/** `filename="…"` for old clients (ASCII, no quotes) and `filename*` with the real name. */
export function contentDisposition(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\%;]/g, '_').trim() || 'download';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

const invalidLink = () => new ApiError(403, 'download_link_invalid', 'This download link is not valid; open the file again from the portal or console');

/** Downloads by signed link (an `<a href>`: no Authorization), mounted under /api/v1/files. */
export const downloadRoutes = new Hono<AppEnv>().get(
  '/:id/download',
  op('files', 'Download a file by its signed link', {
    errors: [403, 404],
    description:
      'The link comes as `downloadUrl` in file answers: its signature binds the firm, the file and the expiry (about 5 minutes). 403 `download_link_invalid` (altered, or for another file or firm), ' +
      '403 `download_link_expired`, 404 for a deleted file. Served as an attachment with the original name, `X-Content-Type-Options: nosniff` and `Content-Security-Policy: sandbox`.',
  }),
  validate('param', FileIdParam),
  validate('query', DownloadQuery),
  async (c) => {
    const { db, blobs, config, clock } = c.get('deps');
    const fileId = c.req.valid('param').id;
    const { expires, signature } = c.req.valid('query');
    const file = await findFileById(db, fileId);
    if (!file || !(await verify(config.signingSecret, ['download', file.firmId, file.id, expires], signature))) throw invalidLink();
    if (clock.now() > expires) throw new ApiError(403, 'download_link_expired', 'This download link has expired; open the file again from the portal or console');
    if (file.deletedAt !== null) throw notFound('This file was deleted');
    c.set('firmId', file.firmId);
    return c.body(await blobs.get(file.blobKey), 200, {
      'Content-Type': file.type,
      'Content-Length': String(file.size),
      'Content-Disposition': contentDisposition(file.name),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': 'sandbox',
    });
  },
);



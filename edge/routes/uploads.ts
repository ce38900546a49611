import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { ApiError, notFound } from '../errors.ts';
import { findRequestTarget, findTaskTarget, type FileTarget } from '../data/files.ts';
import { completeUpload, createUpload, findUpload, patchUpload, removeUpload, UPLOAD_TTL_MS } from '../data/resumable-uploads.ts';
import { emptyFile, tooLarge } from '../data/uploads.ts';
import type { Caller } from '../domain/caller.ts';
import { MAX_FILE_BYTES } from '../domain/files.ts';
import { requireContact, requireStaff } from '../middleware/auth.ts';
import { validate } from '../middleware/validate.ts';
import { op } from './openapi.ts';
import { nameOrRefuse } from './files.ts';

/**
 * Resumable uploads, the tus 1.0.0 protocol (core, creation, termination,
 * expiration), with our own small handler rather than `@tus/server` (2.x):
 * its `handleWeb(Request)` would fit Hono, but its DataStore writes from a
 * Node `stream.Readable`, it keeps uploads in its own config/KV store rather
 * than our tenant-scoped `uploads` table, its default locker is in-process
 * memory (one instance only; we need a compare-and-set in the database), and
 * sniffing the first bytes, the visibility rule on the target and our error
 * envelope would all be hooks around it. What the protocol needs here is
 * about as long as that glue.
 */
const TUS_VERSION = '1.0.0';
const TUS_HEADERS = { 'Tus-Resumable': TUS_VERSION };
const UploadIdParam = v.object({ id: v.pipe(v.string(), v.regex(/^upl_[a-z0-9]{1,40}$/, 'Not an upload id')) });
const ID = { task: /^tsk_[a-z0-9]{1,40}$/, request: /^req_[a-z0-9]{1,40}$/, item: /^chk_[a-z0-9]{1,40}$/ };

const badMetadata = (message: string) => new ApiError(400, 'bad_metadata', message);

/** `Upload-Metadata: key base64,key base64`: the pairs, decoded as UTF-8. */
export function parseMetadata(header: string | undefined): Map<string, string> {
  const pairs = new Map<string, string>();
  if (!header) return pairs;
  for (const pair of header.split(',')) {
    const [key, value = '', extra] = pair.trim().split(' ');
    if (!key || extra !== undefined || !/^[\x21-\x7e]+$/.test(key) || pairs.has(key)) throw badMetadata('Upload-Metadata must be "key base64" pairs separated by commas');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) throw badMetadata(`Upload-Metadata: the value of ${key} is not base64`);
    try {
      pairs.set(key, new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(value), (ch) => ch.charCodeAt(0))));
    } catch {
      throw badMetadata(`Upload-Metadata: the value of ${key} is not UTF-8 text`);
    }
  }
  return pairs;
}

function assertTus(c: Context) {
  if (c.req.header('tus-resumable') !== TUS_VERSION) throw new ApiError(412, 'bad_request', `Send Tus-Resumable: ${TUS_VERSION}`, undefined, { 'Tus-Version': TUS_VERSION });
}

/** A whole number header, or undefined when absent; anything else is 400. */
function integerHeader(c: Context, name: string): number | undefined {
  const value = c.req.header(name);
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value)) throw new ApiError(400, 'bad_request', `${name} must be a whole number of bytes`);
  return Number(value);
}

/** What the metadata names as the upload's target, checked for the caller. */
async function targetOf(c: Context<AppEnv>, caller: Caller, meta: Map<string, string>): Promise<FileTarget> {
  const { db } = c.get('deps');
  const task = meta.get('task');
  const request = meta.get('request');
  const item = meta.get('item');
  if ((task === undefined) === (request === undefined)) throw badMetadata('Upload-Metadata must name either a task or a request');
  if ((task !== undefined && !ID.task.test(task)) || (request !== undefined && !ID.request.test(request)) || (item !== undefined && (!ID.item.test(item) || task === undefined))) {
    throw badMetadata('Upload-Metadata names a task, request or item that is not one');
  }
  // `internal` (staff only, any value): the file is for an internal note, never shown to the client.
  const internal = meta.has('internal');
  if (internal && caller.kind === 'contact') throw badMetadata('Upload-Metadata: only staff upload files for internal notes');
  if (internal && item !== undefined) throw badMetadata('Upload-Metadata: a file for an internal note cannot answer a document request');
  if (request !== undefined) {
    const target = await findRequestTarget(db, caller, request);
    if (target === 'missing') throw notFound('No such request');
    return { ...target, internal };
  }
  const target = await findTaskTarget(db, caller, task!, item);
  if (target === 'missing') throw notFound('No such task');
  if (target === 'item_missing') throw notFound('No such checklist item on this task');
  if (target === 'item_not_document_request') throw new ApiError(409, 'item_not_document_request', 'This checklist item does not ask for a file');
  return { ...target, internal };
}

const httpDate = (ms: number) => new Date(ms).toUTCString();

/** What a finished upload answers: the file it became, and whether that was an identical one already there. */
const fileHeaders = (result: { fileId: string; duplicate: boolean }): Record<string, string> =>
  result.duplicate ? { 'Portico-File-Id': result.fileId, 'Portico-Duplicate': '1' } : { 'Portico-File-Id': result.fileId };

/** The tus endpoints for one side: `contact` under /api/v1/portal/uploads, `staff` under /api/v1/firm/uploads. */
function tusRoutes(side: 'contact' | 'staff') {
  const guard = side === 'contact' ? requireContact : requireStaff;
  const callerOf = (c: Context<AppEnv>): Caller => (side === 'contact' ? c.get('contact') : c.get('staff'));
  const tag = 'uploads';
  const caller = side;
  return new Hono<AppEnv>()
    .options('/', op(tag, 'What this tus server supports', { ok: 204 }), (c) =>
      c.body(null, 204, { ...TUS_HEADERS, 'Tus-Version': TUS_VERSION, 'Tus-Extension': 'creation,termination,expiration', 'Tus-Max-Size': String(MAX_FILE_BYTES) }),
    )
    .options('/:id', (c) => c.body(null, 204, { ...TUS_HEADERS, 'Tus-Version': TUS_VERSION, 'Tus-Extension': 'creation,termination,expiration', 'Tus-Max-Size': String(MAX_FILE_BYTES) }))
    .post(
      '/',
      op(tag, 'Start a resumable upload (tus creation)', {
        caller,
        ok: 201,
        errors: [400, 404, 409, 412, 413],
        description:
          'Headers: `Tus-Resumable: 1.0.0`, `Upload-Length`, `Upload-Metadata: filename <b64>,task <b64>[,item <b64>]` or `filename <b64>,request <b64>`; ' +
          'staff may add `internal` (a file for an internal note, never shown to the client; not with `item`). ' +
          'Answers 201 with `Location` (the upload\'s URL), `Upload-Expires`. 413 `file_too_large` over 10 MB, 400 `empty_file`, `bad_name`, `bad_metadata`; ' +
          '404 for a target the caller cannot see; 409 `item_not_document_request`.',
      }),
      guard,
      async (c) => {
        assertTus(c);
        const { db, clock, config } = c.get('deps');
        const length = integerHeader(c, 'upload-length');
        if (length === undefined) throw new ApiError(400, 'bad_request', 'Upload-Length is required (deferred lengths are not supported)');
        if (length > MAX_FILE_BYTES) throw tooLarge();
        if (length === 0) throw emptyFile();
        const meta = parseMetadata(c.req.header('upload-metadata'));
        const filename = meta.get('filename') ?? meta.get('name');
        if (filename === undefined) throw badMetadata('Upload-Metadata must carry the filename');
        const name = nameOrRefuse(filename);
        const who = callerOf(c);
        const target = await targetOf(c, who, meta);
        const upload = await createUpload(db, who, target, name, length, clock.now());
        const base = side === 'contact' ? 'portal' : 'firm';
        return c.body(null, 201, { ...TUS_HEADERS, Location: `${config.publicUrl}/api/v1/${base}/uploads/${upload.id}`, 'Upload-Expires': httpDate(upload.expiresAt) });
      },
    )
    // Hono answers HEAD with the GET route (without the body): so GET answers the same.
    .get(
      '/:id',
      op(tag, 'How much of a resumable upload the server has (tus HEAD)', {
        caller,
        errors: [404],
        description:
          'Answers `Upload-Offset` and `Upload-Length` headers; 404 when unknown, expired or another caller\'s. Once every byte is in it also answers `Portico-File-Id` (and `Portico-Duplicate: 1`): ' +
          'an upload whose last PATCH was cut off before the file was recorded is finished here.',
      }),
      guard,
      validate('param', UploadIdParam),
      async (c) => {
        const deps = c.get('deps');
        const who = callerOf(c);
        const upload = await findUpload(deps.db, who, c.req.valid('param').id, deps.clock.now());
        if (!upload) return c.body(null, 404, { ...TUS_HEADERS, 'Cache-Control': 'no-store' });
        const headers: Record<string, string> = {
          ...TUS_HEADERS,
          'Upload-Offset': String(upload.offset),
          'Upload-Length': String(upload.length),
          'Upload-Expires': httpDate(upload.expiresAt),
          'Cache-Control': 'no-store',
        };
        if (upload.offset === upload.length) Object.assign(headers, fileHeaders(await completeUpload(deps, who, upload, deps.clock.now())));
        return c.body(null, 200, headers);
      },
    )
    .patch(
      '/:id',
      op(tag, 'Send bytes of a resumable upload (tus core)', {
        caller,
        ok: 204,
        errors: [400, 404, 409, 412, 413, 415],
        description:
          'Headers: `Tus-Resumable`, `Content-Type: application/offset+octet-stream`, `Upload-Offset` (the server\'s, from HEAD). Answers 204 with the new `Upload-Offset`. ' +
          '409 `offset_mismatch`; 413 `file_too_large` past `Upload-Length` (counted as the bytes arrive); 415 `type_not_allowed` as soon as the first bytes show the type (the upload is cancelled). ' +
          'A connection that breaks keeps what arrived. The PATCH with the last byte answers `Portico-File-Id`, and `Portico-Duplicate: 1` when an identical file was already there (its id is the one answered). ' +
          'An empty PATCH at the full length finishes an upload whose last PATCH was cut off before the file was recorded, and answers the same again afterwards.',
      }),
      guard,
      validate('param', UploadIdParam),
      async (c) => {
        assertTus(c);
        const deps = c.get('deps');
        if ((c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase() !== 'application/offset+octet-stream') {
          throw new ApiError(415, 'unsupported_media_type', 'Send the bytes with Content-Type: application/offset+octet-stream');
        }
        const offset = integerHeader(c, 'upload-offset');
        if (offset === undefined) throw new ApiError(400, 'bad_request', 'Upload-Offset is required');
        const who = callerOf(c);
        const upload = await findUpload(deps.db, who, c.req.valid('param').id, deps.clock.now());
        if (!upload) throw notFound('No such upload');
        if (offset !== upload.offset) throw new ApiError(409, 'offset_mismatch', `The server has ${upload.offset} bytes of this upload; go on from there`, undefined, { 'Upload-Offset': String(upload.offset) });
        const declared = integerHeader(c, 'content-length');
        if (declared !== undefined && declared > upload.length - upload.offset) throw tooLarge();
        const result = await patchUpload(deps, who, upload, c.req.raw.body, () => deps.clock.now());
        const headers: Record<string, string> = { ...TUS_HEADERS, 'Upload-Offset': String(result.offset) };
        if (result.kind === 'complete') Object.assign(headers, fileHeaders(result));
        else headers['Upload-Expires'] = httpDate(deps.clock.now() + UPLOAD_TTL_MS);
        return c.body(null, 204, headers);
      },
    )
    .delete(
      '/:id',
      op(tag, 'Cancel a resumable upload (tus termination)', { caller, ok: 204, errors: [404, 412], description: 'Its stored bytes are removed.' }),
      guard,
      validate('param', UploadIdParam),
      async (c) => {
        assertTus(c);
        const { db, blobs, clock } = c.get('deps');
        const upload = await findUpload(db, callerOf(c), c.req.valid('param').id, clock.now());
        if (!upload || upload.fileId) throw notFound('No such upload');
        await removeUpload(db, blobs, upload);
        return c.body(null, 204, TUS_HEADERS);
      },
    );
}

/** Mounted before the portal and firm apps: OPTIONS answers without a session (tus discovery); every other method signs the caller in itself. */
export const portalUploadRoutes = tusRoutes('contact');
export const firmUploadRoutes = tusRoutes('staff');

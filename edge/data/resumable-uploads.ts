import { and, asc, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { files, uploads } from '../../db/schema.ts';
import type { Caller } from '../domain/caller.ts';
import { MAX_FILE_BYTES, SNIFF_BYTES } from '../domain/files.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import { actorColumns } from './activity.ts';
import { findTaskTarget, recordFile, type FileTarget } from './files.ts';
import { ApiError } from '../errors.ts';
import { concat, receiveBlob, sniff, tooLarge } from './uploads.ts';

/**
 * Resumable uploads (tus 1.0.0): the `uploads` row says how long the file
 * will be and how many bytes are stored; each PATCH's bytes are one part in
 * the blob store, `uploads/<id>/<offset>-<random>`, and the parts are joined
 * into the file, streaming, once the last byte is in. A PATCH commits its
 * part with a compare-and-set on the offset, so of two PATCHes at the same
 * offset one wins and the other's part is removed (no lock that only one
 * instance would see). Abandoned uploads expire a day after their last byte.
 */
export const UPLOAD_TTL_MS = 24 * 3_600_000;

export type UploadRow = typeof uploads.$inferSelect;

export async function createUpload(db: Db, caller: Caller, target: FileTarget, name: string, length: number, now: number): Promise<UploadRow> {
  const id = newId('upl');
  const actor = actorColumns(caller);
  const [row] = await db
    .insert(uploads)
    .values({
      id,
      firmId: target.firmId,
      clientId: target.clientId,
      taskId: target.taskId,
      checklistItemId: target.checklistItemId,
      requestId: target.requestId,
      internal: target.internal,
      name,
      length,
      offset: 0,
      blobPrefix: `uploads/${id}`,
      uploadedByType: actor.actorType as 'member' | 'contact' | 'apikey',
      uploadedById: actor.actorId!,
      expiresAt: now + UPLOAD_TTL_MS,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return row!;
}

/** The caller's own upload, not expired; undefined for anyone else's (a 404). */
export async function findUpload(db: Db, caller: Caller, id: string, now: number): Promise<UploadRow | undefined> {
  const actor = actorColumns(caller);
  const [row] = await db
    .select()
    .from(uploads)
    .where(and(eq(uploads.firmId, caller.firmId), eq(uploads.id, id), eq(uploads.uploadedByType, actor.actorType as 'contact'), eq(uploads.uploadedById, actor.actorId!)));
  return row && row.expiresAt > now ? row : undefined;
}

/** Cancels an upload: its row and every part. */
export async function removeUpload(db: Db, blobs: BlobStore, upload: Pick<UploadRow, 'id' | 'firmId' | 'blobPrefix'>) {
  await blobs.deletePrefix(`${upload.blobPrefix}/`);
  await db.delete(uploads).where(and(eq(uploads.firmId, upload.firmId), eq(uploads.id, upload.id)));
}

const partOffset = (key: string) => Number(/\/(\d+)-[a-z0-9]+$/.exec(key)?.[1] ?? -1);

/**
 * The parts that make up the first `offset` bytes, in order: at each offset
 * the part whose end leads on to `offset` (a part left by a PATCH that lost
 * its race or died before cleaning up is skipped).
 */
async function chainOf(blobs: BlobStore, upload: UploadRow, offset: number): Promise<string[]> {
  const parts = (await blobs.list(`${upload.blobPrefix}/`)).map((p) => ({ ...p, at: partOffset(p.key) }));
  const walk = (at: number): string[] | null => {
    if (at === offset) return [];
    for (const part of parts.filter((p) => p.at === at && p.size > 0 && at + p.size <= offset)) {
      const rest = walk(at + part.size);
      if (rest) return [part.key, ...rest];
    }
    return null;
  };
  const chain = walk(0);
  if (!chain) throw new Error(`Upload ${upload.id}: its parts do not add up to ${offset} bytes`);
  return chain;
}

/** The parts one after the other, read as they are needed. */
function joined(blobs: BlobStore, keys: string[]): ReadableStream<Uint8Array> {
  let index = 0;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          if (!reader) {
            if (index === keys.length) return controller.close();
            reader = (await blobs.get(keys[index++]!)).getReader();
          }
          const next = await reader.read();
          if (!next.done) return controller.enqueue(next.value);
          reader = undefined;
        }
      },
      async cancel() {
        await reader?.cancel();
      },
    },
    { highWaterMark: 0 },
  );
}

/** Up to `max` leading bytes of what is stored so far (to sniff a file whose first PATCH was short). */
async function storedHead(blobs: BlobStore, upload: UploadRow, max: number): Promise<Uint8Array> {
  if (upload.offset === 0) return new Uint8Array(0);
  const reader = joined(blobs, await chainOf(blobs, upload, upload.offset)).getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  while (length < max) {
    const next = await reader.read();
    if (next.done) break;
    chunks.push(next.value);
    length += next.value.byteLength;
  }
  await reader.cancel();
  return concat(chunks, length).subarray(0, max);
}

export type PatchResult =
  | { kind: 'stored'; offset: number }
  | { kind: 'complete'; offset: number; fileId: string; duplicate: boolean };

/**
 * One PATCH: streams the body into a new part, counting (413 past the
 * declared length) and sniffing once the first SNIFF_BYTES of the file are
 * in (415: the upload is cancelled). A body that breaks part-way keeps what
 * arrived, so HEAD answers the true offset. The part counts only if the
 * offset is still the one it started from (compare-and-set); else 409. The
 * PATCH that brings the last byte joins the parts into the file; an empty one
 * on an upload already at its length finishes it (completeUpload).
 */
export async function patchUpload(
  deps: { db: Db; blobs: BlobStore },
  caller: Caller,
  upload: UploadRow,
  body: ReadableStream<Uint8Array> | null,
  now: () => number,
): Promise<PatchResult> {
  const { db, blobs } = deps;
  if (upload.offset === upload.length) {
    // Every byte is in already: an empty PATCH finishes the upload (again), anything more passes its length.
    const reader = body?.getReader();
    const extra = reader ? await reader.read() : { done: true };
    await reader?.cancel();
    if (!extra.done) throw tooLarge();
    return completeUpload(deps, caller, upload, now());
  }
  const room = upload.length - upload.offset;
  const needHead = upload.offset < SNIFF_BYTES;
  const head = needHead ? [await storedHead(blobs, upload, SNIFF_BYTES)] : [];
  let headLength = head[0]?.byteLength ?? 0;
  let sniffed = !needHead;
  let received = 0;
  let refusal: ApiError | undefined;
  const sniffNow = async (complete: boolean) => {
    sniffed = true;
    await sniff(concat(head, headLength).subarray(0, SNIFF_BYTES), upload.name, complete);
  };
  const reader = body?.getReader();
  const held: Uint8Array[] = [];
  const source = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (held.length > 0 && sniffed) return controller.enqueue(held.shift()!);
          for (;;) {
            const next = reader ? await reader.read() : { done: true as const, value: undefined };
            if (next.done) {
              if (!sniffed && upload.offset + received === upload.length) await sniffNow(true);
              while (held.length > 0) controller.enqueue(held.shift()!);
              return controller.close();
            }
            received += next.value.byteLength;
            if (received > room) throw tooLarge();
            if (sniffed) return controller.enqueue(next.value);
            // Held back until the type is known: nothing of a refused file is written.
            head.push(next.value);
            headLength += next.value.byteLength;
            held.push(next.value);
            if (headLength >= Math.min(SNIFF_BYTES, upload.length)) {
              await sniffNow(headLength >= upload.length);
              return controller.enqueue(held.shift()!);
            }
          }
        } catch (error) {
          if (error instanceof ApiError) refusal = error;
          // A broken body: what was held still counts as arrived.
          else while (held.length > 0) controller.enqueue(held.shift()!);
          controller.error(error);
        }
      },
    },
    { highWaterMark: 0 },
  );
  const key = `${upload.blobPrefix}/${upload.offset}-${newId('p').slice(2, 12)}`;
  const { size } = await blobs.put(key, source, { keepPartial: true });
  await reader?.cancel().catch(() => {});
  if (refusal) {
    if (refusal.status === 415) await removeUpload(db, blobs, upload);
    else await blobs.delete(key);
    throw refusal;
  }
  if (size === 0) {
    await blobs.delete(key);
    return { kind: 'stored', offset: upload.offset };
  }
  const offset = upload.offset + size;
  const at = now();
  const [won] = await db
    .update(uploads)
    .set({ offset, updatedAt: at, expiresAt: at + UPLOAD_TTL_MS })
    .where(and(eq(uploads.firmId, upload.firmId), eq(uploads.id, upload.id), eq(uploads.offset, upload.offset), isNull(uploads.fileId)))
    .returning({ id: uploads.id });
  if (!won) {
    await blobs.delete(key);
    throw new ApiError(409, 'offset_mismatch', 'Another request stored these bytes first; ask for the offset (HEAD) and go on from there');
  }
  if (offset < upload.length) return { kind: 'stored', offset };
  return completeUpload(deps, caller, { ...upload, offset }, at);
}

/**
 * Finishes an upload whose bytes are all in (offset == length) and answers
 * its file. Re-runnable: the PATCH with the last byte calls it, and so does
 * a HEAD or an empty PATCH on an upload left at its full length with no
 * file (the process died in between, or the store failed). Once the file is
 * recorded it answers that file again. A refused file (its type, a target no
 * longer open to the caller) cancels the upload; any other failure keeps it
 * for the next try, having written nothing: recordFile is one batch and
 * removes its blob when that fails.
 */
export async function completeUpload(deps: { db: Db; blobs: BlobStore }, caller: Caller, upload: UploadRow, now: number): Promise<Extract<PatchResult, { kind: 'complete' }>> {
  const { db, blobs } = deps;
  const done = (fileId: string, duplicate = false) => ({ kind: 'complete' as const, offset: upload.length, fileId, duplicate });
  if (upload.fileId) return done(upload.fileId, await answeredWithDuplicate(db, upload.firmId, upload.fileId, upload.updatedAt));
  const target: FileTarget = {
    firmId: upload.firmId,
    clientId: upload.clientId,
    workId: null,
    taskId: upload.taskId,
    checklistItemId: upload.checklistItemId,
    requestId: upload.requestId,
    internal: upload.internal,
  };
  if (upload.taskId) {
    const found = await findTaskTarget(db, caller, upload.taskId, upload.checklistItemId ?? undefined);
    if (typeof found === 'string') {
      await removeUpload(db, blobs, upload);
      throw new ApiError(404, 'not_found', 'The task is no longer open to you');
    }
    target.workId = found.workId;
  }
  let blob;
  try {
    blob = await receiveBlob(blobs, joined(blobs, await chainOf(blobs, upload, upload.length)), upload.name, MAX_FILE_BYTES);
  } catch (error) {
    if (error instanceof ApiError) {
      await removeUpload(db, blobs, upload);
      throw error;
    }
    // Its parts may be gone because another request finished it meanwhile.
    const finished = await fileOfUpload(db, upload);
    if (finished) return done(finished.fileId, await answeredWithDuplicate(db, upload.firmId, finished.fileId, finished.updatedAt));
    throw error;
  }
  const { file, duplicate } = await recordFile(db, blobs, caller, target, upload.name, blob, now);
  await db.update(uploads).set({ fileId: file.id, updatedAt: now }).where(and(eq(uploads.firmId, upload.firmId), eq(uploads.id, upload.id), isNull(uploads.fileId)));
  await blobs.deletePrefix(`${upload.blobPrefix}/`);
  return done(file.id, duplicate);
}

async function fileOfUpload(db: Db, upload: Pick<UploadRow, 'firmId' | 'id'>): Promise<{ fileId: string; updatedAt: number } | null> {
  const [row] = await db.select({ fileId: uploads.fileId, updatedAt: uploads.updatedAt }).from(uploads).where(and(eq(uploads.firmId, upload.firmId), eq(uploads.id, upload.id)));
  return row?.fileId ? { fileId: row.fileId, updatedAt: row.updatedAt } : null;
}

/**
 * Whether a finished upload was answered with an identical file already
 * there, so asking again answers the same: the completion records a new
 * file and the upload's `updated_at` with one and the same time, and a
 * duplicate is an older file.
 */
async function answeredWithDuplicate(db: Db, firmId: string, fileId: string, completedAt: number): Promise<boolean> {
  const [row] = await db.select({ createdAt: files.createdAt }).from(files).where(and(eq(files.firmId, firmId), eq(files.id, fileId)));
  return row !== undefined && row.createdAt !== completedAt;
}

/**
 * Removes expired uploads (abandoned a day after their last byte, or
 * completed): their parts, then their rows, in id order a batch at a time.
 * One that cannot be removed now (the store refused) is reported to
 * `failed` and kept: its row stays, so the next run tries it again, and the
 * rest are still removed. Answers how many were tried.
 */
export async function purgeExpiredUploads(db: Db, blobs: BlobStore, now: number, failed: (uploadId: string, error: unknown) => void, batch = 100): Promise<number> {
  let tried = 0;
  let after = '';
  for (;;) {
    const expired = await db
      .select({ id: uploads.id, firmId: uploads.firmId, blobPrefix: uploads.blobPrefix })
      .from(uploads)
      .where(and(lt(uploads.expiresAt, now), gt(uploads.id, after)))
      .orderBy(asc(uploads.id))
      .limit(batch);
    for (const upload of expired) {
      await removeUpload(db, blobs, upload).catch((error: unknown) => failed(upload.id, error));
    }
    tried += expired.length;
    if (expired.length < batch) return tried;
    after = expired.at(-1)!.id;
  }
}

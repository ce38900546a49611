import { fileTypeFromBuffer } from 'file-type/core';
import { ApiError } from '../errors.ts';
import { ContentCheck, decideType, MAX_FILE_BYTES, SNIFF_BYTES, type Refusal } from '../domain/files.ts';
import type { AllowedMime } from '../domain/file-rules.ts';
import { sha256Stream } from '../lib/sha256.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import { newId } from '../../db/ids.ts';

/** What a received upload became in the blob store. */
export interface StoredBlob {
  key: string;
  size: number;
  sha256: string;
  type: AllowedMime;
}

export const tooLarge = () => new ApiError(413, 'file_too_large', `Files are limited to ${MAX_FILE_BYTES / 1024 / 1024} MB.`);
export const emptyFile = () => new ApiError(400, 'empty_file', 'The file is empty.');
export const refused = (refusal: Refusal) => new ApiError(refusal.code === 'bad_name' ? 400 : 415, refusal.code, refusal.message);

/** A new random blob key: never the uploader's name. */
export const newBlobKey = () => `files/${newId('blob').slice(5)}`;

/**
 * The type decided from the first bytes (`file-type` plus the domain's own
 * checks), and the check the rest of the bytes must pass.
 */
export async function sniff(head: Uint8Array, name: string, complete: boolean) {
  const verdict = decideType(head, await fileTypeFromBuffer(head), name, complete);
  if (!verdict.ok) throw refused(verdict);
  return { type: verdict.mime, check: new ContentCheck(verdict) };
}

/**
 * Streams a body into the blob store under a new random key, deciding as the
 * bytes arrive: past MAX_FILE_BYTES (or the length it declared) it stops
 * reading and answers 413 at once, Content-Length or not; the type is
 * sniffed from the first SNIFF_BYTES before anything is written (415); the
 * SHA-256 is computed on the way. Memory: the sniffed head (64 KiB) and the
 * chunks in flight, whatever the file's size. Any refusal or a broken body
 * leaves nothing in the store.
 */
export async function receiveBlob(blobs: BlobStore, body: ReadableStream<Uint8Array> | null, name: string, limit = MAX_FILE_BYTES): Promise<StoredBlob> {
  if (!body) throw emptyFile();
  const reader = body.getReader();
  let size = 0;
  const count = (chunk: Uint8Array) => {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge();
  };
  try {
    // The head, held until the type is known.
    const headChunks: Uint8Array[] = [];
    let headLength = 0;
    let done = false;
    while (headLength < SNIFF_BYTES) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        break;
      }
      count(next.value);
      headChunks.push(next.value);
      headLength += next.value.byteLength;
    }
    if (size === 0) throw emptyFile();
    const head = concat(headChunks, headLength);
    const { type, check } = await sniff(head.subarray(0, SNIFF_BYTES), name, done);
    const hash = sha256Stream();
    const take = (chunk: Uint8Array) => {
      hash.update(chunk);
      check.feed(chunk);
    };
    take(head);
    let sentHead = false;
    const source = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          if (!sentHead) {
            sentHead = true;
            controller.enqueue(head);
            return;
          }
          try {
            const next = done ? { done: true as const, value: undefined } : await reader.read();
            if (next.done) {
              const problem = check.finish();
              if (problem) throw refused(problem);
              controller.close();
              return;
            }
            count(next.value);
            take(next.value);
            controller.enqueue(next.value);
          } catch (error) {
            controller.error(error);
          }
        },
      },
      { highWaterMark: 0 },
    );
    const key = newBlobKey();
    await blobs.put(key, source);
    return { key, size, sha256: hash.hex(), type };
  } catch (error) {
    // Stop reading: whatever the caller still sends is not kept.
    await reader.cancel().catch(() => {});
    throw error;
  } finally {
    reader.releaseLock();
  }
}

export function concat(chunks: Uint8Array[], length = chunks.reduce((n, c) => n + c.byteLength, 0)): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { BlobNotFoundError, BlobStoreError, type BlobStore } from '../ports/blob-store.ts';

// Keys are Portico's own (`files/<random>`, `uploads/<id>/<offset>`); anything else is a bug, not a path to follow.
const SAFE_KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

/** Blobs as files under one folder (the data directory by default), one file per key. */
export function createDiskBlobStore(dir: string): BlobStore {
  const root = resolve(dir);
  const pathOf = (key: string) => {
    if (!SAFE_KEY.test(key)) throw new BlobStoreError(`Not a blob key: ${JSON.stringify(key)}`);
    return join(root, key);
  };
  return {
    async put(key, body, options = {}) {
      const path = pathOf(key);
      await mkdir(join(path, '..'), { recursive: true });
      const file = createWriteStream(path, { flags: 'w' });
      const finished = new Promise<void>((done, fail) => file.once('close', done).once('error', fail));
      let size = 0;
      const reader = body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          size += value.byteLength;
          if (!file.write(value)) await once(file, 'drain');
        }
        file.end();
        await finished;
        return { size };
      } catch (error) {
        // Flush what did arrive: a resumable upload answers it as its offset.
        file.end();
        await finished.catch(() => {});
        if (options.keepPartial) return { size: (await stat(path).catch(() => ({ size: 0 }))).size };
        await rm(path, { force: true });
        throw error;
      } finally {
        reader.releaseLock();
      }
    },
    async get(key) {
      const path = pathOf(key);
      try {
        await stat(path);
      } catch {
        throw new BlobNotFoundError(`No blob ${key}`);
      }
      return Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    async list(prefix) {
      const folder = prefix.replace(/\/+$/, '');
      const entries = await readdir(pathOf(folder), { withFileTypes: true }).catch(() => []);
      return Promise.all(
        entries.filter((e) => e.isFile()).map(async (e) => ({ key: `${folder}/${e.name}`, size: (await stat(join(pathOf(folder), e.name))).size })),
      );
    },
    async deletePrefix(prefix) {
      const trimmed = prefix.replace(/\/+$/, '');
      await rm(pathOf(trimmed), { recursive: true, force: true });
    },
  };
}

/**
 * Where file bytes live: the `disk` adapter by default, an S3-compatible
 * bucket (S3, R2, MinIO) to grow past one machine. Keys are chosen by Portico
 * (random, never a user's file name); bodies are streamed both ways so no
 * adapter holds a whole file in memory.
 */
export interface BlobStore {
  /**
   * Stores the stream under `key` and answers how many bytes it wrote. When
   * the stream errors or is cancelled part-way, answers what was written
   * before (a resumable upload keeps it) only if `keepPartial` is set;
   * otherwise nothing is left under `key` and the error is thrown.
   */
  put(key: string, body: ReadableStream<Uint8Array>, options?: { length?: number; keepPartial?: boolean }): Promise<{ size: number }>;
  /** The bytes under `key`; throws BlobNotFoundError when there are none. */
  get(key: string): Promise<ReadableStream<Uint8Array>>;
  /** Removes `key`; removing a key that is not there is not an error. */
  delete(key: string): Promise<void>;
  /** The keys under `prefix` (a folder: `uploads/<id>/`) with their sizes, in no particular order. */
  list(prefix: string): Promise<{ key: string; size: number }[]>;
  /** Removes every key that starts with `prefix` (a resumable upload's parts). */
  deletePrefix(prefix: string): Promise<void>;
}

export class BlobStoreError extends Error {
  override name = 'BlobStoreError';
}

export class BlobNotFoundError extends BlobStoreError {
  override name = 'BlobNotFoundError';
}

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiskBlobStore } from './disk-blob-store.ts';
import { BlobNotFoundError, BlobStoreError } from '../ports/blob-store.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function store() {
  const dir = mkdtempSync(join(tmpdir(), 'portico-blobs-'));
  dirs.push(dir);
  return { dir, blobs: createDiskBlobStore(dir) };
}
const streamOf = (...chunks: string[]) =>
  new ReadableStream<Uint8Array>({ start(c) { for (const s of chunks) c.enqueue(new TextEncoder().encode(s)); c.close(); } });
/** A body that sends `sent` and then breaks, as a dropped connection does. */
const broken = (sent: string) =>
  new ReadableStream<Uint8Array>({ pull(c) { if (sent) { c.enqueue(new TextEncoder().encode(sent)); sent = ''; } else c.error(new Error('connection reset')); } });
const text = async (s: ReadableStream<Uint8Array>) => new Response(s).text();

describe('disk blob store', () => {
  it('stores a stream under its key and gives the same bytes back', async () => {
    const { blobs } = store();
    expect(await blobs.put('files/abc', streamOf('hello ', 'world'))).toEqual({ size: 11 });
    expect(await text(await blobs.get('files/abc'))).toBe('hello world');
  });

  it('leaves nothing behind when the body breaks part-way', async () => {
    const { dir, blobs } = store();
    await expect(blobs.put('files/abc', broken('half'))).rejects.toThrow('connection reset');
    expect(readdirSync(join(dir, 'files'))).toEqual([]);
    await expect(blobs.get('files/abc')).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('keeps what arrived before the break when asked to (a resumable upload)', async () => {
    const { blobs } = store();
    expect(await blobs.put('uploads/u1/0', broken('half'), { keepPartial: true })).toEqual({ size: 4 });
    expect(await text(await blobs.get('uploads/u1/0'))).toBe('half');
  });

  it('deletes one key, or every key under a prefix', async () => {
    const { blobs } = store();
    await blobs.put('uploads/u1/0', streamOf('a'));
    await blobs.put('uploads/u1/1', streamOf('b'));
    await blobs.put('uploads/u2/0', streamOf('c'));
    await blobs.delete('uploads/u2/0');
    await blobs.delete('uploads/u2/0');
    await expect(blobs.get('uploads/u2/0')).rejects.toBeInstanceOf(BlobNotFoundError);
    await blobs.deletePrefix('uploads/u1/');
    await expect(blobs.get('uploads/u1/1')).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('refuses a key that could leave its folder', async () => {
    const { blobs } = store();
    for (const key of ['../x', 'files/../../x', '/etc/passwd', 'files/a b', '']) {
      await expect(blobs.put(key, streamOf('x'))).rejects.toBeInstanceOf(BlobStoreError);
    }
  });
});

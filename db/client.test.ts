import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheSizeFrom, createDb, type Db } from './client.ts';
import { migrateDb } from './migrate.ts';

let db: Db | undefined;
let dir: string | undefined;
afterEach(() => {
  db?.$client.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  db = dir = undefined;
});

describe('createDb', () => {
  it('opens an in-memory database (one connection: a second would be another, empty database)', async () => {
    db = await createDb('file::memory:');
    await migrateDb(db);
    await db.$client.execute("insert into firms (id, slug, name, created_at) values ('frm_a', 'a', 'A', 1)");
    const rows = await db.$client.execute('select slug from firms');
    expect(rows.rows.map((r) => r.slug)).toEqual(['a']);
  });

  it('opens a file whose path has spaces, and reads its own writes through the cached read connection', async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico db '));
    db = await createDb(`file:${join(dir, 'with space.db')}`);
    await migrateDb(db);
    for (let i = 0; i < 3; i++) {
      await db.$client.execute({ sql: 'insert into firms (id, slug, name, created_at) values (?, ?, ?, 1)', args: [`frm_${i}`, `s${i}`, `F${i}`] });
      const count = await db.$client.execute('select count(*) as n from firms');
      expect(Number(count.rows[0]!.n)).toBe(i + 1);
    }
  });

  it('keeps its busy timeout on every write, however many run at once (one writer connection)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-db-'));
    db = await createDb(`file:${join(dir, 'busy.db')}`);
    await migrateDb(db);
    await Promise.all(Array.from({ length: 10 }, (_, i) => db!.$client.execute({ sql: 'insert into rate_limits (key, window_start, count) values (?, 0, 1)', args: [`k${i}`] })));
    const timeouts = await Promise.all(Array.from({ length: 5 }, () => db!.$client.execute('pragma busy_timeout')));
    expect(timeouts.map((t) => Number(Object.values(t.rows[0]!)[0]))).toEqual([5000, 5000, 5000, 5000, 5000]);
  });
});

describe('SQLITE_CACHE_SIZE', () => {
  it('defaults to 64 MiB, takes an integer, and refuses anything else by name', () => {
    expect(cacheSizeFrom(undefined)).toBe(-65_536);
    expect(cacheSizeFrom('-16384')).toBe(-16_384);
    expect(cacheSizeFrom('2000')).toBe(2000);
    for (const bad of ['lots', '1e6', '64MiB', '1; DROP TABLE tasks']) expect(() => cacheSizeFrom(bad)).toThrow(/SQLITE_CACHE_SIZE/);
  });
});

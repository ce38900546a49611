import { createClient, type Client, type InStatement, type ResultSet, type Row } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { fileURLToPath } from 'node:url';
import Database from 'libsql';
import * as schema from './schema.ts';

export type Db = LibSQLDatabase<typeof schema> & { $client: Client };

/**
 * Opens the database: an embedded file (`file:`) or a remote libSQL server
 * (`libsql://`, `http(s)://`). An embedded file gets WAL, a busy timeout, and
 * a read connection with cached prepared statements (see `withCachedReads`).
 */
export async function createDb(url: string, authToken?: string): Promise<Db> {
  const embedded = url.startsWith('file:');
  // One writer connection per process for an embedded file: the pragmas below reach every
  // write, and no two connections of ours wait on each other's locks.
  let client = createClient({ url, ...(authToken ? { authToken } : {}), ...(embedded ? { concurrency: 1 } : {}) });
  if (embedded) {
    // The timeout first: switching to WAL takes a lock another instance starting now may hold.
    await client.execute('PRAGMA busy_timeout = 5000');
    await client.execute('PRAGMA journal_mode = WAL');
    // In WAL mode, NORMAL syncs the log at checkpoints rather than at every commit. A commit is still
    // in the log before the call returns, so a process that dies (SIGKILL, a crash: what
    // test/outbox-crash.test.ts does) loses nothing; only a power cut or an OS crash can take back the
    // last commits. FULL would wait for an fsync per commit: 3-10 ms here, more than a whole job.
    await client.execute('PRAGMA synchronous = NORMAL');
    await client.execute(`PRAGMA cache_size = ${CACHE_SIZE}`);
    await client.execute('PRAGMA foreign_keys = ON');
    const path = fileURLToPath(new URL(url.split('?')[0]!, `file://${process.cwd()}/`));
    // An in-memory database exists only on its own connection: a second one would be another, empty database.
    if (!path.includes(':memory:')) client = withCachedReads(client, path);
  }
  return drizzle(client, { schema }) as Db;
}

const MAX_CACHED_STATEMENTS = 200;

/**
 * Pages each connection keeps in memory, in KiB when negative (SQLite's
 * default is 2 MiB). A tick touches a few pages per due job (the task, its
 * index entry) scattered over the whole table: with the default, a tick of a
 * few thousand jobs no longer fits and each job's pages are read again, so
 * its cost grew with the size of the tables instead of with the due work.
 */
const CACHE_SIZE = cacheSizeFrom(process.env.SQLITE_CACHE_SIZE);

/** `SQLITE_CACHE_SIZE` (read here: the database module knows no app config): an integer, as SQLite's `cache_size` takes it. */
export function cacheSizeFrom(value: string | undefined): number {
  if (value === undefined || value === '') return -65_536;
  if (!/^-?\d{1,9}$/.test(value.trim())) throw new Error(`SQLITE_CACHE_SIZE must be an integer (pages, or KiB when negative), not "${value}"`);
  return Number(value);
}

/**
 * `@libsql/client` prepares every statement again on every call and converts
 * each value from BigInt; on a 20-row read that costs more than the query
 * itself. For an embedded file, plain reads outside transactions therefore go
 * to a second, read-only connection of the same `libsql` engine that keeps
 * its prepared statements. WAL lets it read while the one writer connection
 * (the client's) writes, and every write is committed before a request ends,
 * so reads still see the caller's own writes. Writes, batches, transactions
 * and migrations stay on the client.
 */
function withCachedReads(client: Client, path: string): Client {
  const reader = new Database(path, { readonly: true });
  reader.exec('PRAGMA busy_timeout = 5000');
  reader.exec(`PRAGMA cache_size = ${CACHE_SIZE}`);
  const statements = new Map<string, { stmt: ReturnType<InstanceType<typeof Database>['prepare']>; columns: string[]; row: (values: unknown[]) => Row }>();

  function statement(sql: string) {
    let cached = statements.get(sql);
    if (!cached) {
      if (statements.size >= MAX_CACHED_STATEMENTS) statements.clear();
      const stmt = reader.prepare(sql);
      stmt.raw(true);
      const columns = stmt.columns().map((c: { name: string }) => c.name);
      cached = { stmt, columns, row: rowFactory(columns) };
      statements.set(sql, cached);
    }
    return cached;
  }

  function read(sql: string, args: unknown[]): ResultSet {
    const { stmt, columns, row } = statement(sql);
    const rows = (stmt.all(args) as unknown[][]).map(row);
    return { columns, columnTypes: columns.map(() => ''), rows, rowsAffected: 0, lastInsertRowid: undefined, toJSON: () => ({ columns, rows }) };
  }

  const execute = (async (stmtOrSql: InStatement | string, maybeArgs?: unknown[]) => {
    const sql = typeof stmtOrSql === 'string' ? stmtOrSql : stmtOrSql.sql;
    const args = typeof stmtOrSql === 'string' ? (maybeArgs ?? []) : (stmtOrSql.args ?? []);
    if (Array.isArray(args) && /^\s*select\b/i.test(sql)) return read(sql, args.map(toSqlValue));
    return client.execute(stmtOrSql as InStatement);
  }) as Client['execute'];
  const close = () => {
    reader.close();
    client.close();
  };
  // A proxy, not a subclass: the client keeps private fields its methods need.
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'execute') return execute;
      if (prop === 'close') return close;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function toSqlValue(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.valueOf();
  return value;
}

/**
 * Rows as `@libsql/client` answers them, values by index (what drizzle reads,
 * so a real array keeps its fast `slice`) and by column name.
 */
function rowFactory(columns: string[]): (values: unknown[]) => Row {
  const named = columns.map((name, i) => [name, i] as const).filter(([name], i) => columns.indexOf(name) === i);
  return (values) => {
    const row = values as unknown as Record<string, unknown>;
    for (const [name, i] of named) row[name] = values[i];
    return row as unknown as Row;
  };
}

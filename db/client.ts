import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import * as schema from './schema.ts';

export type Db = LibSQLDatabase<typeof schema> & { $client: Client };

export interface DbOptions {
  url: string;
  authToken?: string | undefined;
}

/**
 * Opens the database: an embedded file (`file:`) or a remote libSQL server
 * (`libsql://`, `http(s)://`). An embedded file gets WAL and a busy timeout so
 * readers never wait on the single writer connection of this process.
 */
export async function createDb({ url, authToken }: DbOptions): Promise<Db> {
  const client = createClient({ url, ...(authToken ? { authToken } : {}) });
  if (url.startsWith('file:') || url === ':memory:') {
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA busy_timeout = 5000');
    await client.execute('PRAGMA foreign_keys = ON');
  }
  return drizzle(client, { schema }) as Db;
}

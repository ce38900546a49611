import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/libsql/migrator';
import type { Db } from './client.ts';

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Applies every committed drizzle-kit migration that the database has not
 * seen. Instances starting together may both find a migration pending; the
 * loser's batch fails as a whole (it is one transaction), and its second look
 * finds the migration applied.
 */
export async function migrateDb(db: Db): Promise<void> {
  try {
    await migrate(db, { migrationsFolder });
  } catch (first) {
    try {
      await migrate(db, { migrationsFolder });
    } catch {
      throw first;
    }
  }
}

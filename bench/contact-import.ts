// `node --import tsx bench/contact-import.ts`: a 10 000-row contact import (500 companies), its preview and its
// commit, against the same steps for 100 rows as the baseline (per-row cost, so the ratio shows whether it grows linearly).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { createDb } from '../db/client.ts';
import { migrateDb } from '../db/migrate.ts';
import { seedDemo } from '../db/seed.ts';
import { firms } from '../db/schema.ts';
import { createApp } from '../edge/app.ts';
import { loadConfig } from '../edge/config.ts';
import { createApiKey } from '../edge/data/sessions.ts';
import { buildDeps } from '../edge/server.ts';

const csvOf = (rows: number, tag: string) =>
  ['name,company,email,phone', ...Array.from({ length: rows }, (_, i) => `Person ${i},Company ${tag} ${i % 500},p${i}@${tag}.example,+372 5555 ${String(i).padStart(4, '0')}`)].join('\r\n');

async function measure(rows: number) {
  const dir = mkdtempSync(join(tmpdir(), 'portico-bench-import-'));
  const db = await createDb(`file:${join(dir, 'bench.db')}`);
  await migrateDb(db);
  const now = Date.now();
  await seedDemo(db, { publicUrl: 'http://localhost:8787', now });
  const [firm] = await db.select().from(firms).where(eq(firms.slug, 'demo'));
  const key = await createApiKey(db, firm!.id, 'bench', now);
  const { deps } = await buildDeps(db, loadConfig({ PUBLIC_URL: 'http://localhost:8787' }), { scheduler: { wake: async () => {} }, log: () => {} });
  const app = createApp(deps);
  const post = async (csv: string, commit: boolean) => {
    const started = performance.now();
    const res = await app.request('/api/v1/firm/imports/contacts', { method: 'POST', headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' }, body: JSON.stringify({ csv, commit }) });
    if (res.status !== 200) throw new Error(`import: ${res.status} ${await res.text()}`);
    await res.json();
    return performance.now() - started;
  };
  await post(csvOf(50, 'warm'), true); // the JIT and the statement cache
  const csv = csvOf(rows, 'bench');
  const preview = Math.min(await post(csv, false), await post(csv, false));
  const commit = await post(csv, true);
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
  return { rows, bytes: csv.length, preview, commit };
}

const base = await measure(100);
const big = await measure(10_000);
for (const m of [base, big]) {
  console.log(`contact import, ${m.rows} rows (${(m.bytes / 1024).toFixed(0)} KB): preview ${m.preview.toFixed(0)} ms, commit ${m.commit.toFixed(0)} ms`);
}
const perRow = (ms: number, rows: number) => ms / rows;
console.log(`per row, 10 000 vs 100: preview ×${(perRow(big.preview, big.rows) / perRow(base.preview, base.rows)).toFixed(2)}, commit ×${(perRow(big.commit, big.rows) / perRow(base.commit, base.rows)).toFixed(2)}`);

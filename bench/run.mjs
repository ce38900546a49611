// `npm run bench`: every benchmark, each printing ratios against a baseline measured in the same run.
import { spawnSync } from 'node:child_process';

let failed = false;
for (const script of ['bench/weight.ts', 'bench/throughput.ts', 'bench/tasks.ts', 'bench/templates.ts', 'bench/uploads.ts']) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit' });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);

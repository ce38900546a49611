import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Rolldown } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const TARGET_KB = 20;
/** Published figures for comparison, gzip KB: other embeddable widgets' loaders. */
const REFERENCES = { 'Typeform embed': 12, 'Cal.com embed loader': 17, 'Uppy dashboard': 95 };

/** Minified, gzipped size of one ES module bundle with everything (Lit too) inlined. */
async function gzipKb(entry: string): Promise<number> {
  const out = (await build({
    configFile: false,
    root,
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      lib: { entry, formats: ['es'], fileName: 'bundle' },
      rolldownOptions: { treeshake: { moduleSideEffects: (id) => /define\.ts$/.test(id) } },
    },
  })) as Rolldown.RolldownOutput[] | Rolldown.RolldownOutput;
  const chunks = (Array.isArray(out) ? out : [out]).flatMap((o) => o.output).filter((c) => c.type === 'chunk');
  return chunks.reduce((sum, c) => sum + gzipSync((c as Rolldown.OutputChunk).code, { level: 9 }).length, 0) / 1024;
}

export async function weight() {
  // The baseline, measured in the same run: a minimal Lit element (the runtime every element pays for once).
  const dir = mkdtempSync(join(tmpdir(), 'portico-weight-'));
  const baselineEntry = join(dir, 'lit-hello.js');
  writeFileSync(baselineEntry, `import { LitElement, html } from '${join(root, 'node_modules/lit/index.js')}';
customElements.define('lit-hello', class extends LitElement { render() { return html\`<p>Hello</p>\`; } });`);
  const lit = await gzipKb(baselineEntry);
  const elements = await gzipKb(join(root, 'components/define.ts'));
  console.log('\nWeight (minified + gzip -9, Lit included)');
  console.log(`  Lit hello-world element        ${lit.toFixed(1).padStart(5)} KB  (baseline)`);
  console.log(`  Portico client elements        ${elements.toFixed(1).padStart(5)} KB  ${(elements / lit).toFixed(2)}x the Lit baseline, ${((elements / TARGET_KB) * 100).toFixed(0)}% of the ${TARGET_KB} KB budget`);
  for (const [name, kb] of Object.entries(REFERENCES)) console.log(`  vs ${name.padEnd(27)} ${String(kb).padStart(5)} KB  ratio ${(elements / kb).toFixed(2)}`);
  return { lit, elements };
}

if (import.meta.url === `file://${process.argv[1]}`) await weight();

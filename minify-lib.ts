/**
 * After `tsc -p tsconfig.build.json` (`npm run build:lib`): minifies the
 * `css` and `html` templates of the elements in `dist/components/` the way
 * the Vite builds do (vite-plugin-template-literals.ts), so a firm that
 * bundles the npm package ships the same templates as `/embed/`. Each
 * file's source map is moved along with the edits, so it stays true.
 *
 *   tsx minify-lib.ts [dist/components]
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode, encode, type SourceMapSegment } from '@jridgewell/sourcemap-codec';
import { TEMPLATE_MINIFIERS } from './vite-plugin-template-literals.ts';
import { applyEdits, templateLiteralEdits, type Edit } from './template-literals.ts';

/** Start offset of each line of `code`. */
function lineStarts(code: string): number[] {
  const starts = [0];
  for (let i = code.indexOf('\n'); i !== -1; i = code.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * `mappings` (of the code before `edits`) for the code after them. Edits only
 * replace template text: a position inside one moves to the edit's start.
 */
export function moveMappings(mappings: string, before: string, edits: readonly Edit[]): string {
  const oldStarts = lineStarts(before);
  const newStarts = lineStarts(applyEdits(before, edits));
  const moved: SourceMapSegment[][] = newStarts.map(() => []);
  let edit = 0;
  let shift = 0; // how much shorter the code is before the current position
  decode(mappings).forEach((segments, line) => {
    for (const segment of segments) {
      const at = oldStarts[line]! + segment[0];
      while (edit < edits.length && edits[edit]!.end <= at) {
        shift += edits[edit]!.end - edits[edit]!.start - edits[edit]!.text.length;
        edit++;
      }
      const inside = edit < edits.length && edits[edit]!.start <= at;
      const offset = inside ? edits[edit]!.start - shift : at - shift;
      let newLine = 0;
      for (let lo = 0, hi = newStarts.length - 1; lo <= hi; ) {
        const mid = (lo + hi) >> 1;
        if (newStarts[mid]! <= offset) (newLine = mid), (lo = mid + 1);
        else hi = mid - 1;
      }
      moved[newLine]!.push([offset - newStarts[newLine]!, ...segment.slice(1)] as SourceMapSegment);
    }
  });
  return encode(moved);
}

function* jsFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* jsFiles(path);
    else if (entry.name.endsWith('.js')) yield path;
  }
}

/** Minifies every module under `dir` in place; returns how many bytes went. */
export function minifyLib(dir: string): number {
  let saved = 0;
  for (const file of jsFiles(dir)) {
    const code = readFileSync(file, 'utf8');
    const edits = templateLiteralEdits(code, file, TEMPLATE_MINIFIERS);
    if (!edits.length) continue;
    const minified = applyEdits(code, edits);
    writeFileSync(file, minified);
    saved += code.length - minified.length;
    try {
      const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { mappings: string };
      map.mappings = moveMappings(map.mappings, code, edits);
      writeFileSync(`${file}.map`, JSON.stringify(map));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return saved;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? fileURLToPath(new URL('./dist/components', import.meta.url));
  console.log(`templates minified in ${dir}: ${minifyLib(dir)} characters fewer`);
}

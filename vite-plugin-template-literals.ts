import type { Plugin } from 'vite';
import { minifyCss } from './css-literals.ts';
import { minifyHtml } from './html-literals.ts';
import { applyEdits, templateLiteralEdits, type QuasiMinifier } from './template-literals.ts';

/** The tags whose templates the builds minify, and how. */
export const TEMPLATE_MINIFIERS: Readonly<Record<string, QuasiMinifier>> = { css: minifyCss, html: minifyHtml };

/** `code` (TypeScript or JavaScript) with its `css` and `html` templates minified, as the builds ship it. */
export function minifyTemplateLiteralsIn(code: string, filename: string): string {
  return applyEdits(code, templateLiteralEdits(code, filename, TEMPLATE_MINIFIERS));
}

/**
 * Minifies the text of Lit's `css` and `html` tagged templates at build time
 * (see {@link minifyCss} and {@link minifyHtml}): the layout whitespace and
 * comments of the source, and nothing a page can show. Both are deliberately
 * conservative (no renaming, no merging, no attribute rewriting).
 *
 * Used by both Vite builds (the demo site and the embed); the library build
 * applies the same edits to tsc's output (`minify-lib.ts`), and the
 * component tests run on code transformed the same way.
 */
export function templateLiterals(): Plugin {
  return {
    name: 'portico:template-literals',
    transform: {
      filter: { id: /\/components\/.*\.ts$/, code: /(?:css|html)`/ },
      handler(code, id) {
        const minified = minifyTemplateLiteralsIn(code, id);
        // No source map: lines inside templates shrink, so a stack trace into a template line may point a few lines off.
        return minified === code ? null : { code: minified, map: null };
      },
    },
  };
}

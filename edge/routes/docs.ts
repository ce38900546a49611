/** A self-contained API reference page: its script (below, /api/docs.js) reads /api/openapi.json; no third-party or inline scripts. */
export const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Portico API</title>
<style>
body{font-family:system-ui,sans-serif;max-width:860px;margin:2rem auto;padding:0 1rem;color:#1b1f24;line-height:1.5}
h2{margin-top:2rem;border-bottom:1px solid #d0d7de}code,pre{font-family:ui-monospace,monospace}
.op{border:1px solid #d0d7de;border-radius:8px;padding:.75rem 1rem;margin:.75rem 0}
.m{display:inline-block;min-width:4.5rem;font-weight:700}.get{color:#0a6b2d}.post{color:#1f4d7a}.put{color:#8a5a00}.delete{color:#a40e26}
pre{background:#f6f8fa;padding:.75rem;overflow:auto;border-radius:6px;font-size:.85rem}
</style></head>
<body><h1>Portico API</h1>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>. Errors are always
<code>{ "error": { "code", "message", "issues"?, "requestId" } }</code>.</p>
<main id="ops" aria-live="polite">Loading…</main>
<script type="module" src="/api/docs.js"></script></body></html>`;

/** The page's script, served apart so the page's Content-Security-Policy (`script-src 'self'`) lets it run. */
export const docsScript = `const spec = await (await fetch('/api/openapi.json')).json();
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'})[c]);
const byTag = {};
for (const [path, item] of Object.entries(spec.paths)) for (const [method, op] of Object.entries(item)) {
  const tag = (op.tags && op.tags[0]) || 'other';
  (byTag[tag] ??= []).push({ path, method, op });
}
document.getElementById('ops').innerHTML = Object.entries(byTag).map(([tag, ops]) => '<h2>' + esc(tag) + '</h2>' + ops.map(({ path, method, op }) => {
  const body = op.requestBody?.content?.['application/json']?.schema;
  const params = (op.parameters || []).map((p) => esc(p.in + ' ' + p.name + (p.required ? ' (required)' : ''))).join(', ');
  return '<section class="op"><div><span class="m ' + method + '">' + method.toUpperCase() + '</span><code>' + esc(path) + '</code></div>' +
    '<p>' + esc(op.summary) + (op.description ? ' ' + esc(op.description) : '') + '</p>' +
    (params ? '<p>Parameters: ' + params + '</p>' : '') +
    (body ? '<details><summary>Request body</summary><pre>' + esc(JSON.stringify(body, null, 2)) + '</pre></details>' : '') + '</section>';
}).join('')).join('');
`;

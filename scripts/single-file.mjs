// Builds one self-contained HTML file from dist/ (CSS, JS glue and gzip-compressed wasm inlined),
// for LMS uploads and USB-stick demos: it runs when opened from file://.
//   node scripts/single-file.mjs [dist] [out]     (defaults: dist, dist-single/ecs-sim.html)
import { readFile, writeFile, readdir, mkdir } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';

const dist = process.argv[2] || 'dist';
const out = process.argv[3] || 'dist-single/ecs-sim.html';
const files = await readdir(dist);
const pick = (re) => {
  const f = files.find((n) => re.test(n));
  if (!f) throw new Error(`no file matching ${re} in ${dist}/: run trunk build first`);
  return join(dist, f);
};
let html = await readFile(join(dist, 'index.html'), 'utf8');
const css = await readFile(pick(/^style-.*\.css$/), 'utf8');
const glue = (await readFile(pick(/^ecs-sim-web-.*\.js$/), 'utf8'))
  .replace(/^export \{[^}]*\};?\s*$/m, '')
  .replace(/^export (function|class|const|let) /gm, '$1 ');
const wasm = gzipSync(await readFile(pick(/_bg\.wasm$/)), { level: 9 }).toString('base64');
const icon = (await readFile(join(dist, 'icon.svg'), 'utf8')).trim();

const boot = `
${glue}
const packed = Uint8Array.from(atob(document.getElementById('wasm').textContent.trim()), (c) => c.charCodeAt(0));
const bytes = await new Response(new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
await __wbg_init({ module_or_path: bytes });
`;
html = html
  .replace(/<link rel="stylesheet"[^>]*>/, () => `<style>${css}</style>`)
  .replace(/<link rel="(modulepreload|preload)"[^>]*>/g, '')
  .replace(/<link rel="manifest"[^>]*>/, '')
  .replace(/<link rel="icon"[^>]*>/, () => `<link rel="icon" href="data:image/svg+xml,${encodeURIComponent(icon)}">`)
  .replace(/<script type="module"[^>]*><\/script>/, () =>
    `<script type="application/octet-stream" id="wasm">${wasm}</script>\n<script type="module">${boot}</script>`);
await mkdir(dirname(out), { recursive: true });
await writeFile(out, html);
console.log(`single-file build: ${out} (${(Buffer.byteLength(html) / 1024).toFixed(1)} KB)`);

// A tiny static server for the browser tests: serves dist/ under /course/sim/ (as course sites
// host it) so the tests prove the build works from a sub-path with relative URLs.
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const root = new URL('../../dist/', import.meta.url).pathname;
const base = '/course/sim/';
// The same build under a strict Content-Security-Policy, as a careful host would serve it.
const cspBase = '/csp/';
const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
// The same build gzip-compressed (level 9, as scripts/size.sh measures it), as a static host
// serves it: what the load benchmark times over a throttled network.
const gzBase = '/gz/';
const gzipped = new Map();
const port = Number(process.env.PORT || 4173);
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.webmanifest': 'application/manifest+json',
};

createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const strict = url.pathname.startsWith(cspBase);
  const gz = url.pathname.startsWith(gzBase);
  const prefix = strict ? cspBase : gz ? gzBase : base;
  if (!url.pathname.startsWith(prefix)) {
    res.writeHead(404).end('not under ' + base);
    return;
  }
  let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
  const file = normalize(join(root, rel));
  if (!file.startsWith(root)) {
    res.writeHead(403).end();
    return;
  }
  try {
    let body = await readFile(file);
    const headers = { 'content-type': types[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' };
    if (strict) headers['content-security-policy'] = csp;
    if (gz) {
      if (!gzipped.has(file)) gzipped.set(file, gzipSync(body, { level: 9 }));
      body = gzipped.get(file);
      headers['content-encoding'] = 'gzip';
    }
    res.writeHead(200, headers);
    res.end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
}).listen(port, '127.0.0.1', () => console.log(`serving dist/ at http://127.0.0.1:${port}${base}`));

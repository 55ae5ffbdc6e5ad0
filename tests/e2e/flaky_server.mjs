// Test helper: a static server for the site folder whose table downloads break. For
// `<name>.cut-ranges.embx` the first response stops after `cutAt` bytes (the socket is
// destroyed) and later requests may ask for the rest with HTTP Range; `<name>.cut-noranges.embx`
// breaks the same way but ignores Range (like a server without it), and the next plain request
// succeeds. Both serve the file `<name>.embx` from the folder, with the ETag and Last-Modified
// a static server sends, and honour If-Range as HTTP says (a 206 only while the ETag matches).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

export function flakyServer(dir, cutAt) {
  const requests = [];
  const served = new Map();  // path -> responses sent
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = decodeURIComponent(url.pathname.slice(1)) || 'index.html';
    const m = /^(.*)\.cut-(ranges|noranges)\.embx$/.exec(file);
    const ranges = !m || m[2] === 'ranges';
    if (m) file = m[1] + '.embx';
    const full = path.join(dir, file);
    if (!full.startsWith(dir) || !fs.existsSync(full)) { res.writeHead(404); res.end(); return; }
    const size = fs.statSync(full).size;
    const n = (served.get(url.pathname) || 0) + 1;
    served.set(url.pathname, n);
    const range = /^bytes=(\d+)-$/.exec(req.headers.range || '');
    requests.push({ path: url.pathname, range: req.headers.range || null });
    const stat = fs.statSync(full);
    const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    const headers = { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store',
                      ETag: etag, 'Last-Modified': stat.mtime.toUTCString() };
    const ifRange = req.headers['if-range'];
    if (ranges && range && (!ifRange || ifRange === etag)) {
      const start = Number(range[1]);
      res.writeHead(206, { ...headers, 'Content-Length': size - start, 'Content-Range': `bytes ${start}-${size - 1}/${size}`,
                           'Accept-Ranges': 'bytes' });
      fs.createReadStream(full, { start }).pipe(res);
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Length': size, ...(ranges ? { 'Accept-Ranges': 'bytes' } : {}) });
    if (m && (n === 1 || (!ranges && range))) {
      // Break the download part-way: send cutAt bytes, then drop the connection.
      const s = fs.createReadStream(full, { start: 0, end: cutAt - 1 });
      s.on('data', (d) => res.write(d));
      s.on('end', () => setTimeout(() => res.socket.destroy(), 50));
      return;
    }
    fs.createReadStream(full).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}/`, requests, stop: () => server.close() });
    });
  });
}

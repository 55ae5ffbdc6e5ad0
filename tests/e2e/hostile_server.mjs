// Test helper: a local static server for the site folder that also misbehaves on purpose, on
// paths under /hostile/ (each bounded: nothing runs longer than the test needs). The table it
// abuses is the site's default table (`TABLE`).
//   huge.safetensors       a header announcing 2^25 x 64 F32 rows, with the Content-Length they
//                          would take (8 GB); then nothing more (the page must refuse and hang up)
//   trillion.safetensors   the same with 10^12 rows
//   page.embx              an HTML page with status 200 (a login or "not found" page)
//   missing.embx           404
//   error-once.embx        500 the first time, the table afterwards (Retry)
//   gzip.embx              the table gzip-compressed (Content-Encoding: gzip)
//   changed.embx           cut after 12 MB; by the time the page resumes, the file has changed
//                          (new ETag): If-Range makes the server send it whole with 200
//   silent.embx            headers, then no byte ever
//   trickle.embx           the table at 64 KB every 100 ms
//   flipped.embx           one byte of a row block inverted
//   empty.embx             200 with no body
//   long.embx              Content-Length twice the real size, no Range support
//   redirect.embx          302 to the same path on another origin (no CORS headers there)
// Also: /allow-other.html is index.html with the other origin added to its CSP connect-src (as
// a build with EMBX_TABLE_ORIGINS makes it), and the other origin serves the table with CORS
// under /cors/.
// `connections` counts open /hostile/ responses, so a test can see that the page hung up.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

function safetensorsHeader(rows, dims) {
  const data = BigInt(rows) * BigInt(dims) * 4n;
  const json = JSON.stringify({ emb: { dtype: 'F32', shape: [rows, dims], data_offsets: [0, Number(data)] } });
  const head = Buffer.alloc(8);
  head.writeBigUInt64LE(BigInt(json.length));
  return { bytes: Buffer.concat([head, Buffer.from(json)]), total: 8n + BigInt(json.length) + data };
}

export async function hostileServer(dir, table) {
  const tablePath = path.join(dir, table);
  const tableBytes = fs.readFileSync(tablePath);
  let gzipped = null;  // made on first use (a second or two for 50 MB)
  const state = { errorOnce: 0, changedServed: 0, open: 0, requests: [], otherRequests: [] };

  const otherOrigin = http.createServer((req, res) => {
    state.otherRequests.push(req.url);
    const cors = req.url.startsWith('/cors/') ? { 'Access-Control-Allow-Origin': '*' } : {};
    res.writeHead(200, { 'Content-Length': tableBytes.length, ...cors });
    res.end(tableBytes);
  });
  await new Promise((r) => otherOrigin.listen(0, '127.0.0.1', r));
  const otherUrl = `http://127.0.0.1:${otherOrigin.address().port}/`;

  function track(res) {
    state.open += 1;
    res.on('close', () => { state.open -= 1; });
  }

  function hostile(name, req, res) {
    const plain = { 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-store' };
    track(res);
    switch (name) {
      case 'huge.safetensors':
      case 'trillion.safetensors': {
        const h = safetensorsHeader(name.startsWith('huge') ? 2 ** 25 : 1e12, 64);
        res.writeHead(200, { ...plain, 'Content-Length': h.total.toString() });
        res.write(h.bytes);
        setTimeout(() => res.destroy(), 60000);  // bounded: the page should hang up long before
        return;
      }
      case 'page.embx': {
        const page = '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Please sign in.</body></html>\n';
        res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Length': page.length });
        res.end(page);
        return;
      }
      case 'error-once.embx':
        state.errorOnce += 1;
        if (state.errorOnce === 1) { res.writeHead(500, { 'Content-Type': 'text/plain' }); res.end('server error'); return; }
        res.writeHead(200, { ...plain, 'Content-Length': tableBytes.length });
        res.end(tableBytes);
        return;
      case 'gzip.embx':
        if (!gzipped) gzipped = zlib.gzipSync(tableBytes, { level: 1 });
        res.writeHead(200, { ...plain, 'Content-Encoding': 'gzip', 'Content-Length': gzipped.length, 'Accept-Ranges': 'bytes' });
        res.end(gzipped);
        return;
      case 'changed.embx': {
        state.changedServed += 1;
        // The first response is version 1 and breaks after 12 MB; afterwards the file is version 2.
        const etag = state.changedServed === 1 ? '"v1"' : '"v2"';
        const headers = { ...plain, ETag: etag, 'Accept-Ranges': 'bytes' };
        const range = /^bytes=(\d+)-$/.exec(req.headers.range || '');
        if (range && req.headers['if-range'] === etag) {
          const start = Number(range[1]);
          res.writeHead(206, { ...headers, 'Content-Length': tableBytes.length - start,
                               'Content-Range': `bytes ${start}-${tableBytes.length - 1}/${tableBytes.length}` });
          res.end(tableBytes.subarray(start));
          return;
        }
        res.writeHead(200, { ...headers, 'Content-Length': tableBytes.length });
        if (state.changedServed === 1) {
          res.write(tableBytes.subarray(0, 12 << 20), () => setTimeout(() => res.destroy(), 50));
          return;
        }
        res.end(tableBytes);
        return;
      }
      case 'silent.embx': {
        // Resumable in principle (validators, Range): every answer is silent all the same.
        const headers = { ...plain, 'Last-Modified': new Date(0).toUTCString(), 'Accept-Ranges': 'bytes' };
        const range = /^bytes=(\d+)-$/.exec(req.headers.range || '');
        if (range) {
          const start = Number(range[1]);
          res.writeHead(206, { ...headers, 'Content-Length': tableBytes.length - start,
                               'Content-Range': `bytes ${start}-${tableBytes.length - 1}/${tableBytes.length}` });
        } else {
          res.writeHead(200, { ...headers, 'Content-Length': tableBytes.length });
        }
        res.flushHeaders();
        setTimeout(() => res.destroy(), 60000);
        return;
      }
      case 'trickle.embx': {
        res.writeHead(200, { ...plain, 'Content-Length': tableBytes.length });
        let at = 0;
        const timer = setInterval(() => {
          if (at >= tableBytes.length || res.destroyed) { clearInterval(timer); res.end(); return; }
          res.write(tableBytes.subarray(at, at + (64 << 10)));
          at += 64 << 10;
        }, 100);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case 'flipped.embx': {
        const bad = Buffer.from(tableBytes);
        bad[30 << 20] ^= 0xff;
        res.writeHead(200, { ...plain, 'Content-Length': bad.length });
        res.end(bad);
        return;
      }
      case 'empty.embx':
        res.writeHead(200, { ...plain, 'Content-Length': 0 });
        res.end();
        return;
      case 'long.embx':
        res.writeHead(200, { ...plain, 'Content-Length': tableBytes.length * 2, 'Last-Modified': new Date(0).toUTCString() });
        res.write(tableBytes, () => setTimeout(() => res.destroy(), 50));
        return;
      case 'words.txt': {
        // A GloVe table whose words hold a bell, a right-to-left override, a zero-width space
        // and a byte that is not UTF-8.
        const words = [Buffer.from('plain'), Buffer.from('bell\x07'), Buffer.from('evil\u202etxt'),
                       Buffer.from('zero\u200bwidth'), Buffer.from([0x62, 0x79, 0x74, 0x65, 0xff])];
        const rows = words.map((w, i) => Buffer.concat([w, Buffer.from(' ' + [1, 0.9 - i * 0.1, 0.1 * i].join(' ') + '\n')]));
        const body = Buffer.concat(rows);
        res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
        res.end(body);
        return;
      }
      case 'redirect.embx':
        res.writeHead(302, { Location: `http://127.0.0.1:${otherOrigin.address().port}/${table}` });
        res.end();
        return;
      default:
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found');
    }
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    state.requests.push({ path: url.pathname, range: req.headers.range || null, ifRange: req.headers['if-range'] || null });
    if (url.pathname.startsWith('/hostile/')) { hostile(url.pathname.slice('/hostile/'.length), req, res); return; }
    if (url.pathname === '/allow-other.html') {
      const page = fs.readFileSync(path.join(dir, 'index.html'), 'utf8')
        .replace("connect-src 'self'", `connect-src 'self' ${otherUrl.replace(/\/$/, '')}`);
      if (!page.includes(otherUrl.replace(/\/$/, ''))) throw new Error("index.html has no connect-src 'self'");
      res.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'no-store' });
      res.end(page);
      return;
    }
    const file = decodeURIComponent(url.pathname.slice(1)) || 'index.html';
    const full = path.join(dir, file);
    if (!full.startsWith(dir) || !fs.existsSync(full) || !fs.statSync(full).isFile()) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
                         'Content-Length': fs.statSync(full).size, 'Cache-Control': 'no-store' });
    fs.createReadStream(full).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    otherUrl,
    state,
    stop: () => { server.closeAllConnections?.(); server.close(); otherOrigin.closeAllConnections?.(); otherOrigin.close(); },
  };
}

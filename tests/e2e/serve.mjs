// Test helper: serves a folder with emrun (the static server the README uses) on a free port.
import { spawn } from 'node:child_process';
import net from 'node:net';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function serve(dir) {
  const port = await freePort();
  const proc = spawn('emrun', ['--no_browser', '--no_emrun_detect', '--port', String(port), dir],
                     { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 20000;
  for (;;) {
    try {
      const r = await fetch(url + 'index.html');
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (proc.exitCode !== null || Date.now() > deadline)
      throw new Error('emrun did not start: ' + log);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, stop: () => proc.kill('SIGTERM') };
}

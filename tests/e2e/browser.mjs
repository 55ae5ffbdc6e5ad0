// Test helper: headless Debian Chromium with the flags that work on a closed network (no
// background networking, no component updates) and SwiftShader for WebGL.
// Every page it opens reports Content-Security-Policy violations; close() fails the test on any
// that the test did not expect (acceptCspViolations), so each browser test also proves that what
// it exercised runs under the page's policy.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export async function launch({ viewport = { width: 1200, height: 800 } } = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embx-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.EMBX_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--use-gl=swiftshader', '--enable-unsafe-swiftshader'],
  });
  const violations = [];
  await context.exposeBinding('__embxCspViolation', (_source, v) => { violations.push(v); });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__embxCspViolation({ directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile,
                                  line: e.lineNumber, sample: e.sample, page: location.href });
    });
  });
  return {
    context,
    cspViolations: violations,
    // Removes the violations `expected` matches (a test that provokes the policy on purpose) and
    // returns them.
    acceptCspViolations(expected) {
      const taken = violations.filter(expected);
      for (const v of taken) violations.splice(violations.indexOf(v), 1);
      return taken;
    },
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
      if (violations.length)
        throw new Error('Content-Security-Policy violations: ' + JSON.stringify(violations, null, 1));
    },
  };
}

// Counts distinct colours in a PNG screenshot by decoding it in the page.
export async function distinctColours(page, png) {
  return page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const g = c.getContext('2d');
    g.drawImage(bmp, 0, 0);
    const d = g.getImageData(0, 0, bmp.width, bmp.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4 * 7) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  }, png.toString('base64'));
}

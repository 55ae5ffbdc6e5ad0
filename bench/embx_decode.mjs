// Decodes an int8 .embx table (docs/embx-format.md) into what a web developer would hold:
// a Float32Array of unit-length rows and an array of words. Used by the plain-JavaScript
// baselines in node and, injected as a script, in Chromium. Deliberately plain JS.
export function decodeEmbx(buffer) {
  const bytes = new Uint8Array(buffer);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== 'EMBX') throw new Error('not an .embx file');
  const dtype = bytes[12];
  if (dtype !== 3) throw new Error('this baseline decodes int8 tables only');
  const rows = Number(view.getBigUint64(16, true));
  const dims = view.getUint32(24, true);
  const rowBytes = view.getUint32(28, true);
  const blockCount = view.getUint32(36, true);
  const metaBytes = view.getUint32(40, true);
  const align = (n) => Math.ceil(n / 64) * 64;
  const unit = new Float32Array(rows * dims);
  const words = new Array(rows);
  const text = new TextDecoder();
  let at = 64 + align(metaBytes);
  let r = 0;
  for (let b = 0; b < blockCount; ++b) {
    const n = view.getUint32(at + 16, true);
    const vocab = view.getUint32(at + 20, true);
    const payload = Number(view.getBigUint64(at + 24, true));
    const p = at + 64;
    const wordsAt = p + align(n * 4);
    const scalesAt = wordsAt + align(vocab);
    const rowsAt = scalesAt + 2 * align(n * 4);
    let start = 0;
    for (let i = 0; i < n; ++i, ++r) {
      const end = view.getUint32(p + 4 * i, true);
      words[r] = text.decode(bytes.subarray(wordsAt + start, wordsAt + end));
      start = end;
      const q = new Int8Array(bytes.buffer, bytes.byteOffset + rowsAt + i * rowBytes, dims);
      let norm = 0;
      for (let d = 0; d < dims; ++d) norm += q[d] * q[d];
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < dims; ++d) unit[r * dims + d] = q[d] / norm;
    }
    at = p + payload;
  }
  return { rows, dims, words, unit };
}

// The scan a web developer would write: cosine of a unit query with every unit row, keeping
// the best k in a small sorted array.
export function jsNeighbors(table, queryRow, k) {
  const { rows, dims, unit } = table;
  const q = unit.subarray(queryRow * dims, (queryRow + 1) * dims);
  const best = [];
  let threshold = -Infinity;
  for (let r = 0; r < rows; ++r) {
    if (r === queryRow) continue;
    let s = 0;
    const o = r * dims;
    for (let d = 0; d < dims; ++d) s += unit[o + d] * q[d];
    if (best.length < k || s > threshold) {
      best.push([s, r]);
      best.sort((x, y) => y[0] - x[0]);
      if (best.length > k) best.pop();
      threshold = best[best.length - 1][0];
    }
  }
  return best;
}

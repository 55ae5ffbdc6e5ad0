// window.embx: the explorer's JavaScript API, for automation, tests and embedding in course
// pages. It starts the wasm module (embx.js/embx.wasm, or embx-mt.js with threads), streams tables into it (URL or File,
// chunk by chunk), keeps the URL hash in step with the view, and forwards calls to the Embind
// functions of src/platform/web/main_web.cpp.
//
//   await embx.ready                          resolves once the first table is fully loaded
//   embx.neighbors("cat", 5)                  -> [{word: "dog", display: "dog", score: 0.8794}, ...]
//                                             (word: the word itself, accepted back; display: as
//                                             the canvas shows it, invisible characters marked)
//   embx.query("italy - rome + london", 5)    -> [{word: "britain", score: 0.7623}, ...]
//   embx.query("king - man + woman", 5, "mul")   3CosMul instead of 3CosAdd
//   embx.info()                               -> {rows, dims, dtype, name, complete, threads, ...}
//   await embx.load(urlOrFile)                replaces the table; the old one stays on failure
//   embx.setTab("arithmetic"); embx.setQuery("italy - rome + london"); embx.state()
// The text view (textview.js) and automation:
//   embx.snapshot()                           -> everything the tabs show, as data: {tab, summary,
//                                                error, search: {query, results}, graph: {nodes,
//                                                selected, neighbours, ...}, map, vector, table, ...}
//   embx.editQuery("kin")                     the current tab's text, as typing (no history, no build)
//   embx.selectGraphNode(3); embx.expandGraphNode(3)   the Graph tab's selection; add its neighbours
//   embx.setGraphLabels("all"|"degree"|"hover")        which graph words are labelled
//   embx.exportGraph("png"|"json"|"graphml"|"gexf")    a download, like the export buttons
//   embx.copyResults("tsv"|"json")            the Search/Arithmetic results on the clipboard (returns the text)
//   embx.setCompareWord("queen")              the Vector tab's second word
//   embx.tokenize("HTML coders", {special})   the table's tokenizer: [{id, token, visible, text, begin,
//                                             end, added, hasRow}] (begin/end: UTF-8 byte offsets)
//   embx.selectToken(2); embx.setTokenSpecial(false)   the Tokens tab's row (its nearest tokens) and BOS switch
//   embx.setTheme("auto"|"dark"|"light"); embx.setReducedMotion("auto"|true|false)
//                                             default "auto": prefers-color-scheme, prefers-reduced-motion
//   embx.openFile()                           the file picker (Table tab)
//   await embx.loadFolder(files)              a Hugging Face model folder's token embeddings (File
//                                             objects of the folder; or drop the folder on the page);
//                                             embx.openFolder() shows a folder picker
//   await embx.loadModel(files, {dtype})     a model folder to run on the Context tab (BERT,
//                                             Qwen2, Llama, Qwen3; dtype 'f32' or 'int8'), or one
//                                             packed .embxm file (embx convert-model) or .gguf file
//   await embx.loadModelUrl(url, {dtype})     the same from a folder, an .embxm or a .gguf over HTTP
//   embx.hidden(text, {layers, ids, attentions})  every layer's hidden states of a sentence
//   embx.context({a, b, pickA, pickB, layer, head, heat})  the Context tab; embx.contextState()
//   await embx.train({model: 'sg', iter: 1})  Word2Vec on the Brown corpus in the page (Classroom
//                                             tab); the model becomes the table. trainState(),
//                                             pauseTraining(), resumeTraining(), stopTraining()
//   embx.addDocuments(["text", {name, text}], {perLine})   documents for the Classroom's TF-IDF,
//                                             as if text files were dropped there; -> document count
//   embx.addTextFiles(files, purpose)         File objects for the app ("tfidf": Classroom documents)
//   embx.openTextFiles(purpose)               the text file picker (several files at once)
//   embx.setDocumentsPerLine(true)            the Classroom's "one document per line" switch
//   embx.info().uiScale                       the UI scale (device pixel ratio: follows browser zoom)
// Events on window: "embx:progress" {name, bytes, totalBytes, rows, totalRows},
// "embx:searchable" (first rows usable), "embx:loaded" {name, rows}, "embx:error" {message},
// "embx:copy" {text, via} (via "clipboard" or "execCommand"), "embx-download" {name, bytes, type},
// "embx:text-file" {purpose, name, ok, error} (a text file handed to the app).
//
// Links: #tab=arithmetic&q=italy-rome%2Blondon&method=add ; ?table=URL loads another table;
// ?model=URL[&dtype=int8] opens a model folder served over HTTP on the Context tab.
(function () {
  'use strict';
  const DEFAULT_TABLE = 'glove-6b-100d.embx';
  const TABS = ['search', 'arithmetic', 'vector', 'tokens', 'context', 'graph', 'map', 'classroom', 'table'];
  const boot = document.getElementById('boot');
  let mod = null;
  let resolveReady, rejectReady, isReady = false;
  const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });

  function showBoot(text, isError) {
    boot.textContent = text;  // never innerHTML: messages may quote file contents
    boot.classList.toggle('error', !!isError);
    boot.classList.remove('hidden');
  }

  function requireModule() {
    if (!mod) throw new Error('Embedding Explorer is still starting; await embx.ready first');
    return mod;
  }

  // A failed loader call: the session has the error already (and has ended the load).
  function unwrap(r) {
    if (!r.ok) throw Object.assign(new Error(r.error), { fromSession: true });
    return r;
  }

  function emit(type, detail) { window.dispatchEvent(new CustomEvent(type, { detail })); }

  // One table load at a time: each load() takes a number, and a newer one supersedes it. The
  // superseded load stops feeding (its stream is cancelled) and ends quietly, so two loads
  // never mix their bytes in the one wasm loader (a file dropped while the default table streams).
  let loadSeq = 0;
  class Superseded extends Error {
    constructor(name) { super(`${name}: replaced by a newer load`); this.superseded = true; }
  }

  // Feeds chunks (from nextChunk(): a Uint8Array, or null at the end) into the wasm loader,
  // as load number `mine`; `cancel()` stops the source when a newer load takes over.
  const STAGE_BYTES = 512 * 1024;
  async function feedChunks(name, totalBytes, nextChunk, mine, cancel) {
    const m = requireModule();
    const stillMine = () => {
      if (mine === loadSeq) return;
      if (cancel) cancel();
      throw new Superseded(name);
    };
    stillMine();
    m.loadBegin(name, totalBytes);
    let searchable = false, lastEvent = 0;
    try {
      for (;;) {
        const value = await nextChunk();
        stillMine();
        if (!value) break;
        // Copied in at most 512 KiB at a time: the staging buffer in the wasm heap is as big as
        // the biggest piece, and counts in the peak memory of a load (a fetch hands 2 MB chunks).
        for (let at = 0; at < value.length; at += STAGE_BYTES) {
          const piece = value.subarray(at, Math.min(value.length, at + STAGE_BYTES));
          m.loadStage(piece.length).set(piece);
          unwrap(m.loadCommit(piece.length));
        }
        const i = m.info();
        if (!searchable && i.rows > 0) { searchable = true; emit('embx:searchable', { name, rows: i.rows }); }
        const now = performance.now();
        if (now - lastEvent > 100) {
          lastEvent = now;
          emit('embx:progress', { name, bytes: i.bytes, totalBytes: i.totalBytes, rows: i.rows, totalRows: i.totalRows });
        }
      }
    } catch (e) {
      // A refused or failed load stops its download: no bytes keep arriving for nothing.
      if (cancel && !e.superseded) cancel();
      throw e;
    }
    unwrap(m.loadFinish());
    const i = m.info();
    emit('embx:loaded', { name, rows: i.rows });
    if (!isReady) { isReady = true; resolveReady(api); }
  }

  function nameOf(url) {
    const last = String(url).split('/').pop().split('?')[0].split('#')[0];
    try { return decodeURIComponent(last) || String(url); } catch { return last || String(url); }
  }

  // The origins the page's Content-Security-Policy lets it fetch from (its connect-src): its own
  // and those the build lists (EMBX_TABLE_ORIGINS). A table or model from anywhere else is refused
  // here, with what to do about it, rather than by the browser with a bare "Failed to fetch".
  function fetchRefusal(url) {
    let u;
    try { u = new URL(url, location.href); } catch { return null; }
    if (u.origin === location.origin) return null;
    const meta = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
    const m = meta && /(?:^|;)\s*connect-src\s+([^;]*)/.exec(meta.content);
    if (!m) return null;
    const allowed = m[1].trim().split(/\s+/).filter((s) => /^https?:\/\//.test(s)).map((s) => s.replace(/\/+$/, ''));
    if (allowed.includes(u.origin)) return null;
    const from = [location.origin === 'null' ? 'this page' : location.origin, ...allowed].join(', ');
    return new Error(`${url}: this page loads tables and models only from ${from} (its security policy); ` +
                     `download the file and drop it on the page, or rebuild the site with ${u.origin} in EMBX_TABLE_ORIGINS`);
  }

  const MAX_RESUMES = 3;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  // A connection that sends nothing for this long counts as broken (and is resumed if it can be).
  const stallMs = () => Number(window.EMBX_STALL_MS) || 30000;

  // What a response says about the file it carries. Content-Length is the length of the bytes as
  // sent: with Content-Encoding (gzip, br) that is the compressed size, which the loader must not
  // take for the file's (it would refuse a valid file as too short), and Range offsets would count
  // compressed bytes. A cross-origin response hides Content-Encoding unless the server exposes
  // it, so its length is used only when it provably describes the file.
  function describeResponse(response) {
    const encoding = (response.headers.get('Content-Encoding') || '').trim().toLowerCase();
    const encodingVisible = response.type === 'basic' || encoding !== '';
    const compressed = encoding !== '' && encoding !== 'identity';
    const length = Number(response.headers.get('Content-Length')) || 0;
    const etag = response.headers.get('ETag') || '';
    return {
      total: compressed || !encodingVisible ? 0 : length,
      compressed,
      encoding,
      // If-Range needs a strong ETag, or else the Last-Modified date.
      validator: etag && !etag.startsWith('W/') ? etag : (response.headers.get('Last-Modified') || ''),
    };
  }

  // reader.read(), or an error once nothing has arrived for stallMs() (the read is cancelled).
  async function readOrStall(reader) {
    let timer;
    const stalled = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no data for ${Math.round(stallMs() / 1000)} s`)), stallMs());
    });
    try {
      return await Promise.race([reader.read(), stalled]);
    } catch (e) {
      reader.cancel().catch(() => {});
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  // Chunks of a download that survives interruptions: when the connection breaks or stalls, it
  // asks for the rest with an HTTP Range request (up to MAX_RESUMES times) and carries on where it
  // was. Only when the rest is provably the same file: the request carries If-Range with the first
  // response's ETag or Last-Modified, and the answer must be a 206 starting at the byte needed, of
  // the same total length. Otherwise (no Range support, a compressed or unidentifiable download, a
  // file changed on the server) the load ends with an error that says which, and Retry starts over.
  function resumingChunks(url, name, response, about) {
    let reader = response.body.getReader();
    let received = 0, resumes = 0;
    next.cancel = () => { reader.cancel().catch(() => {}); };
    return next;
    async function next() {
      for (;;) {
        try {
          const { done, value } = await readOrStall(reader);
          if (done) return null;
          received += value.length;
          return value;
        } catch (e) {
          const cut = `download interrupted at byte ${received} (${e.message})`;
          if (about.compressed)
            throw new Error(`${cut}; a compressed (${about.encoding}) download cannot be resumed: Retry starts it again`);
          if (!about.validator)
            throw new Error(`${cut}; the server sends no ETag or Last-Modified, so the rest cannot be proven to be the same file: Retry starts it again`);
          if (resumes >= MAX_RESUMES)
            throw new Error(`${cut}; gave up after ${resumes} attempts to resume`);
          resumes += 1;
          emit('embx:resume', { name, bytes: received, attempt: resumes, reason: e.message });
          await sleep(250 * resumes);
          let r;
          try {
            r = await fetch(url, { headers: { Range: `bytes=${received}-`, 'If-Range': about.validator }, cache: 'no-store' });
          } catch (e2) {
            continue;  // still offline: counts as an attempt
          }
          const range = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(r.headers.get('Content-Range') || '');
          if (r.status === 200 && r.headers.get('Accept-Ranges') === 'bytes') {
            r.body.cancel().catch(() => {});
            throw new Error(`${cut}; the file changed on the server during the download (its ETag or Last-Modified differs): Retry loads the new one`);
          }
          if (r.status !== 206 || !range || Number(range[1]) !== received) {
            if (r.body) r.body.cancel().catch(() => {});
            throw new Error(`${cut} and the server cannot resume it (no HTTP Range support)`);
          }
          if (about.total && range[2] !== '*' && Number(range[2]) !== about.total) {
            r.body.cancel().catch(() => {});
            throw new Error(`${cut}; the file changed on the server during the download (it is now ${range[2]} bytes, was ${about.total}): Retry loads the new one`);
          }
          reader = r.body.getReader();
        }
      }
    }
  }

  let lastFailed = null;  // what the Retry button loads again

  async function load(source) {
    const m = requireModule();
    const mine = ++loadSeq;
    try {
      if (typeof Blob !== 'undefined' && source instanceof Blob) {
        const reader = source.stream().getReader();
        await feedChunks(source.name || 'dropped file', source.size, async () => {
          const { done, value } = await reader.read();
          return done ? null : value;
        }, mine, () => { reader.cancel().catch(() => {}); });
        lastFailed = null;
        return;
      }
      const name = nameOf(source);
      const refused = fetchRefusal(source);
      if (refused) throw refused;
      let response;
      try {
        response = await fetch(source);
      } catch (e) {
        throw new Error(name + ': download failed: ' + e.message);
      }
      if (mine !== loadSeq) {  // a newer load started while this one waited for the server
        if (response.body) response.body.cancel().catch(() => {});
        throw new Superseded(name);
      }
      if (!response.ok) {
        if (response.body) response.body.cancel().catch(() => {});
        throw new Error(name + ': HTTP ' + response.status + ' ' + response.statusText);
      }
      const about = describeResponse(response);
      const chunks = resumingChunks(source, name, response, about);
      await feedChunks(name, about.total, chunks, mine, chunks.cancel);
      lastFailed = null;
    } catch (e) {
      // A superseded load leaves the loader to the newer one: no abort, no error shown.
      if (e.superseded || mine !== loadSeq) throw e.superseded ? e : new Superseded(String(source.name || nameOf(source)));
      // The session keeps (or falls back to) the previous table, or the rows that did arrive;
      // tell the UI why, and offer Retry.
      lastFailed = source;
      const info = m.info();
      if (info.loading) m.loadAbort(e.message);
      else if (!e.fromSession) {  // failed before the loader started (fetch, HTTP status): its own message
        m.loadBegin(String(source.name || nameOf(source)), 0);
        m.loadAbort(e.message);
      }
      emit('embx:error', { message: m.info().error || e.message });
      throw new Error(m.info().error || e.message);
    }
  }

  // --- URL hash <-> view state -------------------------------------------------------------
  let lastHash = '', lastChange = 0;

  function stateToHash(s) {
    const p = new URLSearchParams();
    p.set('tab', s.tab);
    if (s.q) p.set('q', s.q);
    if (s.tab === 'arithmetic' && s.method !== 'add') p.set('method', s.method);
    return '#' + p.toString();
  }

  function applyHash(hash) {
    if (!mod || !hash || hash === '#') return;
    let p;
    try {
      p = new URLSearchParams(hash.slice(1));
      for (const v of p.values()) decodeURIComponent(encodeURIComponent(v));
    } catch (e) {
      mod.notice('This link could not be read (' + e.message + '); the explorer opened as usual.');
      return;
    }
    const tab = p.get('tab') || (p.get('q') && /[+\-*]/.test(p.get('q')) ? 'arithmetic' : 'search');
    if (!TABS.includes(tab)) {
      mod.notice(`This link names an unknown tab '${tab}' (known: ${TABS.join(', ')}).`);
      return;
    }
    mod.setTab(tab);
    const method = p.get('method');
    if (method) {
      if (method !== 'add' && method !== 'mul') mod.notice(`Unknown method '${method}' in the link (add or mul).`);
      else mod.setMethod(method);
    }
    if (p.has('q')) mod.setQuery(p.get('q').slice(0, 500));
    lastHash = stateToHash(mod.viewState());
  }

  // Typing updates the current history entry; a pause of a second starts a new one, so
  // Back returns to the previous settled query, not to every keystroke.
  function syncHash() {
    if (!mod) return;
    const h = stateToHash(mod.viewState());
    if (h === lastHash) return;
    const now = performance.now();
    if (now - lastChange > 1000) history.pushState(null, '', h);
    else history.replaceState(null, '', h);
    lastHash = h;
    lastChange = now;
  }

  // Byte ranges for the loaders, read through one stream while the requests follow on from
  // each other (they do: headers, then tensors in file order). Blob.stream() reads a 3.5 GB
  // checkpoint about twice as fast as slice().arrayBuffer() in Chromium (193 vs 101 MB/s at
  // 64 MB slices, 50 MB/s at 8 MB). openAt(offset) -> {reader, skip}: a stream reader from
  // `offset`, after `skip` bytes to drop (a web server that ignores Range sends from byte 0).
  // Reading backwards opens a new stream; a gap forward of at most `maxSkip` bytes is read
  // and dropped (a packed model's padding between files; everything, for a server that
  // ignores Range, where a new stream would start again from byte 0).
  function sequentialRanges(size, openAt, maxSkip = 1 << 20) {
    let reader = null, pos = 0, rest = null;
    const close = () => { if (reader) reader.cancel().catch(() => {}); reader = null; rest = null; };
    const next = async () => {
      if (rest) { const c = rest; rest = null; return c; }
      const { done, value } = await reader.read();
      return done ? null : value;
    };
    return {
      size,
      close,
      async read(offset, length) {
        while (reader && offset > pos && offset - pos <= maxSkip) {
          const c = await next();
          if (!c) break;
          const drop = Math.min(c.length, offset - pos);
          if (drop < c.length) rest = c.subarray(drop);
          pos += drop;
        }
        if (!reader || offset !== pos) {
          close();
          const opened = await openAt(offset);
          reader = opened.reader;
          pos = offset;
          for (let skip = opened.skip; skip > 0;) {
            const c = await next();
            if (!c) break;
            if (c.length > skip) rest = c.subarray(skip);
            skip -= Math.min(skip, c.length);
          }
        }
        const out = new Uint8Array(length);
        let filled = 0;
        while (filled < length) {
          const c = await next();
          if (!c) break;  // the file ended early: the loader says what was missing
          const take = Math.min(c.length, length - filled);
          out.set(take === c.length ? c : c.subarray(0, take), filled);
          filled += take;
          if (take < c.length) rest = c.subarray(take);
        }
        pos += filled;
        return filled === length ? out : out.subarray(0, filled);
      },
    };
  }
  const fileRanges = (file) => sequentialRanges(file.size, async (offset) =>
    ({ reader: file.slice(offset).stream().getReader(), skip: 0 }));
  // Over HTTP each request is its own Range request; a server that answers one with the whole
  // file (200) is then read as one stream per file instead.
  function urlRanges(url, size) {
    let stream = null;
    return {
      size,
      close() { if (stream) stream.close(); },
      async read(offset, length) {
        if (stream) return stream.read(offset, length);
        if (length === 0) return new Uint8Array(0);
        const r = await fetch(url, { headers: { Range: `bytes=${offset}-${offset + length - 1}` } });
        if (!r.ok) throw new Error(`${url}: HTTP ${r.status} ${r.statusText}`);
        if (r.status === 206) return new Uint8Array(await r.arrayBuffer());
        let first = r;  // the whole file is coming: it is the stream (not asked for twice)
        stream = sequentialRanges(size, async (at) => {
          const whole = first || await fetch(url);
          first = null;
          if (!whole.ok) throw new Error(`${url}: HTTP ${whole.status} ${whole.statusText}`);
          return { reader: whole.body.getReader(), skip: at };
        }, Infinity);
        return stream.read(offset, length);
      },
    };
  }

  // Feeds one of the module's loaders the byte ranges it asks for, from `files`: [{path, file}]
  // (File objects) or [{path, size, ranges}] (urlRanges), with paths relative to the folder's
  // parent ("MiniLM/config.json"), until it is done. `loader`: begin(fileListJson), stage(n)
  // (the module's buffer to fill), deliver(n), progress(reply) at most every 100 ms,
  // stillWanted() (false: another load replaced this one).
  async function feedLoader(name, files, loader) {
    const sources = new Map(files.map((f) => [f.path, f.ranges || fileRanges(f.file)]));
    try {
      const list = files.map((f) => ({ path: f.path, size: sources.get(f.path).size }));
      let r = unwrap(loader.begin(JSON.stringify(list)));
      let lastEvent = 0, readMs = 0, deliverMs = 0;
      while (!r.done) {
        if (loader.stillWanted && !loader.stillWanted()) throw new Error(`${name}: replaced by another model being opened`);
        const source = sources.get(r.file);
        if (!source) throw new Error(`${name}: ${r.file} was asked for but is not among the files`);
        const t0 = performance.now();
        const bytes = await source.read(r.offset, r.length);
        const t1 = performance.now();
        loader.stage(bytes.length).set(bytes);  // after the await: the module's memory may have grown
        r = unwrap(loader.deliver(bytes.length));
        readMs += t1 - t0;
        deliverMs += performance.now() - t1;
        r.readMs = readMs;  // where a long load went: waiting for bytes, or converting them
        r.deliverMs = deliverMs;
        const now = performance.now();
        if (now - lastEvent > 100) {
          lastEvent = now;
          loader.progress(r);
        }
      }
      return r;
    } finally {
      for (const source of sources.values()) source.close();
    }
  }

  // A model folder served statically at `url` (?model=URL): the files a model folder can have
  // are asked for by name (HEAD for their sizes), the shards by the index's names. Then read
  // like dropped files, in ranges (or one stream when the server ignores Range requests).
  const MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'modules.json',
                       '1_Pooling/config.json', 'model.safetensors', 'model.safetensors.index.json'];
  async function urlFolderFiles(url) {
    const base = url.replace(/\/+$/, '');
    const name = decodeURIComponent(base.split('/').pop() || 'model');
    const sizeOf = async (rel) => {
      const r = await fetch(base + '/' + rel, { method: 'HEAD' }).catch(() => null);
      if (!r || !r.ok) return -1;
      const n = Number(r.headers.get('content-length'));
      return Number.isFinite(n) && n >= 0 ? n : -1;
    };
    const files = [];
    const add = async (rel) => {
      const size = await sizeOf(rel);
      if (size >= 0) files.push({ path: name + '/' + rel, size, ranges: urlRanges(base + '/' + rel, size) });
      return size >= 0;
    };
    for (const rel of MODEL_FILES) await add(rel);
    const index = files.find((f) => f.path.endsWith('/model.safetensors.index.json'));
    if (index) {
      const r = await fetch(base + '/model.safetensors.index.json');
      let shards = [];
      try { shards = [...new Set(Object.values((await r.json()).weight_map || {}))]; } catch { /* the loader says what is wrong */ }
      for (const shard of shards)
        if (typeof shard === 'string' && !shard.includes('/') && !(await add(shard)))
          throw new Error(`${url}: the index names ${shard}, which the server does not have`);
    }
    if (!files.length) throw new Error(`${url}: no model files there (looked for ${MODEL_FILES.join(', ')})`);
    return { name, files };
  }
  // A packed model (embx convert-model): one file, read as one forward stream.
  const isPackedModel = (name) => /\.embxm$/i.test(name);
  // A model that is one file (a packed .embxm or a GGUF): from ?model=URL it is one stream.
  const isOneFileModel = (name) => /\.(embxm|gguf)$/i.test(name);
  async function urlPackedFile(url) {
    const name = decodeURIComponent(url.split('?')[0].split('/').pop());
    const r = await fetch(url, { method: 'HEAD' }).catch((e) => { throw new Error(`${url}: ${e.message}`); });
    if (!r.ok) throw new Error(`${url}: HTTP ${r.status} ${r.statusText}`);
    const size = Number(r.headers.get('content-length'));
    if (!Number.isFinite(size) || size <= 0) throw new Error(`${url}: the server does not say how long the file is (Content-Length)`);
    return { name, files: [{ path: name, size, ranges: urlRanges(url, size) }] };
  }
  async function loadModelUrl(url, dtype) {
    let found;
    try {
      const href = new URL(url, location.href).href;
      const refused = fetchRefusal(href);
      if (refused) throw refused;
      found = isOneFileModel(new URL(href).pathname) ? await urlPackedFile(href) : await urlFolderFiles(href);
    } catch (e) {
      emit('embx:error', { message: e.message });
      throw e;
    }
    return loadModel(found.name, found.files, dtype);
  }

  // --- Model folders as tables: only the tokenizer, the headers and the embedding tensor are read
  async function loadFolder(name, files) {
    const m = requireModule();
    let r = null;
    try {
      r = await feedLoader(name, files, {
        begin: (list) => m.folderBegin(String(name), list),
        stage: (n) => m.folderStage(n),
        deliver: (n) => m.folderDeliver(n),
        progress: (p) => emit('embx:progress', { name, bytes: p.bytesRead, totalBytes: p.bytesPlanned, rows: 0, totalRows: 0 }),
      });
    } catch (e) {
      m.folderCancel();
      emit('embx:error', { message: e.message });
      throw e;
    }
    emit('embx:loaded', { name, rows: r.rows, bytesRead: r.bytesRead });
    if (!isReady) { isReady = true; resolveReady(api); }
    return { rows: r.rows, dims: r.dims, notes: r.notes, bytesRead: r.bytesRead };
  }

  // --- Models for the Context tab: config, tokenizer, headers, then the weights in chunks -------
  // `files` as for loadFolder. dtype 'f32' or 'int8' (the weights in memory; int8 takes a
  // quarter). The model replaces the current one only once it is whole.
  let modelLoads = 0;
  async function loadModel(name, files, dtype) {
    const m = requireModule();
    if (dtype !== 'f32' && dtype !== 'int8') throw new Error(`dtype is 'f32' or 'int8' (got '${dtype}')`);
    const mine = ++modelLoads;
    let r = null;
    try {
      r = await feedLoader(name, files, {
        begin: (list) => m.modelBegin(String(name), list, dtype === 'int8'),
        stage: (n) => m.modelStage(n),
        deliver: (n) => m.modelDeliver(n),
        progress: (p) => emit('embx:model-progress', { name, bytes: p.bytesRead, totalBytes: p.bytesPlanned }),
        stillWanted: () => mine === modelLoads,
      });
    } catch (e) {
      if (mine === modelLoads) m.modelCancel();
      emit('embx:error', { message: e.message });
      throw e;
    }
    emit('embx:model-loaded', { name, architecture: r.architecture, layers: r.layers, bytesRead: r.bytesRead,
                                readMs: r.readMs, deliverMs: r.deliverMs });
    return { architecture: r.architecture, layers: r.layers, hidden: r.hidden, dtype: r.dtype,
             weightBytes: r.weightBytes, hasTokenizer: r.hasTokenizer, notes: r.notes, bytesRead: r.bytesRead,
             readMs: r.readMs, deliverMs: r.deliverMs };
  }
  const folderName = (list) => (list[0] && list[0].path.includes('/') ? list[0].path.split('/')[0] : 'model folder');

  // The files under a dropped directory entry, with their paths (webkitGetAsEntry).
  async function entryFiles(entry, prefix = '') {
    if (entry.isFile) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      return [{ path: prefix + entry.name, file }];
    }
    const reader = entry.createReader();
    const out = [];
    for (;;) {
      const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      if (!batch.length) break;
      for (const e of batch) out.push(...await entryFiles(e, prefix + entry.name + '/'));
      if (out.length > 10000) throw new Error(`${entry.name}: more than 10,000 files: not a model folder`);
    }
    return out;
  }

  // Several files that make a model (config.json, tokenizer.json, *.safetensors): a folder.
  const looksLikeModel = (names) => names.some((n) => /(^|\/)(config\.json|model\.safetensors(\.index\.json)?)$/.test(n));

  // --- Files: drag and drop, file picker ------------------------------------------------------
  const picker = document.createElement('input');
  picker.type = 'file';
  picker.id = 'table-picker';
  picker.style.display = 'none';
  picker.addEventListener('change', () => {
    const f = picker.files[0];
    picker.value = '';
    if (!f) return;
    if (isPackedModel(f.name)) {  // a packed model picked as a file: the Context tab runs it
      mod.setTab('context');
      loadModel(f.name, [{ path: f.name, file: f }], mod.contextInt8() ? 'int8' : 'f32').catch(() => {});
    } else {
      load(f).catch(() => {});
    }
  });
  document.body.appendChild(picker);
  // After the table picker, so `input[type=file]` still finds that one first.
  const folderPicker = document.createElement('input');
  folderPicker.type = 'file';
  folderPicker.webkitdirectory = true;
  folderPicker.id = 'folder-picker';
  folderPicker.style.display = 'none';
  folderPicker.addEventListener('change', () => {
    const files = [...folderPicker.files].map((f) => ({ path: f.webkitRelativePath || f.name, file: f }));
    folderPicker.value = '';
    if (files.length) loadFolder(files[0].path.split('/')[0] || 'model folder', files).catch(() => {});
  });
  document.body.appendChild(folderPicker);
  // The Context tab's model folder, loaded with the dtype chosen on the tab (its int8 switch).
  const modelPicker = document.createElement('input');
  modelPicker.type = 'file';
  modelPicker.webkitdirectory = true;
  modelPicker.id = 'model-picker';
  modelPicker.style.display = 'none';
  modelPicker.addEventListener('change', () => {
    const files = [...modelPicker.files].map((f) => ({ path: f.webkitRelativePath || f.name, file: f }));
    modelPicker.value = '';
    if (files.length) loadModel(folderName(files), files, mod.contextInt8() ? 'int8' : 'f32').catch(() => {});
  });
  document.body.appendChild(modelPicker);

  // --- Word2Vec corpora and training (the Classroom tab) ---------------------------------------
  const BROWN_CORPUS = 'brown.txt';  // the Brown corpus, prepared by the build (assets/)
  const corpusPicker = document.createElement('input');
  corpusPicker.type = 'file';
  corpusPicker.accept = '.txt,text/plain';
  corpusPicker.style.display = 'none';
  document.body.appendChild(corpusPicker);

  // Copies a corpus's bytes into wasm memory; the app checks them (UTF-8) as it counts.
  function giveCorpus(name, bytes) {
    const m = requireModule();
    const view = m.corpusStage(bytes.length);
    if (!view) throw new Error(`${name}: ${bytes.length} bytes do not fit in the page's memory`);
    view.set(bytes);
    m.corpusCommit(name);
  }

  async function fetchCorpus(name) {
    try {
      if (name !== 'brown') throw new Error('no built-in corpus of that name');
      let r;
      try {
        r = await fetch(BROWN_CORPUS);
      } catch (e) {
        throw new Error('download failed: ' + e.message);
      }
      if (!r.ok) throw new Error(`${BROWN_CORPUS}: HTTP ${r.status} ${r.statusText}`);
      giveCorpus(name, new Uint8Array(await r.arrayBuffer()));
    } catch (e) {
      requireModule().corpusFailed(name, e.message);
    }
  }

  corpusPicker.addEventListener('change', async () => {
    const f = corpusPicker.files[0];
    corpusPicker.value = '';
    if (!f) return;
    try {
      giveCorpus(f.name, new Uint8Array(await f.arrayBuffer()));
    } catch (e) {
      requireModule().corpusFailed(f.name, e.message);
    }
  });

  // embx.train({...}) options: the word2vec tool's parameters and defaults.
  function trainOptions(o) {
    const opts = Object.assign({
      corpus: 'brown', model: 'cbow', size: 100, window: 5, negative: 5, hs: false, sample: 1e-3,
      minCount: 5, alpha: 0, iter: 5, seed: 1, lowercase: false, explore: true, threads: 1,
      watch: ['man', 'money', 'city', 'war', 'good', 'three'],
    }, o || {});
    if (opts.model === 'skipgram' || opts.model === 'skip-gram') opts.model = 'sg';
    if (!['cbow', 'sg'].includes(opts.model)) throw new Error(`model is 'cbow' or 'sg' (got '${opts.model}')`);
    for (const k of ['size', 'window', 'negative', 'sample', 'minCount', 'alpha', 'iter', 'seed', 'threads']) {
      const v = Number(opts[k]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`${k} must be a number >= 0 (got '${opts[k]}')`);
      opts[k] = v;
    }
    for (const k of ['hs', 'lowercase', 'explore']) opts[k] = !!opts[k];
    if (!Array.isArray(opts.watch)) opts.watch = String(opts.watch).split(/[\s,]+/).filter(Boolean);
    opts.watch = opts.watch.map(String);
    if (opts.text !== undefined) {
      opts.text = String(opts.text);
      if (!o.corpus) opts.corpus = 'text';  // not 'typed text': that is the panel's own box
    }
    opts.corpus = String(opts.corpus);
    return opts;
  }

  const ENDED = ['finished', 'stopped', 'failed'];
  window.addEventListener('dragover', (e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; });
  // A drop is a table to load, unless the app wants text files now (the Classroom tab: documents).
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    const files = [...((e.dataTransfer && e.dataTransfer.files) || [])];
    if (!files.length || !mod) return;
    const purpose = mod.dropPurpose();
    if (purpose === 'model') {  // the Context tab: a model folder (or its files) to run
      const entries = [...e.dataTransfer.items].map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
      const dir = entries.find((x) => x && x.isDirectory);
      const dtype = mod.contextInt8() ? 'int8' : 'f32';
      if (dir) entryFiles(dir).then((list) => loadModel(dir.name, list, dtype)).catch(() => {});
      else loadModel(files.length === 1 ? files[0].name : 'dropped model files', files.map((f) => ({ path: f.name, file: f })), dtype).catch(() => {});
      return;
    }
    if (files.length === 1 && isPackedModel(files[0].name)) {  // a packed model: run it on the Context tab
      mod.setTab('context');
      loadModel(files[0].name, [{ path: files[0].name, file: files[0] }], mod.contextInt8() ? 'int8' : 'f32').catch(() => {});
      return;
    }
    if (purpose) { addTextFiles(files, purpose).catch(() => {}); return; }
    // A folder (or a model's files dropped together) opens as a model folder.
    const entries = [...e.dataTransfer.items].map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
    const dir = entries.find((x) => x && x.isDirectory);
    if (dir) {
      entryFiles(dir).then((list) => loadFolder(dir.name, list)).catch(() => {});
    } else if (files.length > 1 && looksLikeModel(files.map((f) => f.name))) {
      loadFolder('dropped model files', files.map((f) => ({ path: f.name, file: f }))).catch(() => {});
    } else {
      load(files[0]).catch(() => {});
    }
  });

  // Text files (not tables): several at once, each handed to the app whole. Only the app's limit
  // plus one byte is read, so a huge file is refused (with its name) without being read.
  let textPurpose = 'tfidf';
  const textPicker = document.createElement('input');
  textPicker.type = 'file';
  textPicker.multiple = true;
  textPicker.accept = '.txt,.text,.md,.csv,.tsv,text/plain';
  textPicker.id = 'text-file-picker';
  textPicker.style.display = 'none';
  textPicker.addEventListener('change', () => {
    const files = [...textPicker.files];
    textPicker.value = '';
    addTextFiles(files, textPurpose).catch(() => {});
  });
  document.body.appendChild(textPicker);
  // The picker for a purpose: text, or a tokenizer.json for the Tokens tab to compare with.
  function openTextPicker(purpose) {
    textPurpose = purpose;
    textPicker.multiple = purpose !== 'tokenizer';
    textPicker.accept = purpose === 'tokenizer' ? '.json,application/json' : '.txt,.text,.md,.csv,.tsv,text/plain';
    textPicker.click();
  }

  function commitText(purpose, name, bytes) {
    const m = requireModule();
    m.textFileStage(bytes.length).set(bytes);
    const r = m.textFileCommit(purpose, name, bytes.length);
    emit('embx:text-file', { purpose, name, ok: r.ok, error: r.error });
    return r;
  }

  // Returns [{name, ok, error}], one per file, in order.
  async function addTextFiles(files, purpose = 'tfidf') {
    const limit = requireModule().textFileLimit(String(purpose));
    const out = [];
    for (const f of files) {
      const bytes = new Uint8Array(await (f.size > limit ? f.slice(0, limit + 1) : f).arrayBuffer());
      const r = commitText(String(purpose), f.name || 'text file', bytes);
      out.push({ name: f.name, ok: r.ok, error: r.error });
    }
    return out;
  }

  function hits(r) { return unwrap(r).results; }

  // --- Clipboard --------------------------------------------------------------------------------
  // The async Clipboard API where the page is a secure context; else (or if it refuses) a hidden
  // text area and execCommand('copy'), which older and non-HTTPS pages still allow.
  function copyWithTextArea(text) {
    const active = document.activeElement;
    const t = document.createElement('textarea');
    t.value = text;
    t.setAttribute('readonly', '');
    t.style.position = 'fixed';
    t.style.opacity = '0';
    document.body.appendChild(t);
    t.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch { ok = false; }
    t.remove();
    if (active && active.focus) active.focus();
    return ok;
  }

  function writeClipboard(text) {
    const done = (via) => emit('embx:copy', { text, via });
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(() => done('clipboard'), () => {
        if (copyWithTextArea(text)) done('execCommand');
        else emit('embx:copy-failed', { text });
      });
    } else if (copyWithTextArea(text)) {
      done('execCommand');
    } else {
      emit('embx:copy-failed', { text });
    }
  }

  // --- Preferences: colour scheme and motion follow the system unless set ------------------
  const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
  const motionQuery = window.matchMedia('(prefers-reduced-motion: reduce)');
  let themeChoice = 'auto', motionChoice = 'auto';

  function applyPreferences() {
    const dark = themeChoice === 'auto' ? darkQuery.matches : themeChoice === 'dark';
    const reduce = motionChoice === 'auto' ? motionQuery.matches : motionChoice === true;
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';  // style.css follows this
    document.documentElement.dataset.motion = reduce ? 'reduce' : 'full';
    if (mod) { mod.setColorScheme(dark); mod.setReducedMotion(reduce); }
  }
  darkQuery.addEventListener('change', applyPreferences);
  motionQuery.addEventListener('change', applyPreferences);
  applyPreferences();

  // --- Keys: the canvas gets only its own -----------------------------------------------------
  // Emscripten 3.1.6's GLFW listens for keys on the whole window (capture phase) and cancels Tab
  // and Backspace: with HTML controls on the page, keys typed there would drive the canvas UI too
  // and Tab could not leave a text field. While the module starts, the key listeners it adds to
  // window are wrapped so they see only keys aimed at the canvas (or at no control: the body).
  // Key releases always pass, so no key stays held down in the canvas UI.
  const canvas = document.getElementById('canvas');
  // No browser menu over the canvas (a right-click there belongs to the app). Set here, not as
  // an inline handler: the page's security policy allows no inline script.
  canvas.addEventListener('contextmenu', (e) => e.preventDefault());
  function keyForCanvas(e) {
    const t = e.target;
    return t === canvas || t === document.body || t === document.documentElement || t === document || t === window;
  }
  async function withCanvasKeysOnly(start) {
    const add = window.addEventListener;
    window.addEventListener = function (type, fn, opts) {
      if ((type === 'keydown' || type === 'keypress') && typeof fn === 'function') {
        const inner = fn;
        fn = function (e) {
          if (!keyForCanvas(e)) return undefined;
          // Ctrl+A selects the text in a canvas text box, not the whole page.
          if (e.type === 'keydown' && (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') e.preventDefault();
          return inner.call(this, e);
        };
      }
      return add.call(this, type, fn, opts);
    };
    try { return await start(); } finally { window.addEventListener = add; }
  }

  // Exports: a Blob URL clicked as a download link; `embx-download` events let tests see them.
  function download(name, blob) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    emit('embx-download', { name, bytes: blob.size, type: blob.type });
  }

  const api = {
    ready,
    neighbors(word, k = 10) { return hits(requireModule().neighbors(String(word), k | 0)); },
    // Vector arithmetic; method "add" (3CosAdd, gensim most_similar) or "mul" (3CosMul).
    query(expression, k = 10, method = 'add') {
      return hits(requireModule().query(String(expression), k | 0, String(method)));
    },
    info() {
      const i = requireModule().info();
      return {
        rows: i.rows, dims: i.dims, dtype: i.dtype, name: i.name,
        totalRows: i.totalRows, complete: i.complete, loading: i.loading,
        bytes: i.bytes, totalBytes: i.totalBytes, error: i.error, frames: i.frames, frameCpuMs: i.frameCpuMs,
        textInput: i.textInput,  // a text box in the canvas has the keyboard (ImGui's WantTextInput)
        threads: i.threads,  // threads a scan is split over: 2 on cross-origin isolated pages, else 1
        heapBytes: i.heapBytes,  // the wasm heap's top (its high-water mark)
        heapInUse: i.heapInUse,  // allocated now: the top less the free bytes malloc holds
        tableBytes: i.tableBytes,  // what the table shown holds: rows, scales, words, index
        uiScale: i.uiScale,  // the canvas UI's scale: the device pixel ratio, which browser zoom changes
        dark: i.dark, reducedMotion: i.reducedMotion,
      };
    },
    load,
    setTab(tab) {
      if (!requireModule().setTab(String(tab))) throw new Error(`unknown tab '${tab}' (known: ${TABS.join(', ')})`);
    },
    setQuery(text) { requireModule().setQuery(String(text)); },
    setMethod(m) { requireModule().setMethod(String(m)); },
    state() { return requireModule().viewState(); },
    visibleResults() { return requireModule().visibleResults(); },
    // Neighbourhood graph of a sentence or words on the Graph tab: {ok, error, nodes, edges,
    // inputs, communities, skipped, settled, iterations, buildMs, settleMs, layoutCpuMs}.
    graph(text, k = 20) { return requireModule().graph(String(text), k | 0); },
    graphState() { return requireModule().graphState(); },
    // Vocabulary map on the Map tab: method 'pca' (all rows unless `limit`) or 'tsne' (first
    // `limit` rows, default 5,000, at most 20,000; it runs over the next frames — poll mapState()).
    project({ method = 'pca', dims = 2, limit = 0, spherize = false, perplexity = 30 } = {}) {
      return requireModule().project(String(method), dims | 0, Number(limit) || 0, !!spherize, Number(perplexity) || 30);
    },
    mapState() { return requireModule().mapState(); },
    // Benchmark: median ms/query of `queries` searches over a random int8 table of rows x dims
    // made in wasm memory (kept between calls), on `threads` threads (1, or 2 where isolated).
    benchScan({ threads = 1, queries = 20, rows = 151936, dims = 1536 } = {}) {
      return requireModule().benchScan(threads | 0, queries | 0, Number(rows), dims | 0);
    },
    // Loads the last source that failed again (what the Retry button does); false if none.
    retry() {
      if (lastFailed === null) return false;
      load(lastFailed).catch(() => {});
      return true;
    },
    // --- The text view (textview.js) and automation -------------------------------------------
    snapshot() { return JSON.parse(requireModule().uiSnapshot()); },
    editQuery(text) { requireModule().editQuery(String(text)); },
    setCompareWord(text) { requireModule().setCompareWord(String(text)); },
    tokenize(text, { special = false } = {}) { return unwrap(requireModule().tokenize(String(text), !!special)).tokens; },
    selectToken(index) { return requireModule().selectToken(Number(index)); },
    setTokenSpecial(on) { requireModule().setTokenSpecial(!!on); },
    selectGraphNode(node) { return requireModule().selectGraphNode(Number(node)); },
    expandGraphNode(node) { return requireModule().expandGraphNode(Number(node)); },
    setGraphLabels(mode) {
      if (!requireModule().setGraphLabels(String(mode))) throw new Error(`graph labels are 'all', 'degree' or 'hover' (got '${mode}')`);
    },
    exportGraph(format) { unwrap(requireModule().exportGraph(String(format).toLowerCase())); },
    copyResults(format = 'tsv') { return unwrap(requireModule().copyResults(String(format))).text; },
    setTheme(choice = 'auto') {
      if (!['auto', 'dark', 'light'].includes(choice)) throw new Error(`theme is 'auto', 'dark' or 'light' (got '${choice}')`);
      themeChoice = choice;
      applyPreferences();
    },
    setReducedMotion(choice = 'auto') {
      if (!['auto', true, false].includes(choice)) throw new Error(`reduced motion is 'auto', true or false (got '${choice}')`);
      motionChoice = choice;
      applyPreferences();
    },
    openFile() { picker.click(); },
    // A Hugging Face model folder's token embeddings as the table: File objects (their
    // webkitRelativePath, or name, gives the path) -> {rows, dims, notes}. Only the tokenizer,
    // the shard index, the headers and the embedding tensor's bytes are read.
    loadFolder(files, name) {
      const list = [...files].map((f) => (f.file ? f : { path: f.webkitRelativePath || f.name, file: f }));
      return loadFolder(name || (list[0] && list[0].path.includes('/') ? list[0].path.split('/')[0] : 'model folder'), list);
    },
    openFolder() { folderPicker.click(); },
    // --- The Context tab: a model run on the page --------------------------------------------
    // A Hugging Face model folder (File objects, as loadFolder takes) to run: BERT-family
    // encoders, Qwen2 / Llama / Qwen3 decoders -> {architecture, layers, hidden, dtype, notes}.
    loadModel(files, { name, dtype = 'f32' } = {}) {
      const list = [...files].map((f) => (f.file ? f : { path: f.webkitRelativePath || f.name, file: f }));
      return loadModel(name || folderName(list), list, dtype);
    },
    // A model folder served over HTTP (as ?model=URL does): its files are found by name, then
    // read in byte ranges -> as loadModel.
    loadModelUrl(url, { dtype = 'f32' } = {}) { requireModule(); return loadModelUrl(String(url), dtype); },
    openModelFolder() { modelPicker.click(); },
    // Every layer's hidden states, as `embx hidden --json` prints them: {tokens: [{id, token}],
    // hidden_states: [layer][token] Float32Array, layers, note, sentence_embedding?,
    // attentions? ([layer - 1] Float32Array of heads x tokens x tokens)}. Options: layers
    // [numbers], ids [token ids, run as given], attentions (bool). Runs on the calling thread.
    hidden(text, options = {}) {
      return unwrap(requireModule().hidden(String(text ?? ''), JSON.stringify(options)));
    },
    // Sets the Context tab: {a, b, pickA, pickB, layer, head, heat: 'cosine'|'attention',
    // heatSentence, search: 'one sentence per line', runSearch: true, int8: the dtype of the
    // next model opened with the picker or a drop}; returns its state.
    context(options = {}) {
      const err = requireModule().contextSet(JSON.stringify(options));
      if (err) throw new Error(err);
      return api.contextState();
    },
    // What the Context tab shows: the model, tokens, picks, per-layer cosines, heat map, nearest
    // static tokens, ranked sentences; running is true while its forward passes run.
    contextState() { return JSON.parse(requireModule().uiSnapshot()).context; },
    // Word2Vec in the page (the Classroom tab): trains and resolves with the final state
    // ({phase, wordsDone, wordsPerSecond, seconds, loss, lossCurve, watched, ...}); the model
    // then is the explorer's table (unless explore: false). Options: corpus ('brown' or the
    // name of a text opened before), text (train on this string instead), model 'cbow'|'sg',
    // size, window, negative, hs, sample, minCount, alpha, iter, seed, lowercase, watch [words],
    // threads (2 on a cross-origin isolated page: two corpus parts at once, Hogwild; default 1).
    async train(options = {}) {
      const m = requireModule();
      unwrap(m.trainStart(trainOptions(options)));
      for (;;) {
        await sleep(100);
        const s = m.trainState();
        if (s.error && !s.phase) throw new Error(s.error);
        if (ENDED.includes(s.phase)) {
          if (s.phase === 'failed') throw new Error(s.error);
          return s;
        }
      }
    },
    trainState() { return requireModule().trainState(); },
    pauseTraining() { requireModule().trainPause(); },
    resumeTraining() { requireModule().trainResume(); },
    stopTraining() { requireModule().trainStop(); },
    // The model as it is now becomes the explorer's table; false before training began.
    exploreTrained() { return requireModule().trainExplore(); },
    // One training step of `sentence` around word `centre` (0-based) on the current model,
    // with its numbers, as text (the Word2Vec section's step-by-step view).
    explainStep(sentence, centre) { return unwrap(requireModule().trainExplainStep(String(sentence), centre | 0)).text; },
    setClassroomSection(name) {
      if (!requireModule().setClassroomSection(String(name))) throw new Error(`the Classroom's sections are 'tfidf' and 'word2vec' (got '${name}')`);
    },
    // Documents for the Classroom's TF-IDF collection, each text as one dropped file would be:
    // one document, or one per non-blank line with perLine (which sets the tab's switch).
    // Throws on the first text refused (the ones before it stay added); returns the count.
    addDocuments(items, { perLine } = {}) {
      const m = requireModule();
      if (perLine !== undefined) m.setClassroomPerLine(!!perLine);
      const list = Array.isArray(items) ? items : [items];
      list.forEach((item, i) => {
        const text = typeof item === 'string' ? item : String(item.text);
        const name = (typeof item === 'object' && item.name) || `text ${i + 1}`;
        unwrap(commitText('tfidf', String(name), new TextEncoder().encode(text)));
      });
      return JSON.parse(m.uiSnapshot()).classroom.documents;
    },
    setDocumentsPerLine(on) { requireModule().setClassroomPerLine(!!on); },
    addTextFiles(files, purpose = 'tfidf') { return addTextFiles([...files], purpose); },
    openTextFiles(purpose = 'tfidf') { openTextPicker(String(purpose)); },
  };
  window.embx = api;

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = src;
      s.onload = resolve;
      s.onerror = () => reject(new Error('could not load ' + src));
      document.head.appendChild(s);
    });
  }

  // The threaded module (scans split over 2 threads) needs SharedArrayBuffer, which only
  // cross-origin isolated pages have (served with COOP/COEP); other pages, or a site without
  // embx-mt.js, get the single-thread module. The single-file page has it inlined already.
  async function singleThreadFactory() {
    try {
      await loadScript('embx.js');
    } catch (e) {
      throw new Error('Could not load embx.js (the WebAssembly module).');
    }
    return createEmbxModule;
  }

  // The module, started. If the threaded one fails to start (its shared memory refused, its
  // worker or wasm missing), the single-thread one is started instead.
  async function startModule(start) {
    if (typeof createEmbxModule === 'function') return start(createEmbxModule);
    if (self.crossOriginIsolated) {
      try {
        await loadScript('embx-mt.js');
        return await start(createEmbxModule);
      } catch (e) {
        console.warn('the threaded module did not start (' + (e && e.message || e) + '); using the single-thread module');
        emit('embx:fallback', { reason: String(e && e.message || e) });
      }
    }
    return start(await singleThreadFactory());
  }

  // The wasm module stopped (out of memory, an internal error): the canvas would freeze
  // silently, so say so over it. What was loaded is gone; a reload starts again.
  function moduleStopped(what) {
    if (!mod) return;  // while starting: the start path reports it (or falls back)
    const text = String(what || 'unknown error');
    showBoot('Embedding Explorer stopped (' + text + '). Reload the page to start again; ' +
             'a table too big for this browser can be made smaller with `embx convert --limit N`.', true);
    emit('embx:error', { message: 'stopped: ' + text });
  }

  // Offline after the first visit (sw.js); not available from file:// (use the single-file page).
  if ('serviceWorker' in navigator && /^https?:$/.test(location.protocol) && !window.EMBX_NO_SERVICE_WORKER) {
    navigator.serviceWorker.register('sw.js').catch((e) => console.warn('service worker not registered:', e.message));
  }

  // The module starts once the page's other scripts have run: while it starts, every key
  // listener added to window is filtered to canvas keys (withCanvasKeysOnly), and the text view's
  // F6 listener, added then, lost the keys aimed at the text view (embx-mt.js could load
  // before textview.js did).
  const pageScriptsRan = document.readyState === 'loading'
    ? new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }))
    : Promise.resolve();
  pageScriptsRan.then(() => startModule((factory) => withCanvasKeysOnly(() => factory({
    canvas,
    print: (t) => console.log(t),
    printErr: (t) => console.warn(t),
    onAbort: moduleStopped,
  })))).then(async (m) => {
    mod = m;
    mod.writeClipboard = writeClipboard;
    applyPreferences();
    mod.openFilePicker = () => picker.click();
    mod.openFolderPicker = () => folderPicker.click();
    mod.openModelPicker = () => modelPicker.click();
    mod.loadBuiltin = (file) => { load(file).catch(() => {}); };
    mod.fetchCorpus = (name) => { fetchCorpus(name); };
    mod.openCorpusFile = () => corpusPicker.click();
    mod.openTextFiles = (purpose) => openTextPicker(purpose);
    mod.retryLoad = () => { if (lastFailed) load(lastFailed).catch(() => {}); };
    mod.canRetry = () => lastFailed !== null;
    mod.saveFile = (name, mime, bytes) => download(name, new Blob([bytes], { type: mime }));
    mod.saveCanvasPng = (name) => document.getElementById('canvas').toBlob((b) => { if (b) download(name, b); }, 'image/png');
    boot.classList.add('hidden');
    canvas.focus();
    emit('embx:started', {});
    applyHash(location.hash);
    window.addEventListener('popstate', () => applyHash(location.hash));
    window.addEventListener('hashchange', () => applyHash(location.hash));
    setInterval(syncHash, 250);
    const params = new URLSearchParams(location.search);
    if (location.protocol === 'file:' && !params.get('table')) {
      // Opened from a file (USB stick): browsers do not let a page fetch files next to it,
      // so the table comes by drag and drop or the file picker; embx.ready waits for it.
      mod.setTab('table');
      mod.notice('Drop a table file (.embx, GloVe, word2vec, fastText, .npy, safetensors, GGUF) on this page, ' +
                 'or click "Open a table file...".');
      return;
    }
    const modelUrl = params.get('model');
    if (modelUrl) {
      // ?model=URL[&dtype=int8|f32]: a model folder served over HTTP opens on the Context tab
      // while the table streams in.
      mod.setTab('context');
      const asked = params.get('dtype');
      const dtype = asked === 'int8' || asked === 'f32' ? asked : (mod.contextInt8() ? 'int8' : 'f32');
      loadModelUrl(modelUrl, dtype).catch(() => {});
    }
    await load(params.get('table') || DEFAULT_TABLE);
  }).catch((e) => {
    // `ready` rejects only when the module cannot start. A failed table download is on screen
    // (with Retry) and in an embx:error event; `ready` resolves when a later load succeeds.
    if (!mod) {
      showBoot('Embedding Explorer could not start: ' + e.message, true);
      rejectReady(e);
    }
  });
})();

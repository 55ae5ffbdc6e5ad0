// window.embx: the explorer's JavaScript API, for automation, tests and embedding in course
// pages. It starts the wasm module (embx.js/embx.wasm), streams the default table into it and
// forwards calls to the Embind functions of src/platform/web/main_web.cpp.
//
//   await embx.ready                      resolves once the default table is fully loaded
//   embx.neighbors("cat", 5)             -> [{word: "dog", score: 0.8794}, ...]
//   embx.query("italy - rome + london", 5) -> [{word: "britain", score: 0.7623}, ...]
//   embx.info()                          -> {rows, dims, dtype, name, ...}
(function () {
  'use strict';
  const DEFAULT_TABLE = 'glove-6b-100d.embx';
  const boot = document.getElementById('boot');
  let mod = null;
  let resolveReady, rejectReady;
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

  function unwrap(r) {
    if (!r.ok) throw new Error(r.error);
    return r;
  }

  // Streams a fetch() response into the wasm table loader, chunk by chunk.
  async function streamResponse(name, response) {
    const m = requireModule();
    const total = Number(response.headers.get('Content-Length')) || 0;
    m.loadBegin(name, total);
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      m.loadStage(value.length).set(value);
      unwrap(m.loadCommit(value.length));
    }
    unwrap(m.loadFinish());
  }

  async function loadUrl(url) {
    const name = decodeURIComponent(String(url).split('/').pop().split('?')[0]) || String(url);
    let response;
    try {
      response = await fetch(url);
    } catch (e) {
      requireModule().loadBegin(name, 0);
      requireModule().loadAbort('download failed: ' + e.message);
      throw new Error(name + ': download failed: ' + e.message);
    }
    if (!response.ok) {
      requireModule().loadBegin(name, 0);
      requireModule().loadAbort('HTTP ' + response.status + ' ' + response.statusText);
      throw new Error(name + ': HTTP ' + response.status);
    }
    try {
      await streamResponse(name, response);
    } catch (e) {
      requireModule().loadAbort(e.message);
      throw e;
    }
  }

  const api = {
    ready,
    neighbors(word, k = 10) {
      return unwrap(requireModule().neighbors(String(word), k | 0)).results;
    },
    // Vector arithmetic: query("italy - rome + london", 5) -> [{word: "britain", score: 0.762}, ...];
    // method "add" (3CosAdd, gensim most_similar) or "mul" (3CosMul, most_similar_cosmul).
    query(expression, k = 10, method = 'add') {
      return unwrap(requireModule().query(String(expression), k | 0, String(method))).results;
    },
    info() {
      const i = requireModule().info();
      return {
        rows: i.rows, dims: i.dims, dtype: i.dtype, name: i.name,
        totalRows: i.totalRows, complete: i.complete, loading: i.loading,
        bytes: i.bytes, totalBytes: i.totalBytes, error: i.error, frames: i.frames,
      };
    },
    load(url) { return loadUrl(url); },
    setQuery(text) { requireModule().setQuery(String(text)); },
    visibleResults() { return requireModule().visibleResults(); },
  };
  window.embx = api;

  if (typeof createEmbxModule !== 'function') {
    showBoot('Could not load embx.js (the WebAssembly module).', true);
    rejectReady(new Error('embx.js missing'));
    return;
  }
  createEmbxModule({
    canvas: document.getElementById('canvas'),
    print: (t) => console.log(t),
    printErr: (t) => console.warn(t),
  }).then(async (m) => {
    mod = m;
    boot.classList.add('hidden');
    document.getElementById('canvas').focus();
    const params = new URLSearchParams(location.search);
    await loadUrl(params.get('table') || DEFAULT_TABLE);
    resolveReady(api);
  }).catch((e) => {
    if (!mod) showBoot('Embedding Explorer could not start: ' + e.message, true);
    rejectReady(e);
  });
})();

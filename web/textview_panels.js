// The text view's tab panels (see textview.js): each builds its HTML once and updates it
// from embx.snapshot(). Inputs write back through window.embx as the user types; results are
// tables of buttons (arrows move, Enter follows, Escape goes back to the input).
(function () {
  'use strict';
  const { el, setText, setHidden, setValue, syncChildren, roving, focusFirst } = window.embxDom;
  let uid = 0;
  const id = (stem) => `tv-${stem}-${++uid}`;

  function field(labelText, input, hint) {
    input.id = input.id || id('in');
    const parts = [el('label', { for: input.id, text: labelText }), input];
    if (hint) {
      const h = el('span', { class: 'tv-hint', id: id('hint'), text: hint });
      input.setAttribute('aria-describedby', h.id);
      parts.push(h);
    }
    return el('div', { class: 'tv-field' }, ...parts);
  }

  function textInput(type = 'text') {
    return el('input', { type, autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off' });
  }

  // Typing edits the tab's text (no history), Enter commits, Escape clears, Down enters results.
  function wireInput(input, api, { onEnter, onDown } = {}) {
    input.addEventListener('input', () => api.editQuery(input.value));
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && onEnter) { e.preventDefault(); onEnter(input.value); }
      else if (e.key === 'Escape') { e.preventDefault(); input.value = ''; api.editQuery(''); }
      else if (e.key === 'ArrowDown' && onDown && onDown()) e.preventDefault();
    });
  }

  // A results table: rank, word (a button: follow it), score.
  function resultsTable({ onFollow, onEscape, columns = ['Rank', 'Word', 'Cosine'] }) {
    const caption = el('caption');
    const heads = columns.map((c) => el('th', { scope: 'col', text: c }));
    const body = el('tbody');
    const table = el('table', { class: 'tv-results' }, caption, el('thead', {}, el('tr', {}, ...heads)), body);
    const refresh = roving(body, 'button', true);
    body.addEventListener('keydown', (e) => { if (e.key === 'Escape' && onEscape) { e.preventDefault(); onEscape(); } });
    let key = null;
    function update(rows, captionText, scoreName) {
      setText(caption, captionText);
      if (scoreName) setText(heads[2], scoreName);
      setHidden(table, rows.length === 0);
      const k = JSON.stringify(rows);
      if (k === key) return false;
      key = k;
      syncChildren(body, rows, () => el('tr', {}, el('td'), el('th', { scope: 'row' },
        el('button', { type: 'button', class: 'tv-word', tabindex: '-1',
                       onclick: (e) => onFollow(e.currentTarget.dataset.value, e.currentTarget.dataset.word) })),
        ...columns.slice(2).map(() => el('td'))),
      (tr, r) => {
        setText(tr.children[0], r.rank);
        const b = tr.children[1].firstChild;
        setText(b, r.word);
        b.dataset.word = r.word;
        b.dataset.value = r.value === undefined ? r.word : r.value;
        r.cells.forEach((c, i) => setText(tr.children[2 + i], c));
      });
      refresh();
      return true;
    }
    return { table, update, focusFirst: () => focusFirst(body, 'button') };
  }

  function hitRows(hits) {
    return hits.map((h, i) => ({ rank: i + 1, word: h.word, cells: [h.score.toFixed(4)] }));
  }

  function copyButtons({ api, announce }, what) {
    const b = (format, text) => el('button', { type: 'button', text, onclick: () => {
      try {
        api.copyResults(format);
        announce(`Copied the ${what} as ${format.toUpperCase()}.`);
      } catch (e) { announce(e.message); }
    } });
    return el('div', { class: 'tv-row', role: 'group', 'aria-label': `Copy the ${what}` },
              b('tsv', 'Copy as TSV'), b('json', 'Copy as JSON'));
  }

  function search(ctx) {
    const { api } = ctx;
    const input = textInput('search');
    let focusResults = false;
    const results = resultsTable({
      onFollow: (w) => { api.setQuery(w); focusResults = true; ctx.refresh(); },
      onEscape: () => input.focus(),
    });
    wireInput(input, api, { onEnter: (v) => api.setQuery(v), onDown: () => results.focusFirst() });
    const note = el('p', { class: 'tv-hint' });
    return {
      content: [field('Word', input, 'Results follow as you type; Down arrow moves into them.'),
                copyButtons(ctx, 'results'), note, results.table],
      focusInput: () => input.focus(),
      followed: () => { focusResults = true; },
      update(s) {
        setValue(input, s.search.query);
        const t = s.table;
        setText(note, t.loaded && !t.complete ? `Searching the ${t.rows.toLocaleString('en')} words loaded so far.` : '');
        const changed = results.update(hitRows(s.search.results),
          `Nearest words to ${s.search.query} by cosine similarity (choose one to search for it)`, 'Cosine');
        if (changed && focusResults && s.search.results.length) { focusResults = false; results.focusFirst(); }
      },
    };
  }

  function arithmetic(ctx) {
    const { api } = ctx;
    const input = textInput();
    const results = resultsTable({ onFollow: (w) => ctx.followWord(w), onEscape: () => input.focus() });
    wireInput(input, api, { onEnter: (v) => api.setQuery(v), onDown: () => results.focusFirst() });
    const radios = ['add', 'mul'].map((m) => el('input', { type: 'radio', name: 'tv-method', value: m, id: id('method'),
                                                            onchange: () => api.setMethod(m) }));
    const method = el('fieldset', { class: 'tv-row' }, el('legend', { text: 'Method' }),
      radios[0], el('label', { for: radios[0].id, text: '3CosAdd (gensim most_similar)' }),
      radios[1], el('label', { for: radios[1].id, text: '3CosMul' }));
    const inputs = el('p'), explanation = el('p', { class: 'tv-hint' });
    return {
      content: [field('Expression', input, 'Words joined by + and -, e.g. italy - rome + london'), method,
                copyButtons(ctx, 'results'), inputs, explanation, results.table],
      focusInput: () => input.focus(),
      update(s) {
        const a = s.arithmetic;
        setValue(input, a.expression);
        radios.forEach((r) => { if (r.checked !== (r.value === a.method)) r.checked = r.value === a.method; });
        setText(inputs, a.inputs.length ? 'Excluded inputs: ' + a.inputs.join(', ') : '');
        setText(explanation, a.explanation);
        results.update(hitRows(a.results), `Answers to ${a.expression} (choose one to search for it)`,
                       a.method === 'mul' ? 'Score' : 'Cosine');
      },
    };
  }

  function vector(ctx) {
    const { api } = ctx;
    const word = textInput(), other = textInput();
    wireInput(word, api);
    other.addEventListener('input', () => api.setCompareWord(other.value));
    other.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') { e.preventDefault(); other.value = ''; api.setCompareWord(''); }
    });
    const about = el('p'), cosine = el('p');
    const head = el('tr', {}, el('th', { scope: 'col', text: 'Dimension' }), el('th', { scope: 'col', text: 'Value' }));
    const body = el('tbody');
    const summary = el('summary');
    const details = el('details', {}, summary, el('table', { class: 'tv-results' }, el('thead', {}, head), body));
    let key = null;
    return {
      content: [field('Word', word), field('Compare with (optional)', other), about, cosine, details],
      focusInput: () => word.focus(),
      update(s) {
        const v = s.vector;
        setValue(word, v.a.query);
        setValue(other, v.b.query);
        setText(about, v.a.values.length ? `${v.a.label}: ${v.a.values.length} dimensions, norm ${v.a.norm.toFixed(4)}.`
                                         : v.a.query ? '' : 'Type a word to see its vector.');
        setText(cosine, v.hasCosine ? `Cosine with ${v.b.label}: ${v.cosine.toFixed(4)}.` : '');
        setHidden(details, !v.a.values.length);
        setText(summary, `All ${v.a.values.length} values`);
        const k = JSON.stringify([v.a.values, v.b.values]);
        if (k === key) return;
        key = k;
        if (head.children.length !== (v.b.values.length ? 3 : 2)) {
          while (head.children.length > 2) head.lastElementChild.remove();
          if (v.b.values.length) head.append(el('th', { scope: 'col', text: 'Compared word' }));
        }
        const rows = v.a.values.map((x, i) => [i, x.toFixed(6)].concat(v.b.values.length ? [(v.b.values[i] ?? 0).toFixed(6)] : []));
        syncChildren(body, rows, () => el('tr'), (tr, r) => syncChildren(tr, r, (c, i) => el(i ? 'td' : 'th', i ? {} : { scope: 'row' }),
                                                                       (cell, c) => setText(cell, c)));
      },
    };
  }

  // Tokens: the sentence's tokens as the article's table (position, id, token with spaces and
  // bytes made visible, the text it stands for, first numbers); choosing a token lists its
  // nearest tokens.
  function tokens(ctx) {
    const { api } = ctx;
    const input = textInput();
    wireInput(input, api, { onDown: () => focusFirst(body, 'button') });
    const special = el('input', { type: 'checkbox', onchange: () => { api.setTokenSpecial(special.checked); ctx.refresh(); } });
    special.id = id('special');
    const options = el('div', { class: 'tv-row' }, special,
                       el('label', { for: special.id, text: 'Add the special tokens the model sees (BOS, [CLS] … [SEP])' }));
    const about = el('p', { class: 'tv-hint' });
    const compareButton = el('button', { type: 'button', text: 'Compare with a tokenizer.json\u2026',
                                         onclick: () => api.openTextFiles('tokenizer') });
    const compare = el('p');
    const body = el('tbody');
    const list = el('table', { class: 'tv-results' }, el('caption', { text: 'Tokens (choose one for its nearest tokens)' }),
                    el('thead', {}, el('tr', {}, ...['Position', 'Id', 'Token', 'Text', 'First numbers']
                      .map((h) => el('th', { scope: 'col', text: h })))), body);
    roving(body, 'button', true);
    body.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); input.focus(); } });
    const near = resultsTable({ onFollow: (w) => ctx.followWord(w), onEscape: () => focusFirst(body, 'button') });
    let key = null;
    return {
      content: [field('Sentence', input, 'The table\'s own tokenizer splits it, e.g. HTML coders are not considered programmers'),
                options, el('div', { class: 'tv-row' }, compareButton), about, compare, list, near.table],
      focusInput: () => input.focus(),
      update(s) {
        const t = s.tokens;
        setValue(input, t.text);
        if (document.activeElement !== special) special.checked = t.special;
        setText(about, t.tokenizer ? `Tokenizer: ${t.tokenizer}.` : '');
        setText(compare, t.compareName ? `${t.compareName}: ${t.compare.length} tokens: ` +
                                         t.compare.map((c) => `${c.visible} ${c.id}`).join(', ') : '');
        setHidden(list, !t.rows.length);
        const rows = t.rows.map((r, i) => [String(i), String(r.id), r.visible, r.text,
          r.hasRow ? r.head.map((x) => x.toFixed(4)).join(', ') + ', \u2026' : `no row ${r.id} in this table`]);
        const k = JSON.stringify([rows, t.selected]);
        if (k !== key) {
          key = k;
          syncChildren(body, rows, () => el('tr', {}, el('td'), el('td'),
            el('th', { scope: 'row' }, el('button', { type: 'button', class: 'tv-word', tabindex: '-1',
              onclick: (e) => { api.selectToken(Number(e.currentTarget.dataset.index)); ctx.refresh(); } })), el('td'), el('td')),
          (tr, r) => {
            setText(tr.children[0], r[0]);
            setText(tr.children[1], r[1]);
            const b = tr.children[2].firstChild;
            setText(b, r[2]);
            b.dataset.index = r[0];
            b.setAttribute('aria-pressed', String(Number(r[0]) === t.selected));
            setText(tr.children[3], r[3]);
            setText(tr.children[4], r[4]);
          });
        }
        const chosen = t.selected >= 0 ? t.rows[t.selected] : null;
        near.update(hitRows(t.neighbours),
                    chosen ? `Nearest tokens to ${chosen.visible} (id ${chosen.id}) by cosine (choose one to search for it)` : '',
                    'Cosine');
      },
    };
  }

  // Context: a model's hidden states for two sentences. The sentences and the picked tokens are
  // editable here; the per-layer cosines are a table (the canvas draws them as a plot).
  function context(ctx) {
    const { api } = ctx;
    const about = el('p'), notes = el('p', { class: 'tv-hint' });
    const open = el('button', { type: 'button', text: 'Open a model folder…', onclick: () => api.openModelFolder() });
    const hint = el('p', { class: 'tv-hint', text: 'A Hugging Face model folder: config.json, model.safetensors (or its ' +
      'index and shards), tokenizer.json or vocab.txt. Or drop the folder on the page while this tab is open.' });
    const sides = ['a', 'b'].map((w) => {
      const input = textInput();
      input.addEventListener('input', () => api.context({ [w]: input.value }));
      const chips = el('div', { class: 'tv-row', role: 'group', 'aria-label': `Tokens of sentence ${w.toUpperCase()}` });
      const message = el('p', { class: 'tv-hint' });
      return { w, input, chips, message,
               content: [field(`Sentence ${w.toUpperCase()}`, input), chips, message] };
    });
    const body = el('tbody');
    const caption = el('caption');
    const layers = el('table', { class: 'tv-results' }, caption,
                      el('thead', {}, el('tr', {}, ...['Layer', 'A vs B', 'A vs its layer 0', 'B vs its layer 0']
                        .map((h) => el('th', { scope: 'col', text: h })))), body);
    const nearest = el('p'), search = el('p');
    return {
      content: [about, el('div', { class: 'tv-row' }, open), hint, notes, ...sides.flatMap((x) => x.content), layers, nearest, search],
      focusInput: () => sides[0].input.focus(),
      update(s) {
        const c = s.context;
        setText(about, c.hasModel ? `Model ${c.model}: ${c.architecture}, ${c.layers} layers, ${c.hidden} dimensions, ` +
                                    `${c.heads} heads, ${c.dtype} weights.` + (c.running ? ` Running (${Math.round(c.fraction * 100)}%).` : '')
                                  : (c.loading ? `Opening ${c.loadingName}…` : 'No model is open.'));
        setText(notes, c.notes.join(' '));
        for (const side of sides) {
          const x = c[side.w];
          setValue(side.input, x.text);
          setText(side.message, [x.error, x.note].filter(Boolean).join(' '));
          syncChildren(side.chips, x.tokens.map((t, i) => [i, t.token, t.id, i === x.picked]),
            () => el('button', { type: 'button', onclick: (e) => {
              api.context({ [side.w === 'a' ? 'pickA' : 'pickB']: Number(e.currentTarget.dataset.index) }); ctx.refresh(); } }),
            (b, [i, token, tokenId, on]) => { setText(b, token); b.dataset.index = String(i); b.title = `id ${tokenId}`;
                                              b.setAttribute('aria-pressed', String(on)); });
        }
        const pa = c.a.tokens[c.a.picked], pb = c.b.tokens[c.b.picked];
        setHidden(layers, !c.cosines.length);
        setText(caption, pa && pb ? `Cosine of ${pa.token} (A) and ${pb.token} (B), layer by layer` : '');
        syncChildren(body, c.cosines.map((v, l) => [String(l), v.toFixed(4), c.driftA[l].toFixed(4), c.driftB[l].toFixed(4)]),
                     () => el('tr'), (tr, r) => syncChildren(tr, r, (x, i) => el(i ? 'td' : 'th', i ? {} : { scope: 'row' }),
                                                             (cell, x) => setText(cell, x)));
        setText(nearest, pa && c.a.nearest.length ? `Static tokens nearest ${pa.token} (A) at layer ${c.layer}: ` +
                                                    c.a.nearest.map((n) => `${n.token} ${n.score.toFixed(3)}`).join(', ') + '.' : '');
        setText(search, c.search.length ? 'Sentences by cosine with A: ' +
                                          c.search.map((x) => `${x.text} ${x.score.toFixed(3)}`).join('; ') + '.' : '');
      },
    };
  }

  function table(ctx) {
    const body = el('tbody');
    const list = el('table', { class: 'tv-results' }, el('caption', { text: 'The table in use' }), body);
    const open = el('button', { type: 'button', text: 'Open a table file\u2026', onclick: () => ctx.api.openFile() });
    const folder = el('button', { type: 'button', text: 'Open a model folder\u2026', onclick: () => ctx.api.openFolder() });
    const note = el('p', { class: 'tv-hint', text: 'Or drop a file on the page: .embx, GloVe, word2vec, fastText, .npy, safetensors, ' +
                                                   'GGUF, or a Hugging Face model folder (its token embeddings and tokenizer).' });
    return {
      content: [el('div', { class: 'tv-row' }, open, folder), note, list],
      focusInput: () => open.focus(),
      update(s) {
        setHidden(list, !s.table.details.length);
        syncChildren(body, s.table.details, () => el('tr', {}, el('th', { scope: 'row' }), el('td')),
                     (tr, [k, v]) => { setText(tr.children[0], k); setText(tr.children[1], v); });
      },
    };
  }

  // Classroom (TF-IDF): the variant, the selected cell's formula with its numbers, the document's
  // strongest terms and two terms' cosine in term space, as text; text files add documents; the
  // article's word pairs in TF-IDF term space next to the embedding table.
  function classroom(ctx) {
    const about = el('p'), formula = el('p', { class: 'tv-formula' }), top = el('p'), pair = el('p');
    const hint = el('p', { class: 'tv-hint', text: 'Edit the documents and choose the variant on the canvas; click a cell of ' +
                                                    'the TF-IDF matrix to explain it here.' });
    const open = el('button', { type: 'button', text: 'Open text files\u2026 (or drop them here)',
                                onclick: () => ctx.api.openTextFiles('tfidf') });
    const perLine = el('input', { type: 'checkbox', onchange: () => ctx.api.setDocumentsPerLine(perLine.checked) });
    perLine.id = id('per-line');
    const fileMessage = el('p', { class: 'tv-hint' });
    const files = el('div', { class: 'tv-row' }, open, perLine, el('label', { for: perLine.id, text: 'one document per line' }));
    const caption = el('caption');
    const tableHead = el('th', { scope: 'col' });
    const body = el('tbody');
    const pairs = el('table', { class: 'tv-results' }, caption,
                     el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Words' }),
                                     el('th', { scope: 'col', text: 'TF-IDF term space' }), tableHead)), body);
    const cosine = (v, why) => (v === null ? `\u2014 ${why}` : v.toFixed(3));
    // Word2Vec: train, pause, resume, stop, a corpus file; the run's summary (a live region
    // announces it through the view's summary) and the watched words' nearest words.
    const w2vStatus = el('p');
    const run = (f) => () => { try { f(); } catch (e) { setText(w2vStatus, e.message); } };
    const train = el('button', { type: 'button', text: 'Train Word2Vec (CBOW, 5 epochs)',
                                 onclick: run(() => { ctx.api.setClassroomSection('word2vec'); ctx.api.train({}).catch(() => {}); }) });
    const pause = el('button', { type: 'button', text: 'Pause', onclick: run(() => ctx.api.pauseTraining()) });
    const resume = el('button', { type: 'button', text: 'Resume', onclick: run(() => ctx.api.resumeTraining()) });
    const stop = el('button', { type: 'button', text: 'Stop', onclick: run(() => ctx.api.stopTraining()) });
    const corpus = el('button', { type: 'button', text: 'Open a text corpus\u2026',
                                  onclick: run(() => { ctx.api.setClassroomSection('word2vec'); ctx.api.openTextFiles('corpus'); }) });
    const watchedBody = el('tbody');
    const watched = el('table', { class: 'tv-results' }, el('caption', { text: 'Word2Vec: nearest words of the watched words' }),
                       el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Word' }),
                                       el('th', { scope: 'col', text: 'Nearest words (cosine)' }))), watchedBody);
    const w2v = el('section', { 'aria-label': 'Word2Vec' }, el('h3', { text: 'Word2Vec' }),
                   el('div', { class: 'tv-row' }, train, pause, resume, stop, corpus), w2vStatus, watched);
    return {
      content: [about, formula, top, pair, files, fileMessage, pairs, hint, w2v],
      focusInput: () => open.focus(),
      update(s) {
        const c = s.classroom;
        setText(about, c.error ? '' : `${c.variant}: ${c.documents} documents, ${c.terms} terms.`);
        setText(formula, c.term ? `Document ${c.document + 1}, \u201c${c.term}\u201d: ${c.formula}` : '');
        setText(top, c.topTerms.length ? `Highest TF-IDF in document ${c.document + 1}: ${c.topTerms.join(', ')}.` : '');
        setText(pair, c.pairCosine === null ? '' : `Cosine of \u201c${c.pair[0]}\u201d and \u201c${c.pair[1]}\u201d ` +
                                                   `in TF-IDF term space: ${c.pairCosine.toFixed(3)}.`);
        if (document.activeElement !== perLine) perLine.checked = c.perLine;
        setText(fileMessage, c.fileMessage);
        const tableName = c.pairTable || 'the embedding table';
        setText(caption, `Word pairs: cosine in TF-IDF term space (words alike only when they share documents) ` +
                         `and in ${tableName}`);
        setText(tableHead, tableName);
        setHidden(pairs, !c.pairs.length);
        const t = s.training;
        setText(w2vStatus, t.summary);
        pause.disabled = !['counting', 'training'].includes(t.phase);
        resume.disabled = t.phase !== 'paused';
        stop.disabled = !['counting', 'training', 'paused'].includes(t.phase);
        const known = t.watched.filter((w) => w.known);
        setHidden(watched, !known.length);
        syncChildren(watchedBody, known.map((w) => [w.word, w.neighbours.map((n) => `${n.word} ${n.score.toFixed(2)}`).join(', ')]),
                     () => el('tr', {}, el('th', { scope: 'row' }), el('td')),
                     (tr, [a, b]) => { setText(tr.children[0], a); setText(tr.children[1], b); });
        syncChildren(body, c.pairs.map((p) => [`${p.a} / ${p.b}`, cosine(p.tfidf, p.tfidfWhy), cosine(p.table, p.tableWhy)]),
                     () => el('tr'), (tr, r) => syncChildren(tr, r, (x, i) => el(i ? 'td' : 'th', i ? {} : { scope: 'row' }),
                                                             (cell, x) => setText(cell, x)));
      },
    };
  }

  window.embxTextViewPanels = { search, arithmetic, vector, tokens, context, table, classroom, field, textInput, wireInput, resultsTable, id };
})();

// The text view's Graph and Map panels (see textview.js): the drawings described in words.
// Graph: the sentence, counts, the sentence's words and the selected word's neighbours as lists
// to walk through (choosing a neighbour selects it, so the graph can be explored from the
// keyboard), exports. Map: the projection, its state and the highlighted words.
(function () {
  'use strict';
  const { el, setText, setHidden, setValue, syncChildren, roving, focusFirst } = window.embxDom;
  const P = window.embxTextViewPanels;

  function graph(ctx) {
    const { api, announce } = ctx;
    const sentence = P.textInput();
    const k = el('input', { type: 'number', min: '1', max: '100', value: '20', inputmode: 'numeric' });
    const build = () => {
      const r = api.graph(sentence.value, Number(k.value) || 20);
      if (r.ok) announce(`Built a graph of ${r.nodes} words.`);
      ctx.refresh();
    };
    sentence.addEventListener('input', () => api.editQuery(sentence.value));
    sentence.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); build(); }
      else if (e.key === 'Escape') { e.preventDefault(); sentence.value = ''; api.editQuery(''); }
    });
    const labels = el('select', { id: P.id('labels'), onchange: () => api.setGraphLabels(labels.value) },
      el('option', { value: 'all', text: 'all words' }), el('option', { value: 'degree', text: 'the best-connected words' }),
      el('option', { value: 'hover', text: 'only on hover' }));
    const extra = el('p', { class: 'tv-hint' });

    // The sentence's words: a list of buttons; choosing one selects it in the graph.
    let focusNeighbours = false;
    const select = (node) => { api.selectGraphNode(Number(node)); focusNeighbours = true; ctx.refresh(); };
    const inputsList = el('ul', { class: 'tv-chips', 'aria-labelledby': P.id('inputs-h') });
    const inputsHead = el('h3', { id: inputsList.getAttribute('aria-labelledby'), text: 'Words of the sentence' });
    const refreshInputs = roving(inputsList, 'button', false);
    const selectedHead = el('h3');
    const selectedInfo = el('p');
    const expand = el('button', { type: 'button', text: 'Add its neighbours to the graph', onclick: () => {
      const s = api.snapshot().graph;
      if (s.selected >= 0) { api.expandGraphNode(s.selected); announce(`Added the neighbours of ${s.selectedWord}.`); }
      ctx.refresh();
    } });
    const neighbours = P.resultsTable({ columns: ['Rank', 'Word', 'Cosine', 'In the sentence'],
                                        onFollow: (node) => select(node), onEscape: () => focusFirst(inputsList, 'button') });
    const exportsGroup = el('div', { class: 'tv-row', role: 'group', 'aria-label': 'Export the graph' },
      ...['PNG', 'JSON', 'GraphML', 'GEXF'].map((f) => el('button', { type: 'button', text: `Export ${f}`, onclick: () => {
        try { api.exportGraph(f.toLowerCase()); announce(`Saving the graph as ${f}.`); } catch (e) { announce(e.message); }
      } })));
    const selectedBox = el('section', { 'aria-label': 'Selected word' }, selectedHead, selectedInfo, el('div', { class: 'tv-row' }, expand),
                           neighbours.table);
    let inputsKey = null;
    return {
      content: [P.field('Sentence or words', sentence), el('div', { class: 'tv-row' }, P.field('Neighbours per word', k),
                el('button', { type: 'button', text: 'Build the graph', onclick: build })),
                P.field('Labels on the drawing', labels), extra, exportsGroup, inputsHead, inputsList, selectedBox],
      focusInput: () => sentence.focus(),
      update(s) {
        const g = s.graph;
        setValue(sentence, g.text);
        if (document.activeElement !== k && g.k > 0 && Number(k.value) !== g.k) k.value = g.k;
        if (labels.value !== g.labels) labels.value = g.labels;
        setText(extra, [g.skipped.length ? 'Not in the table: ' + g.skipped.join(', ') + '.' : '',
                        g.tokens.length ? "The table's tokenizer split it into: " + g.tokens.join(' ') + '.' : ''].join(' ').trim());
        setHidden(exportsGroup, !g.built);
        setHidden(inputsHead, !g.inputNodes.length);
        const ik = JSON.stringify(g.inputNodes);
        if (ik !== inputsKey) {
          inputsKey = ik;
          syncChildren(inputsList, g.inputNodes, () => el('li', {}, el('button', { type: 'button', tabindex: '-1',
            onclick: (e) => select(e.currentTarget.dataset.node) })),
          (li, n) => { const b = li.firstChild; setText(b, n.word); b.dataset.node = n.node; });
          refreshInputs();
        }
        inputsList.querySelectorAll('button').forEach((b) => {
          const on = Number(b.dataset.node) === g.selected;
          if (b.getAttribute('aria-pressed') !== String(on)) b.setAttribute('aria-pressed', String(on));
        });
        setHidden(selectedBox, g.selected < 0);
        if (g.selected < 0) return;
        setText(selectedHead, `Selected: ${g.selectedWord}`);
        setText(selectedInfo, `${g.selectedInput ? 'A word of the sentence' : 'A neighbour'}, community ${g.selectedCommunity}, ` +
                              `${g.neighbours.length} ${g.neighbours.length === 1 ? 'link' : 'links'}.`);
        setHidden(expand, g.selectedExpanded);
        const rows = g.neighbours.map((n, i) => ({ rank: i + 1, word: n.word, value: n.node,
                                                   cells: [n.cosine.toFixed(4), n.input ? 'yes' : ''] }));
        const changed = neighbours.update(rows, `Neighbours of ${g.selectedWord}, most similar first (choose one to select it)`);
        if (focusNeighbours && (changed || rows.length)) { focusNeighbours = false; neighbours.focusFirst(); }
      },
    };
  }

  function map(ctx) {
    const { api, announce } = ctx;
    const method = el('select', {}, el('option', { value: 'pca', text: 'PCA (every word)' }),
                      el('option', { value: 'tsne', text: 't-SNE (the 5,000 most frequent words)' }));
    const dims = el('select', {}, el('option', { value: '2', text: '2D' }), el('option', { value: '3', text: '3D' }));
    const compute = el('button', { type: 'button', text: 'Compute the map', onclick: () => {
      const r = api.project({ method: method.value, dims: Number(dims.value) });
      announce(r.ok ? 'Computing the map.' : r.error);
      ctx.refresh();
    } });
    const highlight = P.textInput();
    P.wireInput(highlight, api);
    const state = el('p'), status = el('p', { class: 'tv-hint' });
    const listHead = el('h3', { id: P.id('hl'), text: 'Highlighted words' });
    const list = el('ol', { 'aria-labelledby': listHead.id });
    return {
      content: [el('div', { class: 'tv-row' }, P.field('Method', method), P.field('Dimensions', dims), compute),
                P.field('Highlight a word or an expression', highlight), state, status, listHead, list],
      focusInput: () => highlight.focus(),
      update(s) {
        const m = s.map;
        setValue(highlight, m.highlight);
        // What the map shows is the live summary above; here only why there is none yet.
        setText(state, m.computed ? '' : 'The map is computed when the whole table has loaded and the Map tab opens.');
        setText(status, m.status);
        if (m.computed && document.activeElement !== method && method.value !== m.method) method.value = m.method;
        if (m.computed && document.activeElement !== dims && dims.value !== String(m.dims)) dims.value = String(m.dims);
        setHidden(listHead, !m.highlighted.length);
        syncChildren(list, m.highlighted, () => el('li'),
                     (li, w, i) => setText(li, i < m.highlightInputs ? `${w} (input)` : w));
      },
    };
  }

  Object.assign(P, { graph, map });
})();

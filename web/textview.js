// The text view: the explorer as real HTML, kept in step with the canvas. Screen readers always
// have it (it is the page's main landmark); sighted users see it when the keyboard focus enters
// it, or pinned open as a side panel with the "Text view" button: selectable, copyable, zoomable
// text that follows the page's colour scheme.
// It polls embx.snapshot() a few times a second and writes only what changed, so the live
// summary announces changes rather than polls; the user's edits go back through window.embx.
// Keys: arrows move through tabs and lists, Enter follows a result, Escape clears a box,
// F6 moves between the text view and the canvas (where ImGui keeps Tab for itself).
(function () {
  'use strict';
  const { el, setText, setHidden, roving } = window.embxDom;
  const P = window.embxTextViewPanels;
  const TABS = [['search', 'Search'], ['arithmetic', 'Arithmetic'], ['vector', 'Vector'], ['tokens', 'Tokens'],
                ['context', 'Context'], ['graph', 'Graph'], ['map', 'Map'], ['classroom', 'Classroom'], ['table', 'Table']];
  const POLL_MS = 150, ANNOUNCE_AFTER_MS = 400;
  const canvas = document.getElementById('canvas');
  const api = () => window.embx;

  const toggle = el('button', { id: 'textview-toggle', type: 'button', 'aria-pressed': 'false', 'aria-controls': 'textview',
                                text: 'Text view', title: 'Show the explorer as text beside the drawing (F6 moves between them)' });
  const view = el('main', { id: 'textview', 'aria-label': 'Embedding Explorer, text view' });
  const tableLine = el('p', { class: 'tv-hint' });
  const progress = el('progress', { max: '1', value: '0', 'aria-labelledby': 'tv-load-text' });
  const loadText = el('span', { id: 'tv-load-text' });
  const load = el('div', { class: 'tv-load' }, progress, loadText);
  const summary = el('p', { id: 'tv-summary', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const alert = el('div', { id: 'tv-alert', role: 'alert' });
  const status = el('p', { id: 'tv-status', role: 'status', class: 'tv-hint' });
  const tablist = el('div', { role: 'tablist', 'aria-label': 'Views' });
  view.append(el('h1', { text: 'Embedding Explorer' }), tableLine, load, tablist, summary, alert);

  // Messages the text view itself produces ("Copied ..."): spoken through the status region.
  let ownMessage = '', ownMessageAt = 0;
  function announce(text) { ownMessage = text; ownMessageAt = performance.now(); setText(status, text); }

  const ctx = {
    get api() { return api(); },
    announce,
    refresh: () => setTimeout(poll, 30),  // after the next frame has drawn the change
    followWord(word) {  // a word chosen in Arithmetic: search it, the keyboard lands on its results
      api().setTab('search');
      api().setQuery(word);
      panels.search.followed();
      showTab('search', true);
    },
  };

  const tabs = {}, sections = {}, panels = {};
  for (const [name, label] of TABS) {
    const tab = el('button', { type: 'button', role: 'tab', id: `tv-tab-${name}`, 'aria-controls': `tv-panel-${name}`,
                               'aria-selected': 'false', tabindex: '-1', text: label, onclick: () => chooseTab(name) });
    tablist.append(tab);
    panels[name] = P[name](ctx);
    const section = el('section', { role: 'tabpanel', id: `tv-panel-${name}`, 'aria-labelledby': tab.id, hidden: true },
                       el('h2', { text: label }), ...panels[name].content);
    view.append(section);
    tabs[name] = tab;
    sections[name] = section;
  }
  view.append(status, el('p', { class: 'tv-hint', text: 'Keys: arrows move through the tabs and lists, Enter follows a word, ' +
    'Escape clears a box, F6 moves between this text view and the drawing.' }));
  roving(tablist, '[role=tab]', false, (tab) => chooseTab(tab.id.slice('tv-tab-'.length)));
  document.body.insertBefore(toggle, canvas);
  document.body.insertBefore(view, canvas);

  let shown = null;
  function showTab(name, focusTab) {
    if (name !== shown) {
      shown = name;
      for (const [n] of TABS) {
        tabs[n].setAttribute('aria-selected', String(n === name));
        tabs[n].tabIndex = n === name ? 0 : -1;
        setHidden(sections[n], n !== name);
      }
    }
    if (focusTab) tabs[name].focus();
  }
  function chooseTab(name) {
    try { api().setTab(name); } catch { /* not started yet */ }
    showTab(name, false);
    poll();
  }

  // The live summary waits until it has been still for a moment: typing "king" announces
  // king's neighbours once, not those of k, ki and kin.
  let pendingSummary = null, summaryTimer = 0;
  function updateSummary(text) {
    if (text === pendingSummary) return;
    pendingSummary = text;
    clearTimeout(summaryTimer);
    summaryTimer = setTimeout(() => setText(summary, pendingSummary), ANNOUNCE_AFTER_MS);
  }

  function update(s) {
    showTab(s.tab, false);
    const t = s.table;
    setText(tableLine, t.loaded ? `${t.name}: ${t.rows.toLocaleString('en')} words \u00d7 ${t.dims} dimensions, ${t.dtype}` +
                                  (t.complete ? '' : ' (loading)') : 'No table loaded yet.');
    setHidden(load, !s.load.active);
    if (s.load.active) {
      const frac = s.load.totalBytes ? s.load.bytes / s.load.totalBytes : 0;
      if (Math.abs(Number(progress.value) - frac) > 0.005) progress.value = frac;
      setText(loadText, s.load.summary);
    }
    updateSummary(s.summary);
    setText(alert, s.error || s.load.error);
    if (performance.now() - ownMessageAt > 5000 || !ownMessage) setText(status, s.notice);
    for (const [name] of TABS) if (name === s.tab || name === 'table') panels[name].update(s);
  }

  let started = false;
  function poll() {
    if (!started || document.hidden) return;
    let s;
    try { s = api().snapshot(); } catch { return; }
    update(s);
  }
  function start() {
    if (started) return;
    started = true;
    poll();
    setInterval(poll, POLL_MS);
  }
  window.addEventListener('embx:started', start);
  try { if (window.embx) { window.embx.snapshot(); start(); } } catch { /* the module is not up yet */ }

  // Pinned: a side panel of ordinary HTML beside the canvas (remembered for the next visit).
  function pin(on) {
    document.body.classList.toggle('textview-pinned', on);
    toggle.setAttribute('aria-pressed', String(on));
    try { localStorage.setItem('embx-textview', on ? 'pinned' : ''); } catch { /* private mode */ }
  }
  toggle.addEventListener('click', () => pin(toggle.getAttribute('aria-pressed') !== 'true'));
  try { if (localStorage.getItem('embx-textview') === 'pinned') pin(true); } catch { /* private mode */ }

  // F6: between the canvas (which keeps Tab for its own controls) and the text view.
  window.addEventListener('keydown', (e) => {
    if (e.key !== 'F6') return;
    e.preventDefault();
    if (view.contains(document.activeElement)) canvas.focus();
    else showTab(shown || 'search', true);
  });
})();

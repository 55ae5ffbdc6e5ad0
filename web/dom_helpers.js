// Small DOM helpers for the text view (textview.js, textview_panels.js): building elements,
// writing only what changed (so live regions announce changes, not polls), keeping row elements
// (so keyboard focus survives an update), and roving focus with the arrow keys.
// Text always goes in through textContent or value, never innerHTML: it can quote file contents.
(function () {
  'use strict';

  // el('button', {type: 'button', class: 'x', text: 'Go', onclick: f}, child, 'text', ...)
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  function setText(e, text) {
    text = text == null ? '' : String(text);
    if (e.textContent !== text) e.textContent = text;
  }

  function setHidden(e, hidden) {
    if (e.hidden !== !!hidden) e.hidden = !!hidden;
  }

  // An input follows the app unless the user is typing in it (the app trims what it is given,
  // so a space just typed must not be taken away).
  function setValue(input, value) {
    if (document.activeElement === input) return;
    if (input.value.trim() !== String(value)) input.value = value;
  }

  // Makes parent's children match items: existing elements are updated in place (focus stays),
  // missing ones made with make(item, i), extra ones removed. update(element, item, i).
  function syncChildren(parent, items, make, update) {
    while (parent.children.length > items.length) parent.lastElementChild.remove();
    for (let i = 0; i < items.length; ++i) {
      if (i >= parent.children.length) parent.append(make(items[i], i));
      update(parent.children[i], items[i], i);
    }
  }

  // Arrow keys (and Home/End) move the focus through `selector` elements inside container; only
  // the current one is in the Tab order (a roving tabindex). `vertical` picks Up/Down, else
  // Left/Right. Returns refresh(), to call after the items change.
  function roving(container, selector, vertical, onMove) {
    const items = () => Array.from(container.querySelectorAll(selector));
    function refresh() {
      const all = items();
      if (!all.length) return;
      let current = all.findIndex((b) => b.tabIndex === 0);
      if (current < 0) current = 0;
      all.forEach((b, i) => { b.tabIndex = i === current ? 0 : -1; });
    }
    container.addEventListener('keydown', (e) => {
      const all = items();
      const at = all.indexOf(document.activeElement);
      if (at < 0) return;
      const prev = vertical ? 'ArrowUp' : 'ArrowLeft', next = vertical ? 'ArrowDown' : 'ArrowRight';
      let to = -1;
      if (e.key === next) to = (at + 1) % all.length;
      else if (e.key === prev) to = (at - 1 + all.length) % all.length;
      else if (e.key === 'Home') to = 0;
      else if (e.key === 'End') to = all.length - 1;
      if (to < 0) return;
      e.preventDefault();
      all.forEach((b, i) => { b.tabIndex = i === to ? 0 : -1; });
      all[to].focus();
      if (onMove) onMove(all[to], to);
    });
    container.addEventListener('focusin', (e) => {
      const all = items();
      if (all.includes(e.target)) all.forEach((b) => { b.tabIndex = b === e.target ? 0 : -1; });
    });
    return refresh;
  }

  function focusFirst(container, selector) {
    const first = container.querySelector(selector);
    if (!first) return false;
    container.querySelectorAll(selector).forEach((b) => { b.tabIndex = b === first ? 0 : -1; });
    first.focus();
    return true;
  }

  window.embxDom = { el, setText, setHidden, setValue, syncChildren, roving, focusFirst };
})();

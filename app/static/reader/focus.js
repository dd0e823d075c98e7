// One tab stop for the whole text: a roving tabindex over the sentences, arrows to move, the twin
// highlighted. Other modules add their keys (terms, selection, editor) through onKey and follow the
// current sentence through onCurrent.

import { langOf, reader, visible, visibleSegs, visibleTwin } from "./dom.js";

let current = null;  // the sentence that holds the text's one tab stop
const currentListeners = [];
const keyHandlers = [];

export function currentSeg() { return current && current.isConnected ? current : null; }

// fn(seg, byUser): called when the tab stop moves (byUser: a click, a tap, a key, not the page start).
export function onCurrent(fn) { currentListeners.push(fn); }

// fn(event, seg, lang) -> true when it handled the key (keys on a sentence or one of its terms).
export function onKey(fn) { keyHandlers.push(fn); }

export function setCurrent(seg, focus, byUser = true) {
  if (!seg) return;
  if (current && current !== seg && current.isConnected) current.tabIndex = -1;
  current = seg;
  seg.tabIndex = 0;
  if (focus) seg.focus({ preventScroll: !!focus.preventScroll });
  currentListeners.forEach((fn) => fn(seg, byUser));
}

// After the text was replaced (app/static/reader/refresh.js): the tab stop on the same sentence.
export function restore(key, lang, focus) {
  const seg = document.getElementById((lang === "es" ? "es-" : "s-") + key);
  if (seg && visible(seg)) setCurrent(seg, focus ? { preventScroll: false } : false);
  else start();
}

function twins(segId, on) {
  reader.querySelectorAll('.seg[data-seg="' + segId + '"]').forEach((node) => node.classList.toggle("twin", on));
}

// The first English sentence starts as the one tab stop (the page renders them all at -1).
export function start() {
  const first = visibleSegs("en")[0] || visibleSegs()[0];
  if (first) setCurrent(first, false, false);
}

export function init() {
  ["mouseover", "focusin"].forEach((type) => reader.addEventListener(type, (e) => {
    const seg = e.target.closest && e.target.closest(".seg");
    if (seg) twins(seg.dataset.seg, true);
  }));
  ["mouseout", "focusout"].forEach((type) => reader.addEventListener(type, (e) => {
    const seg = e.target.closest && e.target.closest(".seg");
    if (seg) twins(seg.dataset.seg, false);
  }));
  reader.addEventListener("focusin", (e) => {
    const seg = e.target.classList && e.target.classList.contains("seg") ? e.target : null;
    if (seg && seg !== current) setCurrent(seg);
    else if (seg) currentListeners.forEach((fn) => fn(seg, true));
  });

  reader.addEventListener("keydown", (e) => {
    const target = e.target;
    if (!target.closest || target.closest(".editor, dialog, .toolbar, .seg-actions, .card")) return;
    const seg = target.closest(".seg");
    if (!seg) return;
    const lang = langOf(seg);
    for (const handler of keyHandlers) {
      if (handler(e, seg, lang)) return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const list = visibleSegs(lang);
    let next = null;
    if (e.key === "ArrowDown") next = list[list.indexOf(seg) + 1];
    else if (e.key === "ArrowUp") next = list[list.indexOf(seg) - 1];
    else if (e.key === "Home") next = list[0];
    else if (e.key === "End") next = list[list.length - 1];
    else if (e.key === "ArrowRight" || e.key === "ArrowLeft") next = visibleTwin(seg);
    else return;
    e.preventDefault();
    if (next) setCurrent(next, true);
  });
  start();
}

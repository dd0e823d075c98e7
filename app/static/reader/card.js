// The card: a glossary term's details, a word lookup, a sentence's English. One card for the page,
// always inside the window and never over the sentence being read or its twin.

import { columnLang, el, msg, reader, twinOf, visible } from "./dom.js";
import { currentSeg, onKey } from "./focus.js";

export const card = document.getElementById("term-card");
let terms = {};

// The page's term map (#term-data): read at start and again after the text was refreshed.
export function loadTerms() {
  terms = JSON.parse(document.getElementById("term-data").textContent || "{}");
}
let cardFor = null;  // the element the card describes (a term mark, a sentence)
let placedAt = null;
let lastPointer = "mouse";

export function pointerType() { return lastPointer; }
export function isOpen(kind) { return !card.hidden && (!kind || card.dataset.kind === kind); }

// The marks setting (Options): which terms are marked, and so which have a card.
const MARKED_DOMAINS = [".d-legal", ".d-prison"];
export function isMarked(mark) {
  if (reader.classList.contains("marks-none")) return false;
  if (reader.classList.contains("marks-all")) return true;
  return mark.matches(MARKED_DOMAINS.join(", ")) || mark.classList.contains("missing");
}

function box(node) {
  if (!node) return null;
  return node.getBoundingClientRect();
}

// The rectangle the card must not cover: the sentence and, where it is shown, its twin.
function avoidBox(seg) {
  const a = box(seg);
  const twin = seg && seg.classList.contains("seg") ? twinOf(seg) : null;
  if (!a || !twin || !visible(twin)) return a;
  const b = box(twin);
  return { top: Math.min(a.top, b.top), bottom: Math.max(a.bottom, b.bottom), left: Math.min(a.left, b.left),
    right: Math.max(a.right, b.right) };
}

// Put the card next to `anchor`, outside `avoid` (a sentence and its twin), flipped above when there
// is no room below, and shifted sideways to stay in the window; clear of the phone's bottom toolbar.
export function place(anchor, avoid) {
  placedAt = [anchor, avoid];
  card.hidden = false;
  card.style.left = "0px";
  card.style.top = "0px";
  const margin = 8;
  const vw = document.documentElement.clientWidth;
  const bar = document.getElementById("toolbar");
  const barBox = bar && getComputedStyle(bar).position === "fixed" ? bar.getBoundingClientRect() : null;
  const bottomLimit = (barBox && barBox.top > window.innerHeight / 2 ? barBox.top : window.innerHeight) - margin;
  const topLimit = (barBox && barBox.top <= window.innerHeight / 2 ? barBox.bottom : 0) + margin;
  const w = card.offsetWidth;
  const h = card.offsetHeight;
  const a = anchor.getBoundingClientRect();
  const s = avoidBox(avoid) || a;
  let top;
  if (s.bottom + 6 + h <= bottomLimit) top = s.bottom + 6;
  else if (s.top - 6 - h >= topLimit) top = s.top - 6 - h;
  else if (a.bottom + 6 + h <= bottomLimit) top = a.bottom + 6;  // a sentence taller than the window
  else top = Math.max(topLimit, a.top - 6 - h);
  const left = Math.max(margin, Math.min(a.left, vw - w - margin));
  card.style.left = left + "px";
  card.style.top = top + "px";
}

export function hideCard() {
  if (cardFor) cardFor.removeAttribute("aria-describedby");
  card.hidden = true;
  card.replaceChildren();
  card.dataset.kind = "";
  card.setAttribute("role", "tooltip");
  card.removeAttribute("aria-label");
  card.removeAttribute("aria-modal");
  cardFor = null;
  placedAt = null;
}

// Open the card with `nodes`; kind "term" is a tooltip, the others are small non-modal dialogs.
export function showCard(kind, nodes, anchor, avoid, label) {
  if (cardFor) cardFor.removeAttribute("aria-describedby");
  card.replaceChildren(...nodes);
  card.dataset.kind = kind;
  card.setAttribute("role", kind === "term" ? "tooltip" : "dialog");
  if (label) card.setAttribute("aria-label", label);
  else card.removeAttribute("aria-label");
  cardFor = anchor instanceof Element ? anchor : null;
  place(anchor, avoid);
}

export function cardOwner() { return cardFor; }

function showTerm(mark) {
  const info = terms[mark.dataset.entry];
  if (!info || !isMarked(mark)) return;
  const head = el("p", null, "card-head");
  const source = el("b", info.source);
  source.lang = columnLang("en");  // the source column's real language
  const target = el("b", info.target);
  target.lang = reader.querySelector(".col.es").lang;
  head.append(source, " → ", target);
  const nodes = [head, el("p", info.domain, "card-domain")];
  if (info.note) nodes.push(el("p", info.note, "card-note"));
  if (mark.classList.contains("missing")) nodes.push(el("p", msg.missing, "card-warning"));
  showCard("term", nodes, mark, mark.closest(".seg"));
  mark.setAttribute("aria-describedby", "term-card");
}

function segTerms(seg) {
  return Array.prototype.filter.call(seg.querySelectorAll(".term"), (t) => terms[t.dataset.entry] && isMarked(t));
}

function moveTerm(seg, from, step) {
  const list = segTerms(seg);
  if (!list.length) return;
  let i = list.indexOf(from) + step;
  if (from === null) i = step > 0 ? 0 : list.length - 1;
  if (i < 0 || i >= list.length) { seg.focus(); return; }
  list[i].tabIndex = -1;
  list[i].focus();
}

export function init() {
  loadTerms();
  document.addEventListener("pointerdown", (e) => { lastPointer = e.pointerType || "mouse"; }, true);
  reader.addEventListener("mouseover", (e) => {
    const mark = e.target.closest && e.target.closest(".term");
    if (mark && lastPointer === "mouse" && (card.hidden || card.dataset.kind === "term")) showTerm(mark);
  });
  reader.addEventListener("mouseout", (e) => {
    const mark = e.target.closest && e.target.closest(".term");
    if (mark && mark === cardFor && lastPointer === "mouse" && !mark.contains(e.relatedTarget) &&
        !card.contains(e.relatedTarget)) hideCard();
  });
  reader.addEventListener("focusin", (e) => {
    if (e.target.classList.contains("term")) showTerm(e.target);
  });
  reader.addEventListener("focusout", (e) => {
    if (e.target === cardFor && card.dataset.kind === "term" && !card.contains(e.relatedTarget)) hideCard();
  });
  // A tap (touch, pen) on a term shows its card; on a phone there is no hover.
  reader.addEventListener("click", (e) => {
    const mark = e.target.closest && e.target.closest(".term");
    if (mark && lastPointer !== "mouse" && window.getSelection().isCollapsed) showTerm(mark);
  });
  // The card is fixed to the window: follow the text when it scrolls.
  window.addEventListener("scroll", () => { if (!card.hidden && placedAt) place(placedAt[0], placedAt[1]); },
    { passive: true });
  // A click outside closes it (not the click that made a selection: that one opens a lookup).
  document.addEventListener("click", (e) => {
    if (card.hidden || card.contains(e.target)) return;
    if (!window.getSelection().isCollapsed && card.dataset.kind === "lookup") return;
    if (cardFor && cardFor.contains(e.target)) return;  // the click that opened it, on what it is about
    hideCard();
  });
  // Esc closes the card from anywhere; focus goes back to the sentence it was about.
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape" || card.hidden) return;
    if (e.target.closest && e.target.closest("dialog[open], .editor")) return;
    const inside = card.contains(document.activeElement) || (cardFor && cardFor.contains(document.activeElement));
    const back = cardFor ? (cardFor.closest(".seg") || cardFor) : currentSeg();
    hideCard();
    window.getSelection().removeAllRanges();
    if (inside && back) back.focus();
    else if (inside && currentSeg()) currentSeg().focus();
  });
  onKey((e, seg) => {
    if (e.altKey && (e.key === "ArrowRight" || e.key === "ArrowLeft")) {
      e.preventDefault();
      const onTerm = e.target.classList.contains("term") ? e.target : null;
      moveTerm(seg, onTerm, e.key === "ArrowRight" ? 1 : -1);
      return true;
    }
    return false;
  });
}

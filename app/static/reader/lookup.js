// Looking up and keeping what is selected: a selection in the text (double-click, drag, a long press,
// or Shift+Arrows then Enter) opens one card with the glossary's answer first and the dictionary's
// second, a button to save it to the study list and, for editors, one "Add to glossary".

import { announce, button, canEdit, columnLang, el, keyOf, langOf, msg, reader, sentenceText, twinOf } from "./dom.js";
import { hideCard, isOpen, place, pointerType, showCard } from "./card.js";
import { onKey } from "./focus.js";
import { openAddTerm } from "./glossary_add.js";
import * as study from "./study.js";

const MAX_CHARS = 200;
let shown = null;  // the selection the card is about: {text, seg}

// The selection, when it lies inside one sentence of the text: {text, seg, lang, range}.
export function selection() {
  const sel = window.getSelection();
  if (!sel || sel.isCollapsed || !sel.rangeCount) return null;
  const nodeOf = (n) => (n && n.nodeType === 1 ? n : n && n.parentElement);
  const start = nodeOf(sel.anchorNode);
  const end = nodeOf(sel.focusNode);
  const seg = start && start.closest("#reader-text .seg");
  if (!seg || !end || seg !== end.closest(".seg")) return null;
  const text = sel.toString().replace(/\s+/g, " ").trim().replace(/^[\s"“”'‘’(¿¡]+|[\s"“”'’),.;:!?]+$/g, "");
  if (!text || text.length > MAX_CHARS) return null;
  return { text, seg, lang: langOf(seg), range: sel.getRangeAt(0) };
}

function contextOf(seg) {
  const en = langOf(seg) === "en" ? seg : twinOf(seg);
  const es = langOf(seg) === "es" ? seg : twinOf(seg);
  return [en, es].filter(Boolean).map(sentenceText).join("\n");
}

export function studyItem(front, back, seg, lang) {
  return {
    front, back: back || "", context: contextOf(seg), lang: columnLang(lang),
    article: reader.dataset.slug, article_id: Number(reader.dataset.articleId), key: keyOf(seg),
  };
}

// A "Save to study list" button; saved once, it says so.
export function saveButton(getItem, compact) {
  const save = button(msg.saveStudy, "save-study", "save", compact);
  save.addEventListener("click", async () => {
    const result = await study.save(getItem());
    if (result.ok) {
      announce(msg.saved);
      save.setAttribute("aria-pressed", "true");
    } else {
      announce(msg.saveFailed + " " + (result.error || ""));
    }
  });
  return save;
}

function glossaryList(entries, lang) {
  const list = el("ul", null, "senses glossary");
  entries.forEach((entry) => {
    const item = el("li");
    const source = el("span", entry.matched);
    source.lang = "en";
    const target = el("b", entry.rendering);
    target.lang = lang;
    item.append(source, " → ", target);
    if (entry.rendering !== entry.target) {
      const lemma = el("span", " (" + entry.target + ")");
      lemma.lang = lang;
      item.append(lemma);
    }
    item.append(" ", el("i", entry.domain_label));
    if (entry.note) item.append(el("span", entry.note, "card-note"));
    list.append(item);
  });
  return list;
}

function dictionaryList(senses, lang) {
  const list = el("ul", null, "senses");
  senses.forEach((sense) => {
    const item = el("li");
    item.append(el("i", sense.pos_label), " ", el("span", sense.lemma), " → ");
    const spanish = el("span", sense.translations.map((t) => t.text).join(", "));
    spanish.lang = lang;
    item.append(spanish);
    list.append(item);
  });
  return list;
}

function buttons(front, back, seg, lang, entry) {
  const row = el("div", null, "buttons");
  row.append(saveButton(() => studyItem(front, back(), seg, lang)));
  if (canEdit && lang === "en") {
    const add = button(msg.add, "add", "add");
    add.addEventListener("click", () => {
      const found = entry();
      openAddTerm(front, found && found.text, found && found.gender);
    });
    row.append(add);
  }
  const close = button(msg.close, "close");
  close.addEventListener("click", () => { hideCard(); window.getSelection().removeAllRanges(); seg.focus(); });
  row.append(close);
  return row;
}

// Open the card for a selection; byKeyboard puts focus in it (Esc brings it back).
export async function openLookup(found, byKeyboard) {
  const { text, seg, lang } = found;
  if (isOpen("lookup") && shown && shown.text === text && shown.seg === seg) return;
  shown = { text, seg };
  const target = columnLang("es");
  const head = el("p", null, "card-head");
  const word = el("b", text);
  word.lang = columnLang(lang);
  head.append(word);
  let answer = { back: "", entry: null };
  const row = buttons(text, () => answer.back, seg, lang, () => answer.entry);
  const anchor = found.range;
  if (lang !== "en") {  // a Spanish selection: the sentence's English beside it, and saving
    const twin = twinOf(seg);
    const english = el("p", null, "card-note");
    if (twin) {
      const span = el("span", sentenceText(twin));
      span.lang = "en";
      english.append(el("i", msg.english + ": "), span);
    }
    showCard("lookup", [head, english, row], anchor, seg, text);
    if (byKeyboard) row.querySelector("button").focus();
    return;
  }
  const waiting = el("p", msg.lookingUp);
  showCard("lookup", [head, waiting, row], anchor, seg, text);
  if (byKeyboard) row.querySelector("button").focus();
  let data;
  try {
    // the source column's language: a Spanish article's words are looked up in Apertium's spa-eng
    const url = msg.lookupApi + "?word=" + encodeURIComponent(text) + "&lang=" + columnLang("en");
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    data = await response.json();
  } catch (err) {
    data = { error: String(err.message || err) };
  }
  if (!shown || shown.text !== text || !isOpen("lookup")) return;  // closed or replaced meanwhile
  const glossary = data.glossary || [];
  const senses = data.senses || [];
  const nodes = [];
  if (glossary.length) {
    nodes.push(el("p", msg.glossary, "card-domain"), glossaryList(glossary, target));
    const whole = glossary.find((g) => g.whole) || glossary[0];
    answer = { back: whole.rendering, entry: null };
  }
  if (senses.length) {
    nodes.push(el("p", msg.dictionary, "card-domain"), dictionaryList(senses, target));
    const first = senses[0].translations[0];
    if (!answer.back) answer.back = senses.slice(0, 2).map((s) => s.translations.map((t) => t.text).slice(0, 3).join(", ")).join("; ");
    answer.entry = first;
  }
  if (data.error) nodes.push(el("p", data.error, "card-warning"));
  else if (!glossary.length && !senses.length) nodes.push(el("p", msg.noMatch));
  waiting.replaceWith(...nodes);
  place(anchor, seg);
}

// Keyboard selection inside a focused sentence: Shift+Arrow extends it word by word.
function extendSelection(seg, direction) {
  const sel = window.getSelection();
  if (!sel.rangeCount || !seg.contains(sel.anchorNode)) {
    const range = document.createRange();
    range.setStart(seg, 0);
    range.collapse(true);
    sel.removeAllRanges();
    sel.addRange(range);
  }
  sel.modify("extend", direction, "word");
  if (!seg.contains(sel.focusNode)) sel.modify("extend", direction === "forward" ? "backward" : "forward", "word");
}

export function init() {
  // A mouse selection (a drag, a double-click) settles on mouseup.
  document.addEventListener("mouseup", (e) => {
    if (e.button !== 0 || pointerType() !== "mouse" || (e.target.closest && e.target.closest("#term-card"))) return;
    setTimeout(() => {
      const found = selection();
      if (found) openLookup(found, false);
    }, 0);
  });
  // A long press on a phone selects a word: the card follows the selection once it rests.
  let settle = null;
  document.addEventListener("selectionchange", () => {
    if (pointerType() === "mouse") return;
    clearTimeout(settle);
    settle = setTimeout(() => {
      const found = selection();
      if (found) openLookup(found, false);
    }, 600);
  });
  onKey((e, seg) => {
    if (e.shiftKey && !e.altKey && !e.ctrlKey && (e.key === "ArrowRight" || e.key === "ArrowLeft")) {
      e.preventDefault();
      extendSelection(seg, e.key === "ArrowRight" ? "forward" : "backward");
      return true;
    }
    if (e.key === "Enter" && !e.shiftKey && !e.altKey && !e.ctrlKey) {
      const found = selection();
      if (found && found.seg === seg) { e.preventDefault(); openLookup(found, true); return true; }
    }
    return false;
  });
}

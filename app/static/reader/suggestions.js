// Suggestions beside the editor: translation-memory matches (an honest percentage, what differs in the
// English, numbers adapted) to use whole, and the engine's alternatives: whole sentences to use, or other
// words for one English word to insert (replacing the word they stand for when the sentence has it).

import { button, el, fill, msg } from "./dom.js";

// The memory's English against this sentence's: what changed is marked (ins: here, del: in the memory).
function diffView(diff) {
  const p = el("p", null, "tm-diff");
  p.lang = "en";
  diff.forEach((part) => {
    if (part.op === "equal") { p.append(el("span", part.text + " ")); return; }
    if (part.tm) p.append(el("del", part.tm), " ");
    if (part.text) p.append(el("ins", part.text), " ");
  });
  return p;
}

function useButton(text, area) {
  const take = button(msg.use, "use");
  take.addEventListener("click", () => {
    area.value = text;
    area.dispatchEvent(new Event("input"));
    area.focus();
  });
  return take;
}

// Put `word` in the sentence: in place of one of the other options when the sentence has one (same
// capital), else where the cursor is (over a selection).
export function insertWord(area, word, options) {
  const text = area.value;
  for (const other of options) {
    if (other === word) continue;
    const m = new RegExp("(^|[^\\p{L}])(" + other.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ")(?![\\p{L}])", "iu").exec(text);
    if (m) {
      const start = m.index + m[1].length;
      const cased = m[2][0] === m[2][0].toUpperCase() ? word[0].toUpperCase() + word.slice(1) : word;
      area.value = text.slice(0, start) + cased + text.slice(start + m[2].length);
      area.setSelectionRange(start + cased.length, start + cased.length);
      return;
    }
  }
  const from = area.selectionStart;
  const to = area.selectionEnd;
  const before = text.slice(0, from);
  const pad = before && !/\s$/.test(before) ? " " : "";
  area.value = before + pad + word + text.slice(to);
  const at = from + pad.length + word.length;
  area.setSelectionRange(at, at);
}

function wordChoices(choice, area) {
  const item = el("li", null, "engine words");
  const label = el("span", fill(msg.wordChoices, { word: choice.source }) + " ");
  label.lang = "en";
  item.append(label);
  choice.options.forEach((option) => {
    const b = button(option, "insert");
    b.lang = area.lang;
    b.setAttribute("aria-label", fill(msg.insert, { word: option }));
    b.addEventListener("click", () => {
      insertWord(area, option, choice.options);
      area.dispatchEvent(new Event("input"));
      area.focus();
    });
    item.append(b, " ");
  });
  item.append(el("span", choice.engine, "meta"));
  return item;
}

export async function loadSuggestions(segId, editor, area, placed) {
  let data;
  try {
    const response = await fetch(msg.segmentsApi + segId + "/suggestions", { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    data = await response.json();
  } catch (err) {
    return;  // suggestions are optional
  }
  if (!editor.isConnected || (!data.tm.length && !data.engines.length)) return;
  const box = el("section", null, "suggestions");
  box.setAttribute("aria-label", msg.suggestions);
  const list = el("ul");
  data.tm.forEach((s) => {
    const item = el("li", null, "tm");
    const head = el("p");
    const target = el("span", s.target, "target");
    target.lang = area.lang;
    head.append(el("strong", fill(msg.match, { pct: Math.floor(s.score) }), "score"), " ", target, " ", useButton(s.target, area));
    const meta = [msg.tmLabel + ": " + [s.article || s.origin, s.author, s.created_at.slice(0, 10)].filter(Boolean).join(", ")];
    if (s.adapted && s.adapted.length) meta.push(msg.numbersAdapted);
    item.append(head, diffView(s.diff), el("p", meta.join(" · "), "meta"));
    list.append(item);
  });
  data.engines.forEach((s) => {
    if (s.text) {
      const item = el("li", null, "engine");
      const target = el("span", s.text, "target");
      target.lang = area.lang;
      item.append(target, " ", useButton(s.text, area), " ", el("span", s.engine, "meta"));
      list.append(item);
    } else if (s.options && s.options.length) {
      list.append(wordChoices(s, area));
    }
  });
  box.append(el("h3", msg.suggestions), list);
  editor.append(box);
  if (placed) placed();
}

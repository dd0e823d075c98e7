// Correcting a sentence (editors; the server checks too). The editor opens from the Edit button, Enter
// on a Spanish sentence, or a plain click on one (never from a selection: selecting text is for reading).
// It shows the English, the keys (Ctrl+Enter saves, Esc cancels: anywhere in the editor), memory
// matches and the engine's alternatives; a save refreshes the text in place and focus stays on the sentence.

import { button, canEdit, columnLang, el, keyOf, msg, reader, send, sentenceText, twinOf } from "./dom.js";
import { hideCard, isOpen, pointerType } from "./card.js";
import { onKey, setCurrent } from "./focus.js";
import { refreshText } from "./refresh.js";
import { loadSuggestions } from "./suggestions.js";

let openFor = null;

export function editing() { return openFor; }

function autosize(area) {
  area.style.height = "auto";
  area.style.height = area.scrollHeight + 2 + "px";
}

// The whole editor on screen (its top first when it is taller than the window).
function reveal(editor) {
  const box = editor.getBoundingClientRect();
  if (box.top >= 0 && box.bottom <= window.innerHeight) return;
  editor.scrollIntoView({ block: box.height > window.innerHeight * 0.9 ? "start" : "nearest" });
}

export function openEditor(seg) {
  if (!canEdit || !seg || seg.classList.contains("pending") || seg.classList.contains("editing")) return;
  if (openFor) closeEditor(false);
  hideCard();
  openFor = seg;
  seg.classList.add("editing");
  const key = keyOf(seg);
  const editor = el("div", null, "editor");
  editor.setAttribute("role", "group");
  editor.setAttribute("aria-label", msg.editLabel);
  const english = twinOf(seg);
  const source = el("p", null, "editor-source");
  const sourceText = el("span", english ? sentenceText(english) : "");
  sourceText.lang = columnLang("en");  // the source column's real language
  source.append(el("span", msg.sourceLabel + ": ", "label"), sourceText);
  const area = el("textarea");
  area.value = sentenceText(seg);
  area.rows = 2;
  area.lang = seg.closest(".col").lang;
  area.setAttribute("aria-label", msg.editLabel);
  const hint = el("p", msg.editorHint, "hint");
  hint.id = "editor-hint";
  area.setAttribute("aria-describedby", "editor-hint");
  const error = el("p", null, "error");
  error.setAttribute("role", "alert");
  const row = el("div", null, "buttons");
  const save = button(msg.save, "save");
  const cancel = button(msg.cancel, "cancel");
  row.append(save, cancel);
  if (seg.dataset.origin === "human") {
    const undo = button(msg.undo, "undo");
    undo.addEventListener("click", async () => {
      const res = await send("DELETE", msg.segmentsApi + seg.dataset.seg + "/edit");
      if (res.status === 200) await refreshText(key, "es", true);
      else error.textContent = msg.failed + " " + res.data.error;
    });
    row.append(undo);
  }
  editor.append(source, area, hint, row, error);
  seg.hidden = true;
  const actions = seg.nextElementSibling && seg.nextElementSibling.classList.contains("seg-actions")
    ? seg.nextElementSibling : null;
  if (actions) actions.hidden = true;
  seg.after(editor);
  autosize(area);
  area.addEventListener("input", () => autosize(area));
  area.focus({ preventScroll: true });
  area.setSelectionRange(0, 0);
  area.scrollTop = 0;
  reveal(editor);
  loadSuggestions(seg.dataset.seg, editor, area, () => reveal(editor));

  async function submit() {
    save.disabled = true;
    const res = await send("PUT", msg.segmentsApi + seg.dataset.seg, { text: area.value, version: Number(seg.dataset.version) });
    save.disabled = false;
    if (res.status === 200) {
      openFor = null;
      await refreshText(key, "es", true);
      return;
    }
    if (res.status === 409) {
      error.textContent = msg.conflict + " " + (res.data.current && res.data.current.target);
      seg.dataset.version = res.data.current ? res.data.current.version : seg.dataset.version;
    } else {
      error.textContent = msg.failed + " " + res.data.error;
    }
  }
  save.addEventListener("click", submit);
  cancel.addEventListener("click", () => closeEditor(true));
  editor.addEventListener("keydown", (e) => {
    if (e.key === "Escape") { e.preventDefault(); e.stopPropagation(); closeEditor(true); }
    else if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); submit(); }
  });
}

export function closeEditor(focus) {
  const seg = openFor;
  if (!seg) return;
  openFor = null;
  const editor = seg.nextElementSibling && seg.nextElementSibling.classList.contains("editor") ? seg.nextElementSibling : null;
  if (editor) editor.remove();
  seg.hidden = false;
  seg.classList.remove("editing");
  setCurrent(seg, focus);
}

export function init() {
  if (!canEdit) return;
  // A plain click opens the editor; a drag or a double-click selects instead (the click waits for a
  // possible second one, then looks at the selection).
  let pending = null;
  reader.addEventListener("click", (e) => {
    const seg = e.target.closest(".col.es .seg");
    if (!seg || seg.classList.contains("pending") || pointerType() !== "mouse") return;
    clearTimeout(pending);
    if (e.detail > 1) return;
    pending = setTimeout(() => {
      const sel = window.getSelection();
      if (!sel.isCollapsed || isOpen("lookup")) return;
      openEditor(seg);
    }, 260);
  });
  onKey((e, seg, lang) => {
    if (lang === "es" && e.target === seg && e.key === "Enter" && !e.altKey && !e.shiftKey && !e.ctrlKey &&
        !seg.classList.contains("pending")) {
      e.preventDefault();
      openEditor(seg);
      return true;
    }
    return false;
  });
}

// What a reader can do with the sentence they are on: listen to it, copy the pair, copy its link, save
// it to the study list and, on a Spanish sentence, edit it (editors) or sign in to edit (readers, when
// accounts are on). One small bar, placed after the current sentence once the reader chose one.
// In a one-language view, a tap or Enter on a sentence shows the other language in the card.

import { announce, button, canEdit, copyText, el, keyOf, langOf, msg, pairText, reader, sentenceText, twinOf }
  from "./dom.js";
import { hideCard, isOpen, pointerType, showCard } from "./card.js";
import { currentSeg, onCurrent, onKey, setCurrent } from "./focus.js";
import { editing, openEditor } from "./editor.js";
import { speakSentence, speechAvailable } from "./listen.js";
import { saveButton, studyItem } from "./lookup.js";
import { onRefresh } from "./refresh.js";
import { linkTo } from "./share.js";

let bar = null;

function signInUrl(seg) {
  const back = window.location.pathname + window.location.search + "#s-" + keyOf(seg);
  return reader.dataset.signIn + "?next=" + encodeURIComponent(back);
}

function build(seg) {
  const group = el("span", null, "seg-actions");
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", msg.sentenceActions);
  if (speechAvailable()) {
    const listen = button(msg.listen, "listen", "play", true);
    listen.addEventListener("click", () => speakSentence(seg));
    group.append(listen);
  }
  const copy = button(msg.copy, "copy", "copy", true);
  copy.addEventListener("click", async () => announce((await copyText(pairText(seg))) ? msg.copied : msg.copyFailed));
  const link = button(msg.copyLink, "copy-link", "link", true);
  link.addEventListener("click", async () => announce((await copyText(linkTo(seg))) ? msg.linkCopied : msg.copyFailed));
  const save = saveButton(() => {
    const en = langOf(seg) === "en" ? seg : twinOf(seg);
    const es = langOf(seg) === "es" ? seg : twinOf(seg);
    return studyItem(en ? sentenceText(en) : "", es ? sentenceText(es) : "", seg, "en");
  }, true);
  group.append(copy, link, save);
  if (langOf(seg) === "es" && !seg.classList.contains("pending")) {
    if (canEdit) {
      const edit = button(msg.edit, "edit-seg", "edit");
      edit.addEventListener("click", () => openEditor(seg));
      group.append(edit);
    } else if (reader.dataset.signIn) {
      const signIn = el("a", null, "sign-in-edit");
      signIn.href = signInUrl(seg);
      signIn.append(msg.signInEdit);
      group.append(signIn);
    }
  }
  return group;
}

// The bar after `seg` (built again for each sentence: small, and its buttons act on that sentence).
function placeBar(seg) {
  if (bar) bar.remove();
  bar = null;
  if (!seg || seg.classList.contains("editing") || editing() === seg) return;
  bar = build(seg);
  seg.after(bar);
}

// In a one-language view the other language is one tap (or Enter) away.
function showOther(seg) {
  const twin = twinOf(seg);
  if (!twin) return;
  const text = el("p", null, "card-twin");
  text.lang = twin.closest(".col").lang;
  text.append(sentenceText(twin));
  const close = button(msg.close, "close");
  close.addEventListener("click", () => { hideCard(); seg.focus(); });
  const row = el("div", null, "buttons");
  row.append(close);
  showCard("twin", [text, row], seg, seg, langOf(seg) === "es" ? msg.english : msg.sentenceActions);
}

function oneLanguageView() {
  return reader.classList.contains("view-es") || reader.classList.contains("view-en");
}

export function init() {
  onCurrent((seg, byUser) => { if (byUser) placeBar(seg); });
  onRefresh(() => { bar = null; });
  reader.addEventListener("click", (e) => {
    const seg = e.target.closest("#reader-text .seg");
    if (!seg) return;
    const onTerm = e.target.closest(".term");
    if (pointerType() !== "mouse" && seg !== currentSeg()) setCurrent(seg, !onTerm);  // a tap chooses the sentence
    if (onTerm && pointerType() !== "mouse") return;  // and shows the term's card
    if (!oneLanguageView() || !window.getSelection().isCollapsed) return;
    if (canEdit && langOf(seg) === "es" && pointerType() === "mouse") return;  // a click edits
    if (isOpen("lookup")) return;
    showOther(seg);
  });
  onKey((e, seg) => {
    if (e.key === "Enter" && e.target === seg && oneLanguageView() && !(canEdit && langOf(seg) === "es")) {
      e.preventDefault();
      showOther(seg);
      return true;
    }
    return false;
  });
  if (currentSeg() && document.activeElement === currentSeg()) placeBar(currentSeg());
}

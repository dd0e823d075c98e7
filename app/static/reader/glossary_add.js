// Adding a glossary term (editors): from the lookup card or the toolbar's "Add term". Once saved, the
// sentences that use it are translated again; the text is then refreshed in place and focus goes back
// to the sentence the editor was on.

import { announce, canEdit, columnLang, keyOf, langOf, msg, reader, send, sentenceText, twinOf } from "./dom.js";
import { hideCard } from "./card.js";
import { currentSeg } from "./focus.js";
import { waitForJobs } from "./progress.js";
import { refreshText } from "./refresh.js";

const dialog = document.getElementById("add-term");
let returnTo = null;  // the sentence (or control) focus goes back to

export function openAddTerm(source, target, gender) {
  if (!canEdit || !dialog) return;
  const form = dialog.querySelector("form");
  const error = form.querySelector(".form-error");
  returnTo = currentSeg();
  hideCard();
  form.reset();
  error.hidden = true;
  // `source` comes from the article's source column: in a Spanish article that is the entry's Spanish side
  const spanishArticle = columnLang("en").startsWith("es");
  const [english, spanish] = spanishArticle ? [target, source] : [source, target];
  form.elements.source.value = english || "";
  if (spanish) form.elements.target.value = spanish;
  if (gender && !spanishArticle) form.elements.gender.value = gender;
  dialog.showModal();
  (form.elements.source.value ? form.elements.target : form.elements.source).focus();
}

function englishOfCurrent() {
  const seg = currentSeg();
  if (!seg) return "";
  const en = langOf(seg) === "en" ? seg : twinOf(seg);
  return en ? sentenceText(en).slice(0, 200) : "";
}

export function init() {
  if (!canEdit || !dialog) return;
  const form = dialog.querySelector("form");
  const error = form.querySelector(".form-error");
  const opener = document.getElementById("add-term-open");
  if (opener) {
    opener.addEventListener("click", () => {
      const sel = window.getSelection();
      const selected = sel && !sel.isCollapsed && sel.anchorNode && sel.anchorNode.parentElement &&
        sel.anchorNode.parentElement.closest(".col.en") ? sel.toString().replace(/\s+/g, " ").trim().slice(0, 200) : "";
      openAddTerm(selected || englishOfCurrent());
    });
  }
  form.querySelector(".close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    if (returnTo && returnTo.isConnected) returnTo.focus();
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = {};
    ["source", "target", "kind", "domain", "gender", "note"].forEach((k) => { data[k] = form.elements[k].value; });
    const res = await send("POST", msg.glossaryApi, data);
    if (res.status !== 201) {
      error.textContent = res.data.error;
      error.hidden = false;
      return;
    }
    const seg = returnTo;
    dialog.close();
    const note = document.createElement("p");
    note.className = "notice";
    note.setAttribute("role", "status");
    note.textContent = msg.retranslating;
    reader.querySelector("#reader-text").before(note);
    announce(msg.retranslating);
    await waitForJobs();
    await refreshText(seg ? keyOf(seg) : "", seg ? langOf(seg) : "en", true);
    note.remove();
  });
}

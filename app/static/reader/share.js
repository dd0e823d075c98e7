// Sharing: every sentence pair has a stable link (#s-p3.s1) that opens the reader scrolled to it and
// highlighted; a pair or all the Spanish can be copied; a printed page says where it came from.

import { announce, copyText, keyOf, msg, reader, sentenceText, visible, visibleTwin } from "./dom.js";
import { setCurrent } from "./focus.js";

export function linkTo(seg) {
  return window.location.origin + window.location.pathname + window.location.search + "#s-" + keyOf(seg);
}

// The sentence the address names: scrolled to, highlighted (both languages) and holding the tab stop.
export function showTarget() {
  const match = /^#s-(p\d+\.s\d+)$/.exec(window.location.hash);
  reader.querySelectorAll(".seg.linked").forEach((s) => s.classList.remove("linked"));
  if (!match) return;
  let seg = document.getElementById("s-" + match[1]);
  if (!seg) return;
  if (!visible(seg)) seg = visibleTwin(seg) || document.getElementById("es-" + match[1]);
  if (!seg || !visible(seg)) return;
  reader.querySelectorAll('.seg[data-seg="' + seg.dataset.seg + '"]').forEach((s) => s.classList.add("linked"));
  setCurrent(seg, { preventScroll: true }, false);
  seg.scrollIntoView({ block: "center" });
}

function allSpanish() {
  return Array.from(reader.querySelectorAll("#reader-text .row"), (row) =>
    Array.from(row.querySelectorAll(".col.es .seg:not(.pending)"), sentenceText).join(" ")).filter(Boolean).join("\n\n");
}

export function init() {
  showTarget();
  window.addEventListener("hashchange", showTarget);
  const copyAll = document.getElementById("copy-spanish");
  if (copyAll) {
    copyAll.addEventListener("click", async () => {
      announce((await copyText(allSpanish())) ? msg.copied : msg.copyFailed);
      const menu = copyAll.closest("details");
      if (menu) menu.open = false;
    });
  }
  const printed = reader.querySelector(".printed-from");
  window.addEventListener("beforeprint", () => {
    if (printed) printed.textContent = window.location.href.replace(/#.*$/, "");
  });
}

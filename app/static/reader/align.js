// Spanish articles and aligned editions (issue 26):
// 1. "Swap sides" puts the source column on the other side; the choice is remembered in this browser.
// 2. Editors fix an aligned pair: on a sentence taken from an existing translation, Alt+J joins it with the
//    next one and Alt+S splits it (after how many source and translated sentences is asked); the small bar
//    that appears when such a sentence has the focus does the same. Both call the JSON API and reload.
// Everything is delegated from #reader, so it still works after refresh.js has replaced the text.

import { canEdit, reader, send } from "./dom.js";

const SIDE_KEY = "paralelo-source-side";

function setSide(right, remember) {
  reader.classList.toggle("source-right", right);
  const swap = document.getElementById("swap-sides");
  if (swap) swap.setAttribute("aria-pressed", String(right));
  if (remember) {
    try { localStorage.setItem(SIDE_KEY, right ? "right" : "left"); } catch (err) { /* private mode */ }
  }
}

function alignedSeg(node) {
  const seg = node instanceof Element ? node.closest(".col.target .seg.aligned") : null;
  return seg && reader.contains(seg) ? seg : null;
}

async function act(seg, action, body) {
  const { status, data } = await send("POST", reader.dataset.api + "/segments/" + seg.dataset.seg + "/" + action, body);
  if (status === 200) location.reload();
  else alert(data.error || status);
}

function split(seg, words) {
  const answer = prompt(words.splitPrompt || "Split after how many source and translated sentences?", "1 1");
  if (!answer) return;
  const [sourceAt, targetAt] = answer.trim().split(/\s+/).map(Number);
  act(seg, "split", { source_at: sourceAt, target_at: targetAt });
}

function toolsFor(seg, words) {
  const next = seg.nextElementSibling;
  if (next && next.classList.contains("align-tools")) return next;
  const tools = document.createElement("span");
  tools.className = "align-tools";
  for (const [action, label] of [["join", words.join || "Join with next"], ["split", words.split || "Split"]]) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.dataset.alignAction = action;
    tools.append(b);
  }
  seg.after(tools);
  return tools;
}

export function init() {
  let saved = null;
  try { saved = localStorage.getItem(SIDE_KEY); } catch (err) { /* private mode */ }
  setSide(saved === "right", false);
  const swap = document.getElementById("swap-sides");
  if (swap) swap.addEventListener("click", () => setSide(!reader.classList.contains("source-right"), true));
  if (!canEdit) return;
  const words = (document.getElementById("align-messages") || { dataset: {} }).dataset;
  reader.addEventListener("focusin", (event) => {
    const seg = alignedSeg(event.target);
    if (seg) toolsFor(seg, words).hidden = false;
  });
  reader.addEventListener("click", (event) => {
    const b = event.target instanceof Element ? event.target.closest(".align-tools button") : null;
    if (!b) return;
    event.stopPropagation();
    const seg = b.parentElement.previousElementSibling;
    if (b.dataset.alignAction === "join") act(seg, "join");
    else split(seg, words);
  });
  reader.addEventListener("keydown", (event) => {
    const seg = alignedSeg(event.target);
    if (!seg || !event.altKey) return;
    if (event.key === "j" || event.key === "J") { event.preventDefault(); act(seg, "join"); }
    if (event.key === "s" || event.key === "S") { event.preventDefault(); split(seg, words); }
  });
}

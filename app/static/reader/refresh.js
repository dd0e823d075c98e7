// The text again from the server after a change (a saved correction, a new glossary term), without a
// reload: the page is fetched, its text and term map put in place of the old ones, and the tab stop
// and focus go back to the sentence the reader was on. Terms, review marks and the notice's count all
// come from the server's own rendering.

import { reader } from "./dom.js";
import { hideCard, loadTerms } from "./card.js";
import { restore } from "./focus.js";

const listeners = [];

// fn() after every refresh (the sentence actions are placed again, the view kept).
export function onRefresh(fn) { listeners.push(fn); }

export async function refreshText(key, lang, focus = true) {
  const response = await fetch(window.location.pathname + window.location.search, {
    headers: { Accept: "text/html" }, cache: "no-cache",
  });
  if (!response.ok) { window.location.reload(); return; }
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const text = page.getElementById("reader-text");
  const terms = page.getElementById("term-data");
  if (!text || !terms) { window.location.reload(); return; }
  hideCard();
  const nodes = Array.from(text.childNodes);  // a copy: adopting a node takes it out of the live list
  document.getElementById("reader-text").replaceChildren(...nodes.map((n) => document.adoptNode(n)));
  document.getElementById("term-data").textContent = terms.textContent;
  loadTerms();
  reader.dataset.status = page.getElementById("reader").dataset.status;
  listeners.forEach((fn) => fn());
  restore(key, lang, focus);
}

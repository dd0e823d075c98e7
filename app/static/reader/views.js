// Reading comfort: the view (side by side, interleaved, one language), which terms are marked, text
// size and colours; every choice kept in this browser. prefs.js applied colours and size before paint.

import { reader, store, stored, visible, visibleSegs, visibleTwin } from "./dom.js";
import { hideCard } from "./card.js";
import { currentSeg, setCurrent } from "./focus.js";

const VIEWS = ["side", "interleaved", "en", "es"];
const MARKS = ["legal", "all", "none"];
const narrow = window.matchMedia("(max-width: 700px)");

export function currentView() {
  return VIEWS.find((v) => reader.classList.contains("view-" + v)) || "side";
}

export function setView(view, remember) {
  VIEWS.forEach((v) => reader.classList.toggle("view-" + v, v === view));
  reader.querySelectorAll("[data-view]").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.view === view)));
  if (remember) store("paralelo-view", view);
  const seg = currentSeg();
  if (seg && !visible(seg)) setCurrent(visibleTwin(seg) || visibleSegs()[0], false, false);
  hideCard();
}

function setMarks(marks, remember) {
  MARKS.forEach((m) => reader.classList.toggle("marks-" + m, m === marks));
  const select = document.getElementById("marks");
  if (select) select.value = marks;
  if (remember) store("paralelo-marks", marks);
  hideCard();
}

function preference(id, key, attribute) {
  const select = document.getElementById(id);
  if (!select) return;
  select.value = document.documentElement.dataset[attribute] || select.value;
  select.addEventListener("change", () => {
    document.documentElement.dataset[attribute] = select.value;
    store(key, select.value);
  });
}

// On a phone the four views fold behind one "View" button; on a wide screen they are always shown.
function viewMenu() {
  const toggle = document.getElementById("view-toggle");
  const panel = document.getElementById("view-panel");
  if (!toggle || !panel) return;
  const close = () => { toggle.setAttribute("aria-expanded", "false"); panel.classList.remove("open"); };
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    panel.classList.toggle("open", open);
    if (open) (panel.querySelector('[aria-pressed="true"]') || panel.querySelector("button")).focus();
  });
  panel.addEventListener("click", (e) => { if (e.target.closest("[data-view]") && narrow.matches) close(); });
  document.addEventListener("click", (e) => {
    if (panel.classList.contains("open") && !panel.contains(e.target) && !toggle.contains(e.target)) close();
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && panel.classList.contains("open")) { close(); toggle.focus(); }
  });
}

export function init() {
  reader.querySelectorAll("[data-view]").forEach((b) => b.addEventListener("click", () => setView(b.dataset.view, true)));
  viewMenu();
  const saved = stored("paralelo-view");
  if (saved && VIEWS.includes(saved) && !new URLSearchParams(window.location.search).get("view")) setView(saved, false);
  else if (!saved && narrow.matches && currentView() === "side") setView("interleaved", false);
  const marks = stored("paralelo-marks");
  setMarks(MARKS.includes(marks) ? marks : "legal", false);
  const select = document.getElementById("marks");
  if (select) select.addEventListener("change", () => setMarks(select.value, true));
  preference("text-size", "paralelo-text-size", "textSize");
  preference("theme", "paralelo-theme", "theme");
}

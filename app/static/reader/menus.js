// The toolbar's menus (Options, Listen, Download: <details data-menu>): one open at a time, closed by Esc
// (focus back on its button) or by a click elsewhere. They work without this script, only less tidily.

import { reader } from "./dom.js";

function menus() { return reader.querySelectorAll("details[data-menu]"); }

export function closeMenus(except) {
  menus().forEach((menu) => { if (menu !== except) menu.open = false; });
}

// A panel that would open past the window's edge (its menu wrapped to the other end of the toolbar, as
// the longer Spanish labels make it do) opens the other way. Phones pin the panels above the toolbar.
function keepInside(menu) {
  const panel = menu.querySelector(".menu-panel");
  if (!panel) return;
  panel.classList.remove("align-start", "align-end");
  const box = panel.getBoundingClientRect();
  if (box.left < 0) panel.classList.add("align-start");
  else if (box.right > document.documentElement.clientWidth) panel.classList.add("align-end");
}

export function init() {
  menus().forEach((menu) => menu.addEventListener("toggle", () => {
    if (!menu.open) return;
    closeMenus(menu);
    keepInside(menu);
  }));
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    const open = reader.querySelector("details[data-menu][open]");
    if (!open) return;
    open.open = false;
    open.querySelector("summary").focus();
  });
  document.addEventListener("click", (e) => {
    menus().forEach((menu) => { if (menu.open && !menu.contains(e.target)) menu.open = false; });
  });
}

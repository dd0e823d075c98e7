// The toolbar's menus (Options, Listen, Download: <details data-menu>): one open at a time, closed by Esc
// (focus back on its button) or by a click elsewhere. They work without this script, only less tidily.

import { reader } from "./dom.js";

function menus() { return reader.querySelectorAll("details[data-menu]"); }

export function closeMenus(except) {
  menus().forEach((menu) => { if (menu !== except) menu.open = false; });
}

export function init() {
  menus().forEach((menu) => menu.addEventListener("toggle", () => { if (menu.open) closeMenus(menu); }));
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

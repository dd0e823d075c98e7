// Reading preferences applied before the first paint (classic script, blocking on purpose: a few lines):
// colours (as the system, light, dark) and text size, chosen in the reader's Options and kept in this browser.
(function () {
  "use strict";
  var root = document.documentElement;
  function stored(key, fallback) {
    try { return localStorage.getItem(key) || fallback; } catch (err) { return fallback; }
  }
  root.dataset.theme = stored("paralelo-theme", "auto");
  root.dataset.textSize = stored("paralelo-text-size", "m");
})();

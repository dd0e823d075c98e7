// Pages other than the reader: Esc closes an open disclosure (details[data-esc-close]) and puts focus back on
// it; on a phone the glossary's add form starts folded, so that the list is on the first screen; the
// bookmarklet gets this site's address from the browser (the server never copies a Host header into it).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var add = document.querySelector("details.add-entry[data-fold-on-phone]");
    if (add && window.matchMedia("(max-width: 700px)").matches) add.open = false;
    var link = document.querySelector("a.bookmarklet[data-index]");
    if (link) {  // the same code as app.web.reader.bookmarklet, with the index made absolute here
      var index = new URL(link.dataset.index, document.baseURI).href;
      link.setAttribute("href", "javascript:void(window.open(" + JSON.stringify(index + "?url=") +
        "+encodeURIComponent(location.href)+'#import'))");
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = Array.prototype.slice.call(document.querySelectorAll("details[data-esc-close][open]"));
    if (!open.length) return;
    var active = document.activeElement;
    var inside = open.filter(function (d) { return d.contains(active); });
    var target = inside.length ? inside[inside.length - 1] : null;
    if (!target) return;
    target.open = false;
    var summary = target.querySelector("summary");
    if (summary) summary.focus();
    event.preventDefault();
  });
})();

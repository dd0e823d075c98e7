// Pages other than the reader (an ES module, deferred by nature): Esc closes the open disclosure
// (details[data-esc-close]) that holds the focus and puts the focus back on its summary.

function closeOnEscape(event) {
  if (event.key !== "Escape") return;
  const active = document.activeElement;
  const open = [...document.querySelectorAll("details[data-esc-close][open]")].filter((d) => d.contains(active));
  const target = open.at(-1);  // the innermost
  if (!target) return;
  target.open = false;
  target.querySelector("summary")?.focus();
  event.preventDefault();
}

document.addEventListener("keydown", closeOnEscape);

// A link to a disclosure (the glossary's #add, #import) opens it.
function openTarget() {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id && document.getElementById(id);
  if (target instanceof HTMLDetailsElement) target.open = true;
}

openTarget();
window.addEventListener("hashchange", openTarget);

// The bookmarklet gets this site's address from the browser (the server never copies a Host header into
// it): the same code as app.web.reader.bookmarklet, with the index made absolute here.
const bookmarklet = document.querySelector("a.bookmarklet[data-index]");
if (bookmarklet) {
  const index = new URL(bookmarklet.dataset.index, document.baseURI).href;
  bookmarklet.setAttribute("href", "javascript:void(window.open(" + JSON.stringify(index + "?url=") +
    "+encodeURIComponent(location.href)+'#import'))");
}

// What every reader module shares: the page's elements and messages, small DOM helpers, storage,
// JSON calls with the CSRF token, the sentences and their twins, copying, announcements.

export const reader = document.getElementById("reader");
export const msg = reader ? document.getElementById("messages").dataset : {};
export const canEdit = !!reader && reader.dataset.canEdit === "yes";

export function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null && text !== "") node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

// An icon from the page's sprite (templates/_icons.html); always beside a text name.
export function icon(name) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", "icon");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const use = document.createElementNS(ns, "use");
  use.setAttribute("href", "#i-" + name);
  svg.append(use);
  return svg;
}

// A button with a visible label, or (compact) an icon with the label for screen readers and a tooltip.
export function button(label, cls, iconName, compact) {
  const b = document.createElement("button");
  b.type = "button";
  if (cls) b.className = cls;
  if (iconName) b.append(icon(iconName));
  if (compact) {
    b.append(el("span", label, "sr-only"));
    b.title = label;
  } else {
    b.append(iconName ? " " + label : label);
  }
  return b;
}

// "%(word)s" placeholders filled (the template passed them through gettext as themselves).
export function fill(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_m, k) => (k in values ? values[k] : ""));
}

export function store(key, value) {
  try { localStorage.setItem(key, value); } catch (err) { /* private mode: not kept */ }
}
export function stored(key) {
  try { return localStorage.getItem(key); } catch (err) { return null; }
}

// The API checks this token on calls made with the login cookie (see app/web/auth.py).
function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : null;
}

// A JSON call: {status, data}; an error page that is not JSON still reaches the user as a message.
export async function send(method, url, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const token = csrfToken();
  if (token && method !== "GET") headers["X-CSRFToken"] = token;
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    return { status: 0, data: { error: String(err.message || err) } };
  }
  let data;
  try { data = await response.json(); } catch (err) { data = { error: response.status + " " + response.statusText }; }
  return { status: response.status, data };
}

// ---- sentences ----
export function visible(node) { return node.getClientRects().length > 0; }

export function langOf(seg) { return seg.closest(".col.en") ? "en" : "es"; }

export function columnLang(lang) {
  const col = reader.querySelector(".col." + lang);
  return col ? col.lang : lang;
}

export function visibleSegs(lang) {
  const sel = lang ? ".col." + lang + " .seg" : ".seg";
  return Array.prototype.filter.call(reader.querySelectorAll(sel), visible);
}

// The same sentence in the other language (visible or not).
export function twinOf(seg) {
  const other = langOf(seg) === "en" ? "es" : "en";
  return reader.querySelector(".col." + other + ' .seg[data-seg="' + seg.dataset.seg + '"]');
}

export function visibleTwin(seg) {
  const twin = twinOf(seg);
  return twin && visible(twin) ? twin : null;
}

// The key of a sentence pair (p3.s1): its link is #s-p3.s1.
export function keyOf(seg) { return seg.id.replace(/^(s|es)-/, ""); }

export function segByKey(key, lang) {
  return document.getElementById((lang === "es" ? "es-" : "s-") + key);
}

export function sentenceText(seg) {
  const copy = seg.cloneNode(true);
  copy.querySelectorAll(".seg-actions, .sr-only").forEach((n) => n.remove());
  return copy.textContent.replace(/\s+/g, " ").trim();
}

// The pair as text: English, then the translation.
export function pairText(seg) {
  const en = langOf(seg) === "en" ? seg : twinOf(seg);
  const es = langOf(seg) === "es" ? seg : twinOf(seg);
  return [en, es].filter(Boolean).map(sentenceText).join("\n");
}

// ---- telling the user ----
let clearStatus = null;
export function announce(text) {
  const status = document.getElementById("reader-status");
  if (!status) return;
  status.textContent = text;
  status.classList.add("shown");
  clearTimeout(clearStatus);
  clearStatus = setTimeout(() => { status.classList.remove("shown"); status.textContent = ""; }, 4000);
}

// Copy to the clipboard; the async API needs a secure context, the old way works on plain http too.
export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try { await navigator.clipboard.writeText(text); return true; } catch (err) { /* fall through */ }
  }
  const active = document.activeElement;
  const area = el("textarea", null, "offscreen");
  area.value = text;
  area.setAttribute("readonly", "");
  area.setAttribute("aria-hidden", "true");
  area.tabIndex = -1;
  document.body.append(area);
  area.select();
  let ok = false;
  try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
  area.remove();
  if (active && active.focus) active.focus({ preventScroll: true });
  return ok;
}

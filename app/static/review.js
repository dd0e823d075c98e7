// The review queue (issue 25): one sentence at a time, flagged first, driven by keys or taps.
// J/N next, K previous, R reviewed, A approve, E edit, S skip; in the editor Ctrl+Enter saves, Esc cancels.
const root = document.getElementById("review");
const $ = (id) => document.getElementById(id);
const strings = JSON.parse($("review-strings").textContent);
const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";
const state = { items: [], at: 0, need: "review", progress: {}, total: 0 };

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_m, key) => String(values[key] ?? ""));
}

async function api(url, options = {}) {
  const response = await fetch(url, {
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
    ...options,
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

async function load() {
  const params = new URLSearchParams({ need: state.need, limit: "200" });
  if (root.dataset.article) params.set("article", root.dataset.article);
  const body = await api(`${root.dataset.api}?${params}`);
  state.items = body.items;
  state.total = body.total;
  state.progress = body.progress;
  state.at = 0;
  show();
}

function showProgress() {
  const all = Object.values(state.progress);
  const sum = (key) => all.reduce((n, p) => n + (p[key] || 0), 0);
  $("review-progress").textContent = all.length
    ? fill(strings.progress, { read: sum("read"), total: sum("total"), approved: sum("approved") }) : "";
}

const canEdit = root.dataset.canEdit === "true";

function show() {
  showProgress();
  const item = state.items[state.at];
  $("review-card").hidden = !item;
  $("review-empty").hidden = Boolean(item);
  if (!item) return;
  $("review-position").textContent = fill(strings.of, { n: state.at + 1, total: state.items.length });
  const link = $("review-article");
  link.textContent = item.article.title;
  link.href = `/articles/${encodeURIComponent(item.article.slug)}#es-${item.key}`;
  $("review-reason").textContent = strings[`reason_${item.reason}`] || item.reason;
  $("review-source").textContent = item.source;
  $("review-target").textContent = item.target;
  const list = $("review-checks");
  list.replaceChildren();
  for (const check of item.checks) {
    const li = document.createElement("li");
    li.className = `check ${check.severity}`;
    li.textContent = check.message;
    list.append(li);
  }
  if (item.unknown && item.unknown.length) {
    const li = document.createElement("li");
    li.className = "check unknown";
    li.textContent = fill(strings.unknown, { words: item.unknown.join(", ") });
    list.append(li);
  }
  $("review-approve").hidden = !canEdit || state.need !== "approval";
  $("review-mark").hidden = !canEdit || state.need === "approval";
  $("review-edit").hidden = !canEdit;
  $("review-status").textContent = "";
  closeEditor();
}

function move(step) {
  if (!state.items.length) return;
  state.at = Math.min(Math.max(state.at + step, 0), state.items.length - 1);
  show();
  $("review-card").focus();
}

function done(message) {
  state.items.splice(state.at, 1);
  if (state.at >= state.items.length) state.at = Math.max(state.items.length - 1, 0);
  show();
  $("review-status").textContent = message;
  $("review-card").focus();
}

async function setStatus(status) {
  const item = state.items[state.at];
  if (!item) return;
  try {
    const body = await api(`/api/articles/${item.article.id}/segments/${item.id}/review`, {
      method: "POST", body: JSON.stringify({ status, version: item.version }),
    });
    state.progress[String(item.article.id)] = body.progress;
    done(status === "approved" ? strings.approved : strings.reviewed);
  } catch (error) {
    $("review-status").textContent = fill(strings.failed, { error: error.message });
  }
}

function openEditor() {
  const item = state.items[state.at];
  if (!item) return;
  $("review-editor").hidden = false;
  $("review-actions").hidden = true;
  $("review-text").value = item.target || "";
  $("review-text").focus();
}

function closeEditor() {
  $("review-editor").hidden = true;
  $("review-actions").hidden = false;
}

async function save(event) {
  event?.preventDefault();
  const item = state.items[state.at];
  if (!item) return;
  try {
    await api(`/api/articles/${item.article.id}/segments/${item.id}`, {
      method: "PUT", body: JSON.stringify({ text: $("review-text").value, version: item.version }),
    });
    const progress = await api(`${root.dataset.api}?${new URLSearchParams({ article: item.article.id, limit: "1" })}`);
    Object.assign(state.progress, progress.progress);
    done(strings.saved);
  } catch (error) {
    $("review-status").textContent = fill(strings.failed, { error: error.message });
  }
}

const KEYS = { j: () => move(1), n: () => move(1), k: () => move(-1), s: () => move(1),
  r: () => canEdit && setStatus("reviewed"), a: () => canEdit && state.need === "approval" && setStatus("approved"),
  e: () => canEdit && openEditor() };

document.addEventListener("keydown", (event) => {
  const typing = event.target.closest("textarea, input, select");
  if (typing) {
    if (event.target.id === "review-text" && event.key === "Enter" && (event.ctrlKey || event.metaKey)) save(event);
    if (event.target.id === "review-text" && event.key === "Escape") { closeEditor(); $("review-card").focus(); }
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const action = KEYS[event.key.toLowerCase()];
  if (action) {
    event.preventDefault();
    action();
  }
});

$("review-mark").addEventListener("click", () => setStatus("reviewed"));
$("review-approve").addEventListener("click", () => setStatus("approved"));
$("review-edit").addEventListener("click", openEditor);
$("review-prev").addEventListener("click", () => move(-1));
$("review-skip").addEventListener("click", () => move(1));
$("review-editor").addEventListener("submit", save);
$("review-cancel").addEventListener("click", () => { closeEditor(); $("review-card").focus(); });
$("review-need").addEventListener("change", (event) => { state.need = event.target.value; load(); });
root.dataset.ready = "loading";
load().then(() => { root.dataset.ready = "true"; }).catch((error) => {
  $("review-status").textContent = fill(strings.failed, { error: error.message });
  root.dataset.ready = "error";
});

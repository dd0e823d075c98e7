// The study list: words, terms and phrases saved with their sentence in both languages. Readers without
// an account keep it in this browser (localStorage); signed-in people keep it on the server (/api/study).
// Either way it exports as CSV or as an Anki deck through POST /api/study/export, which stores nothing.

import { send, store, stored } from "./dom.js";

const KEY = "paralelo-study";
const MAX = 2000;  // app/reader/study.py MAX_ITEMS
const config = (document.getElementById("reader-user") || document.getElementById("study") || { dataset: {} }).dataset;
export const onServer = config.study === "server";
const exportUrl = config.studyExport || "/api/study/export";

function local() {
  try { return JSON.parse(stored(KEY) || "[]"); } catch (err) { return []; }
}

export async function items() {
  if (!onServer) return local();
  const res = await send("GET", config.studyApi);
  if (res.status !== 200) throw new Error(res.data.error || String(res.status));
  return res.data.items;
}

// Save {front, back, context, lang, article, article_id, key}; {ok, error}.
export async function save(item) {
  if (onServer) {
    const res = await send("POST", config.studyApi, item);
    updateCount();
    return res.status === 201 ? { ok: true } : { ok: false, error: res.data.error };
  }
  const list = local();
  if (!list.some((i) => i.front === item.front && i.back === item.back)) {
    if (list.length >= MAX) return { ok: false, error: String(MAX) };
    list.push({ ...item, id: "b" + Date.now().toString(36) + Math.random().toString(36).slice(2, 6),
      saved_at: new Date().toISOString() });
    store(KEY, JSON.stringify(list));
  }
  updateCount();
  return { ok: true };
}

export async function remove(id) {
  if (onServer) {
    const res = await send("DELETE", config.studyApi + "/" + id);
    return res.status === 200;
  }
  store(KEY, JSON.stringify(local().filter((i) => i.id !== id)));
  return true;
}

export async function clearAll() {
  if (onServer) {
    for (const item of await items()) await remove(item.id);
  } else {
    store(KEY, "[]");
  }
}

// Ask the server for the file and hand it to the browser as a download.
export async function download(list, format) {
  const body = { items: list.map((i) => ({ front: i.front, back: i.back || "", context: i.context || "" })) };
  const response = await fetch(exportUrl + "?format=" + encodeURIComponent(format), {
    method: "POST", headers: { "Content-Type": "application/json", Accept: "*/*" }, body: JSON.stringify(body),
  });
  if (!response.ok) {
    let error = response.status + " " + response.statusText;
    try { error = (await response.json()).error || error; } catch (err) { /* not JSON */ }
    throw new Error(error);
  }
  const disposition = response.headers.get("Content-Disposition") || "";
  const name = (disposition.match(/filename="?([^";]+)"?/) || [])[1] || "paralelo-study." + format;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// The number beside the toolbar's "Study list" link.
export async function updateCount() {
  const count = document.querySelector(".study-link .count");
  if (!count) return;
  try {
    const n = (await items()).length;
    count.textContent = n ? "(" + n + ")" : "";
    count.hidden = !n;
  } catch (err) { count.hidden = true; }
}

// Reader hooks for Spanish articles and aligned editions (issue 26), kept apart from paralelo.js:
// 1. "Swap sides" puts the source column on the right or the left; the choice is remembered on this device.
// 2. Editors fix an aligned pair: on a sentence taken from an existing translation, Alt+J joins it with the
//    next one and Alt+S splits it (after how many source and translated sentences is asked); the buttons in
//    the small tool bar that appears on focus do the same. Both call the JSON API and reload the page.
(function () {
  "use strict";
  const reader = document.getElementById("reader");
  if (!reader) return;
  const swap = document.getElementById("swap-sides");
  function setSide(right, remember) {
    reader.classList.toggle("source-right", right);
    if (swap) swap.setAttribute("aria-pressed", String(right));
    if (remember) { try { localStorage.setItem("paralelo-source-side", right ? "right" : "left"); } catch (e) { /* private mode */ } }
  }
  let saved = null;
  try { saved = localStorage.getItem("paralelo-source-side"); } catch (e) { /* private mode */ }
  setSide(saved === "right", false);
  if (swap) swap.addEventListener("click", function () { setSide(!reader.classList.contains("source-right"), true); });

  if (reader.dataset.canEdit !== "yes") return;
  const api = reader.dataset.api + "/segments/";
  const words = (document.getElementById("align-messages") || { dataset: {} }).dataset;
  const token = document.querySelector('meta[name="csrf-token"]');
  function post(url, body) {
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (token) headers["X-CSRFToken"] = token.content;
    return fetch(url, { method: "POST", headers: headers, body: JSON.stringify(body || {}), credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (data) { if (!r.ok) throw new Error(data.error || r.status); return data; }); });
  }
  function join(seg) {
    post(api + seg.dataset.seg + "/join").then(function () { location.reload(); }, function (e) { alert(e.message); });
  }
  function split(seg) {
    const answer = prompt(words.splitPrompt || "Split after how many source and translated sentences?", "1 1");
    if (!answer) return;
    const parts = answer.trim().split(/\s+/).map(Number);
    post(api + seg.dataset.seg + "/split", { source_at: parts[0], target_at: parts[1] })
      .then(function () { location.reload(); }, function (e) { alert(e.message); });
  }
  reader.querySelectorAll(".col.target .seg.aligned").forEach(function (seg) {
    const tools = document.createElement("span");
    tools.className = "align-tools";
    tools.hidden = true;
    [["join", words.join || "Join with next", join], ["split", words.split || "Split", split]].forEach(function (item) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = item[1];
      b.dataset.alignAction = item[0];
      b.addEventListener("click", function (e) { e.stopPropagation(); item[2](seg); });
      tools.appendChild(b);
    });
    seg.after(tools);
    seg.addEventListener("focus", function () { tools.hidden = false; });
    seg.addEventListener("keydown", function (e) {
      if (e.altKey && (e.key === "j" || e.key === "J")) { e.preventDefault(); join(seg); }
      if (e.altKey && (e.key === "s" || e.key === "S")) { e.preventDefault(); split(seg); }
    });
  });
})();

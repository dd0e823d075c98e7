// Paralelo reader: twin highlighting, view switches and translation progress. No framework.
(function () {
  "use strict";
  const reader = document.getElementById("reader");
  if (!reader) return;

  function twins(segId, on) {
    reader.querySelectorAll('.seg[data-seg="' + segId + '"]').forEach(function (el) {
      el.classList.toggle("twin", on);
    });
  }
  ["mouseover", "focusin"].forEach(function (type) {
    reader.addEventListener(type, function (e) {
      const seg = e.target.closest(".seg");
      if (seg) twins(seg.dataset.seg, true);
    });
  });
  ["mouseout", "focusout"].forEach(function (type) {
    reader.addEventListener(type, function (e) {
      const seg = e.target.closest(".seg");
      if (seg) twins(seg.dataset.seg, false);
    });
  });

  const viewButtons = reader.querySelectorAll("[data-view]");
  function setView(view) {
    ["side", "interleaved", "en", "es"].forEach(function (v) {
      reader.classList.toggle("view-" + v, v === view);
    });
    viewButtons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.view === view)); });
    try { localStorage.setItem("paralelo-view", view); } catch (err) { /* private mode */ }
  }
  viewButtons.forEach(function (b) { b.addEventListener("click", function () { setView(b.dataset.view); }); });
  try { const saved = localStorage.getItem("paralelo-view"); if (saved) setView(saved); } catch (err) { /* ignore */ }

  // While a translation is queued or running, poll the API and reload when it is done.
  function busy(data) {
    return data.status === "queued" || data.status === "translating" || data.pending_jobs > 0;
  }
  function poll() {
    fetch(reader.dataset.api, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        const bar = reader.querySelector(".progress progress");
        if (bar) bar.value = data.progress;
        const pct = reader.querySelector(".progress .pct");
        if (pct) pct.textContent = Math.round(data.progress * 100);
        if (busy(data)) setTimeout(poll, 700);
        else window.location.reload();
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  if (busy({ status: reader.dataset.status, pending_jobs: Number(reader.dataset.pending) })) setTimeout(poll, 400);

  window.Paralelo = { reader: reader, twins: twins };
})();

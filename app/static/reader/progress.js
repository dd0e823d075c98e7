// The article's state: the progress of a translation under way (the page reloads itself when it is done),
// waiting for the re-translation a glossary change queued, and Retry on a failed article.

import { reader, send } from "./dom.js";

// The states come from app.core.states through a data attribute: never retyped here.
const busyStatuses = JSON.parse(reader.dataset.busyStatuses || "[]");

function busy(data) {
  return busyStatuses.indexOf(data.status) >= 0 || data.pending_jobs > 0;
}

async function article() {
  const response = await fetch(reader.dataset.api + "?limit=1", { headers: { Accept: "application/json" } });
  return response.json();
}

function show(data) {
  const bar = reader.querySelector(".progress progress");
  if (bar) bar.value = data.progress;
  const pct = reader.querySelector(".progress .pct");
  if (pct) pct.textContent = Math.round(data.progress * 100);
}

// Resolves once no job runs for the article any more (a glossary change's re-translation).
export function waitForJobs() {
  return new Promise((resolve) => {
    const poll = () => article()
      .then((data) => { if (busy(data)) setTimeout(poll, 500); else resolve(data); })
      .catch(() => setTimeout(poll, 2000));
    setTimeout(poll, 300);
  });
}

export function init() {
  if (busy({ status: reader.dataset.status, pending_jobs: Number(reader.dataset.pending) })) {
    const poll = () => article()
      .then((data) => {
        show(data);
        if (busy(data)) setTimeout(poll, 700);
        else if (data.slug && data.slug !== reader.dataset.slug) window.location.assign(data.slug);  // a fetched page got its title's slug
        else window.location.reload();
      })
      .catch(() => setTimeout(poll, 2000));
    setTimeout(poll, 400);
  }
  const retry = reader.querySelector('[data-action="retry"]');
  if (retry) {
    retry.addEventListener("click", async () => {
      retry.disabled = true;
      const res = await send("POST", retry.dataset.url);
      if (res.status === 202) { window.location.reload(); return; }
      retry.disabled = false;
      const error = retry.parentElement.querySelector(".form-error");
      error.textContent = res.data.error || String(res.status);
      error.hidden = false;
    });
  }
}

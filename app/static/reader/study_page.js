// The study list page (templates/study.html): the saved items from this browser or the server, each
// removable, and the whole list downloaded as an Anki deck or a CSV file.

import * as study from "./study.js";

const page = document.getElementById("study");

function cell(text, label, lang) {
  const td = document.createElement("td");
  td.dataset.label = label;
  if (lang) td.lang = lang;
  const lines = (text || "").split("\n");
  lines.forEach((line, i) => {
    if (i) td.append(document.createElement("br"));
    td.append(line);
  });
  return td;
}

function say(text) {
  const status = document.getElementById("study-status");
  status.textContent = text;
  status.classList.add("shown");
  setTimeout(() => { status.classList.remove("shown"); status.textContent = ""; }, 4000);
}

async function render() {
  const table = page.querySelector("table");
  const body = table.querySelector("tbody");
  const empty = page.querySelector(".empty");
  const heads = Array.from(table.querySelectorAll("thead th"), (th) => th.textContent.trim());
  let list = [];
  try { list = await study.items(); } catch (err) { list = []; }
  body.replaceChildren();
  list.forEach((item) => {
    const row = document.createElement("tr");
    row.append(cell(item.front, heads[0], item.lang), cell(item.back, heads[1]), cell(item.context, heads[2]));
    const actions = document.createElement("td");
    actions.className = "actions";
    if (item.article) {
      const link = document.createElement("a");
      link.href = "/articles/" + encodeURIComponent(item.article) + (item.key ? "#s-" + item.key : "");
      link.textContent = page.dataset.article;
      actions.append(link, " ");
    }
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = page.dataset.delete;
    remove.addEventListener("click", async () => {
      if (await study.remove(item.id)) { say(page.dataset.removed); render(); }
    });
    actions.append(remove);
    row.append(actions);
    body.append(row);
  });
  table.hidden = !list.length;
  empty.hidden = !!list.length;
  empty.textContent = page.dataset.empty;
  page.querySelectorAll("[data-export], #study-clear").forEach((b) => { b.disabled = !list.length; });
  return list;
}

if (page) {
  const error = page.querySelector(".form-error");
  page.querySelectorAll("[data-export]").forEach((b) => b.addEventListener("click", async () => {
    error.hidden = true;
    try {
      await study.download(await study.items(), b.dataset.export);
    } catch (err) {
      error.textContent = page.dataset.failed + " " + err.message;
      error.hidden = false;
    }
  }));
  page.querySelector("#study-clear").addEventListener("click", async () => {
    if (!window.confirm(page.dataset.confirmClear)) return;
    await study.clearAll();
    render();
  });
  render();
  page.dataset.ready = "yes";
}

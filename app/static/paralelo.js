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
    return data.status === "fetching" || data.status === "queued" || data.status === "translating" ||
      data.pending_jobs > 0;
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

  // ---- post-editing: click or Enter on a Spanish sentence ----
  const msg = document.getElementById("messages").dataset;

  function button(label, cls) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    if (cls) b.className = cls;
    return b;
  }

  // The API checks this token on calls made with the login cookie (see app/web/auth.py).
  const csrfToken = document.querySelector('meta[name="csrf-token"]');

  function send(method, url, body) {
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (csrfToken) headers["X-CSRFToken"] = csrfToken.content;
    return fetch(url, {
      method: method,
      headers: headers,
      body: body ? JSON.stringify(body) : undefined,
    }).then(function (r) {
      // an error page that is not JSON still has to reach the user as a message
      return r.json()
        .catch(function () { return { error: r.status + " " + r.statusText }; })
        .then(function (data) { return { status: r.status, data: data }; });
    });
  }

  // A sentence's own text, without the glossary tooltips nested in its terms.
  function sentenceText(seg) {
    const copy = seg.cloneNode(true);
    copy.querySelectorAll(".tip").forEach(function (tip) { tip.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function openEditor(seg) {
    if (seg.classList.contains("editing")) return;
    seg.classList.add("editing");
    const editor = document.createElement("div");
    editor.className = "editor";
    const area = document.createElement("textarea");
    area.value = sentenceText(seg);
    area.setAttribute("aria-label", msg.editLabel);
    const error = document.createElement("p");
    error.className = "error";
    error.setAttribute("role", "alert");
    const row = document.createElement("div");
    row.className = "buttons";
    const save = button(msg.save, "save");
    const cancel = button(msg.cancel, "cancel");
    row.append(save, cancel);
    if (seg.dataset.origin === "human") {
      const undo = button(msg.undo, "undo");
      undo.addEventListener("click", function () {
        send("DELETE", msg.segmentsApi + seg.dataset.seg + "/edit").then(function (res) {
          if (res.status === 200) window.location.reload();
          else error.textContent = msg.failed + " " + res.data.error;
        });
      });
      row.append(undo);
    }
    editor.append(area, row, error);
    seg.hidden = true;
    seg.after(editor);
    area.focus();
    loadSuggestions(seg.dataset.seg, editor, area);
    function close() { editor.remove(); seg.hidden = false; seg.classList.remove("editing"); seg.focus(); }
    function submit() {
      const body = { text: area.value, version: Number(seg.dataset.version) };
      send("PUT", msg.segmentsApi + seg.dataset.seg, body).then(function (res) {
        if (res.status === 200) { window.location.reload(); return; }
        if (res.status === 409) {
          error.textContent = msg.conflict + " " + (res.data.current && res.data.current.target);
          seg.dataset.version = res.data.current ? res.data.current.version : seg.dataset.version;
        } else {
          error.textContent = msg.failed + " " + res.data.error;
        }
      });
    }
    save.addEventListener("click", submit);
    cancel.addEventListener("click", close);
    area.addEventListener("keydown", function (e) {
      if (e.key === "Escape") close();
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) submit();
    });
  }

  // ---- suggestions beside the editor: translation-memory matches and engine alternatives ----
  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The memory's English against this sentence's: what changed is marked (ins: here, del: in the memory).
  function diffView(diff) {
    const p = el("p", "tm-diff");
    p.lang = "en";
    diff.forEach(function (part) {
      if (part.op === "equal") { p.append(el("span", "", part.text + " ")); return; }
      if (part.tm) p.append(el("del", "", part.tm), " ");
      if (part.text) p.append(el("ins", "", part.text), " ");
    });
    return p;
  }

  function takeButton(text, area) {
    const take = button(msg.use, "use");
    take.addEventListener("click", function () { area.value = text; area.focus(); });
    return take;
  }

  function loadSuggestions(segId, editor, area) {
    fetch(msg.segmentsApi + segId + "/suggestions", { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || (!data.tm.length && !data.engines.length)) return;
        const box = el("section", "suggestions");
        box.setAttribute("aria-label", msg.suggestions);
        const list = el("ul");
        data.tm.forEach(function (s) {
          const item = el("li", "tm");
          const head = el("p");
          head.append(el("strong", "score", Math.round(s.score) + "%"), " ", el("span", "target", s.target), " ",
            takeButton(s.target, area));
          const meta = el("p", "meta", msg.tmLabel + ": " + [s.article || s.origin, s.author, s.created_at.slice(0, 10)]
            .filter(Boolean).join(", "));
          item.append(head, diffView(s.diff), meta);
          list.append(item);
        });
        data.engines.forEach(function (s) {
          const item = el("li", "engine");
          if (s.text) {
            item.append(el("span", "target", s.text), " ", takeButton(s.text, area), " ", el("span", "meta", s.engine));
          } else {
            item.append(el("span", "", s.source + ": " + s.options.join(" / ")), " ", el("span", "meta", s.engine));
          }
          list.append(item);
        });
        box.append(el("h3", "", msg.suggestions), list);
        editor.append(box);
      })
      .catch(function () { /* suggestions are optional */ });
  }

  // Readers without an account read and export; editing needs an editor (the server checks too).
  if (reader.dataset.canEdit !== "yes") { window.Paralelo = { reader: reader, twins: twins }; return; }

  reader.addEventListener("click", function (e) {
    const seg = e.target.closest(".col.es .seg");
    if (seg && !seg.classList.contains("pending")) openEditor(seg);
  });
  reader.addEventListener("keydown", function (e) {
    const seg = e.target.closest && e.target.closest(".col.es .seg");
    if (seg && e.key === "Enter" && !seg.classList.contains("pending")) { e.preventDefault(); openEditor(seg); }
  });

  // ---- add to glossary from a selected English phrase ----
  const addButton = document.getElementById("add-term-button");
  const dialog = document.getElementById("add-term");
  const form = document.getElementById("add-term-form");
  const formError = form.querySelector(".form-error");

  function selectedEnglish() {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed) return "";
    const node = sel.anchorNode && (sel.anchorNode.nodeType === 1 ? sel.anchorNode : sel.anchorNode.parentElement);
    if (!node || !node.closest(".col.en")) return "";
    const text = sel.toString().replace(/\s+/g, " ").trim();
    return text.length > 0 && text.length <= 200 ? text : "";
  }
  document.addEventListener("mouseup", function (e) {
    if (e.target === addButton) return;
    const text = selectedEnglish();
    if (!text) { addButton.hidden = true; return; }
    addButton.dataset.text = text;
    addButton.style.left = e.pageX + "px";
    addButton.style.top = (e.pageY + 12) + "px";
    addButton.hidden = false;
  });
  addButton.addEventListener("click", function () {
    form.reset();
    formError.hidden = true;
    form.elements.source.value = addButton.dataset.text || "";
    addButton.hidden = true;
    dialog.showModal();
    form.elements.target.focus();
  });
  form.querySelector(".close").addEventListener("click", function () { dialog.close(); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    const data = {};
    ["source", "target", "kind", "domain", "gender", "note"].forEach(function (k) { data[k] = form.elements[k].value; });
    send("POST", msg.glossaryApi, data).then(function (res) {
      if (res.status !== 201) {
        formError.textContent = res.data.error;
        formError.hidden = false;
        return;
      }
      dialog.close();
      const note = document.createElement("p");
      note.className = "notice";
      note.setAttribute("role", "status");
      note.textContent = msg.retranslating;
      reader.querySelector(".toolbar").after(note);
      setTimeout(poll, 300);
    });
  });

  window.Paralelo = { reader: reader, twins: twins };
})();

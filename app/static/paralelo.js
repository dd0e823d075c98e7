// Paralelo reader: twin highlighting, views, progress, term cards, keyboard navigation, word lookup,
// post-editing and adding terms. No framework.
(function () {
  "use strict";
  const reader = document.getElementById("reader");
  if (!reader) return;
  const msg = document.getElementById("messages").dataset;
  const canEdit = reader.dataset.canEdit === "yes";
  const narrow = window.matchMedia("(max-width: 700px)");
  let current = null;  // the sentence that holds the text's one tab stop
  let editButton = null;  // editors: the Edit control next to the current Spanish sentence

  function store(key, value) {
    try { localStorage.setItem(key, value); } catch (err) { /* private mode */ }
  }
  function stored(key) {
    try { return localStorage.getItem(key); } catch (err) { return null; }
  }

  // ---- twin highlighting ----
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

  // ---- views and the terms toggle, remembered ----
  const viewButtons = reader.querySelectorAll("[data-view]");
  function setView(view, remember) {
    ["side", "interleaved", "en", "es"].forEach(function (v) {
      reader.classList.toggle("view-" + v, v === view);
    });
    viewButtons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.view === view)); });
    if (remember) store("paralelo-view", view);
    if (current && !visible(current)) setCurrent(twinOf(current) || visibleSegs()[0]);
  }
  viewButtons.forEach(function (b) { b.addEventListener("click", function () { setView(b.dataset.view, true); }); });

  const termsToggle = document.getElementById("terms-toggle");
  function showTerms(on, remember) {
    reader.classList.toggle("hide-terms", !on);
    termsToggle.setAttribute("aria-pressed", String(on));
    if (remember) store("paralelo-terms", on ? "on" : "off");
    if (!on) hideCard();
  }
  termsToggle.addEventListener("click", function () {
    showTerms(termsToggle.getAttribute("aria-pressed") !== "true", true);
  });

  // ---- translation progress: poll the API while a job runs, reload when it is done ----
  const busyStatuses = JSON.parse(reader.dataset.busyStatuses || "[]");  // from app.core.states
  function busy(data) {
    return busyStatuses.indexOf(data.status) >= 0 || data.pending_jobs > 0;
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
        else if (data.slug && data.slug !== reader.dataset.slug) window.location.assign(data.slug);  // a fetched page got its title's slug
        else window.location.reload();
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  if (busy({ status: reader.dataset.status, pending_jobs: Number(reader.dataset.pending) })) setTimeout(poll, 400);

  // ---- the card: a glossary term's details, or a dictionary lookup; always inside the viewport ----
  const terms = JSON.parse(document.getElementById("term-data").textContent || "{}");
  const card = document.getElementById("term-card");
  let cardFor = null;

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  // Put the card next to `anchor`, outside the sentence `avoid` (never over the text being read),
  // flipped above when there is no room below, and shifted sideways to stay in the window.
  let placedAt = null;
  function place(anchor, avoid) {
    placedAt = [anchor, avoid];
    card.hidden = false;
    card.style.left = "0px";
    card.style.top = "0px";
    const margin = 8;
    const vw = document.documentElement.clientWidth;
    const vh = window.innerHeight;
    const w = card.offsetWidth;
    const h = card.offsetHeight;
    const a = anchor.getBoundingClientRect();
    const s = (avoid || anchor).getBoundingClientRect();
    let top;
    if (s.bottom + 6 + h <= vh - margin) top = s.bottom + 6;
    else if (s.top - 6 - h >= margin) top = s.top - 6 - h;
    else if (a.bottom + 6 + h <= vh - margin) top = a.bottom + 6;  // a sentence taller than the window
    else top = Math.max(margin, a.top - 6 - h);
    const left = Math.max(margin, Math.min(a.left, vw - w - margin));
    card.style.left = left + "px";
    card.style.top = top + "px";
  }

  function hideCard() {
    card.hidden = true;
    card.replaceChildren();
    card.dataset.kind = "";
    card.setAttribute("role", "tooltip");
    card.removeAttribute("aria-label");
    if (cardFor) cardFor.removeAttribute("aria-describedby");
    cardFor = null;
  }

  function showTerm(mark) {
    const info = terms[mark.dataset.entry];
    if (!info || reader.classList.contains("hide-terms")) return;
    card.replaceChildren();
    const head = el("p", null, "card-head");
    head.append(el("b", info.source), " → ", el("b", info.target));
    head.firstChild.lang = "en";
    head.lastChild.lang = reader.querySelector(".col.es").lang;
    card.append(head, el("p", info.domain, "card-domain"));
    if (info.note) card.append(el("p", info.note, "card-note"));
    if (mark.classList.contains("missing")) card.append(el("p", msg.missing, "card-warning"));
    card.dataset.kind = "term";
    cardFor = mark;
    mark.setAttribute("aria-describedby", "term-card");
    place(mark, mark.closest(".seg"));
  }

  let lastPointer = "mouse";
  document.addEventListener("pointerdown", function (e) { lastPointer = e.pointerType || "mouse"; }, true);

  reader.addEventListener("mouseover", function (e) {
    const mark = e.target.closest && e.target.closest(".term");
    if (mark && lastPointer === "mouse" && card.dataset.kind !== "lookup") showTerm(mark);
  });
  reader.addEventListener("mouseout", function (e) {
    const mark = e.target.closest && e.target.closest(".term");
    if (mark && mark === cardFor && lastPointer === "mouse" && !mark.contains(e.relatedTarget) &&
        !card.contains(e.relatedTarget)) hideCard();
  });
  reader.addEventListener("focusin", function (e) {
    if (e.target.classList.contains("term")) showTerm(e.target);
  });
  reader.addEventListener("focusout", function (e) {
    if (e.target === cardFor && !card.contains(e.relatedTarget)) hideCard();
  });
  // A tap (touch, pen) on a term shows its card; on a phone there is no hover.
  reader.addEventListener("click", function (e) {
    const mark = e.target.closest && e.target.closest(".term");
    if (mark && lastPointer !== "mouse") showTerm(mark);
  });
  // The card is fixed to the window: follow the text when it scrolls.
  window.addEventListener("scroll", function () { if (!card.hidden && placedAt) place(placedAt[0], placedAt[1]); },
    { passive: true });
  document.addEventListener("click", function (e) {
    if (card.hidden || card.contains(e.target)) return;
    const mark = e.target.closest && e.target.closest(".term");
    if (!mark || mark !== cardFor) hideCard();
  });

  // ---- one tab stop for the whole text: roving tabindex over the sentences ----
  function visible(node) { return node.getClientRects().length > 0; }
  function visibleSegs(lang) {
    const sel = lang ? ".col." + lang + " .seg" : ".seg";
    return Array.prototype.filter.call(reader.querySelectorAll(sel), visible);
  }
  function twinOf(seg) {
    const other = seg.closest(".col.en") ? "es" : "en";
    const twin = reader.querySelector(".col." + other + ' .seg[data-seg="' + seg.dataset.seg + '"]');
    return twin && visible(twin) ? twin : null;
  }
  function setCurrent(seg, focus) {
    if (!seg) return;
    if (current && current !== seg) current.tabIndex = -1;
    current = seg;
    seg.tabIndex = 0;
    if (focus) seg.focus();
    if (canEdit) placeEditButton(seg);
  }
  reader.addEventListener("focusin", function (e) {
    const seg = e.target.classList && e.target.classList.contains("seg") ? e.target : null;
    if (seg) setCurrent(seg);
  });

  function segTerms(seg) {
    return Array.prototype.filter.call(seg.querySelectorAll(".term"), function (t) { return terms[t.dataset.entry]; });
  }
  function moveTerm(seg, from, step) {
    const list = segTerms(seg);
    if (!list.length) return;
    let i = list.indexOf(from) + step;
    if (from === null) i = step > 0 ? 0 : list.length - 1;
    if (i < 0 || i >= list.length) { seg.focus(); return; }
    list[i].tabIndex = -1;
    list[i].focus();
  }

  reader.addEventListener("keydown", function (e) {
    const target = e.target;
    if (!target.closest || target.closest(".editor, dialog, .toolbar")) return;
    const seg = target.closest(".seg");
    if (!seg) return;
    const onTerm = target.classList.contains("term") ? target : null;
    const lang = seg.closest(".col.en") ? "en" : "es";
    if (e.altKey && (e.key === "ArrowRight" || e.key === "ArrowLeft")) {
      e.preventDefault();
      moveTerm(seg, onTerm, e.key === "ArrowRight" ? 1 : -1);
      return;
    }
    if (e.shiftKey && (e.key === "ArrowRight" || e.key === "ArrowLeft") && lang === "en") {
      e.preventDefault();
      extendSelection(seg, e.key === "ArrowRight" ? "forward" : "backward");
      return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const list = visibleSegs(lang);
    let next = null;
    if (e.key === "ArrowDown") next = list[list.indexOf(seg) + 1];
    else if (e.key === "ArrowUp") next = list[list.indexOf(seg) - 1];
    else if (e.key === "Home") next = list[0];
    else if (e.key === "End") next = list[list.length - 1];
    else if (e.key === "ArrowRight" || e.key === "ArrowLeft") next = twinOf(seg);
    else if (e.key === "Escape" && onTerm) { e.preventDefault(); hideCard(); seg.focus(); return; }
    else if (e.key === "Enter" && lang === "en") {
      const text = selectedEnglish();
      if (text) { e.preventDefault(); chooseForSelection(text, seg); }
      return;
    }
    else return;
    e.preventDefault();
    if (next) { hideCard(); setCurrent(next, true); }
  });

  // The first English sentence starts as the one tab stop (the page renders them all at -1).
  const firstSeg = visibleSegs("en")[0] || visibleSegs()[0];
  if (firstSeg) setCurrent(firstSeg);

  // Keyboard selection inside a focused English sentence: Shift+Arrow extends it word by word.
  function extendSelection(seg, direction) {
    const sel = window.getSelection();
    if (!sel.rangeCount || !seg.contains(sel.anchorNode)) {
      const range = document.createRange();
      range.setStart(seg, 0);
      range.collapse(true);
      sel.removeAllRanges();
      sel.addRange(range);
    }
    sel.modify("extend", direction, "word");
    if (!seg.contains(sel.focusNode)) sel.modify("extend", direction === "forward" ? "backward" : "forward", "word");
  }

  function selectedEnglish() {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed) return "";
    const node = sel.anchorNode && (sel.anchorNode.nodeType === 1 ? sel.anchorNode : sel.anchorNode.parentElement);
    if (!node || !node.closest(".col.en")) return "";
    const text = sel.toString().replace(/\s+/g, " ").trim();
    return text.length > 0 && text.length <= 200 ? text : "";
  }

  // One word: look it up; a phrase: an editor adds it to the glossary.
  function chooseForSelection(text, seg) {
    if (/^[A-Za-zÁÉÍÓÚÜÑáéíóúüñ][A-Za-zÁÉÍÓÚÜÑáéíóúüñ'’-]*$/.test(text)) lookup(text, seg);
    else if (canEdit) openAddTerm(text);
  }

  // ---- word lookup (Apertium's dictionary) ----
  function lookup(word, seg) {
    card.replaceChildren(el("p", msg.lookingUp));
    card.dataset.kind = "lookup";
    card.setAttribute("role", "dialog");
    card.setAttribute("aria-label", word);
    const range = window.getSelection().rangeCount ? window.getSelection().getRangeAt(0) : null;
    const anchor = range && seg.contains(range.startContainer) ? range : seg;
    place(anchor, seg);
    const sourceLang = reader.dataset.sourceLang || "en";  // a Spanish article's words are looked up in spa-eng
    fetch(msg.lookupApi + "?word=" + encodeURIComponent(word) + "&lang=" + sourceLang, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        card.replaceChildren();
        const head = el("p", null, "card-head");
        head.append(el("b", word));
        head.firstChild.lang = sourceLang;
        card.append(head);
        if (data.error) card.append(el("p", data.error, "card-warning"));
        else if (!data.senses.length) card.append(el("p", msg.noMatch));
        const list = el("ul", null, "senses");
        (data.senses || []).forEach(function (sense) {
          const item = el("li");
          item.append(el("i", sense.pos_label), " ", el("span", sense.lemma), " → ");
          const spanish = el("span", sense.translations.map(function (t) { return t.text; }).join(", "));
          spanish.lang = "es";
          item.append(spanish);
          list.append(item);
        });
        if (list.children.length) card.append(list);
        const buttons = el("div", null, "buttons");
        if (canEdit && data.senses && data.senses.length) {
          const add = button(msg.add, "add");
          add.addEventListener("click", function () {
            const first = data.senses[0];
            openAddTerm(word, first.translations[0].text, first.translations[0].gender);
          });
          buttons.append(add);
        }
        const close = button(msg.close, "close");
        close.addEventListener("click", function () { hideCard(); seg.focus(); });
        buttons.append(close);
        card.append(buttons);
        place(anchor, seg);
      });
  }
  reader.addEventListener("dblclick", function (e) {
    const seg = e.target.closest(".col.en .seg");
    const text = selectedEnglish();
    if (seg && text) lookup(text.replace(/[^A-Za-z'’-]+$/, ""), seg);
  });

  // ---- Esc closes what is open: the card, the Download menu ----
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    const menu = document.querySelector("details.download-menu[open]");
    if (menu) { menu.open = false; menu.querySelector("summary").focus(); }
    if (!card.hidden) {
      const back = card.contains(document.activeElement) && cardFor ? cardFor.closest(".seg") : null;
      hideCard();
      if (back) back.focus();
    }
  });
  card.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && current) { hideCard(); current.focus(); }
  });

  // ---- post-editing (editors only; the server checks too) ----
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

  function sentenceText(seg) {
    return seg.textContent.replace(/\s+/g, " ").trim();
  }

  function autosize(area) {
    area.style.height = "auto";
    area.style.height = area.scrollHeight + 2 + "px";
  }

  // ---- suggestions beside the editor: translation-memory matches and engine alternatives ----
  function node(tag, cls, text) {
    const made = document.createElement(tag);
    if (cls) made.className = cls;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  // The memory's English against this sentence's: what changed is marked (ins: here, del: in the memory).
  function diffView(diff) {
    const p = node("p", "tm-diff");
    p.lang = "en";
    diff.forEach(function (part) {
      if (part.op === "equal") { p.append(node("span", "", part.text + " ")); return; }
      if (part.tm) p.append(node("del", "", part.tm), " ");
      if (part.text) p.append(node("ins", "", part.text), " ");
    });
    return p;
  }

  function takeButton(text, area) {
    const take = button(msg.use, "use");
    take.addEventListener("click", function () { area.value = text; autosize(area); area.focus(); });
    return take;
  }

  function loadSuggestions(segId, editor, area) {
    fetch(msg.segmentsApi + segId + "/suggestions", { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || (!data.tm.length && !data.engines.length)) return;
        const box = node("section", "suggestions");
        box.setAttribute("aria-label", msg.suggestions);
        const list = node("ul");
        data.tm.forEach(function (s) {
          const item = node("li", "tm");
          const head = node("p");
          head.append(node("strong", "score", Math.round(s.score) + "%"), " ", node("span", "target", s.target), " ",
            takeButton(s.target, area));
          const meta = node("p", "meta", msg.tmLabel + ": " + [s.article || s.origin, s.author, s.created_at.slice(0, 10)]
            .filter(Boolean).join(", "));
          item.append(head, diffView(s.diff), meta);
          list.append(item);
        });
        data.engines.forEach(function (s) {
          const item = node("li", "engine");
          if (s.text) {
            item.append(node("span", "target", s.text), " ", takeButton(s.text, area), " ", node("span", "meta", s.engine));
          } else {
            item.append(node("span", "", s.source + ": " + s.options.join(" / ")), " ", node("span", "meta", s.engine));
          }
          list.append(item);
        });
        box.append(node("h3", "", msg.suggestions), list);
        editor.append(box);
      })
      .catch(function () { /* suggestions are optional */ });
  }

  function openEditor(seg) {
    if (seg.classList.contains("editing")) return;
    hideCard();
    seg.classList.add("editing");
    const editor = document.createElement("div");
    editor.className = "editor";
    const area = document.createElement("textarea");
    area.value = sentenceText(seg);
    area.rows = 2;
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
    if (editButton) editButton.hidden = true;
    seg.after(editor);
    autosize(area);
    area.addEventListener("input", function () { autosize(area); });
    area.focus();
    area.setSelectionRange(0, 0);
    area.scrollTop = 0;
    loadSuggestions(seg.dataset.seg, editor, area);
    function close() {
      editor.remove(); seg.hidden = false; seg.classList.remove("editing");
      setCurrent(seg, true);
    }
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
      if (e.key === "Escape") { e.stopPropagation(); close(); }
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) submit();
    });
  }

  // The explicit Edit control: one button, kept right after the current Spanish sentence.
  function placeEditButton(seg) {
    if (!editButton) return;
    const editable = seg.closest(".col.es") && !seg.classList.contains("pending") && !seg.classList.contains("editing");
    editButton.hidden = !editable;
    if (editable && editButton.previousElementSibling !== seg) seg.after(editButton);
  }

  window.Paralelo = { reader: reader, twins: twins, place: place };
  const saved = stored("paralelo-view");
  if (saved && !new URLSearchParams(window.location.search).get("view")) setView(saved, false);
  else if (!saved && narrow.matches && reader.classList.contains("view-side")) setView("interleaved", false);
  if (stored("paralelo-terms") === "off") showTerms(false, false);
  if (!canEdit) return;

  editButton = button(msg.edit, "edit-seg");
  editButton.hidden = true;
  editButton.addEventListener("click", function () {
    const seg = editButton.previousElementSibling;
    if (seg && seg.classList.contains("seg")) openEditor(seg);
  });
  if (current) placeEditButton(current);

  // A mouse click on a Spanish sentence's text edits it; a tap (touch) only selects it and shows a
  // term's card, so the Edit button stays the one way in on a phone.
  reader.addEventListener("click", function (e) {
    const seg = e.target.closest(".col.es .seg");
    if (!seg || seg.classList.contains("pending")) return;
    const mark = e.target.closest(".term");
    if (lastPointer !== "mouse") {
      setCurrent(seg, !mark);  // focusing the sentence would close a term's card
      return;
    }
    openEditor(seg);
  });
  reader.addEventListener("keydown", function (e) {
    const seg = e.target.closest && e.target.closest(".col.es .seg");
    if (seg && e.target === seg && e.key === "Enter" && !seg.classList.contains("pending")) {
      e.preventDefault(); openEditor(seg);
    }
  });

  // ---- add to glossary: from a selection (mouse or Shift+Arrows), the toolbar button or a lookup ----
  const addButton = document.getElementById("add-term-button");
  const dialog = document.getElementById("add-term");
  const form = document.getElementById("add-term-form");
  const formError = form.querySelector(".form-error");

  function openAddTerm(source, target, gender) {
    hideCard();
    form.reset();
    formError.hidden = true;
    form.elements.source.value = source || "";
    if (target) form.elements.target.value = target;
    if (gender) form.elements.gender.value = gender;
    addButton.hidden = true;
    dialog.showModal();
    (source ? form.elements.target : form.elements.source).focus();
  }

  document.addEventListener("mouseup", function (e) {
    if (e.target === addButton || lastPointer !== "mouse") return;
    const text = selectedEnglish();
    if (!text) { addButton.hidden = true; return; }
    addButton.dataset.text = text;
    addButton.style.left = e.pageX + "px";
    addButton.style.top = (e.pageY + 12) + "px";
    addButton.hidden = false;
  });
  addButton.addEventListener("click", function () { openAddTerm(addButton.dataset.text); });
  document.getElementById("add-term-open").addEventListener("click", function () {
    const en = current && (current.closest(".col.en") ? current : twinOf(current) ||
      reader.querySelector('.col.en .seg[data-seg="' + current.dataset.seg + '"]'));
    openAddTerm(selectedEnglish() || (en ? sentenceText(en).slice(0, 200) : ""));
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
})();

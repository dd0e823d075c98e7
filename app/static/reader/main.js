// Paralelo's reader: one ES module per feature, started here in order. No framework, no build step:
// app/web/assets.py serves this folder under a path naming its hash, so relative imports are versioned too.
//
//   dom.js          shared helpers: elements, messages, JSON calls, sentences and twins, copying
//   focus.js        one tab stop over the sentences, arrows, twin highlighting, other modules' keys
//   card.js         the floating card and the glossary terms' cards
//   views.js        view, marked terms, text size, colours (kept in this browser)
//   menus.js        the toolbar's menus: one open at a time, Esc
//   progress.js     a translation under way, waiting for re-translation, Retry
//   refresh.js      the text again from the server after a change, focus kept
//   lookup.js       a selection's card: glossary first, dictionary second, save, add to glossary
//   glossary_add.js the Add-to-glossary dialog (editors)
//   editor.js       correcting a sentence (editors); suggestions.js: memory matches and alternatives
//   listen.js       speech synthesis, a sentence or the article
//   share.js        links to sentences, copying, printing
//   actions.js      the bar beside the current sentence
//   study.js        the study list, in the browser or on the server
//   align.js        Swap sides; joining and splitting aligned pairs (editors)

import { reader } from "./dom.js";
import * as focus from "./focus.js";
import * as card from "./card.js";
import * as views from "./views.js";
import * as menus from "./menus.js";
import * as progress from "./progress.js";
import * as lookup from "./lookup.js";
import * as glossaryAdd from "./glossary_add.js";
import * as editor from "./editor.js";
import * as listen from "./listen.js";
import * as share from "./share.js";
import * as actions from "./actions.js";
import * as study from "./study.js";
import * as align from "./align.js";

if (reader) {
  card.init();
  focus.init();
  views.init();
  menus.init();
  progress.init();
  lookup.init();  // before the editor: Enter on a selection looks it up, Enter on a sentence edits it
  glossaryAdd.init();
  editor.init();
  listen.init();
  actions.init();
  align.init();
  share.init();  // last: a linked sentence takes the tab stop
  study.updateCount();
  reader.dataset.ready = "yes";  // for tests and for styles that wait for the script
}

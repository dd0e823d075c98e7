// Listening with the browser's own speech synthesis: one sentence (the ▶ beside it), or the article
// in either language from the current sentence to the end, each sentence highlighted as it is read.
// Each column carries its lang, so the voice is chosen for the language. Nothing is sent anywhere.

import { announce, columnLang, langOf, msg, reader, sentenceText, visible } from "./dom.js";
import { currentSeg, setCurrent } from "./focus.js";

const synth = () => window.speechSynthesis;
let queue = [];
let playing = null;

export function speechAvailable() {
  return typeof window.speechSynthesis === "object" && window.speechSynthesis !== null &&
    typeof window.SpeechSynthesisUtterance === "function";
}

function voiceFor(lang) {
  const voices = synth().getVoices ? synth().getVoices() : [];
  const primary = lang.split("-")[0].toLowerCase();
  return voices.find((v) => v.lang && v.lang.toLowerCase() === lang.toLowerCase()) ||
    voices.find((v) => v.lang && v.lang.toLowerCase().split(/[-_]/)[0] === primary) || null;
}

function mark(seg, on) {
  if (seg) seg.classList.toggle("speaking", on);
}

function stopButton(on) {
  const stop = document.getElementById("listen-stop");
  if (stop) stop.hidden = !on;
}

export function stop() {
  queue = [];
  mark(playing, false);
  playing = null;
  if (speechAvailable()) synth().cancel();
  stopButton(false);
}

function utter(seg, next) {
  const lang = seg.closest(".col").lang || columnLang(langOf(seg));
  const u = new SpeechSynthesisUtterance(sentenceText(seg));
  u.lang = lang;
  const voice = voiceFor(lang);
  if (voice) u.voice = voice;
  u.onstart = () => {
    mark(playing, false);
    playing = seg;
    mark(seg, true);
  };
  u.onend = () => {
    mark(seg, false);
    if (playing === seg) playing = null;
    next();
  };
  u.onerror = u.onend;
  synth().speak(u);
}

function playQueue() {
  const seg = queue.shift();
  if (!seg) { stopButton(false); return; }
  if (queue.length) setCurrent(seg, false, false);  // the tab stop follows the voice
  if (visible(seg)) seg.scrollIntoView({ block: "nearest" });
  utter(seg, playQueue);
}

export function speakSentence(seg) {
  stop();
  stopButton(true);
  queue = [seg];
  playQueue();
}

// The article in one language, from the current sentence (or the start) to the end.
export function speakArticle(lang) {
  stop();
  const segs = Array.from(reader.querySelectorAll(".col." + lang + " .seg:not(.pending)"));
  const here = currentSeg();
  const key = here ? here.dataset.seg : null;
  const from = key ? segs.findIndex((s) => s.dataset.seg === key) : 0;
  queue = segs.slice(Math.max(from, 0));
  stopButton(true);
  announce(msg.reading);
  playQueue();
}

export function init() {
  if (!speechAvailable()) return;  // the controls stay hidden
  const menu = reader.querySelector("details.listen");
  if (menu) menu.hidden = false;
  reader.querySelectorAll("[data-listen]").forEach((b) => {
    b.addEventListener("click", () => {
      if (menu) menu.open = false;
      speakArticle(b.dataset.listen);
    });
  });
  const stopper = document.getElementById("listen-stop");
  if (stopper) stopper.addEventListener("click", () => { stop(); announce(msg.stopped); });
  window.addEventListener("pagehide", stop);
}

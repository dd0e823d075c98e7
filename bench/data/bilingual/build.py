"""Build and check the bilingual bench data in this folder (standard library only).

    python3 bench/data/bilingual/build.py          # rebuild from _src/, then check everything
    python3 bench/data/bilingual/build.py --check  # only check the built files

Sources (hand-written, see README.md):
  _src/pairs/<name>.txt            one aligned pair, written as a sequence of alignment beads
  _src/real/<name>.txt             one real pair (Debian documentation), same format; also
  _src/real_dev/, _src/real_heldout/, _src/real_heldout2/  real pairs to develop the aligner on / to
                                   measure it once more (twice)
  _src/spanish_source/<slug>.txt   one Spanish article with its 1-1 English translation
  _src/segment_es.txt              Spanish segmentation cases
Built files:
  <name>/en.txt, <name>/es.txt, <name>/gold.json
  real/<name>/en.txt, real/<name>/es.txt, real/<name>/gold.json (and real_dev/, real_heldout/)
  spanish_source/<slug>.es.txt, .en.txt, .json
  segment_es.json
langid.tsv is written by hand and only checked.

Pair source format: a line "=" separates beads (alignment units, in order). Inside a bead,
"EN: text" / "ES: text" add one sentence to that side; "EN¶ text" / "ES¶ text" add a sentence
that starts a new paragraph. A bead with sentences on one side only is a 1-0 or 0-1 unit. The
first bead is the title. Lines starting with "#" are comments; a "#! key: value" line sets
metadata (source, original, url; for a real pair also licence and the provenance keys in
PROVENANCE).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "_src"
REAL = HERE / "real"
# Real pairs by use: measured once (real), developed on (real_dev), measured once more (real_heldout,
# then real_heldout2).
REAL_SETS = ("real", "real_dev", "real_heldout", "real_heldout2")
# Where a real pair comes from: the Debian package and file of each edition, the document and section.
PROVENANCE = ("package_en", "file_en", "package_es", "file_es", "document", "section", "selection",
              "translation")


def clean(line: str) -> str:
    text = unicodedata.normalize("NFC", line.strip())
    if not text:
        raise ValueError("empty sentence")
    if "  " in text or "\t" in text:
        raise ValueError(f"double space or tab in {text!r}")
    return text


def render(paragraphs: list[list[str]]) -> str:
    """Title line, blank line, then paragraphs (one sentence a line) separated by blank lines."""
    return "\n\n".join("\n".join(p) for p in paragraphs) + "\n"


def parse_text(path: Path) -> list[list[str]]:
    blocks = path.read_text("utf-8").rstrip("\n").split("\n\n")
    return [b.split("\n") for b in blocks]


# ---------------------------------------------------------------- pairs

def parse_pair(path: Path) -> dict:
    meta: dict[str, list[str]] = {}
    beads: list[dict[str, list[tuple[bool, str]]]] = []
    current = {"en": [], "es": []}
    for raw in path.read_text("utf-8").splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        if line.startswith("#!"):
            key, _, value = line[2:].partition(":")
            meta.setdefault(key.strip(), []).append(value.strip())
            continue
        if line.startswith("#"):
            continue
        if line.strip() == "=":
            beads.append(current)
            current = {"en": [], "es": []}
            continue
        tag, body = line[:3], line[3:]
        if tag not in ("EN:", "ES:", "EN¶", "ES¶"):
            raise ValueError(f"{path.name}: bad line {line!r}")
        side = tag[:2].lower()
        current[side].append((tag[2] == "¶", clean(body)))
    if current["en"] or current["es"]:
        beads.append(current)
    return {"meta": meta, "beads": beads}


def build_pair(path: Path, root: Path = HERE) -> None:
    parsed = parse_pair(path)
    meta, beads = parsed["meta"], parsed["beads"]
    sides = {"en": [], "es": []}      # paragraphs per side
    flat = {"en": [], "es": []}
    pairs = []
    for number, bead in enumerate(beads):
        unit = {}
        for side in ("en", "es"):
            idx = []
            for starts, sentence in bead[side]:
                if number == 0:
                    if len(bead[side]) != 1:
                        raise ValueError(f"{path.name}: title bead must have one sentence a side")
                    sides[side].append([sentence])
                else:
                    if starts or len(sides[side]) == 1:
                        sides[side].append([])
                    sides[side][-1].append(sentence)
                idx.append(len(flat[side]))
                flat[side].append(sentence)
            unit[side] = idx
        if not unit["en"] and not unit["es"]:
            raise ValueError(f"{path.name}: empty bead {number}")
        pairs.append([unit["en"], unit["es"]])
    out = root / path.stem
    out.mkdir(parents=True, exist_ok=True)
    (out / "en.txt").write_text(render(sides["en"]), "utf-8")
    (out / "es.txt").write_text(render(sides["es"]), "utf-8")
    gold = {"source": meta["source"][0], "original": meta["original"][0]}
    if gold["source"] == "real":
        gold["provenance"] = {key: meta[key][0] for key in PROVENANCE}
        gold["licence"] = meta["licence"][0]
    else:
        gold["urls"] = meta.get("url", [])
    gold.update({"en_sentences": flat["en"], "es_sentences": flat["es"], "pairs": pairs})
    (out / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", "utf-8")


def check_pair(folder: Path, real: bool = False) -> dict:
    """Check one pair; a constructed pair must also hold the unit quotas, a real one its provenance."""
    gold = json.loads((folder / "gold.json").read_text("utf-8"))
    problems = []
    least, most = (20, 40) if real else (15, 40)
    for side in ("en", "es"):
        paragraphs = parse_text(folder / f"{side}.txt")
        lines = [s for p in paragraphs for s in p]
        if lines != gold[f"{side}_sentences"]:
            problems.append(f"{side}.txt does not match gold {side}_sentences")
        if len(paragraphs[0]) != 1:
            problems.append(f"{side}.txt: title is not a single line")
        n = len(lines)
        if not least <= n <= most:
            problems.append(f"{side}: {n} sentences (want {least}-{most})")
        seen = [i for pair in gold["pairs"] for i in pair[0 if side == "en" else 1]]
        if sorted(seen) != list(range(n)) or seen != sorted(seen):
            problems.append(f"{side}: indices not each used once in order")
    if gold["pairs"][0] != [[0], [0]]:
        problems.append("title is not aligned 1-1")
    if any(not a and not b for a, b in gold["pairs"]):
        problems.append("empty unit")
    kinds = Counter(f"{len(a)}-{len(b)}" for a, b in gold["pairs"])
    shape = {side: [len(p) for p in parse_text(folder / f"{side}.txt")] for side in ("en", "es")}
    if real:
        # Real editions are measured as they are: no quota of merges, paragraphs may agree.
        if gold["source"] != "real":
            problems.append("source must be real")
        missing = [key for key in PROVENANCE if not gold.get("provenance", {}).get(key)]
        if missing or not gold.get("licence"):
            problems.append(f"provenance or licence missing: {missing or ['licence']}")
    else:
        for kind, want in (("1-2", 2), ("2-1", 2), ("1-0", 1), ("0-1", 1)):
            if kinds[kind] < want:
                problems.append(f"only {kinds[kind]} {kind} units (want {want})")
        if shape["en"] == shape["es"]:
            problems.append("paragraphs agree exactly between editions")
        if gold["source"] != "constructed":
            problems.append("source must be constructed (real pairs live in real/)")
    if problems:
        raise SystemExit(f"{folder.name}: " + "; ".join(problems))
    return {"name": folder.name, "original": gold["original"], "en": len(gold["en_sentences"]),
            "es": len(gold["es_sentences"]), "units": dict(sorted(kinds.items())),
            "paragraphs": {k: len(v) for k, v in shape.items()}}


# ---------------------------------------------------------------- Spanish-source articles

def build_spanish_source(path: Path) -> None:
    paragraphs = []
    for block in path.read_text("utf-8").strip().split("\n\n"):
        rows = [line for line in block.split("\n") if not line.startswith("#")]
        if not rows:
            continue
        if len(rows) % 2:
            raise ValueError(f"{path.name}: odd number of lines in {rows[0]!r}")
        para = []
        for es_line, en_line in zip(rows[0::2], rows[1::2]):
            if not (es_line.startswith("ES: ") and en_line.startswith("EN: ")):
                raise ValueError(f"{path.name}: expected ES/EN lines, got {es_line!r} / {en_line!r}")
            para.append({"es": clean(es_line[4:]), "en": clean(en_line[4:])})
        paragraphs.append(para)
    out = HERE / "spanish_source"
    out.mkdir(exist_ok=True)
    slug = path.stem
    for side in ("es", "en"):
        text = render([[row[side] for row in para] for para in paragraphs])
        (out / f"{slug}.{side}.txt").write_text(text, "utf-8")
    (out / f"{slug}.json").write_text(
        json.dumps({"paragraphs": paragraphs}, ensure_ascii=False, indent=1) + "\n", "utf-8")


def check_spanish_source(path: Path) -> dict:
    data = json.loads(path.read_text("utf-8"))
    slug = path.stem
    for side in ("es", "en"):
        paragraphs = parse_text(path.with_name(f"{slug}.{side}.txt"))
        expected = [[row[side] for row in para] for para in data["paragraphs"]]
        if paragraphs != expected:
            raise SystemExit(f"{slug}.{side}.txt does not match {slug}.json")
    body = sum(len(p) for p in data["paragraphs"][1:])
    if len(data["paragraphs"][0]) != 1:
        raise SystemExit(f"{slug}: first paragraph must be the title")
    if not 10 <= body <= 20:
        raise SystemExit(f"{slug}: {body} sentences after the title (want 10-20)")
    return {"slug": slug, "paragraphs": len(data["paragraphs"]), "sentences": 1 + body}


# ---------------------------------------------------------------- segmentation

def build_segment() -> None:
    cases = []
    for block in (SRC / "segment_es.txt").read_text("utf-8").strip().split("\n\n"):
        rows = [line for line in block.split("\n") if not line.startswith("#")]
        if rows:
            sentences = [clean(r) for r in rows]
            cases.append({"text": " ".join(sentences), "sentences": sentences})
    (HERE / "segment_es.json").write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", "utf-8")


def check_segment() -> int:
    cases = json.loads((HERE / "segment_es.json").read_text("utf-8"))
    for case in cases:
        if " ".join(case["sentences"]) != case["text"]:
            raise SystemExit(f"segment case does not rebuild its text: {case['text'][:60]}")
    texts = [c["text"] for c in cases]
    if len(set(texts)) != len(texts):
        raise SystemExit("duplicate segmentation case")
    return len(cases)


# ---------------------------------------------------------------- language identification

def check_langid() -> Counter:
    counts: Counter = Counter()
    seen = set()
    for number, line in enumerate((HERE / "langid.tsv").read_text("utf-8").splitlines(), 1):
        label, sep, sentence = line.partition("\t")
        if sep != "\t" or label not in ("en", "es") or not sentence.strip() or "\t" in sentence:
            raise SystemExit(f"langid.tsv line {number}: bad row {line!r}")
        if sentence != sentence.strip() or sentence != unicodedata.normalize("NFC", sentence):
            raise SystemExit(f"langid.tsv line {number}: stray space or not NFC")
        if sentence in seen:
            raise SystemExit(f"langid.tsv line {number}: duplicate sentence")
        seen.add(sentence)
        counts[label] += 1
    return counts


def main() -> None:
    if "--check" not in sys.argv:
        for path in sorted((SRC / "pairs").glob("*.txt")):
            build_pair(path)
        for name in REAL_SETS:
            for path in sorted((SRC / name).glob("*.txt")):
                build_pair(path, HERE / name)
        for path in sorted((SRC / "spanish_source").glob("*.txt")):
            build_spanish_source(path)
        build_segment()
    for path in sorted((SRC / "pairs").glob("*.txt")):
        print(check_pair(HERE / path.stem))
    for name in REAL_SETS:
        for path in sorted((SRC / name).glob("*.txt")):
            print(dict(check_pair(HERE / name / path.stem, real=True), source=name))
    for path in sorted((HERE / "spanish_source").glob("*.json")):
        print(check_spanish_source(path))
    print({"segment_es cases": check_segment()})
    print({"langid": dict(check_langid())})


if __name__ == "__main__":
    main()

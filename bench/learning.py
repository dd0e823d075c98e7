"""How many word edits do glossary suggestions learned from post-edits save (issue 25)?

    python3 bench/learning.py               # N = 3 (the default LEARN_MIN_EDITS), both directions
    python3 bench/learning.py --min-edits 2
    python3 bench/learning.py --no-glossary  # start from an empty glossary: what corrections alone teach

The ten wire stories of bench/data/news come with professional Spanish translations, sentence by
sentence. One half of them is post-edited as an editor would: each sentence's machine translation
(the full pipeline with Apertium and the bundled glossary) is replaced by the reference through the
app's own post-edit path (app.translation.postedit.save), alternating two editors. The suggestions
the app then mines (app.translation.suggestions) are all accepted through the glossary's edit path.
The other half is translated before and after, and each output is compared with its reference by
word edit distance (Levenshtein on case-folded word and punctuation tokens): the edits an editor
would still have to make. Run both ways: dev edited / heldout measured, and heldout edited / dev
measured. Accepting everything is the upper bound of what an editor who accepts blindly gets; the
script also counts sentences made worse.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz.distance import Levenshtein  # noqa: E402
from sqlalchemy import select  # noqa: E402

from app.core import models  # noqa: E402
from app.core.models import GlossaryEntry  # noqa: E402
from app.glossary import edit as glossary_edit  # noqa: E402
from app.translation import learning, pipeline, postedit, suggestions  # noqa: E402
from app.translation.engines.apertium import ApertiumEngine  # noqa: E402
from tests.support.app import store_text, template_database  # noqa: E402

NEWS = ROOT / "bench" / "data" / "news" / "articles"


def stories(split: str) -> list[dict]:
    found = [json.loads(p.read_text("utf-8")) for p in sorted(NEWS.glob("*.json"))]
    return [s for s in found if s["split"] == split]


def text_of(story: dict) -> str:
    return (NEWS / f"{story['slug']}.en.txt").read_text("utf-8")


def references(story: dict) -> dict[str, str]:
    """English sentence (white space collapsed) -> its professional Spanish."""
    pairs = {" ".join(story["title_en"].split()): story["title_es"]}
    if story.get("byline_en"):
        pairs[" ".join(story["byline_en"].split())] = story["byline_es"]
    for paragraph in story["paragraphs"]:
        for pair in paragraph:
            pairs[" ".join(pair["en"].split())] = pair["es"]
    return pairs


def words(text: str) -> list[str]:
    return [t.casefold() for t in learning.tokens(text)]


def distance(a: str, b: str) -> int:
    return Levenshtein.distance(words(a), words(b))


def translate(session, story: dict, engine) -> list[tuple[str, str, str]]:
    """(English, machine Spanish, reference) for each sentence of the story that has a reference."""
    article = store_text(session, text_of(story), engine="apertium")
    pipeline.translate_segments(session, article, list(article.segments), engine)
    session.flush()
    refs = references(story)
    return [(s.source, s.current.text, refs[" ".join(s.source.split())]) for s in article.segments
            if " ".join(s.source.split()) in refs and s.current is not None]


def post_edit(session, story: dict, engine, turn: list[int]) -> int:
    """Translate a story and post-edit every sentence to its reference; how many sentences edited."""
    article = store_text(session, text_of(story), engine="apertium")
    pipeline.translate_segments(session, article, list(article.segments), engine)
    session.flush()
    refs = references(story)
    edited = 0
    for seg in article.segments:
        ref = refs.get(" ".join(seg.source.split()))
        if ref and seg.current is not None and seg.current.text != ref:
            turn[0] += 1
            postedit.save(session, seg, ref, who=("editor-a", "editor-b")[turn[0] % 2])
            edited += 1
    return edited


def run(edit_split: str, measure_split: str, min_edits: int, engine, no_glossary: bool = False) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="paralelo-learning-"))
    db = folder / "paralelo.db"
    db.write_bytes(template_database().read_bytes())
    sessions = models.session_factory(models.make_engine(f"sqlite:///{db}"), writer=True)
    with sessions() as session:
        if no_glossary:  # what the editors' corrections alone teach, with no curated glossary to start from
            for entry in session.scalars(select(GlossaryEntry).where(GlossaryEntry.deleted.is_(False))).all():
                glossary_edit.delete(session, entry.id, who="bench")
            session.flush()
        turn = [0]
        edited = sum(post_edit(session, s, engine, turn) for s in stories(edit_split))
        before = [row for s in stories(measure_split) for row in translate(session, s, engine)]
        found = suggestions.mine(session, min_edits)
        accepted = []
        for s in found:
            try:
                suggestions.accept(session, s.key, "bench", min_edits)
                accepted.append(s)
            except suggestions.SuggestionError as exc:
                print(f"   not accepted: {s.source} -> {s.target}: {exc}")
        session.flush()
        after = [row for s in stories(measure_split) for row in translate(session, s, engine)]
        session.rollback()
    assert [b[0] for b in before] == [a[0] for a in after]
    d_before = [distance(mt, ref) for _en, mt, ref in before]
    d_after = [distance(mt, ref) for _en, mt, ref in after]
    return {
        "edited": edited, "sentences": len(before), "suggestions": found, "accepted": accepted,
        "before": sum(d_before), "after": sum(d_after),
        "ref_words": sum(len(words(ref)) for _en, _mt, ref in before),
        "changed": sum(b[1] != a[1] for b, a in zip(before, after, strict=True)),
        "better": sum(a < b for a, b in zip(d_after, d_before, strict=True)),
        "worse": sum(a > b for a, b in zip(d_after, d_before, strict=True)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min-edits", type=int, default=3)
    parser.add_argument("--no-glossary", action="store_true", help="start from an empty glossary")
    args = parser.parse_args()
    engine = ApertiumEngine()
    if not engine.available():
        sys.exit("Apertium eng-spa is not installed")
    start = "an empty glossary" if args.no_glossary else "the bundled glossary"
    print(f"N = {args.min_edits} (sentences corrected the same way), starting from {start}\n")
    print("| edited half | measured half | sentences post-edited | suggestions (accepted) | sentences measured "
          "| word edits before | after | saved | sentences changed (better / worse) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    details = []
    for edit_split, measure_split in (("dev", "heldout"), ("heldout", "dev")):
        r = run(edit_split, measure_split, args.min_edits, engine, args.no_glossary)
        saved = r["before"] - r["after"]
        print(f"| {edit_split} | {measure_split} | {r['edited']} | {len(r['suggestions'])} ({len(r['accepted'])}) "
              f"| {r['sentences']} | {r['before']} | {r['after']} | {saved} ({saved / r['before']:.1%}) "
              f"| {r['changed']} ({r['better']} / {r['worse']}) |")
        details.append((edit_split, r))
    print()
    for edit_split, r in details:
        print(f"Suggestions learned from the {edit_split} half:")
        for s in r["suggestions"]:
            print(f"- {s.kind}: {s.source} -> {s.target} (machine: {s.machine}; {len(s.evidence)} sentences, "
                  f"{', '.join(s.editors)})")
        print()


if __name__ == "__main__":
    main()

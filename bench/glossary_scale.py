"""Glossary matching at scale: our Aho-Corasick Matcher against one regex per entry.

Times automaton build, matching and term enforcement (protect + restore, no engine) over the seed
article's sentences with 10, 1,000 and 10,000 entries: the curated glossary, cut down or padded
with deterministic synthetic entries. Run from the repository root:

    python -m bench.glossary_scale [--repeat 7] [--seed 2025]

Prints a markdown table. Nothing here asserts on time; the only check is that both methods find
the same matches, which tests/test_bench_glossary.py also runs.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import os
import platform
import random
import re
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from importlib import resources

from app.glossary.matcher import Entry, Match, Matcher, normalize, variants
from app.intake import parse, segment
from app.interchange.glossary_files import bundled_rows
from app.spanish.enforce import restore
from app.translation.engines.apertium import protect
from app.translation.pipeline import engine_input

SIZES = (10, 1_000, 10_000)
SEED = 2025
SYNTHETIC_ID_BASE = 100_000
# Fast measurements repeat until they fill FILL_SECONDS (so a busy machine's hiccups fall outside
# the median); slow ones stop after 3 runs once they have taken SLOW_SECONDS.
FILL_SECONDS, MAX_RUNS, SLOW_SECONDS = 0.25, 200, 1.5

# Word lists for synthetic entries: (English, Spanish, gender) nouns and adjectives, so that
# "adj noun" -> "noun adj" and "noun of noun" -> "noun de noun" read like real entries.
NOUNS = [
    ("appeal", "apelación", "f"), ("hearing", "audiencia", "f"), ("warrant", "orden", "f"),
    ("statute", "estatuto", "m"), ("tribunal", "tribunal", "m"), ("ruling", "fallo", "m"),
    ("verdict", "veredicto", "m"), ("subpoena", "citación", "f"),
    ("affidavit", "declaración jurada", "f"), ("injunction", "medida cautelar", "f"),
    ("indictment", "acusación formal", "f"),
    ("plea", "alegato", "m"), ("bail", "fianza", "f"), ("parole", "libertad condicional", "f"),
    ("probation", "período de prueba", "m"), ("custody", "custodia", "f"), ("asylum", "asilo", "m"),
    ("visa", "visado", "m"), ("permit", "permiso", "m"), ("border", "frontera", "f"),
    ("checkpoint", "puesto de control", "m"), ("detention", "detención", "f"),
    ("removal", "expulsión", "f"), ("waiver", "dispensa", "f"), ("petition", "petición", "f"),
    ("treaty", "tratado", "m"), ("convention", "convención", "f"), ("protocol", "protocolo", "m"),
    ("ministry", "ministerio", "m"), ("agency", "agencia", "f"), ("council", "consejo", "m"),
    ("commission", "comisión", "f"), ("committee", "comité", "m"), ("office", "oficina", "f"),
    ("inspector", "inspector", "m"), ("prosecutor", "fiscal", "m"), ("defender", "defensor", "m"),
    ("magistrate", "magistrado", "m"), ("clerk", "secretario judicial", "m"),
    ("witness", "testigo", "m"),
    ("victim", "víctima", "f"), ("detainee", "detenido", "m"), ("refugee", "refugiado", "m"),
    ("census", "censo", "m"), ("registry", "registro", "m"), ("database", "base de datos", "f"),
    ("budget", "presupuesto", "m"), ("audit", "auditoría", "f"), ("inquiry", "investigación", "f"),
    ("report", "informe", "m"), ("complaint", "denuncia", "f"), ("sanction", "sanción", "f"),
    ("penalty", "pena", "f"), ("fine", "multa", "f"), ("fee", "tasa", "f"),
    ("tax", "impuesto", "m"),
    ("contract", "contrato", "m"), ("lease", "arrendamiento", "m"), ("mortgage", "hipoteca", "f"),
    ("license", "licencia", "f"), ("patent", "patente", "f"), ("tariff", "arancel", "m"),
    ("election", "elección", "f"), ("ballot", "papeleta", "f"), ("district", "distrito", "m"),
    ("province", "provincia", "f"), ("municipality", "municipio", "m"), ("port", "puerto", "m"),
    ("harbor", "bahía", "f"), ("highway", "carretera", "f"), ("bridge", "puente", "m"),
    ("hospital", "hospital", "m"), ("clinic", "clínica", "f"), ("school", "escuela", "f"),
    ("university", "universidad", "f"), ("archive", "archivo", "m"), ("library", "biblioteca", "f"),
    ("museum", "museo", "m"), ("embassy", "embajada", "f"), ("consulate", "consulado", "m"),
    ("passport", "pasaporte", "m"), ("pension", "pensión", "f"), ("subsidy", "subsidio", "m"),
    ("loan", "préstamo", "m"), ("grant", "subvención", "f"), ("bond", "bono", "m"),
    ("pipeline", "oleoducto", "m"), ("refinery", "refinería", "f"), ("mine", "mina", "f"),
    ("forest", "bosque", "m"), ("river", "río", "m"), ("reservoir", "embalse", "m"),
    ("drought", "sequía", "f"), ("flood", "inundación", "f"), ("earthquake", "terremoto", "m"),
    ("vaccine", "vacuna", "f"), ("epidemic", "epidemia", "f"), ("curfew", "toque de queda", "m"),
    ("strike", "huelga", "f"), ("union", "sindicato", "m"), ("wage", "salario", "m"),
    ("pollution", "contaminación", "f"), ("emission", "emisión", "f"), ("quota", "cuota", "f"),
]
ADJECTIVES = [
    ("federal", "federal"), ("regional", "regional"), ("judicial", "judicial"), ("penal", "penal"),
    ("civil", "civil"), ("military", "militar"), ("national", "nacional"), ("local", "local"),
    ("international", "internacional"), ("provincial", "provincial"), ("municipal", "municipal"),
    ("constitutional", "constitucional"), ("legal", "legal"), ("illegal", "ilegal"),
    ("special", "especial"), ("general", "general"), ("temporary", "temporal"), ("annual", "anual"),
    ("electoral", "electoral"), ("fiscal", "fiscal"), ("environmental", "ambiental"),
    ("digital", "digital"), ("rural", "rural"), ("urban", "urbano"), ("coastal", "costero"),
    ("parliamentary", "parlamentario"), ("ministerial", "ministerial"), ("consular", "consular"),
    ("humanitarian", "humanitario"), ("diplomatic", "diplomático"), ("customs", "aduanero"),
    ("agricultural", "agrícola"), ("industrial", "industrial"), ("financial", "financiero"),
]
# Synthetic entries taken from the article itself, so that padding also adds real matches.
ARTICLE_PHRASES_MAX = 20
_FUNCTION_WORDS = frozenset(
    """about after against also been before being could each from have into many more most only
    other over some such than that their them then there these they this those very were what when
    where which while whom with would""".split()
)
_WORD_PAIR = re.compile(r"(?<![\w'’-])([a-z]{4,} [a-z]{4,})(?![\w'’-])")
# Boundaries as app.glossary._word_bounded sees them: no letter or digit, and no hyphen after
# normalize() (which maps the hyphens ‐ ‑ to -; the en dash – separates words), on either side.
_DASHES = "-‐‑"
_BEFORE = rf"(?<![^\W_])(?<![{_DASHES}])"
_AFTER = rf"(?![^\W_])(?![{_DASHES}])"
_UNIFY = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-"})


def seed_sentences() -> list[str]:
    """The seed article's sentences as the pipeline hands them to the matcher."""
    text = resources.files("app.data").joinpath("cecot-article.txt").read_text("utf-8")
    parsed = parse.parse(text)
    sentences = segment.segment(parsed.blocks, parsed.title, parsed.byline)
    return [engine_input(s.text) for s in sentences]


def curated_entries() -> list[Entry]:
    """The bundled glossary as Entries, numbered from 1 in file order."""
    return [Entry.of({**row, "id": i}) for i, row in enumerate(bundled_rows(), 1)]


def synthetic_entries(
    count: int, sentences: Sequence[str], taken: Sequence[Entry], seed: int
) -> list[Entry]:
    """Deterministic made-up entries: word-list phrases, plus a few taken from the article."""
    rng = random.Random(seed)
    used = {e.source.casefold() for e in taken}
    out: list[Entry] = []

    def add(source: str, target: str, gender: str | None) -> None:
        if source.casefold() not in used and len(out) < count:
            used.add(source.casefold())
            out.append(Entry(SYNTHETIC_ID_BASE + len(out), source, target, gender=gender))

    # A few that do occur: content-word pairs from the article that no curated term covers.
    curated = Matcher(taken)
    pairs: list[str] = []
    for sentence in sentences:
        covered = [(m.start, m.end) for m in curated.find(sentence)]
        for m in _WORD_PAIR.finditer(sentence):
            phrase = m.group(1)
            if (
                not any(m.start() < e and s < m.end() for s, e in covered)
                and not _FUNCTION_WORDS.intersection(phrase.split())
                and phrase not in pairs
            ):
                pairs.append(phrase)
    for phrase in rng.sample(pairs, min(len(pairs), ARTICLE_PHRASES_MAX, max(1, count // 50))):
        add(phrase, f"expresión del artículo: {phrase}", None)

    # The rest: "adj noun" and "noun of noun" phrases, mostly absent from the article.
    while len(out) < count:
        noun, noun_es, gender = rng.choice(NOUNS)
        shape = rng.random()
        if shape < 0.45:
            adj, adj_es = rng.choice(ADJECTIVES)
            add(f"{adj} {noun}", f"{noun_es} {adj_es}", gender)
        elif shape < 0.85:
            other, other_es, _ = rng.choice(NOUNS)
            add(f"{noun} of {other}", f"{noun_es} de {other_es}", gender)
        else:
            adj, adj_es = rng.choice(ADJECTIVES)
            other, other_es, _ = rng.choice(NOUNS)
            add(f"{adj} {noun} of {other}", f"{noun_es} {adj_es} de {other_es}", gender)
    return out


def entries_of_size(size: int, sentences: Sequence[str], seed: int = SEED) -> list[Entry]:
    """Exactly `size` entries: curated ones that occur in the seed, or curated plus synthetic."""
    curated = curated_entries()
    if size <= len(curated):
        matcher = Matcher(curated)
        found = {m.entry.id for s in sentences for m in matcher.find(s)}
        occurring = [e for e in curated if e.id in found]
        rng = random.Random(seed)
        chosen = set(rng.sample([e.id for e in occurring], min(size, len(occurring))))
        return [e for e in curated if e.id in chosen]
    return curated + synthetic_entries(size - len(curated), sentences, curated, seed)


class NaiveMatcher:
    """The baseline: one compiled, word-bounded, case-insensitive regex per entry, tried in turn."""

    def __init__(self, entries: Iterable[Entry]):
        self.entries = [e for e in entries if e.source and e.target]
        # (entry, pattern, runs on the raw text?, matched form -> (target, number))
        self._patterns: list[tuple[Entry, re.Pattern, bool, dict[str, tuple[str, str]]]] = []
        for entry in self.entries:
            renderings: dict[str, tuple[str, str]] = {}
            for form, target, number in entry.forms():
                # A case-sensitive entry matches only its forms as written (as Matcher.find checks).
                for key in [form] if entry.case_sensitive else sorted(variants(form)):
                    renderings.setdefault(key, (target, number))
            alternatives = "|".join(re.escape(k) for k in sorted(renderings, key=len, reverse=True))
            flags = 0 if entry.case_sensitive else re.IGNORECASE
            pattern = re.compile(f"{_BEFORE}(?:{alternatives}){_AFTER}", flags)
            self._patterns.append((entry, pattern, entry.case_sensitive, renderings))

    def find(self, text: str) -> list[Match]:
        """All non-overlapping matches in text, leftmost-longest (earlier entry wins a tie)."""
        unified = text.translate(_UNIFY)
        found: list[tuple[int, int, int, Match]] = []
        for order, (entry, pattern, raw, renderings) in enumerate(self._patterns):
            for m in pattern.finditer(text if raw else unified):
                key = m.group() if raw else normalize(m.group())
                target, number = renderings.get(key, (entry.target, entry.number or "sg"))
                end = m.end()
                possessive = unified.startswith("'s", end) or (
                    unified.startswith("'", end) and unified[end - 1 : end].lower() == "s"
                )
                match = Match(m.start(), end, entry, target, number, possessive)
                found.append((match.start, match.start - end, order, match))
        found.sort(key=lambda f: f[:3])
        chosen: list[Match] = []
        for _, _, _, match in found:
            if not chosen or match.start >= chosen[-1].end:
                chosen.append(match)
        return chosen


def differences(entries: Sequence[Entry], sentences: Sequence[str]) -> list[str]:
    """Where Matcher and NaiveMatcher disagree (span, entry or rendering); empty when they agree."""
    ours, naive = Matcher(entries), NaiveMatcher(entries)

    def key(matches: list[Match]) -> list[tuple]:
        return [(m.start, m.end, m.entry.id, m.target, m.number, m.possessive) for m in matches]

    out = []
    for i, sentence in enumerate(sentences):
        a, b = key(ours.find(sentence)), key(naive.find(sentence))
        if a != b:
            only_a = [sentence[x[0] : x[1]] for x in a if x not in b]
            only_b = [sentence[x[0] : x[1]] for x in b if x not in a]
            out.append(
                f"sentence {i}: ours {len(a)} matches, naive {len(b)}; "
                f"only ours {only_a}, only naive {only_b}"
            )
    return out


def median_ms(
    fn: Callable[[], object], repeat: int, setup: Callable[[], object] | None = None
) -> float:
    """Median wall time of fn() in ms over at least `repeat` runs (3 if slow), gc off."""
    times: list[float] = []
    gc.collect()
    gc.disable()
    try:
        while not _enough(times, repeat):
            if setup:
                setup()
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    finally:
        gc.enable()
    return statistics.median(times) * 1000


def _enough(times: list[float], repeat: int) -> bool:
    total = sum(times)
    if len(times) >= 3 and total >= SLOW_SECONDS:
        return True
    return len(times) >= MAX_RUNS or (len(times) >= repeat and total >= FILL_SECONDS)


def enforce(sentences: Sequence[str], terms: Sequence[Sequence]) -> list[str]:
    """Protect each sentence's terms, then restore them into the protected text."""
    out = []
    for sentence, sentence_terms in zip(sentences, terms, strict=True):
        protected = protect(sentence, sentence_terms)
        out.append(restore(protected.text, protected.markers))
    return out


def measure(size: int, sentences: Sequence[str], repeat: int, seed: int = SEED) -> dict:
    """Build, match and enforce timings (median ms) of both methods for one glossary size."""
    entries = entries_of_size(size, sentences, seed)
    ours, naive = Matcher(entries), NaiveMatcher(entries)
    terms = [ours.terms(s) for s in sentences]
    ours_found = [(m.start, m.end, m.entry.id) for s in sentences for m in ours.find(s)]
    naive_found = [(m.start, m.end, m.entry.id) for s in sentences for m in naive.find(s)]
    return {
        "entries": len(entries),
        # re caches up to 512 compiled patterns: purge it so that small sizes really compile.
        "build_ours": median_ms(lambda: Matcher(entries), repeat),
        "build_naive": median_ms(lambda: NaiveMatcher(entries), repeat, setup=re.purge),
        "match_ours": median_ms(lambda: [ours.find(s) for s in sentences], repeat),
        "match_naive": median_ms(lambda: [naive.find(s) for s in sentences], repeat),
        "enforce": median_ms(lambda: enforce(sentences, terms), repeat),
        "found": len(ours_found),
        "found_naive": len(naive_found),
        "agree": ours_found == naive_found,
    }


def table(rows: Sequence[dict]) -> str:
    """The results as a markdown table."""
    lines = [
        "| entries | build (ms) ours / naive | match (ms) ours / naive | ratio naive/ours "
        "| enforce (ms) | matches found |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        found = f"{r['found']}" if r["agree"] else f"{r['found']} (naive {r['found_naive']})"
        lines.append(
            f"| {r['entries']:,} | {r['build_ours']:.2f} / {r['build_naive']:.1f} "
            f"| {r['match_ours']:.2f} / {r['match_naive']:.1f} "
            f"| {r['match_naive'] / r['match_ours']:.0f}x | {r['enforce']:.2f} | {found} |"
        )
    return "\n".join(lines)


def scaling(rows: Sequence[dict]) -> str:
    """How much each method slows down from the smallest to the largest glossary."""
    first, last = rows[0], rows[-1]

    def ratio(key: str) -> str:
        return f"{last[key] / first[key]:.1f}x"

    return (
        f"{first['entries']:,} -> {last['entries']:,} entries: "
        f"match time ours {ratio('match_ours')}, naive {ratio('match_naive')}; "
        f"build time ours {ratio('build_ours')}, naive {ratio('build_naive')}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="least runs per measurement")
    parser.add_argument("--seed", type=int, default=SEED, help="seed for the synthetic entries")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args(argv)

    started = time.perf_counter()
    sentences = seed_sentences()
    curated = curated_entries()
    for problem in differences(curated, sentences):
        print(f"WARNING: ours and naive differ on the curated glossary: {problem}")
    rows = [measure(size, sentences, args.repeat, args.seed) for size in args.sizes]
    for r in rows:
        if not r["agree"]:
            print(f"WARNING: ours and naive found different matches with {r['entries']:,} entries")

    chars = sum(len(s) for s in sentences)
    print(
        f"Seed article: {len(sentences)} sentences, {chars:,} characters; "
        f"{len(curated)} curated entries; median of >= {args.repeat} runs (3 when slow); "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {datetime.date.today()}, "
        f"load average {os.getloadavg()[0]:.1f} at the end\n"
    )
    print(table(rows))
    print()
    print(scaling(rows))
    print(f"\n(run took {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

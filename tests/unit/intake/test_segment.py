"""Segmentation: the seed article's exact boundaries, our own case set, the held-out set, robustness."""

from __future__ import annotations

import re
import shutil
import subprocess
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.intake import parse, segment
from tests.support.segment_cases import CASES
from tests.support.segment_golden import GOLDEN_RULES
from tests.support.segment_heldout import HELDOUT

EXPECTED = [
    ('p0.s0', 'title', "WHAT TO KNOW ABOUT EL SALVADOR'S MEGA-PRISON AFTER TRUMP SENT HUNDREDS OF IMMIGRANTS THERE - ASSOCIATED PRESS"),
    ('p1.s0', 'byline', 'Posted on March 17, 2025 by MARCOS ALEMÁN and REGINA GARCIA CANO · ASSOCIATED PRESS'),
    ('p2.s0', 'caption', "In this photo provided by El Salvador's presidential press office, prison guards transfer deportees from the U.S., alleged to be Venezuelan gang members, to the Terrorism Confinement Center in Tecoluca, El Salvador, Sunday, March 16, 2025."),
    ('p3.s0', 'paragraph', "The crown jewel of El Salvador's aggressive anti-crime strategy — a mega-prison where visitation, recreation and education are not allowed — became the latest tool in U.S. President Donald Trump's crackdown on immigration on Sunday, when hundreds of immigrants facing deportation were transferred there."),
    ('p4.s0', 'paragraph', 'The arrival of the immigrants, alleged by the U.S. to be members of the Venezuelan Tren de Aragua gang, took place under an agreement for which the Trump administration will pay the government of President Nayib Bukele $6 million for one year of services.'),
    ('p5.s0', 'paragraph', "Bukele has made the Central American country's stark, harsh prisons a trademark of his fight against crime."),
    ('p5.s1', 'paragraph', 'In 2023, he opened the Terrorism Confinement Center, or CECOT, where the immigrants were sent over the weekend even as a federal judge issued an order temporarily barring their deportations under an 18th century wartime declaration targeting Venezuelan gang members.'),
    ('p6.s0', 'heading', 'What is the CECOT?'),
    ('p7.s0', 'paragraph', "Bukele ordered the mega-prison built as he began his campaign against El Salvador's gangs in March 2022."),
    ('p7.s1', 'paragraph', 'It opened a year later in the town of Tecoluca, about 72 kilometers (45 miles) east of the capital.'),
    ('p8.s0', 'paragraph', 'The facility has eight sprawling pavilions and can hold up to 40,000 inmates.'),
    ('p8.s1', 'paragraph', 'Each cell can fit 65 to 70 prisoners.'),
    ('p9.s0', 'paragraph', 'CECOT prisoners do not receive visits and are never allowed outdoors.'),
    ('p9.s1', 'paragraph', 'The prison does not offer workshops or educational programs to prepare them to return to society after their sentences.'),
    ('p10.s0', 'paragraph', 'Occasionally, prisoners who have gained a level of trust from prison officials give motivational talks.'),
    ('p10.s1', 'paragraph', 'Prisoners sit in rows in the corridor outside their cells for the talks or are led through exercise regimens under the supervision of guards.'),
    ('p11.s0', 'paragraph', "Bukele's justice minister has said that those held at CECOT would never return to their communities."),
    ('p12.s0', 'paragraph', "The prison's dining halls, break rooms, gym and board games are for guards."),
    ('p13.s0', 'heading', 'How many prisoners does El Salvador hold?'),
    ('p14.s0', 'paragraph', "The government doesn't regularly update the figure, but the human rights organization Cristosal reported that in March 2024 El Salvador had 110,000 people behind bars, including those sentenced to prison and those still awaiting trial."),
    ('p14.s1', 'paragraph', "That's more than double the 36,000 inmates that the government reported in April 2021, a year before Bukele ramped up his fight against crime."),
    ('p15.s0', 'paragraph', 'Cristosal and other advocates have accused authorities of human rights violations.'),
    ('p16.s0', 'paragraph', "Cristosal reported last year that at least 261 people had died in El Salvador's prisons during the gang crackdown."),
    ('p16.s1', 'paragraph', 'The group and others have cited cases of abuse, torture and lack of medical attention.'),
    ('p17.s0', 'paragraph', 'In slickly produced videos, the government has shown CECOT prisoners in boxer shorts marching into common areas and made to sit nearly atop each other.'),
    ('p17.s1', 'paragraph', 'Cells lack enough bunks for everyone.'),
    ('p18.s0', 'heading', 'Why were immigrants sent to CECOT?'),
    ('p19.s0', 'paragraph', "The migrants were deported after Trump's declaration of the Alien Enemies Act of 1798, which has been used only three times in U.S. history."),
    ('p20.s0', 'paragraph', 'The law requires a president to declare the U.S. is at war, giving him extraordinary powers to detain or remove foreigners who otherwise would have protections under immigration or criminal laws.'),
    ('p20.s1', 'paragraph', 'Trump claimed the Tren de Aragua gang was invading the U.S. in invoking the wartime authority.'),
    ('p21.s0', 'paragraph', "Tren de Aragua originated in an infamously lawless prison in Venezuela and accompanied an exodus of millions of Venezuelans, the overwhelming majority of whom were seeking better living conditions after their nation's economy came undone last decade."),
    ('p22.s0', 'paragraph', 'The Trump administration has not identified the migrants deported, provided any evidence they are in fact members of Tren de Aragua or that they committed any crimes in the U.S.'),
    ('p23.s0', 'paragraph', "Video released by El Salvador's government Sunday showed men exiting airplanes into an airport tarmac lined by officers in riot gear."),
    ('p23.s1', 'paragraph', 'The men, who had their hands and ankles shackled, struggled to walk as officers pushed their heads down to have them bend at the waist.'),
    ('p24.s0', 'paragraph', 'The video also showed the men being transported to CECOT in a large convoy of buses guarded by police and military vehicles and at least one helicopter.'),
    ('p24.s1', 'paragraph', "The men were shown kneeling on the ground as their heads were shaved before they changed into the prison's all-white uniform - knee-length shorts, T-shirt, socks and rubber clogs - and placed in cells."),
    ('p25.s0', 'credit', 'Garcia Cano reported from Caracas, Venezuela.'),
]


def test_seed_article_sentence_boundaries(seed_text):
    parsed = parse.parse(seed_text)
    got = [(s.key, s.kind, s.text) for s in segment.segment(parsed.blocks, parsed.title, parsed.byline)]
    assert got == EXPECTED
    assert len(got) == 37


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He met U.S. President Donald Trump. Then he left.", ["He met U.S. President Donald Trump.", "Then he left."]),
        ("It happened in the U.S. The judge said no.", ["It happened in the U.S.", "The judge said no."]),
        ("Gen. Smith arrived. Sen. Jones left.", ["Gen. Smith arrived.", "Sen. Jones left."]),
        ("John F. Kennedy spoke. Crowds cheered.", ["John F. Kennedy spoke.", "Crowds cheered."]),
        ("It was Sunday, March 16, 2025. Guards waited.", ["It was Sunday, March 16, 2025.", "Guards waited."]),
        ('"We will not stop." The minister left.', ['"We will not stop."', "The minister left."]),
        ("“Never,” he said. “Not again.” Then silence.", ["“Never,” he said.", "“Not again.”", "Then silence."]),
        ("He paused... Then he went on.", ["He paused...", "Then he went on."]),
        ("Wait… What happened?", ["Wait…", "What happened?"]),
        ("Is it legal? No! It is not.", ["Is it legal?", "No!", "It is not."]),
        ("The rate was 3.5 percent. It rose.", ["The rate was 3.5 percent.", "It rose."]),
        ("At 9 a.m. the court opened.", ["At 9 a.m. the court opened."]),
        ("Washington, D.C. is far. It rains.", ["Washington, D.C. is far.", "It rains."]),
        ("No. 5 was empty.", ["No. 5 was empty."]),
        ("one sentence without a full stop", ["one sentence without a full stop"]),
    ],
)
def test_split_sentences(text, expected):
    assert segment.split_sentences(text) == expected


def test_keys_are_stable_and_hashes_follow_text():
    blocks = [parse.Block("paragraph", "One. Two."), parse.Block("heading", "Why? Because")]
    first = segment.segment(blocks, "Title")
    again = segment.segment(blocks, "Title")
    assert [s.key for s in first] == ["p0.s0", "p1.s0", "p1.s1", "p2.s0"]
    assert [s.source_hash for s in first] == [s.source_hash for s in again]
    assert first[1].source_hash != first[2].source_hash


def test_headings_are_never_split():
    sentences = segment.segment([parse.Block("heading", "What now? Who knows.")], "T")
    assert [s.text for s in sentences] == ["T", "What now? Who knows."]


# ------------------------------------------------------------ own test set and held-out set

# Known misses, kept visible: strict xfail fails the run if one of them starts passing.
KNOWN_MISSES = {
    # an acronym ending a sentence before a capitalised noun: no segmenter measured gets it
    "Deportation flights resumed from the U.S. Officials in Caracas protested.",
    # held-out: "May." read as an abbreviation by sentencex; "the U.N." as above
    "Prices rose 4.5% in May. Wages did not.",
    "The decision was praised at the U.N. Human rights groups were less enthusiastic.",
}


def _params(cases):
    return [
        pytest.param(text, expected, id=f"{category}-{i}",
                     marks=[pytest.mark.xfail(strict=True, reason="known miss")] if text in KNOWN_MISSES else [])
        for i, (category, text, expected) in enumerate(cases)
    ]


def test_case_set_covers_every_category():
    categories = {category for category, _, _ in CASES}
    assert len(CASES) >= 100 and len(HELDOUT) >= 30
    assert categories >= {"abbreviation", "initials", "numbers", "url", "quotes", "parentheses", "list",
                          "ellipsis", "time", "punctuation", "dates", "number-abbreviation", "pronoun-i"}
    assert not {text for _, text, _ in CASES} & {text for _, text, _ in HELDOUT}
    for _, text, expected in CASES + HELDOUT:
        assert " ".join(expected) == text  # the expected split loses nothing


@pytest.mark.parametrize("text, expected", _params(CASES))
def test_own_cases(text, expected):
    assert segment.split_sentences(text) == expected


@pytest.mark.parametrize("text, expected", _params(HELDOUT))
def test_heldout_cases(text, expected):
    assert segment.split_sentences(text) == expected


# ------------------------------------------------------------ pySBD's English golden rules

# Issue 26 asks for at least 44 of the 48 (pySBD itself passes 47). All 48 pass, so no rule is a
# known miss; tests/web/test_segment_api.py checks the same rules through POST /api/articles.
@pytest.mark.parametrize("text, expected", [pytest.param(text, expected, id=f"rule-{n}")
                                            for n, _name, text, expected in GOLDEN_RULES])
def test_golden_rules(text, expected):
    assert segment.split_sentences(text) == expected


def test_golden_rules_are_all_there():
    assert [n for n, *_ in GOLDEN_RULES] == list(range(1, 49))


@pytest.mark.parametrize(
    "text",
    ["A. B\u2028. C", "x A.\u00a0B. C", "Mr.\u3000Smith left.\u2029He came back.", "a\ud800. B", "\ufeffOne. Two."],
)
def test_unusual_characters_neither_crash_nor_get_lost(text):
    # sentencex 1.0.32 panics on some non-ASCII spaces and cannot take lone surrogates
    got = segment.split_sentences(text)
    assert "".join("".join(got).split()) == "".join(text.split())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Mr.", "U.S.", "no.", "1.", "a)", "I.", "p.m.", "Monday", "The", "he", "...",
                                 "…", "?", "!", "(", ")", "“", "”", '"', "x", "É", " ", "  ", "\u2028", "5.5"]),
                max_size=40).map("".join))
def test_no_text_is_lost_or_reordered(text):
    got = segment.split_sentences(text)
    assert all(s and s == s.strip() for s in got)
    assert "".join("".join(got).split()) == "".join(text.split())


def test_long_paragraph_is_split_in_linear_time():
    # a quadratic splitter (pySBD takes ~34 s on 80,000 characters of this) would not finish in time
    started = time.perf_counter()
    for piece in ("Mr. A. b. ", "Yes. ", "1. ", "U.S. The "):
        segment.split_sentences(piece * (100_000 // len(piece)))
    assert time.perf_counter() - started < 10


def test_srx_abbreviations_are_public():
    assert {"gen", "sen", "gov", "st", "u.s", "u.n", "p", "jan"} <= set(segment.NON_BREAKING_ABBREVIATIONS)


# ------------------------------------------------------------ SRX rules for CAT tools (OmegaT)


def srx_split(text: str, rules: list[tuple[bool, str, str]]) -> list[str]:
    """Split as SRX does: at each position the first rule whose before/after regexes meet there decides."""
    text = text.strip()
    decided: dict[int, bool] = {}
    for is_break, before, after in rules:
        after_re = re.compile(after)
        for m in re.finditer(before, text):
            if m.end() not in decided and after_re.match(text, m.end()):
                decided[m.end()] = is_break
    cuts = [0, *sorted(pos for pos, is_break in decided.items() if is_break), len(text)]
    return [p for p in (text[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False)) if p]


def test_srx_rules_split_like_paralelo(seed_text):
    rules = segment.srx_rules()
    assert rules[-1][0] is True and all(isinstance(b, bool) for b, _, _ in rules)
    paragraphs = [b.text for b in parse.parse(seed_text).blocks if b.kind != "heading"]
    for text in paragraphs + [text for _, text, _ in CASES]:
        assert srx_split(text, rules) == segment.split_sentences(text), text


def test_sentences_only_break_at_white_space():
    assert segment.split_sentences("He left.Then he came back. Fine.") == ["He left.Then he came back.", "Fine."]
    assert segment.split_sentences("...U.S.") == ["...U.S."]


SRX_JAVA = """
import java.nio.file.*; import java.util.*; import java.util.regex.*;
public class Srx {
  public static void main(String[] args) throws Exception {
    List<String[]> rules = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0]))) rules.add(line.split("\\t", 3));
    StringBuilder out = new StringBuilder();
    for (String text : Files.readAllLines(Path.of(args[1]))) {
      TreeMap<Integer, Boolean> decided = new TreeMap<>();
      for (String[] rule : rules) {
        Matcher before = Pattern.compile(rule[1]).matcher(text);
        Pattern after = Pattern.compile(rule[2]);
        while (before.find()) {
          Matcher m = after.matcher(text);
          m.region(before.end(), text.length());
          if (!decided.containsKey(before.end()) && m.lookingAt()) decided.put(before.end(), rule[0].equals("1"));
        }
      }
      int last = 0;
      for (var e : decided.entrySet()) if (e.getValue()) { out.append(text, last, e.getKey()).append("\\u0001"); last = e.getKey(); }
      out.append(text.substring(last)).append("\\n");
    }
    Files.writeString(Path.of(args[2]), out.toString());
  }
}
"""


@pytest.mark.skipif(shutil.which("java") is None, reason="no Java (OmegaT's runtime) installed")
def test_srx_rules_are_java_regexes_that_split_the_same(tmp_path, seed_text):
    # the rules are meant for OmegaT: Java's regex engine must read them and split as Python does
    rules = segment.srx_rules()
    texts = [b.text for b in parse.parse(seed_text).blocks if b.kind != "heading"]
    texts += [text for _, text, _ in CASES]
    (tmp_path / "Srx.java").write_text(SRX_JAVA, "utf-8")
    (tmp_path / "rules.tsv").write_text("\n".join(f"{int(b)}\t{x}\t{y}" for b, x, y in rules), "utf-8")
    (tmp_path / "texts.txt").write_text("\n".join(texts), "utf-8")
    subprocess.run(["java", "Srx.java", "rules.tsv", "texts.txt", "out.txt"], cwd=tmp_path, check=True, timeout=120)
    got = (tmp_path / "out.txt").read_text("utf-8").splitlines()
    assert [[p.strip() for p in line.split("\x01") if p.strip()] for line in got] == [
        segment.split_sentences(t) for t in texts]

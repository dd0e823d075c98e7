"""English finishing of a Spanish article's machine translation: terms' capitals, a/an, typography."""

from __future__ import annotations

from app.core.terms import Term
from app.english import enforce, finish


def test_a_and_an_follow_the_sound_of_the_next_word():
    assert enforce.fix_articles("a inmate, an U.S. judge, a FBI agent, a hour, an university, a MS-13 member") == \
        "an inmate, a U.S. judge, an FBI agent, an hour, a university, an MS-13 member"


def test_a_placeholder_becomes_its_term_with_a_capital_at_the_start():
    term = Term(0, 4, "x", "gang members")
    assert enforce.restore("Qzx were detained.", {"Qzx": term}) == "Gang members were detained."


def test_typography_is_english():
    assert finish.typography("«Es injusto», dijo. ¿Qué pasará? It's 40 % -- ok .") == \
        "“Es injusto,” dijo. Qué pasará? It’s 40% — ok."


def test_terms_keep_their_entrys_capitals_and_are_reported():
    terms = [Term(0, 13, "Corte Suprema", "Supreme Court"), Term(20, 31, "pandilleros", "gang members")]
    [done] = finish.finish(["the supreme court freed gang members."], [terms])
    assert done.text == "The Supreme Court freed gang members."
    assert [t["status"] for t in done.terms] == ["enforced", "enforced"]

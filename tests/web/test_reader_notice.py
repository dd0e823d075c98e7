"""The reader's machine-translation notice (issue 24 item 2): how many sentences a person has checked,
the mark on those sentences and its line in the legend, in both interface languages, and the notice
that replaces it once every sentence was checked."""

from __future__ import annotations

import re

import lxml.html

from tests.support.app import translate_now

TEXT = "Notice news\n\nThe judge heard the case.\n\nOfficials said 40 people were held.\n\nCourts met."


def page(client, slug: str, lang: str = "en") -> str:
    return client.get(f"/articles/{slug}?lang={lang}").get_data(as_text=True)


def mark(client, article: int, seg: dict, status: str = "reviewed") -> None:
    answer = client.post(f"/api/articles/{article}/segments/{seg['id']}/review", json={"status": status})
    assert answer.status_code == 200, answer.get_json()


def test_the_notice_counts_checked_sentences_and_the_legend_explains_their_mark(app, client):
    article = translate_now(app, TEXT)
    data = client.get(f"/api/articles/{article}").get_json()
    slug, segments = data["slug"], data["segments"]
    total = len(segments)

    html = page(client, slug)
    assert 'data-notice="machine-translation"' in html
    assert f"No person has checked its {total} sentences yet." in html
    assert "checked by a person" not in html and "review-reviewed" not in html

    mark(client, article, segments[1])
    html = page(client, slug)
    assert f"A person has checked 1 of {total} sentences (marked ✓)." in html
    assert "checked by a person" in html  # the legend says what the mark means
    checked = re.findall(r'<span class="([^"]*)" tabindex="-1" id="es-([^"]+)"', html)
    assert [key for css, key in checked if "review-reviewed" in css.split()] == [segments[1]["key"]]
    spanish = page(client, slug, "es")
    assert "Traducción automática" in spanish and f"Una persona revisó 1 de {total} oraciones" in spanish
    assert "revisada por una persona" in spanish

    for seg in segments:
        if seg is not segments[1]:
            mark(client, article, seg)
    html = page(client, slug)
    assert 'data-notice="machine-translation"' not in html
    assert 'data-notice="human-translation"' in html
    assert "Every sentence of this translation was written or checked by a person." in html


def test_screen_readers_hear_which_sentences_a_person_checked(app, client):
    """The ✓ is drawn by CSS from the sentence's data-checked words, which screen readers hear instead (the
    CSS gives them as the mark's alternative text), in the interface's language, on checked sentences only."""
    article = translate_now(app, TEXT)
    data = client.get(f"/api/articles/{article}").get_json()
    mark(client, article, data["segments"][2])
    for lang, words in (("en", "checked by a person"), ("es", "revisada por una persona")):
        tree = lxml.html.fromstring(page(client, data["slug"], lang))
        checked = [(span.get("id")[3:], span.get("data-checked"))
                   for span in tree.xpath('//span[starts-with(@id, "es-")][@data-checked]')]
        assert checked == [(data["segments"][2]["key"], words)]

"""A long article is read in parts: each page holds READER_PAGE_PARAGRAPHS paragraphs, with links between them."""

from __future__ import annotations

import re

from tests.support.app import make_app, translate_now

PARAGRAPHS = 70


def test_long_article_is_read_in_parts(tmp_path, fake_engine):
    app = make_app(tmp_path, {"fake": fake_engine}, READER_PAGE_PARAGRAPHS=30)
    text = "A long one\n\n" + "\n\n".join(f"Paragraph number {i} says something." for i in range(PARAGRAPHS))
    article_id = translate_now(app, text)
    client = app.test_client()
    slug = client.get(f"/api/articles/{article_id}").get_json()["slug"]
    first = client.get(f"/articles/{slug}").get_data(as_text=True)
    assert "Paragraph number 0 says" in first and "Paragraph number 28 says" in first  # title is paragraph 0
    assert "Paragraph number 29 says" not in first
    assert "Part 1 of 3" in first and f"/articles/{slug}?page=2" in first and 'rel="prev"' not in first
    third = client.get(f"/articles/{slug}?page=3").get_data(as_text=True)
    assert "Paragraph number 69 says" in third and "Paragraph number 58 says" not in third
    assert 'rel="next"' not in third and re.search(r'rel="prev" href="[^"]*page=2', third)
    assert client.get(f"/articles/{slug}?page=4").status_code == 404
    assert client.get(f"/articles/{slug}?page=abc").status_code == 200  # not a number: the first part
    app.extensions["paralelo.jobs"].shutdown()


def test_short_article_has_no_part_navigation(client, app, seed_text):
    translate_now(app, seed_text)
    slug = client.get("/api/articles").get_json()["articles"][0]["slug"]
    html = client.get(f"/articles/{slug}").get_data(as_text=True)
    assert "Part 1 of" not in html

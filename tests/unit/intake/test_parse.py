"""Article import: plain text, markdown-ish text like the seed, HTML, and bad input."""

from __future__ import annotations

import pytest

from app.intake.parse import ArticleError, decode_upload, is_question_heading, parse


def test_seed_article_parts(seed_text):
    article = parse(seed_text)
    assert article.title.startswith("WHAT TO KNOW ABOUT EL SALVADOR'S MEGA-PRISON")
    assert "MARCOS ALEMÁN" in article.byline and "ASSOCIATED PRESS" in article.byline
    kinds = [b.kind for b in article.blocks]
    assert kinds[0] == "caption"
    assert [b.text for b in article.blocks if b.kind == "heading"] == [
        "What is the CECOT?",
        "How many prisoners does El Salvador hold?",
        "Why were immigrants sent to CECOT?",
    ]
    body = " ".join(b.text for b in article.blocks)
    assert "](#)" not in body and "[" not in body  # markdown links became their text
    assert "$6 million" in body and "\\$" not in body  # escaped dollar restored
    assert "—" in body  # em dashes kept
    assert article.blocks[-1].text == "Garcia Cano reported from Caracas, Venezuela."  # lone "—" dropped


def test_title_override_keeps_first_line_as_text():
    article = parse("First paragraph here.\n\nSecond one.", title="My title")
    assert article.title == "My title"
    assert [b.text for b in article.blocks] == ["First paragraph here.", "Second one."]


def test_markdown_headings_and_emphasis():
    article = parse("# Big news\n\nBy Ana Pérez\n\n## What happened?\n\nIt was **very** *bad*.")
    assert article.title == "Big news"
    assert article.byline == "By Ana Pérez"
    assert [(b.kind, b.text) for b in article.blocks] == [
        ("heading", "What happened?"),
        ("paragraph", "It was very bad."),
    ]


def test_html_article():
    html = """<!doctype html><html><head><title>Page title</title><script>alert(1)</script></head>
    <body><h1>Court blocks deportations</h1><p class="byline">By A. Reporter</p>
    <p>A federal judge <a href="#">issued</a> an order.</p><figure><figcaption>A photo.</figcaption></figure>
    <h2>What next?</h2><p>Appeals follow.</p><footer><p>Copyright</p></footer></body></html>"""
    article = parse(html)
    assert article.title == "Court blocks deportations"
    assert article.byline == "By A. Reporter"
    assert [(b.kind, b.text) for b in article.blocks] == [
        ("paragraph", "A federal judge issued an order."),
        ("caption", "A photo."),
        ("heading", "What next?"),
        ("paragraph", "Appeals follow."),
    ]


@pytest.mark.parametrize("text", ["", "   \n\n  ", "<html><body><div></div></body></html>", "---\n\n—"])
def test_empty_articles_are_refused(text):
    with pytest.raises(ArticleError):
        parse(text)


def test_title_only_is_refused():
    with pytest.raises(ArticleError, match="no body"):
        parse("Just a title")


def test_upload_decoding():
    assert decode_upload("Olá\n".encode()) == "Olá\n"
    assert decode_upload(b"\xef\xbb\xbfBOM text") == "BOM text"
    with pytest.raises(ArticleError, match="binary"):
        decode_upload(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(ArticleError, match="UTF-8"):
        decode_upload("café".encode("latin-1"))


def test_underscores_inside_words_are_kept():
    article = parse("T\n\nWrite to @el_faro_english about file_name_v2.txt, _really_ and __right now__.")
    assert article.blocks[0].text == "Write to @el_faro_english about file_name_v2.txt, really and right now."


@pytest.mark.parametrize(
    "text, heading",
    [
        ("What is the CECOT?", True),
        ("Who is Kilmar Abrego Garcia?", True),
        ("Hello?? Who is there?", False),  # two questions: a paragraph of two sentences
        ("Is it legal? No! Is it fair?", False),
    ],
)
def test_question_headings_are_one_question(text, heading):
    assert is_question_heading(text) is heading

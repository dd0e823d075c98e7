"""Extract the article from a whole web page: headline, author, date, site, and the body's blocks in order.

trafilatura finds the main text and the metadata (OpenGraph, JSON-LD, meta tags); readability-lxml is
the fallback where trafilatura finds no body. Before either sees the page, boxes that real sites put
inside the article body (newsletter, donation, "related", share and subscription prompts) are removed
by their class or id, and figure captions are kept in place as caption blocks. No Flask here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from app.core.messages import N_

from . import headline
from .parse import ArticleError, Block, ParsedArticle, clean_inline

# Less body text than this (in words) is a teaser behind a paywall or a sign-in wall, not an article;
# under MIN_TEXT_WORDS it is stray menu or footer text: no article at all.
MIN_BODY_WORDS = 120
MIN_TEXT_WORDS = 20
# A marker trafilatura passes through as text: caption paragraphs start with it.
_CAPTION_MARK = "[[paralelo-caption]]"

# Parts of class and id names (split at "-", "_" and spaces) that name boxes, not article text.
_BOILERPLATE_PARTS = frozenset(
    """newsletter newsletters nl donate donation donations subscribe subscription promo cta related
    recommended share sharing social cookie cookies consent gdpr taboola outbrain sponsored advert
    advertisement ad ads bio paywall regwall piano""".split()
)
_SCREEN_READER_ONLY = {"visually-hidden", "visuallyhidden", "sr-only", "screen-reader-text", "a11y-hidden"}
_PART_SPLIT = re.compile(r"[\s_-]+")
# An element holding this share of the page's text is the article itself, whatever its class says.
_KEEP_SHARE = 0.4
# Short prompts that sites put between paragraphs, where no class names them.
_PROMPT = re.compile(
    r"^(already (a subscriber|have an account)|subscribe (now|today|to)|sign (in|up) (to|for)|"
    r"support (independent|our) journalism|get the full experience|advertisement$|(continue|keep) reading)",
    re.IGNORECASE,
)
_JOB_TITLE = re.compile(
    r"^(?:(?:senior|chief|staff|contributing|special|political|foreign)\s+)*"
    r"(?:writer|reporter|correspondent|editor|columnist|staff|contributor)s?$",
    re.IGNORECASE,
)


class PaywallError(ArticleError):
    """The page holds only a teaser of the article."""


@dataclass
class PageMetadata:
    """What the page says about the article, beside its text."""

    title: str = ""
    author: str | None = None
    published: date | None = None
    site_name: str | None = None
    url: str | None = None  # the canonical URL when the page names one, else the URL it came from


@dataclass
class ExtractedPage:
    article: ParsedArticle
    meta: PageMetadata = field(default_factory=PageMetadata)


def looks_like_page(text: str) -> bool:
    """A whole saved web page (document with head, navigation or scripts), not an article fragment."""
    head = text[:200_000].lower()
    has_document = "<html" in head or "<body" in head
    return has_document and bool(re.search(r"<(nav|header|footer|script|meta|aside)[\s>/]", head))


def extract(html: str, url: str | None = None) -> ExtractedPage:
    """The article and metadata of a web page. Raises ArticleError (PaywallError for a teaser)."""
    import trafilatura

    cleaned = _preclean(html)
    xml = trafilatura.extract(
        cleaned,
        url=url,
        output_format="xml",
        with_metadata=True,
        include_formatting=True,
        include_images=True,
        include_comments=False,
        include_tables=False,
    )
    meta = PageMetadata(url=url)
    blocks: list[Block] = []
    if xml:
        doc = _parse_xml(xml)
        meta = _metadata(doc.attrib, url, html)
        blocks = _blocks(doc.find("main"), meta.title)
    else:
        meta = _metadata(_trafilatura_metadata(html, url), url, html)
    if not _words(blocks):
        blocks = _readability_blocks(cleaned, meta.title)
    words = _words(blocks)
    if words < MIN_TEXT_WORDS:
        raise ArticleError(N_("No article text found on the page. Paste the article's text instead."))
    if words < MIN_BODY_WORDS:
        raise PaywallError(
            N_("The page holds only %(words)s words of article text: it looks like a paywall or a teaser. "
               "Paste the full text instead."),
            words=words,
        )
    title = meta.title or blocks.pop(0).text
    meta.title = title
    return ExtractedPage(ParsedArticle(title=title, byline="", blocks=blocks), meta)


def _preclean(html: str) -> str:
    """Drop boilerplate boxes by class/id and turn figure captions into marked paragraphs."""
    import lxml.html

    try:
        doc = lxml.html.document_fromstring(html)
    except Exception:  # lxml raises several types for broken input; trafilatura copes on its own
        return html
    # JSON-LD stays: trafilatura reads the article's author and dates from it
    for bad in doc.xpath("//script[not(@type='application/ld+json')]|//style|//noscript|//template"):
        bad.drop_tree()
    total = len(_text(doc)) or 1
    for el in doc.xpath("//body//*[@class or @id]"):
        if el.getparent() is None or el.tag in ("html", "body", "main", "article"):
            continue
        parts = set(_PART_SPLIT.split(f"{el.get('class', '')} {el.get('id', '')}".lower()))
        if parts & _BOILERPLATE_PARTS and len(_text(el)) < _KEEP_SHARE * total:
            el.drop_tree()
    for cap in doc.xpath("//figcaption"):
        for label in cap.xpath(".//*[@class]"):  # "Image caption," read out to screen readers only
            if set(label.get("class", "").split()) & _SCREEN_READER_ONLY:
                label.drop_tree()
        text = clean_inline(_text(cap))
        figure = cap.getparent() if cap.getparent() is not None and cap.getparent().tag == "figure" else cap
        if figure.getparent() is None:
            continue
        if text:
            para = lxml.html.Element("p")
            para.text = _CAPTION_MARK + text
            para.tail = figure.tail
            figure.getparent().replace(figure, para)
        else:
            figure.drop_tree()
    return lxml.html.tostring(doc, encoding="unicode")


def _text(el) -> str:
    return " ".join(el.itertext())


def _parse_xml(xml: str):
    from lxml import etree

    return etree.fromstring(xml.encode("utf-8"), etree.XMLParser(recover=True, resolve_entities=False))


def _trafilatura_metadata(html: str, url: str | None) -> dict:
    from trafilatura import extract_metadata

    found = extract_metadata(html, default_url=url)
    if found is None:
        return {}
    return {k: getattr(found, k, None) for k in ("title", "author", "date", "sitename", "url")}


def _metadata(attrs, url: str | None, html: str) -> PageMetadata:
    """PageMetadata from trafilatura's fields; the JSON-LD article's authors win over bylines guessed from text."""
    site_name = clean_inline(attrs.get("sitename") or "") or None
    return PageMetadata(
        title=headline.without_site(clean_inline(attrs.get("title") or ""), site_name),
        author=clean_author(jsonld_authors(html) or attrs.get("author")),
        published=_date(attrs.get("date")),
        site_name=site_name,
        url=attrs.get("url") or url,
    )


_ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
                  "OpinionNewsArticle", "LiveBlogPosting"}


def jsonld_authors(html: str) -> str | None:
    """Author names from the page's JSON-LD article (schema.org), joined with "; "."""
    import json

    import lxml.html

    try:
        doc = lxml.html.document_fromstring(html)
    except Exception:  # lxml raises several types for broken input
        return None
    for script in doc.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for item in _jsonld_items(data):
            types = item.get("@type")
            types = set(types) if isinstance(types, list) else {types}
            if types & _ARTICLE_TYPES:
                authors = item.get("author")
                authors = authors if isinstance(authors, list) else [authors]
                names = [a.get("name") if isinstance(a, dict) else a for a in authors]
                names = [n.strip() for n in names if isinstance(n, str) and n.strip()]
                if names:
                    return "; ".join(names)
    return None


def _jsonld_items(data) -> list[dict]:
    if isinstance(data, list):
        return [i for d in data for i in _jsonld_items(d)]
    if isinstance(data, dict):
        return [data, *_jsonld_items(data.get("@graph", []))]
    return []


def clean_author(value: str | None) -> str | None:
    """Author names joined with commas; job titles ("Staff Writer") that sites put in bylines dropped."""
    if not value:
        return None
    names = []
    for part in re.split(r";|\s[–—|]\s", value):
        part = clean_inline(re.sub(r"^by\s+", "", part.strip(), flags=re.IGNORECASE))
        if _JOB_TITLE.match(part):
            continue
        part = re.sub(r",?\s+(?:senior |staff |chief )?(?:writer|reporter|correspondent)$", "", part, flags=re.I)
        if part and not _JOB_TITLE.match(part) and not re.search(r"\d|^updated\b", part, re.I) and part not in names:
            names.append(part)
    return ", ".join(names) or None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _blocks(main, title: str) -> list[Block]:
    """Blocks from trafilatura's XML body: head -> heading, p/quote/list items -> paragraph, marked p -> caption."""
    blocks: list[Block] = []
    if main is None:
        return blocks
    for el in main.iter("p", "head", "item"):
        if el.tag == "p" and _inside(el, "item"):
            continue
        text = clean_inline("".join(el.itertext()))
        if not text.strip(_CAPTION_MARK + " "):
            continue
        if text.startswith(_CAPTION_MARK):
            blocks.append(Block("caption", text.lstrip(_CAPTION_MARK + " ")))
        elif el.tag == "head":
            if not blocks and _same(text, title):
                continue  # the headline repeated at the top of the body
            blocks.append(Block("heading", text))
        elif not _is_prompt(text):
            blocks.append(Block("paragraph", text.replace(_CAPTION_MARK, "")))
    return _dedupe(blocks)


def _is_prompt(text: str) -> bool:
    """A short subscription or sign-in prompt standing where a paragraph would."""
    return len(text.split()) <= 20 and bool(_PROMPT.match(text))


def _inside(el, tag: str) -> bool:
    return any(a.tag == tag for a in el.iterancestors())


def _same(a: str, b: str) -> bool:
    return a.casefold().strip(" .") == (b or "").casefold().strip(" .")


def _dedupe(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for b in blocks:
        if not out or out[-1].text != b.text:
            out.append(b)
    return out


def _readability_blocks(html: str, title: str) -> list[Block]:
    """The fallback: readability-lxml's main content, cut into blocks."""
    import lxml.html
    from readability import Document

    if not html.strip():
        return []
    try:
        summary = Document(html).summary(html_partial=True)
        doc = lxml.html.fragment_fromstring(summary, create_parent="div")
    except Exception:  # readability raises its own Unparseable and lxml errors on hopeless input
        return []
    blocks = []
    for el in doc.iter("p", "h2", "h3", "h4", "h5", "h6", "li"):
        text = clean_inline(_text(el))
        if not text:
            continue
        if text.startswith(_CAPTION_MARK):
            blocks.append(Block("caption", text.lstrip(_CAPTION_MARK + " ")))
        elif el.tag.startswith("h"):
            if not (not blocks and _same(text, title)):
                blocks.append(Block("heading", text))
        elif not _is_prompt(text):
            blocks.append(Block("paragraph", text.replace(_CAPTION_MARK, "")))
    return _dedupe(blocks)


def _words(blocks: list[Block]) -> int:
    return sum(len(b.text.split()) for b in blocks if b.kind != "caption")

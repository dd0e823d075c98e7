"""Parse an article (plain text, markdown-ish text or HTML) into title, byline and blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.core.messages import N_, UserError

from . import furniture, furniture_es, html_budget

MAX_TITLE_CHARS = 500


class ArticleError(UserError):
    """The submitted article cannot be read."""


@dataclass
class Block:
    """One paragraph-level unit: kind is title, byline, caption, heading or paragraph."""

    kind: str
    text: str


@dataclass
class ParsedArticle:
    title: str
    byline: str = ""
    blocks: list[Block] = field(default_factory=list)


# Inner parts never cross their own markers, so every scan stops at the next one: linear time
# even on hostile input ("[[[[", " *a *a *a").
_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
# *x*, **x**, _x_, __x__ only at word edges: "5*3 years, or 15*12 months", snake_case and
# @handles are text, not emphasis. A dunder name (__init__) is kept too (see _unemphasize).
_EMPHASIS = re.compile(
    r"(?<![\w*])\*\*(?=\S)([^*]+?)(?<=\S)\*\*(?![\w*])|(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])"
    r"|(?<!\w)__(?=\S)([^_]+?)(?<=\S)__(?!\w)|(?<!\w)_(?=\S)([^_]+?)(?<=\S)_(?!\w)"
)
_DUNDER = re.compile(r"__\w+__")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$|>])")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_BYLINE = re.compile(r"^(posted on\b.*\bby\b|by\s+[A-ZÁÉÍÓÚÑ])", re.IGNORECASE)
_CAPTION = re.compile(
    r"^(in this (photo|image|file photo|handout)|this (photo|image)|\(AP Photo|photo:)", re.IGNORECASE
)
_RULE = re.compile(r"^\s*([-—–*_]\s*){1,}$")
_INNER_STOP = re.compile(r"[.!?…]\s")  # a sentence ends inside the text


def decode_upload(data: bytes) -> str:
    """Decode uploaded bytes as UTF-8 text, refusing binary files."""
    if b"\x00" in data:
        raise ArticleError(N_("The file looks binary; upload UTF-8 text, Markdown or HTML."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            N_("The file is not valid UTF-8 (byte %(byte)s); save it as UTF-8 and try again."), byte=exc.start
        ) from None


def clean_inline(text: str, markdown: bool = True) -> str:
    """Strip markdown links, emphasis and escapes (only if `markdown`); collapse white space."""
    if markdown:
        text = _LINK.sub(r"\1", text)
        text = _EMPHASIS.sub(_unemphasize, text)
        text = _MD_ESCAPE.sub(r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def _unemphasize(m: re.Match) -> str:
    """The text inside an emphasis run; a Python-style dunder name stays as typed."""
    if _DUNDER.fullmatch(m.group(0)):
        return m.group(0)
    return next(g for g in m.groups() if g is not None)


def is_question_heading(text: str) -> bool:
    """A short one-line question standing alone, as news explainers use for sub-headings.

    One question only: "Hello?? Who is there?" is two sentences of a paragraph, not a heading.
    """
    return text.endswith("?") and len(text.split()) <= 14 and not _INNER_STOP.search(text)


def parse(text: str, title: str | None = None) -> ParsedArticle:
    """Parse text (HTML when it looks like HTML) into a ParsedArticle."""
    if not text or not text.strip():
        raise ArticleError(N_("The article is empty."))
    if looks_like_html(text):
        return parse_html(text, title)
    return parse_text(text, title)


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    return head.startswith(("<!doctype", "<html")) or bool(re.search(r"<(p|h[1-6]|article|body)[\s>]", head))


def parse_text(text: str, title: str | None = None) -> ParsedArticle:
    """Parse plain or markdown-ish text: paragraphs are separated by blank lines."""
    raw_paras = [p for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    paras = []
    for raw in raw_paras:
        heading = bool(_MD_HEADING.match(raw.strip()))
        cleaned = clean_inline(_MD_HEADING.sub("", raw.strip()))
        if cleaned and not _RULE.match(cleaned):
            paras.append((cleaned, heading))
    if not paras:
        raise ArticleError(N_("The article has no readable text."))
    if title is None or not title.strip():
        title = paras.pop(0)[0]
    elif _same_title(paras[0][0], title) and len(paras) > 1:
        paras.pop(0)  # the text repeats the typed title: a byline under it is still a byline
    article = ParsedArticle(title=_check_title(title))
    bylines: list[str] = []
    for i, (para, heading) in enumerate(paras):
        kind = "paragraph"
        if heading or is_question_heading(para):
            kind = "heading"
        elif i < 3 and not article.blocks and (_is_byline(para) or (bylines and _is_agency(para))):
            bylines.append(para.rstrip(" |"))
            continue
        elif _CAPTION.match(para):
            kind = "caption"
        elif i >= len(paras) - 3 and _is_credit(para):  # credit lines close an article
            kind = "credit"
        article.blocks.append(Block(kind, para))
    article.byline = " · ".join(bylines)
    if not article.blocks:
        raise ArticleError(N_("The article has a title but no body text."))
    return article


def _same_title(para: str, title: str) -> bool:
    """The paragraph is the title again (case, spaces and a closing full stop aside)."""
    def bare(text: str) -> str:
        return " ".join(clean_inline(text).casefold().rstrip(".").split())

    return bare(para) == bare(title)


def _is_byline(para: str) -> bool:
    """A byline: "By X", "Posted on ... by X", or in Spanish "Por X", "Publicado el 3 de marzo de 2026"."""
    if _BYLINE.match(para):
        return True
    found = furniture_es.recognise(para)
    return found is not None and found.kind == "byline"


def _is_credit(para: str) -> bool:
    """A credit line ("X reported from Y.", "Associated Press writer X contributed.", "Colaboró en este
    despacho X."): by template."""
    found = furniture.recognise(para) or furniture_es.recognise(para)
    return found is not None and found.kind == "credit"


def _is_agency(para: str) -> bool:
    """An all-capitals short line under a byline, such as 'ASSOCIATED PRESS'."""
    return para.isupper() and len(para.split()) <= 5


def _check_title(title: str, markdown: bool = True) -> str:
    title = clean_inline(title, markdown)
    if not title:
        raise ArticleError(N_("The article needs a title."))
    if len(title) > MAX_TITLE_CHARS:
        raise ArticleError(N_("The title is longer than %(limit)s characters."), limit=MAX_TITLE_CHARS)
    return title


def parse_html(text: str, title: str | None = None) -> ParsedArticle:
    """Parse HTML: title from <title>/<h1>, blocks from <p>, <h2>-<h6> and <figcaption>."""
    import lxml.html

    try:
        html_budget.check_markup(text)  # before lxml, whose attribute checks are quadratic
        doc = lxml.html.document_fromstring(text)
        html_budget.check_depth(doc)
    except html_budget.HtmlTooComplex as exc:
        raise ArticleError(exc.template, **exc.params) from None
    except Exception as exc:  # lxml raises several types for broken input
        raise ArticleError(N_("The HTML could not be parsed: %(error)s"), error=str(exc)) from None
    for bad in doc.xpath("//script|//style|//noscript|//nav|//footer"):
        bad.drop_tree()
    blocks: list[Block] = []
    byline = ""
    h1 = ""
    for el in doc.iter("p", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption"):
        body = clean_inline(el.text_content(), markdown=False)  # in HTML, * and _ are text
        if not body:
            continue
        classes = (el.get("class") or "").lower()
        if el.tag == "h1" and not h1:
            h1 = body
        elif "byline" in classes or (not blocks and not byline and _is_byline(body)):
            byline = body
        elif el.tag.startswith("h"):
            blocks.append(Block("heading", body))
        elif el.tag == "figcaption" or "caption" in classes:
            blocks.append(Block("caption", body))
        elif el.getnext() is None and _is_credit(body):  # the last paragraph of its container
            blocks.append(Block("credit", body))
        else:
            blocks.append(Block("paragraph", body))
    page_title = doc.findtext(".//title") or ""
    title = title or h1 or clean_inline(page_title, markdown=False)
    if not title and blocks:
        title = blocks.pop(0).text
    if not blocks:
        raise ArticleError(N_("No paragraphs (<p>) or headings found in the HTML."))
    return ParsedArticle(title=_check_title(title, markdown=False), byline=byline, blocks=blocks)

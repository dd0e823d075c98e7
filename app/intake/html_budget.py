"""A complexity budget for imported HTML, checked in linear time before lxml sees the page.

libxml2 checks an element's attributes for duplicates pairwise, so one tag with 100,000
attributes (890 KB) took 25 s or more to parse, inside the request. A linear scan counts tags and
attributes first and refuses a page over the budget with a message saying which limit it passed;
the depth of what lxml built is checked after parsing. No Flask here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from app.core.messages import N_, UserError

# A start tag: name, then attributes (quoted values may hold ">"), then ">" or the end of the text.
# The three branches of the repeat start with different characters, so the scan never backtracks.
_TAG = re.compile(r"""<([A-Za-z][^\s/>]*)((?:[^>"']+|"[^"]*"|'[^']*')*)>?""")
# One attribute: a name, and "=" with a quoted or bare value if it has one.
_ATTRIBUTE = re.compile(r"""[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]*))?""")


@dataclass(frozen=True)
class Budget:
    """The most an imported page may hold."""

    elements: int = 20_000
    attributes: int = 50_000
    attributes_per_element: int = 200
    depth: int = 200


DEFAULT = Budget()


class HtmlTooComplex(UserError):
    """The page is over the HTML complexity budget."""


def check_markup(text: str, budget: Budget = DEFAULT) -> None:
    """Raise HtmlTooComplex if the page has too many elements or attributes (linear time)."""
    elements = attributes = 0
    for m in _TAG.finditer(text):
        elements += 1
        if elements > budget.elements:
            raise HtmlTooComplex(
                N_("The HTML has more than %(limit)s elements; import the article's text instead."),
                limit=f"{budget.elements:,}",
            )
        body = m.group(2)
        if not body or body.isspace():
            continue
        # stop counting at the first attribute over the limit: no need to scan 100,000 of them
        count = sum(1 for _ in islice(_ATTRIBUTE.finditer(body), budget.attributes_per_element + 1))
        if count > budget.attributes_per_element:
            raise HtmlTooComplex(
                N_("An HTML element has more than %(limit)s attributes; import the article's text instead."),
                limit=f"{budget.attributes_per_element:,}",
            )
        attributes += count
        if attributes > budget.attributes:
            raise HtmlTooComplex(
                N_("The HTML has more than %(limit)s attributes; import the article's text instead."),
                limit=f"{budget.attributes:,}",
            )


def check_depth(root, budget: Budget = DEFAULT) -> None:
    """Raise HtmlTooComplex if the parsed tree nests deeper than the budget allows."""
    from lxml import etree

    depth = 0
    for event, _el in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > budget.depth:
            raise HtmlTooComplex(
                N_("The HTML nests elements more than %(limit)s deep; import the article's text instead."),
                limit=budget.depth,
            )

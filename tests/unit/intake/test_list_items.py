"""Lists run into one paragraph: where the items after the first start."""

from __future__ import annotations

import pytest

from app.intake import list_items


def items(text: str) -> list[str]:
    bounds = [0, *list_items.item_starts(text), len(text)]
    return [text[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1. Free them 2. Tell the families 3. Report back",
         ["1. Free them", "2. Tell the families", "3. Report back"]),
        ("1.) Appeal. 2.) Wait.", ["1.) Appeal.", "2.) Wait."]),
        ("(1) Appeal (2) Wait", ["(1) Appeal", "(2) Wait"]),
        ("• 9. Ninth • 10. Tenth", ["• 9. Ninth", "• 10. Tenth"]),
        ("⁃9. Ninth ⁃10. Tenth", ["⁃9. Ninth", "⁃10. Tenth"]),
        ("a. access b. visits c. care", ["a. access", "b. visits", "c. care"]),
        ("a) Acceso a abogados; b) visitas familiares.", ["a) Acceso a abogados;", "b) visitas familiares."]),
    ],
)
def test_items_of_a_one_paragraph_list(text, expected):
    assert items(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The order covers three groups: 1) minors, 2) asylum seekers and 3) residents.",  # no marker first
        "1. The court must rule by Friday.",  # one item
        "1. The vote was 5 to 3. The rest abstained.",  # "3." is not the next number
        "1) Appeal 2. Wait",  # another style
        "A. Smith met B. Jones.",  # capitals are initials
        "12. Guards may not use force. 2. Nor may officers.",  # 2 does not follow 12
    ],
)
def test_no_list(text):
    assert list_items.item_starts(text) == []


@pytest.mark.parametrize("marker", ["1.", "12.", "1.)", "a)", "(b)", "A.", "iv.", "• 9.", "⁃10."])
def test_markers(marker):
    assert list_items.MARKER.fullmatch(marker)

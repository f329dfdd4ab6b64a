"""In English, on a desktop and on a phone: Chinese party names keep a readable line (a table narrowed their
column to three or four characters a line once the English headers took the room) and the service-period
chart's legend stays inside the chart (its English labels are two to three times as long). Measured on the
rendered page: element boxes, not the HTML."""

import pytest
import sqlalchemy as sa

from tests.live_server import sign_in

pytestmark = pytest.mark.browser

#: the width, in font sizes, a party name's cell keeps: eight Chinese characters a line
PARTY_EMS = 7.9


@pytest.fixture
def english_page(demo, chromium, live_server, request):
    width = request.param
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale="en-US", is_mobile=width < 600)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server
    sign_in(page, "vendor")
    page.locator("header form[action='/language/en'] button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    page.width = width
    yield page
    context.close()


def demo_contract_id() -> int:
    from contractmgr.extensions import db
    from contractmgr.models import Contract

    return db.session.scalar(sa.select(Contract.id).where(Contract.filing_number == "洛采公开-2026-54"))


def widths_in_ems(page, selector: str) -> list[float]:
    """Each matching element's content width divided by its font size."""
    return page.eval_on_selector_all(
        selector,
        """cells => cells.map(cell => {
            const style = getComputedStyle(cell);
            const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            return inner / parseFloat(style.fontSize);
        })""",
    )


@pytest.mark.parametrize("english_page", [1400, 390], indirect=True, ids=["desktop", "phone"])
def test_party_names_keep_a_readable_line_in_lists_and_on_the_contract_page(english_page):
    page = english_page
    page.goto(page.base + "/contracts/")
    assert page.locator("thead").inner_text().startswith("Project name")
    cells = widths_in_ems(page, "table.grid td.party")
    assert len(cells) == 2 and min(cells) >= PARTY_EMS, cells
    page.goto(f"{page.base}/contracts/{demo_contract_id()}")
    names = page.locator("dl.facts dd").filter(has_text="洛阳数智科技发展有限公司")
    assert names.count() == 1
    # the vendor's name (12 characters) is on one line: the text's boxes share one top
    tops = names.evaluate(
        """dd => { const range = document.createRange(); range.selectNodeContents(dd);
                   return [...range.getClientRects()].map(rect => Math.round(rect.top)); }"""
    )
    assert len(set(tops)) == 1, tops
    assert page.evaluate("document.documentElement.scrollWidth") == page.width


@pytest.mark.parametrize("english_page", [1400, 390], indirect=True, ids=["desktop", "phone"])
def test_the_timeline_legend_is_inside_the_chart_and_its_items_do_not_overlap(english_page):
    page = english_page
    page.goto(f"{page.base}/contracts/{demo_contract_id()}")
    chart = page.locator("#periods svg.chart")
    frame = chart.bounding_box()
    labels = chart.locator("text.legend")
    assert labels.all_text_contents() == [
        "Same as the contract service period",
        "Own start date",
        "Beyond the contract end",
        "From the date of confirmation",
        "Awaiting confirmation",
        "Today",
    ]
    boxes = [labels.nth(i).bounding_box() for i in range(labels.count())]
    for box in boxes:
        assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 0.5, (box, frame)
    for first, second in zip(boxes, boxes[1:], strict=False):
        same_row = abs(first["y"] - second["y"]) < 1
        assert not same_row or first["x"] + first["width"] < second["x"], (first, second)
    # on a phone the chart scrolls in its frame instead of shrinking its text below legibility
    assert min(box["height"] for box in boxes) >= 8
    assert page.evaluate("document.documentElement.scrollWidth") == page.width

"""The search box: contracts, tenders, lines and suppliers by any part of a name or number, Chinese
included, grouped by kind and paged; a vendor finds only its own contracts; what is typed is matched
literally (% and _ are not wildcards); the text is bounded. Runs on SQLite and, with DATABASE_URL, on
PostgreSQL, where the columns carry trigram indexes."""

import html
import re
from datetime import date

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract, Tender
from contractmgr.services import search as search_service
from contractmgr.services.search import MAX_QUERY_LENGTH, PER_KIND
from tests.factories import make_contract
from tests.supplier.conftest import text_of

LUOYANG_FILING = "洛采公开-2026-54"


def found(response, kind: str) -> str | None:
    """The visible text of the page's section of results of `kind`, or None when it has none."""
    match = re.search(rf'<section[^>]*id="results-{kind}">(.*?)</section>', response.get_data(as_text=True), re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1)))) if match else None


def links(response, kind: str) -> list[str]:
    match = re.search(rf'<section[^>]*id="results-{kind}">(.*?)</section>', response.get_data(as_text=True), re.S)
    return re.findall(r'<li>\s*<a href="([^"]+)"', match.group(1)) if match else []


@pytest.fixture
def luoyang(demo):
    return db.session.scalar(sa.select(Contract).where(Contract.filing_number == LUOYANG_FILING))


def test_a_chinese_substring_finds_contracts_tenders_and_lines(luoyang, login, client):
    login("officer")
    response = client.get("/search/?q=政务信息化运维")
    assert response.status_code == 200
    assert "洛阳市行政审批和政务信息管理局2025年第一批市本级政务信息化运维项目（续签）" in found(response, "contract")
    assert "安阳市政务大数据中心2025年第一批市本级政务信息化运维项目" in found(response, "tender")
    tender = db.session.scalar(sa.select(Tender))
    assert links(response, "tender") == [f"/tenders/{tender.id}"]
    assert links(response, "contract") == [f"/contracts/{luoyang.id}"]


def test_the_filing_number_or_record_number_finds_its_contract(luoyang, login, client):
    login("finance")
    for typed in ("采公开-2026-5", LUOYANG_FILING, luoyang.record_number, f"ht{luoyang.id}"):
        response = client.get("/search/", query_string={"q": typed})
        assert links(response, "contract") == [f"/contracts/{luoyang.id}"], typed
        assert f"{luoyang.record_number} · 备案编号 {LUOYANG_FILING}" in found(response, "contract")


def test_a_line_name_finds_the_line_and_links_to_its_contract(luoyang, login, client):
    login("officer")
    response = client.get("/search/?q=交易信息管理平台")
    lines = found(response, "line")
    assert "第 4 项 洛阳市交易信息管理平台运维" in lines and luoyang.record_number in lines
    assert links(response, "line") == [f"/contracts/{luoyang.id}"]
    # a system listed in the tender finds the tender
    assert "安阳市政务大数据中心" in found(client.get("/search/?q=古树名木"), "tender")


def test_a_voided_line_is_not_found(luoyang, login, client):
    from contractmgr.models import User
    from contractmgr.services.contract_editing import save_lines

    line = next(line for line in luoyang.lines if line.seq == 4)
    officer = db.session.scalar(sa.select(User).where(User.username == "officer"))
    save_lines(luoyang, [], {line.id}, void_reason="录入重复", by=officer)
    db.session.commit()
    login("officer")
    assert found(client.get("/search/?q=交易信息管理平台"), "line") is None


def test_a_supplier_is_found_by_part_of_its_name_and_links_to_its_contracts(luoyang, login, client):
    login("officer")
    response = client.get("/search/?q=数智科技")
    assert "洛阳数智科技发展有限公司" in found(response, "supplier")
    assert links(response, "supplier") == [f"/contracts/?vendor={luoyang.vendor_id}"]
    assert luoyang.title in text_of(client.get(links(response, "supplier")[0]))


def test_a_vendor_finds_only_its_own_contracts_and_their_lines(luoyang, login, client):
    other = make_contract(title="郑州另一家的运维项目", vendor="郑州示例信息技术有限公司", lines=2)
    other.lines[0].name = "洛阳市交易信息管理平台运维（郑州）"
    db.session.commit()
    login("vendor")
    mine = client.get("/search/?q=运维项目")
    assert links(mine, "contract") == [f"/contracts/{luoyang.id}"]
    assert found(mine, "tender") is None and found(mine, "supplier") is None
    lines = client.get("/search/?q=交易信息管理平台")
    assert links(lines, "line") == [f"/contracts/{luoyang.id}"]
    assert found(client.get("/search/?q=郑州"), "contract") is None
    # asking for another kind by name does not open it
    assert found(client.get("/search/?q=数智科技&kind=supplier"), "supplier") is None

    client.post("/logout", data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', mine.text).group(1)})
    login("vendor2")
    theirs = client.get("/search/?q=运维项目")
    assert links(theirs, "contract") == [f"/contracts/{other.id}"]
    assert links(client.get("/search/?q=交易信息管理平台"), "line") == [f"/contracts/{other.id}"]


def test_finance_searches_no_tenders(demo, login, client):
    login("finance")
    response = client.get("/search/?q=安阳市政务大数据中心&kind=tender")
    assert response.status_code == 200 and found(response, "tender") is None
    assert "可搜索：合同、运维项目、供应商" in text_of(response)


@pytest.mark.parametrize(
    ("typed", "matches", "not_matches"),
    [
        ("100%", "可用率100%运维", "可用率1000运维"),
        ("A_B", "A_B系统运维", "AXB系统运维"),
        ("\\d", "路径\\d运维", "路径d运维"),
    ],
)
def test_what_is_typed_is_matched_literally(demo, login, client, typed, matches, not_matches):
    hit = make_contract(title=matches, lines=1)
    make_contract(title=not_matches, lines=1)
    db.session.commit()
    login("officer")
    assert links(client.get("/search/", query_string={"q": typed}), "contract") == [f"/contracts/{hit.id}"]


def test_latin_text_is_found_in_any_case(demo, login, client):
    contract = make_contract(title="OA系统运维", lines=1)
    db.session.commit()
    login("officer")
    assert links(client.get("/search/?q=oa系统"), "contract") == [f"/contracts/{contract.id}"]


def test_results_are_grouped_and_one_kind_pages_through_all(demo, login, client):
    contracts = [
        make_contract(title=f"分页检索运维项目{n:02d}", lines=1, start=date(2026, 1, n + 1), end=date(2026, 12, 31))
        for n in range(PER_KIND + 3)
    ]
    db.session.commit()
    login("officer")
    grouped = client.get("/search/?q=分页检索")
    newest_first = [f"/contracts/{c.id}" for c in reversed(contracts)]
    assert links(grouped, "contract") == newest_first[:PER_KIND]
    assert f"查看全部 {PER_KIND + 3} 条" in found(grouped, "contract")

    first = client.get("/search/?q=分页检索&kind=contract&per_page=5")
    assert links(first, "contract") == newest_first[:5]
    assert "第 1 / 3 页，共 13 条" in found(first, "contract")
    next_link = html.unescape(re.search(r'<a rel="next" href="([^"]+)"', first.text).group(1))
    assert "kind=contract" in next_link and "per_page=5" in next_link
    assert links(client.get(next_link), "contract") == newest_first[5:10]
    assert links(client.get("/search/?q=分页检索&kind=contract&per_page=5&page=3"), "contract") == newest_first[10:]


def test_a_search_matching_more_than_it_counts_says_so_and_still_pages_on(demo, login, client, monkeypatch):
    """Counting stops COUNT_AT_MOST past the page's start (1000 in use; 7 here): "7+", and the next page still
    comes."""
    monkeypatch.setattr(search_service, "COUNT_AT_MOST", 7)
    contracts = [
        make_contract(title=f"计数上限运维{n:02d}", lines=1, start=date(2026, 1, n + 1), end=date(2026, 12, 31))
        for n in range(13)
    ]
    db.session.commit()
    login("officer")
    newest_first = [f"/contracts/{c.id}" for c in reversed(contracts)]
    grouped = client.get("/search/?q=计数上限")
    assert links(grouped, "contract") == newest_first[:PER_KIND]
    assert f"查看全部 {PER_KIND}+ 条" in found(grouped, "contract")  # at least the grouped page's own
    first = client.get("/search/?q=计数上限&kind=contract&per_page=5")
    assert links(first, "contract") == newest_first[:5]
    assert "第 1 / 2+ 页，共 7+ 条" in found(first, "contract")
    assert (
        links(client.get(html.unescape(re.search(r'<a rel="next" href="([^"]+)"', first.text).group(1))), "contract")
        == (newest_first[5:10])
    )
    third = client.get("/search/?q=计数上限&kind=contract&per_page=5&page=3")
    assert links(third, "contract") == newest_first[10:]
    assert "第 3 / 3 页，共 13 条" in found(third, "contract") and 'rel="next"' not in third.text


def test_nothing_found_says_so(demo, login, client):
    login("officer")
    assert "没有找到与“不存在的名称”相符的记录。" in text_of(client.get("/search/?q=不存在的名称"))


def test_a_text_longer_than_the_limit_is_refused_with_a_sentence(demo, login, client):
    login("officer")
    response = client.get("/search/", query_string={"q": "运" * (MAX_QUERY_LENGTH + 1)})
    assert response.status_code == 422
    assert f"搜索词最多 {MAX_QUERY_LENGTH} 个字，您输入了 {MAX_QUERY_LENGTH + 1} 个" in text_of(response)
    assert client.get("/search/", query_string={"q": "运" * MAX_QUERY_LENGTH}).status_code == 200


@pytest.mark.parametrize("username", ["officer", "finance", "vendor", "admin"])
def test_every_role_has_the_search_box_in_the_header(demo, login, client, username):
    login(username)
    page = client.get("/").get_data(as_text=True)
    assert re.search(r'<form method="get" action="/search/" class="header-search" role="search">', page)


def test_signed_out_the_search_asks_to_sign_in(client):
    response = client.get("/search/?q=运维")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_on_postgresql_the_searched_columns_have_trigram_indexes(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("trigram indexes exist on PostgreSQL only")
    rows = db.session.execute(sa.text("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'trgm_%'"))
    definitions = dict(rows.all())
    assert len(definitions) == 8
    assert all("USING gin" in d and "gin_trgm_ops" in d for d in definitions.values())
    assert "trgm_contracts_filing_number" in definitions and "trgm_line_items_name" in definitions

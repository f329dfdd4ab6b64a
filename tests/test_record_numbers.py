"""Two contracts of one name stay apart: every record has a number people can quote (HT-000012), shown with the
备案编号 and the year in its chain in the lists, and found by the search box."""

from datetime import date

from contractmgr.extensions import db
from contractmgr.models.types import record_id_of, record_number
from tests.factories import make_contract
from tests.supplier.conftest import text_of


def test_a_quoted_number_reads_back_to_its_id_and_nothing_else_does():
    assert record_number("HT", 12) == "HT-000012"
    assert [record_id_of(text, "HT") for text in ("HT-000012", "ht-12", "HT12", "HT－000012")] == [12] * 4
    assert [record_id_of(text, "HT") for text in ("ZB-000012", "HT-", "HT-12a", "洛阳", "HT-9999999999")] == [None] * 5


def test_two_contracts_of_one_name_are_told_apart_and_found_by_number(demo, login, client):
    first = make_contract(title="同名运维项目", lines=2, start=date(2025, 1, 1), end=date(2025, 12, 31))
    second = make_contract(title="同名运维项目", lines=2, start=date(2026, 1, 1), end=date(2026, 12, 31))
    first.filing_number, second.filing_number = "备-2025-1", "备-2026-7"
    db.session.commit()
    login("officer")
    listing = text_of(client.get("/contracts/?q=同名运维项目"))
    assert f"{first.record_number} · 备案编号 备-2025-1" in listing
    assert f"{second.record_number} · 备案编号 备-2026-7" in listing
    found = text_of(client.get(f"/contracts/?q={second.record_number}"))
    assert "备-2026-7" in found and "备-2025-1" not in found
    assert second.record_number in text_of(client.get(f"/contracts/{second.id}"))

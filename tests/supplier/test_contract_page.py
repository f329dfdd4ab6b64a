"""The contract page shows acceptance, inspections and staff at a glance to every role that sees it."""

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract
from tests.supplier.conftest import text_of


@pytest.mark.parametrize(
    "username, link",
    [
        ("vendor", "/vendor/contracts/{id}"),
        ("officer", "/acceptance/contracts/{id}"),
        ("finance", "/acceptance/contracts/{id}"),
        ("admin", "/acceptance/contracts/{id}"),
    ],
)
def test_every_role_sees_the_summary_with_a_link_to_its_own_side(client_for, username, link):
    contract_id = db.session.scalar(sa.select(Contract.id).where(Contract.filing_number == "洛采公开-2026-54"))
    response = client_for(username).get(f"/contracts/{contract_id}")
    assert response.status_code == 200
    text = text_of(response)
    assert "验收、巡检与驻场" in text
    assert "合同整体： 待提交" in text
    assert "第 40 项 洛阳市智慧乡村信息系统（单独服务期）： 待提交" in text
    assert "承诺 26 人" in text
    assert "6 个项目巡检周期待确定" in text  # lines 8 and 32 state none; 22, 27, 30 and 39 state two
    assert f'href="{link.format(id=contract_id)}"' in response.get_data(as_text=True)

"""What the officer typed on the import review survives a refusal: it is kept as a draft on the import
record, shown again on reload with the line 「草稿已保存 …」, and gone once the review is saved or confirmed."""

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import AuditEntry, Contract, ImportRecord
from tests.imports.conftest import form_fields, line_field, upload


def _review(officer, path):
    response = upload(officer, path)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"], officer.get(response.headers["Location"])


def _record() -> ImportRecord:
    db.session.rollback()
    return db.session.scalar(sa.select(ImportRecord).order_by(ImportRecord.id.desc()))


def test_edits_refused_for_a_field_typed_wrong_are_back_after_a_reload(officer, contract_docx):
    review_url, page = _review(officer, contract_docx)
    assert "草稿已保存" not in page.get_data(as_text=True)
    fields = form_fields(page)
    amount, name = line_field(fields, 5, "amount"), line_field(fields, 3, "name")
    fields.update({amount: "二十万", name: "已更正的项目名称", "title": "更正后的项目名称", "confirm": "1"})
    refused = officer.post(review_url, data=fields)
    assert refused.status_code == 422 and "草稿已保存" in refused.get_data(as_text=True)
    original_title = _record().payload["title"]
    assert original_title != "更正后的项目名称"  # the document itself is unchanged

    reloaded = officer.get(review_url)
    html = reloaded.get_data(as_text=True)
    assert "草稿已保存" in html and "尚未导入" in html
    kept = form_fields(reloaded)
    assert (kept[amount], kept[name], kept["title"]) == ("二十万", "已更正的项目名称", "更正后的项目名称")

    kept.update({amount: "200000.00", "save": "1"})
    assert officer.post(review_url, data=kept).status_code == 302
    record = _record()
    assert record.draft is None and record.payload["title"] == "更正后的项目名称"
    assert "草稿已保存" not in officer.get(review_url).get_data(as_text=True)


def test_a_refused_confirmation_keeps_the_draft_and_a_confirmation_clears_it(officer, contract_docx):
    review_url, page = _review(officer, contract_docx)
    fields = form_fields(page)
    fields.update(supplier="", title="更正后的项目名称", confirm="1", acknowledge_warnings="y")
    refused = officer.post(review_url, data=fields)
    assert refused.status_code == 422 and "请填写乙方（供应商）" in refused.get_data(as_text=True)
    kept = form_fields(officer.get(review_url))
    assert kept["supplier"] == "" and kept["title"] == "更正后的项目名称"

    kept.update(supplier="洛阳数智科技发展有限公司", confirm="1", acknowledge_warnings="y")
    assert officer.post(review_url, data=kept).status_code == 302
    record = _record()
    assert record.status == "confirmed" and record.draft is None and record.draft_saved_at is None
    contract = db.session.scalar(sa.select(Contract).where(Contract.import_record_id == record.id))
    assert contract.title == "更正后的项目名称"


def _draft_entries(record_id: int) -> list[AuditEntry]:
    query = sa.select(AuditEntry).where(AuditEntry.entity == "import_records", AuditEntry.entity_id == record_id)
    return [
        entry
        for entry in db.session.scalars(query.order_by(AuditEntry.id))
        if entry.field in ("draft", "draft_saved_at")
    ]


def test_each_draft_save_is_one_short_audit_entry_naming_who_and_the_fields_changed(officer, contract_docx):
    review_url, page = _review(officer, contract_docx)
    fields = form_fields(page)
    amount = line_field(fields, 5, "amount")
    fields.update({amount: "二十万", "title": "更正后的项目名称", "confirm": "1"})
    assert officer.post(review_url, data=fields).status_code == 422
    kept = form_fields(officer.get(review_url))
    kept.update(supplier="", confirm="1")
    assert officer.post(review_url, data=kept).status_code == 422

    record = _record()
    first, second = _draft_entries(record.id)
    assert (first.field, first.old_value, first.new_value) == ("draft", None, f"{amount}, title")
    assert (second.field, second.old_value, second.new_value) == ("draft", None, "supplier")
    assert first.user.username == second.user.username == "officer" and first.at is not None
    assert "更正后的项目名称" not in first.new_value + second.new_value  # the form's values are not copied

"""Entering a contract by hand or from a tender, correcting it, editing its lines, and recording the
confirmation dates that start lines."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contractmgr.domain.periods import one_year_from
from contractmgr.extensions import db
from contractmgr.models import Contract, LineItem, Organisation, OrgKind, Tender, TenderItem
from contractmgr.services import contract_editing
from contractmgr.services.access import contract_for, visible_contracts
from contractmgr.web.actions import user_action
from contractmgr.web.procurement import bp
from contractmgr.web.procurement.common import status_of
from forms.contracts import (
    CURRENT_CHAIN,
    ChainForm,
    ConfirmationForm,
    ContractForm,
    LinesForm,
    NewContractForm,
    TenderContractForm,
    confirmation_forms,
)
from forms.fields import read_id

BLANK_ROWS = 3


def _organisations(kind: str) -> list[str]:
    return list(
        db.session.scalars(sa.select(Organisation.name).where(Organisation.kind == kind).order_by(Organisation.name))
    )


def _form_page(template: str, form, **context):
    return render_template(
        template,
        form=form,
        purchasers=_organisations(OrgKind.PURCHASER),
        vendors=_organisations(OrgKind.VENDOR),
        **context,
    ), status_of(form)


@bp.route("/contracts/new", methods=["GET", "POST"])
def new_contract():
    form = NewContractForm()
    if form.validate_on_submit():
        with user_action(form) as action:
            contract = contract_editing.create_contract_by_hand(
                form.to_terms(),
                chain_started_on=form.chain_started_on.data,
                original_award=form.original_award.data,
                year_in_chain=form.year_in_chain.data,
            )
        if action.done:
            flash(_("合同已创建，请录入运维项目。"))
            return redirect(url_for("procurement.edit_lines", contract_id=contract.id))
    return _form_page("procurement/contract_form.html", form, contract=None)


def _contract_data(contract: Contract) -> dict:
    return dict(
        title=contract.title,
        procurement_number=contract.procurement_number,
        filing_number=contract.filing_number,
        purchaser=contract.purchaser.name,
        vendor=contract.vendor.name,
        total_amount=contract.total_amount,
        signed_on=contract.signed_on,
        start_on=contract.start_on,
        end_on=contract.end_on,
        min_onsite_staff=contract.min_onsite_staff,
        evaluation_basis=contract.evaluation_basis,
    )


def _edit_page(contract: Contract, form: ContractForm, chain_form: ChainForm | None = None):
    proposal = contract_editing.chains_for(contract)
    chain_form = chain_form or ChainForm.for_contract(contract, proposal)
    page, status = _form_page(
        "procurement/contract_form.html", form, contract=contract, chain_form=chain_form, chain_proposal=proposal
    )
    return page, max(status, status_of(chain_form))


@bp.route("/contracts/<int:contract_id>/edit", methods=["GET", "POST"])
def edit_contract(contract_id: int):
    contract = contract_for(current_user, contract_id)
    form = ContractForm(data=_contract_data(contract))
    if form.validate_on_submit():
        with user_action(form) as action:
            contract_editing.update_contract(contract, form.to_terms())
        if action.done:
            flash(_("合同已保存。"))
            return redirect(url_for("contracts.show", contract_id=contract.id))
    return _edit_page(contract, form)


@bp.route("/contracts/<int:contract_id>/chain", methods=["POST"])
def edit_chain(contract_id: int):
    """修改合同's chain section: keep the chain and correct the year, or move the contract to another chain."""
    contract = contract_for(current_user, contract_id)
    chain_form = ChainForm.for_contract(contract, contract_editing.chains_for(contract), request.form)
    if chain_form.validate_on_submit():
        with user_action(chain_form) as action:
            if chain_form.chain.data == CURRENT_CHAIN:
                contract_editing.change_year_in_chain(contract, chain_form.chain_year.data or contract.year_in_chain)
            else:
                contract_editing.move_to_chain(contract, chain_form.placement())
        if action.done:
            flash(_("续签链已保存。"))
            return redirect(url_for("contracts.show", contract_id=contract.id))
    return _edit_page(contract, ContractForm(formdata=None, data=_contract_data(contract)), chain_form)


def _line_row(line: LineItem) -> dict:
    return dict(
        id=str(line.id),
        seq=line.seq,
        unit=line.unit.name,
        name=line.name,
        amount=line.amount,
        term_months=line.term_months,
        start_on=line.start_on,
        start_on_confirmation=line.start_on_confirmation,
        onsite_staff=line.onsite_staff,
        inspection_cycle=line.inspection_cycle,
    )


@bp.route("/contracts/<int:contract_id>/lines", methods=["GET", "POST"])
def edit_lines(contract_id: int):
    """Every line in one editable table. "Add rows" re-renders with more blank rows and saves nothing."""
    contract = contract_for(current_user, contract_id)
    form = LinesForm(data={"rows": [_line_row(line) for line in contract.lines]})
    if request.method == "GET":
        _add_blank_rows(form, BLANK_ROWS if contract.lines else 10)
    elif "add_rows" in request.form:
        _add_blank_rows(form, 5)
    elif form.validate_on_submit():
        with user_action(form) as action:
            contract_editing.save_lines(contract, *form.to_data(), void_reason=form.void_reason.data, by=current_user)
        if action.done:
            flash(_("运维项目已保存。"))
            return redirect(url_for("contracts.show", contract_id=contract.id) + "#lines")
    return render_template(
        "procurement/lines.html", form=form, contract=contract, units=_organisations(OrgKind.USER_UNIT)
    ), status_of(form)


def _add_blank_rows(form: LinesForm, count: int) -> None:
    """New rows numbered on from the highest sequence number in the table."""
    last = max((row.form.seq.data or 0 for row in form.rows), default=0)
    for offset in range(1, count + 1):
        form.rows.append_entry({"seq": last + offset, "term_months": 12, "onsite_staff": 0})


@bp.route("/tenders/<int:tender_id>/contract", methods=["GET", "POST"])
def contract_from_tender(tender_id: int):
    tender = db.get_or_404(Tender, tender_id)
    period = (tender.service_start_on, tender.service_end_on)
    if period[0] and not period[1]:
        period = (period[0], one_year_from(period[0]).end)
    form = TenderContractForm(
        data=dict(
            title=tender.title,
            procurement_number=tender.procurement_number,
            purchaser=tender.purchaser.name if tender.purchaser else "",
            start_on=period[0],
            end_on=period[1],
            min_onsite_staff=tender.min_onsite_staff,
            items=[{"item_id": str(item.id), "amount": item.budget_amount} for item in tender.items],
        )
    )
    if form.validate_on_submit():
        with user_action(form) as action:
            contract = contract_editing.create_contract_from_tender(tender, form.to_terms(), form.amounts())
        if action.done:
            flash(_("已根据招标创建合同，共 %(n)s 项。", n=len(contract.lines)))
            return redirect(url_for("contracts.show", contract_id=contract.id))
    items = {item.id: item for item in tender.items}
    rows = [(entry, items.get(read_id(entry.form.item_id.data))) for entry in form.items]
    return _form_page("procurement/tender_contract.html", form, tender=tender, rows=rows)


# --- confirmations ------------------------------------------------------------------------------------


def _confirmation_page(contract: Contract, form, line_id: int | None = None):
    lines = [line for line in contract.lines if line.start_on_confirmation]
    return render_template(
        "procurement/confirmations.html", contract=contract, lines=lines, form=form, failed_line_id=line_id
    ), status_of(form)


@bp.get("/contracts/<int:contract_id>/confirmations")
def confirmations(contract_id: int):
    return _confirmation_page(contract_for(current_user, contract_id), ConfirmationForm())


@bp.post("/contracts/<int:contract_id>/lines/<int:line_id>/confirmation")
def confirm_line(contract_id: int, line_id: int):
    contract = contract_for(current_user, contract_id)
    line = next((line for line in contract.lines if line.id == line_id), None)
    if line is None:
        abort(404)
    form = ConfirmationForm()
    if form.validate_on_submit():
        with user_action(form) as action:
            contract_editing.confirm_line_start(line, form.confirmed_on.data)
        if action.done:
            flash(
                _("第 %(seq)s 项的运维开始日期已登记为 %(day)s。", seq=line.seq, day=form.confirmed_on.data.isoformat())
            )
            return redirect(url_for("procurement.confirmations", contract_id=contract.id))
    return _confirmation_page(contract, form, line_id)


@bp.post("/tenders/<int:tender_id>/items/<int:item_id>/confirmation")
def confirm_tender_item(tender_id: int, item_id: int):
    """Confirm a tender item's start on the tender page, before any contract is made from it."""
    item = db.session.get(TenderItem, item_id)
    if item is None or item.tender_id != tender_id:
        abort(404)
    form = ConfirmationForm(prefix=f"item-{item.id}")
    if form.validate_on_submit():
        with user_action(form) as action:
            contract_editing.confirm_tender_item_start(item, form.confirmed_on.data)
        if action.done:
            flash(
                _("第 %(seq)s 项的运维开始日期已登记为 %(day)s。", seq=item.seq, day=form.confirmed_on.data.isoformat())
            )
            return redirect(url_for("tenders.show", tender_id=tender_id) + f"#item-{item.seq}")
    forms = {**confirmation_forms(item.tender), item.id: form}
    return render_template("tenders/show.html", tender=item.tender, confirm_forms=forms), status_of(form)


@bp.get("/waiting")
def waiting():
    """Every line, of every contract, and every tender item that still waits for its confirmation date."""
    lines = contract_editing.lines_waiting_confirmation(visible_contracts(current_user))
    items = contract_editing.tender_items_waiting_confirmation()
    return render_template("procurement/waiting.html", lines=lines, tender_items=items)

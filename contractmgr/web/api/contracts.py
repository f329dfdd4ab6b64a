from datetime import date

from flask import jsonify
from flask_login import current_user

from contractmgr.extensions import db
from contractmgr.models import Contract
from contractmgr.services.access import contract_for, visible_contracts
from contractmgr.services.contracts import view_contract
from contractmgr.web.api import bp
from contractmgr.web.api.serializers import contract_detail, contract_summary


@bp.get("/contracts")
def list_contracts():
    contracts = db.session.scalars(visible_contracts(current_user).order_by(Contract.id)).all()
    return jsonify(contracts=[contract_summary(view_contract(c, date.today())) for c in contracts])


@bp.get("/contracts/<int:contract_id>")
def get_contract(contract_id: int):
    return jsonify(contract_detail(view_contract(contract_for(current_user, contract_id), date.today())))

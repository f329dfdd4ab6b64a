"""When confirming a penalty the officer may record the known loss; a penalty more than 30% above it is
flagged on the contract page (a warning: the penalty is still confirmed)."""

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Penalty, User
from contractmgr.services import penalties
from tests.helpers import csrf_token

FLAG = "法院可能根据请求予以适当减少"


def _propose(seed):
    officer = db.session.scalar(sa.select(User).where(User.username == "officer"))
    penalty = penalties.assess_late_delivery(seed, 12, by=officer)  # 10% of 8,271,400.00 = 827,140.00
    db.session.commit()
    return penalty.id


def _confirm(client, seed, penalty_id, loss: str):
    token = csrf_token(client.get(f"/contracts/{seed.id}"))
    return client.post(
        f"/procurement/contracts/{seed.id}/penalties/{penalty_id}/confirm",
        data={"csrf_token": token, "known_loss": loss},
    )


def test_a_penalty_more_than_30_percent_above_the_known_loss_is_confirmed_and_flagged(officer, seed):
    penalty_id = _propose(seed)
    assert _confirm(officer, seed, penalty_id, "600,000.00").status_code == 302  # 827,140 > 780,000
    penalty = db.session.get(Penalty, penalty_id)
    db.session.refresh(penalty)
    assert (penalty.status, str(penalty.known_loss_amount)) == ("confirmed", "600000.00")
    page = officer.get(f"/contracts/{seed.id}").get_data(as_text=True)
    assert "已知损失 ¥600,000.00" in page and FLAG in page


def test_a_penalty_within_30_percent_of_the_loss_or_without_one_is_not_flagged(officer, seed):
    within = _propose(seed)
    assert _confirm(officer, seed, within, "700000").status_code == 302  # 827,140 ≤ 910,000
    unknown = _propose(seed)
    assert _confirm(officer, seed, unknown, "").status_code == 302
    assert db.session.get(Penalty, unknown).known_loss_amount is None
    assert FLAG not in officer.get(f"/contracts/{seed.id}").get_data(as_text=True)

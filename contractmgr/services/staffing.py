"""The vendor's on-site staff roster (驻场人员) and how it meets the commitment (tender 注3, line asks).

Personal data is kept minimal: a name, a role, and at most the last four characters of an ID
number (the rest is never stored), shown masked. A person on several lines is one row per line;
rows of the same name and last four are one person, counted once in the total.

The minimum the total is held to: the contract's own (Contract.min_onsite_staff, tender 注3's 15
where the contract states it), else the minimum of the tender it came from, else none — and then
the sum of the lines' asks is the commitment (the 洛阳 contract states no project-wide minimum;
its lines ask for 26). Either way the asks count toward the minimum (domain.staffing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from contractmgr.domain import staffing as rules
from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.periods import Period
from contractmgr.extensions import db
from contractmgr.models import Contract, LineItem, StaffAssignment
from contractmgr.services.locking import lock


def assignments_of(contract: Contract) -> list[StaffAssignment]:
    return list(
        db.session.scalars(
            sa.select(StaffAssignment)
            .where(StaffAssignment.contract_id == contract.id)
            .order_by(StaffAssignment.person_name, StaffAssignment.on_site_from, StaffAssignment.id)
        )
    )


def assignment_for(contract: Contract, assignment_id: int) -> StaffAssignment | None:
    row = db.session.get(StaffAssignment, assignment_id)
    return row if row is not None and row.contract_id == contract.id else None


def masked_id(last4: str | None) -> str:
    """An ID number as lists show it: only its last four characters."""
    return "" if not last4 else "*" * 14 + last4


def add_assignment(
    contract: Contract,
    *,
    person_name: str,
    staff_role: str,
    lines: list[LineItem],
    on_site_from: date,
    on_site_to: date | None,
    id_number: str | None = None,
    match_known: bool = False,
) -> list[StaffAssignment]:
    """A person on site from a date (to a date, or open), on each of `lines` (one row per line; no
    line: on site for the contract as a whole). Only the ID number's last four characters are kept.
    With `match_known` (the staff page's form), the person is matched with those already on the contract
    as a roster's rows are (known_person), and an entry of someone already on site on one of its lines (or
    for the contract as a whole) on one of its days is refused (`staff_already_on_site`, nothing written):
    it is that record entered again, as the roster import takes it. The roster import has matched and
    checked its rows itself."""
    person_name = (person_name or "").strip()
    if not person_name:
        raise RuleViolation("staff_needs_name")
    if any(line.contract_id != contract.id for line in lines):
        raise RuleViolation("staff_line_not_in_contract")
    if on_site_to is not None and on_site_to < on_site_from:
        raise RuleViolation(
            "assignment_ends_before_start", person=person_name, on_site_from=on_site_from, on_site_to=on_site_to
        )
    id_number = (id_number or "").strip().replace(" ", "")
    last4 = id_number[-4:].upper() if id_number else None
    if match_known:
        last4, unfilled = known_person(contract, person_name, last4)
        _refuse_second_record(contract, person_name, last4, unfilled, lines, on_site_from, on_site_to)
        for record in unfilled:
            record.id_last4 = last4
    rows = [
        StaffAssignment(
            contract_id=contract.id,
            line_item_id=line.id if line else None,
            person_name=person_name,
            staff_role=(staff_role or "").strip(),
            id_last4=last4,
            on_site_from=on_site_from,
            on_site_to=on_site_to,
        )
        for line in (lines or [None])
    ]
    db.session.add_all(rows)
    db.session.flush()
    return rows


def known_person(contract: Contract, person_name: str, last4: str | None) -> tuple[str | None, list[StaffAssignment]]:
    """The ID last four a person entered on the staff page is recorded with, so that one person is one
    whether or not each entry gives the last four (as the roster import matches, services/staff_roster.py):
    entered without it, the person takes the last four of the one of that name on the contract, when there
    is only one; entered with the only last four of that name, the records of that name without one get it
    (returned second: the caller fills them in once it accepts the entry). A name with several last fours is
    several people: nothing is filled. The contract's row is locked first, as a roster import locks it, so two
    entries (or an entry and an import) at once each see the other."""
    lock(contract)
    same_name = [a for a in assignments_of(contract) if a.person_name == person_name]
    known = {a.id_last4 for a in same_name if a.id_last4}
    if last4 is None:
        return (known.pop() if len(known) == 1 else None), []
    if known <= {last4}:
        return last4, [a for a in same_name if not a.id_last4]
    return last4, []


def _refuse_second_record(
    contract: Contract,
    person_name: str,
    last4: str | None,
    unfilled: list[StaffAssignment],
    lines: list[LineItem],
    on_site_from: date,
    on_site_to: date | None,
) -> None:
    """`staff_already_on_site` when the person (name and last four as matched; `unfilled` are theirs too) is
    on file on one of `lines` (or, with none, for the contract as a whole) on a day of the new stint."""
    theirs = [
        a
        for a in assignments_of(contract)
        if a.person_name == person_name and ((a.id_last4 or None) == last4 or a in unfilled)
    ]
    for line in lines or [None]:
        line_id = line.id if line else None
        for record in theirs:
            if record.line_item_id == line_id and rules.stints_overlap(
                record.on_site_from, record.on_site_to, on_site_from, on_site_to
            ):
                raise RuleViolation(
                    "staff_already_on_site",
                    person=person_name,
                    seq=line.seq if line else None,
                    on_site_from=record.on_site_from,
                    on_site_to=record.on_site_to,
                )


def end_assignment(assignment: StaffAssignment, on_site_to: date) -> StaffAssignment:
    """Record the last day on site (a person leaves, or was entered open-ended). The row stays."""
    if on_site_to < assignment.on_site_from:
        raise RuleViolation(
            "assignment_ends_before_start",
            person=assignment.person_name,
            on_site_from=assignment.on_site_from,
            on_site_to=on_site_to,
        )
    assignment.on_site_to = on_site_to
    db.session.flush()
    return assignment


def staff_minimum(contract: Contract) -> int | None:
    """The project-wide minimum the contract (or its tender) states; None when neither does."""
    if contract.min_onsite_staff is not None:
        return contract.min_onsite_staff
    if contract.tender is not None and contract.tender.min_onsite_staff is not None:
        return contract.tender.min_onsite_staff
    return None


@dataclass(frozen=True)
class ShortfallRun:
    """Consecutive days on which fewer people were on site than committed."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class StaffingOverview:
    day: date
    #: the stated minimum, None when the contract and its tender state none
    minimum: int | None
    asked: int
    status: rules.StaffingStatus
    lines: dict
    #: the days (contract start to `day`) the total fell short, as runs
    shortfall: tuple[ShortfallRun, ...]

    @property
    def shortfall_days(self) -> int:
        return sum(run.days for run in self.shortfall)


def person_of(row: StaffAssignment) -> tuple[str, str]:
    """Who a row is about: the name and the ID number's last four (empty when not kept). Two rows with
    the same are one person (on site once, however many lines; the roster import also takes a row or
    record without the last four for the one of that name that has it, services/staff_roster.py)."""
    return (row.person_name, row.id_last4 or "")


def staffing_overview(contract: Contract, day: date) -> StaffingOverview:
    """Committed against on site on `day`, per line and in total, and the days it fell short
    from the contract's start up to `day` (or the contract's end)."""
    asks = {line.id: line.onsite_staff for line in contract.lines if line.onsite_staff}
    rows = assignments_of(contract)
    assignments = [(person_of(r), r.line_item_id, r.on_site_from, r.on_site_to) for r in rows]
    minimum = staff_minimum(contract)
    status = rules.staffing_on(day, asks, assignments, minimum or 0)
    end = min(day, contract.end_on)
    short = (
        rules.shortfall_days(Period(contract.start_on, end), asks, assignments, minimum or 0)
        if end >= contract.start_on
        else []
    )
    return StaffingOverview(
        day=day,
        minimum=minimum,
        asked=sum(asks.values()),
        status=status,
        lines={line.id: line for line in contract.lines},
        shortfall=tuple(_runs(short)),
    )


def _runs(days: list[date]) -> list[ShortfallRun]:
    runs: list[ShortfallRun] = []
    for day in days:
        if runs and runs[-1].end + timedelta(days=1) == day:
            runs[-1] = ShortfallRun(runs[-1].start, day)
        else:
            runs.append(ShortfallRun(day, day))
    return runs

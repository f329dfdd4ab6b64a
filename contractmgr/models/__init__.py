"""All models, imported here so that Alembic and the app see every table."""

from contractmgr.models.acceptance import AcceptanceMaterial, AcceptanceSubmission, MaterialFile
from contractmgr.models.audit import AuditEntry
from contractmgr.models.calendar import CalendarYear, HolidayOverride, LprRate
from contractmgr.models.contracts import Contract, RenewalChain, SupplementaryContract, SupplementLine
from contractmgr.models.imports import ImportRecord, StoredFile
from contractmgr.models.jobs import Job
from contractmgr.models.lines import LineItem
from contractmgr.models.payments import MilestoneCondition, MilestoneState, Payment, PaymentMilestone
from contractmgr.models.penalties import Evaluation, Penalty
from contractmgr.models.reminders import Reminder
from contractmgr.models.staffing import Inspection, StaffAssignment
from contractmgr.models.tenders import Tender, TenderItem, TenderLot
from contractmgr.models.users import ApiToken, LoginSession, Organisation, OrgKind, Role, User

__all__ = [
    "AcceptanceMaterial",
    "AcceptanceSubmission",
    "ApiToken",
    "AuditEntry",
    "CalendarYear",
    "Contract",
    "Evaluation",
    "HolidayOverride",
    "ImportRecord",
    "Inspection",
    "Job",
    "LineItem",
    "LoginSession",
    "LprRate",
    "MaterialFile",
    "MilestoneCondition",
    "MilestoneState",
    "Organisation",
    "OrgKind",
    "Payment",
    "PaymentMilestone",
    "Penalty",
    "Reminder",
    "RenewalChain",
    "Role",
    "StaffAssignment",
    "StoredFile",
    "SupplementLine",
    "SupplementaryContract",
    "Tender",
    "TenderItem",
    "TenderLot",
    "User",
]

"""Every code a person can be shown has its sentence, in Chinese and in English.

The source is scanned, not a list kept by hand: each RuleViolation (and subclass) raised in the
domain, the services, the importer or the forms, each import Finding and each contract-page Notice
names a code that must be in contractmgr.texts.messages.MESSAGES, so nobody reads
"规则检查未通过：<code>". Each sentence is rendered from the names of the params its raiser passes,
in both languages; and every msgid in contractmgr/texts has an English translation in the catalog.
"""

import ast
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

from contractmgr.domain.errors import RuleViolation
from contractmgr.texts.messages import MESSAGES, explain
from tests.conftest import make_app

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("contractmgr", "forms", "importers")
CATALOG = ROOT / "contractmgr" / "translations" / "en" / "LC_MESSAGES" / "messages.po"

#: callables that take a code, and the position of the code among their arguments
CODE_TAKERS = {"RuleViolation": 0, "Finding": 0, "Notice": 0, "need": 2, "explain": 0}


def _trees() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text()) for root in SCANNED for path in (ROOT / root).rglob("*.py")}


def _name(node: ast.expr) -> str | None:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None


def _violation_classes(trees) -> set[str]:
    """RuleViolation and every class that derives from it, however deep."""
    classes, grown = {"RuleViolation"}, True
    while grown:
        grown = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.ClassDef)
                    and node.name not in classes
                    and any(_name(base) in classes for base in node.bases)
                ):
                    classes.add(node.name)
                    grown = True
    return classes


def _param_names(call: ast.Call, callee: str) -> list[str] | None:
    """The names of the params the call passes with its code; None when they are not written out."""
    if callee == "Notice" and len(call.args) > 1 and isinstance(call.args[1], ast.Dict):
        return [key.value for key in call.args[1].keys]
    if callee == "Finding":
        given = [k.value for k in call.keywords if k.arg == "params"]
        if not given:
            return []
        return [key.value for key in given[0].keys] if isinstance(given[0], ast.Dict) else None
    if any(keyword.arg is None for keyword in call.keywords):  # **params
        return None
    return [keyword.arg for keyword in call.keywords]


def raised_codes() -> list[tuple[str, list[str] | None, str]]:
    """(code, param names, where) for each place the source raises or reports a code."""
    trees = _trees()
    takers = dict(CODE_TAKERS) | dict.fromkeys(_violation_classes(trees), 0)
    found = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            callee = _name(node.func)
            position = takers.get(callee)
            if (
                callee == "__init__"
                and isinstance(node.func.value, ast.Call)
                and _name(node.func.value.func) == "super"
            ):
                position = 0  # a RuleViolation subclass naming its own code: super().__init__("import_not_ready", …)
            if position is None or len(node.args) <= position:
                continue
            code = node.args[position]
            if isinstance(code, ast.Constant) and isinstance(code.value, str):
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                found.append((code.value, _param_names(node, callee), where))
    return found


RAISED = raised_codes()


def _each(names: str, value) -> dict:
    return dict.fromkeys(names.split(), value)


#: a value of the right kind for each param name the raisers use (ASCII text, so Chinese in the
#: English rendering can only come from an untranslated sentence)
SAMPLES = {
    **_each(
        "accepted_on earliest on_site_from on_site_to day chain_start contract_start start end line_start "
        "limit_end new_end previous_end new_start terminated_on signed_on notice_on latest",
        date(2027, 5, 21),
    ),
    **_each("at confirmed_at", datetime(2026, 5, 22, 9, 30)),
    **_each(
        "amount outstanding excess cap used remaining over_by stated lines difference total ceiling",
        Decimal("827140.00"),
    ),
    **_each(
        "attempt seq year contract_id row kb rows days import_id record_id limit count days_early days_over "
        "max_years days_overlap score min max minimum limit_mb length n",
        3,
    ),
    **_each(
        "scope person text name vendor chain_vendor label expected allowed title path detail column lot tender sheet "
        "number",
        "x-1",
    ),
    "increase": Decimal("-1200.00"),
    "cap_ratio": Decimal("0.10"),
    "sum": Decimal("0.95"),
    "ratios": (Decimal("0.70"), Decimal("-0.10")),
    "percent": Decimal("3.45"),
    "maximum": Decimal("20"),
    "decision": "fail",
    "problem": "date",
    "kind": "contract",
    "status": "confirmed",
    "field": "title",
    "found": "png",
    "basis": "from_90",
    "role": "auditor",
    "language": "fr",
    "category": "weekly",
    "rule": "monthly",
    "names": ["Plan", "Records"],
    "seqs": [16, 24, 30],
    "ids": [7],
    "refused": [("Plan", RuleViolation("file_empty", name="plan.pdf"))],
    "problems": [(5, RuleViolation("staff_needs_name")), (6, RuleViolation("roster_unknown_line", seq=9))],
}

_CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
#: the Chinese an English sentence quotes on purpose: what the user is to type (2027年10月1日, 休 or 班)
QUOTED_CHINESE = {"calendar_bad_date": "年月日", "calendar_file_bad_row": "休班"}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The application, for its translations only: no database is opened."""
    return make_app("sqlite://", tmp_path_factory.mktemp("texts"))


def test_the_scan_finds_the_codes_raised_in_every_layer():
    codes = {code for code, _, _ in RAISED}
    # one from each kind of raiser: the domain, a service, a subclass, a finding, a notice, `need`
    assert {
        "deduction_negative",
        "file_too_large",
        "username_taken",
        "import_not_ready",
        "import_duplicate_seq",
        "lines_waiting_confirmation",
        "import_field_required",
    } <= codes
    assert len(codes) > 100


@pytest.mark.parametrize("code", sorted({code for code, _, _ in RAISED}))
def test_every_raised_code_has_a_sentence(code):
    assert code in MESSAGES, f"{code} is raised but has no sentence in contractmgr/texts/messages.py"


def test_every_sentence_is_for_a_code_that_is_raised():
    assert set(MESSAGES) - {code for code, _, _ in RAISED} == set()


@pytest.mark.parametrize(
    ("code", "names", "where"), [site for site in RAISED if site[1] is not None], ids=lambda value: str(value)
)
def test_each_sentence_reads_in_both_languages_from_the_params_its_raiser_gives(app, code, names, where):
    params = {name: SAMPLES[name] for name in names}
    with app.test_request_context():
        chinese = explain(code, **params)
        with force_locale("en"):
            english = explain(code, **params)
    assert code not in chinese and _CJK.search(chinese), where
    assert english != chinese and code not in english, where
    quoted = QUOTED_CHINESE.get(code, "")
    assert not _CJK.search(english.translate({ord(c): None for c in quoted})), f"{where}: untranslated: {english}"


def _msgids(path: Path) -> set[str]:
    """The strings `path` hands to gettext (`_`, `_l`), as pybabel extracts them."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        is_gettext = isinstance(node, ast.Call) and _name(node.func) in ("_", "_l", "gettext", "lazy_gettext")
        if is_gettext and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            found.add(node.args[0].value)
    return found


def test_every_string_of_the_texts_package_has_an_english_translation():
    with CATALOG.open("rb") as file:
        catalog = read_po(file)
    msgids = set().union(*(_msgids(path) for path in (ROOT / "contractmgr" / "texts").glob("*.py")))
    assert len(msgids) > 200
    missing = sorted(m for m in msgids if m not in catalog or not catalog[m].string or catalog[m].fuzzy)
    assert missing == []


def _imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_nothing_below_the_web_layer_imports_it():
    """Wording lives in contractmgr.texts so that exports, the import command, the services and the
    forms need nothing of the web layer (only the application factory puts the web together)."""
    below = [
        path
        for root in SCANNED
        for path in (ROOT / root).rglob("*.py")
        if "web" not in path.relative_to(ROOT).parts and path.name != "factory.py"
    ]
    assert len(below) > 80
    offenders = {
        str(path.relative_to(ROOT)): sorted(name for name in _imports_of(path) if name.startswith("contractmgr.web"))
        for path in below
    }
    assert {path: names for path, names in offenders.items() if names} == {}

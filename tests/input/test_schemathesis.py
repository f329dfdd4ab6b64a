"""The API against its own OpenAPI document, by schemathesis, for every role: data generated from the
document (valid and invalid), every check on — no 5xx, and no answer the document does not describe
(status, content type, headers, body schema). Bounded examples and derandomised, so it runs in
`make test` on both databases in about a minute."""

import shutil
import traceback
import uuid

import pytest
import schemathesis
import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.core.failures import FailureGroup

from contractmgr.extensions import db
from tests.conftest import USE_POSTGRES, _pg_admin, _pg_url, make_app

ROLES = ("officer", "finance", "vendor", "admin")
#: examples per operation, mode and role: enough to reach each refusal path, small enough for CI
EXAMPLES = 5
#: Valid by the document yet refused, as the document cannot say why: a contract rule (422), a file
#: recognised by its content (413, 415), a NUL byte in a string (400).
CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "413", "415", "422"]
            }
        }
    }
)


@pytest.fixture(scope="module")
def api_app(template_db, tmp_path_factory):
    """One application and database for the whole run, with the demo data and a token per role."""
    path = tmp_path_factory.mktemp("schemathesis")
    if USE_POSTGRES:
        name = f"cm_st_{uuid.uuid4().hex[:10]}"
        _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
        uri = _pg_url(name)
    else:
        shutil.copy(template_db, path / "test.sqlite")
        uri = f"sqlite:///{path / 'test.sqlite'}"
    app = make_app(uri, path / "instance")
    with app.app_context():
        from contractmgr.models import User
        from contractmgr.services.demo import load_demo

        load_demo()
        db.session.commit()
        tokens = {}
        for role in ROLES:
            user = db.session.scalar(sa.select(User).where(User.username == role))
            tokens[role] = user.issue_token()
        db.session.commit()
        app.config["TEST_TOKENS"] = tokens
        yield app
        db.session.remove()
        db.engine.dispose()
    if USE_POSTGRES:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _known_ids() -> dict[str, int]:
    """Ids of records that exist, so that generated calls also reach the answers of success."""
    from contractmgr import models

    tables = {
        "contract_id": models.Contract,
        "penalty_id": models.Penalty,
        "submission_id": models.AcceptanceSubmission,
        "import_id": models.ImportRecord,
        "supplement_id": models.SupplementaryContract,
        "file_id": models.MaterialFile,
    }
    known = {name: db.session.scalar(sa.select(sa.func.min(model.id))) for name, model in tables.items()}
    return {name: value for name, value in known.items() if value is not None}


def _failures(operation, mode, headers, known: dict[str, int] | None = None, answered: set | None = None) -> list[str]:
    found: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        for name in (case.path_parameters or {}).keys() & (known or {}).keys():
            case.path_parameters[name] = known[name]
        try:
            response = case.call_and_validate(headers=headers)
            if answered is not None and response.status_code < 300:
                answered.add(operation.label)
        except (AssertionError, FailureGroup) as failure:
            found.append(f"{operation.label} [{mode.value}]: {str(failure)[:1500]}")
        except Exception as error:  # a 5xx raised through the test client (TESTING propagates it)
            trace = traceback.format_exc()[-2500:]
            found.append(f"{operation.label} [{mode.value}]: {type(error).__name__}: {error}\n{trace}")
        finally:
            db.session.rollback()

    run()
    return found[:1]


@pytest.mark.parametrize("role", ROLES)
def test_the_api_keeps_to_its_openapi_document(api_app, role):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app, config=CONFIG)
    headers = {"Authorization": f"Bearer {api_app.config['TEST_TOKENS'][role]}"}
    failures, answered = [], set()
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failures += _failures(operation, mode, headers, answered=answered)
        if "{" in operation.path:  # again, on records that exist
            failures += _failures(operation, GenerationMode.POSITIVE, headers, _known_ids(), answered)
    assert not failures, "\n\n".join(failures)
    # the success answers were checked too, not only refusals: every role reads contracts, the officer more
    assert len(answered) >= (6 if role == "officer" else 3), sorted(answered)


# --- what schemathesis found, pinned by plain tests -------------------------------------------------


def test_a_method_a_path_does_not_take_answers_405_with_allow_in_json_and_on_pages(client, demo):
    response = client.delete("/api/v1/contracts")
    assert response.status_code == 405 and response.json["error"]
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "HEAD", "OPTIONS"}
    page = client.put("/login")
    assert page.status_code == 405 and "POST" in page.headers["Allow"]
    document = client.get("/api/v1/openapi.json").json
    assert "Allow" in document["components"]["responses"]["MethodNotAllowed"]["headers"]


def test_every_operation_documents_the_400_of_a_nul_byte(client, demo):
    document = client.get("/api/v1/openapi.json").json
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            assert "400" in operation["responses"], (method, path)


def test_a_material_download_documents_each_format_it_can_answer(client, demo):
    document = client.get("/api/v1/openapi.json").json
    answer = document["paths"]["/contracts/{contract_id}/acceptance-materials/files/{file_id}"]["get"]["responses"]
    assert {"application/pdf", "image/png", "image/jpeg"} <= answer["200"]["content"].keys()


def test_timestamps_carry_their_offset():
    from datetime import datetime

    from contractmgr.web.api.serializers import timestamp

    assert timestamp(datetime(2026, 5, 22, 8, 30)) == "2026-05-22T08:30:00+00:00"
    assert timestamp(None) is None

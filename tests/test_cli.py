"""The commands administrators and scripts rely on."""

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import ApiToken, Organisation, User


def test_users_create_makes_a_vendor_with_its_organisation(app):
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "wang",
            "--role",
            "vendor",
            "--vendor",
            "洛阳数智科技发展有限公司",
            "--password",
            "secret-pw-42",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.username == "wang"))
    assert user.role == "vendor" and user.vendor.name == "洛阳数智科技发展有限公司"
    assert user.check_password("secret-pw-42") and user.password_hash != "secret-pw-42"


def test_users_create_refuses_a_taken_name_with_a_one_line_error(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["users", "create", "li", "--role", "finance", "--password", "secret-pw-42"])
    result = runner.invoke(args=["users", "create", "li", "--role", "admin", "--password", "secret-pw-42"])
    assert result.exit_code != 0
    assert "已存在" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_users_create_refuses_an_unknown_role(app):
    result = app.test_cli_runner().invoke(args=["users", "create", "x", "--role", "boss", "--password", "secret-pw-42"])
    assert result.exit_code != 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_users_token_prints_a_token_that_opens_the_api_and_is_stored_only_as_a_digest(app, demo):
    result = app.test_cli_runner().invoke(args=["users", "token", "finance"])
    assert result.exit_code == 0
    token = result.output.strip()
    assert len(token) > 30
    assert not db.session.scalar(sa.select(ApiToken).where(ApiToken.token_digest == token))
    response = app.test_client().get("/api/v1/contracts", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and len(response.json["contracts"]) == 1


def test_users_token_for_nobody_fails(app):
    result = app.test_cli_runner().invoke(args=["users", "token", "nobody"])
    assert result.exit_code != 0 and "nobody" in result.output


def test_demo_vendor_organisations_exist_once(app, demo):
    names = db.session.scalars(sa.select(Organisation.name).where(Organisation.kind == "vendor")).all()
    assert sorted(names) == sorted(set(names))

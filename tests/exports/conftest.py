"""Fixtures of the document tests: the demo contract and an offline OCDS validator."""

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource

from contractmgr.extensions import db
from contractmgr.models import Contract

OCDS_DIR = Path(__file__).resolve().parent.parent / "data" / "ocds"
RELEASE_SCHEMA_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"


@pytest.fixture(scope="session")
def ocds_validator():
    """A validator of OCDS 1.1.5 release packages that never touches the network: the release
    schema the package schema refers to by URL is the local copy, registered under that URL."""
    package_schema = json.loads((OCDS_DIR / "release-package-schema.json").read_text(encoding="utf-8"))
    release_schema = json.loads((OCDS_DIR / "release-schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource(RELEASE_SCHEMA_URL, Resource.from_contents(release_schema))
    return Draft4Validator(package_schema, registry=registry, format_checker=FormatChecker())


@pytest.fixture
def demo_contract(demo) -> Contract:
    """The 洛阳 contract of the demo data: 40 lines, ¥8,271,400.00."""
    return db.session.scalar(sa.select(Contract))

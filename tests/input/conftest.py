"""Input that must be refused, not reinterpreted: the officer's and finance's fixtures, shared."""

from tests.finance.conftest import seed_contract  # noqa: F401
from tests.procurement.conftest import officer, post_form, seed, token  # noqa: F401

"""Small helpers the tests share."""

import re

CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(response) -> str:
    match = CSRF_PATTERN.search(response.get_data(as_text=True))
    assert match, "the page has no CSRF token"
    return match.group(1)

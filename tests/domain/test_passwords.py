"""The password policy: at least 10 characters, not the username, not a common password."""

import pytest

from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.passwords import MIN_PASSWORD_LENGTH, check_new_password

COMMON = frozenset({"qwertyuiop", "woaini1314"})


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("nine-char", "password_too_short"),
        ("zhangsan-li", "password_is_username"),
        ("ZhangSan-Li", "password_is_username"),
        ("QWERTYUIOP", "password_too_common"),
        ("woaini1314", "password_too_common"),
    ],
)
def test_a_weak_password_is_refused_with_its_reason(password, code):
    with pytest.raises(RuleViolation) as refused:
        check_new_password(password, "zhangsan-li", COMMON)
    assert refused.value.code == code


def test_ten_characters_that_are_neither_the_name_nor_common_pass():
    assert MIN_PASSWORD_LENGTH == 10
    check_new_password("tenchars!!", "zhangsan", COMMON)
    check_new_password("一二三四五六七八九十", "zhangsan", COMMON)  # characters, not bytes

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contractmgr.domain.money import (
    FEN,
    format_plain,
    parse_figures,
    parse_upper,
    split,
    to_fen,
    to_upper,
)

SEED_TOTAL = Decimal("8271400.00")


# --- to_fen and format_plain -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.005", "0.01"),  # half up, where Babel's half-even would give 0.00
        ("0.015", "0.02"),
        ("0.025", "0.03"),
        ("0.0049", "0.00"),
        ("-0.005", "-0.01"),  # half away from zero
        ("248142", "248142.00"),
    ],
)
def test_to_fen_rounds_half_up(value, expected):
    assert to_fen(Decimal(value)) == Decimal(expected)
    assert str(to_fen(Decimal(value))) == expected


def test_format_plain_writes_two_places_and_no_separators():
    assert format_plain(Decimal("8271400")) == "8271400.00"
    assert format_plain(Decimal("0.5")) == "0.50"
    assert format_plain(Decimal("1E+3")) == "1000.00"


# --- split --------------------------------------------------------------------------------------


def test_the_seed_total_splits_seventy_thirty_into_the_two_milestones():
    assert split(SEED_TOTAL, [Decimal("70"), Decimal("30")]) == [
        Decimal("5789980.00"),
        Decimal("2481420.00"),
    ]


def test_a_fen_that_cannot_be_shared_goes_to_the_earliest_of_equal_remainders():
    assert split(Decimal("1.00"), [1, 1, 1]) == [Decimal("0.34"), Decimal("0.33"), Decimal("0.33")]


def test_the_spare_fen_goes_to_the_largest_remainder_not_the_first_part():
    # 0.10 by 1:2 → exact 0.0333… and 0.0666…: the second part has the larger remainder.
    assert split(Decimal("0.10"), [1, 2]) == [Decimal("0.03"), Decimal("0.07")]


def test_a_zero_weight_gets_nothing():
    assert split(Decimal("100.00"), [0, 1]) == [Decimal("0.00"), Decimal("100.00")]


def test_a_negative_total_splits_like_a_positive_one_negated():
    assert split(Decimal("-1.00"), [1, 1, 1]) == [
        Decimal("-0.34"),
        Decimal("-0.33"),
        Decimal("-0.33"),
    ]


@pytest.mark.parametrize(
    ("total", "weights", "error"),
    [
        (Decimal("1.00"), [], ValueError),
        (Decimal("1.00"), [0, 0], ValueError),
        (Decimal("1.00"), [1, -1, 1], ValueError),
        (Decimal("1.00"), [0.7, 0.3], TypeError),
        (Decimal("1.005"), [1, 1], ValueError),
        (1.0, [1, 1], TypeError),
    ],
)
def test_split_refuses_what_it_cannot_share_fairly(total, weights, error):
    with pytest.raises(error):
        split(total, weights)


fen_amounts = st.integers(min_value=-(10**14), max_value=10**14).map(lambda n: Decimal(n) * FEN)
weight_lists = st.lists(st.integers(min_value=0, max_value=10**9).map(Decimal), min_size=1, max_size=50).filter(
    lambda ws: sum(ws) > 0
)


@given(total=fen_amounts, weights=weight_lists)
def test_split_parts_always_add_up_to_the_total_and_stay_within_a_fen_of_the_exact_share(total, weights):
    parts = split(total, weights)
    assert sum(parts) == total
    assert len(parts) == len(weights)
    for part, weight in zip(parts, weights, strict=True):
        exact_share = Fraction(total) * Fraction(weight) / Fraction(sum(weights))
        assert abs(Fraction(part) - exact_share) < Fraction(1, 100)
        assert part == part.quantize(FEN)


# --- to_upper: the accounting-rule cases ------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("8271400.00", "捌佰贰拾柒万壹仟肆佰元整"),  # the contract's own words, 第六条
        ("5789980.00", "伍佰柒拾捌万玖仟玖佰捌拾元整"),
        ("2481420.00", "贰佰肆拾捌万壹仟肆佰贰拾元整"),
        ("0", "零元整"),
        ("0.01", "壹分"),
        ("0.50", "伍角整"),  # 整 after 角 too
        ("10.00", "壹拾元整"),  # 壹拾, not 拾
        ("1.10", "壹元壹角整"),
        ("1.05", "壹元零伍分"),  # the zero 角 sits inside: 零
        ("100000.05", "壹拾万元零伍分"),  # a run of zeros through 元 and 角: one 零
        ("100000.50", "壹拾万元伍角整"),  # 元 digit 0, 角 not: 零 may be left out
        ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
        ("1000000001.10", "壹拾亿零壹元壹角整"),
        ("107000.53", "壹拾万零柒仟元伍角叁分"),  # a zero at 万 is inside: 零 (cn2an leaves it out)
        ("100007000", "壹亿零柒仟元整"),  # a run over the whole 万 section: one 零
        ("1070000000", "壹拾亿零柒仟万元整"),
        ("1010.01", "壹仟零壹拾元零壹分"),
        ("100100", "壹拾万零壹佰元整"),
        ("10007", "壹万零柒元整"),
        ("100000000000", "壹仟亿元整"),
        ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ],
)
def test_to_upper_writes_the_words_the_accounting_rules_ask_for(amount, words):
    assert to_upper(Decimal(amount)) == words


@pytest.mark.parametrize("amount", [Decimal("-0.01"), Decimal("1000000000000.00"), Decimal("0.001")])
def test_to_upper_refuses_negative_too_large_and_sub_fen_amounts(amount):
    with pytest.raises(ValueError):
        to_upper(amount)


def test_to_upper_refuses_a_float():
    with pytest.raises(TypeError):
        to_upper(0.5)


# --- parse_upper: every legal variant, and garbage --------------------------------------------------


@pytest.mark.parametrize(
    ("words", "amount"),
    [
        ("捌佰贰拾柒万壹仟肆佰元整", "8271400.00"),
        ("人民币捌佰贰拾柒万壹仟肆佰元整", "8271400.00"),
        ("捌佰贰拾柒万壹仟肆佰元正", "8271400.00"),
        ("人民币捌佰贰拾柒万壹仟肆佰圆整", "8271400.00"),
        ("捌佰贰拾柒万壹仟肆佰元", "8271400.00"),  # 整 missing: the value is not in doubt
        ("人民币 捌佰贰拾柒万 壹仟肆佰元 整", "8271400.00"),
        ("人民币\u3000捌佰贰拾柒万壹仟肆佰元整", "8271400.00"),
        ("大写：人民币捌佰贰拾柒万壹仟肆佰元整", "8271400.00"),
        ("壹拾万零柒仟元伍角叁分", "107000.53"),  # 支付结算办法's two ways of 107000.53
        ("壹拾万柒仟元零伍角叁分", "107000.53"),
        ("壹仟陆佰捌拾元零叁角贰分", "1680.32"),  # 元 digit 0: with 零 …
        ("壹仟陆佰捌拾元叁角贰分", "1680.32"),  # … or without
        ("壹拾万元零伍分", "100000.05"),
        ("壹拾万元伍角正", "100000.50"),
        ("伍角整", "0.50"),
        ("伍角", "0.50"),
        ("零元伍角整", "0.50"),
        ("壹分", "0.01"),
        ("零元零壹分", "0.01"),
        ("零元整", "0.00"),
        ("人民币零元正", "0.00"),
        ("拾万元整", "100000.00"),  # a leading 拾 is 壹拾
        ("壹亿零柒仟元整", "100007000.00"),
        ("壹亿柒仟元整", "100007000.00"),  # the units say the place; 零 left out
        ("壹佰零伍元整", "105.00"),
        ("壹拾伍元", "15.00"),
        ("壹仟零壹拾元零壹分", "1010.01"),
        ("壹元壹角", "1.10"),
    ],
)
def test_parse_upper_reads_every_legal_variant(words, amount):
    assert parse_upper(words) == Decimal(amount)


@pytest.mark.parametrize(
    "words",
    [
        "",
        "整",
        "人民币",
        "元整",
        "零",
        "八百元整",  # lower-case digits are not upper-case words
        "捌佰贰拾柒万壹仟肆佰",  # no 元, 角 or 分
        "伍分整",  # no 整 after 分
        "伍角叁分正",
        "壹佰伍元整",  # 105 or 150? a digit's place must be certain
        "壹万伍元整",
        "壹万零伍仟元整",  # a 零 that stands for no zero
        "壹拾零万元整",
        "零壹佰元整",
        "壹佰元零",
        "壹角零壹分",
        "壹佰零零伍元整",
        "壹佰佰元整",
        "壹万壹万元整",
        "壹亿万元整",
        "伍拾佰元整",  # units out of order
        "壹佰元整整",
        "零伍分",
        "壹佰元伍分角",
        "8271400.00",
    ],
)
def test_parse_upper_refuses_garbage(words):
    with pytest.raises(ValueError):
        parse_upper(words)


# --- round trip and the zero rule over any amount ------------------------------------------------

# Zeros-heavy digit strings: uniform integers almost never have runs of zeros inside.
fen_counts = st.one_of(
    st.integers(min_value=1, max_value=99_999_999_999_999),
    st.text(alphabet="00000123456789", min_size=1, max_size=14).map(int),
).filter(lambda n: 1 <= n <= 99_999_999_999_999)
upper_amounts = fen_counts.map(lambda n: Decimal(n).scaleb(-2))


@given(upper_amounts)
def test_upper_case_words_read_back_as_the_same_amount(amount):
    assert parse_upper(to_upper(amount)) == amount


@given(upper_amounts)
def test_upper_case_words_write_one_zero_for_each_run_of_zeros_inside_the_figures(amount):
    assert to_upper(amount).count("零") == _zeros_the_rules_ask_for(amount)


@given(upper_amounts)
def test_upper_case_words_close_with_zheng_exactly_when_there_are_no_fen(amount):
    words = to_upper(amount)
    has_fen = amount % Decimal("0.10") != 0
    assert words.endswith("分") == has_fen
    assert words.endswith("整") == (not has_fen)


def _zeros_the_rules_ask_for(amount: Decimal) -> int:
    """An oracle independent of the code under test: count the runs of 0 that have non-zero digits
    on both sides in the figures, less the one run the rules let us leave out (ending at the 元
    digit with a non-zero 角 after it; we leave it out)."""
    whole, jiao_fen = f"{amount:.2f}".split(".")
    whole = whole.lstrip("0")
    figures = whole + jiao_fen
    yuan_index = len(whole) - 1
    runs = 0
    i = 0
    while i < len(figures):
        if figures[i] != "0":
            i += 1
            continue
        j = i
        while j < len(figures) and figures[j] == "0":
            j += 1
        inside = i > 0 and figures[:i].strip("0") != "" and j < len(figures)
        optional = whole != "" and j - 1 == yuan_index and j < len(figures)
        if inside and not optional:
            runs += 1
        i = j
    return runs


# --- parse_figures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("250000.00", "250000.00"),
        ("250,000.00", "250000.00"),
        ("¥250000.00元", "250000.00"),
        ("￥250,000.00", "250000.00"),
        ("250000 元", "250000.00"),
        ("  ¥ 250,000 . 00  元 ", "250000.00"),
        ("￥８２７１４００.００元", "8271400.00"),  # full-width digits
        ("合同总价：¥8271400.00元（大写：捌佰贰拾柒万壹仟肆佰元整）", "8271400.00"),
        ("第6条 总价 8,271,400.00元", "8271400.00"),  # money marked by 元 wins over the bare 6
        ("827.14万元", "8271400.00"),
        ("250000", "250000.00"),
        ("0.5元", "0.50"),
    ],
)
def test_parse_figures_reads_amounts_as_documents_write_them(text, amount):
    assert parse_figures(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["", "无", "大写：捌佰贰拾柒万壹仟肆佰元整", "   "])
def test_parse_figures_finds_nothing_where_there_is_no_amount_in_figures(text):
    assert parse_figures(text) is None

"""RMB amounts: rounding to the fen, splitting, and the figures and upper-case words of a contract.

Money is always `Decimal`. Round half up (四舍五入) once, at the end of a computation, with `to_fen`.

The contract states its total twice, in figures (¥8271400.00元) and in upper-case words
(捌佰贰拾柒万壹仟肆佰元整, contract 第六条); `to_upper`, `parse_upper` and `parse_figures` let the
importer check that the two agree and let generated documents print both. The words follow
《会计基础工作规范》第五十二条:
- 整 (or 正) after 元 or after 角, none after 分 (we write 整 after 角 too, as the accounting rules ask;
  the payment rules allow omitting it there);
- 零 where the figures have zeros inside, one 零 for a run of zeros; where the 元 digit is 0 (alone or
  ending a run) and the 角 is not, 零 may be written or left out (we leave it out, as cn2an does).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

FEN = Decimal("0.01")

#: The largest amount the upper-case words go up to: 仟亿 is the highest unit we write.
MAX_UPPER_AMOUNT = Decimal("999999999999.99")

UPPER_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_DIGIT_VALUE = {char: value for value, char in enumerate(UPPER_DIGITS)}
_SMALL_UNIT_PLACE = {"拾": 1, "佰": 2, "仟": 3}
_BIG_UNIT_PLACE = {"万": 4, "亿": 8}


def to_fen(value: Decimal | int) -> Decimal:
    """`value` rounded half up (四舍五入) to the fen; call it once, at the end of a computation."""
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def format_plain(amount: Decimal | int) -> str:
    """The amount as a plain decimal string with two places and no separators ("8271400.00"),
    for JSON payloads and decimal columns. Rounds half up to the fen."""
    return f"{to_fen(amount):f}"


# --- splitting -------------------------------------------------------------------------------


def split(total: Decimal, weights: Sequence[Decimal | int]) -> list[Decimal]:
    """Parts of `total` proportional to `weights` that add up to `total` exactly, to the fen.

    Largest-remainder allocation: each part gets its exact share rounded down to the fen, then the
    fen left over go one each to the parts with the largest remainders (ties: the earlier part),
    so every part is within one fen of its exact share. Weights are Decimal or int (not float: 0.7
    is not 7/10 in binary), none negative, at least one positive. A negative total is split as
    its absolute value and the parts negated, so a deduction splits like a payment.
    """
    total = _whole_fen(total, "total")
    fractions = [_weight(w) for w in weights]
    weight_sum = sum(fractions, Fraction(0))
    if not fractions or weight_sum <= 0:
        raise ValueError("split needs at least one positive weight")
    sign = -1 if total < 0 else 1
    total_fen = int(abs(total) / FEN)
    # Exact arithmetic in Fractions of a fen: Decimal division would round the shares.
    exact = [total_fen * f / weight_sum for f in fractions]
    parts = [share.numerator // share.denominator for share in exact]
    spare = total_fen - sum(parts)
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[:spare]:
        parts[i] += 1
    return [sign * part * FEN for part in parts]


def _weight(weight: Decimal | int) -> Fraction:
    if isinstance(weight, float) or not isinstance(weight, (Decimal, int)):
        raise TypeError(f"split weights must be Decimal or int, not {type(weight).__name__}")
    if not Decimal(weight).is_finite() or weight < 0:
        raise ValueError(f"split weights must be finite and not negative, got {weight}")
    return Fraction(weight)


def _whole_fen(amount: Decimal | int, what: str) -> Decimal:
    """`amount` as a Decimal, refusing floats and fractions of a fen (a sign of rounding too early)."""
    if isinstance(amount, float) or not isinstance(amount, (Decimal, int)):
        raise TypeError(f"{what} must be Decimal or int, not {type(amount).__name__}")
    amount = Decimal(amount)
    if not amount.is_finite() or amount != amount.quantize(FEN, rounding=ROUND_HALF_UP):
        raise ValueError(f"{what} must be a whole number of fen, got {amount}")
    return amount


# --- upper-case words ---------------------------------------------------------------------------


def to_upper(amount: Decimal | int) -> str:
    """The amount in RMB upper-case words (大写), e.g. 8271400.00 → 捌佰贰拾柒万壹仟肆佰元整.

    Written per 《会计基础工作规范》第五十二条 (see the module docstring); 0 → 零元整. No 人民币 prefix:
    documents print it in front themselves. Raises ValueError for a negative amount, an amount past
    999,999,999,999.99 or one with a fraction of a fen.
    """
    amount = _whole_fen(amount, "amount")
    if amount < 0:
        raise ValueError(f"upper-case words are for amounts of 0 or more, got {amount}")
    if amount > MAX_UPPER_AMOUNT:
        raise ValueError(f"upper-case words go up to {MAX_UPPER_AMOUNT}, got {amount}")
    import cn2an  # a second to import: only the writers of upper-case amounts pay for it

    words = cn2an.an2cn(format_plain(amount), "rmb")
    words = _insert_missing_zeros(words, amount)
    words = _close_with_zheng(words)
    _check_reads_back(words, amount)
    return words


def _insert_missing_zeros(words: str, amount: Decimal) -> str:
    """cn2an drops the 零 after 万 or 亿 when the zeros sit at or just above that unit's place
    (107000 → 壹拾万柒仟, 100007000 → 壹亿柒仟); the accounting rules want it (壹拾万零柒仟)."""
    digits = _integer_digits_by_place(amount)
    for unit, place in _BIG_UNIT_PLACE.items():
        at = words.find(unit)
        if at < 0 or at + 1 >= len(words) or words[at + 1] not in UPPER_DIGITS[1:]:
            continue
        lowest_above = min(p for p in range(place, len(digits)) if digits[p])
        highest_below = max(p for p in range(place) if digits[p])
        if lowest_above - highest_below >= 2:
            words = words[: at + 1] + "零" + words[at + 1 :]
    return words


def _integer_digits_by_place(amount: Decimal) -> list[int]:
    """The digits of the whole-yuan part, index = place (0 = 元, 4 = 万, 8 = 亿)."""
    return [int(char) for char in reversed(str(int(amount)))]


def _close_with_zheng(words: str) -> str:
    """整 after 角 as after 元: cn2an's rmb mode writes it only after 元."""
    return words + "整" if words.endswith("角") else words


def _check_reads_back(words: str, amount: Decimal) -> None:
    # Our own reader is independent of cn2an: refuse to hand out words that say another amount.
    if parse_upper(words) != amount:
        raise ArithmeticError(f"upper-case words {words!r} do not read back as {amount}")


_PREFIXES = ("人民币", "大写")
_CLOSERS = "整正"


def parse_upper(text: str) -> Decimal:
    """The amount that RMB upper-case words state, as a Decimal to the fen.

    Accepts every legal way of writing it: with or without 人民币 in front; 整 or 正 after 元 or 角 (or
    neither: the value is not in doubt); 圆 for 元; one 零 for a run of zeros, or none where the
    units already say the place (壹拾万柒仟 and 壹拾万零柒仟 both read 107000); 零元 before 角 or 分;
    a leading 拾 for 壹拾; spaces anywhere. Raises ValueError on anything else: an empty text,
    characters that are not upper-case digits or units, units out of order, 整 after 分, a 零 that
    stands for no zero (壹万零伍仟), or a digit whose place is a guess (壹佰伍 — 105 or 150?).
    """
    body = _strip_decoration(text)
    whole_text, yuan_sign, fraction_text = body.partition("元")
    if not yuan_sign:
        whole_text, fraction_text = "", body
    if (yuan_sign and not whole_text) or not body:
        raise ValueError(f"not an amount in upper-case words: {text!r}")
    if not yuan_sign and fraction_text.startswith("零"):
        raise ValueError(f"a 零 in front of the amount: {text!r}")
    whole = 0 if whole_text in ("", "零") else _parse_whole_yuan(whole_text, text)
    if not yuan_sign and not fraction_text.endswith(("角", "分")):
        raise ValueError(f"upper-case words must end in 元, 角 or 分: {text!r}")
    return Decimal(whole) + _parse_jiao_fen(fraction_text, text)


def _strip_decoration(text: str) -> str:
    """The words without spaces, currency prefix and closing 整/正; 圆 read as 元."""
    if not isinstance(text, str):
        raise TypeError("parse_upper reads text")
    body = "".join(unicodedata.normalize("NFKC", text).split())
    body = body.replace("圆", "元")
    while body.startswith(_PREFIXES):  # 大写：人民币…
        for prefix in _PREFIXES:
            body = body.removeprefix(prefix).lstrip(":：")
    if body[-1:] in tuple(_CLOSERS):
        body = body[:-1]
        if body.endswith("分"):
            raise ValueError(f"no 整 or 正 after 分: {text!r}")
        if not body.endswith(("元", "角")):
            raise ValueError(f"整 or 正 only closes 元 or 角: {text!r}")
    return body


def _parse_whole_yuan(words: str, text: str) -> int:
    """The whole yuan that `words` (everything before 元) state.

    Reads the words as (digit, place) pairs, then checks them: places strictly falling, each 零
    standing for at least one missing place, and a digit without a unit only where its place is
    certain (straight after 拾, after 零, or alone)."""
    placed = _read_places(words, text)
    value = 0
    previous_place: int | None = None
    for digit, place, after_zero, has_unit in placed:
        if previous_place is not None and place >= previous_place:
            raise ValueError(f"units out of order in {text!r}")
        gap = None if previous_place is None else previous_place - place
        if after_zero and (gap is None or gap < 2):
            raise ValueError(f"a 零 that stands for no zero in {text!r}")
        if not has_unit and gap is not None and gap > 1 and not after_zero:
            raise ValueError(f"a digit without its unit in {text!r}: its place is a guess")
        value += digit * 10**place
        previous_place = place
    return value


def _read_places(words: str, text: str) -> list[tuple[int, int, bool, bool]]:
    """(digit, place, preceded by 零, written with a unit) for each digit in whole-yuan words."""
    placed: list[tuple[int, int, bool, bool]] = []
    # Split into 亿, 万 and the rest; each section reads like a number below 10000.
    for section_base, section in _split_big_units(words, text):
        after_zero = False
        i = 0
        while i < len(section):
            char = section[i]
            if char == "零":
                if after_zero or i == len(section) - 1:
                    raise ValueError(f"misplaced 零 in {text!r}")
                after_zero = True
                i += 1
                continue
            if char == "拾" and not placed and i == 0:
                digit = 1  # 拾万元整: a leading 拾 is 壹拾
            elif char in _DIGIT_VALUE and char != "零":
                digit = _DIGIT_VALUE[char]
                i += 1
            else:
                raise ValueError(f"unexpected {char!r} in {text!r}")
            unit = section[i] if i < len(section) else ""
            if unit in _SMALL_UNIT_PLACE:
                placed.append((digit, section_base + _SMALL_UNIT_PLACE[unit], after_zero, True))
                i += 1
            else:
                placed.append((digit, section_base, after_zero, False))
            after_zero = False
    if not placed:
        raise ValueError(f"no digits before 元 in {text!r}")
    return placed


def _split_big_units(words: str, text: str) -> list[tuple[int, str]]:
    """[(place of the section's 元/万/亿 digit, section words)], highest first, empty ones left out."""
    sections: list[tuple[int, str]] = []
    rest = words
    for unit in ("亿", "万"):
        if rest.count(unit) > 1:
            raise ValueError(f"{unit} twice in {text!r}")
        head, sign, tail = rest.partition(unit)
        if sign:
            if not head or head == "零":
                raise ValueError(f"{unit} without digits in {text!r}")
            sections.append((_BIG_UNIT_PLACE[unit], head))
            rest = tail
    if rest:
        sections.append((0, rest))
    return sections


_JIAO_FEN = re.compile(r"零?(?:([壹贰叁肆伍陆柒捌玖])角)?零?(?:([壹贰叁肆伍陆柒捌玖])分)?")


def _parse_jiao_fen(words: str, text: str) -> Decimal:
    """The 角 and 分 after 元 (or alone): 伍角, 零伍分, 伍角叁分, 零伍角叁分."""
    match = _JIAO_FEN.fullmatch(words)
    if not match:
        raise ValueError(f"cannot read 角 and 分 in {text!r}")
    jiao, fen = match.groups()
    if words.startswith("零") and not (jiao or fen):
        raise ValueError(f"a 零 that stands for no zero in {text!r}")
    if jiao and fen and "零" in words[words.index("角") :]:
        raise ValueError(f"a 零 between 角 and 分 that stands for no zero in {text!r}")
    if "零零" in words:
        raise ValueError(f"misplaced 零 in {text!r}")
    value = _DIGIT_VALUE[jiao] * Decimal("0.1") if jiao else Decimal(0)
    value += _DIGIT_VALUE[fen] * FEN if fen else Decimal(0)
    return value.quantize(FEN)


# --- figures --------------------------------------------------------------------------------------

# 250,000.00 (groups of three) or 250000.00; a following 万 multiplies (827.14万元).
_FIGURES = re.compile(r"(?P<sign>[¥$])?(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<wan>万)?(?P<yuan>元)?")


def parse_figures(text: str) -> Decimal | None:
    """The amount written in figures in `text`, to the fen, or None when there is none.

    Reads 250000.00, 250,000.00, ¥250000.00元, ￥250,000.00, "250000 元", full-width digits, and
    spaces inside the number (they are dropped between digits, commas and points). An amount marked
    as money (¥ in front or 元 after) wins over a bare number before it; 万 before 元 multiplies by
    10 000 (827.14万元 → 8271400.00). More than two decimals are rounded half up to the fen.
    """
    if not isinstance(text, str):
        raise TypeError("parse_figures reads text")
    normal = unicodedata.normalize("NFKC", text)  # ￥ → ¥, full-width digits and commas → ASCII
    normal = re.sub(r"(?<=[\d,.¥])\s+(?=[\d,.万元])", "", normal)
    matches = list(_FIGURES.finditer(normal))
    if not matches:
        return None
    marked = [m for m in matches if m["sign"] or m["yuan"]]
    chosen = (marked or matches)[0]
    try:
        value = Decimal(chosen["number"].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        return None
    if chosen["wan"]:
        value *= 10_000
    return to_fen(value)

"""The text helpers over the documents' real phrasings."""

from datetime import date
from decimal import Decimal

import pytest

from importers import text
from importers.fields import confirmation_seqs, read_evaluation, read_milestones


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("运 维", "运维"),
        ("洛阳市行政审批和政务信息管理局 2025 年", "洛阳市行政审批和政务信息管理局2025年"),
        ("洛直政采招标（2025）0060 号", "洛直政采招标（2025）0060号"),
        ("1 套 Oracle 11g 企业版", "1套Oracle 11g企业版"),
        ("响应时效: 0.5小时以内", "响应时效：0.5小时以内"),
        ("ＡＢＣ１２３", "ABC123"),
    ],
)
def test_normalise(raw, clean):
    assert text.normalise(raw) == clean


@pytest.mark.parametrize(
    "raw, months, start, on_confirmation",
    [
        ("1年", 12, None, False),
        ("1 年", 12, None, False),
        ("一年", 12, None, False),
        ("6个月", 6, None, False),
        ("1年 (服务期自2026年7月1日起)", 12, date(2026, 7, 1), False),
        ("1年 (服务期自2026年7月27日起)", 12, date(2026, 7, 27), False),
        ("自签订合同、经采购人和使用单位确认运维开始之日起一年", 12, None, True),
        ("", None, None, False),
    ],
)
def test_parse_term(raw, months, start, on_confirmation):
    assert text.parse_term(raw) == text.Term(months, start, on_confirmation)


@pytest.mark.parametrize(
    "raw, staff",
    [
        ("需安排2名技术人员驻场，教育安全督导软件平台运维", 2),
        ("5名技术人员驻场", 5),
        ("需安排 3 名技术人员驻场", 3),
        ("远程技术支持+现场技术保障；7*24h；1 名人员驻场：5*8h", 1),
        ("④派驻两名驻场技术人员提供包括故障抢修", 2),
        ("远程技术支持+现场技术保障", None),
        ("安排专人驻场负责", None),
        ("提供1名技术人员驻场", 1),
        ("提供1名技术\n人员驻场", 1),  # a PDF cell wraps the phrase
        ("其他时段提供两人7×8小时驻场服务", 2),
        ("增派技术人员提供7×24小时驻场值守服务", None),
    ],
)
def test_parse_onsite_staff(raw, staff):
    assert text.parse_onsite_staff(raw) == staff


@pytest.mark.parametrize(
    "raw, hours",
    [
        ("0.5小时以内", Decimal("0.5")),
        ("响应时间15分钟", Decimal("0.25")),
        ("≤15分钟（电话/微信）", Decimal("0.25")),
        ("实时响应", Decimal(0)),
        ("工作日期间实时响应, 非工作日期间 0.5 小时以内", Decimal(0)),
        ("简单故障2小时以内，复杂故障24小时以内", Decimal(2)),
        ("核心故障实行7×24小时值守，1小时内修复", Decimal(1)),
        ("一般事件1h内响应", Decimal(1)),
        ("及时响应", None),
    ],
)
def test_parse_hours(raw, hours):
    assert text.parse_hours(raw) == hours


@pytest.mark.parametrize(
    "raw, service",
    [
        ("服务时间：7*24h 技术保障支持", "7*24h"),
        ("7×24 小时运维支持服务", "7*24h"),
        ("服务时间：5*8h", "5*8h"),
        ("服务时间：6*8h技术保障支持", "6*8h"),
        ("日常维护", None),
    ],
)
def test_parse_service_hours(raw, service):
    assert text.parse_service_hours(raw) == service


@pytest.mark.parametrize(
    "raw, cycle",
    [
        ("巡检周期：每日", "每日"),
        ("巡检周期：每周", "每周"),
        ("巡检周期：每月", "每月"),
        ("巡检周期：4次/月（硬件）；1次/天（软件）", "4次/月（硬件）；1次/天（软件）"),
        ("巡检周期：每季度。", "每季度"),
        ("巡检周期：周、月、季。", "周、月、季"),
    ],
)
def test_parse_inspection(raw, cycle):
    assert text.parse_inspection(raw) == cycle


def test_parse_sla_of_a_requirements_cell():
    cell = (
        "需安排2名技术人员驻场\n服务级别：2级\n服务时间：7*24h 技术保障支持\n响应时效：0.5小时以内\n"
        "到场时间：1小时以内\n故障恢复时间：简单故障2小时以内，复杂故障24小时以内\n巡检周期：每周"
    )
    sla = text.parse_sla(cell)
    assert (sla.service_hours, sla.response_hours, sla.onsite_hours, sla.recovery_hours, sla.inspection) == (
        "7*24h",
        Decimal("0.5"),
        Decimal(1),
        Decimal(2),
        "每周",
    )
    assert text.parse_sla("技术服务") is None


@pytest.mark.parametrize(
    "raw, amount",
    [
        ("250000.00", Decimal("250000.00")),
        ("250,000.00", Decimal("250000.00")),
        ("¥8271400.00元", Decimal("8271400.00")),
        ("", None),
        ("另议", None),
    ],
)
def test_parse_amount(raw, amount):
    assert text.parse_amount(raw) == amount


@pytest.mark.parametrize(
    "raw, words",
    [
        ("本年度合同项下运维服务总金额：¥8271400.00元，大写：捌佰贰拾柒万壹仟肆佰元整。", "捌佰贰拾柒万壹仟肆佰元整"),
        ("大写：人民币捌佰贰拾柒万壹仟肆佰元正", "人民币捌佰贰拾柒万壹仟肆佰元正"),
        ("总金额：¥8271400.00元", None),
    ],
)
def test_find_upper_amount(raw, words):
    assert text.find_upper_amount(raw) == words


def test_parse_period_of_clause_4():
    clause = "乙方为甲方提供本年度项目服务期限为1年，即自2026年5月22日起至2027年5月21日。"
    assert text.parse_period(clause) == (date(2026, 5, 22), date(2027, 5, 21))
    assert text.parse_period("服务期起止时间：自2026年1月1日起至2026年12月31日止。") == (
        date(2026, 1, 1),
        date(2026, 12, 31),
    )


def test_milestones_of_clause_7():
    clause = (
        "第一次付款：本合同生效后30个工作日内，各项目运转平稳，由乙方向甲方提\n出支付申请，……即合同总额的 70%，5789980.00 元（未通过首次考核的……）。\n"
        "第二次付款：本年度运维服务期满 1 年，……且甲方收到乙方开具的合法发票后 30 个工作日内，甲方向乙方支付剩余进度款，"
        "即合同总额的 30%，2481420.00 元。"
    )
    first, second = read_milestones(clause)
    assert (first.seq, first.ratio, first.amount, first.due_working_days) == (
        1,
        Decimal("0.70"),
        Decimal("5789980.00"),
        30,
    )
    assert (second.seq, second.ratio, second.amount, second.due_working_days) == (
        2,
        Decimal("0.30"),
        Decimal("2481420.00"),
        30,
    )
    assert second.trigger == "甲方收到乙方开具的合法发票后"


def test_evaluation_rule_of_tender_section_5():
    clause = (
        "考评得分90分以上（含90分），则100%支付当期合同款项；\n考评得分在60至90分（含60分），则每扣1分，扣减总合同价款的2‰；\n"
        "考评得分在60分以下，则视为中标人不具备运维服务能力"
    )
    rule = read_evaluation(clause)
    assert (rule.full_payment_min_score, rule.deduction_ratio_per_point, rule.termination_below_score) == (
        90,
        Decimal("0.002"),
        60,
    )


def test_confirmation_lines_of_tender_section_4():
    sentence = (
        "其中序号16安阳市电子政务外网线路服务项目、序号24网络和信息安全综合监管平台（智慧安阳一期）、"
        "序号30安阳市机动车尾气遥感监测系统项目根据实际需要，服务期起止时间具体为：自签订合同、经采购人和使用单位确认运维开始之日起一年。"
    )
    assert confirmation_seqs(sentence) == {16, 24, 30}
    assert confirmation_seqs("注：1、详见序号24网络和信息安全综合监管平台") == set()


@pytest.mark.parametrize("raw, value", [("两", 2), ("十二", 12), ("15", 15), ("半", Decimal("0.5")), ("多", None)])
def test_cn_number(raw, value):
    assert text.cn_number(raw) == value

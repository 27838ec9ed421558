"""Quick reports as volunteers type them: each sentence with exactly what it must give.

Every row is a whole message and its whole reading: the items (category=values, in the order
named), what is listed as not understood, the numbers explained as problems, the numbers of
an indicator given more than once (never added up), and the day.
See the reading rules in bot/domain/quick.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from bot.domain.form import load_form
from bot.domain.numbers import NumberProblem
from bot.domain.quick import QuickItem, QuickProblem, QuickReport, parse_quick

FORM = load_form()
TOO_BIG, DECIMAL, NEGATIVE = NumberProblem.TOO_BIG, NumberProblem.DECIMAL, NumberProblem.NEGATIVE
P = QuickProblem


@dataclass(frozen=True)
class Sentence:
    """A message and the quick report it must read as."""

    text: str
    items: dict[str, dict[str, int]] = field(default_factory=dict)
    not_understood: tuple[str, ...] = ()
    problems: tuple[QuickProblem, ...] = ()
    given_twice: tuple[str, ...] = ()
    days_ago: int = 0

    def report(self) -> QuickReport:
        items = tuple(QuickItem(category, values) for category, values in self.items.items())
        return QuickReport(
            items, self.days_ago, self.not_understood, self.problems, self.given_twice
        )


def S(  # a table row: short on purpose
    text: str,
    *,
    not_understood: tuple[str, ...] = (),
    problems: tuple[QuickProblem, ...] = (),
    given_twice: tuple[str, ...] = (),
    days_ago: int = 0,
    **items: dict[str, int],
) -> Sentence:
    return Sentence(text, items, not_understood, problems, given_twice, days_ago)


SENTENCES = [
    # --- VNeID: number before or after the word, with and without diacritics
    S("Hôm nay em hỗ trợ 12 người cài VNeID", vneid={"residents_helped": 12}),
    S("hom nay em ho tro 12 nguoi cai vneid", vneid={"residents_helped": 12}),
    S(
        "Kích hoạt 5 tài khoản VNeID mức 2 cho 5 người",
        vneid={"residents_helped": 5, "vneid_activated": 5},
    ),
    S(
        "kich hoat 5 tai khoan vneid muc 2 cho 5 nguoi",
        vneid={"residents_helped": 5, "vneid_activated": 5},
    ),
    S(
        "Hỗ trợ 8 người, kích hoạt 5 tài khoản VNeID",
        vneid={"residents_helped": 8, "vneid_activated": 5},
    ),
    S("VNeID: 15 người, 6 tài khoản mức 2", vneid={"residents_helped": 15, "vneid_activated": 6}),
    S("Hôm qua hỗ trợ 20 người dân cài đặt VNeID", vneid={"residents_helped": 20}, days_ago=1),
    S(
        "Em báo cáo: hôm nay hỗ trợ 7 người cài VNeID, kích hoạt được 4 tài khoản",
        vneid={"residents_helped": 7, "vneid_activated": 4},
    ),
    S(
        "em bao cao: hom nay ho tro 7 nguoi cai vneid, kich hoat duoc 4 tai khoan",
        vneid={"residents_helped": 7, "vneid_activated": 4},
    ),
    S("định danh điện tử 14 người", vneid={"residents_helped": 14}),
    S("dinh danh dien tu 14 nguoi", vneid={"residents_helped": 14}),
    S("hỗ trợ 8 người cài VNeID mức 2", vneid={"residents_helped": 8}),
    S("VNeID mức 2: 9", vneid={"vneid_activated": 9}),
    S("vneid 10 người 10 tk", vneid={"residents_helped": 10, "vneid_activated": 10}),
    S("10 người 10 tk vneid", vneid={"residents_helped": 10, "vneid_activated": 10}),
    S("vneid người 10 tk 5", vneid={"residents_helped": 10, "vneid_activated": 5}),
    S("cài VNeID cho 3 người hôm qua", vneid={"residents_helped": 3}, days_ago=1),
    S(
        "sáng nay hỗ trợ 6 người cài vneid",
        vneid={"residents_helped": 6},
        not_understood=("sáng nay",),
    ),
    S("vneid khoảng 20 người", vneid={"residents_helped": 20}),
    S("VNeID: 1.000 người", vneid={"residents_helped": 1000}),
    S("vneid １２ người", vneid={"residents_helped": 12}),
    # --- Numbers said in words
    S("hôm qua cài vneid cho mười hai người", vneid={"residents_helped": 12}, days_ago=1),
    S("hom qua cai vneid cho muoi hai nguoi", vneid={"residents_helped": 12}, days_ago=1),
    S("hỗ trợ mười người cài vneid", vneid={"residents_helped": 10}),
    S(
        "VNeID mười lăm người, kích hoạt mức 2 bảy tài khoản",
        vneid={"residents_helped": 15, "vneid_activated": 7},
    ),
    S("Hỗ trợ hai mươi mốt người cài VNeID", vneid={"residents_helped": 21}),
    S("ho tro hai mot nguoi cai vneid", vneid={"residents_helped": 21}),
    S("vneid hai người, một tài khoản", vneid={"residents_helped": 2, "vneid_activated": 1}),
    S("Hôm qua kích hoạt hai tài khoản VNeID mức 2", vneid={"vneid_activated": 2}, days_ago=1),
    S("vneid một trăm hai mươi người", vneid={"residents_helped": 120}),
    # --- Online public services
    S("DVC 7 hồ sơ", dvc={"online_applications": 7}),
    S("nộp được 4 hồ sơ dịch vụ công trực tuyến", dvc={"online_applications": 4}),
    S("dịch vụ công: hồ sơ 3, người 3", dvc={"online_applications": 3, "residents_helped": 3}),
    S("hỗ trợ 6 người nộp 6 hồ sơ dvc", dvc={"online_applications": 6, "residents_helped": 6}),
    S("DVC: nộp 6 hồ sơ cho 4 người", dvc={"online_applications": 6, "residents_helped": 4}),
    S("Hôm qua hỗ trợ bà con nộp 3 hồ sơ DVCTT", dvc={"online_applications": 3}, days_ago=1),
    S("dvc hai mươi hồ sơ", dvc={"online_applications": 20}),
    # --- Digital payments
    S(
        "Thanh toán số: mở 3 tài khoản, 25 giao dịch",
        tt={"payment_accounts": 3, "payment_transactions": 25},
    ),
    S(
        "thanh toan so: mo 3 tai khoan, 25 giao dich",
        tt={"payment_accounts": 3, "payment_transactions": 25},
    ),
    S("tt: tài khoản 4, giao dịch 30", tt={"payment_accounts": 4, "payment_transactions": 30}),
    S("tt 3 tk 25 gd", tt={"payment_accounts": 3, "payment_transactions": 25}),
    S("Hỗ trợ 10 người mở tài khoản ngân hàng", tt={"residents_helped": 10}),
    S("tt 1.250 giao dịch", tt={"payment_transactions": 1250}),
    S("tt mười lăm giao dịch", tt={"payment_transactions": 15}),
    S("thanh toan muoi lam giao dich", tt={"payment_transactions": 15}),
    # --- Awareness sessions and digital literacy classes
    S("Tuyên truyền 2 buổi cho 80 người", tuyen_truyen={"sessions": 2, "attendees": 80}),
    S("hôm qua tuyên truyền loa 3 buổi", tuyen_truyen={"sessions": 3}, days_ago=1),
    S("tuyên truyền một buổi cho năm mươi người", tuyen_truyen={"sessions": 1, "attendees": 50}),
    S("tuyen truyen 1 buoi cho bon muoi nguoi", tuyen_truyen={"sessions": 1, "attendees": 40}),
    S(
        "Chiều hôm qua tuyên truyền 1 buổi 60 người",
        tuyen_truyen={"sessions": 1, "attendees": 60},
        not_understood=("Chiều",),
        days_ago=1,
    ),
    S("bdhvs: 1 lớp, 25 học viên", bdhvs={"sessions": 1, "attendees": 25}),
    S("Bình dân học vụ số hai buổi, ba mươi học viên", bdhvs={"sessions": 2, "attendees": 30}),
    S("binh dan hoc vu so hai buoi ba muoi hoc vien", bdhvs={"sessions": 2, "attendees": 30}),
    # --- Other categories
    S("y tế số: cài sổ sức khỏe cho 9 người", yte={"residents_helped": 9}),
    S("Postmart 3 người", tmdt={"residents_helped": 3}),
    S("trực một cửa: 14 người, 9 hồ sơ", truc={"residents_helped": 14, "online_applications": 9}),
    S("Trực trung tâm hành chính công hỗ trợ 20 lượt người", truc={"residents_helped": 20}),
    S("an toàn thông tin 30 người", attt={"residents_helped": 30}),
    S(
        "hôm nay không có ai, vneid 0 người",
        vneid={"residents_helped": 0},
        not_understood=("không có ai",),
    ),
    # --- Several categories in one message
    S(
        "VNeID 10 người; DVC 4 hồ sơ; TT 2 tài khoản",
        vneid={"residents_helped": 10},
        dvc={"online_applications": 4},
        tt={"payment_accounts": 2},
    ),
    S(
        "hôm qua vneid 10 người, tt 4 tài khoản, dvc 2 hồ sơ",
        vneid={"residents_helped": 10},
        tt={"payment_accounts": 4},
        dvc={"online_applications": 2},
        days_ago=1,
    ),
    S(
        "hôm qua vneid 7, hôm nay dvc 2",
        vneid={"residents_helped": 7},
        dvc={"online_applications": 2},
        not_understood=("hôm nay",),
        days_ago=1,
    ),
    S(
        "hỗ trợ 2 người cài vneid, 2 người nộp hồ sơ dvc",
        vneid={"residents_helped": 2},
        dvc={"residents_helped": 2},
    ),
    S("tt 3 tài khoản 2 hồ sơ", tt={"payment_accounts": 3}, dvc={"online_applications": 2}),
    S(
        "Họp thôn tuyên truyền chống lừa đảo cho 45 người",
        tuyen_truyen={},
        attt={"residents_helped": 45},
    ),
    # --- Numbers that can't count: explained under problems
    S(
        "thanh toán 6.000 giao dịch",
        tt={},
        not_understood=("6.000 giao dịch",),
        problems=(P("6.000 giao dịch", "tt", "payment_transactions", TOO_BIG),),
    ),
    S(
        "tuyên truyền 25 buổi",
        tuyen_truyen={},
        not_understood=("25 buổi",),
        problems=(P("25 buổi", "tuyen_truyen", "sessions", TOO_BIG),),
    ),
    S(
        "vneid 1.001 người",
        vneid={},
        not_understood=("1.001 người",),
        problems=(P("1.001 người", "vneid", "residents_helped", TOO_BIG),),
    ),
    S(
        "vneid 2,5 người",
        vneid={},
        not_understood=("2,5 người",),
        problems=(P("2,5 người", "vneid", "residents_helped", DECIMAL),),
    ),
    S(
        "vneid -3 người",
        vneid={},
        not_understood=("-3 người",),
        problems=(P("-3 người", "vneid", "residents_helped", NEGATIVE),),
    ),
    # --- Never a sum, never a guess: listed as not understood
    S(
        "vneid 5 người, 7 người",
        vneid={},
        not_understood=("5 người", "7 người"),
        given_twice=("5 người", "7 người"),
    ),
    S("vneid 12, 3", vneid={}, not_understood=("12", "3"), given_twice=("12", "3")),
    S(
        "ngân hàng 2 tài khoản, ví điện tử 3 tài khoản",
        tt={},
        not_understood=("2 tài khoản", "3 tài khoản"),
        given_twice=("2 tài khoản", "3 tài khoản"),
    ),
    S("kích hoạt 5 người vneid", vneid={}, not_understood=("kích hoạt 5 người",)),
    S("tt 25 gd 3", tt={}, not_understood=("25 gd 3",)),
    S("tt 3 tài khoản 25", tt={}, not_understood=("3 tài khoản 25",)),
    S("vneid 12 người 3", vneid={}, not_understood=("12 người 3",)),
    S("vneid 5 hộ", vneid={}, not_understood=("5 hộ",)),
    # --- Tokens that are no plain number, and words that are no number
    S("vneid 1e9", vneid={}, not_understood=("1e9",)),
    S("vneid 12abc", vneid={}, not_understood=("12abc",)),
    S("vneid 10-12 người", vneid={}, not_understood=("10-12",)),
    S("vneid 1 234 người", vneid={}, not_understood=("1 234",)),
    S("hom qua ho tro muoi nguoi cai vneid", vneid={}, not_understood=("muoi",), days_ago=1),
]


def test_the_table_is_long_enough_and_has_no_repeats() -> None:
    texts = [sentence.text for sentence in SENTENCES]
    assert len(texts) >= 60 and len(set(texts)) == len(texts)


@pytest.mark.parametrize("sentence", SENTENCES, ids=[s.text for s in SENTENCES])
def test_sentence(sentence: Sentence) -> None:
    assert parse_quick(sentence.text, FORM) == sentence.report()

"""The report form: the shipped default, every problem of a broken file, and `form check`."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from bot.app.settings import Settings
from bot.cli import form as cli_form
from bot.domain.form import (
    ID_PATTERN,
    FormError,
    alias_key,
    check_form,
    fold_diacritics,
    load_form,
)

DEFAULT = Path(__file__).parents[1] / "bot" / "domain" / "forms" / "default.toml"
# product.md's ten categories, in its order, with its Vietnamese labels.
PRODUCT = [
    ("vneid", "Hỗ trợ VNeID (cài đặt, kích hoạt mức 2)"),
    ("dvc", "Dịch vụ công trực tuyến"),
    ("tt", "Thanh toán số (ngân hàng, ví điện tử, Mobile Money, QR)"),
    ("tmdt", "Thương mại điện tử (Postmart, Voso, gian hàng số)"),
    ("yte", "Y tế số (sổ sức khỏe điện tử)"),
    ("attt", "An toàn thông tin, phòng chống lừa đảo"),
    ("bdhvs", "Lớp Bình dân học vụ số"),
    ("tuyen_truyen", "Tuyên truyền (loa, họp thôn, mạng xã hội)"),
    ("truc", "Trực hỗ trợ tại Trung tâm phục vụ hành chính công"),
    ("khac", "Khác"),
]
MINIMAL = """\
[form]
name = "Mẫu thử"
version = 2

[indicators.residents_helped]
vi = "Số người dân được hỗ trợ"
en = "Residents helped"
unit_vi = "người"
unit_en = "people"
max = 1000
aliases = ["người"]

[[categories]]
id = "khac"
vi = "Khác"
en = "Other"
indicators = ["residents_helped"]
aliases = ["khác"]
"""
BROKEN = """\
[form]
name = "Mẫu hỏng"
version = 1

[indicators.sessions]
vi = "Số buổi"
en = "Sessions"
unit_vi = "buổi"
unit_en = "sessions"
min = 10
max = 5
requried = true

[indicators.payment_accounts]
vi = ""
en = "New payment accounts"
unit_vi = "tài khoản"
unit_en = "accounts"
max = 2000000
aliases = ["tk", "12"]

[[categories]]
id = "vneid"
vi = "Hỗ trợ VNeID"
en = "VNeID support"
indicators = ["sessions"]
aliases = ["VNeID", "định danh"]

[[categories]]
id = "Thanh-Toan"
vi = "Thanh toán số (ngân hàng, ví điện tử, QR)"
en = "Payments"
indicators = ["payment_accounts"]

[[categories]]
id = "tt"
vi = "Thanh toán"
en = "Payments"
emoji = "TT"
indicators = ["payment_acounts", "sessions"]
aliases = ["dinh danh"]

[[categories]]
id = "tt"
vi = "Khác"
en = "Other"
indicators = []
"""


def write(tmp_path: Path, text: str, name: str = "form.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run `form check` through the parser cli_form registers; return code, stdout, stderr."""
    parser = argparse.ArgumentParser()
    cli_form.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["form", "check", str(path)])
    code = args.handler(args, Settings(_env_file=None))
    out, err = capsys.readouterr()
    return code, out, err


def test_default_form_has_products_categories_in_order() -> None:
    form = load_form()
    assert [(category.id, category.label("vi")) for category in form.categories] == PRODUCT
    assert form.active_categories() == form.categories
    assert form.name == "Mẫu báo cáo mặc định" and form.version == 1
    assert form.category("tt").indicators[:2] == ("payment_accounts", "payment_transactions")
    assert form.indicator_ids() == [
        "residents_helped", "vneid_activated", "online_applications", "payment_accounts",
        "payment_transactions", "sessions", "attendees",
    ]  # fmt: skip
    assert form.indicators["vneid_activated"].label("vi") == (
        "Số tài khoản VNeID mức 2 được kích hoạt"
    )
    assert form.category("khac").short("en") == "Other"
    assert form.category("nope") is None


def test_default_form_is_the_packaged_file_and_checks_clean() -> None:
    assert check_form(DEFAULT) == []
    assert load_form(DEFAULT) == load_form()


def test_first_indicator_is_always_asked_and_the_rest_can_be_skipped() -> None:
    form = load_form()
    for category in form.categories:
        asked = form.indicators_of(category)
        assert [indicator.id for indicator in asked] == list(category.indicators)
        assert asked[0].required
        assert not any(indicator.required for indicator in asked[1:])
    assert not form.indicators["residents_helped"].required  # secondary in most categories


def test_every_label_fits_buttons_and_callback_data() -> None:
    form = load_form()
    for category in form.categories:
        assert ID_PATTERN.fullmatch(category.id)
        for language in ("vi", "en"):
            assert category.label(language) and len(category.short(language)) <= 24
            assert len(f"{category.emoji} {category.short(language)}") <= 64
    for indicator in form.indicators.values():
        assert ID_PATTERN.fullmatch(indicator.id)
        assert indicator.label("vi") and indicator.label("en")
        assert indicator.unit("vi") and indicator.unit("en")
        assert 0 <= indicator.min < indicator.max <= 1_000_000


def test_a_broken_form_lists_every_problem_with_its_place(tmp_path: Path) -> None:
    problems = check_form(write(tmp_path, BROKEN))
    assert problems == [
        'form.toml: indicators.sessions: unknown key "requried" (did you mean "required"?)',
        "form.toml: indicators.sessions: max (5) is below min (10)",
        "form.toml: indicators.payment_accounts: max (2000000) is above 1,000,000",
        "form.toml: indicators.payment_accounts: vi is empty",
        'form.toml: indicators.payment_accounts: alias "12" must contain a letter',
        'form.toml: categories[2] (id "Thanh-Toan"): the id must be 1–20 lower-case letters,'
        ' digits or "_", starting with a letter',
        'form.toml: categories[2] (id "Thanh-Toan"): vi is longer than 24 characters,'
        " so add short_vi: the label for buttons",
        'form.toml: categories[3] (id "tt"): emoji "TT" must be a single emoji',
        'form.toml: categories[3] (id "tt"): indicator "payment_acounts" is not defined'
        ' (did you mean "payment_accounts"?)',
        'form.toml: categories[4] (id "tt"): id "tt" is already used by categories[3]',
        'form.toml: categories[4] (id "tt"): indicators must list at least one indicator,'
        ' like ["residents_helped"]',
        'form.toml: categories[3] (id "tt"): alias "dinh danh" is also on categories[1]'
        ' (id "vneid")',
    ]
    with pytest.raises(FormError) as raised:
        load_form(tmp_path / "form.toml")
    assert raised.value.problems == problems
    assert str(raised.value) == "\n".join(problems)


def test_unit_words_must_tell_a_categorys_indicators_apart(tmp_path: Path) -> None:
    text = MINIMAL.replace('indicators = ["residents_helped"]', 'indicators = ["a", "b"]') + (
        '[indicators.a]\nvi = "A"\nen = "A"\nunit_vi = "a"\nunit_en = "a"\nmax = 9\n'
        'aliases = ["Lượt"]\n'
        '[indicators.b]\nvi = "B"\nen = "B"\nunit_vi = "b"\nunit_en = "b"\nmax = 9\n'
        'aliases = ["luot"]\n'
    )
    assert check_form(write(tmp_path, text)) == [
        'form.toml: categories[1] (id "khac"): unit alias "luot" is on both "a" and "b"'
    ]


def test_retired_categories_stay_but_free_their_aliases(tmp_path: Path) -> None:
    retired = MINIMAL.replace('aliases = ["khác"]', 'aliases = ["khác"]\nretired = true')
    text = retired + MINIMAL[MINIMAL.index("[[categories]]") :].replace('"khac"', '"khac2"')
    form = load_form(write(tmp_path, text))
    assert [c.id for c in form.active_categories()] == ["khac2"]
    assert form.category("khac").retired
    only_retired = write(tmp_path, retired, "retired.toml")
    assert check_form(only_retired) == [
        "retired.toml: no active category: add a [[categories]] table"
    ]


def test_a_toml_syntax_error_gives_its_line(tmp_path: Path) -> None:
    text = MINIMAL.replace('unit_en = "people"', "unit_en = people")
    assert check_form(write(tmp_path, text)) == [
        "form.toml: line 9, column 11: TOML syntax error: Invalid value"
    ]


def test_wrong_kinds_of_values_are_named(tmp_path: Path) -> None:
    text = MINIMAL.replace("version = 2", 'version = "2"').replace("max = 1000", "max = 10.5")
    text = text.replace('aliases = ["khác"]', 'aliases = "khác"\nretired = "no"')
    assert check_form(write(tmp_path, text + "[extra]\n")) == [
        'form.toml: unknown key "extra"',
        "form.toml: form: version must be a whole number, like version = 100",
        "form.toml: indicators.residents_helped: max must be a whole number, like max = 100",
        'form.toml: categories[1] (id "khac"): retired must be true or false',
        'form.toml: categories[1] (id "khac"): aliases must be a list of texts in quotes,'
        ' like aliases = ["a", "b"]',
    ]


def test_folding_ignores_case_and_diacritics_one_char_per_char() -> None:
    assert fold_diacritics("Đăng ký VNeID, Mức 2, １２") == "dang ky vneid, muc 2, 12"
    assert alias_key("  Thương   mại ĐIỆN tử ") == "thuong mai dien tu"
    text = "ﬁ x\u0301 İ"
    assert len(fold_diacritics(text)) == len(text)


def test_form_check_reports_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = check(write(tmp_path, MINIMAL), capsys)
    assert (code, err) == (0, "")
    assert out == f"{tmp_path / 'form.toml'}: OK — 1 categories, 1 indicators\n"
    assert check(DEFAULT, capsys)[:2] == (0, f"{DEFAULT}: OK — 10 categories, 7 indicators\n")


def test_form_check_prints_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = check(write(tmp_path, BROKEN), capsys)
    assert code == 1
    assert out.splitlines() == check_form(tmp_path / "form.toml")


def test_form_check_on_a_missing_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = check(tmp_path / "missing.toml", capsys)
    assert (code, out) == (2, "")
    assert "Cannot read" in err and "missing.toml" in err
    assert check(tmp_path, capsys)[0] == 2  # a directory

"""Locating findings: every row's line and column are what SourceText.line_col says."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from speechlint.checking import report
from speechlint.checking.diagnostics import Applicability, Category, Diagnostic, Edit, Fix, Severity
from speechlint.checking.report import CONTEXT, select_and_locate
from speechlint.document.source import SourceText


@st.composite
def drafts_and_findings(draw):
    lines = draw(st.lists(st.text(alphabet="会议a，", max_size=60), min_size=1, max_size=5))
    breaks = draw(st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=len(lines)))
    text = "".join(line + brk for line, brk in zip(lines, breaks, strict=False))
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    n = len(text)
    offsets = st.integers(min_value=-2, max_value=n + 2)
    within = st.integers(min_value=0, max_value=n)
    codes = st.sampled_from(["PU001", "PH001", "ZZ009"])
    edits = st.lists(
        st.builds(Edit, offsets, offsets, st.sampled_from(["", "，", "xy"])), max_size=3
    )
    fixes = st.none() | st.builds(
        Fix, st.sampled_from([*Applicability, "safe", "other"]), edits.map(tuple)
    )
    found = []
    for _ in range(draw(st.integers(min_value=0, max_value=12))):
        a, b = sorted((draw(within), draw(within)))
        if draw(st.integers(min_value=0, max_value=9)) == 0:
            a, b = draw(offsets), draw(offsets)  # a span outside the text, or backwards
        found.append(
            Diagnostic(
                draw(codes), "name", draw(st.sampled_from([*Category, "custom"])),
                draw(st.sampled_from([*Severity, 2, 3])), draw(st.sampled_from(["甲", "乙"])),
                a, b, draw(fixes), draw(st.sampled_from([(), ((0, 1, "first"),)])),
            )
        )  # fmt: skip
    found.sort(key=lambda d: (d.start, d.end, d.code))
    severities = draw(st.dictionaries(codes, st.sampled_from(list(Severity)), max_size=2))
    source = SourceText("d.txt", text, line_label=draw(st.sampled_from(["", "¶"])))
    # A name that is empty falls back to str() of the member, as `or` does.
    categories = {**report._CATEGORY_NAMES, Category.WORDING: draw(st.sampled_from(["", "w"]))}
    return source, found, severities, categories


@settings(max_examples=500, deadline=None)
@given(case=drafts_and_findings())
def test_rows_locate_each_finding_as_line_col_does(case) -> None:
    source, found, severities, categories = case
    report._CATEGORY_NAMES.update(categories)  # restored below
    try:
        errors: list[str] = []
        consumed = list(found)
        rows = select_and_locate(source, consumed, severities, errors)
    finally:
        report._CATEGORY_NAMES.update({c: str(c) for c in Category})
    assert consumed == []  # consumed as they are located
    n = len(source.text)
    expected, seen, expected_errors = [], set(), []
    for d in found:
        key = (d.code, d.start, d.end, d.message)
        if key in seen:
            continue
        seen.add(key)
        if not 0 <= d.start <= d.end <= n:
            expected_errors.append(f"d.txt: rule {d.code} reported a span outside the text")
            continue
        expected.append(d)
    assert errors == expected_errors
    assert len(rows) == len(expected)
    for row, d in zip(rows, expected, strict=True):
        assert row[:4] == (*source.line_col(d.start), *source.line_col(d.end))
        assert row[4] == d.code and row[8] == d.message and row[15] == d.related
        assert row[7] == severities.get(d.code, d.severity)
        assert row[6] == (categories.get(d.category) or str(d.category))
        if d.fix is None:
            assert row[9] is None and row[10] == ()
        else:
            assert row[10] == tuple(
                (*source.line_col(e.start), *source.line_col(e.end), e.replacement)
                for e in d.fix.edits
            )
        line, _col = source.line_col(d.start)
        window_start = source.line_starts[line - 1] + row[16]
        assert source.text[window_start : window_start + len(row[11])] == row[11]
        assert len(row[11]) <= 2 * CONTEXT + max(0, d.end - d.start)
        assert (row[13], row[14], row[12]) == (d.start, d.end, source.line_label)

"""Layout rules (LY): the printed form of a Word draft, GB/T 9704-2012 chapter 5 and 7.

Off until the config chooses a profile: ``layout: gbt9704`` (the standard) or ``layout:
reading-copy`` (a speech's larger reading copy), each value overridable
(``layout: {profile: gbt9704, body-size: 三号}``). Only ``.docx`` drafts (and those converted
to it) have a printed form; the formatting is resolved through styles, document defaults and
theme fonts (speechlint.document.layout).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any, ClassVar

from speechlint.checking.diagnostics import Category, Severity
from speechlint.checking.patterns import load_yaml
from speechlint.checking.rule import Option, Rule, RuleContext
from speechlint.document.tree import Node

PROFILES: dict[str, dict[str, Any]] = {
    # GB/T 9704-2012: 5.2.1 A4; 5.2.2 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm; 5.2.3
    # 正文三号仿宋; 5.2.4 每页 22 行、每行 28 字; 7.3.1 标题二号小标宋; 7.3.3 第一层黑体、第二层
    # 楷体、第三四层仿宋, 每个自然段左空二字.
    "gbt9704": {
        "page": True,
        "title-font": "小标宋", "title-size": 22.0,
        "body-font": "仿宋", "body-size": 16.0,
        "heading1-font": "黑体", "heading2-font": "楷体",
        "heading3-font": "仿宋", "heading4-font": "仿宋", "heading-size": 16.0,
        "line": ("exact", 28.0, 29.5),  # 22 lines in a 225 mm type area
        "indent-chars": 2.0,
    },
    # A speech's reading copy: the same faces, larger type (小二), one and a half lines.
    "reading-copy": {
        "page": False,
        "title-font": "小标宋", "title-size": 22.0,
        "body-font": "仿宋", "body-size": 18.0,
        "heading1-font": "黑体", "heading2-font": "楷体",
        "heading3-font": "仿宋", "heading4-font": "仿宋", "heading-size": 18.0,
        "line": ("auto", 1.4, 1.6),
        "indent-chars": 2.0,
    },
}  # fmt: skip
SIZE_NAMES = {
    "初号": 42.0, "小初": 36.0, "一号": 26.0, "小一": 24.0, "二号": 22.0, "小二": 18.0,
    "三号": 16.0, "小三": 15.0, "四号": 14.0, "小四": 12.0, "五号": 10.5, "小五": 9.0,
}  # fmt: skip
_PROFILE = Option(
    "off", "版式检查方案：off、gbt9704、reading-copy", str, choices=("off", *PROFILES)
)
_SIZE = (int, float, str)


def size_points(value: Any) -> float | None:
    """16, 16.0, "16pt", "三号" → 16.0; None when not a size."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().lower().removesuffix("pt").strip()
    if text in SIZE_NAMES:
        return SIZE_NAMES[text]
    try:
        return float(text)
    except ValueError:
        return None


def size_name(points: float | None) -> str:
    if points is None:
        return "未设字号"
    for name, value in SIZE_NAMES.items():
        if abs(value - points) < 0.01:
            return name
    return f"{points:g}磅"


@cache
def families() -> dict[str, str]:
    """Each typeface name, normalised, → its family (rules/data/typefaces.yaml)."""
    data = load_yaml("typefaces.yaml")
    out: dict[str, str] = {}
    for family, names in data.items():
        for name in [family, *names]:
            out[_norm(str(name))] = str(family)
    return out


def _norm(name: str) -> str:
    return name.replace(" ", "").lower()


def family_of(face: str | None) -> str | None:
    if not face:
        return None
    return families().get(_norm(face), face)


class _LayoutRule(Rule):
    category = Category.LAYOUT
    severity = Severity.WARNING
    options: ClassVar[dict[str, Option]] = {"profile": _PROFILE}

    def settings(self) -> dict[str, Any] | None:
        """The profile's values with this rule's overrides, or None when layout is off."""
        profile = self.opts.get("profile", "off")
        if profile == "off":
            return None
        values = dict(PROFILES[profile])
        for key, value in self.opts.items():
            if key != "profile" and value is not None:
                values[key] = value
        return values

    @staticmethod
    def layout(ctx: RuleContext) -> Any:
        data = ctx.source.extra.get("docx")
        if not isinstance(data, bytes):
            return None

        def build() -> Any:
            from speechlint.document.layout import read_layout

            try:
                return read_layout(data)
            except Exception:  # a part the reader read but the resolver cannot: no form
                return None

        return ctx.memo("layout", build)

    @staticmethod
    def whole_paragraph(ctx: RuleContext, node: Node) -> int | None:
        """The paragraph index of a node that is a whole Word paragraph, else None."""
        line, column = ctx.source.line_col(node.start)
        if column != 1:
            return None
        end_line, _ = ctx.source.line_col(max(node.start, node.end - 1))
        return line - 1 if end_line == line else None

    def report_faces(
        self,
        ctx: RuleContext,
        items: list[tuple[Node, Any]],
        role: str,
        font: str,
        size: float | None,
    ) -> None:
        """Paragraphs of one role set otherwise than the profile says: grouped by what they
        are set in, each group reported once, at its first paragraph, with its count (a
        template sets a whole draft alike: one finding, not one per paragraph)."""
        groups: dict[tuple[str | None, float | None], list[Node]] = {}
        faces: dict[tuple[str | None, float | None], str | None] = {}
        for node, form in items:
            main = form.main() if form is not None else None
            if main is None:
                continue
            wrong_face = family_of(main.face) != family_of(font)
            wrong_size = size is not None and (main.size is None or abs(main.size - size) > 0.26)
            if wrong_face or wrong_size:
                key = (family_of(main.face), main.size)
                groups.setdefault(key, []).append(node)
                faces.setdefault(key, main.face)
        for key, nodes in groups.items():
            node = nodes[0]
            have = f"{faces[key] or '未设字体'}{size_name(key[1])}"
            want = f"{font}{size_name(size)}"
            more = f"（共 {len(nodes)} 段）" if len(nodes) > 1 else ""
            end = min(node.end, node.start + 20)
            ctx.report(node.start, end, f"{role}字体应为{want}，此段为{have}{more}")


def _body_paragraphs(ctx: RuleContext) -> Iterator[Node]:
    for node in ctx.nodes_of("paragraph"):
        parent = node.parent
        if parent is not None and parent.kind in ("section", "opening", "closing"):
            yield node


class PageSetup(_LayoutRule):
    """页面不是 A4，或页边距与版心不合国标。

    检查内容
        Word 文档第一节的纸张和页边距：A4（210 mm × 297 mm），天头（上边距）37 mm、订口（左边距）
        28 mm，版心 156 mm × 225 mm，由此右边距 26 mm、下边距 35 mm，各允许 ±1 mm。只在
        ``layout: gbt9704`` 时检查。

    为什么
        GB/T 9704-2012 5.2.1（幅面尺寸 A4）、5.2.2（版面：天头 37 mm±1 mm，订口 28 mm±1 mm，
        版心 156 mm × 225 mm）。

    示例
        Word 默认的上下 25.4 mm、左右 31.7 mm 页边距。

    修改为
        页面设置：上 37 mm、下 35 mm、左 28 mm、右 26 mm。

    配置项
        ``profile``（即配置中的 ``layout``）：off（默认）、gbt9704、reading-copy。
    """

    code = "LY001"
    name = "page-setup"

    def finish(self, ctx: RuleContext) -> None:
        values = self.settings()
        layout = self.layout(ctx)
        if values is None or layout is None or not values.get("page"):
            return
        page = layout.page
        problems = []
        if (
            page.width_mm is not None
            and page.height_mm is not None
            and (abs(page.width_mm - 210) > 1 or abs(page.height_mm - 297) > 1)
        ):
            problems.append(f"纸张为 {page.width_mm:g}×{page.height_mm:g} mm，应为 A4")
        top, left = 37.0, 28.0
        expected = {
            "上": (page.top_mm, top),
            "左": (page.left_mm, left),
            "右": (page.right_mm, 210 - left - 156),
            "下": (page.bottom_mm, 297 - top - 225),
        }
        wrong = [
            f"{side} {have:g} mm（应为 {want:g} mm）"
            for side, (have, want) in expected.items()
            if have is not None and abs(have - want) > 1
        ]
        if wrong:
            problems.append("页边距" + "、".join(wrong))
        if problems and ctx.text:
            ctx.report(0, min(len(ctx.text), 1), "；".join(problems))


class TitleTypeface(_LayoutRule):
    """题目的字体字号不合方案（国标为二号小标宋）。

    检查内容
        题目段落中多数文字的东亚字体和字号（沿样式、文档默认和主题字体解析）。

    为什么
        GB/T 9704-2012 7.3.1：标题一般用 2 号小标宋体字。

    示例
        题目设为宋体三号加粗。

    修改为
        方正小标宋简体（或小标宋体）二号。

    配置项
        ``profile``；``title-font``、``title-size``（如 ``二号`` 或 ``22``）覆盖方案的值。
    """

    code = "LY002"
    name = "title-typeface"
    options: ClassVar[dict[str, Option]] = {
        "profile": _PROFILE,
        "title-font": Option(None, "题目字体", (str, type(None))),
        "title-size": Option(None, "题目字号（如 二号、22）", (*_SIZE, type(None))),
    }

    def finish(self, ctx: RuleContext) -> None:
        values = self.settings()
        layout = self.layout(ctx)
        if values is None or layout is None:
            return
        items = [
            (node, layout.paragraphs[k])
            for node in ctx.nodes_of("title")
            if (k := self.whole_paragraph(ctx, node)) is not None and k < len(layout.paragraphs)
        ]
        size = size_points(values["title-size"])
        self.report_faces(ctx, items, "题目", values["title-font"], size)


class BodyTypeface(_LayoutRule):
    """正文的字体字号不合方案（国标为三号仿宋）。

    检查内容
        正文段落（开头、各部分的段落、结尾）中多数文字的东亚字体和字号。

    为什么
        GB/T 9704-2012 5.2.3：如无特殊说明，公文格式各要素一般用 3 号仿宋体字。

    示例
        一段设为宋体小四（多是从网页粘贴来的）。

    修改为
        仿宋_GB2312 三号。

    配置项
        ``profile``；``body-font``、``body-size`` 覆盖方案的值。
    """

    code = "LY003"
    name = "body-typeface"
    options: ClassVar[dict[str, Option]] = {
        "profile": _PROFILE,
        "body-font": Option(None, "正文字体", (str, type(None))),
        "body-size": Option(None, "正文字号（如 三号、16）", (*_SIZE, type(None))),
    }

    def finish(self, ctx: RuleContext) -> None:
        values = self.settings()
        layout = self.layout(ctx)
        if values is None or layout is None:
            return
        items = [
            (node, layout.paragraphs[k])
            for node in _body_paragraphs(ctx)
            if (k := self.whole_paragraph(ctx, node)) is not None and k < len(layout.paragraphs)
        ]
        self.report_faces(ctx, items, "正文", values["body-font"], size_points(values["body-size"]))


class HeadingTypeface(_LayoutRule):
    """各级标题的字体不合方案（国标：一级黑体，二级楷体，三四级仿宋）。

    检查内容
        自成一段的各级标题（``一、`` ``（一）`` ``1.`` ``（1）``）中多数文字的字体和字号。

    为什么
        GB/T 9704-2012 7.3.3：结构层次序数第一层用黑体字、第二层用楷体字、第三层和第四层用
        仿宋体字标注；字号同正文（三号）。

    示例
        ``一、总体要求`` 设为仿宋加粗。

    修改为
        黑体三号。

    配置项
        ``profile``；``heading1-font`` 至 ``heading4-font``、``heading-size`` 覆盖方案的值。
    """

    code = "LY004"
    name = "heading-typeface"
    options: ClassVar[dict[str, Option]] = {
        "profile": _PROFILE,
        **{
            f"heading{n}-font": Option(None, f"第{n}层标题字体", (str, type(None)))
            for n in range(1, 5)
        },
        "heading-size": Option(None, "标题字号", (*_SIZE, type(None))),
    }

    def finish(self, ctx: RuleContext) -> None:
        values = self.settings()
        layout = self.layout(ctx)
        if values is None or layout is None:
            return
        size = size_points(values["heading-size"])
        by_level: dict[int, list[tuple[Node, Any]]] = {}
        for section in ctx.nodes_of("section"):
            heading = section.heading
            if heading is None or section.ordinal is None or not 1 <= section.level <= 4:
                continue
            k = self.whole_paragraph(ctx, heading)
            if k is not None and k < len(layout.paragraphs):
                by_level.setdefault(section.level, []).append((heading, layout.paragraphs[k]))
        for level, items in sorted(by_level.items()):
            font = values[f"heading{level}-font"]
            self.report_faces(ctx, items, f"第{level}层标题", font, size)


class LineSpacing(_LayoutRule):
    """正文行距不合方案（国标版心每页 22 行，固定行距约 28～29.5 磅）。

    检查内容
        正文段落的行距（段落、样式和文档默认中的设置）。国标方案要求固定值 28～29.5 磅；
        阅读稿方案要求 1.4～1.6 倍行距。未设行距（单倍）的段落也报。

    为什么
        GB/T 9704-2012 5.2.4：一般每面排 22 行，每行排 28 个字；版心高 225 mm，约合固定
        行距 28.95 磅。

    示例
        单倍行距的正文。

    修改为
        段落行距设为固定值 28.9 磅（或按方案）。

    配置项
        ``profile``。
    """

    code = "LY005"
    name = "line-spacing"

    def finish(self, ctx: RuleContext) -> None:
        values = self.settings()
        layout = self.layout(ctx)
        if values is None or layout is None:
            return
        rule, low, high = values["line"]
        wrong = []
        for node in _body_paragraphs(ctx):
            k = self.whole_paragraph(ctx, node)
            if k is None or k >= len(layout.paragraphs):
                continue
            form = layout.paragraphs[k]
            value = form.line_value if form.line_rule == rule else None
            if value is None or not low - 0.01 <= value <= high + 0.01:
                wrong.append((node, form))
        if not wrong:
            return
        node, form = wrong[0]  # once a draft: a template sets it for every paragraph
        have = (
            "单倍行距（未设）"
            if form.line_rule is None
            else f"{form.line_value:g} 倍行距"
            if form.line_rule == "auto"
            else f"{'固定值' if form.line_rule == 'exact' else '最小值'} {form.line_value:g} 磅"
        )
        want = f"固定值 {low:g}～{high:g} 磅" if rule == "exact" else f"{low:g}～{high:g} 倍行距"
        more = f"（共 {len(wrong)} 段）" if len(wrong) > 1 else ""
        ctx.report(
            node.start, min(node.end, node.start + 20), f"正文行距应为{want}，此段为{have}{more}"
        )


class FirstLineIndent(_LayoutRule):
    """正文段落首行没有缩进两个字。

    检查内容
        正文段落的首行缩进：以字符计约 2 字（1.8～2.3），或以磅计约字号的两倍；用两个全角
        空格缩进的段落也算缩进。

    为什么
        GB/T 9704-2012 7.3.3：正文每个自然段左空二字，回行顶格。

    示例
        顶格开始的正文段落。

    修改为
        段落格式设为首行缩进 2 字符。

    配置项
        ``profile``；``indent-chars``（默认 2）。
    """

    code = "LY006"
    name = "first-line-indent"
    options: ClassVar[dict[str, Option]] = {
        "profile": _PROFILE,
        "indent-chars": Option(None, "首行缩进字数", (int, float, type(None))),
    }

    def finish(self, ctx: RuleContext) -> None:
        values = self.settings()
        layout = self.layout(ctx)
        if values is None or layout is None:
            return
        want = float(values["indent-chars"])
        body_size = size_points(values["body-size"]) or 16.0
        wrong = []
        for node in _body_paragraphs(ctx):
            k = self.whole_paragraph(ctx, node)
            if k is None or k >= len(layout.paragraphs):
                continue
            line_start = ctx.source.line_starts[k]
            if ctx.text.startswith("\u3000\u3000", line_start):
                continue  # indented by typing two full-width spaces
            form = layout.paragraphs[k]
            main = form.main()
            size = main.size if main is not None and main.size else body_size
            if form.first_line_chars is not None:
                ok = abs(form.first_line_chars - want) <= 0.3
            elif form.first_line_pt is not None:
                ok = abs(form.first_line_pt - want * size) <= 0.15 * want * size
            else:
                ok = False
            if not ok:
                wrong.append(node)
        if wrong:
            node = wrong[0]
            more = f"（共 {len(wrong)} 段）" if len(wrong) > 1 else ""
            ctx.report(
                node.start, min(node.end, node.start + 1), f"正文段落首行应缩进 {want:g} 字{more}"
            )


class StrayRunFont(_LayoutRule):
    """段落里有一段文字的字体与本段其他文字不同（多是粘贴来的）。

    检查内容
        正文段落中两个字以上、东亚字体与本段多数文字不同的文字。

    为什么
        GB/T 9704-2012 5.2.3：正文用同一字体字号；从网页或别的文档粘贴来的文字常带着原来的
        字体，印出来一眼可见。

    示例
        仿宋段落中夹着一句宋体。

    修改为
        把这段文字改为本段的字体（在 Word 中“只保留文本”粘贴可避免）。

    配置项
        ``profile``。
    """

    code = "LY007"
    name = "stray-run-font"

    def finish(self, ctx: RuleContext) -> None:
        values = self.settings()
        layout = self.layout(ctx)
        if values is None or layout is None:
            return
        for node in _body_paragraphs(ctx):
            k = self.whole_paragraph(ctx, node)
            if k is None or k >= len(layout.paragraphs):
                continue
            form = layout.paragraphs[k]
            main = form.main()
            if main is None:
                continue
            for run in form.runs:
                if run.chars >= 2 and family_of(run.face) != family_of(main.face):
                    ctx.report(
                        node.start,
                        min(node.end, node.start + 20),
                        f"本段有文字为{run.face or '未设字体'}，与本段其他文字（{main.face}）不同",
                    )
                    break


RULES: list[type[Rule]] = [
    PageSetup,
    TitleTypeface,
    BodyTypeface,
    HeadingTypeface,
    LineSpacing,
    FirstLineIndent,
    StrayRunFont,
]

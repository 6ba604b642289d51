"""An example speechlint plugin: one rule that flags colloquial words in a speech."""

from __future__ import annotations

from typing import ClassVar

from speechlint import Applicability, Category, Fix, Option, Rule, RuleContext, Severity, hookimpl


class ColloquialWord(Rule):
    """口语词：正式讲话里应换成书面语（``咱们`` → ``我们``）。

    检查内容
        配置项 ``words`` 所列的词，在任何段落和标题中。

    为什么
        本单位的文风要求：正式讲话不用口语。

    示例
        ``咱们要把工作做好``

    修改为
        ``我们要把工作做好``

    配置项
        ``words``：口语词到书面语的对照表。
    """

    code = "EX001"
    name = "colloquial-word"
    category = Category.WORDING
    severity = Severity.WARNING
    fixable = True
    visits = frozenset({"paragraph", "heading"})
    options: ClassVar[dict[str, Option]] = {
        "words": Option({"咱们": "我们", "搞好": "做好"}, "口语词 → 书面语", dict)
    }

    def visit(self, node, ctx: RuleContext) -> None:
        text = ctx.text[node.start : node.end]
        for word, formal in self.opts["words"].items():
            start = text.find(word)
            while start >= 0:
                a, b = node.start + start, node.start + start + len(word)
                fix = Fix.replace(a, b, formal, Applicability.SAFE)
                ctx.report(a, b, f"口语词“{word}”宜改为“{formal}”", fix=fix)
                start = text.find(word, start + len(word))


@hookimpl
def speechlint_add_rules() -> list[type[Rule]]:
    return [ColloquialWord]

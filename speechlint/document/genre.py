"""The genre of a draft: a speech, a host's script or a report.

They follow different conventions: a speech (讲话, 致辞, 发言) opens with 同志们： and ends
with a closing; a host's script (主持词) runs an agenda (下面进行第二项议程, 请…讲话, 现在散会);
a report (政府工作报告, 工作报告, 汇报, 总结, 情况报告) is addressed to 各位代表 and ends
with its last task, not with 谢谢大家. Each structure rule declares the genres whose convention
it checks (``Rule.genres``), and the engine runs it only there.

The genre is decided, in this order, by the config's ``genre:`` key, a directive in the draft
(``<!-- speechlint: genre=report -->``), the title, and the frame (a report's opening 向大会
报告工作; a host's agenda phrases); a draft that shows none of these is a speech.
"""

from __future__ import annotations

from speechlint.speed.lazyre import lazy

GENRES = ("speech", "host", "report")
SPEECH, HOST, REPORT = GENRES
NAMES = {SPEECH: "讲话", HOST: "主持词", REPORT: "报告"}

DIRECTIVE = lazy(r"<!--\s*speechlint\s*:\s*genre\s*=\s*(?P<genre>[a-z]+)\s*-->")
_SPEECH_TITLE = lazy(r"讲话|致辞|发言|演讲|贺词|开幕词|闭幕词|讲稿|动员|上的|答谢词|欢迎词|祝酒词")
_HOST_TITLE = lazy(r"主持词|主持稿|主持人|串词|主持讲话")
_REPORT_TITLE = lazy(r"报告|汇报|总结|述职|述廉|情况说明|工作要点|工作计划|实施方案")
_REPORT_OPENING = lazy(
    r"向[^。！？，]{0,16}?(?:大会|会议|全会|常委会|代表)(?:作)?[^。！？]{0,40}?报告"
    r"|我代表.{1,12}(?:作|向)[^。！？]{0,40}?报告"
)
_AGENDA = lazy(
    r"进行(?:第[一二三四五六七八九十]+|下一)项(?:议程|议题)|会议议程|请.{1,24}(?:讲话|致辞|发言|作报告)"
    r"|现在散会|会议到此结束|大会到此结束|下面(?:请|进行)"
)


def opening_names_report(opening: str) -> bool:
    """Whether the opening says what the document is (我代表国务院，向大会作政府工作报告)."""
    return _REPORT_OPENING.search(opening) is not None


def detect(title: str, opening: str, body: str) -> str:
    """The genre the title and frame show (the config and a directive come first: see
    speechlint.document.parser.parse)."""
    if title:
        if _HOST_TITLE.search(title):
            return HOST
        if _SPEECH_TITLE.search(title):
            return SPEECH
        if _REPORT_TITLE.search(title):
            return REPORT
    if opening_names_report(opening):
        return REPORT
    if len(_AGENDA.findall(body)) >= 3:
        return HOST
    return SPEECH

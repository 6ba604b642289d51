"""The pages of ``speechlint serve``, in Chinese, self-contained (nothing fetched from
outside: the page works with no network)."""

from __future__ import annotations

from html import escape

_STYLE = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:0;
background:#f6f7f9;color:#222}
main{max-width:900px;margin:0 auto;padding:16px}
h1{font-size:24px}.box{background:#fff;border:1px solid #ddd;border-radius:6px;padding:16px;
margin:12px 0}
#drop{border:2px dashed #8aa;border-radius:6px;padding:24px;text-align:center;color:#567}
#drop.over{background:#eef6ff}
textarea{width:100%;box-sizing:border-box;font-size:15px;line-height:1.7}
button{font-size:16px;padding:6px 18px}
.note{color:#666;font-size:13px}.error{color:#a00}
pre.doc{white-space:pre-wrap;font-family:inherit;line-height:1.8}
"""

_SCRIPT = """
var drop=document.getElementById('drop'),input=document.getElementById('files');
['dragenter','dragover'].forEach(function(e){drop.addEventListener(e,function(ev){
  ev.preventDefault();drop.classList.add('over')})});
['dragleave','drop'].forEach(function(e){drop.addEventListener(e,function(ev){
  ev.preventDefault();drop.classList.remove('over')})});
drop.addEventListener('drop',function(ev){input.files=ev.dataTransfer.files;
  document.getElementById('chosen').textContent=Array.from(input.files).map(function(f){
    return f.name}).join('、')});
input.addEventListener('change',function(){document.getElementById('chosen').textContent=
  Array.from(input.files).map(function(f){return f.name}).join('、')});
"""


def _page(title: str, body: str, script: str = "") -> str:
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body><main>"
        f"{body}</main>{f'<script>{script}</script>' if script else ''}</body></html>"
    )


def index(max_mb: int) -> str:
    body = f"""
<h1>speechlint 讲话稿检查</h1>
<p>检查讲话稿、致辞、主持词、工作报告中未替换的占位符（20xx、×××）、序号跳号、条数不符、
数字和标点的写法、错别字等。</p>
<form class="box" method="post" action="check" enctype="multipart/form-data">
<div id="drop">把 .docx、.txt 或 .md 文件拖到这里，或
<input type="file" id="files" name="files" multiple accept=".docx,.txt,.md,.markdown">
<div id="chosen" class="note"></div></div>
<p>也可以直接粘贴文本：</p>
<textarea name="text" rows="10" placeholder="在此粘贴讲话稿全文"></textarea>
<p><button type="submit">检查</button></p>
</form>
<p class="note">文稿只在本机（或本单位服务器）上检查，不会发往任何外部网站；检查完即从内存和
临时文件夹中删除，服务器日志只记录请求行，不记录文稿内容。每次最多 {max_mb} MB。
Word 文件可下载带批注的副本和自动改正后的副本，原文件不会被修改。</p>
"""
    return _page("speechlint 讲话稿检查", body, _SCRIPT)


def error(message: str) -> str:
    body = (
        f'<h1>无法检查</h1><p class="error">{escape(message)}</p>'
        '<p><a href="./">返回重新选择文件</a></p>'
    )
    return _page("无法检查", body)


def rule_doc(heading: str, doc: str) -> str:
    body = f'<h1>{escape(heading)}</h1><pre class="doc">{escape(doc)}</pre>'
    return _page(heading, body)

"""The sign-in sheet of an exam taken on phones: signin.xlsx (for the trainer and the exam server)
and signin.html (one slip per paper to print and cut out). Pure: entries in, bytes or text out.

With a server address each slip carries a QR code (inline SVG drawn by segno) that opens the
server's sign-in page with the 工号 filled in; without one it tells staff to ask for the address.
"""

from __future__ import annotations

import html

from servicebook.exam.contract import Exam
from servicebook.exam.render.paper_html import FONT
from servicebook.exam.render.xlsx import PLAIN, TEXT, sheet_workbook
from servicebook.exam.signin import COLUMNS, PAGE_META, SHEET_NAME, SigninEntry, signin_url

NO_ADDRESS = "考试网址请向培训负责人索取，在手机浏览器中输入后，填写工号和登录码。"
WIDTHS = (12, 10, 16, 10, 12, 48)


def render_signin_sheet(exam: Exam, entries: list[SigninEntry], server_url: str | None) -> bytes:
    """signin.xlsx: row 1 names the exam, row 2 is the header, then one row per paper."""
    styles = (TEXT,) * 5 + (PLAIN,)  # 工号 and 登录码 stay text (leading zeros, no 1E+7)
    rows = (([entry.staff_no or "", entry.name, entry.project, entry.paper_code, entry.code,
              signin_url(server_url, entry) if server_url else ""], styles) for entry in entries)
    return sheet_workbook(sheet=SHEET_NAME, exam_id=exam.exam_id, title=exam.title,
                          note="；登录码是考试凭证，请妥善保管，不要外传", header=COLUMNS, rows=rows,
                          widths=dict(enumerate(WIDTHS, start=1)), freeze="A3")


CSS = """
@page { size: A4; margin: 10mm; }
html { font-family: FONT; font-size: 11pt; color: #000; }
body { margin: 0; }
h1 { font-size: 13pt; margin: 0 0 1mm; }
p.note { font-size: 9pt; margin: 0 0 3mm; }
.slips { display: flex; flex-wrap: wrap; }
.slip { box-sizing: border-box; width: 50%; padding: 4mm; border: 1px dashed #888; break-inside: avoid;
  display: flex; gap: 3mm; align-items: flex-start; }
.slip .text { flex: 1; }
.slip .title { font-size: 9pt; color: #444; margin-bottom: 1mm; }
.slip dl { display: grid; grid-template-columns: auto 1fr; gap: 0.5mm 2mm; margin: 0; }
.slip dt { color: #444; }
.slip dd { margin: 0; }
.slip dd.code { font-size: 16pt; font-weight: bold; letter-spacing: 1mm; font-family: monospace; }
.slip .blank { display: inline-block; min-width: 25mm; border-bottom: 1px solid #000; }
.slip .how { font-size: 8.5pt; margin-top: 1.5mm; word-break: break-all; }
.slip svg { width: 32mm; height: 32mm; flex: none; shape-rendering: crispEdges; }
@media screen { body { max-width: 210mm; margin: 0 auto; padding: 4mm; } }
""".replace("FONT", FONT)


def render_signin_page(exam: Exam, entries: list[SigninEntry], server_url: str | None) -> str:
    """signin.html: one slip per paper with 工号, 姓名, 试卷编号, 登录码 and how to reach the server."""
    slips = "\n".join(_slip(exam, entry, server_url) for entry in entries)
    title = html.escape(f"{exam.title} 登录码")
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'{PAGE_META} content="{html.escape(exam.exam_id)}">\n<title>{title}</title>\n'
            f'<style>{CSS}</style>\n</head>\n<body>\n<h1>{title}</h1>\n'
            f'<p class="note">沿虚线剪开，每人一张；登录码是考试凭证，只发给本人，不要外传。</p>\n'
            f'<div class="slips">\n{slips}\n</div>\n</body>\n</html>\n')


def _slip(exam: Exam, entry: SigninEntry, server_url: str | None) -> str:
    blank = '<span class="blank"></span>'
    who = (f"<dt>工号</dt><dd>{html.escape(entry.staff_no)}</dd><dt>姓名</dt><dd>{html.escape(entry.name)}</dd>"
           if entry.staff_no else f"<dt>工号</dt><dd>{blank}</dd><dt>姓名</dt><dd>{blank}</dd>")
    if server_url:
        url = signin_url(server_url, entry)
        how = f"用手机扫描二维码，或在浏览器中输入 {html.escape(url)}，填写登录码后点“开始考试”。"
        qr = _qr_svg(url)
    else:
        how, qr = NO_ADDRESS, ""
    return (f'<div class="slip" data-paper="{html.escape(entry.paper_code)}">{qr}<div class="text">'
            f'<div class="title">{html.escape(exam.title)}</div><dl>{who}'
            f'<dt>试卷编号</dt><dd>{html.escape(entry.paper_code)}</dd>'
            f'<dt>登录码</dt><dd class="code">{html.escape(entry.code)}</dd></dl>'
            f'<div class="how">{how}</div></div></div>')


def _qr_svg(url: str) -> str:
    import segno

    return segno.make(url, error="m", micro=False).svg_inline(omitsize=True, title="考试登录二维码")  # viewBox: CSS sizes it

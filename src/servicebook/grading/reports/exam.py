"""The exam report: score histogram, pass rate, projects, item analysis with flags, topic mastery.

People recorded as 缺考 are counted apart and left out of the average and the pass rate.
Questions are named by their stem and pages by their title; question ids stay in a last column.
"""

from __future__ import annotations

from collections import defaultdict

from servicebook.grading import itemstats, oplog
from servicebook.grading.gradebook import Gradebook
from servicebook.grading.reports import Links, ReportError, percent
from servicebook.grading.reports.html import bar_chart, cards, link, page, paragraph, table
from servicebook.grading.reports.items import Analysis, analyse, largest_form, reliability_rows
from servicebook.exam.contract import Manifest
from servicebook.tables import DECIMAL, ONE_DECIMAL, PERCENT, Column

NO_PROJECT = "（未填项目）"
SCORE_HEADERS = ["工号", "姓名", "项目", "试卷编号", Column("得分"), "结果"]
PROJECT_HEADERS = ["项目", Column("参加人数"), Column("缺考人数"), Column("平均分", ONE_DECIMAL), Column("及格率", PERCENT)]
ITEM_HEADERS = ["题目", "题型", Column("作答人数"), Column("得分率", PERCENT), Column("区分度", DECIMAL), "错选项（次数）",
                "提示", "统计依据", "出处"]
TOPIC_HEADERS = ["页面", "栏目", Column("得分率", PERCENT)]
RELIABILITY_HEADERS = ["试卷", Column("作答人数"), Column("题数"), Column("信度 α（KR-20）", DECIMAL)]


def build(book: Gradebook, manifest: Manifest, links: Links) -> tuple[str, list]:
    """Returns (HTML, XLSX tables) for one exam."""
    people = book.exam_results(manifest.exam_id)
    absent = book.exam_absences(manifest.exam_id)
    if not people:
        raise ReportError(f"成绩库中还没有考试 {manifest.exam_id} 的成绩；请先运行 servicebook grade 导入答题卡。")
    items = {row[0]: row[1:] for row in book.exam_items(manifest.exam_id)}
    html, xlsx = _render(manifest, people, absent, items, analyse(book, manifest, items), links)
    return _with_key_history(book, manifest, items, html, xlsx)


KEY_HISTORY_HEADERS = [Column("序号"), "时间", "题目", "更正", "状态", Column("编号", width=12)]


def _with_key_history(book: Gradebook, manifest: Manifest, items: dict, html: str, xlsx: list) -> tuple[str, list]:
    """The exam's answer corrections (servicebook exam fix-key), after the analysis; questions by stem."""
    rows = []
    for op in reversed(oplog.operations(book, manifest.exam_id, ("fix-key",))):
        qid = op.details.get("question_id", "")
        stem = items[qid][5] if qid in items else ""
        change = f"{op.details['old_key']} → {op.details['new_key']}" if "new_key" in op.details else op.summary
        rows.append([op.op_id, op.created_at[:16].replace("T", " "), stem or qid, change,
                     f"已撤销（第 {op.undone_by} 号）" if op.undone_by else "有效", qid])
    if not rows:
        return html, xlsx
    section = "<h2>答案更正记录</h2>\n" + table(KEY_HISTORY_HEADERS, rows) + "\n"
    marker = '<p class="muted">本报告含员工个人成绩'
    return html.replace(marker, section + marker, 1), xlsx + [("答案更正", KEY_HISTORY_HEADERS, rows)]


def _render(manifest: Manifest, people, absent, items, analysis: Analysis, links: Links) -> tuple[str, list]:
    totals = [row[4] for row in people]
    passed = sum(row[5] for row in people)
    counts = itemstats.histogram(totals, manifest.total_points)
    band = manifest.total_points / len(counts)
    labels = [f"{i * band:g}–{(i + 1) * band:g}" for i in range(len(counts))]
    project_rows = _projects(people, absent)
    item_rows, item_xlsx, classes = _items(items, analysis, links)
    topic_rows = sorted(([links.title(page_), items_category(items, page_), got / full if full else 0.0]
                         for page_, (got, full) in analysis.topics.items()), key=lambda r: (r[1], r[0]))
    reliability = reliability_rows(analysis)
    score_rows = [[r[0], r[1], r[2] or "", r[3], r[4], "及格" if r[5] else "不及格"] for r in people]
    score_rows += [[no, name, project or "", code, None, "缺考"] for no, name, project, code in absent]
    body = "\n".join([
        cards([("参加人数", str(len(people))), ("缺考", str(len(absent))),
               ("平均分", f"{sum(totals) / len(totals):.1f}"), ("及格率", percent(passed / len(people))),
               ("及格线", f"{manifest.pass_mark:g}/{manifest.total_points:g}"),
               ("信度 α", _reliability_card(reliability))]),
        paragraph("缺考的人不计入平均分和及格率。", "muted") if absent else "",
        "<h2>分数分布</h2>", bar_chart(labels, counts, title="分数分布（人数）"),
        "<h2>各项目对比</h2>", bar_chart([r[0] for r in project_rows], [r[3] or 0 for r in project_rows],
                                      title="各项目平均分", maximum=manifest.total_points),
        table(PROJECT_HEADERS, project_rows),
        "<h2>题目分析</h2>",
        paragraph("得分率＝得分占满分的比例；区分度＝校正点二列相关（本题与去掉本题后的总分）。"
                  f"作答满 {itemstats.MIN_RESPONSES} 人才作提示：得分率高于 90% 标“太容易”，低于 30% 标“太难”，"
                  "区分度低于 0.2 标“区分度低”；本次不足时合并同一道题在其他考试中的作答（见“统计依据”）。", "muted"),
        table([*ITEM_HEADERS, "题库", "编号"], item_rows, classes),
        "<h2>信度</h2>", _reliability_html(reliability, analysis),
        "<h2>各知识点掌握情况</h2>", table(TOPIC_HEADERS, topic_rows),
    ])
    html = page(f"考试报告：{manifest.title}（{manifest.exam_id}）", body)
    xlsx = [
        ("成绩", SCORE_HEADERS, score_rows),
        ("题目分析", [*ITEM_HEADERS, Column("编号", width=12)], item_xlsx),
        ("各项目", PROJECT_HEADERS, project_rows),
        ("知识点", TOPIC_HEADERS, topic_rows),
        ("信度", RELIABILITY_HEADERS, reliability),
    ]
    return html, xlsx


def items_category(items: dict[str, tuple], page_: str) -> str:
    return next((row[4] for row in items.values() if row[3] == page_), "")


def _projects(people, absent) -> list[list]:
    sat: dict[str, list] = defaultdict(list)
    away: dict[str, int] = defaultdict(int)
    for row in people:
        sat[row[2] or NO_PROJECT].append(row)
    for row in absent:
        away[row[2] or NO_PROJECT] += 1
    rows = []
    for name in sorted(set(sat) | set(away)):
        group = sat.get(name, [])
        average = sum(r[4] for r in group) / len(group) if group else None
        rate = sum(r[5] for r in group) / len(group) if group else None
        rows.append([name, len(group), away.get(name, 0), average, rate])
    return rows


def _items(items, analysis: Analysis, links: Links) -> tuple[list, list, list]:
    html_rows, xlsx_rows, classes = [], [], []
    for qid in sorted(analysis.sums, key=lambda q: (items[q][3], items[q][2], q)):
        qtype, _, source, page_, _, stem = items[qid]
        own = itemstats.item_stats(qid, analysis.sums[qid])
        basis_stats, basis = analysis.flags_basis(qid)
        wrong = "；".join(f"{t}（{c}）" for t, c in sorted(analysis.sums[qid].wrong_choices.items(),
                                                          key=lambda kv: (-kv[1], kv[0])))
        flags = "、".join(itemstats.FLAG_TEXT[f] for f in basis_stats.flags) or "—"
        discrimination = None if own.discrimination is None else round(own.discrimination, 4)
        where = links.where(page_, source)
        cells = [stem or qid, qtype, own.n, round(own.difficulty, 4), discrimination, wrong or "—", flags, basis]
        bank = links.bank(qid)
        html_rows.append([*cells, link(links.page(page_, source.partition("#")[2]), where),
                          link(*bank) if bank else "—", qid])
        xlsx_rows.append([*cells, where, qid])
        classes.append("flag" if basis_stats.flags else "")
    return html_rows, xlsx_rows, classes


def _reliability_card(rows: list[list]) -> str:
    if not rows:
        return "—"
    return f"{rows[0][3]:.2f}" if len(rows) == 1 else f"{len(rows)} 份试卷见下"


def _reliability_html(rows: list[list], analysis: Analysis) -> str:
    note = ("信度按试卷计算：只有同一份试卷（题目完全相同）有 "
            f"{itemstats.MIN_RESPONSES} 人以上作答时才算，不同试卷不合成一个数字。")
    if rows:
        return paragraph(note, "muted") + table(RELIABILITY_HEADERS, rows)
    most = largest_form(analysis)
    return paragraph(f"{note}本次作答人数最多的一份试卷只有 {most} 人，不计算信度。", "muted")

"""The exam report: score histogram, pass rate, projects, item analysis with flags, topic mastery."""

from __future__ import annotations

from collections import defaultdict

from servicebook.grading import itemstats, oplog
from servicebook.grading.gradebook import Gradebook
from servicebook.grading.reports import Links, ReportError, percent
from servicebook.grading.reports.html import bar_chart, cards, link, page, table
from servicebook.grading.scoring import LETTERS, letters_of
from servicebook.grading.sheets import Manifest

EPS = 1e-9


def build(book: Gradebook, manifest: Manifest, links: Links) -> tuple[str, list]:
    """Returns (HTML, XLSX tables) for one exam."""
    people = book.query("SELECT s.staff_no, st.name, st.project, s.paper_code, s.total, s.passed FROM scores s"
                        " JOIN staff st USING (staff_no) WHERE s.exam_id = ? ORDER BY s.staff_no",
                        (manifest.exam_id,))
    if not people:
        raise ReportError(f"成绩库中还没有考试 {manifest.exam_id} 的成绩；请先运行 servicebook grade 导入答题卡。")
    items = {row[0]: row[1:] for row in
             book.query("SELECT question_id, type, points, source, page, category, stem FROM items WHERE exam_id = ?",
                        (manifest.exam_id,))}
    sums: dict[str, itemstats.ItemSums] = defaultdict(itemstats.ItemSums)
    topics: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    right_counts: dict[int, int] = defaultdict(int)
    options = {}
    for score_id, paper, total, qid, n, answer, points in book.iterate(
            "SELECT r.score_id, s.paper_code, s.total, i.question_id, r.n, r.answer, r.points FROM responses r"
            " JOIN scores s USING (score_id) JOIN items i USING (item_id) WHERE s.exam_id = ?", (manifest.exam_id,)):
        qtype, maximum, _, page_, category, _ = items[qid]
        item = sums[qid]
        item.add(points, maximum, total)
        right_counts[score_id] += points >= maximum - EPS
        topic = topics[(page_, category)]
        topic[0] += points
        topic[1] += maximum
        if qtype in ("单选", "多选") and answer and points < maximum - EPS:
            shown = options.get((paper, n))
            if shown is None and paper in manifest.papers:
                shown = options[(paper, n)] = manifest.papers[paper].questions[n - 1]
            if shown is not None:
                for letter in set(letters_of(answer)) - set(shown.key or ""):
                    if letter in LETTERS[: len(shown.options)]:
                        text = shown.options[LETTERS.index(letter)]
                        item.wrong_choices[text] = item.wrong_choices.get(text, 0) + 1
    stats = [itemstats.item_stats(qid, sums[qid]) for qid in sorted(sums)]
    reliability = itemstats.kr20([sums[s.question_id].correct / sums[s.question_id].n for s in stats],
                                 [right_counts[sid] for sid in right_counts])
    html, xlsx = _render(manifest, people, items, stats, sums, topics, reliability, links)
    return _with_key_history(book, manifest, html, xlsx)


def _with_key_history(book: Gradebook, manifest: Manifest, html: str, xlsx: list) -> tuple[str, list]:
    """The exam's answer corrections (servicebook exam fix-key), after the analysis."""
    rows = oplog.key_history(book, manifest.exam_id)
    if not rows:
        return html, xlsx
    section = "<h2>答案更正记录</h2>\n" + table(oplog.KEY_HISTORY_HEADERS, rows) + "\n"
    marker = '<p class="muted">本报告含员工个人成绩'
    return html.replace(marker, section + marker, 1), xlsx + [("答案更正", oplog.KEY_HISTORY_HEADERS, rows)]


def _render(manifest, people, items, stats, sums, topics, reliability, links):
    totals = [row[4] for row in people]
    passed = sum(row[5] for row in people)
    counts = itemstats.histogram(totals, manifest.total_points)
    band = manifest.total_points / len(counts)
    labels = [f"{i * band:g}–{(i + 1) * band:g}" for i in range(len(counts))]
    by_project: dict[str, list] = defaultdict(list)
    for row in people:
        by_project[row[2] or "（未填项目）"].append(row)
    project_rows = [[name, len(rows), sum(r[4] for r in rows) / len(rows), percent(sum(r[5] for r in rows) / len(rows))]
                    for name, rows in sorted(by_project.items())]
    item_rows, classes = [], []
    for s in stats:
        qtype, _, source, page_, _, stem = items[s.question_id]
        anchor = source.partition("#")[2]
        bank = links.bank(s.question_id)
        wrong = "；".join(f"{t}（{c}）" for t, c in sorted(sums[s.question_id].wrong_choices.items(),
                                                          key=lambda kv: (-kv[1], kv[0])))
        item_rows.append([f"{s.question_id} {stem}".strip(), qtype, s.n, s.difficulty,
                          "—" if s.discrimination is None else round(s.discrimination, 2), wrong or "—",
                          "、".join(itemstats.FLAG_TEXT[f] for f in s.flags) or "—",
                          link(links.page(page_, anchor), source), link(*bank) if bank else "—"])
        classes.append("flag" if s.flags else "")
    topic_rows = [[page_, category, got / full if full else 0.0] for (page_, category), (got, full) in
                  sorted(topics.items())]
    mean = sum(totals) / len(totals)
    body = "\n".join([
        cards([("参加人数", str(len(people))), ("平均分", f"{mean:.1f}"), ("及格率", percent(passed / len(people))),
               ("及格线", f"{manifest.pass_mark:g}/{manifest.total_points:g}"),
               ("信度 KR-20", "—" if reliability is None else f"{reliability:.2f}")]),
        "<h2>分数分布</h2>", bar_chart(labels, counts, title="分数分布（人数）"),
        "<h2>各项目对比</h2>", bar_chart([r[0] for r in project_rows], [r[2] for r in project_rows],
                                      title="各项目平均分", maximum=manifest.total_points),
        table(["项目", "人数", "平均分", "及格率"], project_rows),
        "<h2>题目分析</h2>",
        '<p class="muted">难度＝得分率；区分度＝校正点二列相关（去掉本题后的总分）。'
        "得分率高于 90% 标“太容易”，低于 30% 标“太难”，区分度低于 0.2 标“区分度低”。</p>",
        table(["题目", "题型", "作答人数", "得分率", "区分度", "错选项（次数）", "提示", "出处", "题库"], item_rows, classes),
        "<h2>各知识点掌握情况</h2>", table(["页面", "栏目", "得分率"], topic_rows),
    ])
    html = page(f"考试报告：{manifest.title}（{manifest.exam_id}）", body)
    xlsx = [
        ("成绩", ["工号", "姓名", "项目", "试卷编号", "得分", "是否及格"],
         [[r[0], r[1], r[2], r[3], r[4], "及格" if r[5] else "不及格"] for r in people]),
        ("题目分析", ["题目", "题型", "作答人数", "得分率", "区分度", "错选项（次数）", "提示", "出处"],
         [[r[0], r[1], r[2], round(r[3], 4), r[4], r[5], r[6], items[s.question_id][2]]
          for r, s in zip(item_rows, stats)]),
        ("各项目", ["项目", "人数", "平均分", "及格率"], project_rows),
        ("知识点", ["页面", "栏目", "得分率"], [[a, b, round(c, 4)] for a, b, c in topic_rows]),
    ]
    return html, xlsx

"""The quarter report: each person's monthly scores, average, missed exams, result, the 补考 list,
and roll-ups by 项目 and by 岗位 with the month-to-month trend (rollup.py)."""

from __future__ import annotations

from collections import defaultdict

from servicebook import months
from servicebook.grading.gradebook import Gradebook
from servicebook.grading.scoring import needs_retake
from servicebook.grading.reports import ReportError
from servicebook.grading.reports.html import bar_chart, cards, page, paragraph, table
from servicebook.grading.reports.rollup import Rollup
from servicebook.tables import ONE_DECIMAL, Column

QUARTER = months.QUARTER


def quarter_months(quarter: str) -> list[str]:
    match = QUARTER.match(quarter.strip())
    if not match:
        raise ReportError(f"季度应写成 2026Q4 这样的形式（年份+Q+1到4），实际为“{quarter}”。")
    year, number = int(match.group(1)), int(match.group(2))
    return months.quarter_months(year, number)


def build(book: Gradebook, quarter: str, role: str | None = None, project: str | None = None) -> tuple[str, list]:
    months = quarter_months(quarter)
    exams = book.exams_in(months, role)
    if not exams:
        raise ReportError(f"成绩库中没有 {quarter}{f' {role}' if role else ''} 的考试成绩。")
    exam_ids = [e[0] for e in exams]
    info = {e[0]: e for e in exams}
    regular = {(e[2], e[3]): e[0] for e in exams if e[1] != "retake"}
    retakes = {(e[2], e[3]): e[0] for e in exams if e[1] == "retake"}
    scores = {(exam_id, no): (total, passed) for exam_id, no, total, passed in book.scores_of(exam_ids)}
    assigned = defaultdict(set)
    for exam_id, no in book.assigned(exam_ids):
        assigned[no].add(exam_id)
    takers = {no for _, no in scores} | set(assigned)
    roles = {e[3] for e in exams}
    # Someone marked 离职 stays in the report only for the exams they were given or sat; they are never
    # sent to a retake, and an exam they did not sit is not counted as an absence.
    people = [p for p in book.staff_rows()
              if (p[0] in takers or (p[2] in roles and p[4])) and (project is None or p[3] == project)]
    rows, retake_list, failed_people, departed, rollup = [], [], 0, 0, Rollup(months)
    for no, name, post, proj, active in people:
        cells, got, missed, failed, retook = [], [], 0, 0, []
        group = (proj or "（未填项目）", post or "（未填岗位）")
        for month in months:
            exam_id = regular.get((month, post)) or next((regular[(month, r)] for r in sorted(roles)
                                                          if (month, r) in regular
                                                          and regular[(month, r)] in assigned[no]), None)
            if exam_id is None:
                cells.append(None)
                continue
            result = scores.get((exam_id, no))
            retake = retakes.get((month, info[exam_id][3]))
            retake_result = scores.get((retake, no)) if retake else None
            if result is None and not active:
                cells.append("离职")
                continue
            rollup.add(*group, month, result and result[0], info[exam_id][5], bool(result and result[1]))
            if result is None:
                missed += 1
                cells.append("缺考")
            else:
                got.append(result[0])
                cells.append(result[0])
            if active and needs_retake(result, retake_result):
                failed += 1
                reason = "缺考" if result is None else f"不及格（{result[0]:g} 分，及格线 {info[exam_id][4]:g} 分）"
                retake_list.append([no, name, post, proj, month, reason])  # a roster for exam retake
            if retake_result:
                retook.append(f"{month} 补考 {retake_result[0]:g} 分" + ("" if retake_result[1] else "（不及格）"))
        average = sum(got) / len(got) if got else None
        failed_people += bool(failed)
        rollup.person(*group, bool(failed))
        departed += not active
        verdict = "已离职" if not active else "需补考" if failed else "合格"
        rows.append([no, name, post, proj, *cells, average, missed, "；".join(retook), verdict])
    title = f"季度培训考核报告：{quarter}" + (f" {role}" if role else "") + (f" {project}" if project else "")
    headers = ["工号", "姓名", "岗位", "项目", *[Column(f"{m} 得分") for m in months], Column("平均分", ONE_DECIMAL),
               Column("缺考次数"), "补考", "结果"]
    retake_headers = ["工号", "姓名", "岗位", "项目", "月份", "原因"]
    trend, by_project, by_post = rollup.trend(), rollup.rows("项目"), rollup.rows("岗位")
    absences = sum(r[-3] for r in rows)
    body = "\n".join([
        cards([("人数", str(len(rows))), ("合格", str(len(rows) - failed_people - departed)),
               ("需补考", str(failed_people)), ("缺考人次", str(absences))]),
        paragraph("平均分和及格率只算参加考试的人，缺考另计；不同满分的考试按百分制折算。"
                  + (f"已离职 {departed} 人：只列出其参加过的考试，不计缺考，不列入补考名单。" if departed else ""),
                  "muted"),
        "<h2>月度趋势</h2>", bar_chart([r[0] for r in trend], [r[3] or 0 for r in trend], title="各月平均分", maximum=100),
        table(Rollup.TREND_HEADERS, trend),
        "<h2>各项目</h2>", table(rollup.headers("项目"), by_project),
        "<h2>各岗位</h2>", table(rollup.headers("岗位"), by_post),
        "<h2>补考名单</h2>", table(retake_headers, retake_list) if retake_list else paragraph("本季度无人需要补考。"),
        "<h2>个人成绩</h2>", table(headers, rows, ["flag" if r[-1] == "需补考" else "" for r in rows]),
    ])
    return page(title, body), [("个人成绩", headers, rows), ("补考名单", retake_headers, retake_list),
                               ("月度趋势", Rollup.TREND_HEADERS, trend),
                               ("各项目", rollup.headers("项目"), by_project),
                               ("各岗位", rollup.headers("岗位"), by_post)]

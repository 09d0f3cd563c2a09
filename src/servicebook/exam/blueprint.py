"""Exam blueprints (quizzes/blueprints/<role-slug>.yml): what one role's monthly paper contains.

A blueprint reads like a table: sections of (type, count, points each), the pass mark, the share
of review questions and of each difficulty, and the scoring policy of 多选 and 排序.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from servicebook import yamlfile
from servicebook.bank.questions import TYPES
from servicebook.errors import Problem, ProblemsFound
from servicebook.paths import display_path
from servicebook.kb.schema import ROLE_SLUGS

SCORED_TYPES = ("多选", "排序")
POLICIES = ("all-or-nothing", "partial")
DIFFICULTIES = (1, 2, 3)
REQUIRED = ("role", "title", "duration_minutes", "pass_mark", "sections")
OPTIONAL = ("review_share", "difficulty_mix", "include_red_lines", "scoring", "retake")
RETAKE_KEYS = ("sections", "duration_minutes", "pass_mark")
DEFAULT_MIX = {1: 0.4, 2: 0.4, 3: 0.2}


@dataclass(frozen=True)
class SectionSpec:
    type: str
    count: int
    points: float  # per question


@dataclass(frozen=True)
class RetakeSpec:
    """A smaller paper for make-up exams: fewer questions, same total points and pass mark."""

    sections: tuple[SectionSpec, ...]
    duration_minutes: int
    pass_mark: float


@dataclass(frozen=True)
class Blueprint:
    role: str
    title: str
    duration_minutes: int
    pass_mark: float  # points needed to pass, out of total_points
    sections: tuple[SectionSpec, ...]
    review_share: float  # 0..1: share of questions from earlier months' pages
    difficulty_mix: dict[int, float]  # 1/2/3 → share, sums to 1
    include_red_lines: bool
    scoring: dict[str, str]  # {"多选": "all-or-nothing"|"partial", "排序": …}
    file: str = field(default="", compare=False)
    # The make-up exam's paper when the blueprint declares a smaller `retake:` variant, else None.
    retake: RetakeSpec | None = None

    def for_retake(self) -> Blueprint:
        """The blueprint a make-up exam is assembled from: the retake variant if declared."""
        if self.retake is None:
            return self
        return replace(self, sections=self.retake.sections, duration_minutes=self.retake.duration_minutes,
                       pass_mark=self.retake.pass_mark, retake=None)

    @property
    def total_points(self) -> float:
        return sum(s.count * s.points for s in self.sections)

    @property
    def question_count(self) -> int:
        return sum(s.count for s in self.sections)

    def review_count(self, first_month_of_year: bool = False) -> int:
        """How many questions come from earlier months (none in the year's first month)."""
        return 0 if first_month_of_year else round(self.question_count * self.review_share)

    def difficulty_targets(self) -> dict[int, int]:
        """Questions wanted per difficulty level over the whole paper (largest remainder)."""
        return split(self.question_count, self.difficulty_mix)


def split(count: int, mix: dict[int, float]) -> dict[int, int]:
    """Split `count` by shares with the largest-remainder method; ties go to the easier level."""
    exact = {level: count * mix.get(level, 0.0) for level in DIFFICULTIES}
    whole = {level: int(value) for level, value in exact.items()}
    left = count - sum(whole.values())
    for level in sorted(DIFFICULTIES, key=lambda lv: (-(exact[lv] - whole[lv]), lv))[:left]:
        whole[level] += 1
    return whole


# ---- Loading ----

def read_blueprints(directory: Path) -> tuple[dict[str, Blueprint], list[Problem]]:
    blueprints: dict[str, Blueprint] = {}
    problems: list[Problem] = []
    slugs = {slug: role for role, slug in ROLE_SLUGS.items()}
    for path in sorted(directory.glob("*.yml")) + sorted(directory.glob("*.yaml")):
        file = display_path(path)
        if path.stem not in slugs:
            problems.append(Problem(file, 0, f"文件名 {path.name} 不对应任何岗位。",
                                    f"文件名应为 {'、'.join(s + '.yml' for s in slugs)} 之一。"))
            continue
        blueprint, found = read_blueprint(path)
        problems += found
        if blueprint is None:
            continue
        if blueprint.role != slugs[path.stem]:
            problems.append(Problem(file, 1, f"文件 {path.name} 是{slugs[path.stem]}岗位的蓝图，role 却写成 {blueprint.role}。",
                                    f"改成 role: {slugs[path.stem]}"))
            continue
        blueprints[blueprint.role] = blueprint
    return blueprints, problems


def load_blueprint(path: Path) -> Blueprint:
    blueprint, problems = read_blueprint(path)
    if problems or blueprint is None:
        raise ProblemsFound(problems)
    return blueprint


def read_blueprint(path: Path) -> tuple[Blueprint | None, list[Problem]]:
    file = display_path(path)
    root, problems = yamlfile.compose(path, file, ("找不到考试蓝图文件。", "从 quizzes/blueprints/ 中复制一个蓝图改写。"))
    if problems:
        return None, problems
    fields = yamlfile.mapping(root)
    if fields is None:
        return None, [Problem(file, 1, "考试蓝图应为“字段: 值”的列表。", "格式见 quizzes/blueprints/kefu.yml。")]
    data = {key: yamlfile.construct(value) for key, (_, value) in fields.items()}
    lines = {key: key_node.start_mark.line + 1 for key, (key_node, _) in fields.items()}
    if "sections" in fields and isinstance(fields["sections"][1], yaml.SequenceNode):
        lines.update({f"sections.{i}": item.start_mark.line + 1
                      for i, item in enumerate(fields["sections"][1].value)})
    retake = yamlfile.mapping(fields["retake"][1]) if "retake" in fields else None
    if retake and "sections" in retake and isinstance(retake["sections"][1], yaml.SequenceNode):
        lines.update({f"retake.sections.{i}": item.start_mark.line + 1
                      for i, item in enumerate(retake["sections"][1].value)})
    return build_blueprint(data, lines, file)


def build_blueprint(data: dict[str, Any], lines: dict[str, int], file: str) -> tuple[Blueprint | None, list[Problem]]:
    """Validate a blueprint's fields (pure); every problem names the file and line."""
    problems: list[Problem] = []

    def bad(key: str, message: str, hint: str) -> None:
        problems.append(Problem(file, lines.get(key, lines.get(key.partition(".")[0], 1)), message, hint))

    for key in data:
        if key not in REQUIRED + OPTIONAL:
            bad(key, f"未知字段 {key}。", f"允许的字段：{'、'.join(REQUIRED + OPTIONAL)}。")
    for key in REQUIRED:
        if data.get(key) in (None, "", []):
            bad(key, f"缺少必填字段 {key}。", "格式见 quizzes/blueprints/kefu.yml。")
    if problems:
        return None, problems

    role = data["role"]
    if role not in ROLE_SLUGS:
        bad("role", f"role 应为 {'、'.join(ROLE_SLUGS)} 之一，实际为 {role!r}。", "每个岗位一个蓝图文件。")
    duration = data["duration_minutes"]
    if not _positive_int(duration):
        bad("duration_minutes", f"duration_minutes 应为正整数（分钟），实际为 {duration!r}。", "如 duration_minutes: 60")

    sections = _sections(data["sections"], "sections", bad)
    if problems:
        sections = []

    total = sum(s.count * s.points for s in sections)
    pass_mark = data["pass_mark"]
    if not _positive_number(pass_mark):
        bad("pass_mark", f"pass_mark 应为及格所需分数，实际为 {pass_mark!r}。", "如 pass_mark: 60")
    elif sections and not problems and pass_mark > total:
        bad("pass_mark", f"及格分 {pass_mark:g} 高于试卷总分 {total:g}。", "降低 pass_mark，或增加题数、分值。")

    review_share = data.get("review_share", 0.0)
    if not _number(review_share) or not 0 <= review_share <= 1:
        bad("review_share", f"review_share 应为 0 到 1 之间的小数，实际为 {review_share!r}。", "如 review_share: 0.3（三成复习题）")

    mix = data.get("difficulty_mix", DEFAULT_MIX)
    if not isinstance(mix, dict) or any(k not in DIFFICULTIES or not _number(v) or v < 0 for k, v in mix.items()):
        bad("difficulty_mix", f"difficulty_mix 应为难度 1、2、3 到比例的对照，实际为 {mix!r}。", "如 difficulty_mix: {1: 0.4, 2: 0.4, 3: 0.2}")
    elif abs(sum(mix.values()) - 1) > 1e-6:
        bad("difficulty_mix", f"difficulty_mix 的比例合计 {sum(mix.values()):g}，应为 1。", "调整各难度比例，使合计为 1。")

    red_lines = data.get("include_red_lines", True)
    if not isinstance(red_lines, bool):
        bad("include_red_lines", f"include_red_lines 应为 true 或 false，实际为 {red_lines!r}。", "true 表示考到的页面的红线题必考。")

    scoring = data.get("scoring", {})
    if not isinstance(scoring, dict):
        bad("scoring", "scoring 应为题型到评分规则的对照。", "写成 scoring: {多选: all-or-nothing, 排序: partial}")
        scoring = {}
    for qtype, policy in scoring.items():
        if qtype not in SCORED_TYPES:
            bad("scoring", f"scoring 中的 {qtype!r} 不需要评分规则；只有 {'、'.join(SCORED_TYPES)} 可以设置。", "删除这一项。")
        elif policy not in POLICIES:
            bad("scoring", f"{qtype} 的评分规则应为 all-or-nothing（全对才得分）或 partial（按比例得分），实际为 {policy!r}。",
                f"写成 {qtype}: all-or-nothing")

    retake = _retake(data.get("retake"), sections, duration, pass_mark, bad) if not problems else None
    if problems:
        return None, problems
    return Blueprint(
        role=role, title=str(data["title"]).strip(), duration_minutes=duration, pass_mark=pass_mark,
        sections=tuple(sections), review_share=float(review_share),
        difficulty_mix={level: float(mix.get(level, 0.0)) for level in DIFFICULTIES},
        include_red_lines=red_lines,
        scoring={qtype: scoring.get(qtype, "all-or-nothing") for qtype in SCORED_TYPES},
        file=file, retake=retake,
    ), []


def _sections(raw: Any, key: str, bad) -> list[SectionSpec]:
    """A sections list: one entry per type with its count and points each."""
    if not isinstance(raw, list):
        bad(key, f"{key} 应为题型列表。", "写成 - {type: 单选, count: 10, points: 2}")
        return []
    sections: list[SectionSpec] = []
    for index, entry in enumerate(raw):
        at = f"{key}.{index}"
        if not isinstance(entry, dict) or set(entry) != {"type", "count", "points"}:
            bad(at, f"第 {index + 1} 个题型应包含且只包含 type、count、points。", "写成 - {type: 单选, count: 10, points: 2}")
            continue
        fine = True
        if entry["type"] not in TYPES:
            bad(at, f"题型 {entry['type']!r} 应为 {'、'.join(TYPES)} 之一。", "按题型填写中文名称。")
            fine = False
        elif any(s.type == entry["type"] for s in sections):
            bad(at, f"题型 {entry['type']} 写了两次。", "同一题型合并为一项，题数相加。")
            fine = False
        if not _positive_int(entry["count"]):
            bad(at, f"{entry['type']} 的题数 count 应为正整数，实际为 {entry['count']!r}。", "如 count: 10")
            fine = False
        if not _positive_number(entry["points"]):
            bad(at, f"{entry['type']} 的每题分值 points 应为正数，实际为 {entry['points']!r}。", "如 points: 2")
            fine = False
        if fine:
            sections.append(SectionSpec(entry["type"], entry["count"], entry["points"]))
    return sections


def _retake(raw: Any, sections: list[SectionSpec], duration: int, pass_mark: float, bad) -> RetakeSpec | None:
    """The optional smaller make-up paper. It keeps the total points (scores of both sittings compare)
    and 情景 points (a rubric is marked against its question's points)."""
    if raw is None:
        return None
    example = "写成 retake: {sections: [{type: 单选, count: 6, points: 4}, …]}"
    if not isinstance(raw, dict) or "sections" not in raw:
        bad("retake", "retake（补考卷）应包含 sections，可选 duration_minutes、pass_mark。", example)
        return None
    for key in raw:
        if key not in RETAKE_KEYS:
            bad("retake", f"retake 中的未知字段 {key}。", f"允许的字段：{'、'.join(RETAKE_KEYS)}。")
    found: list[str] = []

    def note(key: str, message: str, hint: str) -> None:
        found.append(message)
        bad(key, message, hint)

    retake_sections = _sections(raw["sections"], "retake.sections", note)
    minutes = raw.get("duration_minutes", duration)
    if not _positive_int(minutes):
        note("retake", f"retake 的 duration_minutes 应为正整数（分钟），实际为 {minutes!r}。", "如 duration_minutes: 45")
    mark = raw.get("pass_mark", pass_mark)
    total, retake_total = sum(s.count * s.points for s in sections), sum(s.count * s.points for s in retake_sections)
    if found:
        return None
    if retake_total != total:
        note("retake", f"补考卷总分 {retake_total:g} 与正式考试总分 {total:g} 不同。",
             "调整 retake 中的题数或每题分值，使两次考试总分相同（成绩才能比较）。")
    if not _positive_number(mark) or mark > retake_total:
        note("retake", f"retake 的 pass_mark 应为不高于总分的正数，实际为 {mark!r}。", "通常不写，沿用正式考试的及格分。")
    main_points = {s.type: s.points for s in sections}
    for section in retake_sections:
        if section.type == "情景" and main_points.get("情景", section.points) != section.points:
            note("retake", f"补考卷情景题每题 {section.points:g} 分，正式考试为 {main_points['情景']:g} 分。",
                 "情景题按评分要点给分，两处分值应相同。")
    if found:
        return None
    return RetakeSpec(tuple(retake_sections), minutes, mark)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _positive_number(value: Any) -> bool:
    return _number(value) and value > 0


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0

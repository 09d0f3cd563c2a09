"""Problems found in user input, reported all at once with file, line and a fix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place. `line` is 1-based; 0 means the whole file."""

    path: str
    line: int
    message: str
    hint: str = ""
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        if self.hint:
            text += f"\n    修改方法：{self.hint}"
        return text


class ProblemsFound(Exception):
    """Raised by loaders and validators when user input has errors."""

    def __init__(self, problems: list[Problem], heading: str = ""):
        self.problems = sorted(problems)
        text = format_problems(self.problems)
        super().__init__(f"{heading}\n{text}" if heading else text)


def format_problems(problems: list[Problem]) -> str:
    errors = [p for p in problems if not p.warning]
    warnings = [p for p in problems if p.warning]
    lines = [str(p) for p in errors] + [f"（警告）{p}" for p in warnings]
    summary = f"共发现 {len(errors)} 个错误"
    if warnings:
        summary += f"、{len(warnings)} 个警告"
    return "\n".join(lines + [summary + "。"])

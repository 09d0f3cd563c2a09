"""Line-aware YAML reading shared by the question bank, the training plan and the blueprints.

Files are composed into nodes (not plain data) so every problem can name the line it is on.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from servicebook.errors import Problem

# libyaml is ~10x faster at parsing; its line marks are the same as the pure-Python parser's.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SYNTAX_HINT = "检查这一行的冒号、缩进和引号；含冒号或以特殊符号开头的文字请加引号。"


def compose(path: Path, file: str, missing: tuple[str, str]) -> tuple[Any, list[Problem]]:
    """The file's root node, or a problem: `missing` is (message, hint) for a file that is not there."""
    try:
        return yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=FAST_LOADER), []
    except FileNotFoundError:
        return None, [Problem(file, 0, *missing)]
    except UnicodeDecodeError:
        return None, [Problem(file, 0, "文件不是 UTF-8 编码。", "用编辑器另存为 UTF-8 编码。")]
    except yaml.MarkedYAMLError as error:
        return None, [syntax_problem(file, error)]


def syntax_problem(file: str, error: yaml.MarkedYAMLError, first_line: int = 1) -> Problem:
    """A YAML syntax error at its line; `first_line` is the file line of the text's first line."""
    mark = error.problem_mark or error.context_mark
    line = mark.line + first_line if mark else 0
    return Problem(file, line, f"YAML 格式错误：{error.problem or error}。", SYNTAX_HINT)


def mapping(node) -> dict[str, tuple[Any, Any]] | None:
    """A mapping node as {key: (key node, value node)}; None for any other node."""
    if not isinstance(node, yaml.MappingNode):
        return None
    return {str(key.value): (key, value) for key, value in node.value}


def records(sequence, file: str, problems: list[Problem], not_a_mapping: tuple[str, str],
            text_fields: Collection[str] = ()) -> Iterator[tuple[int, dict[str, Any], dict[str, int]]]:
    """Each mapping of a YAML list (questions, review marks) as (its line, its values, each key's line);
    `text_fields` are constructed as written (construct(text=True)). An item that is not a mapping
    adds the problem `not_a_mapping` (message, hint) at its line and is skipped."""
    for item in sequence.value:
        line = item.start_mark.line + 1
        fields = mapping(item)
        if fields is None:
            problems.append(Problem(file, line, *not_a_mapping))
            continue
        yield (line, {key: construct(value, text=key in text_fields) for key, (_, value) in fields.items()},
               {key: key_node.start_mark.line + 1 for key, (key_node, _) in fields.items()})


def construct(node, *, text: bool = False) -> Any:
    """A node's plain value. A scalar that looks like a date but is not one (2026-13-01) stays text.

    With `text`, where the schema expects text (stems, options, answers), scalars that merely look
    like numbers or dates stay exactly as written: 010 (not 8), 1.50 (not 1.5), 2026-12-01.
    A fresh constructor each time: one kept across calls remembers every node it ever built
    (memory grew without bound under `mkdocs serve`)."""
    return _Constructor(text).construct_object(node, deep=True)


class _Constructor(SafeConstructor):
    def __init__(self, text: bool):
        super().__init__()
        self.text = text

    def construct_as_written(self, node) -> Any:
        return node.value if self.text else self._numeric[node.tag](self, node)

    def construct_date_or_text(self, node) -> Any:
        if self.text:
            return node.value
        try:
            return SafeConstructor.construct_yaml_timestamp(self, node)
        except ValueError:
            return node.value

    _numeric = {"tag:yaml.org,2002:int": SafeConstructor.construct_yaml_int,
                "tag:yaml.org,2002:float": SafeConstructor.construct_yaml_float}


for _tag in _Constructor._numeric:
    _Constructor.add_constructor(_tag, _Constructor.construct_as_written)
_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_date_or_text)


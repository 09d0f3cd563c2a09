"""Must-know facts are highlighted even where CommonMark's flanking rules would refuse."""

import markdown
import pytest

from servicebook.kb.markdown_scan import scan

EXTENSIONS = ["servicebook.site.cjk_mark", "pymdownx.mark"]


@pytest.mark.parametrize("source,fact", [
    ("有==40%==的人不会申诉", "40%"),
    ("即“==家会所+==”与“==“家会所+”==”的写法", "“家会所+”"),
    ("满意度奖惩==+2%==至==-5%==。", "+2%"),
    ("外审轻微不合格==≤8项==", "≤8项"),
])
def test_fact_next_to_chinese_and_punctuation_is_marked(source, fact):
    html = markdown.markdown(source, extensions=EXTENSIONS)
    assert f"<mark>{fact}</mark>" in html
    # The quiz generator sees the same facts the reader sees highlighted.
    assert fact in [h.text for h in scan(source).highlights]


def test_code_and_plain_equals_are_left_alone():
    html = markdown.markdown("`a==b==` 与 x == y", extensions=EXTENSIONS)
    assert "<mark>" not in html

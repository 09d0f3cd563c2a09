"""每日一练 decks in a built site (issue 14 point 3): a card trainers retired is in no role's deck."""

from __future__ import annotations

import json

from conftest import mkdocs_build
from sitefixture import make_project

from servicebook.bank import generate
from servicebook.check import Project, check_site
from servicebook.site import daily

PAGE = {
    "title": "回访制度", "id": "follow-up-visits", "roles": "客服, 全员",
    "body": """
        ## 回访时限

        维修关闭后，前台要在==24小时==内进行第一次回访。

        所有投诉在收到信息之日起==2个工作日==内反馈给业主。

        ## 常见问法

        - [维修后多久回访](#回访时限)
    """,
}


def decks(site) -> dict[str, dict]:
    out = {}
    for path in (site / daily.SCRIPT_DIR).glob("*.js"):
        text = path.read_text(encoding="utf-8")
        out[path.stem] = json.loads(text[text.index("(") + 1:text.rindex(")")])
    return out


def test_a_retired_card_is_in_no_deck(tmp_path):
    root = make_project(tmp_path, {"complaints/follow-up-visits.md": PAGE})
    kb, _ = check_site(Project(root))
    cards = [q.id for q in daily.cards(generate.generated_questions(kb))]
    assert len(cards) == 2, cards
    retired, kept = cards
    (root / "quizzes" / "review.yml").write_text(f"- {{id: {retired}, mark: 停用, note: 测试}}\n", encoding="utf-8")
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    ids = {slug: {card["id"] for card in deck["cards"]} for slug, deck in decks(tmp_path / "site").items()}
    assert ids["kefu"] == {kept}
    assert all(retired not in found for found in ids.values())

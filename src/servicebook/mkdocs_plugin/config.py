from mkdocs.config.base import Config
from mkdocs.config.config_options import Type


class ServicebookConfig(Config):
    enabled = Type(bool, default=True)

    # Inputs, relative to the folder of mkdocs.yml
    sources_file = Type(str, default="includes/sources.yml")
    glossary_file = Type(str, default="includes/abbreviations.md")
    vendor_dir = Type(str, default=".vendor")

    # Generated content
    role_pages = Type(bool, default=True)
    page_header = Type(bool, default=True)

    # Training on the site: 自测 blocks, 错题本, 本月学习, 每日一练 (issue 6)
    practice = Type(bool, default=True)
    plan_file = Type(str, default="quizzes/plan.yml")
    onboarding_page = Type(str, default="training/onboarding.md")

    # Site search (issue 11): our ranking in place of Material's worker; false = Material's default
    search = Type(bool, default=True)
    search_synonyms = Type(str, default="includes/search_synonyms.txt")
    # What always applies when the knowledge base has no answer ('page.md#anchor'), quoted as written
    search_fallback = Type(str, default="complaints/first-responsibility.md#首问负责制")

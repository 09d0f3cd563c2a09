"""Site helpers used by the MkDocs plugin: practice data, generated pages, Markdown extensions, assets."""

"""The knowledge base: page front matter, loading docs/, Markdown scanning, links and nav."""

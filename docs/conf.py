"""Sphinx configuration: Sphinx's own theme; MyST reads the Markdown pages."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

project = "oscar_bidding"
author = "oscar_bidding developers"
copyright = f"2026, {author}"
release = re.search(
    r'__version__ = "([^"]+)"', (ROOT / "oscar_bidding" / "__init__.py").read_text()
).group(1)
version = release

extensions = ["myst_parser"]
exclude_patterns = ["_build"]
html_theme = "alabaster"
html_theme_options = {"description": "Project bidding for django-oscar"}

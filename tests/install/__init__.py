"""Install oscar_bidding as the README says, into a shop built like Oscar's sandbox.

A snippet takes part when its first line names the file it goes into:
``# settings.py, at the end`` (pasted at the end), ``# settings.py`` (pasted right
after the shop's ``INSTALLED_APPS``, where a shop edits its apps),
``# urls.py, at the end``, or a new file such as ``# yourproject/celery.py``.
Every such snippet of the README and of docs/installation.rst is pasted into a
copy of the folder ``tests/install/oscar_sandbox`` named ``yourproject``, which then
runs in a fresh Python process, as ``manage.py`` would run it.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
INSTALLATION = REPO / "docs" / "installation.rst"
CUSTOMISATION = REPO / "docs" / "customisation.rst"
SHOP = Path(__file__).parent / "oscar_sandbox"
AFTER_INSTALLED_APPS = "# <install: after INSTALLED_APPS>"
HEADER = re.compile(r"# (?:yourproject/)?(?P<file>[\w/]+\.py)(?P<end>, at the end)?")


def markdown_blocks(text):
    return re.findall(r"^```python\n(.*?)^```", text, re.MULTILINE | re.DOTALL)


def rst_blocks(text):
    blocks = []
    for part in re.split(r"^\.\. code-block:: python\n", text, flags=re.MULTILINE)[1:]:
        lines = []
        for line in part.splitlines():
            if line.strip() and not line.startswith(" "):
                break
            lines.append(line)
        blocks.append(textwrap.dedent("\n".join(lines)).strip("\n") + "\n")
    return blocks


def readme_install_section():
    text = README.read_text()
    start = text.index("## Install into your Oscar shop")
    return text[start : text.index("\n## ", start + 1)]


def install_snippets(blocks):
    """The blocks that name the file they go into."""
    return [block for block in blocks if HEADER.match(block)]


def readme_snippets():
    return install_snippets(markdown_blocks(readme_install_section()))


def docs_snippets():
    return install_snippets(rst_blocks(INSTALLATION.read_text()))


def install_section_snippets():
    """What a shop pastes to install: the README's snippets, then the docs' ones
    the README leaves out."""
    readme = readme_snippets()
    return readme + [s for s in docs_snippets() if s not in readme]


def fork_snippets():
    """The files and settings of docs/customisation.rst's fork of ``bidding``."""
    return install_snippets(rst_blocks(CUSTOMISATION.read_text()))


def paste(project, snippet):
    header = HEADER.match(snippet)
    path = project / header["file"]
    path.parent.mkdir(parents=True, exist_ok=True)
    text = path.read_text() if path.exists() else ""
    if AFTER_INSTALLED_APPS in text and not header["end"]:
        path.write_text(text.replace(AFTER_INSTALLED_APPS, snippet, 1))
    else:
        path.write_text(text + "\n" + snippet)


def build_shop(root, snippets):
    """``root/yourproject``: the shop, with ``snippets`` pasted in order."""
    project = root / "yourproject"
    shutil.copytree(SHOP, project)
    for snippet in snippets:
        paste(project, snippet)
    return project


def run_in_shop(root, code, before=""):
    """Run ``code`` after ``django.setup()`` in a new process of the shop
    (``before`` runs before it)."""
    environ = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environ.update(
        DJANGO_SETTINGS_MODULE="yourproject.settings",
        PYTHONPATH=os.pathsep.join([str(root), str(REPO)]),
    )
    script = (
        textwrap.dedent(before)
        + "import django\ndjango.setup()\n"
        + textwrap.dedent(code)
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        env=environ,
        capture_output=True,
        text=True,
        timeout=600,
    )


def check_ids(root):
    """The ids of the system check messages the shop gets, as ``manage.py check``."""
    result = run_in_shop(
        root,
        """
        import json
        from django.core.checks import run_checks

        print(json.dumps(sorted({message.id for message in run_checks()})))
        """,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])

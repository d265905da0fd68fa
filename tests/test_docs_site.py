"""The built documentation site: API reference rendered (no raw reST roles), nothing fetched from outside.

The site is built once (``mkdocs build --strict``, the ``docs`` extra) and its HTML read.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _roles_module() -> ModuleType:
    pytest.importorskip("griffe")
    spec = importlib.util.spec_from_file_location("griffe_roles", ROOT / "tools" / "griffe_roles.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    for name in ("mkdocs", "material", "mkdocstrings"):
        pytest.importorskip(name)
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300, check=False,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def test_api_reference_has_no_raw_roles_and_links_names(site: Path) -> None:
    html = (site / "reference" / "api" / "index.html").read_text(encoding="utf-8")
    raw = re.findall(r":(?:class|mod|func|meth|data|attr|exc|obj|math):`", html)
    assert not raw, f"{len(raw)} raw reST roles in the API reference"
    assert html.count('class="autorefs autorefs-internal"') > 100  # names link to their entries
    assert "<blockquote" not in html  # doctests are code, not quotations


def test_api_reference_covers_every_public_module(site: Path) -> None:
    html = (site / "reference" / "api" / "index.html").read_text(encoding="utf-8")
    for module in ("coopcarbon.trajectory", "coopcarbon.domains.purchases", "coopcarbon.bilanfile.activity_csv",
                   "coopcarbon.bilanfile.fec", "coopcarbon.bilanfile.workbook", "coopcarbon.reports.xlsx",
                   "coopcarbon.domains.mobility.airports", "coopcarbon.display"):
        assert f'id="{module}"' in html, module


def test_grouped_parameters_keep_their_own_type(site: Path) -> None:
    html = (site / "reference" / "api" / "index.html").read_text(encoding="utf-8")
    start = html.index('id="coopcarbon.activities.ActivityLine"')
    text = " ".join(re.sub(r"<[^>]+>", " ", html[start:start + 40000]).split())
    assert "beges_post str | None" in text and "beges_post int | None" not in text


def test_nothing_is_requested_from_outside(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, page


def test_roles_become_links_or_code() -> None:
    roles = _roles_module()
    assert roles.fence_doctests("Text.\n\n>>> 1 + 1\n2\n\nMore.") == "Text.\n\n```pycon\n>>> 1 + 1\n2\n```\n\nMore."
    assert roles.fence_doctests("```pycon\n>>> 1\n```") == "```pycon\n>>> 1\n```"  # already fenced
    split = roles.split_names("Parameters\n----------\nscope, beges_post\n    Where it is reported.\nlabel\n    Text.")
    assert split == ("Parameters\n----------\nscope\n    Where it is reported.\nbeges_post\n    Where it is reported."
                     "\nlabel\n    Text.")
    assert roles.ROLE.sub("x", "see :class:`~a.B` and :math:`x^2`") == "see x and x"

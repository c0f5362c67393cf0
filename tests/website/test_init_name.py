"""``archdocs init --name``: the name is data. It reaches the starter model through Python
quoting and mkdocs.yml through a YAML emitter, so whatever it holds, the model loads with that
exact name and mkdocs.yml has that exact site_name and nothing else."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from archdocs.cli import main
from archdocs.load import load_models
from archdocs.quoting import one_line


def names(marker: Path) -> list[str]:
    run = f"open({str(marker)!r}, 'w')"
    return [
        "C:\\Users\\xavier\\N",
        "ends with a backslash\\",
        f'Quotes """\n{run}\n"""',
        f"Line\nhooks:\n  - evil.py\nsite_url: http://evil.example\n# {run}",
        "yes",
        "- list item",
        "{{ 7*7 }} {% raw %}",
        "Ünïcode 😀 \u202eRTL\u2028sep\x85nel\tTab\r",
        "'single' \"double\" #hash: colon",
    ]


@pytest.mark.parametrize("index", range(9))
def test_any_name_loads_as_itself_and_injects_nothing(index, tmp_path, capsys):
    marker = tmp_path / "PWNED"
    name = names(marker)[index]
    repo = tmp_path / "repo"
    assert main(["init", str(repo), "--name", name]) == 0
    capsys.readouterr()

    model_file = repo / "models" / "architecture.py"
    tree = ast.parse(model_file.read_text(encoding="utf-8"))
    assert not any(isinstance(node, ast.Call) and getattr(node.func, "id", "") == "open"
                   for node in ast.walk(tree))
    model = load_models(repo / "models")
    assert not marker.exists()
    assert [s.name for s in model.systems] == [name]
    docstring = ast.get_docstring(tree)
    assert docstring is not None and docstring.count("\n") == 3
    assert docstring.splitlines()[0] == f"The architecture of {one_line(name)}: a starter " \
        "model. Replace it with your own system."

    config = yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == name
    assert sorted(config) == ["markdown_extensions", "plugins", "site_name", "theme"]

    code = main(["check", str(repo / "models")])
    assert code in (0, 1)
    assert "Traceback" not in capsys.readouterr().err

"""``archdocs init``: a docs-as-code repository with a starter model, never overwriting a file."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import jinja2

from archdocs import __version__
from archdocs.fsutil import write_atomic
from archdocs.pages import markdown
from archdocs.quoting import one_line, python_docstring_text, yaml_scalar

# The name archdocs is published under on PyPI ("archdocs" there is an unrelated project); the
# import package, the command and the MkDocs plugin are all called archdocs.
DISTRIBUTION = "archdocs-data"

# Destination → template in archdocs/website/scaffold/.
SCAFFOLD: dict[str, str] = {
    "models/architecture.py": "starter_model.py.j2",
    "docs/index.md": "index.md.j2",
    "mkdocs.yml": "mkdocs.yml.j2",
    ".github/workflows/docs.yml": "docs.yml.j2",
    "requirements.txt": "requirements.txt.j2",
    ".gitignore": "gitignore.j2",
}


@dataclass
class InitReport:
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def render_scaffold(name: str) -> dict[str, str]:
    """The scaffold's files, by path relative to the repository, for a system called ``name``."""
    environment = jinja2.Environment(
        loader=jinja2.FunctionLoader(_template_source),
        autoescape=False,  # YAML, Markdown and Python: each use of the name names its quoting
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    # The name is outside text: one filter per target it lands in.
    environment.filters.update({
        "py": repr,                            # a Python string literal
        "py_docstring": python_docstring_text,  # inside a Python docstring
        "yaml": yaml_scalar,                   # a YAML value, through PyYAML's emitter
        "one_line": one_line,                  # a YAML comment
        "md": markdown.escape,                 # Markdown text
    })
    values = {"name": name, "distribution": DISTRIBUTION, "version": __version__}
    return {path: environment.get_template(template).render(**values)
            for path, template in SCAFFOLD.items()}


def _template_source(template: str) -> str:
    return resources.files("archdocs.website").joinpath("scaffold", template).read_text("utf-8")


def init_repository(directory: Path, name: str | None = None) -> InitReport:
    """Create the scaffold in ``directory``; files that exist are left alone and listed."""
    directory = Path(directory)
    name = name or directory.resolve().name.replace("-", " ").replace("_", " ").title() \
        or "My system"
    report = InitReport()
    for path, content in render_scaffold(name).items():
        target = directory / path
        if target.exists():
            report.skipped.append(path)
            continue
        write_atomic(target, content)
        report.created.append(path)
    return report

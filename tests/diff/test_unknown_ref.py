"""An unknown git ref gets one message, naming the ref, from every command that compares refs."""

from __future__ import annotations

import subprocess
import sys

from support.git_repo import GitRepo


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "import sys; from archdocs.cli import main; sys.exit(main())", *args],
                          capture_output=True,
                          text=True)


def test_diff_and_plan_name_the_unknown_ref_the_same_way(repo: GitRepo) -> None:
    repo.write("models/shop.py", "from archdocs import System\nsystem = System('Shop')\n")
    repo.commit("model")
    for command in (("diff", "--base", "no-such-branch", "models"),
                    ("plan", "--base", "no-such-branch", "models")):
        result = _run(*command)
        assert result.returncode == 2, result.stderr
        assert "'no-such-branch' is not a commit in this repository" in result.stderr, (
            command, result.stderr)
        assert "Traceback" not in result.stderr

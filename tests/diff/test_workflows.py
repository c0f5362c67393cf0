"""The GitHub workflows run the review and the architecture diff on pull requests."""

from __future__ import annotations

import yaml

from archdocs.website.scaffolding import render_scaffold


def _steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def _diff_step(steps: list[dict]) -> dict:
    [step] = [s for s in steps if "archdocs diff" in s.get("run", "")]
    return step


def test_scaffolded_workflow_diffs_pull_requests_into_the_job_summary():
    workflow = yaml.safe_load(render_scaffold("Shop")[".github/workflows/docs.yml"])
    steps = _steps(workflow, "build")
    checkout = steps[0]
    assert checkout["uses"].startswith("actions/checkout") and checkout["with"]["fetch-depth"] == 0
    diff = _diff_step(steps)
    assert diff["if"] == "github.event_name == 'pull_request'"
    assert '--base "origin/${{ github.base_ref }}"' in diff["run"]
    assert diff["run"].endswith('>> "$GITHUB_STEP_SUMMARY"')
    assert any("archdocs check" in s.get("run", "") for s in steps)


def test_project_workflow_tests_reviews_diffs_and_publishes(repo_root):
    workflow = yaml.safe_load((repo_root / ".github/workflows/ci.yml").read_text())
    assert any(s.get("run") == ".ci/run" for s in _steps(workflow, "test"))  # ./dev test, no skips
    architecture = workflow["jobs"]["architecture"]
    assert architecture["if"] == "github.event_name == 'pull_request'"
    assert architecture["steps"][0]["with"]["fetch-depth"] == 0
    assert '>> "$GITHUB_STEP_SUMMARY"' in _diff_step(architecture["steps"])["run"]
    assert any(s.get("run") == "archdocs check models --format github"
               for s in architecture["steps"])
    assert any(s.get("run") == "mkdocs build --strict" for s in _steps(workflow, "pages-build"))
    assert "default_branch" in workflow["jobs"]["pages-build"]["if"]
    assert workflow["jobs"]["pages-deploy"]["permissions"]["pages"] == "write"

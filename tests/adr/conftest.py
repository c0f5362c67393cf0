"""Fixtures for the ADR tests: a real temporary git repository (see tests/support/git_repo.py)."""

from support.git_repo import GitRepo, repo

__all__ = ["GitRepo", "repo"]

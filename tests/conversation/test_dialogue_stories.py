"""Test stories (tests/stories/): the trained dialogue must take exactly the steps written there."""

from __future__ import annotations

import subprocess

import pytest

from bot.model import DOMAIN, RASA, ensure_trained, rasa_env
from bot.settings import ROOT

pytestmark = pytest.mark.model


def test_every_test_story_is_followed_exactly(tmp_path) -> None:
    model = ensure_trained(log=lambda _line: None)
    result = subprocess.run(
        [
            str(RASA),
            "test",
            "core",
            "--model",
            str(model),
            "--stories",
            "tests/stories",
            "--out",
            str(tmp_path),
            "--fail-on-prediction-errors",
        ],
        cwd=ROOT,
        env=rasa_env(),
        capture_output=True,
        text=True,
    )
    failed = (
        (tmp_path / "failed_test_stories.yml").read_text() if (tmp_path / "failed_test_stories.yml").exists() else ""
    )
    assert result.returncode == 0, failed or result.stdout[-3000:] + result.stderr[-3000:]


def test_rasa_data_validate_reports_no_warnings() -> None:
    result = subprocess.run(
        [str(RASA), "data", "validate", "--domain", DOMAIN, "--fail-on-warnings"],
        cwd=ROOT,
        env=rasa_env(),
        capture_output=True,
        text=True,
    )
    data_warnings = [line for line in result.stderr.splitlines() if "UserWarning" in line and "rasa/" in line]
    assert result.returncode == 0 and not data_warnings, "\n".join(data_warnings) or result.stderr[-3000:]

"""The trained Rasa model: named by a fingerprint of everything it is trained from."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

from bot.settings import ROOT

RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
# The domain is a directory of files by topic, which Rasa merges; Rasa looks for domain.yml unless told.
DOMAIN = "domain"
# Everything that changes what `rasa train` produces.
TRAINING_INPUTS = ["config.yml", DOMAIN, "data", "rasa_ext", "vocabulary", "requirements/rasa.txt"]
# Code Rasa runs only when serving: changing it changes no model, so it must not cause a retrain.
SERVING_ONLY = {
    "rasa_ext/serve.py",
    "rasa_ext/action_validation.py",
    "rasa_ext/log_redaction.py",
    "rasa_ext/channels.py",
}
KEEP_MODELS = 3


class TrainingFailed(RuntimeError):
    """`rasa train` failed; the message (one line) says where its output is."""


def fingerprint(root: Path = ROOT) -> str:
    """A short hash of the training inputs' paths and contents."""
    digest = hashlib.sha256()
    for entry in TRAINING_INPUTS:
        path = root / entry
        files = (
            sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
            if path.is_dir()
            else [path]
        )
        for file in (f for f in files if str(f.relative_to(root)) not in SERVING_ONLY):
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def model_path(root: Path = ROOT) -> Path:
    return root / "models" / f"{fingerprint(root)}.tar.gz"


def rasa_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for Rasa commands: no telemetry (there is no network) and quiet library warnings."""
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        TF_CPP_MIN_LOG_LEVEL="2",
        PYTHONWARNINGS="ignore",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra or {})
    return env


def ensure_trained(root: Path = ROOT, log=print, log_file: Path | None = None) -> Path:
    """Train unless a model for exactly these inputs exists; returns its path.

    Rasa's own output (progress bars, TensorFlow) goes to `log_file` when given, else to ours.
    """
    target = model_path(root)
    if target.exists():
        log(f"==> Model up to date: {target.relative_to(root)}")
        return target
    where = f"; its output: {log_file}" if log_file else ""
    log(f"==> Training the Rasa model (the data changed or there is no model yet; a few minutes{where})")
    started = time.monotonic()
    argv = [
        str(RASA),
        "train",
        "--domain",
        DOMAIN,
        "--out",
        str(target.parent),
        "--fixed-model-name",
        target.name.removesuffix(".tar.gz"),
    ]
    env = rasa_env()
    if log_file is None:
        code = subprocess.run(argv, cwd=root, env=env).returncode
    else:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        with open(log_file, "ab") as output:
            code = subprocess.run(argv, cwd=root, env=env, stdout=output, stderr=subprocess.STDOUT).returncode
    if code != 0:
        raise TrainingFailed(f"training failed (exit {code}); see {log_file or 'the output above'}")
    log(f"==> Trained in {time.monotonic() - started:.0f} s: {target.relative_to(root)}")
    old = sorted((p for p in target.parent.glob("*.tar.gz") if p != target), key=lambda p: p.stat().st_mtime)
    for stale in old[: max(0, len(old) - (KEEP_MODELS - 1))]:
        stale.unlink()
    return target


if __name__ == "__main__":
    try:
        ensure_trained()
    except TrainingFailed as error:
        sys.exit(f"error: {error}")

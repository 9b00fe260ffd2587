"""A fingerprint of this project's own NLU code, for Rasa's training cache.

Rasa keys a trained component by its config and its inputs, not by its code: after a change to the
danger check or the featurizer, `rasa train` would otherwise load the part trained by the old code.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@cache
def source_fingerprint(*paths: str, root: Path = ROOT) -> str:
    """SHA-256 of the named files and of every .py file under the named folders, relative to `root`."""
    digest = hashlib.sha256()
    for name in paths:
        path = root / name
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            digest.update(file.relative_to(root).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()

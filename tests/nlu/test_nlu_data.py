"""The NLU training data and the held-out test set keep their contract with docs/intents.md."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
TRAINING_DIR = ROOT / "data" / "nlu"
HELDOUT_FILE = ROOT / "tests" / "nlu" / "heldout.yml"
# Every held-out file (English, Welsh, ...) must stay out of training.
HELDOUT_FILES = sorted((ROOT / "tests" / "nlu").glob("*.yml"))
INTENTS_DOC = ROOT / "docs" / "intents.md"
CLINC_FILE = ROOT / "tests" / "data" / "clinc150" / "train_val.json"  # CC BY 3.0, see its README.md

MIN_TRAINING = 25
MIN_HELDOUT = 10
# Words in a row that a training line may not share with any test line (see docs/nlu-pipeline.md, round 31).
SHARED_RUN = 10


def normalise(text: str) -> str:
    """Case- and whitespace-insensitive form used for every comparison here."""
    return " ".join(text.lower().split())


def contract_intents() -> list[str]:
    """Intent names from the table in docs/intents.md."""
    return re.findall(r"^\| `([a-z_]+)` \|", INTENTS_DOC.read_text(encoding="utf-8"), re.MULTILINE)


def read_examples(path: Path) -> list[tuple[str, str]]:
    """(intent, text) pairs from one Rasa NLU YAML file, or (kind, text) from a safety set."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if "danger" in data:  # tests/nlu/safety*.yml: danger messages by kind, then calm ones
        pairs = [(kind, text) for kind, texts in data["danger"].items() for text in texts]
        return pairs + [("not_danger", text) for text in data.get("not_danger", [])]
    pairs = []
    for block in data.get("nlu", []):
        if "intent" not in block:
            continue
        for line in block["examples"].splitlines():
            line = line.strip()
            if line.startswith("- "):
                text = line[2:].strip()
                if len(text) >= 2 and text[0] == text[-1] == '"':
                    text = text[1:-1]
                pairs.append((block["intent"], text))
    return pairs


@pytest.fixture(scope="module")
def training() -> list[tuple[str, str]]:
    pairs = []
    for path in sorted(TRAINING_DIR.rglob("*.yml")):  # includes data/nlu/cy/
        pairs += read_examples(path)
    return pairs


@pytest.fixture(scope="module")
def heldout() -> list[tuple[str, str]]:
    return read_examples(HELDOUT_FILE)


def test_intents_doc_lists_the_intents():
    assert len(contract_intents()) >= 30


def test_every_intent_has_enough_training_examples(training):
    counts = Counter(intent for intent, _ in training)
    short = {i: counts[i] for i in contract_intents() if counts[i] < MIN_TRAINING}
    assert not short, f"fewer than {MIN_TRAINING} training examples: {short}"


def test_every_intent_has_enough_heldout_examples(heldout):
    counts = Counter(intent for intent, _ in heldout)
    short = {i: counts[i] for i in contract_intents() if counts[i] < MIN_HELDOUT}
    assert not short, f"fewer than {MIN_HELDOUT} held-out examples: {short}"


def test_training_and_heldout_use_only_contract_intents(training, heldout):
    allowed = set(contract_intents())
    unknown = {intent for intent, _ in training + heldout} - allowed
    assert not unknown, f"intents not in docs/intents.md: {sorted(unknown)}"


def test_no_training_example_is_duplicated(training):
    seen: dict[str, set[str]] = defaultdict(set)
    counts = Counter(normalise(text) for _, text in training)
    for intent, text in training:
        seen[normalise(text)].add(intent)
    duplicated = {text: sorted(seen[text]) for text, n in counts.items() if n > 1}
    assert not duplicated, f"duplicated training examples: {duplicated}"


def test_no_heldout_example_is_duplicated(heldout):
    counts = Counter(normalise(text) for _, text in heldout)
    assert not [text for text, n in counts.items() if n > 1]


@pytest.mark.parametrize("path", HELDOUT_FILES, ids=lambda p: p.name)
def test_heldout_never_overlaps_training(training, path):
    trained = {normalise(text) for _, text in training}
    overlap = sorted({normalise(text) for _, text in read_examples(path)} & trained)
    assert not overlap, f"{path.name} examples also in training: {overlap}"


def word_runs(text: str, length: int = SHARED_RUN) -> set[tuple[str, ...]]:
    """Every run of `length` consecutive words, case and punctuation ignored."""
    words = re.findall(r"[\w']+", text.lower())
    return {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}


@pytest.fixture(scope="module")
def training_runs(training) -> list[tuple[str, str, set[tuple[str, ...]]]]:
    """Each training line with its runs of words, built once for every test set."""
    return [(intent, text, word_runs(text)) for intent, text in training]


@pytest.mark.parametrize("path", HELDOUT_FILES, ids=lambda p: p.name)
def test_no_training_line_is_a_near_copy_of_a_test_line(training_runs, path):
    """A training line sharing ten words in a row with a test line is that line edited a little: the
    test would then measure memory, not understanding. The failure names the training line to drop, never
    the test line (blind sets stay unread)."""
    tested = set().union(*(word_runs(text) for _, text in read_examples(path)))
    near_copies = sorted(f"{intent}: {text}" for intent, text, runs in training_runs if runs & tested)
    assert not near_copies, f"training lines sharing {SHARED_RUN} words in a row with {path.name}: {near_copies}"


def test_no_clinc_validation_text_in_training(training):
    """CLINC `val`/`oos_val` measure out-of-scope rejection, so none of it may be trained on.

    Greetings, thanks and yes/no from CLINC's small_talk and meta domains are not part of that
    measurement, and "hi" or "cancel" cannot be kept out of greet or stop; so for intents other
    than out_of_scope only the measured part of `val` is checked.
    """
    splits = json.loads(CLINC_FILE.read_text(encoding="utf-8"))
    domains = json.loads((CLINC_FILE.parent / "domains.json").read_text(encoding="utf-8"))
    unmeasured = set(domains["small_talk"] + domains["meta"])
    every = {normalise(text) for text, _ in splits["val"] + splits["oos_val"]}
    measured = {normalise(text) for text, intent in splits["val"] + splits["oos_val"] if intent not in unmeasured}
    leaked = sorted(
        text for intent, text in training if normalise(text) in (every if intent == "out_of_scope" else measured)
    )
    assert not leaked, f"CLINC val/oos_val text in training: {leaked}"


def test_the_clinc_sample_is_what_its_generator_writes():
    """Hand-written out-of-scope lines go above the generated CLINC block; below it, rerunning
    bench/make_oos_training.py would silently delete them."""
    generator = ROOT / "bench" / "make_oos_training.py"
    result = subprocess.run([sys.executable, str(generator), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_intent_has_welsh_training_and_heldout_examples():
    """Welsh (data/nlu/cy/, one topic per file like data/nlu/): 15 to train on and 10 held out per intent."""
    welsh_dir = TRAINING_DIR / "cy"
    assert {p.name for p in welsh_dir.glob("*.yml")} <= {p.name for p in TRAINING_DIR.glob("*.yml")}
    trained = Counter(intent for path in welsh_dir.glob("*.yml") for intent, _ in read_examples(path))
    held_out = Counter(intent for intent, _ in read_examples(ROOT / "tests" / "nlu" / "heldout_cy.yml"))
    short = {i: (trained[i], held_out[i]) for i in contract_intents() if trained[i] < 15 or held_out[i] < MIN_HELDOUT}
    assert not short, f"(Welsh training, Welsh held-out) below (15, {MIN_HELDOUT}): {short}"

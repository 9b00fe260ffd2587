"""NLU benchmark: held-out intent F1, CLINC150 out-of-scope rejection and parse latency.

Run with the Rasa venv (Rasa's own Python API loads the model):

    .venv-rasa/bin/python bench/nlu.py                      # newest model in models/
    .venv-rasa/bin/python bench/nlu.py --model models/x.tar.gz
    .venv-rasa/bin/python bench/nlu.py --config bench/configs/diet.yml   # train NLU-only first

What it prints:
  * held-out macro-F1 on tests/nlu/heldout.yml + heldout_extra.yml, with per-intent precision/recall/F1,
    the ten most frequent confusions, the share that got a clarifying question (one offering the right
    intent counts as that intent) and serious_incident precision. `nlu_fallback` counts as
    `out_of_scope` (both mean "not for us");
  * danger and crisis recall by kind on the visible safety sets (`VISIBLE_SAFETY` below says what each holds)
    and every blind safety set (tests/nlu/safety_blind*.yml), the share of
    first replies of the right kind, and false alarms on calm messages, ordinary held-out messages and CLINC;
    the share of danger messages whose first reply carries 999 (urgent, or the safety line for danger
    marked `possible`), and how often calm and ordinary messages see that line;
  * the share of in-scope held-out messages that were rejected (fallback or out_of_scope);
  * CLINC150 out-of-scope rejection on `val` (minus the small_talk and meta domains) and `oos_val`:
    "rejected" means the prediction is `out_of_scope` or `nlu_fallback`;
  * danger caught and calm messages sent urgent on the visible safety sets typed in capitals and with no
    punctuation (not timed);
  * milliseconds per parse (p50/p95) on one encoder thread, as served; model load time and, with --config,
    training time;
  * Welsh macro-F1 if tests/nlu/heldout_cy.yml exists;
  * blind-set macro-F1 and accuracy only (tests/nlu/blind*.yml, each written by someone who never saw the
    training data; its header says who and when): their misses
    are never printed, so they stay scores nobody has tuned on.
With --sweep it also replays the fallback decision and the danger check's meaning thresholds offline
(the classifier's ranking and the similarities are kept in each parse result: no retraining).

Measures and reports only: it asserts nothing about time and always exits 0 when it ran.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
# Rasa logs every parse at debug level through structlog unless told otherwise.
os.environ.setdefault("LOG_LEVEL", "WARNING")

ROOT = Path(__file__).resolve().parent.parent
# Models trained with config.yml contain the project's own components (rasa_ext.*).
sys.path.insert(0, str(ROOT))
from bot.supervisor import RASA_OPENMP_THREADS  # noqa: E402
from vocabulary.safety.danger import LEVEL_OF_KIND, SELF_HARM, THREAT  # noqa: E402

# Parse times as a served Rasa worker sees them (the supervisor's thread count).
os.environ.setdefault("OMP_NUM_THREADS", RASA_OPENMP_THREADS)
NLU_TESTS = ROOT / "tests" / "nlu"
HELDOUT = NLU_TESTS / "heldout.yml"
HELDOUT_EXTRA = NLU_TESTS / "heldout_extra.yml"  # written by a helper who never saw the training data
HELDOUT_CY = NLU_TESTS / "heldout_cy.yml"
# Visible safety sets, which the team tunes on. Then every blind set (tests/nlu/safety_blind*.yml, each written by
# someone who never saw the project; its header says who and when), in the order they were written.
VISIBLE_SAFETY = (
    "safety.yml",
    "safety_long.yml",  # long messages
    "safety_probe.yml",  # indirect crisis and calm look-alikes (round 25)
    "safety_probe_2.yml",  # upset people who are safe, and crisis (round 27)
    "safety_probe_3.yml",  # typed the way people type on a phone (round 33)
    "safety_probe_4.yml",  # idioms before real danger, long past stories told by people safe now (round 35)
    "safety_probe_5.yml",  # danger asked as a question, played down, or added to a form answer (round 36)
    "safety_probe_6.yml",  # young people and people with accessibility needs, in their own voices (round 37)
    "safety_probe_7.yml",  # during or straight after contact with the police, and the same told later (round 38)
    "safety_probe_8.yml",  # written in languages other than English and Welsh (round 40)
    "safety_probe_9.yml",  # typed in the middle of a conversation: form answers, corrections, wrong alarms (round 41)
)
# Safety sets written in languages other than English and Welsh: every other set, and all training data outside
# data/nlu/other_languages/, is English or Welsh, for `other_languages()`.
OTHER_LANGUAGE_SETS = ("safety_probe_8.yml", "safety_blind_18.yml")
DANGER_INTENTS = {"report_danger", "report_self_harm"}
CRISIS_KINDS = {kind for kind, level in LEVEL_OF_KIND.items() if level == SELF_HARM}  # replies with crisis lines
NLU_DATA = ROOT / "data" / "nlu"
OTHER_LANGUAGE_DATA = NLU_DATA / "other_languages"
CLINC_DIR = ROOT / "tests" / "data" / "clinc150"  # CC BY 3.0: see its README.md
UNMEASURED_DOMAINS = ("small_talk", "meta")
REJECTED = {"out_of_scope", "nlu_fallback"}
SWEEP_THRESHOLDS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
# How people type on a bad day, applied to the visible safety sets (the blind ones stay as their writers wrote):
# in capitals, and with no sentence punctuation or line breaks (text-speak, voice-to-text).
RETYPINGS = {
    "capitals": str.upper,
    "no_punctuation": lambda text: " ".join(re.sub(r"[.!?;:,]", " ", text).split()),
}


def read_nlu_examples(path: Path) -> list[tuple[str, str]]:
    """(text, intent) pairs from a Rasa NLU YAML file, read with Rasa's own reader."""
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    data = RasaYAMLReader().read(str(path))
    return [(m.get("text"), m.get("intent")) for m in data.intent_examples]


def clinc_rejection_set() -> dict[str, list[str]]:
    """CLINC150 texts used to measure rejection: `val` (measured domains) and `oos_val`."""
    splits = json.loads((CLINC_DIR / "train_val.json").read_text(encoding="utf-8"))
    domains = json.loads((CLINC_DIR / "domains.json").read_text(encoding="utf-8"))
    unmeasured = {intent for d in UNMEASURED_DOMAINS for intent in domains[d]}
    return {
        "val": [text for text, intent in splits["val"] if intent not in unmeasured],
        "oos_val": [text for text, _ in splits["oos_val"]],
    }


def train(config: Path, out_dir: str) -> tuple[str, float]:
    """Trains an NLU-only model from data/nlu into out_dir; returns (model path, seconds).

    In a process of its own, on every core as `python -m bot.model` trains: this one parses on one
    encoder thread, and OpenMP reads its thread count once per process.
    """
    from bot.model import RASA, rasa_env

    env = {name: value for name, value in rasa_env().items() if name != "OMP_NUM_THREADS"}
    argv = [str(RASA), "train", "nlu", "--config", str(config), "--nlu", str(NLU_DATA), "--out", out_dir]
    started = time.perf_counter()
    subprocess.run([*argv, "--fixed-model-name", "bench-nlu"], cwd=ROOT, env=env, check=True)
    return str(Path(out_dir) / "bench-nlu.tar.gz"), time.perf_counter() - started


def newest_model() -> Path:
    """The most recently written model archive in models/."""
    models = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        sys.exit("no model in models/: train one, or pass --model or --config")
    return models[-1]


class Parser:
    """Wraps a loaded Rasa agent; records each parse's latency."""

    def __init__(self, model_path: str) -> None:
        from rasa.core.agent import Agent

        started = time.perf_counter()
        self.agent = Agent.load(model_path)
        self.load_seconds = time.perf_counter() - started
        self.latencies_ms: list[float] = []
        self.loop = asyncio.new_event_loop()

    def parse(self, text: str) -> dict:
        """Parses one message; returns Rasa's parse result."""
        started = time.perf_counter()
        result = self.loop.run_until_complete(self.agent.parse_message(text))
        self.latencies_ms.append((time.perf_counter() - started) * 1000)
        return result


def classifier_ranking(result: dict) -> list[tuple[str, float]]:
    """The classifier's own ranking, without the fallback entry the FallbackClassifier adds."""
    ranking = [(r["name"], r["confidence"]) for r in result.get("intent_ranking") or [] if r["name"] != "nlu_fallback"]
    if not ranking and result.get("intent", {}).get("name"):
        ranking = [(result["intent"]["name"], result["intent"].get("confidence", 1.0))]
    return ranking


def replay_fallback(ranking: list[tuple[str, float]], threshold: float, ambiguity: float) -> str:
    """What FallbackClassifier would predict at this threshold and ambiguity threshold."""
    if not ranking:
        return "nlu_fallback"
    top, confidence = ranking[0]
    second = ranking[1][1] if len(ranking) > 1 else 0.0
    if confidence < threshold or confidence - second < ambiguity:
        return "nlu_fallback"
    return top


def effective(result: dict, gold: str) -> str:
    """What the person ends up with: a clarifying question offering the right intent counts as that
    intent (one tap away); one that does not offer it counts as its first option. The share of
    messages that got a question is printed beside every score that uses this."""
    clarify = result.get("clarify") or {}
    options = clarify.get("options") or []
    if options:
        return gold if gold in options else options[0]
    return result["intent"]["name"]


def asked(results: list[dict]) -> float:
    return sum(1 for r in results if (r.get("clarify") or {}).get("options")) / max(1, len(results))


def as_route(intent: str) -> str:
    """Folds nlu_fallback into out_of_scope for scoring: both mean "not for us"."""
    return "out_of_scope" if intent == "nlu_fallback" else intent


def scores(gold: list[str], pred: list[str]) -> tuple[float, dict[str, tuple[float, float, float, int]]]:
    """Macro-F1 over the gold intents, plus per-intent (precision, recall, F1, support)."""
    gold = [as_route(g) for g in gold]
    pred = [as_route(p) for p in pred]
    per_intent = {}
    for intent in sorted(set(gold)):
        tp = sum(1 for g, p in zip(gold, pred) if g == p == intent)
        predicted = sum(1 for p in pred if p == intent)
        support = sum(1 for g in gold if g == intent)
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_intent[intent] = (precision, recall, f1, support)
    macro = statistics.mean(f for _, _, f, _ in per_intent.values()) if per_intent else 0.0
    return macro, per_intent


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (no numpy needed)."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def evaluate(parser: Parser, sweep: bool, show_misses: bool = False) -> dict:
    """Runs every measurement and prints the report; returns the numbers as a dict."""
    summary: dict = {"load_seconds": round(parser.load_seconds, 2)}

    heldout = read_nlu_examples(HELDOUT) + (read_nlu_examples(HELDOUT_EXTRA) if HELDOUT_EXTRA.exists() else [])
    results = [parser.parse(text) for text, _ in heldout]
    gold = [intent for _, intent in heldout]
    pred = [effective(r, g) for r, g in zip(results, gold)]
    macro, per_intent = scores(gold, pred)
    in_scope = [(g, p) for g, p in zip(gold, pred) if g != "out_of_scope"]
    wrongly_rejected = [g for g, p in in_scope if p in REJECTED]
    summary.update(
        heldout_examples=len(heldout),
        heldout_macro_f1=round(macro, 4),
        heldout_accuracy=round(sum(as_route(g) == as_route(p) for g, p in zip(gold, pred)) / len(gold), 4),
        in_scope_rejected=round(len(wrongly_rejected) / len(in_scope), 4),
    )

    summary["heldout_asked"] = round(asked(results), 4)
    serious = per_intent.get("report_serious_incident", (0.0, 0.0, 0.0, 0))
    summary["serious_precision"] = round(serious[0], 4)
    print(f"\nHeld-out sets: heldout.yml + heldout_extra.yml ({len(heldout)} examples)")
    print(
        f"  macro-F1 {macro:.3f}   accuracy {summary['heldout_accuracy']:.3f}   "
        f"in-scope messages rejected {len(wrongly_rejected)}/{len(in_scope)}   "
        f"asked a clarifying question {summary['heldout_asked']:.1%}   serious_incident precision {serious[0]:.3f}"
    )
    print(f"\n  {'intent':32} {'prec':>6} {'recall':>6} {'F1':>6} {'n':>4}")
    for intent, (p, r, f, n) in sorted(per_intent.items(), key=lambda kv: kv[1][2]):
        print(f"  {intent:32} {p:6.2f} {r:6.2f} {f:6.2f} {n:4d}")

    confusions = Counter((g, as_route(p)) for g, p in zip(gold, pred) if as_route(g) != as_route(p))
    print("\n  Worst confusions (expected -> predicted: count)")
    for (g, p), n in confusions.most_common(10):
        print(f"    {g} -> {p}: {n}")
    summary["confusions"] = [[g, p, n] for (g, p), n in confusions.most_common(10)]

    misses = [
        (t, g, effective(r, g), r["intent"].get("confidence") or 0.0)
        for (t, g), r in zip(heldout, results)
        if as_route(g) != as_route(effective(r, g))
    ]
    summary["misses"] = misses

    clinc = clinc_rejection_set()
    clinc_results = {split: [parser.parse(t) for t in texts] for split, texts in clinc.items()}
    print("\nCLINC150 out-of-scope rejection (predicted out_of_scope or nlu_fallback)")
    all_rejected = all_total = 0
    for split, rs in clinc_results.items():
        rejected = sum(1 for r in rs if r["intent"]["name"] in REJECTED)
        all_rejected += rejected
        all_total += len(rs)
        summary[f"clinc_{split}_rejection"] = round(rejected / len(rs), 4)
        print(f"  {split:8} {rejected}/{len(rs)} = {rejected / len(rs):.1%}")
        leaks = Counter(r["intent"]["name"] for r in rs if r["intent"]["name"] not in REJECTED)
        print(f"           accepted as: {', '.join(f'{i} {n}' for i, n in leaks.most_common(6))}")
    summary["clinc_rejection"] = round(all_rejected / all_total, 4)
    print(f"  overall  {all_rejected}/{all_total} = {all_rejected / all_total:.1%}")

    if HELDOUT_CY.exists():
        welsh = read_nlu_examples(HELDOUT_CY)
        cy_pred = [parser.parse(t)["intent"]["name"] for t, _ in welsh]
        cy_macro, _ = scores([i for _, i in welsh], cy_pred)
        summary["welsh_macro_f1"] = round(cy_macro, 4)
        print(f"\nWelsh held-out set: {HELDOUT_CY.relative_to(ROOT)} ({len(welsh)}): macro-F1 {cy_macro:.3f}")

    for path in blind_intent_sets():
        name = path.stem
        blind = read_nlu_examples(path)
        blind_gold = [i for _, i in blind]
        blind_results = [parser.parse(t) for t, _ in blind]
        blind_pred = [effective(r, g) for r, g in zip(blind_results, blind_gold)]
        blind_macro, _ = scores(blind_gold, blind_pred)
        blind_acc = sum(as_route(g) == as_route(p) for g, p in zip(blind_gold, blind_pred)) / len(blind)
        summary.update({f"{name}_macro_f1": round(blind_macro, 4), f"{name}_accuracy": round(blind_acc, 4)})
        print(
            f"\nBlind set: {path.relative_to(ROOT)} ({len(blind)}): macro-F1 {blind_macro:.3f}, "
            f"accuracy {blind_acc:.3f}, asked {asked(blind_results):.1%} (misses deliberately not shown)"
        )

    safety_summary, safety_groups = safety(parser, heldout, results, clinc_results, show_misses)
    summary.update(safety_summary)

    lat = parser.latencies_ms
    summary.update(parse_ms_p50=round(percentile(lat, 50), 2), parse_ms_p95=round(percentile(lat, 95), 2))
    print(
        f"\nParse time over {len(lat)} messages: p50 {summary['parse_ms_p50']:.1f} ms, "
        f"p95 {summary['parse_ms_p95']:.1f} ms; model load {parser.load_seconds:.1f} s"
    )
    summary.update(other_languages())
    summary.update(retyped(parser))

    if sweep:
        summary["sweep"] = fallback_sweep(heldout, results, clinc_results)
        summary["danger_sweep"] = danger_sweep(safety_groups)
        summary["confidence_sweep"] = confidence_sweep(safety_groups)
        summary["agreement_sweep"] = agreement_sweep(safety_groups)
        summary["sentence_sweep"] = sentence_sweep(safety_groups)
        summary["safety_line_sweep"] = safety_line_sweep(safety_groups)
    return summary


def is_urgent(result: dict) -> bool:
    return result["intent"]["name"] in DANGER_INTENTS


def has_safety_line(result: dict) -> bool:
    """Not urgent, but marked `possible`: the route stands and the reply opens with the safety line."""
    return not is_urgent(result) and bool((result.get("danger_check") or {}).get("possible"))


def blind_intent_sets() -> list[Path]:
    """The blind intent sets (blind.yml, blind_external.yml, blind_3.yml...): the safety sets are not among them."""
    return sorted(NLU_TESTS.glob("blind*.yml"))


def safety_sets() -> list[Path]:
    """The visible safety sets, then the blind ones in the order they were written (safety_blind, _2, _3...)."""
    blind = sorted(
        NLU_TESTS.glob("safety_blind*.yml"),
        key=lambda path: int(path.stem.rpartition("_")[2]) if path.stem[-1].isdigit() else 1,
    )
    return [NLU_TESTS / name for name in VISIBLE_SAFETY] + blind


def safety(parser: Parser, heldout, heldout_results, clinc_results, show_misses: bool = False) -> dict:
    """Danger and crisis recall on the safety sets, and false alarms on ordinary messages and CLINC."""
    import yaml

    out: dict = {}
    groups: dict[str, list[dict]] = {}
    print("\nDanger and crisis (urgent = report_danger or report_self_harm, from any of the checks)")
    blind: Counter = Counter()
    for path in safety_sets():
        name = path.stem
        if not path.exists():
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        caught = total = right_kind = crisis_as_threat = 0
        danger_results: list[dict] = []
        line = []
        for kind, texts in data["danger"].items():
            rs = [parser.parse(t) for t in texts]
            danger_results += rs
            hit = sum(is_urgent(r) for r in rs)
            right_kind += sum((r.get("danger_check") or {}).get("kind") == kind for r in rs)
            if kind in CRISIS_KINDS:
                crisis_as_threat += sum(
                    is_urgent(r) and (r.get("danger_check") or {}).get("kind") == THREAT for r in rs
                )
            caught, total = caught + hit, total + len(rs)
            line.append(f"{kind} {hit}/{len(rs)}")
            if show_misses and name == "safety":  # never for the blind set
                for t, r in zip(texts, rs):
                    if not is_urgent(r) or (r.get("danger_check") or {}).get("kind") != kind:
                        print(
                            f"    {kind} -> {r['intent']['name']}/{(r.get('danger_check') or {}).get('kind')}: {t[:100]!r}"
                        )
        calm = [parser.parse(t) for t in data.get("not_danger", [])]
        if name == "safety":  # only the visible set is ever used to choose thresholds
            groups.update(safety_danger=danger_results, safety_calm=calm)
        false_alarms = sum(is_urgent(r) for r in calm)
        lined = sum(has_safety_line(r) for r in danger_results)
        if show_misses and name == "safety":
            for t, r in zip(data.get("not_danger", []), calm):
                if is_urgent(r):
                    print(f"    false alarm ({(r.get('danger_check') or {}).get('source')}): {t[:100]!r}")
        if "blind" in name:
            blind.update(danger=total, urgent=caught, first=caught + lined, right_kind=right_kind)
            blind.update(crisis_as_threat=crisis_as_threat, calm=len(calm), calm_urgent=false_alarms)
        out[f"{name}_recall"] = round(caught / total, 4)
        out[f"{name}_right_kind"] = round(right_kind / total, 4)
        out[f"{name}_false_alarms"] = round(false_alarms / max(1, len(calm)), 4)
        out[f"{name}_999_first"] = round((caught + lined) / total, 4)
        print(
            f"  {path.name}: recall {caught}/{total} = {caught / total:.1%} ({', '.join(line)}); "
            f"reply of the right kind {right_kind / total:.1%}; "
            f"false alarms on its calm messages {false_alarms}/{len(calm)}\n"
            f"    999 in the first reply (urgent, or the safety line) {caught + lined}/{total} = "
            f"{(caught + lined) / total:.1%}; the safety line on its calm messages "
            f"{sum(has_safety_line(r) for r in calm)}/{len(calm)}"
        )
    if blind:
        out.update({f"blind_safety_{key}": value for key, value in blind.items()})
        print(
            f"  all blind safety sets: danger urgent {blind['urgent']}/{blind['danger']} = "
            f"{blind['urgent'] / blind['danger']:.1%}, 999 first {blind['first']} = {blind['first'] / blind['danger']:.1%}, "
            f"reply of the right kind {blind['right_kind']} = {blind['right_kind'] / blind['danger']:.1%}, "
            f"a crisis given the reply for a threat (no crisis lines) {blind['crisis_as_threat']}; "
            f"calm sent urgent {blind['calm_urgent']}/{blind['calm']}"
        )
    ordinary = [r for (_, g), r in zip(heldout, heldout_results) if g not in DANGER_INTENTS]
    ordinary_alarms = sum(is_urgent(r) for r in ordinary)
    clinc_all = [r for rs in clinc_results.values() for r in rs]
    clinc_alarms = sum(is_urgent(r) for r in clinc_all)
    out.update(
        heldout_false_alarms=round(ordinary_alarms / max(1, len(ordinary)), 4),
        clinc_false_alarms=round(clinc_alarms / max(1, len(clinc_all)), 4),
    )
    print(
        f"  false alarms: ordinary held-out messages {ordinary_alarms}/{len(ordinary)}, "
        f"CLINC {clinc_alarms}/{len(clinc_all)}; the safety line on ordinary held-out messages "
        f"{sum(map(has_safety_line, ordinary))}/{len(ordinary)}, CLINC {sum(map(has_safety_line, clinc_all))}/{len(clinc_all)}"
    )
    groups.update(ordinary=ordinary, clinc=clinc_all)
    return out, groups


def other_languages() -> dict:
    """How often `looks_other_language` (no model) recognises the sets written in other languages, and how often it
    takes an English or Welsh line (training, test sets, CLINC) for another language."""
    import yaml

    from vocabulary.signals.language import looks_other_language

    def safety_lines(path: Path) -> list[str]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return [t for texts in data["danger"].values() for t in texts] + list(data.get("not_danger", []))

    out: dict = {}
    print("\nMessages in another language recognised (`looks_other_language`, no model)")
    for name in OTHER_LANGUAGE_SETS:
        lines = safety_lines(NLU_TESTS / name)
        found = sum(map(looks_other_language, lines))
        out[f"{Path(name).stem}_other_language"] = round(found / len(lines), 4)
        print(f"  {name}: {found}/{len(lines)} = {found / len(lines):.1%}")
    english_or_welsh = [
        t
        for p in sorted(NLU_DATA.rglob("*.yml"))
        if OTHER_LANGUAGE_DATA not in p.parents
        for t, _ in read_nlu_examples(p)
    ]
    english_or_welsh += [
        t for p in sorted(NLU_TESTS.glob("safety*.yml")) if p.name not in OTHER_LANGUAGE_SETS for t in safety_lines(p)
    ]
    english_or_welsh += [
        t for p in blind_intent_sets() + [HELDOUT, HELDOUT_EXTRA, HELDOUT_CY] for t, _ in read_nlu_examples(p)
    ]
    english_or_welsh += [t for texts in clinc_rejection_set().values() for t in texts]
    wrong = sum(map(looks_other_language, english_or_welsh))
    out["english_or_welsh_read_as_other_language"] = wrong
    print(f"  English and Welsh lines read as another language: {wrong}/{len(english_or_welsh)}")
    return out


def retyped(parser: Parser) -> dict:
    """Danger caught (urgent, and 999 in the first reply) and calm messages sent urgent on the visible safety
    sets typed another way (`RETYPINGS`). Left out of the parse times: the same messages twice over."""
    import yaml

    out: dict = {}
    timed = len(parser.latencies_ms)
    print("\nThe visible safety sets typed another way: danger urgent, 999 first; calm messages sent urgent")
    for name in VISIBLE_SAFETY:
        path = NLU_TESTS / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        danger = [text for texts in data["danger"].values() for text in texts]
        calm = data.get("not_danger", [])
        cells = []
        for typing, retype in RETYPINGS.items():
            danger_results = [parser.parse(retype(text)) for text in danger]
            urgent = sum(map(is_urgent, danger_results))
            first = urgent + sum(map(has_safety_line, danger_results))
            alarms = sum(is_urgent(parser.parse(retype(text))) for text in calm)
            out[f"{path.stem}_{typing}"] = {"urgent": urgent, "999_first": first, "calm_urgent": alarms}
            cells.append(f"{typing} {urgent}/{len(danger)}, {first}; {alarms}/{len(calm)}")
        print(f"  {name}: {'   '.join(cells)}")
    del parser.latencies_ms[timed:]
    return out


def danger_sweep(groups: dict[str, list[dict]]) -> list[dict]:
    """Replays the meaning check at other thresholds from the similarities kept in each parse result."""

    def urgent(result: dict, similarity: float, near: float, margin: float) -> bool:
        if is_urgent(result):
            return (result.get("danger_check") or {}).get("source") != "meaning" or replay(
                result, similarity, near, margin
            )
        return replay(result, similarity, near, margin)

    def replay(result: dict, similarity: float, near: float, margin: float) -> bool:
        check = result.get("danger_check") or {}
        return any(
            d >= similarity or (d >= near and d - o >= margin)
            for d, o in zip(check.get("similarity", []), check.get("other", []))
        )

    print("\nMeaning-check threshold sweep (replayed; visible safety set, held-out and CLINC only)")
    print(
        f"  {'similarity':>10} {'near':>5} {'margin':>6} {'recall':>7} {'calm FA':>8} {'held-out FA':>11} {'CLINC FA':>9}"
    )
    rows = []
    for similarity in (0.90, 0.92, 0.94, 1.1):
        for near in (0.84, 0.86, 0.88, 1.1):
            for margin in (0.0, 0.02, 0.04):
                row = {"similarity": similarity, "near": near, "margin": margin}
                for name, results in groups.items():
                    row[name] = round(
                        sum(urgent(r, similarity, near, margin) for r in results) / max(1, len(results)), 4
                    )
                rows.append(row)
                print(
                    f"  {similarity:10.2f} {near:5.2f} {margin:6.2f} {row['safety_danger']:7.1%} "
                    f"{row['safety_calm']:8.1%} {row['ordinary']:11.1%} {row['clinc']:9.1%}"
                )
    return rows


def confidence_sweep(groups: dict[str, list[dict]]) -> list[dict]:
    """Replays a minimum confidence for the classifier's own danger guess. Conservative: a guess
    below it is counted as missed, though the meaning check might still have caught it."""

    def urgent(result: dict, threshold: float) -> bool:
        check = result.get("danger_check") or {}
        if check.get("source") == "classifier":
            return (check.get("confidence") or 0.0) >= threshold
        return is_urgent(result)

    print("\nClassifier-confidence sweep for danger guesses (replayed; visible safety set, held-out and CLINC only)")
    print(f"  {'min':>5} {'recall':>9} {'calm FA':>9} {'held-out FA':>11} {'CLINC FA':>9}")
    return replayed_rows(groups, "min_confidence", (0.0, 0.3, 0.4, 0.5, 0.6, 0.7), urgent)


def agreement_sweep(groups: dict[str, list[dict]]) -> list[dict]:
    """Replays the margin by which meaning must agree with a classifier danger guess (danger_check
    `agreement`: the largest, over the sentences, of nearest-danger minus nearest-ordinary similarity).
    A guess below it gives way and hears the safety line instead of an urgent reply."""

    def urgent(result: dict, threshold: float) -> bool:
        check = result.get("danger_check") or {}
        if "agreement" in check and (is_urgent(result) or check.get("level") == "unconfirmed"):
            return check["agreement"] >= threshold
        return is_urgent(result)

    print(
        "\nMeaning-agreement sweep for classifier danger guesses (replayed; visible safety set, held-out and CLINC only)"
    )
    print(f"  {'min':>5} {'recall':>9} {'calm FA':>9} {'held-out FA':>11} {'CLINC FA':>9}")
    return replayed_rows(groups, "agreement", (-1.0, -0.03, -0.02, -0.01, 0.0, 0.01), urgent)


def sentence_sweep(groups: dict[str, list[dict]]) -> list[dict]:
    """Replays the probability at which one sentence read alone counts as danger (danger_check `sentence`:
    the largest over the sentences of a message of several that count)."""

    def urgent(result: dict, threshold: float) -> bool:
        check = result.get("danger_check") or {}
        if check.get("source") == "sentence" or (not is_urgent(result) and "sentence" in check):
            return check["sentence"] >= threshold
        return is_urgent(result)

    print("\nOne-sentence danger sweep (replayed; visible safety set, held-out and CLINC only)")
    print(f"  {'min':>5} {'recall':>9} {'calm FA':>9} {'held-out FA':>11} {'CLINC FA':>9}")
    return replayed_rows(groups, "sentence_probability", (0.5, 0.6, 0.7, 0.8, 0.9, 1.1), urgent)


def replayed_rows(groups: dict[str, list[dict]], key: str, thresholds, counts) -> list[dict]:
    """One row per threshold: the share of each group for which `counts(result, threshold)` holds."""
    rows = []
    for threshold in thresholds:
        row = {key: threshold}
        for name, results in groups.items():
            row[name] = round(sum(counts(r, threshold) for r in results) / max(1, len(results)), 4)
        rows.append(row)
        print(
            f"  {threshold:5.2f} {row['safety_danger']:9.1%} {row['safety_calm']:9.1%} "
            f"{row['ordinary']:11.1%} {row['clinc']:9.1%}"
        )
    return rows


def safety_line_sweep(groups: dict[str, list[dict]]) -> list[dict]:
    """Replays the danger share that earns the safety line (danger_check `share`): how many danger
    messages get 999 first (urgent or the line), and how many calm and ordinary ones see the line.
    A danger guess told as past gets it as the model decided (`possible_past_confidence`); an everyday
    phrase ("killing time") never does."""

    def gets_999(result: dict, threshold: float) -> bool:
        check = result.get("danger_check") or {}
        if is_urgent(result) or check.get("level") in ("false_alarm", "unconfirmed"):
            return is_urgent(result) or has_safety_line(result)
        return (check.get("share") or 0.0) >= threshold

    print("\nSafety-line threshold sweep (replayed; visible safety set, held-out and CLINC only)")
    print("  share of each group whose first reply carries 999 (urgent, or the safety line)")
    print(f"  {'share':>5} {'danger':>9} {'calm':>9} {'held-out':>11} {'CLINC':>9}")
    return replayed_rows(groups, "share", (0.05, 0.1, 0.15, 0.2, 0.3, 1.1), gets_999)


def fallback_sweep(heldout, results, clinc_results) -> list[dict]:
    """Replays the fallback decision at several thresholds (ambiguity threshold 0.1 and 0)."""
    print("\nFallback threshold sweep (replayed from the classifier's ranking)")
    print(f"  {'threshold':>9} {'ambig':>5} {'macro-F1':>8} {'in-scope rejected':>18} {'CLINC val':>9} {'oos_val':>8}")
    gold = [intent for _, intent in heldout]
    rows = []
    for ambiguity in (0.1, 0.0):
        for threshold in SWEEP_THRESHOLDS:
            pred = [replay_fallback(classifier_ranking(r), threshold, ambiguity) for r in results]
            macro, _ = scores(gold, pred)
            in_scope = [(g, p) for g, p in zip(gold, pred) if g != "out_of_scope"]
            rejected_in = sum(1 for _, p in in_scope if p in REJECTED)
            row = {
                "threshold": threshold,
                "ambiguity": ambiguity,
                "macro_f1": round(macro, 4),
                "in_scope_rejected": rejected_in,
            }
            for split, rs in clinc_results.items():
                preds = [replay_fallback(classifier_ranking(r), threshold, ambiguity) for r in rs]
                row[split] = round(sum(p in REJECTED for p in preds) / len(preds), 4)
            rows.append(row)
            print(
                f"  {threshold:9.2f} {ambiguity:5.2f} {macro:8.3f} "
                f"{rejected_in:>9d}/{len(in_scope):<8d} {row['val']:9.1%} {row['oos_val']:8.1%}"
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    """Loads (or trains, then loads) a model and prints the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="model archive (default: newest in models/)")
    parser.add_argument("--config", type=Path, help="train an NLU-only model with this config into a temp dir first")
    parser.add_argument("--sweep", action="store_true", help="also replay fallback thresholds")
    parser.add_argument("--json", type=Path, help="also write the numbers to this JSON file")
    parser.add_argument("--keep-model", type=Path, help="with --config: also copy the trained model here")
    parser.add_argument(
        "--show-misses",
        action="store_true",
        help="list every held-out miss and safety-set miss (never the blind sets')",
    )
    args = parser.parse_args(argv)
    # Rasa loads the newest model beside a path that does not exist, so a mistyped or pruned model would be measured
    # in another's place.
    if args.model and not args.model.is_file():
        parser.error(f"no model archive at {args.model}")

    logging.basicConfig(level=logging.ERROR)
    for noisy in ("rasa", "tensorflow", "absl", "sklearn"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)

    with tempfile.TemporaryDirectory(prefix="bench-nlu-") as tmp:
        summary: dict = {}
        if args.config:
            print(f"Training an NLU-only model with {args.config} ...")
            model_path, seconds = train(args.config, tmp)
            summary["config"] = str(args.config)
            summary["train_seconds"] = round(seconds, 1)
            print(f"Trained in {seconds:.1f} s")
            if args.keep_model:
                args.keep_model.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(model_path, args.keep_model)
        else:
            model_path = str(args.model or newest_model())
        print(f"Model: {model_path}")
        summary.update(evaluate(Parser(model_path), args.sweep, args.show_misses))

    if args.show_misses:
        print("\nHeld-out misses (text | expected -> predicted @confidence)")
        for text, g, p, c in summary["misses"]:
            print(f"  {text[:90]!r} | {g} -> {p} @{c:.2f}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

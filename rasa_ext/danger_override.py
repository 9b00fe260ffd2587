"""NLU component: danger and crisis override whatever the classifier decided, and say what kind it is.

It sits last, after the classifier and the FallbackClassifier, so a message that shows danger is routed
to `report_danger` / `report_self_harm` whatever the confidence, even mid-form. Four checks, any one
enough:
1. the pattern check (`vocabulary.safety.danger.assess`), which never depends on confidence;
2. the classifier's own danger intents, except when the only alarming words are everyday phrases
   ("killing time"), when the message is told as something over or says all is well ("he's fine"),
   unless a sentence or clause told as now (everyday phrases cut out) is near danger in meaning (a
   crisis tonight after a complaint about last week; nearer still after an everyday phrase or "all is
   well"), or when every sentence is nearer an ordinary training example than any danger example (the
   classifier alone, unconfirmed by meaning): then its next guess stands. A long message with no sentences (no
   full stops) is read for this in overlapping runs of words;
3. meaning: each sentence of the message is compared with the curated danger and crisis examples in
   the training data (`data/nlu/danger.yml`, English and Welsh), so a wording nobody wrote a pattern for
   still counts, and a crisis at the end of a long complaint is not drowned by the complaint (in a
   message told as past or saying all is well, only its sentences told as now count; after "all is
   well", only on the stricter margin). The ordinary side holds the ordinary examples and their sentences,
   so a long, upset, safe complaint finds each of its sentences near something ordinary;
4. one sentence: a logistic regression on the same vectors (danger examples against the ordinary side)
   reads each sentence of a message of several on its own, by the same rules of which sentences count,
   so a crisis in one plain sentence after a long complaint is not diluted by the rest.
The thresholds are the lowest that keep false alarms rare on ordinary messages (docs/nlu-pipeline.md).
The kind (threat, medical, missing, the writer's own crisis, someone else at risk), read from the
sentence that shows the danger, goes out in `danger_check` so the first reply fits. A message none of
the checks settles, but that the classifier gives a real share of danger, or that it called danger
when meaning did not agree or (confidently) before it was read as something past, or in which the
patterns found a crisis told as over and well now ("I tried to kill myself in 2020. I'm in a much better
place now"), or a long message with no sentence breaks in which some run of words is near danger in meaning
(round 34), is marked `possible`: its route is unchanged, and the reply opens with the safety line
(999, 55, Samaritans) without calling it an emergency (`safety_net` in actions/conversation.py). When the
classifier is unsure (its fallback) of a message that describes a death, serious injury or sexual
misconduct involving the police, it becomes `report_serious_incident` rather than "say it again".
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, METADATA, METADATA_INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_ext import embeddings
from rasa_ext.code_fingerprint import source_fingerprint
from rasa_ext.next_guess import FALLBACK, next_guess
from rasa_ext.sentence_featurizer import embed_cached, embedding_key
from vocabulary.safety.danger import (
    DEFAULT_KIND,
    EMERGENCY,
    LEVEL_OF_KIND,
    SELF_HARM,
    THREAT,
    assess,
    is_custody_report,
    is_false_alarm,
    is_past_event,
    kind_hint,
    kind_of_threat,
    only_fears_word_getting_back,
    reads_as_past,
    says_all_is_well,
    told_as_now,
    without_everyday_phrases,
)
from vocabulary.safety.sentences import clauses_of, parts_of, runs_of_words
from vocabulary.safety.serious import looks_serious

INTENT_FOR_LEVEL = {EMERGENCY: "report_danger", SELF_HARM: "report_self_harm"}
LEVEL_FOR_INTENT = {intent: level for level, intent in INTENT_FOR_LEVEL.items()}
DANGER_INTENTS = set(INTENT_FOR_LEVEL.values())
SERIOUS = "report_serious_incident"
EXAMPLES_FILE = "danger_examples.npz"
# `danger_check.level` for a danger guess that gave way: an everyday phrase or a past event, or one
# that meaning did not confirm.
FALSE_ALARM = "false_alarm"
UNCONFIRMED = "unconfirmed"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class DangerOverride(GraphComponent):
    """Forces the danger intents when the patterns, the classifier or the meaning show danger."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "encoder": embeddings.E5,
            # Any sentence this close to a danger example counts, whatever else it resembles.
            "similarity": 1.0,
            # Closer than this, and closer to a danger example than to anything else by `margin`.
            "near_similarity": 0.86,
            "margin": 0.02,
            # Below this, the classifier's danger guess for a message told wholly in the past tense
            # ("he pushed me over") gives way to its next guess; above it, danger stands.
            "past_confidence": 0.9,
            # A classifier danger guess stands when some sentence is at least this much nearer a danger
            # example than any ordinary one (slightly below zero: a near tie still counts); else unconfirmed.
            "agreement_margin": -0.01,
            # A message that says all is well ("I'm safe now", "he'll be fine") keeps a classifier danger guess
            # only when some sentence told as now is clearly nearer danger than anything ordinary; meaning
            # alone needs the same margin there.
            "settled_margin": 0.03,
            # The classifier's two danger intents together at least this likely: the safety line first.
            "possible_share": 0.2,
            # A danger guess read as past (demoted) keeps the safety line only from this confidence:
            # below it, the guess was mostly an ordinary complaint ("he was rude and shouted at me").
            "possible_past_confidence": 0.7,
            # A sentence of a message of several that the sentence model (danger examples against ordinary
            # examples and their sentences) gives at least this probability of danger counts.
            "sentence_probability": 0.8,
        }

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[str]:
        return source_fingerprint("rasa_ext", "vocabulary")

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        danger: Optional[np.ndarray] = None,
        kinds: Optional[np.ndarray] = None,
        others: Optional[np.ndarray] = None,
        sentence_model: Optional[np.ndarray] = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._danger = danger if danger is not None else np.zeros((0, 384), np.float32)
        self._kinds = kinds if kinds is not None else np.array([], dtype=str)
        self._others = others if others is not None else np.zeros((0, 384), np.float32)
        # The sentence model's weights, its bias last; empty until trained.
        self._sentence_model = sentence_model if sentence_model is not None else np.zeros(0, np.float32)
        self._last: Optional[tuple[tuple[str, bool], np.ndarray]] = None

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DangerOverride:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> DangerOverride:
        with model_storage.read_from(resource) as directory:
            stored = np.load(directory / EXAMPLES_FILE)
            return cls(
                config,
                model_storage,
                resource,
                stored["danger"],
                stored["kinds"],
                stored["others"],
                # A model trained before the sentence model loads with that check off.
                stored["sentence_model"] if "sentence_model" in stored.files else None,
            )

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        vectors = embed_cached(self._config["encoder"], [m.get(TEXT) for m in examples])
        is_danger = np.array([m.get(INTENT) in DANGER_INTENTS for m in examples], dtype=bool)
        kinds = np.array([_kind_of(m) for m in examples if m.get(INTENT) in DANGER_INTENTS])
        sentences = embed_cached(self._config["encoder"], _ordinary_sentences(examples))
        self._danger, self._kinds = vectors[is_danger], kinds
        self._others = np.concatenate([vectors[~is_danger], sentences]) if len(sentences) else vectors[~is_danger]
        self._sentence_model = _fit_sentence_model(self._danger, self._others)
        with self._model_storage.write_to(self._resource) as directory:
            np.savez(
                directory / EXAMPLES_FILE,
                danger=self._danger,
                kinds=self._kinds,
                others=self._others,
                sentence_model=self._sentence_model,
            )
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text and not text.startswith("/"):
                self._check(message, text)
        return messages

    def _check(self, message: Message, text: str) -> None:
        found = assess(text)
        predicted = (message.get(INTENT) or {}).get("name")
        confidence = (message.get(INTENT) or {}).get("confidence") or 0.0
        share = sum(
            r.get("confidence") or 0.0 for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") in DANGER_INTENTS
        )
        everyday, past, settled = is_false_alarm(text), is_past_event(text), says_all_is_well(text)
        past_tense = reads_as_past(text)
        # "He's fine", "I'm coping": settled like something over, unless a sentence told as now says otherwise.
        told_as_past = (
            past or is_custody_report(text) or settled or (confidence < self._config["past_confidence"] and past_tense)
        )
        # Kept in the parse result so bench/nlu.py can replay other thresholds without retraining.
        message.set(
            "danger_check",
            {"level": "none", "classifier": predicted, "confidence": round(confidence, 4), "share": round(share, 4)},
            add_to_output=True,
        )
        if found.urgent:
            self._force(message, INTENT_FOR_LEVEL[found.level], found.level, found.reply_kind, "pattern")
        elif (
            predicted in DANGER_INTENTS
            and (everyday or told_as_past)
            and not self._told_now_in_a_sentence(text, settled, everyday)
        ):
            # Told as something that happened (a death, an overdose in a cell): a complaint or a serious incident.
            self._demote(message, SERIOUS if looks_serious(text) or is_custody_report(text) else None)
        elif predicted in DANGER_INTENTS:
            level = LEVEL_FOR_INTENT[predicted]
            # Runs of words only confirm the classifier: alone, a run cut mid-clause says too little for meaning.
            vectors = self._vectors(message, text, runs=True)
            hint = kind_hint(text, level)
            scores = self._nearness(vectors)
            if hint is None:  # loose cues (breathing, missing) confirm it; else meaning must agree
                scores["agreement"] = round(max(d - o for d, o in zip(scores["similarity"], scores["other"])), 4)
            if hint is None and len(self._danger) and scores["agreement"] < self._config["agreement_margin"]:
                self._demote(message, SERIOUS if looks_serious(text) else None, UNCONFIRMED, scores)
            else:
                kind = self._kind_where_danger_is(text, vectors, scores, level)
                self._force(message, predicted, level, kind, "classifier", scores)
        elif not everyday and (meant := self._meaning(message, text, told_as_past or past_tense, settled)) is not None:
            level = LEVEL_OF_KIND[meant]
            scores = message.get("danger_check") or {}
            self._force(message, INTENT_FOR_LEVEL[level], level, kind_hint(text, level) or meant, "meaning", scores)
        elif not everyday and (said := self._said_in_a_sentence(message, text, told_as_past or past_tense, settled)):
            level = LEVEL_OF_KIND[said]
            self._force(message, INTENT_FOR_LEVEL[level], level, kind_hint(text, level) or said, "sentence")
        elif predicted == FALLBACK and message.get("clarify") is None and looks_serious(text):
            self._force(message, SERIOUS, "serious", None, "serious_backstop")
        check = message.get("danger_check") or {}
        decided = check.get("level")
        # An everyday phrase ("killing time") is settled; a confident guess told as past, or a real share, is not.
        if decided == FALSE_ALARM:
            unsettled = confidence >= self._config["possible_past_confidence"]
        elif decided == UNCONFIRMED:
            unsettled = True
        else:
            unsettled = decided not in LEVEL_FOR_INTENT.values() and share >= self._config["possible_share"]
        # A crisis the patterns found in a message that says it is over and all is well: never urgent
        # on that alone, but the reply still opens with the safety line.
        unsettled = unsettled or (found.over is not None and decided not in LEVEL_FOR_INTENT.values())
        lined = unsettled and not everyday
        if not lined and decided not in LEVEL_FOR_INTENT.values():
            lined = self._shown_in_a_run(message, text, told_as_past or past_tense, settled, everyday)
        if lined:
            message.set("danger_check", {**check, "possible": True}, add_to_output=True)

    def _told_now_in_a_sentence(self, text: str, settled: bool = False, everyday: bool = False) -> bool:
        """True when a sentence or clause told as now is as near danger in meaning as the classifier's guess
        needs; nearer still when the message says all is well or holds an everyday phrase, which is cut out.

        A long complaint about last week can end with a crisis tonight ("...and now he keeps saying nobody
        would miss him"), and "nobody has called me back" earlier must not make "I'm going to the bridge
        tonight" an everyday phrase: neither the past tense nor an idiom elsewhere may hide it.
        """
        told_now = [c for c in clauses_of(without_everyday_phrases(text) if everyday else text) if told_as_now(c)]
        if not told_now or not len(self._danger):
            return False
        scores = self._nearness(embeddings.embed(self._config["encoder"], told_now))
        agreement = np.array(scores["similarity"]) - np.array(scores["other"])
        margin = self._config["settled_margin" if settled or everyday else "agreement_margin"]
        return bool(agreement.max() >= margin)

    def _vectors(self, message: Message, text: str, runs: bool = False) -> np.ndarray:
        """The whole message's vector (from the featurizer) and one per sentence or, with `runs`, per row of
        `_rows_of`; the last message's are kept, as the meaning check and the sentence model both read them."""
        if self._last is not None and self._last[0] == (text, runs):
            return self._last[1]
        encoder = self._config["encoder"]
        whole = message.get(embedding_key(encoder))
        after = _rows_of(text) if runs else parts_of(text)
        parts = after if whole is not None else [text, *after]
        rows = ([whole] if whole is not None else []) + list(embeddings.embed(encoder, parts) if parts else [])
        self._last = ((text, runs), np.stack(rows))
        return self._last[1]

    def _meaning(self, message: Message, text: str, now_only: bool, settled: bool) -> Optional[str]:
        """The kind of danger some sentence means, by nearness to the curated examples; None if none.

        `now_only` for a message told as past: only a sentence itself told as now may count ("...that was
        last week. i wont be around for the answer"), never the whole message or a sentence about then.
        `settled` for one that says all is well: a sentence must be nearer danger still (`settled_margin`).
        """
        if not len(self._danger) or (now_only and not parts_of(text)):
            return None
        vectors = self._vectors(message, text)
        scores = self._nearness(vectors)
        message.set("danger_check", {**(message.get("danger_check") or {}), **scores}, add_to_output=True)
        shown = self._near_danger(scores, strict=settled)
        # Row 0 is the whole message, then one row per part (`_vectors`). "Honestly I'm ok, just want to
        # vent." is near "I'm not ok" in meaning, never a sign of danger: a message that says all is well
        # counts only by its other sentences.
        shown[0] = shown[0] and not now_only and not settled
        shown[1:] &= _sentences_that_count(parts_of(text), now_only)
        hits = np.flatnonzero(shown)
        if not len(hits):
            return None
        return self._kind_of_vector(vectors[hits[np.argmax(np.array(scores["similarity"])[hits])]])

    def _said_in_a_sentence(self, message: Message, text: str, now_only: bool, settled: bool) -> Optional[str]:
        """The kind of danger one sentence of a message of several says, by the sentence model; None if none.

        A crisis in one plain sentence after a long complaint ("...and tonight he hugged me and went out
        without his coat") is diluted in the whole message; alone, it reads as what it is. Which sentences
        count follows `_meaning`: told as now in a message told as past, never one that says all is well;
        none in a message that says all is well.
        """
        parts = parts_of(text)
        if not parts or settled or not len(self._sentence_model):
            return None
        vectors = self._vectors(message, text)[1:]  # row 0 is the whole message
        weights, bias = self._sentence_model[:-1], self._sentence_model[-1]
        probability = 1.0 / (1.0 + np.exp(-(vectors @ weights + bias)))
        counts = _sentences_that_count(parts, now_only)
        if not counts.any():
            return None
        # The largest over the sentences that count, kept so bench/nlu.py can replay other thresholds.
        check = {**(message.get("danger_check") or {}), "sentence": round(float(probability[counts].max()), 4)}
        message.set("danger_check", check, add_to_output=True)
        hits = np.flatnonzero(counts & (probability >= self._config["sentence_probability"]))
        if not len(hits):
            return None
        return self._kind_of_vector(vectors[hits[np.argmax(probability[hits])]])

    def _shown_in_a_run(self, message: Message, text: str, now_only: bool, settled: bool, everyday: bool) -> bool:
        """True when some run of words of a long message with no sentence breaks is near danger in meaning, by the
        rules `_meaning` applies to sentences: which count, and a stricter margin after "all is well" or an
        everyday phrase (which is cut out first).

        Without full stops the crisis at the end of a long complaint has no sentence of its own ("...anyway thats
        not why im typing rn my son went out on that bike at 4 and its nearly 10 now"). A run cut mid-clause says
        too little to take the urgent route on, but enough for the reply to open with the safety line.
        """
        if parts_of(text) or not len(self._danger):
            return False
        # With no sentences, `_rows_of` is the runs of words: the rows `_vectors(..., runs=True)` embeds (and may
        # have embedded already for the classifier's guess).
        runs = runs_of_words(without_everyday_phrases(text)) if everyday else _rows_of(text)
        if not runs:
            return False
        if everyday:
            vectors = embeddings.embed(self._config["encoder"], runs)
        else:
            vectors = self._vectors(message, text, runs=True)[1:]  # row 0 is the whole message
        shown = self._near_danger(self._nearness(vectors), strict=settled or everyday)
        return bool((shown & _sentences_that_count(runs, now_only)).any())

    def _near_danger(self, scores: Dict[str, Any], strict: bool) -> np.ndarray:
        """Which rows are near danger in meaning: close to a curated example whatever else they resemble, or near
        one and nearer it than anything ordinary by the margin (`settled_margin` when `strict`)."""
        nearest_danger, nearest_other = np.array(scores["similarity"]), np.array(scores["other"])
        margin = max(self._config["margin"], self._config["settled_margin"]) if strict else self._config["margin"]
        near = (nearest_danger >= self._config["near_similarity"]) & (nearest_danger - nearest_other >= margin)
        return (nearest_danger >= self._config["similarity"]) | near

    def _kind_where_danger_is(self, text: str, vectors: np.ndarray, scores: Dict[str, Any], level: str) -> str:
        """The kind, at the classifier's level, of the row (the whole message or one sentence) that is nearest
        danger against anything ordinary: its cue words, else the curated examples nearest it.

        In a long message the complaint's sentences resemble danger of other kinds ("they tasered my son last
        week" is near a threat, "my mum was still shaking" near a medical emergency): only the sentence that
        shows the danger may choose the words of the first reply.
        """
        agreement = np.array(scores["similarity"]) - np.array(scores["other"])
        order = np.argsort(-agreement)
        rows = [text, *_rows_of(text)]
        hint = kind_hint(rows[order[0]], level)
        if hint is None and level == EMERGENCY:
            # "...released him an hour ago without his medication. He's had one seizure already and now another":
            # the sentence nearest danger may carry no cue; the next one leaning to danger that does, chooses.
            hint = next((h for r in order[1:] if agreement[r] > 0 and (h := kind_hint(rows[r], level))), None)
        return hint or self._nearest_kind(vectors[order[0]][None, :], level)

    def _kind_of_vector(self, vector: np.ndarray) -> str:
        """The kind one sentence stands for: its level from the nearest curated example, then the vote."""
        nearest_kind = str(self._kinds[int(np.argmax(self._danger @ vector))])
        return self._nearest_kind(vector[None, :], LEVEL_OF_KIND[nearest_kind])

    def _nearness(self, vectors: np.ndarray) -> Dict[str, Any]:
        """For each vector, its similarity to the nearest danger example and to the nearest other one.

        Kept in the parse result so bench/nlu.py can replay other thresholds without retraining.
        """
        nearest_danger = (vectors @ self._danger.T).max(axis=1) if len(self._danger) else np.zeros(len(vectors))
        nearest_other = (vectors @ self._others.T).max(axis=1) if len(self._others) else np.zeros(len(vectors))
        return {"similarity": nearest_danger.round(4).tolist(), "other": nearest_other.round(4).tolist()}

    def _nearest_kind(self, vectors: np.ndarray, level: str, votes: int = 5) -> str:
        """The kind most of the closest curated examples of this level stand for."""
        same_level = np.array([LEVEL_OF_KIND[k] == level for k in self._kinds], dtype=bool)
        if not same_level.any():
            return DEFAULT_KIND[level]
        closest = (vectors @ self._danger[same_level].T).max(axis=0)
        kinds = self._kinds[same_level][np.argsort(-closest)[:votes]]
        values, counts = np.unique(kinds, return_counts=True)
        return str(values[int(np.argmax(counts))])

    @staticmethod
    def _force(
        message: Message, intent_name: str, level: str, kind: Optional[str], source: str, scores: Optional[dict] = None
    ) -> None:
        # Where the only life at risk is the holder's own, it is their crisis (`assess` has read the patterns' threats).
        if kind == THREAT and source != "pattern":
            kind = kind_of_threat(message.get(TEXT))
            level = LEVEL_OF_KIND[kind]
            intent_name = INTENT_FOR_LEVEL[level]
        forced = {"name": intent_name, "confidence": 1.0}
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent_name]
        message.set(INTENT, forced, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [forced, *ranking], add_to_output=True)
        if message.get("clarify"):
            message.set("clarify", None, add_to_output=True)  # danger answers; it never asks which route
        check = {
            **(message.get("danger_check") or {}),
            **(scores or {}),
            "level": level,
            "kind": kind,
            "source": source,
        }
        message.set("danger_check", check, add_to_output=True)

    def _demote(
        self, message: Message, instead: Optional[str] = None, level: str = FALSE_ALARM, scores: Optional[dict] = None
    ) -> None:
        # "i dont need an ambulance lol im fine": the next guess, or the fallback when none is worth acting on.
        ranking = message.get(INTENT_RANKING_KEY) or []
        best, left = next_guess(ranking, message.get(TEXT) or "", set_aside=DANGER_INTENTS, first=instead)
        message.set(INTENT, best, add_to_output=True)
        message.set(INTENT_RANKING_KEY, left, add_to_output=True)
        check = {**(message.get("danger_check") or {}), **(scores or {}), "level": level}
        message.set("danger_check", check, add_to_output=True)


def _rows_of(text: str) -> List[str]:
    """What is read after the whole message: its sentences or, for a long message with none (no full stops:
    text-speak, voice-to-text), overlapping runs of words, so a crisis at its end still shows in one row."""
    return parts_of(text) or runs_of_words(text)


def _sentences_that_count(parts: List[str], now_only: bool) -> np.ndarray:
    """Which sentences may show danger: in a message told as past, only those told as now; never one that
    says all is well, nor one that is only the fear of word getting back to someone."""
    return np.array(
        [
            (told_as_now(p) if now_only else not says_all_is_well(p)) and not only_fears_word_getting_back(p)
            for p in parts
        ],
        dtype=bool,
    )


def _fit_sentence_model(danger: np.ndarray, others: np.ndarray) -> np.ndarray:
    """A logistic regression of danger examples against ordinary examples and sentences; weights, then bias."""
    from sklearn.linear_model import LogisticRegression

    if not len(danger) or not len(others):
        return np.zeros(0, np.float32)
    features = np.concatenate([danger, others])
    labels = np.concatenate([np.ones(len(danger)), np.zeros(len(others))])
    model = LogisticRegression(class_weight="balanced", max_iter=500, random_state=0).fit(features, labels)
    return np.append(model.coef_[0], model.intercept_[0]).astype(np.float32)


def _ordinary_sentences(examples: List[Message]) -> List[str]:
    """The sentences of ordinary examples of several sentences, so that a long, upset, safe complaint finds
    each of its sentences nearer something ordinary than any danger example.

    Serious incidents are left out (a sentence like "he stopped breathing" is danger when told as now), and
    so is any sentence the patterns alone would call urgent.
    """
    sentences = (
        part
        for m in examples
        if m.get(INTENT) not in DANGER_INTENTS and m.get(INTENT) != SERIOUS
        for part in parts_of(m.get(TEXT))
    )
    return [s for s in dict.fromkeys(sentences) if not assess(s).urgent]


def _kind_of(example: Message) -> str:
    """The kind a curated danger example stands for: its block's `metadata: {kind: ...}` or the default."""
    metadata = (example.get(METADATA) or {}).get(METADATA_INTENT) or {}
    kind = metadata.get("kind") if isinstance(metadata, dict) else None
    return kind if kind in LEVEL_OF_KIND else DEFAULT_KIND[LEVEL_FOR_INTENT[example.get(INTENT)]]

"""NLU component: dense sentence features from a pretrained encoder, standardised for the classifier.

Rasa's LogisticRegressionClassifier fixes C=1 with balanced class weights, so raw unit vectors would
be drowned by the word counts beside them: we standardise each dimension with statistics learned at
training time and scale the result (`scale`, chosen by measurement in docs/nlu-pipeline.md). The raw
unit vector is also kept on a served message (`embedding_key`) for the danger check's similarity search.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_ext import embeddings
from rasa_ext.code_fingerprint import source_fingerprint

STATS_FILE = "standardisation.npz"
# Training only: it featurises every example twice (train, then process_training_data) and the danger
# check embeds them again; each text is embedded once. Serving never uses it.
_cache: Dict[tuple[str, str], np.ndarray] = {}


def embedding_key(encoder: str) -> str:
    """Where the raw unit vector for `encoder` is kept on a message."""
    return f"sentence_embedding_{encoder}"


def embed_cached(encoder: str, texts: List[str]) -> np.ndarray:
    missing = list(dict.fromkeys(t for t in texts if (encoder, t) not in _cache))
    if missing:  # all at once: each encoder batches in the way measured fastest for it
        for text, vector in zip(missing, embeddings.embed(encoder, missing)):
            _cache[(encoder, text)] = vector
    return np.stack([_cache[(encoder, t)] for t in texts]) if texts else np.zeros((0, 0), np.float32)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=True)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds one standardised sentence vector per message from the configured `encoder`."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**DenseFeaturizer.get_default_config(), "encoder": embeddings.E5, "scale": 0.5}

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[str]:
        return source_fingerprint(
            "rasa_ext/sentence_featurizer.py", "rasa_ext/embeddings.py", "rasa_ext/minilm.py", "vocabulary/casing.py"
        )

    def __init__(
        self,
        config: Dict[Text, Any],
        name: Text,
        model_storage: ModelStorage,
        resource: Resource,
        mean: Optional[np.ndarray] = None,
        std: Optional[np.ndarray] = None,
    ) -> None:
        super().__init__(name, config)
        self._encoder = config["encoder"]
        self._scale = float(config["scale"])
        self._model_storage = model_storage
        self._resource = resource
        self._mean = mean
        self._std = std

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbeddingFeaturizer:
        embeddings.encoder(config["encoder"])  # fail at training start, not half-way, if files are wrong
        return cls(config, execution_context.node_name, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SentenceEmbeddingFeaturizer:
        with model_storage.read_from(resource) as directory:
            stats = np.load(directory / STATS_FILE)
            mean, std = stats["mean"], stats["std"]
        embeddings.encoder(config["encoder"])  # load (and verify) at start-up, not on the first message
        return cls(config, execution_context.node_name, model_storage, resource, mean, std)

    def train(self, training_data: TrainingData) -> Resource:
        texts = [m.get(TEXT) for m in training_data.intent_examples if m.get(TEXT)]
        vectors = embed_cached(self._encoder, texts)
        self._mean = vectors.mean(axis=0)
        self._std = vectors.std(axis=0) + 1e-6
        with self._model_storage.write_to(self._resource) as directory:
            np.savez(directory / STATS_FILE, mean=self._mean, std=self._std)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        examples = [m for m in training_data.training_examples if m.get(TEXT)]
        # Features only: Rasa fingerprints each node's training data by printing every array in a message's data
        # as text (a minute of training for the raw vectors), and the danger check reads its training vectors
        # from `embed_cached`, never from the message.
        self._add_features(examples, embed_cached(self._encoder, [m.get(TEXT) for m in examples]))
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        # Not cached: a server would keep every message it ever saw.
        with_text = [m for m in messages if m.get(TEXT)]
        if with_text:
            vectors = embeddings.embed(self._encoder, [m.get(TEXT) for m in with_text])
            for message, vector in zip(with_text, vectors):
                message.set(embedding_key(self._encoder), vector)  # the danger check's similarity search reads it
            self._add_features(with_text, vectors)
        return messages

    def _add_features(self, messages: List[Message], vectors: np.ndarray) -> None:
        for message, vector in zip(messages, vectors):
            standardised = (vector - self._mean) / self._std * self._scale
            message.add_features(Features(standardised[np.newaxis, :], FEATURE_TYPE_SENTENCE, TEXT, self._identifier))

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        if config.get("encoder") not in embeddings.SPECS:
            raise ValueError(f"SentenceEmbeddingFeaturizer: encoder must be one of {sorted(embeddings.SPECS)}")

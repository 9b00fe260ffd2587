"""all-MiniLM-L6-v2 in plain numpy: the 6-layer BERT encoder, mean pooling, L2 normalisation.

sentence-transformers would bring torch (about 2 GB) for one small forward pass; this reproduces its
vectors to within 1e-6 (tests/nlu/test_embeddings.py keeps known vectors).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy.special import erf

LAYERS = 6
HEADS = 12
HIDDEN = 384
HEAD_SIZE = HIDDEN // HEADS
MAX_TOKENS = 256  # what sentence-transformers uses for this model
LAYER_NORM_EPS = 1e-12
BATCH = 32


class MiniLM:
    """Turns sentences into 384-dimensional unit vectors."""

    def __init__(self, weights: Path, tokenizer: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self._w = load_file(str(weights))
        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.no_padding()  # the shipped tokenizer.json pads to 128; pooling must not see padding

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, one row per text; texts of similar length are run together in batches."""
        encoded = [self._tokenizer.encode(text).ids for text in texts]
        out = np.zeros((len(texts), HIDDEN), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
        for start in range(0, len(order), BATCH):
            rows = order[start : start + BATCH]
            out[rows] = self._encode_batch([encoded[i] for i in rows])
        return out

    def _encode_batch(self, batch: list[list[int]]) -> np.ndarray:
        w = self._w
        length = max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, token_ids in enumerate(batch):
            ids[row, : len(token_ids)] = token_ids
            mask[row, : len(token_ids)] = 1.0
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._layer_norm(x, "embeddings.LayerNorm")
        attention_bias = (1.0 - mask)[:, np.newaxis, np.newaxis, :] * -1e9  # padding is never attended to
        for i in range(LAYERS):
            x = self._layer(x, f"encoder.layer.{i}.", attention_bias)
        pooled = (x * mask[:, :, np.newaxis]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    def _layer(self, x: np.ndarray, p: str, attention_bias: np.ndarray) -> np.ndarray:
        batch, n = x.shape[0], x.shape[1]

        def heads(name: str) -> np.ndarray:
            return self._linear(x, p + name).reshape(batch, n, HEADS, HEAD_SIZE).transpose(0, 2, 1, 3)

        q, k, v = heads("attention.self.query"), heads("attention.self.key"), heads("attention.self.value")
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(HEAD_SIZE) + attention_bias
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, n, HIDDEN)
        x = self._layer_norm(x + self._linear(context, p + "attention.output.dense"), p + "attention.output.LayerNorm")
        hidden = self._linear(x, p + "intermediate.dense")
        hidden = 0.5 * hidden * (1.0 + erf(hidden / np.sqrt(2.0)))  # exact GELU, as BERT uses
        return self._layer_norm(x + self._linear(hidden, p + "output.dense"), p + "output.LayerNorm")

    def _linear(self, x: np.ndarray, p: str) -> np.ndarray:
        flat = x.reshape(-1, x.shape[-1])  # one 2-D matrix product: numpy's stacked matmul skips BLAS
        return (flat @ self._w[p + ".weight"].T + self._w[p + ".bias"]).reshape(*x.shape[:-1], -1)

    def _layer_norm(self, x: np.ndarray, p: str) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        return (x - mean) / np.sqrt(var + LAYER_NORM_EPS) * self._w[p + ".weight"] + self._w[p + ".bias"]

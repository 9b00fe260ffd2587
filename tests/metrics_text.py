"""Reading a Prometheus scrape in tests: every sample by name and labels."""

from __future__ import annotations

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def parse(text: str) -> Samples:
    """Every sample in a scrape, keyed by its name and labels (counters end in `_total`)."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    """The sample with exactly these labels; 0 if absent."""
    return samples.get((name, frozenset(labels.items())), 0.0)


def label_values(samples: Samples) -> set[str]:
    """Every label value in the scrape (for checks that nothing personal became a label)."""
    return {v for _name, labels in samples for _k, v in labels}


async def scrape(http: aiohttp.ClientSession, url: str, token: str) -> str:
    """GET `url` (a /metrics endpoint) with the bearer token; the body, after checking it answered 200."""
    async with http.get(url, headers={"Authorization": f"Bearer {token}"}) as response:
        assert response.status == 200, url
        return await response.text()

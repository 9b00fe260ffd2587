"""Signals in what people write that change how we answer: language, age and topic. Standard library only."""

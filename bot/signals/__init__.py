"""Signals in what people write that change how we answer: language and age. Standard library only."""

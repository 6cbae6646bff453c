"""Storyline: a sourced dossier from a pile of news articles."""

__version__ = "0.1.0"

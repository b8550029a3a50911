"""Segmenters: turn a document's normalised text into passages (see ``indexer.model.Passage``)."""

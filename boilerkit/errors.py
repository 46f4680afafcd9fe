"""Exceptions users catch: one base class, one for models, one for input."""


class BoilerkitError(Exception):
    """Base class of every error boilerkit raises on purpose."""


class ModelError(BoilerkitError):
    """A model that cannot be loaded, or was written for other code."""


class InputError(BoilerkitError):
    """Input that cannot be processed (e.g. bytes that are neither text nor HTML)."""

"""coursekit: one terminal app for running an AWS Academy class."""

__version__ = "0.1.0"

"""The package version, importable without building the app."""

__version__ = "0.1.0"

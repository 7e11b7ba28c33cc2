"""The version of newsprism, in a leaf module: the package, the pipeline,
the command line and the web layer all read it from here, so none of them
has to import another for it.  Keep in step with pyproject.toml (a test
checks)."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"

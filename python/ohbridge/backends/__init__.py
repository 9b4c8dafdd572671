"""Backends: where a Device's calls go (in-process stub, on-device agent, hdc shell)."""

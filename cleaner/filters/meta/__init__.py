"""Metadata extraction: small extractors per field under one orchestrator (``extract``)."""

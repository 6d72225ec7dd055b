"""The filters, one module each; ``registry.load`` imports them (heavy tables load lazily)."""

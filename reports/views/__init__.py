"""The reports pages: ``reports`` (periodic reports) and ``materials`` (publicity
materials)."""

"""Rendering: entity types and their labels, and the placeholders that replace each mention."""

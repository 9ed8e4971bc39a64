"""Factcheck Workbench: a keyboard-driven terminal workbench for fact-checkers."""

"""The terminal interface: the app, its screens, widgets and styles.

The only package that imports Textual; the CLI imports it lazily so commands that never
draw a screen stay quick to start.
"""

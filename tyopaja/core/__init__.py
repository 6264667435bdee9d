"""The workshop rules, voting, timer, themes, rate limits and file imports: pure Python.

Nothing here imports Flask or SQLite or does I/O (see README.md beside this file); every
function takes plain values and returns plain values, so the rules read and test alone.
"""

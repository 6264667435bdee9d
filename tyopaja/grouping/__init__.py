"""Finnish-aware grouping suggestions: free-text answers -> affinity groups. Pure Python.

`engine` lemmatises, weighs concepts from `lexicon/` and clusters; `vectors` adds word-vector
similarity when the optional `[vectors]` extra is installed.
"""

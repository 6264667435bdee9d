"""Workshop scripts: sessions/*.md -> Script, with line-numbered errors. Pure Python.

`parse` is the entry point; `blocks` -> `outline` -> `build` -> `checks` are its stages;
`model` holds the parsed shapes, `format` the keywords and limits, `settings` and `probes`
the value parsers.
"""

"""HTTP: pages, the facilitator login, export pages, the organiser, accessibility, headers.

Thin Flask blueprints: validate, call a use case or a read, render.
"""

"""Writes: read what a decision needs, let the rules decide, write, in one transaction.

Each use case is a function run by the store's one writer; a client-made id makes a replay a
no-op. `actions` holds the participant's use cases, `moderation` the facilitator's.
"""

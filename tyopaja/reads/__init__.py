"""What each screen reads: snapshots for the phone, the projector and the console.

`snapshots` reads rows from the store; `screens` shapes them (pure) for the projector and the
console.
"""

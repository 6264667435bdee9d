"""The participant conversation, derived from stored state. Pure Python.

`bot` builds the conversation from the workshop, the script and the participant's rows;
`steps` and `votes` say what each step kind asks and shows; `model` holds the shapes the
phone receives. The plainer Finnish (selkokieli) variant is chosen per page in `web/selko`.
"""

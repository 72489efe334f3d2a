"""The questions of the interview, one module each (named as the question's step).

A question's module holds all of it: its prompt and example, its buttons, how its answer
is read (through conversations.reading), when it is needed, its help text and its
acknowledgement, gathered in one `QUESTION`. The order they are asked in is
conversations/flow.py. To add a question: a module here with its `QUESTION`, its place
in `flow.ORDER`, and the fields it writes in conversations/state/answers.py.

Shared: `question` (what a question is, and its context), `skipping` (skip, not sure,
what does it mean), `dates` and `leaving` (what the date questions share), `probe`
(which unknowns would change the result).
"""

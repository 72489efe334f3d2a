"""What the bot says back: the breakdown, the FAQ topics, one-line estimates, and the data its buttons and links carry.

The breakdown is built from named sections, in the order `breakdown.breakdown_text` lists them:

    first screen    the cost, the one action (or what to pay, by    (first_screen.py: `first_screen_lines`)
                    when), "confirm with a tax professional"
    headline        the offset, its kind and Form 1099-R code       (headline.py)
    deadline rule   the rollover deadline's rule                     (way_out.py)
    parts           federal tax, the 10% or its exception, state     (parts.py)
    total           the total and what it assumed                    (parts.py, assumptions.py)
    later           paying the loan off first, the plan taking it    (way_out.py: `later_lines`)
                    next year, a deemed distribution can't be rolled
    growth          what the money would have grown to               (growth.py)

Notes that apply to few (conditional_notes.py: NIIT, Medicare, EITC, Marketplace, Social Security not
counted, estimated payments) open "📝 Why these numbers" (why.py), which groups the rule notes by topic.
At most four buttons under a breakdown, the rest behind "➕ More…" (buttons.py).

Every section is a function of one `Facts` (facts.py) returning its lines, so
another arrangement of the same sections (a first screen, parts on demand) is
a new ordering, not new wording. Buttons are in buttons.py, "Why these
numbers" in why.py, the FAQ in faq.py and faq_topics.py, deep-link payloads
in payloads.py, the calculator's errors in calculator_errors.py, the
one-line estimate in quick_estimate.py and quick_texts.py.
"""

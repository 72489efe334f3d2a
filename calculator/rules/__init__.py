"""The tax rules, one module per question they answer.

    ages            ages from a birth date, or the birth dates an age allows
    deadlines       return, extension, estimated-tax, rollover and cure deadlines
    distribution    what kind of distribution the offset is, and its 1099-R code
    penalty         the 10% additional tax and which exception removes it
    federal         the federal income tax the offset adds, by the brackets
    states          whether and at what rate a state taxes it; its additional 10%-style tax
    state_exclusions  a state's exclusion of retirement income by age or amount
    state_brackets  a state's tax by its own brackets (California)

Each is pure: figures from `calculator.data`, no notes (`calculator.explain` writes them).
"""

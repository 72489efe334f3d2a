"""The tax figures, one JSON file per source, and the code that loads them.

    rules.json               federal rules that are not brackets (ages, deadlines, the 10%, Social Security,
                             Medicare, the earned income credit): `calculator.data.rules`
    federal/YYYY.json        one tax year's brackets and deductions: `calculator.data.federal_years`
    states.json              which states tax a distribution, their rates and exclusions: `calculator.data.states`
    state_brackets/XX-YYYY.json
                             a state's own brackets for a year (California): `calculator.data.state_bracket_years`

A new tax year is a new file here, not a code change. Each loader reads its
files once (functools.cache) and turns the strings into Decimal tables, so an
estimate does no I/O.
"""

"""English: every word and phrase people type, folded (see the package's docstring)."""

from __future__ import annotations

from calculator.models import Event, FilingStatus

# --- amounts (reading.amounts) ---------------------------------------------------------------------------
# Words around a number that do not change it: "about $15k", "I'm 45", "the 24% bracket".
HEDGES = tuple("about around approx approx. approximately roughly nearly almost circa maybe like just or so more "
               "less".split())
FILLERS = tuple("i i'm im am it it's its is my the a of in on that's that was be will".split())
# Words around an amount owed, or earned: "I still owe 8,250.37 incl interest", "I make about 60k a year".
AMOUNT_WORDS = tuple(
    "owe owed still loan balance left remaining outstanding unpaid total debt including incl incl. with interest "
    "accrued ish make earn salary income per year yearly annually annual gross".split()
)
ISH = "ish"  # "15k-ish", "24ish"
THOUSANDS = ("k", "thousand", "grand")
MILLIONS = ("million",)
MILLION_ABBREVIATIONS = ("m", "mm")
CURRENCY = ("usd", "dollars", "dollar", "bucks")
RANGE_WORDS = ("to", "or")  # "12,000 to 13,000"
BETWEEN = ("between",)  # "between 12000 and 13000"
AND = ("and",)

# --- rates (reading.rates, reading.line) -----------------------------------------------------------------
RATE_WORDS = tuple("federal tax bracket rate top marginal think guess probably believe state county city local "
                   "combined total".split())
PERCENT = ("percent",)
PERCENT_IN_LINE = ("per cent", "pct")  # "22pct" in a one-line estimate
RATE_RANGE_WORDS = ("to", "or", "and")  # "5% to 6%", "22 or 24"
PLUS = ("plus",)  # "6 plus 3.876"
RATE_LABELS = ("rate", "bracket", "tax rate")  # "rate 22", "bracket: 24"
STATE_RATE_LEADS = ("at", "rate")  # "California at 9.3%"

# --- ages (reading.ages, reading.line) -------------------------------------------------------------------
AGE_LABELS = ("age", "aged")
AGE_SUFFIXES = ("years old", "year old", "years", "year", "yrs", "yr", "y.o.", "y.o", "yo.", "yo", "y/o")
AGE_SUFFIXES_IN_LINE = ("yo", "y/o", "y.o.", "y.o", "years old", "year old", "yrs old", "yr old", "year-old")
AND_A_HALF = ("and a half", "and half")  # "59 and a half"
ABOUT_TO_TURN = ("almost", "nearly", "turning", "about to turn")  # "almost 60" is 59
TURN_LATER = ("i'll", "ill", "will", "turn")  # "I'll be 60 next month", "I turn 55 in December"
TURN_LATER_VERBS = ("turn", "be")

# --- dates (reading.dates, reading.spans) ----------------------------------------------------------------
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept", "sep", "oct", "nov", "dec")
MONTHS_THAT_ARE_WORDS = ("may", "mar")  # "it may have been": a month only after "in"
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "day before yesterday": -2, "this morning": 0,
                 "this afternoon": 0, "tonight": 0}  # fmt: skip
DAYS_AGO = ("{} day ago", "{} days ago")
LAST_WEEKDAY = ("last {}", "this past {}")
ORDINALS = ("st", "nd", "rd", "th")  # "3rd"
DAY_OF_MONTH = ("of",)  # "15th of December"
MONTH_OF_YEAR = ("of",)  # "March of 2025"
DATE_LEADS = ("it was", "it's", "its", "was", "on")  # "it was March 1, 2026"
SINCE_IN = ("in", "since")  # "in March 2025": a month, without the day
PART_OF_MONTH = ("early", "late", "mid")  # "early June"
SPAN_UNITS = ("weeks", "week", "months", "month", "years", "year")
BORN_LEADS = ("i was", "i'm", "im")
BORN = ("born on", "born in", "born", "dob", "d.o.b.", "d.o.b", "date of birth is", "date of birth", "birth date is",
        "birth date", "birthdate is", "birthdate", "my birthday is", "birthday")  # fmt: skip

# --- recent times (reading.spans, reading.line) ----------------------------------------------------------
SPANS = {
    "last month": "last_month", "this month": "this_month", "earlier this month": "this_month",
    "last week": "weeks", "this week": "weeks", "this year": "this_year", "earlier this year": "this_year",
}  # fmt: skip
FEW = {"a": 1, "one": 1, "a couple of": 2, "a couple": 2, "couple of": 2, "two": 2, "three": 3, "a few": 3, "few": 3}
AGO_HEDGES = ("about", "around", "like")  # "about 3 weeks ago"
WEEK_UNITS = ("weeks", "week")
MONTH_UNITS = ("months", "month")
AGO = ("ago",)
LEFT_LEADS = ("i left", "left", "i quit", "quit")  # "I left last month": the time
IN_MONTH = ("in", "back in", "in early", "in late")  # "in October"
WHEN_IN = ("in", "back in")  # "laid off in September" in a one-line estimate
SPANS_IN_LINE = ("last month", "last week", "this month", "this week")
DATE_PREPOSITIONS = ("on", "in")  # "I was laid off on 3/15/2026"

# --- places (reading.places) -----------------------------------------------------------------------------
# Besides the states' own names (reading.places.STATES): short and other names, to the state's code.
STATE_NAMES = {
    "washington dc": "DC", "washington d.c.": "DC", "d.c.": "DC", "calif": "CA", "cali": "CA", "jersey": "NJ",
    "mass": "MA", "penn": "PA", "washington d. c.": "DC", "washington d c": "DC", "washington d. c": "DC",
    "washington d.c": "DC", "d.c": "DC",
}  # fmt: skip
SHORT_STATE_NAMES = ("iowa", "ohio", "utah")  # four letters, and still only a state's name in a free line
NYC = ("nyc", "ny city", "new york city", "new york ny", "manhattan", "brooklyn", "queens", "the bronx", "bronx",
       "staten island")  # fmt: skip
YONKERS = ("yonkers", "yonkers ny")
CITY_STATES = {"baltimore": "MD", "baltimore city": "MD", "washington state": "WA"}
CITIES_IN_TWO_STATES = ("kansas city",)
TERRITORIES = ("puerto rico", "pr", "guam", "gu", "virgin islands", "us virgin islands", "u.s. virgin islands", "usvi",
               "vi", "american samoa", "as", "northern mariana islands", "mariana islands", "cnmi", "mp")  # fmt: skip
PLACE_LEADS = ("i live in", "in", "state of", "the state of")
THE = "the"

# --- what happened (reading.events) ----------------------------------------------------------------------
EVENTS: dict[Event, tuple[str, ...]] = {
    Event.DEFAULT: (
        "still employed", "still working", "missed payment", "missed payments", "stopped paying", "stopped repaying",
        "stopped payments", "couldn't pay", "could not pay", "deemed",
        "missed",  # "15000 45 missed 22%": a one-liner's shortest word for it
        "behind on", "late payment", "late payments", "can't pay", "cant pay", "default", "defaulted",
    ),
    Event.PLAN_TERMINATION: (
        "plan terminated", "plan ended", "plan termination", "plan closed", "ended the plan", "terminated the plan",
        "closed the plan", "terminated", "termination",
    ),
    Event.SEPARATION: (
        # "Terminated" is also what happens to people: these are leaving the job, not the plan ending.
        "i was terminated", "i got terminated", "was terminated from", "been terminated", "terminated me",
        "my employment was terminated", "employment ended", "left", "leave", "quit", "fired", "laid off",
        "laid of",  # the typo phones make
        "layoff", "let go", "retired", "retire", "resigned", "separation", "separated", "new job", "job ended",
        "contract ended", "lost my job", "position eliminated", "position was eliminated", "laid-off", "downsized",
        "unemployed", "changed jobs", "switched jobs", "changed employers", "switched employers", "new employer",
    ),
}
# A leave of absence: still employed, so not leaving the job.
LEAVE = ("leave of absence", "on leave", "medical leave", "maternity leave", "paternity leave", "parental leave",
         "family leave", "sick leave", "military leave", "disability leave", "unpaid leave", "fmla", "furlough",
         "furloughed", "active duty", "deployed")  # fmt: skip
# An employer that closed: the job ended, and maybe the plan.
CLOSURE = ("company closed", "employer closed", "business closed", "company shut down", "employer shut down",
           "closed down", "shut down", "went out of business", "out of business", "went bankrupt", "bankrupt",
           "bankruptcy")  # fmt: skip

# --- filing status (reading.filing, reading.line) --------------------------------------------------------
# In the order they are looked for: the first found decides ("married filing separately, not jointly").
FILING: tuple[tuple[str, FilingStatus], ...] = (
    ("qualifying surviving spouse", FilingStatus.QUALIFYING_SURVIVING_SPOUSE),
    ("surviving spouse", FilingStatus.QUALIFYING_SURVIVING_SPOUSE),
    ("qualifying widow", FilingStatus.QUALIFYING_SURVIVING_SPOUSE),
    ("qualifying widower", FilingStatus.QUALIFYING_SURVIVING_SPOUSE),
    ("qualifying widow(er)", FilingStatus.QUALIFYING_SURVIVING_SPOUSE),
    ("qss", FilingStatus.QUALIFYING_SURVIVING_SPOUSE),
    ("married filing jointly", FilingStatus.MARRIED_JOINT),
    ("married filing separately", FilingStatus.MARRIED_SEPARATE),
    ("married jointly", FilingStatus.MARRIED_JOINT),
    ("married separately", FilingStatus.MARRIED_SEPARATE),
    ("married joint", FilingStatus.MARRIED_JOINT),
    ("married separate", FilingStatus.MARRIED_SEPARATE),
    ("jointly", FilingStatus.MARRIED_JOINT),
    ("joint", FilingStatus.MARRIED_JOINT),
    ("separately", FilingStatus.MARRIED_SEPARATE),
    ("separate", FilingStatus.MARRIED_SEPARATE),
    ("mfj", FilingStatus.MARRIED_JOINT),
    ("mfs", FilingStatus.MARRIED_SEPARATE),
    ("head of household", FilingStatus.HEAD_OF_HOUSEHOLD),
    ("head of the household", FilingStatus.HEAD_OF_HOUSEHOLD),
    ("household", FilingStatus.HEAD_OF_HOUSEHOLD),
    ("hoh", FilingStatus.HEAD_OF_HOUSEHOLD),
    ("single", FilingStatus.SINGLE),
    ("unmarried", FilingStatus.SINGLE),
    ("not married", FilingStatus.SINGLE),
)
MARRIED = ("married",)
NOT = ("not", "un")  # "not married", "unmarried"
WIDOWED = ("widowed", "widower", "widow")
QUALIFYING = "qualifying"  # "qualifying widow" is a filing status, "widow" alone is not
FILING_IN_LINE = ("filing jointly", "filing separately")
# Filing words a free line may mean otherwise: "household income", "a separate account", "jointly owned".
NOT_FILING_IN_A_LINE = ("joint", "jointly", "separate", "separately", "household", "unmarried", "not married")

# --- yes or no (reading.yes_no) --------------------------------------------------------------------------
YES = ("yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "true", "correct", "right")
NO = ("no", "n", "nope", "nah", "false", "not", "negative")
LEADING_YES_NO = ("yes", "yeah", "yep", "yup", "no", "nope", "nah")  # "yes, she is"
DONT_KNOW = ("no idea", "no clue", "not sure", "don't know", "dont know", "dunno", "unsure")

# --- Form 1099-R (reading.form_1099r) --------------------------------------------------------------------
FORM = ("form",)
FORM_1099_LEADS = ("my", "the", "form")  # "my 1099": the form; "1099" alone is an amount
BOX = ("box",)
CODE = ("code",)
DISTRIBUTION = ("distribution",)  # "distribution code"
SAYS = ("says", "shows", "is")
CODE_WORDS = ("my", "the", "form", "box", "code", "says", "shows", "is", "on", "in")  # "my code is M1"
FORM_WORDS = ("says", "shows", "reads", "and", "gross distribution", "taxable amount")

# --- one-line estimates (reading.line) -------------------------------------------------------------------
BORN_IN_LINE = ("i was born on", "i was born", "born on", "born", "dob", "d.o.b.", "d.o.b", "birthday", "birth date",
                "date of birth")  # fmt: skip
LEFT = "left"  # "12k left on the loan": what remains, not leaving
LEFT_ON = ("on", "to pay", "owing", "to go")
INCOME_NOUNS = ("other income", "income", "salary", "wages")
INCOME_VERBS = ("earnings", "i earn", "we earn", "earn", "i make", "we make", "make", "making")
INCOME_GLUE = ("is", "was", "of", "about", "around")  # "income is 60k"
PER_YEAR = ("a year", "per year", "/yr", "yearly", "annual")
INCOME_OF = ("of", "in")  # "60k of income"
BORROWED = ("borrowed", "took out", "originally", "original loan", "loan was", "paid back", "repaid")
LENT = ("borrowed", "took out", "originally", "original loan", "original balance", "original amount")

# --- after the breakdown (reading.whatif) ----------------------------------------------------------------
ROLL_OVER = ("roll over", "rolled over", "rolling over", "roll it over", "rolled it over", "rolling it over")
PUT_BACK = ("put back", "putting back")
ROLLOVER_STEMS = ("deposit",)  # "deposit", "deposited", "depositing"
# Longest first: the regex takes the first that matches ("what if it were 24%" -> "24%").
WHAT_IF = ("what if it were", "what if it was", "what if my rate were", "what if my rate was", "what if", "and if",
           "if", "try")
TYPED_BUTTONS = {
    "why": ("why", "explain", "explain it", "why these numbers"),
    "remind": ("remind me", "reminder", "set a reminder", "remind me before the deadline"),
    "new": ("new", "new estimate", "start over", "restart", "again"),
    "thanks": ("thanks", "thank you", "thanks a lot", "thank you so much", "thx", "ty", "ok thanks"),
}

# --- answers said in a word (reading.shortcuts) ----------------------------------------------------------
SKIP = ("skip", "-", "none", "no", "n/a", "na", "pass",
        # at the state question: a state without one, or none to count
        "no state", "no state tax", "no state income tax")  # fmt: skip
# Not "?": that asks what the question means (asks_for_help), more often than it says "I don't know".
UNSURE = ("not sure", "unsure", "dont know", "don't know", "idk", "i don't know", "i dont know", "i'm not sure",
          "im not sure", "no idea", "no clue", "dunno")  # fmt: skip
# Asking what a question means, or where to find the answer.
HELP = ("help", "huh", "what", "what?", "what do you mean", "what does that mean", "i don't understand",
        "i dont understand", "dont understand", "don't understand", "explain", "how do i know", "how do i find out",
        "how do i find it", "where do i find it", "where do i find that", "where can i find it", "where can i find that",
        "i don't remember", "i dont remember", "don't remember", "dont remember", "can't remember", "cant remember",
        "i forgot", "not sure what that is")  # fmt: skip
# "Within the last 12 months", typed. "Last year" is not among them: left in January of last year, an offset now
# is more than 12 months later.
RECENT = ("12 months", "within", "recent")
TODAY = ("today", "now", "not yet", "soon", "not done yet", "not offset yet", "this week")  # "Today or not yet"
NOT_YET = ("not yet", "hasn't happened", "hasnt happened", "has not happened", "haven't happened", "havent happened",
           "have not happened", "hasn't been", "hasnt been", "has not been", "haven't been", "havent been",
           "have not been", "still waiting")  # fmt: skip
STILL_THERE = ("still work", "still there", "still employed")  # "Still working there"

# --- the words around a time (reading.when) --------------------------------------------------------------
# "I stopped paying in August", "the payment due 9/1/2026", "missed the first payment on".
MISSED_SUBJECTS = ("i", "we")
MISSED_LEAD_PATTERN = (r"stopped paying|stopped|quit paying|missed(?: the)?(?: first)?(?: payment)?|"
                       r"(?:the |my )?(?:first )?(?:missed )?payment(?: was)?(?: due)?|it was due|due")
# "since July", "my last payment was in July".
LAST_PAID_PATTERN = (r"haven'?t paid since|have not paid since|not paid since|since|(?:my )?last payment(?: was)?"
                     r"(?: made)?|(?:i )?last paid")
LAST_PAID_SUBJECTS = ("i",)
TIME_PREPOSITIONS = ("on", "in")
PAYMENTS = ("payments", "payment")  # "missed the August payment"
# "More than a year ago".
MORE_THAN = ("more than", "over", "longer than")
ONE = ("a", "one", "1", "12")
LONG_UNITS = ("year", "years", "months")
# Between the two days of "2025-06-01 and 2025-09-01" (the day left, the day of the offset).
BETWEEN_DATES = ("and", "offset", "then", "to")

# --- income and benefits (reading.income) ----------------------------------------------------------------
# A monthly, weekly or hourly figure read as the year's would understate the bracket.
NOT_YEARLY = ("month", "monthly", "months", "mo", "/mo", "week", "weekly", "hour", "hourly", "hr", "/hr", "biweekly",
              "paycheck")  # fmt: skip
MONTHLY = ("month", "monthly", "mo")
SOCIAL_SECURITY = ("social security", "soc sec")
SOCIAL_SECURITY_ABBREVIATIONS = ("ssa", "ssdi")
NO_INCOME = ("none", "nothing", "zero", "no income")
NO_BENEFITS = ("none", "no", "0", "nothing", "n", "nope", "not yet")
# "I get about 2000 a month": the words around a monthly amount.
MONTHLY_LEADS = ("i get", "i receive", "about", "around", "roughly")
PER = ("a", "per", "each", "every", "/")

# --- the spouse, a public-safety job (reading.people) ----------------------------------------------------
# Words around the spouse's age: "she's 66", "my wife is 63", "yes he is".
SPOUSE = tuple("she he she's he's shes hes is isn't isnt was wasn't my wife husband spouse partner they they're are "
               "aren't years year old yrs".split())
SPOUSE_BORN = ("born in", "born")  # "born 1960"
# The jobs the question names, said instead of yes ("I was a firefighter"); not "officer" alone: a loan officer
# is not.
PUBLIC_SAFETY_JOBS = ("police", "cop", "sheriff", "trooper", "firefighter", "fire fighter", "fireman", "emt",
                      "paramedic", "corrections", "correction", "correctional")  # fmt: skip
SERVICE_YEARS = ("years of service", "year of service", "years", "year", "yrs", "yr")
FEWER = ("almost", "nearly", "just under")  # "almost 25" years of service is 24
ABOUT = ("about", "around", "roughly", "approximately", "approx.", "approx", "over", "more than", "at least",
         "almost", "nearly", "just under")  # fmt: skip

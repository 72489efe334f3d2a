"""Spanish: every word and phrase people type, folded (see the package's docstring): "más" is "mas", "año"
"ano"."""

from __future__ import annotations

from calculator.models import Event, FilingStatus

# --- amounts (reading.amounts) ---------------------------------------------------------------------------
HEDGES = tuple("aprox aprox. aproximadamente unos unas cerca alrededor casi mas o menos como".split())
FILLERS = tuple("yo soy mi es el la los las de del en".split())
AMOUNT_WORDS = tuple(
    "debo prestamo saldo queda quedan pendiente deuda incluido incluidos incluyendo con interes intereses "
    "gano al ano anual salario ingresos sueldo bruto".split()
)
THOUSANDS = ("mil",)
MILLIONS = ("millon", "millones")
CURRENCY = ("dolares", "dolar")
RANGE_WORDS = ("a", "o")  # "12 o 13 mil"
BETWEEN = ("entre",)
AND = ("y",)

# --- rates (reading.rates, reading.line) -----------------------------------------------------------------
RATE_WORDS = tuple("tasa tramo impuesto estoy creo estatal condado ciudad".split())
PERCENT = ("por ciento", "porciento")
RATE_RANGE_WORDS = ("o", "a", "y")  # "5 y 6 %"
PLUS = ("mas",)  # "4,75 % más 3,2 %"
RATE_LABELS = ("tasa", "tramo")
STATE_RATE_LEADS = ("tasa", "al")

# --- ages (reading.ages, reading.line) -------------------------------------------------------------------
AGE_LABELS = ("edad",)
AGE_VERBS = ("tengo",)  # "tengo 45 años"
AGE_SUFFIXES = ("anos",)
AGE_SUFFIXES_IN_LINE = ("anos",)
AND_A_HALF = ("y medio",)
ABOUT_TO_TURN = ("casi", "voy a cumplir", "por cumplir", "cumplo")
TURN_LATER = ("cumplire", "voy a tener")

# --- dates (reading.dates, reading.spans) ----------------------------------------------------------------
MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}  # fmt: skip
MONTH_ABBREVIATIONS = ("ene", "abr", "ago", "dic")
WEEKDAYS = {"lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4, "sabado": 5, "domingo": 6}
RELATIVE_DAYS = {"hoy": 0, "ayer": -1, "manana": 1, "anteayer": -2, "antier": -2, "esta manana": 0,
                 "esta tarde": 0}  # fmt: skip
DAYS_AGO = ("hace {} dia", "hace {} dias")
LAST_WEEKDAY = ("el {} pasado", "{} pasado")
ORDINALS = ("o",)  # "1º", folded to "1o"
DAY_OF_MONTH = ("de",)  # "3 de octubre"
MONTH_OF_YEAR = ("de", "del")  # "marzo de 2025", "marzo del 2025"
DATE_LEADS = ("el", "fue")  # "el 1 de marzo de 2026"
SINCE_IN = ("en", "desde")
PART_OF_MONTH = ("principios de", "finales de", "mediados de")
SPAN_UNITS = ("semanas", "semana", "mes", "meses", "anos", "ano")
BORN_LEADS = ("me",)
BORN = ("naci el", "naci en", "naci", "fecha de nacimiento es", "fecha de nacimiento", "mi cumpleanos es")

# --- recent times (reading.spans, reading.line) ----------------------------------------------------------
SPANS = {
    "el mes pasado": "last_month", "mes pasado": "last_month", "este mes": "this_month",
    "a principios de este mes": "this_month", "la semana pasada": "weeks", "semana pasada": "weeks",
    "esta semana": "weeks", "este ano": "this_year", "a principios de este ano": "this_year",
    "a principios de ano": "this_year",
}  # fmt: skip
FEW = {"un": 1, "una": 1, "dos": 2, "tres": 3, "unas": 3, "unos": 3, "unas pocas": 3, "unos pocos": 3}
AGO_HEDGES = ("unos", "unas", "como")  # "hace unas 3 semanas"
WEEK_UNITS = ("semanas", "semana")
MONTH_UNITS = ("mes", "meses")
AGO = ("hace",)  # before the time: "hace 2 meses"
LEFT_LEADS = ("me fui", "deje el trabajo", "sali")
IN_MONTH = ("en", "a principios de", "a finales de")
WHEN_IN = ("en",)
SPANS_IN_LINE = ("el mes pasado", "este mes", "la semana pasada", "esta semana")
DATE_PREPOSITIONS = ("el", "en")

# --- places (reading.places) -----------------------------------------------------------------------------
STATE_NAMES = {
    "nueva york": "NY", "nuevo mexico": "NM", "carolina del norte": "NC", "carolina del sur": "SC",
    "florida": "FL", "texas": "TX", "nueva jersey": "NJ", "nueva hampshire": "NH", "nuevo hampshire": "NH",
    "pensilvania": "PA", "hawai": "HI", "luisiana": "LA", "misisipi": "MS", "misuri": "MO", "dakota del norte": "ND",
    "dakota del sur": "SD", "virginia occidental": "WV", "distrito de columbia": "DC",
}  # fmt: skip
NYC = ("ciudad de nueva york", "nueva york ciudad")
CITY_STATES = {"estado de washington": "WA"}
TERRITORIES = ("islas virgenes", "samoa americana", "islas marianas del norte")
PLACE_LEADS = ("estado de", "el estado de", "vivo en", "en")

# --- what happened (reading.events) ----------------------------------------------------------------------
EVENTS: dict[Event, tuple[str, ...]] = {
    Event.DEFAULT: (
        "deje de pagar", "deje de hacer los pagos", "deje de hacer pagos", "no pude pagar", "no pude seguir pagando",
        "pagos atrasados", "pagos pendientes", "atrasado en los pagos", "atrasada en los pagos", "me atrase",
        "falte pagos", "no hice los pagos", "sigo trabajando", "todavia trabajo", "aun trabajo", "incumplimiento",
        "impago", "no pague", "pagos perdidos", "pagos no hechos",
    ),
    Event.PLAN_TERMINATION: (
        "cerraron el plan", "el plan termino", "el plan se termino", "el plan se cerro", "terminaron el plan",
        "cancelaron el plan", "plan terminado", "plan cancelado", "termino el plan", "terminacion del plan",
        "terminado", "terminada",
    ),
    Event.SEPARATION: (
        "cambie de empleador", "deje mi trabajo", "deje el trabajo", "deje mi empleo", "deje el empleo",
        "me fui del trabajo", "me fui de la empresa",
        "me fui",  # "I left": the question is what happened to the loan
        "me sali", "sali del trabajo", "sali de la empresa", "perdi mi trabajo", "perdi el trabajo",
        "perdi mi empleo", "cambie de trabajo", "cambie de empleo", "nuevo trabajo", "renuncie", "renuncia",
        "me despidieron", "me corrieron", "me liquidaron", "despido", "despedido", "despedida", "jubilado",
        "jubilada", "me jubile", "me retire", "jubilacion", "separacion", "retirado", "retirada",
    ),
}
LEAVE = ("de licencia", "licencia medica", "licencia por maternidad", "licencia por paternidad", "licencia sin goce",
         "permiso de ausencia", "baja medica")  # fmt: skip
CLOSURE = ("la empresa cerro", "cerro la empresa", "cerraron la empresa", "la empresa quebro", "quebro", "quiebra",
           "bancarrota")  # fmt: skip

# --- filing status (reading.filing, reading.line) --------------------------------------------------------
FILING: tuple[tuple[str, FilingStatus], ...] = (
    ("conyuge sobreviviente calificado", FilingStatus.QUALIFYING_SURVIVING_SPOUSE),
    ("conyuge sobreviviente", FilingStatus.QUALIFYING_SURVIVING_SPOUSE),
    ("soltero", FilingStatus.SINGLE),
    ("soltera", FilingStatus.SINGLE),
    ("casado en conjunto", FilingStatus.MARRIED_JOINT),
    ("casada en conjunto", FilingStatus.MARRIED_JOINT),
    ("conjunta", FilingStatus.MARRIED_JOINT),
    ("casado por separado", FilingStatus.MARRIED_SEPARATE),
    ("casada por separado", FilingStatus.MARRIED_SEPARATE),
    ("por separado", FilingStatus.MARRIED_SEPARATE),
    ("declaracion conjunta", FilingStatus.MARRIED_JOINT),
    ("en conjunto", FilingStatus.MARRIED_JOINT),
    ("conjuntamente", FilingStatus.MARRIED_JOINT),
    ("casado conjunto", FilingStatus.MARRIED_JOINT),
    ("casada conjunto", FilingStatus.MARRIED_JOINT),
    ("separado", FilingStatus.MARRIED_SEPARATE),
    ("separada", FilingStatus.MARRIED_SEPARATE),
    ("no casado", FilingStatus.SINGLE),
    ("no casada", FilingStatus.SINGLE),
    ("cabeza de familia", FilingStatus.HEAD_OF_HOUSEHOLD),
    ("cabeza de hogar", FilingStatus.HEAD_OF_HOUSEHOLD),
    ("jefe de familia", FilingStatus.HEAD_OF_HOUSEHOLD),
    ("jefa de familia", FilingStatus.HEAD_OF_HOUSEHOLD),
    ("jefe de hogar", FilingStatus.HEAD_OF_HOUSEHOLD),
    ("jefa de hogar", FilingStatus.HEAD_OF_HOUSEHOLD),
)
MARRIED = ("casado", "casada")
NOT = ("no",)  # "no casado"
WIDOWED = ("viudo", "viuda")
NOT_FILING_IN_A_LINE = ("conjunta", "en conjunto", "conjuntamente", "por separado", "separado", "separada",
                        "no casado", "no casada")  # fmt: skip

# --- yes or no (reading.yes_no) --------------------------------------------------------------------------
YES = ("si", "s", "claro", "claro que si", "por supuesto", "de acuerdo", "correcto", "asi es", "dale", "vale",
       "afirmativo")  # fmt: skip
NO = ("no", "negativo", "para nada", "claro que no")
LEADING_YES_NO = ("si", "no")
DONT_KNOW = ("no se", "no lo se")

# --- Form 1099-R (reading.form_1099r) --------------------------------------------------------------------
FORM = ("formulario",)
FORM_1099_LEADS = ("mi", "el", "formulario")
BOX = ("casilla",)
CODE = ("codigo",)
SAYS = ("dice", "muestra", "es")
CODE_WORDS = ("mi", "el", "la", "formulario", "casilla", "codigo", "dice", "muestra", "es", "en", "de", "del")
FORM_WORDS = ("dice", "muestra", "y", "distribucion bruta")

# --- one-line estimates (reading.line) -------------------------------------------------------------------
BORN_IN_LINE = ("naci el", "naci", "fecha de nacimiento")
INCOME_NOUNS = ("ingresos", "salario", "sueldo")
INCOME_VERBS = ("ingreso", "gano", "ganamos")
INCOME_GLUE = ("de", "unos", "como")
PER_YEAR = ("al ano", "anuales", "anual")
INCOME_OF = ("de",)
BORROWED = ("pedi prestado", "prestamo original", "pague")
LENT = ("pedi prestado", "prestamo original")

# --- after the breakdown (reading.whatif) ----------------------------------------------------------------
ROLLOVER_STEMS = ("reinviert", "reinvert")  # "reinvertir", "reinvierto", "reinvertí"
ROLLOVER_WORDS = ("devolver",)
# Longest first: the regex takes the first that matches ("¿y si fuera del 24%?" -> "24%").
WHAT_IF = ("y si fuera del", "y si fuera de", "y si fuera", "y si fuese", "y si es del", "y si es", "si fuera del",
           "si fuera", "y si", "si", "prueba", "con")
TYPED_BUTTONS = {
    "why": ("por que", "explicame", "explica"),
    "remind": ("recuerdame", "recordarme", "recordatorio"),
    "new": ("nuevo", "nuevo calculo", "otra vez", "empezar de nuevo"),
    "thanks": ("gracias", "muchas gracias"),
}

# --- answers said in a word (reading.shortcuts) ----------------------------------------------------------
SKIP = ("omitir", "omite", "omita", "saltar", "salta", "salte", "saltar pregunta", "paso", "ninguno", "ninguna",
        "no aplica", "ningun estado", "sin impuesto estatal")  # fmt: skip
UNSURE = ("no se la verdad", "no se", "no lo se", "no estoy seguro", "no estoy segura", "ni idea", "no tengo idea",
          "no se cual", "no se cual es", "calculalo", "calculelo", "no sabe")  # fmt: skip
HELP = ("ayuda", "que", "que es eso", "que significa", "que quiere decir", "no entiendo", "no lo entiendo",
        "explicame", "expliqueme", "como lo se", "donde lo encuentro", "donde lo veo", "no me acuerdo", "no recuerdo",
        "no lo recuerdo")  # fmt: skip
RECENT = ("12 meses", "en los ultimos", "reciente", "hace poco")
TODAY = ("hoy", "ahora", "todavia no", "aun no", "pronto", "esta semana")
NOT_YET = ("todavia no", "aun no", "no ha pasado")
STILL_THERE = ("sigo trabajando", "sigo ahi", "todavia trabajo", "aun trabajo")

# --- the words around a time (reading.when) --------------------------------------------------------------
MISSED_LEAD_PATTERN = r"deje de pagar|no pague"
LAST_PAID_PATTERN = r"no pago desde|desde|(?:mi )?ultimo pago(?: fue)?"
TIME_PREPOSITIONS = ("el", "en")
PAYMENTS = ("pagos", "pago")
MORE_THAN = ("mas de", "hace mas de")
ONE = ("un",)
LONG_UNITS = ("ano", "anos", "meses")
# As typed (not folded): "después" with its accent, "despues" without.
BETWEEN_DATES = ("y", "luego", "después", "despues", "hasta", "al", "a")

# --- income and benefits (reading.income) ----------------------------------------------------------------
NOT_YEARLY = ("mes", "mensual", "mensuales", "semana", "semanal", "hora", "por hora", "quincenal", "cheque")
MONTHLY = ("mes", "mensual", "mensuales")
SOCIAL_SECURITY = ("seguro social",)
NO_INCOME = ("nada", "ninguno", "ninguna", "cero", "sin ingresos")
NO_BENEFITS = ("ninguno", "ninguna", "nada", "no recibo", "todavia no", "aun no")
MONTHLY_LEADS = ("recibo", "unos", "como")
PER = ("al", "por", "cada")

# --- the spouse, a public-safety job (reading.people) ----------------------------------------------------
SPOUSE = tuple("mi esposa esposo pareja ella el es tiene tenia anos".split())
SPOUSE_BORN = ("nacio en", "nacio", "nacido en", "nacida en")
PUBLIC_SAFETY_JOBS = ("policia", "bombero", "bombera", "paramedico")
SERVICE_YEARS = ("anos de servicio", "anos")
FEWER = ("casi",)
ABOUT = ("unos", "cerca de", "mas de", "al menos", "casi")

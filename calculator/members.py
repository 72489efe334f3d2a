"""Enum members bound once as module constants.

On Python 3.11 `Event.X` is a property lookup; the rules test these several
times per estimate, so every rules module imports them from here.
"""

from calculator.models import DistributionType, Event, FilingStatus, PenaltyException

SEPARATION = Event.SEPARATION
PLAN_TERMINATION = Event.PLAN_TERMINATION
DEFAULT = Event.DEFAULT
QPLO = DistributionType.QUALIFIED_PLAN_LOAN_OFFSET
PLO = DistributionType.PLAN_LOAN_OFFSET
DEEMED = DistributionType.DEEMED_DISTRIBUTION
MARRIED_SEPARATE = FilingStatus.MARRIED_SEPARATE
AGE_59_AND_HALF = PenaltyException.AGE_59_AND_HALF
SEPARATION_AT_55 = PenaltyException.SEPARATION_AT_55
PUBLIC_SAFETY = PenaltyException.PUBLIC_SAFETY
DEATH = PenaltyException.DEATH
DISABILITY = PenaltyException.DISABILITY
GOVERNMENTAL_457B = PenaltyException.GOVERNMENTAL_457B

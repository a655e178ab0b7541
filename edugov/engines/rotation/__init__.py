"""交流轮岗 optimiser: eligibility, quotas and the assignment of rotating teachers as a
min-cost flow (OR-Tools), explained. Plain Python, no Django; see docs/engines/rotation.md.
"""

from .greedy import greedy_plan
from .model import Candidate, Move, Plan, Rules, School, Shortfall
from .solver import eligibility, objective, plan_rotation, quotas

__all__ = [
    "Candidate",
    "Move",
    "Plan",
    "Rules",
    "School",
    "Shortfall",
    "eligibility",
    "greedy_plan",
    "objective",
    "plan_rotation",
    "quotas",
]

from .applications import (
    Application,
    ApplicationEvent,
    ApplicationVersion,
    BranchOpinion,
    Evidence,
    SelfAssessment,
)
from .campaigns import (
    Campaign,
    CampaignEvent,
    Criterion,
    ReviewReminder,
    Rubric,
    Standard,
)
from .evaluations import (
    ComputedScore,
    CriterionFormula,
    EvaluationResult,
    Explanation,
    GradeBand,
    ScoreComputation,
)
from .records import AttachedRecord
from .reviews import CampaignReviewer, Review, ReviewEvent, ReviewOpinion, Score
from .titles import Title, TitleEvent

__all__ = [
    "Application",
    "ApplicationEvent",
    "ApplicationVersion",
    "AttachedRecord",
    "BranchOpinion",
    "Campaign",
    "CampaignEvent",
    "CampaignReviewer",
    "ComputedScore",
    "Criterion",
    "CriterionFormula",
    "EvaluationResult",
    "Evidence",
    "Explanation",
    "GradeBand",
    "Review",
    "ReviewEvent",
    "ReviewOpinion",
    "ReviewReminder",
    "Rubric",
    "Score",
    "ScoreComputation",
    "SelfAssessment",
    "Standard",
    "Title",
    "TitleEvent",
]

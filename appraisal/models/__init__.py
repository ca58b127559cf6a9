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
    "Criterion",
    "Evidence",
    "Review",
    "ReviewEvent",
    "ReviewOpinion",
    "ReviewReminder",
    "Rubric",
    "Score",
    "SelfAssessment",
    "Standard",
    "Title",
    "TitleEvent",
]

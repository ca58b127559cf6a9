from .applications import (
    Application,
    ApplicationEvent,
    ApplicationVersion,
    BranchOpinion,
    Evidence,
    SelfAssessment,
)
from .campaigns import Campaign, CampaignEvent, Criterion, Rubric, Standard
from .reviews import CampaignReviewer, Review, ReviewEvent, ReviewOpinion, Score
from .titles import Title, TitleEvent

__all__ = [
    "Application",
    "ApplicationEvent",
    "ApplicationVersion",
    "BranchOpinion",
    "Campaign",
    "CampaignEvent",
    "CampaignReviewer",
    "Criterion",
    "Evidence",
    "Review",
    "ReviewEvent",
    "ReviewOpinion",
    "Rubric",
    "Score",
    "SelfAssessment",
    "Standard",
    "Title",
    "TitleEvent",
]

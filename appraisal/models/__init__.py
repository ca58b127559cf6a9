from .applications import (
    Application,
    ApplicationEvent,
    ApplicationVersion,
    BranchOpinion,
    Evidence,
    SelfAssessment,
)
from .campaigns import Campaign, CampaignEvent, Criterion, Rubric, Standard

__all__ = [
    "Application",
    "ApplicationEvent",
    "ApplicationVersion",
    "BranchOpinion",
    "Campaign",
    "CampaignEvent",
    "Criterion",
    "Evidence",
    "Rubric",
    "SelfAssessment",
    "Standard",
]

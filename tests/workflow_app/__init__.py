"""A test-only workflow that exercises core.models.DecisionEvent and
core.workflow.apply_transition. Installed by qinglian/settings_test.py only;
it has no migrations folder, so pytest-django creates its tables directly
and ``makemigrations --check`` under the real settings never sees it."""

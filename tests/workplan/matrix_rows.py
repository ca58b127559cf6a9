"""The workplan app's rows of the permission matrix (tests/test_permission_matrix.py)."""

ROWS = {}
FORM_POSTS = {}

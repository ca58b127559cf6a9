"""Writes of the integrity records: commitments, talks, study sessions, withdrawals."""

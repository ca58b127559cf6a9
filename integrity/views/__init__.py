"""The integrity records' pages: ``coverage`` (the working group), ``records`` (a unit's
records and their forms), ``mine`` (one's own commitment)."""

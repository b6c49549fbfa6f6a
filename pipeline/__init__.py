"""loften: from published medborgarlöften to structured records, a searchable archive and new drafts."""

__version__ = "0.1.0"

# Bumped whenever extraction output can change: archived records made by an
# older pipeline version are re-extracted by `loften index`.
PIPELINE_VERSION = 1

"""loften: from published medborgarlöften to structured records, a searchable archive and new drafts."""

__version__ = "0.1.0"


"""The activity catalogue: every distinct activity in the archive, with a stable id."""

from pipeline.catalogue.build import (CatalogueEntry, Example, build_catalogue, catalogue_of, entry_for_wording,
                                      find_entry)
from pipeline.catalogue.filter import filter_catalogue, wording_in

__all__ = ["CatalogueEntry", "Example", "build_catalogue", "catalogue_of", "entry_for_wording", "filter_catalogue", "find_entry", "wording_in"]

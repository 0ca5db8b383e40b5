"""The glossary as a static bilingual website: ``build_site`` writes it to a folder."""

from .build import MARKER, SiteSummary, build_site, check_base_url

__all__ = ["MARKER", "SiteSummary", "build_site", "check_base_url"]

"""The whole glossary as one JSON document, in the YAML format's own shape and keys.

It validates against the schema shipped for the YAML files (``glossary/schema/
glossary.schema.json``): one documented format serves both, and a JSON export is itself a
glossary file that the loader reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from ..model import Article, Concept
from ..serialize import article_to_dict, concept_to_dict
from .common import Export


def export_json(concepts: Iterable[Concept], articles: Mapping[str, Article]) -> Export:
    chosen = [concept_to_dict(concept) for concept in concepts]
    document = {
        "articles": {key: article_to_dict(article) for key, article in articles.items()},
        "concepts": chosen,
    }
    text = json.dumps(document, ensure_ascii=False, indent=2)
    # U+2028 and U+2029 are valid raw in JSON, but YAML and JavaScript readers break lines there.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Export((text + "\n").encode("utf-8"), len(chosen))

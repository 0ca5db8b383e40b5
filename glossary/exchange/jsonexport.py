"""The whole glossary as one JSON document, in the YAML format's own shape and keys.

It validates against the schema shipped for the YAML files (``glossary/schema/
glossary.schema.json``): one documented format serves both, and a JSON export is itself a
glossary file that the loader reads.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping

from ..model import Article, Concept
from ..serialize import article_to_dict, concept_to_dict
from .common import Export

# Valid raw in JSON, but a YAML reader refuses DEL, the C1 controls and U+FFFE/U+FFFF, and
# breaks lines at U+0085, U+2028 and U+2029 (JavaScript too); U+FEFF may read as a BOM.
_NOT_RAW_IN_YAML = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def export_json(concepts: Iterable[Concept], articles: Mapping[str, Article]) -> Export:
    chosen = [concept_to_dict(concept) for concept in concepts]
    document = {
        "articles": {key: article_to_dict(article) for key, article in articles.items()},
        "concepts": chosen,
    }
    text = json.dumps(document, ensure_ascii=False, indent=2)
    # Escaped, these characters read back through the YAML loader as themselves.
    text = _NOT_RAW_IN_YAML.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
    return Export((text + "\n").encode("utf-8"), len(chosen))

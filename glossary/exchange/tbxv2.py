"""TBX v2 (ISO 30042:2008, the ``<martif>`` documents of IATE, Microsoft's Terminology
Collection, MultiTerm, translate-toolkit and OmegaT): how it differs from TBX v3, both ways.

The two versions hold the same data categories in nearly the same tree. v2 has no namespace,
and names three levels otherwise: ``termEntry`` for ``conceptEntry``, ``langSet`` for
``langSec``, and ``tig`` or ``ntig`` for ``termSec`` (an ``ntig`` wraps the term and its
term notes in a ``termGrp``). The importer reads a v2 entry by renaming it into the v3 tree
in place (``read_as_v3``); the exporter writes the v3 tree with the v2 names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

#: The root element of a TBX v2 document, whose bare DOCTYPE the importer accepts.
ROOT = "martif"
#: The DOCTYPE the exporter writes: the published core structure, by its usual file name.
DOCTYPE = '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">'
#: The dialect the exporter declares, and the constraint specification TBX-Basic v2 names.
DIALECT = "TBX-Basic-V1"
XCS = "TBXBasicXCSV02.xcs"

#: v3 element name -> v2 element name, for the levels that were renamed.
V2_NAMES = {"conceptEntry": "termEntry", "langSec": "langSet", "termSec": "tig"}
_V3_NAMES = {"termEntry": "conceptEntry", "langSet": "langSec", "tig": "termSec", "ntig": "termSec"}


def read_as_v3(entry: etree._Element) -> None:
    """Rewrite, in place, a v2 ``termEntry`` as the v3 ``conceptEntry`` it stands for: the
    three renamed levels, and each ``ntig``'s ``termGrp`` opened into the term section (the
    term and its notes first, as in a ``tig``). Other elements are the same in both."""
    for ntig in list(entry.iter("ntig")):
        for group in [child for child in ntig if child.tag == "termGrp"]:
            position = list(ntig).index(group)
            ntig.remove(group)
            for offset, child in enumerate(list(group)):
                ntig.insert(position + offset, child)
    for element in entry.iter():
        name = element.tag
        if isinstance(name, str) and name in _V3_NAMES:
            element.tag = _V3_NAMES[name]

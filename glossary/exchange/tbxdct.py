"""DCT style: TBX v3 dialects may write a data category as an element of its module's own
namespace (``<basic:definition>``, ``<min:administrativeStatus>``) where DCA style writes a
core element with a type (``<descrip type="definition">``). The TBX-Basic specification
defines the two as the same data; the importer reads the first as the second.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .safexml import local_name

if TYPE_CHECKING:
    from lxml import etree

#: The core element and type each DCT element of TBX-Min and TBX-Basic stands for.
DCT_AS_DCA = {
    "definition": ("descrip", "definition"),
    "subjectField": ("descrip", "subjectField"),
    "context": ("descrip", "context"),
    "administrativeStatus": ("termNote", "administrativeStatus"),
    "partOfSpeech": ("termNote", "partOfSpeech"),
    "grammaticalGender": ("termNote", "grammaticalGender"),
    "grammaticalNumber": ("termNote", "grammaticalNumber"),
    "termType": ("termNote", "termType"),
    "geographicalUsage": ("termNote", "geographicalUsage"),
    "termLocation": ("termNote", "termLocation"),
    "crossReference": ("ref", "crossReference"),
    "externalCrossReference": ("xref", "externalCrossReference"),
    "source": ("admin", "source"),
    "customerSubset": ("admin", "customerSubset"),
    "projectSubset": ("admin", "projectSubset"),
}


def read_as_dca(entry: etree._Element, core: str) -> None:
    """Rewrite, in place, every DCT element under a concept entry as its DCA equivalent in
    the ``core`` namespace (elements of other namespaces that are not data categories of
    TBX-Min or TBX-Basic are left as they are, and reported as foreign)."""
    for element in entry.iter():
        namespace, name = local_name(element)
        if namespace != core and name in DCT_AS_DCA:
            kind, category = DCT_AS_DCA[name]
            element.tag = f"{{{core}}}{kind}" if core else kind
            element.set("type", category)

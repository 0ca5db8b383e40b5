"""The TBX-Basic Schematron check itself: it passes a valid file and catches each kind of breach.

The exports are run through it in test_export.py; these tests make sure that a pass there
means something (a checker that finds nothing would pass everything).
"""

from __future__ import annotations

import pytest
import tbx_rules
from lxml import etree
from shared_files import needs, shared

SCH = shared("tbx/TBX-Basic_DCA.sch")
RNG = shared("tbx/TBXcoreStructV03.rng")
EXAMPLE = shared("tbx/Example_Astronomy_DCA_VALID.tbx")
pytestmark = needs("tbx/TBX-Basic_DCA.sch", "tbx/TBXcoreStructV03.rng")

VALID = """<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">
<tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
<text><body>
<conceptEntry id="c-a">
  <descrip type="subjectField">concept</descrip>
  <ref type="crossReference" target="c-b">b</ref>
  <langSec xml:lang="en">
    <descripGrp><descrip type="definition">A thing.</descrip><admin type="source">A book</admin></descripGrp>
    <termSec>
      <term>thing</term>
      <termNote type="termType">fullForm</termNote>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
      <termNote type="grammaticalGender">masculine</termNote>
      <note>a note</note>
    </termSec>
  </langSec>
</conceptEntry>
<conceptEntry id="c-b"><langSec xml:lang="en"><termSec><term>other</term></termSec></langSec></conceptEntry>
</body></text></tbx>"""


def failures(text: str) -> list[str]:
    return [f.split(" [")[0] for f in tbx_rules.failures(etree.ElementTree(etree.fromstring(text)), SCH)]


def test_the_valid_sample_passes_both_schemas() -> None:
    assert failures(VALID) == []
    assert etree.RelaxNG(etree.parse(str(RNG))).validate(etree.fromstring(VALID))


@needs("tbx/Example_Astronomy_DCA_VALID.tbx")
def test_the_published_example_passes() -> None:
    assert tbx_rules.failures(etree.parse(str(EXAMPLE)), SCH) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'type="TBX-Basic"',
            'type="TBX-Core"',
            "dialectEnforcement: The name of this dialect should be TBX-Basic.",
        ),
        (
            'style="dca"',
            'style="dct"',
            "dialectEnforcement: The style of this dialect should be declared as 'dca'.",
        ),
        (
            '<descrip type="subjectField">',
            '<descrip type="domain">',
            "dialectEnforcement: Permitted type value(s): subjectField, context, definition",
        ),
        (
            "preferredTerm-admn-sts",
            "preferred",
            (
                "module.min.termNote: /administrativeStatus/ type may be: 'admittedTerm-admn-sts' or "
                "'deprecatedTerm-admn-sts' or 'supersededTerm-admn-sts' or 'preferredTerm-admn-sts'"
            ),
        ),
        (
            ">masculine<",
            ">common<",
            "module.basic.termNote: /grammaticalGender/ type may be: 'masculine' or 'feminine' or 'neuter' or 'other'",
        ),
        (
            ">fullForm<",
            ">transliteration<",
            (
                "module.basic.termNote: /termType/ type may be: 'fullForm' or 'acronym' or 'abbreviation' or "
                "'shortForm' or 'variant' or 'phrase'"
            ),
        ),
        (
            '<descripGrp><descrip type="definition">',
            '<termNote type="termType">fullForm</termNote><descripGrp><descrip type="definition">',
            "coreEnforcement: Any termNote is only allowed at the termSec level.",
        ),
        (
            "<note>a note</note>",
            '<descrip type="subjectField">misplaced</descrip>',
            "module.min.descrip: /subjectField/ may only appear at level(s): conceptEntry",
        ),
        (
            "<note>a note</note>",
            '<descrip type="definition">misplaced</descrip>',
            "module.basic.descrip: /definition/ may only appear at level(s): conceptEntry, langSec",
        ),
        (
            "<note>a note</note>",
            '<x:rating xmlns:x="urn:example">5</x:rating>',
            "dialectEnforcement: DCT style elements are not permitted in DCA style TBX.",
        ),
        (
            "<note>a note</note>",
            '<note target="nowhere">a note</note>',
            (
                "coreEnforcement: ID must be IDREF for internal references or URI following HTTP protocol "
                "for external references."
            ),
        ),
    ],
)
def test_each_breach_is_caught(old: str, new: str, expected: str) -> None:
    assert old in VALID
    assert failures(VALID.replace(old, new, 1)) == [expected]

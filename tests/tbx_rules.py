"""The TBX-Basic Schematron rules, evaluated in Python with lxml.

``TBX-Basic_DCA.sch`` is XSLT-2 Schematron, which lxml (XSLT 1 only) cannot run. Its rules,
though, need only two XPath 2 constructs: ``matches()`` (here EXSLT's ``re:test``, which
also searches) and ``./local-name()`` inside a predicate (here ``local-name()``, the same
node). Everything else in the file is read and applied as Schematron does: within a pattern
each node (element or attribute) is checked by the first rule whose context matches it.
A construct this translation does not know makes the XPath compiler fail, so a changed rule
file can never pass silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

SCH = "http://purl.oclc.org/dsdl/schematron"
EXSLT_RE = "http://exslt.org/regular-expressions"


@dataclass(frozen=True)
class Rule:
    context: str
    asserts: tuple[tuple[str, str], ...]  # (test, message)
    reports: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Pattern:
    id: str
    rules: tuple[Rule, ...]


def _xpath1(expression: str) -> str:
    return expression.replace("matches(", "re:test(").replace("./local-name()", "local-name()")


def load_rules(path: Path) -> tuple[dict[str, str], list[Pattern]]:
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    root = etree.parse(str(path), parser).getroot()
    namespaces = {ns.get("prefix"): ns.get("uri") for ns in root.iter(f"{{{SCH}}}ns")}
    namespaces["re"] = EXSLT_RE
    patterns = []
    for pattern in root.iter(f"{{{SCH}}}pattern"):
        rules = []
        for rule in pattern.iter(f"{{{SCH}}}rule"):
            asserts = tuple(
                (_xpath1(a.get("test")), " ".join("".join(a.itertext()).split()))
                for a in rule.iter(f"{{{SCH}}}assert")
            )
            reports = tuple(
                (_xpath1(r.get("test")), " ".join("".join(r.itertext()).split()))
                for r in rule.iter(f"{{{SCH}}}report")
            )
            rules.append(Rule(_xpath1(rule.get("context")), asserts, reports))
        patterns.append(Pattern(pattern.get("id", "?"), tuple(rules)))
    return namespaces, patterns


def failures(document: etree._ElementTree, sch_path: Path) -> list[str]:
    """Every failed assertion (and fired report) of the rule file on the document."""
    namespaces, patterns = load_rules(sch_path)
    elements = list(document.iter())  # keeps the proxies alive, so id() is stable
    nodes: list[tuple[etree._Element, str | None]] = []
    for element in elements:
        if not isinstance(element.tag, str):
            continue
        nodes.append((element, None))
        nodes.extend((element, name) for name in element.attrib)
    out: list[str] = []
    for pattern in patterns:
        matched: list[set[tuple[int, str | None]]] = []
        for rule in pattern.rules:
            context = rule.context if rule.context.startswith("/") else "//" + rule.context
            found: set[tuple[int, str | None]] = set()
            for item in etree.XPath(context, namespaces=namespaces)(document):
                if isinstance(item, etree._Element):
                    found.add((id(item), None))
                elif getattr(item, "is_attribute", False):
                    found.add((id(item.getparent()), item.attrname))
            matched.append(found)
        for element, attribute in nodes:
            key = (id(element), attribute)
            for rule, found in zip(pattern.rules, matched):
                if key not in found:
                    continue
                for test, message in rule.asserts:
                    if not _holds(element, attribute, test, namespaces):
                        out.append(f"{pattern.id}: {message} [{_where(document, element, attribute)}]")
                for test, message in rule.reports:
                    if _holds(element, attribute, test, namespaces):
                        out.append(f"{pattern.id}: {message} [{_where(document, element, attribute)}]")
                break  # Schematron: the first matching rule of a pattern wins
    return out


def _holds(element: etree._Element, attribute: str | None, test: str, namespaces: dict[str, str]) -> bool:
    if attribute is None:
        return bool(element.xpath(f"boolean({test})", namespaces=namespaces))
    namespace, _, local = attribute[1:].partition("}") if attribute.startswith("{") else ("", "", attribute)
    step = f"@*[local-name()='{local}' and namespace-uri()='{namespace}']"
    return bool(element.xpath(f"boolean({step}[{test}])", namespaces=namespaces))


def _where(document: etree._ElementTree, element: etree._Element, attribute: str | None) -> str:
    path = document.getpath(element)
    return f"{path}/@{attribute}" if attribute else path

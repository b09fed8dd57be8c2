"""What the people verbs return: directory rows, profiles, experts, collaborators, the graph."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass
from typing import Any

# ================================================================ people over the index


@dataclass
class ResearcherSummary:
    name: str
    aliases: list[str]
    publications: int
    as_chief: int
    as_co: int
    years: list[int]


@dataclass
class ProfilePublication:
    id: str
    title: str
    type: str
    year: int | None
    role: str  # "chief" or "co"


@dataclass
class CoAuthor:
    name: str
    count: int


@dataclass
class Profile:
    name: str
    aliases: list[str]
    publications: list[ProfilePublication]
    by_year: dict[int, int]
    by_type: dict[str, int]
    topics: list[str]
    coauthors: list[CoAuthor]


@dataclass
class Evidence:
    id: str
    title: str
    year: int | None
    role: str
    page: int | None
    snippet: str  # HTML-escaped page text, matched words in <mark>, as indexer.snippets makes


@dataclass
class Expert:
    name: str
    aliases: list[str]
    score: float
    evidence: list[Evidence]


@dataclass
class Collaborator:
    name: str
    aliases: list[str]
    score: float
    coauthored: int  # publications they already share with the person asked about
    evidence: list[Evidence]


@dataclass
class GraphNode:
    name: str
    aliases: list[str]
    publications: int


@dataclass
class GraphEdge:
    source: str
    target: str
    publications: int


@dataclass
class CoauthorGraph:
    nodes: list[GraphNode]
    edges: list[GraphEdge]

    def to_json(self) -> dict[str, Any]:
        return {
            "nodes": [asdict(n) for n in self.nodes],
            "edges": [asdict(e) for e in self.edges],
        }

    def to_graphml(self) -> str:
        ns = "http://graphml.graphdrawing.org/xmlns"
        root = ET.Element("graphml", {"xmlns": ns})
        keys = (
            ("name", "node", "name", "string"),
            ("aliases", "node", "aliases", "string"),
            ("npubs", "node", "publications", "int"),
            ("epubs", "edge", "publications", "int"),
        )
        for kid, target, attr, kind in keys:
            ET.SubElement(
                root, "key", {"id": kid, "for": target, "attr.name": attr, "attr.type": kind}
            )
        graph = ET.SubElement(root, "graph", {"id": "coauthors", "edgedefault": "undirected"})
        ids = {n.name: f"n{i}" for i, n in enumerate(self.nodes)}
        for n in self.nodes:
            node = ET.SubElement(graph, "node", {"id": ids[n.name]})
            _data(node, "name", n.name)
            _data(node, "aliases", "; ".join(n.aliases))
            _data(node, "npubs", str(n.publications))
        for i, e in enumerate(self.edges):
            edge = ET.SubElement(
                graph, "edge", {"id": f"e{i}", "source": ids[e.source], "target": ids[e.target]}
            )
            _data(edge, "epubs", str(e.publications))
        ET.indent(root)
        return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _data(parent: ET.Element, key: str, value: str) -> None:
    ET.SubElement(parent, "data", {"key": key}).text = value

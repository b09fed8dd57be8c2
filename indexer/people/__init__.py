"""People over the index: directory, profiles, topics, experts, collaborators, the graph.

Everything here reads the index through `indexer.search.Searcher`'s public methods; the name
authority itself (who is who) lives one layer down, in `indexer.authority`.
"""

from indexer.people.directory import directory, profile
from indexer.people.experts import collaborators, experts
from indexer.people.graph import graph
from indexer.people.librarian import Person, link, merge, rename, split
from indexer.people.results import (
    CoAuthor,
    CoauthorGraph,
    Collaborator,
    Evidence,
    Expert,
    GraphEdge,
    GraphNode,
    Profile,
    ProfilePublication,
    ResearcherSummary,
)
from indexer.people.topics import topics

__all__ = [
    "CoAuthor",
    "CoauthorGraph",
    "Collaborator",
    "Evidence",
    "Expert",
    "GraphEdge",
    "GraphNode",
    "Person",
    "Profile",
    "ProfilePublication",
    "ResearcherSummary",
    "collaborators",
    "directory",
    "experts",
    "graph",
    "link",
    "merge",
    "profile",
    "rename",
    "split",
    "topics",
]

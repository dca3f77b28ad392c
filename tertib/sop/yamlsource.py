"""Read a YAML SOP file into plain data, remembering the line of every key and item."""

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

Path = tuple[str | int, ...]


class SourceError(Exception):
    """The file cannot be read as YAML; carries the line where reading stopped."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Source:
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int | None:
        """The line of the path, or of its nearest parent that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def read_source(text: str) -> Source:
    """Parse YAML text; raise SourceError with a line number for anything unreadable."""
    try:
        _check_shape(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise SourceError(f"YAML tidak dapat dibaca: {error.problem}", line) from None
    except yaml.YAMLError as error:
        raise SourceError(f"YAML tidak dapat dibaca: {error}", None) from None
    source = Source(data=None)
    if node is None:
        raise SourceError("berkas kosong", 1)
    source.data = _build(node, (), source)
    return source


MAX_DEPTH = 20


def _check_shape(text: str) -> None:
    """Refuse anchors, aliases and deep nesting before building anything.

    An SOP file needs none of them, and they are how a small file asks for unbounded memory
    or recursion (a "billion laughs" file, a list inside itself).
    """
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise SourceError("anchor dan alias YAML (& dan *) tidak diizinkan", line)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise SourceError(f"susunan terlalu dalam (lebih dari {MAX_DEPTH} tingkat)", line)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


CORE_TAG = "tag:yaml.org,2002:"
COLLECTION_TAGS = {f"{CORE_TAG}map", f"{CORE_TAG}seq"}
SCALAR_TAGS = {f"{CORE_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}


def shown_tag(tag: str) -> str:
    """A tag as its author wrote it: "tag:yaml.org,2002:python/object" -> "!!python/object"."""
    return "!!" + tag.removeprefix(CORE_TAG) if tag.startswith(CORE_TAG) else tag


def _build(node: yaml.Node, path: Path, source: Source) -> Any:
    source.lines.setdefault(path, node.start_mark.line + 1)
    allowed = SCALAR_TAGS if isinstance(node, yaml.ScalarNode) else COLLECTION_TAGS
    if node.tag not in allowed:
        raise SourceError(
            f"tag YAML '{shown_tag(node.tag)}' tidak diizinkan", node.start_mark.line + 1
        )
    if isinstance(node, yaml.MappingNode):
        return _build_mapping(node, path, source)
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, index), source) for index, item in enumerate(node.value)]
    return _build_scalar(node)


def _build_mapping(node: yaml.MappingNode, path: Path, source: Source) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise SourceError("kunci harus berupa teks", line)
        if key_node.tag not in SCALAR_TAGS:
            raise SourceError(f"tag YAML '{shown_tag(key_node.tag)}' tidak diizinkan", line)
        key = str(key_node.value)  # raw text: YAML 1.1 would read the key "no" as False
        if key in result:
            raise SourceError(f"kunci '{key}' ditulis dua kali", line)
        source.lines[(*path, key)] = line
        result[key] = _build(value_node, (*path, key), source)
    return result


def _build_scalar(node: yaml.Node) -> Any:
    try:
        return SafeConstructor().construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError) as error:
        if node.tag.endswith(":timestamp"):
            return node.value  # "2023-02-30": left as text, the format reports the date
        raise SourceError(f"nilai tidak dapat dibaca: {error}", node.start_mark.line + 1) from None

#!/usr/bin/env python3
"""Parses Swift files with tree-sitter-swift and fails on syntax errors.

No Swift compiler runs on Linux CI here, so this is the check that the
generated bindings (bindings/Vidi.swift) and the hand-written facade
(ios/**/*.swift, ios/Package.swift) are well-formed Swift: every file must
parse with no ERROR or MISSING node.

tree-sitter-swift (pinned in requirements.txt) does not know two constructs
that are valid Swift and that uniffi's templates emit:
  - `@_documentation(visibility: private)`: an attribute argument that is a
    keyword (Swift 5.8's underscored documentation attribute);
  - `{ () }`: a closure whose body is the empty tuple.
An ERROR node whose text is exactly one of those is counted as a known
grammar gap, not a failure; any other is reported with its line. The
checker proves itself first on a good and a broken sample.

Usage: check_swift.py PATH...   (files, or folders searched for *.swift)
Prints one line per file and a last line "swift syntax: N passed, M failed".
"""

import sys
from pathlib import Path

import tree_sitter_swift
from tree_sitter import Language, Parser

# (the ERROR node's text, what its line must hold around it)
KNOWN_GAPS = [
    (b"@_documentation(visibility: private)", b"@_documentation(visibility: private)"),
    (b"()", b"{ () }"),
]

PARSER = Parser(Language(tree_sitter_swift.language()))


def problems(source: bytes):
    """(line, text) of each ERROR or MISSING node that is not a known gap,
    and the number of known gaps met."""
    found = []
    gaps = 0
    stack = [PARSER.parse(source).root_node]
    while stack:
        node = stack.pop()
        if node.is_missing:
            found.append((node.start_point[0] + 1, f"missing {node.type}"))
        elif node.type == "ERROR":
            text = source[node.start_byte : node.end_byte]
            line_start = source.rfind(b"\n", 0, node.start_byte) + 1
            line_end = source.find(b"\n", node.end_byte)
            line = source[line_start : len(source) if line_end < 0 else line_end]
            if any(text == gap and context in line for gap, context in KNOWN_GAPS):
                gaps += 1
            else:
                snippet = text.decode("utf-8", "replace").strip().splitlines()
                found.append((node.start_point[0] + 1, snippet[0][:100] if snippet else ""))
            continue
        if node.has_error:
            stack.extend(node.children)
    return found, gaps


def self_test():
    good = b"""
import Foundation
@_documentation(visibility: private)
public final class A: Sendable {
    public func f(_ x: Data?) async throws -> [UInt8] { let g = { () }; g(); return [] }
}
"""
    broken = b"public func f( {\n  let = 1\n}\nlet x = ( () \n"
    ok_good, _ = problems(good)
    ok_broken, _ = problems(broken)
    if ok_good or not ok_broken:
        sys.exit(f"check_swift: the checker itself is wrong (good: {ok_good}, broken: {ok_broken})")


def swift_files(paths):
    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.swift") if p.is_file())
        else:
            yield path


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    self_test()
    passed = failed = 0
    for path in swift_files(argv[1:]):
        if not path.is_file():
            print(f"FAIL {path}: no such file")
            failed += 1
            continue
        found, gaps = problems(path.read_bytes())
        if found:
            failed += 1
            print(f"FAIL {path}: {len(found)} syntax error(s)")
            for line, text in sorted(found)[:20]:
                print(f"  line {line}: {text}")
        else:
            passed += 1
            note = f" ({gaps} known grammar gaps)" if gaps else ""
            print(f"ok   {path}{note}")
    print(f"swift syntax: {passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

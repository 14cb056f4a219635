#!/usr/bin/env python3
"""Checks that the Swift code calls the generated bindings as generated.

No Swift compiler runs here, so a call with a wrong name or argument
label (uniffi's Swift is lowerCamelCase with every label spelled out)
would only surface on a Mac. This reads bindings/Vidi.swift and checks
every Swift file under ios/ (the facade, the screen models, the app, the
XCTests; not the generated Str.swift):

  functions  each call of a top-level bindings function (`readOffer(link:)`,
             `Vidi.acceptOffer(wallet:...)`), of `Wallet.create`/`Wallet.open`
             and of the `Verifier(cacheDir:)` / `CancelHandle()`
             initialisers passes the generated labels, in order, leaving
             out only parameters that have a default
  methods    each call on a receiver named like a wallet or a verifier
             (`wallet.present(...)`, `self.verifier.sync(...)`) names a
             method of `Wallet`/`Verifier` in the bindings, or one the
             facade in ios/Sources/Vidi adds, with matching labels; so are
             calls on `self` inside `extension Wallet`
  errors     each `VidiError.X` / `.X(` names a case of the generated
             `VidiError`, and a case built with labels uses the case's own
             (`.WrongPin(triesLeft:reason:)`, `.Other(reason:)`)

Usage: check_bindings.py BINDINGS_SWIFT IOS_DIR
Prints "ok"/"FAIL" per check and a last line "ios bindings: N passed, M failed".
"""

import re
import sys
from pathlib import Path

COMMENT = re.compile(r"/\*.*?\*/", re.S)


def strip_comments(source: str) -> str:
    """The source without block comments and line comments (strings kept)."""
    source = COMMENT.sub(" ", source)
    return "\n".join(line.split("//", 1)[0] if "://" not in line else line for line in source.splitlines())


def split_top(text: str) -> list:
    """`text` split at the commas outside any brackets or string."""
    parts, depth, current, in_string = [], 0, [], False
    for ch in text:
        if ch == '"':
            in_string = not in_string
        elif not in_string:
            if ch in "([{":
                depth += 1
            elif ch in ")]}":
                depth -= 1
            elif ch == "," and depth == 0:
                parts.append("".join(current))
                current = []
                continue
        current.append(ch)
    if "".join(current).strip():
        parts.append("".join(current))
    return parts


def closing(text: str, start: int) -> int:
    """The index of the `)` matching the `(` at `start`; -1 if none."""
    depth, in_string = 0, False
    for i in range(start, len(text)):
        ch = text[i]
        if ch == '"' and text[i - 1] != "\\":
            in_string = not in_string
        elif not in_string:
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    return i
    return -1


def params_of(decl_args: str) -> list:
    """A declaration's parameters as (label, has_default); `_` for none."""
    params = []
    for part in split_top(decl_args):
        head = part.split(":", 1)[0].split()
        if not head:
            continue
        params.append((head[0], "=" in part.split(":", 1)[1] if ":" in part else False))
    return params


def labels_of(call_args: str) -> list:
    """A call's argument labels in order; `_` for an unlabelled argument."""
    labels = []
    for part in split_top(call_args):
        m = re.match(r"\s*(\w+)\s*:(?!:)", part)
        labels.append(m.group(1) if m and not part.strip().startswith(("[", "\"")) else "_")
    return labels


def matches(params: list, labels: list) -> bool:
    """Whether `labels` fill `params` in order, skipping only defaulted ones."""
    i = 0
    for label, has_default in params:
        if i < len(labels) and labels[i] == label:
            i += 1
        elif not has_default:
            return False
    return i == len(labels)


def declarations(source: str, pattern: str) -> dict:
    """name -> [parameter lists] for each declaration `pattern` finds."""
    found = {}
    for m in re.finditer(pattern, source):
        start = source.index("(", m.end() - 1)
        end = closing(source, start)
        found.setdefault(m.group(1).strip("`"), []).append(params_of(source[start + 1:end]))
    return found


class Api:
    """What bindings/Vidi.swift and the facade declare."""

    def __init__(self, bindings: str, facade: str):
        b = strip_comments(bindings)
        self.functions = declarations(b, r"(?m)^public func (\w+)\(")
        self.functions = {k: v for k, v in self.functions.items() if not k.startswith("FfiConverter")}
        wallet = b[b.index("open class Wallet:"):b.index("public struct FfiConverterTypeWallet")]
        verifier = b[b.index("open class Verifier:"):b.index("public struct FfiConverterTypeVerifier")]
        self.statics = declarations(wallet, r"(?m)^public static func (`?\w+`?)\(")
        self.methods = {}
        for part in (wallet, verifier):
            for name, lists in declarations(part, r"(?m)^open func (\w+)\(").items():
                self.methods.setdefault(name, []).extend(lists)
        f = strip_comments(facade)
        for name, lists in declarations(f, r"(?m)^\s*public func (\w+)\(").items():
            self.methods.setdefault(name, []).extend(lists)
        self.inits = {
            "Verifier": declarations(verifier, r"(?m)^public convenience (init)\(").get("init", []),
            "CancelHandle": [[]],
        }
        enum = b[b.index("enum VidiError:"):]
        enum = enum[:enum.index("public var errorDescription")]
        self.errors = {}
        for m in re.finditer(r"case (\w+)\(", enum):
            end = closing(enum, m.end() - 1)
            self.errors[m.group(1)] = params_of(enum[m.end():end])


def check_source(api: Api, name: str, source: str) -> tuple:
    """(problems, calls checked) for one Swift file."""
    code = strip_comments(source)
    problems, checked = [], 0

    def line_of(pos):
        return code.count("\n", 0, pos) + 1

    def args_at(paren):
        end = closing(code, paren)
        return code[paren + 1:end] if end > 0 else ""

    # Top-level functions, bare or qualified with the module name.
    for fn, lists in api.functions.items():
        for m in re.finditer(r"(?<![\w.])(?:Vidi\.)?" + fn + r"\(", code):
            before = code[max(0, m.start() - 6):m.start()]
            if re.search(r"(func|case)\s*$", before):
                continue
            checked += 1
            labels = labels_of(args_at(m.end() - 1))
            if not any(matches(p, labels) for p in lists):
                problems.append(f"{name}:{line_of(m.start())}: {fn}({', '.join(labels)}:) does not match the bindings")
    # Wallet.create / Wallet.open, and the initialisers.
    for m in re.finditer(r"\bWallet\.(`?\w+`?)\(", code):
        fn = m.group(1).strip("`")
        checked += 1
        labels = labels_of(args_at(m.end() - 1))
        if fn not in api.statics or not any(matches(p, labels) for p in api.statics[fn]):
            problems.append(f"{name}:{line_of(m.start())}: Wallet.{fn}({', '.join(labels)}:) is not in the bindings")
    for cls, lists in api.inits.items():
        for m in re.finditer(r"(?<![\w.])" + cls + r"\(", code):
            checked += 1
            labels = labels_of(args_at(m.end() - 1))
            if not any(matches(p, labels) for p in lists):
                problems.append(f"{name}:{line_of(m.start())}: {cls}({', '.join(labels)}:) is not an initialiser")
    # Methods on a wallet or a verifier.
    for m in re.finditer(r"(?<![\w.])(?:self\.)?(\w*(?:[Ww]allet|[Vv]erifier)\w*)\??\.(\w+)\(", code):
        receiver, method = m.group(1), m.group(2)
        if receiver in ("Wallet", "Verifier") or receiver[0].isupper():
            continue
        checked += 1
        labels = labels_of(args_at(m.end() - 1))
        lists = api.methods.get(method)
        if not lists:
            problems.append(f"{name}:{line_of(m.start())}: {receiver}.{method} is not a Wallet/Verifier method")
        elif not any(matches(p, labels) for p in lists):
            problems.append(f"{name}:{line_of(m.start())}: {receiver}.{method}({', '.join(labels)}:) labels do not match")
    # Inside `extension Wallet`, calls on `self` are wallet methods too.
    if "extension Wallet {" in code:
        body = code[code.index("extension Wallet {"):]
        offset = code.index("extension Wallet {")
        body = body[:closing(body.replace("{", "(").replace("}", ")"), body.index("{"))]
        for m in re.finditer(r"\bself\.(\w+)\(", body):
            checked += 1
            labels = labels_of(args_at(offset + m.end() - 1))
            lists = api.methods.get(m.group(1))
            if not lists or not any(matches(p, labels) for p in lists):
                problems.append(f"{name}:{line_of(offset + m.start())}: self.{m.group(1)}({', '.join(labels)}:) is not a Wallet method")
    # VidiError cases.
    for m in re.finditer(r"\bVidiError\.(\w+)", code):
        checked += 1
        if m.group(1) not in api.errors:
            problems.append(f"{name}:{line_of(m.start())}: VidiError.{m.group(1)} is not a case")
    for m in re.finditer(r"(?<![\w.])(?:VidiError)?\.(" + "|".join(api.errors) + r")\(", code):
        labels = labels_of(args_at(m.end() - 1))
        if any(l.startswith("let") for l in labels) or all(l == "_" for l in labels):
            continue  # a pattern binding values, not a construction
        checked += 1
        if labels != [p[0] for p in api.errors[m.group(1)]]:
            problems.append(f"{name}:{line_of(m.start())}: .{m.group(1)}({', '.join(labels)}:) has the wrong labels")
    return problems, checked


def self_test(api: Api):
    good = """
        let url = try checkServerUrl(url: text)
        let w = try Wallet.create(path: p, keyProvider: k)
        let v = Verifier(cacheDir: dir)
        _ = try wallet.present(id: id, disclose: .preset(name: "x"), nonce: nil, audience: nil)
        throw VidiError.WrongPin(triesLeft: 2, reason: "x")
        let s = Str.verifierSync.text(language)
        case acceptOffer(link: String?)
        try await Vidi.acceptOffer(wallet: self, link: l, pin: nil, batchSize: 1, cancel: c, progress: nil)
        return .Other(reason: "y")
        extension Wallet {
            func f() throws -> DocumentDetails { try self.document(id: "x") }
        }
    """
    bad = [
        "let url = try checkServerUrl(text)",
        "let o = try readOffer(uri: text)",
        "let w = try Wallet.make(path: p, keyProvider: k)",
        "let v = Verifier(cacheDirectory: dir)",
        "_ = try wallet.present(documentId: id, disclose: d)",
        "_ = try wallet.listDocs()",
        "throw VidiError.WrongPin(reason: \"x\")",
        "throw VidiError.wrongPin(triesLeft: 1, reason: \"x\")",
        "return .Other(message: \"y\")",
        "extension Wallet {\n func f() { try self.document(documentId: x) }\n}",
    ]
    problems, checked = check_source(api, "good", good)
    if problems or checked < 7:
        sys.exit(f"check_bindings: the checker refused good code: {problems} ({checked} calls)")
    for snippet in bad:
        if not check_source(api, "bad", snippet)[0]:
            sys.exit(f"check_bindings: the checker let through: {snippet}")


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    bindings, ios = Path(argv[1]), Path(argv[2]).resolve()
    facade = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ios / "Sources/Vidi").glob("*.swift")))
    api = Api(bindings.read_text(encoding="utf-8"), facade)
    self_test(api)
    problems, checked = [], 0
    for swift in sorted(ios.rglob("*.swift")):
        rel = swift.relative_to(ios)
        if swift.name == "Str.swift" or "Generated" in rel.parts or ".build" in rel.parts:
            continue
        p, c = check_source(api, str(rel), swift.read_text(encoding="utf-8"))
        problems += p
        checked += c
    if checked == 0:
        problems.append("no bindings call found at all (the check would be vacuous)")
    passed = 0 if problems else 1
    if problems:
        print(f"FAIL bindings: {checked} calls checked against bindings/Vidi.swift")
        for p in problems[:30]:
            print(f"  {p}")
    else:
        print(f"ok   bindings: {checked} calls match bindings/Vidi.swift")
    print(f"ios bindings: {passed} passed, {1 - passed} failed")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""Checks that the Swift code uses the generated bindings as generated.

No Swift compiler runs here, so a call with a wrong name or argument
label (uniffi's Swift is lowerCamelCase with every label spelled out), a
field that is not in a view record or a case that is not in an event
would only surface on a Mac. This reads the generated Swift files (both
are compiled into the one module `Vidi`: bindings/Vidi.swift, the wallet,
keys and AppCore; bindings/VidiApp.swift, the app core's events, view
models and effects) and checks every Swift file under ios/ (the Keychain
and Secure Enclave code, the app, the XCTests):

  functions    each call of a top-level bindings function
               (`checkServerUrl(url:)`, `Vidi.readOffer(link:)`) passes the
               generated labels in order, leaving out only parameters that
               have a default
  initialisers each `AppCore(...)`, `Verifier(cacheDir:)`, `CancelHandle()`
               and each record built by hand (`AppConfig(dataDir:...)`)
               uses the generated labels; each `Wallet.create(...)` /
               `Wallet.open(...)` names a static method with its labels
  methods      each call on a receiver named like an object of the
               bindings (`core.send(event:)`, `self.core?.view()`,
               `wallet.present(...)`, `verifier.sync(...)`) names one of
               their methods, or one ios/Sources/Vidi adds, with its labels
  cases        each enum case named with its type (`Event.tick`,
               `UnlockEvent.biometric(ok:cancelled:)`, `VidiError.Other(..)`)
               is a case of it; each leading-dot case with arguments in an
               expression (`send(.setup(event: .finish(pin: p, confirm: c)))`)
               is a case of some bindings enum with exactly those labels, and
               in a pattern (`case .setup(let view)`) one with that many
               values (and its labels, where the pattern names them)
  fields       each field read from a view record or any other bindings
               record (`view.header.title`, `view.platform.tickMs`,
               `setup.serverUrlError`) is one of its fields: a name's type
               comes from its declaration (`let view: SetupView`, a
               parameter, `case .setup(let view)` of `ScreenView`, `if let`,
               `for`/`ForEach` over a record's array, enumerated or not,
               `self` in an extension), followed field by field; a case
               passed where a bindings enum is expected (`event: .delete`)
               is one of its cases, with values exactly when it has some
  one module   no type, function or global is declared by two of the
               generated files (they are compiled into one module, where a
               second `public struct QrMatrix` does not compile)
  conformances each Swift class adopting a callback protocol of the bindings
               (`AppShell`, `KeyProvider`, `DeviceKeyStore`, ...) implements
               every requirement with its labels (`render(view:)`)

Usage: check_bindings.py BINDINGS_SWIFT... IOS_DIR
Prints "ok"/"FAIL" per check and a last line "ios bindings: N passed, M failed".
"""

import re
import sys
from pathlib import Path

COMMENT = re.compile(r"/\*.*?\*/", re.S)
# SwiftUI/Foundation names that are never a bindings case when written as
# `.name(` after an expression (`Text(x).font(.title)`): only the
# implicit member form (after `(`, `,`, `:`, `=`, `case`, ...) is a case.
IMPLICIT_BEFORE = set("(,:=[{?!&|<>+-*/%")
IMPLICIT_KEYWORDS = {"case", "return", "in", "else", "throw", "try", "await", "is", "as"}


def strip_comments(source: str) -> str:
    """The source without block comments and line comments (strings kept)."""
    source = COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), source)
    out = []
    for line in source.splitlines():
        cut = line.find("//")
        while cut >= 0 and line[:cut].count('"') % 2 == 1:
            cut = line.find("//", cut + 2)
        out.append(line if cut < 0 else line[:cut])
    return "\n".join(out)


def split_top(text: str) -> list:
    """`text` split at the commas outside any brackets or string."""
    parts, depth, current, in_string = [], 0, [], False
    for i, ch in enumerate(text):
        if ch == '"' and (i == 0 or text[i - 1] != "\\"):
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


def closing(text: str, start: int, open_ch="(", close_ch=")") -> int:
    """The index of the bracket matching the one at `start`; -1 if none."""
    depth, in_string = 0, False
    for i in range(start, len(text)):
        ch = text[i]
        if ch == '"' and text[i - 1] != "\\":
            in_string = not in_string
        elif not in_string:
            if ch == open_ch:
                depth += 1
            elif ch == close_ch:
                depth -= 1
                if depth == 0:
                    return i
    return -1


def params_of(decl_args: str) -> list:
    """A declaration's parameters as (label, has_default, type); `_` for no label."""
    params = []
    for part in split_top(decl_args):
        head = part.split(":", 1)[0].split()
        if not head:
            continue
        rest = part.split(":", 1)[1] if ":" in part else ""
        swift_type = rest.split("=", 1)[0].strip()
        params.append((head[0], "=" in rest, swift_type))
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
    for label, has_default, _ in params:
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


def body_at(source: str, pos: int) -> str:
    """The `{...}` block that starts at or after `pos`, without the braces."""
    start = source.index("{", pos)
    return source[start + 1:closing(source, start, "{", "}")]


def base_type(swift_type: str) -> tuple:
    """(`T`, is_array) for `T`, `T?`, `[T]`, `[T]?`."""
    t = swift_type.strip().rstrip("?!").strip()
    if t.startswith("[") and t.endswith("]") and ":" not in t:
        return t[1:-1].strip().rstrip("?"), True
    return t, False


class Api:
    """What the generated Swift files and the Swift facade declare."""

    def __init__(self, bindings: list, facade: str):
        b = "\n".join(strip_comments(text) for text in bindings)
        self.functions = {k: v for k, v in declarations(b, r"(?m)^public func (\w+)\(").items()
                          if not k.startswith(("FfiConverter", "uniffi"))}
        self.statics, self.methods, self.inits = {}, {}, {}
        self.objects = set()
        for m in re.finditer(r"(?m)^open class (\w+):", b):
            name = m.group(1)
            if name.endswith("Impl"):
                continue  # the callback protocols' Rust-side implementations
            self.objects.add(name)
            part = b[m.start():b.index(f"public struct FfiConverterType{name}", m.start())]
            for method, lists in declarations(part, r"(?m)^public static func (`?\w+`?)\(").items():
                self.statics.setdefault(name, {}).setdefault(method, []).extend(lists)
            for method, lists in declarations(part, r"(?m)^open func (\w+)\(").items():
                self.methods.setdefault(method, []).extend(lists)
            inits = declarations(part, r"(?m)^public convenience (init)\(").get("init", [])
            if inits:
                self.inits[name] = inits
        f = strip_comments(facade)
        for name, lists in declarations(f, r"(?m)^\s*public func (\w+)\(").items():
            self.methods.setdefault(name, []).extend(lists)
        # Records: fields and the memberwise initialiser.
        self.records = {}
        for m in re.finditer(r"(?m)^public struct (\w+): Equatable, Hashable \{", b):
            body = body_at(b, m.start())
            fields = dict(re.findall(r"(?m)^    public (?:var|let) (\w+): ([^\n=]+?)\s*$", body))
            self.records[m.group(1)] = fields
            init = re.search(r"(?m)^    public init\(", body)
            if init:
                end = closing(body, init.end() - 1)
                self.inits[m.group(1)] = [params_of(body[init.end():end])]
        # Enums (and the error enum): case -> [(label, type)] with values.
        self.enums = {}
        for m in re.finditer(r"(?m)^(?:public )?enum (\w+)\b[^{\n]*\{", b):
            if m.group(1).startswith(("Uniffi", "FfiConverter")):
                continue
            body = body_at(b, m.start())
            cases, depth, i = {}, 0, 0
            for cm in re.finditer(r"[{}]|\bcase (`?\w+`?)(\()?", body):
                if cm.group(0) == "{":
                    depth += 1
                elif cm.group(0) == "}":
                    depth -= 1
                elif depth == 0:
                    name = cm.group(1).strip("`")
                    values = []
                    if cm.group(2):
                        end = closing(body, cm.end() - 1)
                        for part in split_top(body[cm.end():end]):
                            label, _, t = part.partition(":")
                            values.append((label.strip(), t.strip()))
                    cases[name] = values
            self.enums[m.group(1)] = cases
        # Callback protocols the Swift side implements.
        self.protocols = {}
        for m in re.finditer(r"(?m)^public protocol (\w+): AnyObject, Sendable \{", b):
            name = m.group(1)
            if name.endswith("Protocol"):
                continue  # an object's interface, implemented by the bindings
            self.protocols[name] = declarations(body_at(b, m.start()), r"(?m)^\s*func (\w+)\(")
        self.case_values = {}
        for enum, cases in self.enums.items():
            for case, values in cases.items():
                self.case_values.setdefault(case, []).append((enum, values))
        self.types = set(self.records) | set(self.enums) | self.objects


def scopes(code: str) -> list:
    """For each position's enclosing `{...}` block: (start, end) of every block."""
    blocks, stack, in_string = [], [], False
    for i, ch in enumerate(code):
        if ch == '"' and code[i - 1] != "\\":
            in_string = not in_string
        elif not in_string:
            if ch == "{":
                stack.append(i)
            elif ch == "}" and stack:
                blocks.append((stack.pop(), i))
    return blocks


def innermost(blocks: list, pos: int, length: int) -> tuple:
    inside = [(s, e) for s, e in blocks if s < pos < e]
    return max(inside) if inside else (0, length)


def implicit_member(code: str, dot: int) -> bool:
    """Whether the `.` at `dot` starts an implicit member expression."""
    before = code[:dot].rstrip()
    if not before:
        return True
    if before[-1] in IMPLICIT_BEFORE:
        return True
    word = re.search(r"(\w+)$", before)
    return bool(word) and word.group(1) in IMPLICIT_KEYWORDS


def in_pattern(code: str, dot: int, args: list) -> bool:
    """Whether the case at `dot` (with argument texts `args`) is a pattern."""
    if any(re.match(r"\s*(let|var)\b", a) or re.match(r"\s*\w+\s*:\s*(let|var)\b", a) or a.strip() == "_"
           for a in args):
        return True
    before = code[:dot].rstrip()
    return bool(re.search(r"\bcase(\s+let)?$", before))


def callables(api: Api, sources: list) -> dict:
    """Functions and closures of the Swift code that take one bindings enum
    unlabelled (`func send(_ event: Event)`, `let send: @MainActor (Event) -> Void`):
    name -> enum, for the names that mean one enum throughout."""
    found = {}
    for source in sources:
        code = strip_comments(source)
        pairs = re.findall(r"\bfunc (\w+)\(_ \w+: (\w+)\)", code)
        pairs += re.findall(r"\b(?:let|var) (\w+): (?:@\w+ )*\((\w+)\) -> Void", code)
        for fn, enum in pairs:
            if enum in api.enums:
                found.setdefault(fn, set()).add(enum)
    return {fn: enums.pop() for fn, enums in found.items() if len(enums) == 1}


def enum_of(api: Api, swift_type: str):
    """The bindings enum a parameter or field of `swift_type` holds, if any."""
    t, is_array = base_type(swift_type)
    return t if t in api.enums and not is_array else None


def argument_cases(api: Api, args: list, params: list) -> list:
    """(enum, case) for each argument written `.case` or `.case(...)` where
    its parameter holds a bindings enum; `params` as (label, type)."""
    found, positional = [], [p for p in params if p[0] == "_"]
    for arg in args:
        m = re.match(r"\s*(\w+)\s*:(?!:)\s*(.*)$", arg, re.S)
        label, value = (m.group(1), m.group(2)) if m else ("_", arg)
        if label == "_":
            param = positional.pop(0) if positional else None
        else:
            param = next((p for p in params if p[0] == label), None)
        if param is None:
            continue
        enum = enum_of(api, param[1])
        case = re.fullmatch(r"\s*\.(`?\w+`?)\s*(\(.*\))?\s*", value, re.S)
        if enum and case:
            found.append((enum, case.group(1).strip("`"), case.group(2) is not None))
    return found


def check_source(api: Api, name: str, source: str, local: dict = None) -> tuple:
    """(problems, uses checked) for one Swift file."""
    code = strip_comments(source)
    problems, checked = [], 0
    blocks = scopes(code)
    local = callables(api, [source]) if local is None else local

    def expect(pos, args, params):
        """Each `.case` argument is a case of its parameter's enum."""
        nonlocal checked
        for enum, case, called in argument_cases(api, args, params):
            checked += 1
            if case not in api.enums[enum] and case not in ("none", "some"):
                problems.append(f"{name}:{line_of(pos)}: .{case} is not a case of {enum}")
            elif case in api.enums[enum] and called != bool(api.enums[enum][case]):
                problems.append(f"{name}:{line_of(pos)}: .{case} of {enum} "
                                + ("takes no values" if called else "needs its values"))

    def first_match(lists, labels):
        return next((p for p in lists if matches(p, labels)), None)

    def line_of(pos):
        return code.count("\n", 0, pos) + 1

    def args_at(paren):
        end = closing(code, paren)
        return code[paren + 1:end] if end > 0 else ""

    def declared(pos):
        """Nothing precedes a declaration's name but `func`, `case`, `struct`..."""
        return re.search(r"\b(func|case|struct|class|enum|protocol|extension|init)\s*$", code[max(0, pos - 12):pos])

    # Top-level functions, bare or qualified with the module name.
    for fn, lists in api.functions.items():
        for m in re.finditer(r"(?<![\w.])(?:Vidi\.)?" + fn + r"\(", code):
            if declared(m.start()):
                continue
            checked += 1
            args = split_top(args_at(m.end() - 1))
            labels = labels_of(",".join(args))
            found = first_match(lists, labels)
            if found is None:
                problems.append(f"{name}:{line_of(m.start())}: {fn}({', '.join(labels)}:) does not match the bindings")
            else:
                expect(m.start(), args, [(p[0], p[2]) for p in found])
    # Static methods (Wallet.create / Wallet.open).
    for cls, statics in api.statics.items():
        for m in re.finditer(r"\b" + cls + r"\.(`?\w+`?)\(", code):
            fn = m.group(1).strip("`")
            checked += 1
            labels = labels_of(args_at(m.end() - 1))
            if fn not in statics or not any(matches(p, labels) for p in statics[fn]):
                problems.append(f"{name}:{line_of(m.start())}: {cls}.{fn}({', '.join(labels)}:) is not in the bindings")
    # Initialisers of objects and records.
    for cls, lists in api.inits.items():
        for m in re.finditer(r"(?<![\w.])" + cls + r"\(", code):
            if declared(m.start()):
                continue
            checked += 1
            args = split_top(args_at(m.end() - 1))
            labels = labels_of(",".join(args))
            found = first_match(lists, labels)
            if found is None:
                problems.append(f"{name}:{line_of(m.start())}: {cls}({', '.join(labels)}:) is not an initialiser")
            else:
                expect(m.start(), args, [(p[0], p[2]) for p in found])
    # Methods on a receiver named like an object of the bindings.
    for m in re.finditer(r"(?<![\w.])(?:self\.)?(\w*(?:[Ww]allet|[Vv]erifier|[Cc]ore)\w*)[?!]?\.(\w+)\(", code):
        receiver, method = m.group(1), m.group(2)
        if receiver[0].isupper():
            continue
        checked += 1
        args = split_top(args_at(m.end() - 1))
        labels = labels_of(",".join(args))
        lists = api.methods.get(method)
        if not lists:
            problems.append(f"{name}:{line_of(m.start())}: {receiver}.{method} is not a method of the bindings' objects")
        elif first_match(lists, labels) is None:
            problems.append(f"{name}:{line_of(m.start())}: {receiver}.{method}({', '.join(labels)}:) labels do not match")
        else:
            expect(m.start(), args, [(p[0], p[2]) for p in first_match(lists, labels)])
    # The Swift code's own functions and closures taking one enum: `send(.lock)`.
    for fn, enum in local.items():
        for m in re.finditer(r"(?<![\w])" + fn + r"\(", code):
            if declared(m.start()):
                continue
            expect(m.start(), split_top(args_at(m.end() - 1))[:1], [("_", enum)])

    # Enum cases: qualified.
    for m in re.finditer(r"(?<![\w.])(" + "|".join(sorted(api.enums)) + r")\.(`?\w+`?)(\()?", code):
        enum, case = m.group(1), m.group(2).strip("`")
        if case in ("self", "allCases", "init") or (enum in api.records and case not in api.enums.get(enum, {})):
            continue
        checked += 1
        cases = api.enums[enum]
        if case not in cases:
            problems.append(f"{name}:{line_of(m.start())}: {enum}.{case} is not a case")
            continue
        if m.group(3):
            args = split_top(args_at(m.end() - 1))
            pattern = in_pattern(code, m.start(), args)
            problems += case_problems(name, line_of(m.start()), f"{enum}.{case}", [cases[case]], args, pattern)
            if not pattern:
                expect(m.start(), args, cases[case])
    # Enum cases: implicit members with arguments.
    for m in re.finditer(r"(?<![\w)\]}])\.(`?\w+`?)\(", code):
        case = m.group(1).strip("`")
        candidates = [values for _, values in api.case_values.get(case, []) if values]
        if not candidates or not implicit_member(code, m.start()):
            continue
        checked += 1
        args = split_top(args_at(m.end() - 1))
        pattern = in_pattern(code, m.start(), args)
        found = case_problems(name, line_of(m.start()), f".{case}", candidates, args, pattern)
        problems += found
        if not pattern and not found:
            labels = labels_of(",".join(args))
            expect(m.start(), args, next(v for v in candidates if labels == [x[0] for x in v]))

    # Fields of records, following declared types.
    bindings = []  # (position, scope end, name, type)
    length = len(code)

    def bind(pos, var, swift_type, end=None):
        t, is_array = base_type(swift_type)
        if t in api.records or t in api.enums or t in api.objects:
            scope = innermost(blocks, pos, length)
            bindings.append((pos, end or scope[1], var, ("[]" if is_array else "") + t))

    for m in re.finditer(r"(?<![\w.])(?:(?:let|var)\s+)?(\w+)\s*:\s*(\[?[A-Z]\w*\]?\??)(?=\s*[,)={\n]|\s*$)", code, re.M):
        if m.group(1) in ("case", "default"):
            continue
        bind(m.start(), m.group(1), m.group(2))
    chain_re = r"((?:self\.)?[a-z_]\w*(?:[?!]?\.\w+)*)"

    def type_at(pos, var):
        best = None
        for p, end, v, t in bindings:
            if v == var and p <= pos <= end and (best is None or p > best[0]):
                best = (p, t)
        return best[1] if best else None

    def resolve(pos, chain, report):
        """The type a chain like `view.header.menu` has; problems reported."""
        nonlocal checked
        parts = re.split(r"[?!]?\.", chain)
        if parts[0] == "self" and len(parts) > 1 and type_at(pos, "self") is None:
            parts = parts[1:]
        t = type_at(pos, parts[0]) if parts else None
        for field in parts[1:]:
            if t is None or t.startswith("[") or t not in api.records:
                return None
            checked += report
            fields = api.records[t]
            if field not in fields:
                if report:
                    problems.append(f"{name}:{line_of(pos)}: {t} has no field {field}")
                return None
            base, is_array = base_type(fields[field])
            t = ("[]" if is_array else "") + base
        return t

    # Names bound from chains: `if let x = a.b`, `let x = a.b`, `for x in a.b`,
    # `ForEach(a.b, ...) { x in`, and `case .c(let x)` of a bindings enum.
    for m in re.finditer(r"\b(?:if|guard|while)\s+(?:let|var)\s+(\w+)\s*=\s*" + chain_re, code):
        t = resolve(m.start(2), m.group(2), 0)
        if t:
            bind(m.start(), m.group(1), t)
    for m in re.finditer(r"(?:\bfor\s+(\w+)\s+in\s+|ForEach\(\s*)" + chain_re + r"(?:[^{\n]*\{\s*(\w+)\s+in)?", code):
        t = resolve(m.start(2), m.group(2), 0)
        var = m.group(1) or m.group(3)
        if t and t.startswith("[]") and var:
            bind(m.end(), var, t[2:])
    # `ForEach(Array(a.b.enumerated()), ...) { i, x in` and `for (i, x) in a.b.enumerated()`.
    for m in re.finditer(r"(?:ForEach\(\s*Array\(\s*" + chain_re + r"\.enumerated\(\)\s*\)[^{\n]*\{\s*\w+\s*,\s*(\w+)\s+in"
                         r"|\bfor\s*\(\s*\w+\s*,\s*(\w+)\s*\)\s+in\s+" + chain_re + r"\.enumerated\(\))", code):
        chain, var = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        t = resolve(m.start(), chain, 0)
        if t and t.startswith("[]"):
            bind(m.end(), var, t[2:])
    # `self` inside `extension T { ... }` of a bindings type.
    for m in re.finditer(r"\bextension\s+(\w+)\s*(?::[^{]*)?\{", code):
        if m.group(1) in api.types:
            start = code.index("{", m.start())
            bindings.append((start, closing(code, start, "{", "}"), "self", m.group(1)))
    def bind_case(pos, enum, case, values_text, end=None):
        """`case .c(let a, let b)` of `enum`: the case exists; a and b get its types."""
        nonlocal checked
        checked += 1
        if case not in api.enums[enum]:
            problems.append(f"{name}:{line_of(pos)}: .{case} is not a case of {enum}")
            return
        cvalues = api.enums[enum][case]
        values = [a.strip() for a in split_top(values_text)] if values_text is not None else []
        if values_text is not None and len(values) != len(cvalues):
            problems.append(f"{name}:{line_of(pos)}: .{case} of {enum} has {len(cvalues)} values, not {len(values)}")
            return
        for (label, t), arg in zip(cvalues, values):
            bm = re.match(r"(?:(\w+)\s*:\s*)?(?:let|var)?\s*(\w+)$", arg)
            if bm and bm.group(1) not in (None, "let", "var", label):
                problems.append(f"{name}:{line_of(pos)}: .{case} of {enum} has no value {bm.group(1)}")
            elif bm and bm.group(2) != "_":
                bind(pos, bm.group(2), t, end)

    pattern_re = r"(?:let\s+)?\.(`?\w+`?)(?:\(((?:[^()]|\([^()]*\))*)\))?"
    # Switches over a bindings enum: each `case .x` is one of its cases.
    switches = []
    handled = set()
    for m in re.finditer(r"\bswitch\s+" + chain_re + r"\s*\{", code):
        t = resolve(m.start(1), m.group(1), 0)
        if t in api.enums:
            start = code.index("{", m.end() - 1)
            switches.append((start, closing(code, start, "{", "}"), t))
    for m in re.finditer(r"(?<![\w.])case\s+", code):
        if re.search(r"\b(if|guard|while|for)\s*$", code[max(0, m.start() - 8):m.start()]):
            continue
        if innermost(blocks, m.start(), length)[0] not in [sw[0] for sw in switches]:
            continue
        enum = next(sw[2] for sw in switches if sw[0] == innermost(blocks, m.start(), length)[0])
        colon = m.end()
        depth = 0
        while colon < length and not (code[colon] == ":" and depth == 0):
            depth += code[colon] in "([" and 1 or code[colon] in ")]" and -1 or 0
            colon += 1
        # A case's values are bound until the next case of the switch.
        block_end = innermost(blocks, m.start(), length)[1]
        following = [n.start() for n in re.finditer(r"(?<![\w.])(?:case\s|default\s*:)", code[colon:block_end])
                     if innermost(blocks, colon + n.start(), length)[1] == block_end]
        end = colon + following[0] if following else block_end
        handled.add(m.start())
        for part in split_top(code[m.end():colon]):
            pm = re.fullmatch(r"\s*" + pattern_re + r"\s*", part, re.S)
            if pm:
                bind_case(m.start(), enum, pm.group(1).strip("`"), pm.group(2), end)
    # `if case .x(let a) = value`.
    for m in re.finditer(r"\b(?:if|guard)\s+case\s+" + pattern_re + r"\s*=\s*" + chain_re, code):
        t = resolve(m.start(3), m.group(3), 0)
        if t in api.enums:
            bind_case(m.start(), t, m.group(1).strip("`"), m.group(2))
    # Comparisons with a case: `view.method == .pin`.
    for m in re.finditer(chain_re + r"\s*[!=]=\s*\.(`?\w+`?)\b", code):
        t = resolve(m.start(1), m.group(1), 0)
        if t in api.enums:
            checked += 1
            if m.group(2).strip("`") not in api.enums[t]:
                problems.append(f"{name}:{line_of(m.start())}: .{m.group(2)} is not a case of {t}")
    for m in re.finditer(r"\bcase\s+(?:let\s+)?(?:(\w+))?\.(`?\w+`?)\(([^()]*)\)", code):
        if m.start() in handled:
            continue
        enum_name, case = m.group(1), m.group(2).strip("`")
        values = [a.strip() for a in split_top(m.group(3))]
        for enum, cvalues in api.case_values.get(case, []):
            if enum_name and enum != enum_name or len(cvalues) != len(values):
                continue
            for (label, t), arg in zip(cvalues, values):
                bm = re.match(r"(?:\w+\s*:\s*)?(?:let|var)?\s*(\w+)$", arg)
                if bm and bm.group(1) != "_" and (enum_name or label == bm.group(1) or len(api.case_values[case]) == 1):
                    bind(m.start(), bm.group(1), t)
    for m in re.finditer(r"(?<![\w.])" + chain_re + r"(?![\w(])", code):
        if "." in m.group(1) and not declared(m.start()):
            resolve(m.start(), m.group(1), 1)

    # Callback protocols implemented by Swift classes.
    for m in re.finditer(r"\bclass (\w+)\s*:\s*([^{]+)\{", code):
        adopted = [p.strip() for p in m.group(2).split(",")]
        body = body_at(code, m.start())
        implemented = declarations(body, r"\bfunc (\w+)\(")
        for protocol in adopted:
            for requirement, lists in api.protocols.get(protocol, {}).items():
                checked += 1
                wanted = [p[0] for p in lists[0]]
                have = [[p[0] for p in params] for params in implemented.get(requirement, [])]
                if wanted not in have:
                    problems.append(f"{name}:{line_of(m.start())}: {m.group(1)} does not implement "
                                    f"{protocol}.{requirement}({', '.join(wanted)}:)")
    return problems, checked


def case_problems(name, line, shown, candidates, args, pattern) -> list:
    """Problems with a case named with `args`, for any of its `candidates`."""
    labels = labels_of(",".join(args)) if args else []
    if pattern:
        for values in candidates:
            if len(values) != len(args):
                continue
            given = [re.match(r"\s*(\w+)\s*:\s*(?!:)", a) for a in args]
            if all(g is None or g.group(1) in ("let", "var") or g.group(1) == v[0]
                   for g, v in zip(given, values)):
                return []
        return [f"{name}:{line}: {shown} with {len(args)} values is not a pattern of the bindings' case"]
    for values in candidates:
        if labels == [v[0] for v in values]:
            return []
    wanted = " or ".join("(" + ", ".join(v[0] for v in values) + ":)" for values in candidates)
    return [f"{name}:{line}: {shown}({', '.join(labels)}:) does not match {wanted}"]


GOOD = """
    let url = try checkServerUrl(url: text)
    let w = try Wallet.create(path: p, keyProvider: k)
    let v = Verifier(cacheDir: dir)
    throw VidiError.WrongPin(triesLeft: 2, reason: "x")
    let config = AppConfig(dataDir: d, defaultServerUrl: u, biometricAvailable: true, languages: l, pinWorkFactor: nil)
    let core = try AppCore(config: config, keyProvider: k, deviceKeys: nil, shell: s)
    core.send(event: .setup(event: .finish(pin: p, confirm: c)))
    self.core?.send(event: Event.tick)
    let now = try core.view()
    struct S: View {
        let view: SetupView
        var body: some View { Text(view.intro).font(.title).padding(.top) }
    }
    func draw(_ model: ViewModel) {
        if let lock = model.autoLock { show(lock.text) }
        ForEach(model.header.menu, id: \\.self) { item in Text(item.label) }
        switch model.screen {
        case .documents(let model): show(model.items)
        case .setup(let view): show(view.serverUrlError, model.autoLock)
        case .unlock(view: let view): show(view.keyGone)
        default: send(.unlock(event: .biometric(ok: true, cancelled: false)))
        }
    }
    func perform(_ effect: Effect) {
        if case .share(let subject, _) = effect { show(subject) }
        switch effect {
        case .biometricPrompt(let title, let cancel): show(title + cancel)
        case .fileWritten(path: let path), .pickFileToOpen(let path): show(path)
        case .close: break
        default: break
        }
    }
    func send(_ event: Event) {}
    func h(_ v: VerifierView) {
        ForEach(Array(v.lists.enumerated()), id: \\.offset) { _, list in Text(list.age) }
    }
    func g(_ v: SetupView) {
        if v.method == .pin { send(.lock) }
        send(.setup(event: .method(method: .biometric)))
    }
    final class Shell: AppShell {
        func render(view: ViewModel) {}
        func perform(effect: Effect) {}
    }
"""

BAD = [
    "let url = try checkServerUrl(text)",
    "let w = try Wallet.make(path: p, keyProvider: k)",
    "let v = Verifier(cacheDirectory: dir)",
    "throw VidiError.WrongPin(reason: \"x\")",
    "throw VidiError.wrongPin(triesLeft: 1, reason: \"x\")",
    "let c = AppConfig(dataDir: d, defaultServerUrl: u, biometricAvailable: true, languages: l)",
    "let core = try AppCore(config: c, keys: k, shell: s)",
    "core.send(.tick)",
    "core.dispatch(event: .tick)",
    "send(.setup(event: .finish(pin: p)))",
    "send(.scanned(code: text))",
    "send(.scanned(text))",
    "send(Event.scan(text: t))",
    "struct S { let view: SetupView\n func f() { show(view.serverURL) } }",
    "func f(_ model: ViewModel) { show(model.header.titel) }",
    "func f(_ model: ViewModel) { if let lock = model.autoLock { show(lock.words) } }",
    "func f(_ model: ViewModel) { ForEach(model.header.menu, id: \\.self) { item in Text(item.name) } }",
    "func f(_ s: ScreenView) { switch s { case .setup(let view): show(view.pin) default: break } }",
    "func f(_ s: ScreenView) { switch s { case .setup(let a, let b): show(a) default: break } }",
    "final class Shell: AppShell {\n func render(model: ViewModel) {}\n func perform(effect: Effect) {}\n}",
    "func f(_ s: ScreenView) { switch s { case .setupp(let view): show(view) default: break } }",
    "func f(_ e: Effect) { switch e { case .share(let subject): show(subject) default: break } }",
    "func f(_ e: Effect) { switch e { case .share(let s, _): show(s) case .closed: break default: break } }",
    "func f(_ e: Effect) { if case .share(let subject) = e { show(subject) } }",
    "func f(_ v: SetupView) { if v.method == .face { } }",
    "core.send(event: .unlock(event: .confirmStartover))",
    "func send(_ event: Event) {}\nfunc f() { send(.lockNow) }",
    "let send: @MainActor (Event) -> Void = { _ in }\nfunc f() { send(.setup(event: .method(method: .face))) }",
    "func send(_ event: Event) {}\nfunc f() { send(.unlock(event: .useBiometric(now: true))) }",
    "func send(_ event: Event) {}\nfunc f() { send(.scanned) }",
    "extension Tone { var c: Int { switch self { case .good: return 1 case .fine: return 2 default: return 0 } } }",
    "func f(_ v: VerifierView) { ForEach(Array(v.lists.enumerated()), id: \\.offset) { _, list in Text(list.signed) } }",
    "func f(_ view: ViewModel) { switch view.screen { case .setup(let view): show(view.intro) "
    "case .unlock: show(view.intro) default: break } }",
]


def self_test(api: Api):
    if clashes({"a": "public struct A {}\nfileprivate struct F {}", "b": "public struct B {}\nfileprivate struct F {}"}):
        sys.exit("check_bindings: the clash check refused two distinct files")
    if not clashes({"a": "public struct A {}", "b": "public struct A {}"}):
        sys.exit("check_bindings: the clash check let a type declared twice through")
    problems, checked = check_source(api, "good", GOOD)
    if problems or checked < 40:
        sys.exit(f"check_bindings: the checker refused good code: {problems} ({checked} uses)")
    for snippet in BAD:
        if not check_source(api, "bad", snippet)[0]:
            sys.exit(f"check_bindings: the checker let through: {snippet}")


def clashes(bindings: dict) -> list:
    """Names declared at the top level (not fileprivate) by more than one file."""
    seen = {}
    for name, text in bindings.items():
        code = strip_comments(text)
        found = set(re.findall(
            r"(?m)^(?:public |internal |open )?(?:final )?(?:class|struct|enum|protocol|func|var|let|typealias)\s+(\w+)",
            code))
        for decl in found:
            seen.setdefault(decl, []).append(name)
    return [f"{decl} is declared in {' and '.join(files)}" for decl, files in sorted(seen.items()) if len(files) > 1]


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    bindings = [Path(a) for a in argv[1:-1]]
    ios = Path(argv[-1]).resolve()
    facade = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ios / "Sources/Vidi").glob("*.swift")))
    api = Api([b.read_text(encoding="utf-8") for b in bindings], facade)
    self_test(api)
    problems, checked = [], 0
    sources = {swift.relative_to(ios): swift.read_text(encoding="utf-8") for swift in sorted(ios.rglob("*.swift"))
               if not {"Generated", ".build"} & set(swift.relative_to(ios).parts)}
    local = callables(api, list(sources.values()))
    for rel, source in sources.items():
        p, c = check_source(api, str(rel), source, local)
        problems += p
        checked += c
    if checked == 0:
        problems.append("no use of the bindings found at all (the check would be vacuous)")
    names = " and ".join(f"bindings/{b.name}" for b in bindings)
    passed = 0 if problems else 1
    twice = clashes({b.name: b.read_text(encoding="utf-8") for b in bindings})
    if twice:
        print(f"FAIL one module: {len(twice)} names declared twice in {names}")
        for p in twice[:20]:
            print(f"  {p}")
    else:
        print(f"ok   one module: no name declared twice in {names}")
    if problems:
        print(f"FAIL bindings: {checked} uses checked against {names}")
        for p in problems[:40]:
            print(f"  {p}")
    else:
        print(f"ok   bindings: {checked} uses match {names}")
    passed += 0 if twice else 1
    print(f"ios bindings: {passed} passed, {2 - passed} failed")
    return 0 if passed == 2 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

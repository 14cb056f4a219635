#!/usr/bin/env python3
"""Checks the Android project without the Android SDK, Gradle or Google Maven.

Nothing under android/app can be compiled on this machine, so this is what
guards it here. The app is a shell that draws the Rust app core's view model
(the generated bindings: bindings/vn/vidi/app/vidi_app.kt, package
vn.vidi.app, and bindings/vn/vidi/ffi/vidi.kt, package vn.vidi.ffi), so most
of what could drift is its use of the bindings:

  kotlin syntax   every .kt and .kts under android/ (not node_modules or
                  build output) parses with tree-sitter-kotlin with no ERROR
                  or MISSING node; no grammar gap is excused;
  xml             every XML file under android/app parses;
  manifest        the main manifest: one activity, the offer deep link
                  (VIEW, DEFAULT, BROWSABLE, scheme openid-credential-offer),
                  CAMERA, USE_BIOMETRIC and INTERNET, the camera optional,
                  the locale config, allowBackup false, and no cleartext
                  (usesCleartextTraffic false, no network config); the
                  debug overlay adds the network config, which permits
                  cleartext to exactly 10.0.2.2 and localhost and nothing
                  else;
  resources       every R.string.x and @string/x used by the app exists in
                  the generated strings.xml (English and Vietnamese);
  imports         every vn.vidi.app..., vn.vidi.ffi... and vn.vidi.domain...
                  name the app imports is declared in the bindings or
                  android/domain/src/main/kotlin (no wildcard imports, so
                  the checks see every name used);
  bindings        every member the app reads or calls on a value of a
                  bindings (or domain) type exists: names are typed by their
                  declarations (`view: SetupView`, `val header: Header`),
                  by what they are made from (`val core = AppCore(...)`,
                  `val verdict = view.verdict`) and as lambda parameters
                  (`view.lists.forEach { list -> ... }`, `x?.let { v -> }`),
                  and chains are followed through the record fields' and
                  functions' types (`view.header.menu`, `core.view().screen`);
                  a sealed class's members are its cases' (`screen.view`
                  after `is ScreenView.Offer`). Every case, nested class and
                  enum entry named (`Event.Setup`, `is ScreenView.Offer`,
                  `MenuAction.LOCK`) exists; constructors get only the
                  named arguments they declare, and no more positional ones;
                  a `when` over a sealed class or enum of the bindings with
                  no `else` names every case (as the compiler would insist);
  ui literals     no string literal (not even one without letters, such as
                  " / "), string template or `.toString()` is handed to
                  Text(), to a text/label/title/placeholder/
                  contentDescription/onClickLabel argument, assigned to a
                  semantics description, toasted, or given to a system
                  prompt, chooser or share sheet: every word the user reads
                  comes from the view model;
  shell rules     the shell defects of issue 11 stay fixed: MainActivity
                  sets FLAG_SECURE at the top level of onCreate (under no
                  condition) and never clears it; no context is cast to an
                  activity (`LocalContext.current as ...`, `as Activity`,
                  `as FragmentActivity`: findActivity unwraps
                  ContextWrapper); the biometric prompt authenticates a
                  CryptoObject, on a key that needs a strong biometric for
                  every use (`setUserAuthenticationParameters(0, ...)`, no
                  validity window); no executor is kept in `remember` (it
                  would outlive the camera binding that shuts it down); the
                  release build type in android/app/build.gradle.kts names
                  no debug signing config;
  no words        the app's Kotlin reads no string resources
                  (stringResource, getString, R.string) and formats nothing
                  for people (String.format, DateTimeFormatter,
                  SimpleDateFormat, NumberFormat, DecimalFormat, DateUtils,
                  Formatter): the core words and formats.

Each check proves itself on good and bad samples first.

Usage: check_android.py REPO_ROOT [--bindings DIR]
  --bindings DIR  check against the bindings generated into DIR (a fresh
                  scripts/bindings.sh output) instead of REPO_ROOT/bindings
Prints one line per check and a last line "android checks: N passed, M failed".
"""

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import tree_sitter_kotlin
from tree_sitter import Language, Parser

PARSER = Parser(Language(tree_sitter_kotlin.language()))
ANDROID_NS = "{http://schemas.android.com/apk/res/android}"
SKIP_DIRS = {"node_modules", "build", ".gradle", ".idea", ".cxx"}

# Where a string would be text on screen: these calls' first argument, these named
# arguments, these assignments, and (callee, index) of positional arguments.
UI_TEXT_CALLS = {"Text", "BasicText", "ClickableText", "setTitle", "setSubtitle", "setDescription", "setNegativeButtonText"}
UI_TEXT_ARGS = {"text", "label", "title", "placeholder", "supportingText", "contentDescription", "stateDescription", "onClickLabel"}
UI_TEXT_ASSIGNMENTS = {"contentDescription", "stateDescription", "paneTitle"}
UI_TEXT_POSITIONS = {("makeText", 1), ("createChooser", 1), ("putExtra", 1)}
# Wording and formatting the core does, not the shell.
NO_WORDS = re.compile(
    r"\b(?:stringResource|pluralStringResource|getString|getQuantityString|R\.string\.\w+|String\.format|DateTimeFormatter|"
    r"SimpleDateFormat|NumberFormat|DecimalFormat|DateUtils|Formatter)\b|\.format\("
)


class Report:
    """Counts checks and prints one line each."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, problems):
        problems = list(problems)
        if problems:
            self.failed += 1
            print(f"FAIL {name}: {len(problems)} problem(s)")
            for problem in problems[:30]:
                print(f"  {problem}")
        else:
            self.passed += 1
            print(f"ok   {name}")


# --- Kotlin syntax ------------------------------------------------------------


def syntax_errors(source: bytes):
    """(line, text) of each ERROR or MISSING node."""
    found = []
    stack = [PARSER.parse(source).root_node]
    while stack:
        node = stack.pop()
        if node.is_missing:
            found.append((node.start_point[0] + 1, f"missing {node.type}"))
        elif node.type == "ERROR":
            text = source[node.start_byte : node.end_byte].decode("utf-8", "replace").strip().splitlines()
            found.append((node.start_point[0] + 1, text[0][:100] if text else ""))
            continue
        if node.has_error:
            stack.extend(node.children)
    return sorted(found)


def kotlin_files(android: Path):
    for path in sorted(android.rglob("*")):
        if path.suffix in (".kt", ".kts") and path.is_file() and not SKIP_DIRS.intersection(path.relative_to(android).parts):
            yield path


# --- UI literals ----------------------------------------------------------------


def node_text(node, source: bytes) -> str:
    return source[node.start_byte : node.end_byte].decode("utf-8", "replace")


def is_made_text(node, source: bytes) -> bool:
    """Text made in Kotlin: a non-empty string literal or template, a concatenation with one, or a `.toString()`."""
    if node is None:
        return False
    if node.type == "string_literal":
        return len(node_text(node, source)) > 2
    if node.type in ("binary_expression", "additive_expression"):
        return any(child.type == "+" for child in node.children) and any(is_made_text(child, source) for child in node.children)
    if node.type == "call_expression":
        callee = node.children[0] if node.children else None
        return callee is not None and callee.type == "navigation_expression" and node_text(callee.children[-1], source) == "toString"
    return False


def callee_name(call, source: bytes):
    """The called function's simple name (`Text` in `Text(...)` or `material3.Text(...)`)."""
    callee = call.children[0] if call.children else None
    if callee is None:
        return None
    if callee.type == "identifier":
        return node_text(callee, source)
    if callee.type == "navigation_expression" and callee.children:
        last = callee.children[-1]
        if last.type == "identifier":
            return node_text(last, source)
    return None


def argument_parts(argument, source: bytes):
    """(name or None, value node) of a value_argument."""
    children = [c for c in argument.children if c.is_named]
    has_equals = any(c.type == "=" for c in argument.children)
    if has_equals and len(children) >= 2 and children[0].type == "identifier":
        return node_text(children[0], source), children[-1]
    return None, children[-1] if children else None


def ui_literals(source: bytes):
    """(line, snippet) of each text made in Kotlin and shown to the user."""
    found = []
    stack = [PARSER.parse(source).root_node]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.type == "call_expression":
            name = callee_name(node, source)
            args = next((c for c in node.children if c.type == "value_arguments"), None)
            if args is None:
                continue
            arguments = [c for c in args.children if c.type == "value_argument"]
            for index, argument in enumerate(arguments):
                arg_name, value = argument_parts(argument, source)
                shown = (
                    arg_name in UI_TEXT_ARGS
                    or (name in UI_TEXT_CALLS and arg_name is None and index == 0)
                    or (arg_name is None and (name, index) in UI_TEXT_POSITIONS)
                )
                if shown and is_made_text(value, source):
                    found.append((value.start_point[0] + 1, node_text(value, source)[:80]))
        elif node.type == "assignment":
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if left is not None and node_text(left, source).split(".")[-1] in UI_TEXT_ASSIGNMENTS and is_made_text(right, source):
                found.append((right.start_point[0] + 1, node_text(right, source)[:80]))
    return sorted(found)


# --- the catalog and the domain -----------------------------------------------------


def string_resources(path: Path):
    if not path.is_file():
        return set()
    return {e.get("name") for e in ET.parse(path).getroot().iter("string")}


def no_words(text: str):
    """(line, what) of each string resource read or formatting call in [text] (comments and strings removed)."""
    code = code_only(text)
    for match in NO_WORDS.finditer(code):
        yield code.count("\n", 0, match.start()) + 1, match.group(0)


COMMENT_OR_STRING = re.compile(r'//[^\n]*|/\*.*?\*/|"""(?:.|\n)*?"""|"(?:\\.|[^"\\\n])*"', re.DOTALL)


def code_only(text: str) -> str:
    """[text] without comments and string literals (kept as empty strings), lines kept."""
    return COMMENT_OR_STRING.sub(lambda m: '""' if m.group(0).startswith('"') else "\n" * m.group(0).count("\n") + " ", text)


IMPORT = re.compile(r"^import\s+(vn\.vidi\.(?:domain|ffi|app)(?:\.[a-z]\w*)*)\.(\*|[A-Za-z_]\w*)(?:\s+as\s+\w+)?\s*$", re.MULTILINE)
DECLARATION = (
    r"^[ \t]*(?:\*/[ \t]*)?(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|internal|private|data|sealed|enum|abstract|open|value|inline|const|suspend|operator|infix)\s+)*"
    r"(?:(?:class|interface|object|typealias|val|var)\s+|fun(?:\s+<[^>]*>)?\s+(?:[\w.<>?, ]+\.)?)`?{name}`?(?!\w)"
)


def declared(package: str, name: str, sources: dict) -> bool:
    """Whether a file of `package` (a key of `sources`) declares `name` at any depth."""
    pattern = re.compile(DECLARATION.format(name=re.escape(name)), re.MULTILINE)
    return any(pattern.search(text) for text in sources.get(package, []))


def packages(roots):
    """{package: [file texts]} of the Kotlin files under roots."""
    found = {}
    for root in roots:
        for path in sorted(root.rglob("*.kt")) if root.is_dir() else []:
            text = path.read_text(encoding="utf-8")
            match = re.search(r"^package\s+([\w.]+)", text, re.MULTILINE)
            if match:
                found.setdefault(match.group(1), []).append(text)
    return found


def domain_refs(text: str, sources: dict):
    for match in IMPORT.finditer(text):
        package, name = match.groups()
        if name == "*":
            yield f"wildcard import {package}.* (name what is used)"
            continue
        # `vn.vidi.app.Event` or a nested `vn.vidi.ffi.VidiException.Locked`: try the
        # package as written, then one level up for a member of an imported class.
        if declared(package, name, sources):
            continue
        parent, _, owner = package.rpartition(".")
        if owner[:1].isupper() and declared(parent, owner, sources):
            continue
        yield f"{package}.{name} is not declared in the domain or the bindings"


# --- the bindings' classes --------------------------------------------------------------

# What every Kotlin value has, and the scope and collection functions the screens call.
UNIVERSAL_MEMBERS = {"let", "also", "apply", "run", "takeIf", "takeUnless", "toString", "equals", "hashCode", "copy", "orEmpty", "javaClass"}
# Calls whose lambda's first parameter is an element of the list they are called on.
ELEMENT_LAMBDAS = {"forEach", "map", "mapNotNull", "filter", "filterNot", "any", "all", "none", "first", "firstOrNull", "find", "count", "sortedBy", "groupBy", "associateBy", "flatMap", "onEach"}
INDEXED_LAMBDAS = {"forEachIndexed", "mapIndexed", "filterIndexed"}
# Calls whose lambda's parameter is the receiver itself.
RECEIVER_LAMBDAS = {"let", "also", "takeIf", "takeUnless"}
TOP_DECL = re.compile(r"^(?:public\s+|internal\s+)?(?:(data|sealed|enum|open|abstract)\s+)?(class|interface|object)\s+(\w+)", re.MULTILINE)
NESTED_DECL = re.compile(r"^ {4}(?:(?:data|open|sealed)\s+)?(class|object)\s+(\w+)", re.MULTILINE)
FIELD = re.compile(r"^ *(?:override\s+)?(?:val|var) `?(\w+)`?\s*:\s*([\w.<>?]+(?:<[\w.<>?, ]+>)?\??)", re.MULTILINE)
FUNCTION = re.compile(r"\bfun\s+(?:<[^>]*>\s*)?`?(\w+)`?\s*\(([^)]*)\)\s*(?::\s*([\w.<>?]+))?")
CONSTRUCTOR = re.compile(r"\bconstructor\s*\(([^)]*)\)")
ENUM_ENTRY = re.compile(r"^ {4}([A-Z][A-Z0-9_]*)\s*[,;]?\s*$", re.MULTILINE)


TYPE_NAME = re.compile(r"\b((?:[a-z]\w*\.)*)([A-Z]\w*)")


def qualify(kotlin_type: str, resolve) -> str:
    """[kotlin_type] without nullability, each unqualified type name `N` replaced by `resolve(N)` (a qualified name, or N)."""
    text = kotlin_type.strip().rstrip("?").strip()
    return TYPE_NAME.sub(lambda m: m.group(0) if m.group(1) else resolve(m.group(2)), text)


def simple(qname: str) -> str:
    """`vn.vidi.app.SetupView` -> `SetupView`; `List<vn.vidi.app.MenuItem>` -> `List<MenuItem>`."""
    return re.sub(r"\b(?:[a-z]\w*\.)+(?=[A-Z])", "", qname)


def params(text: str):
    """The parameter names of a parameter list's text (`\\`config\\`: AppConfig, x: Int = 1`)."""
    return [m.group(1) for m in re.finditer(r"(?:^|,)\s*(?:(?:private|public|internal|protected|override|open)\s+)*(?:(?:val|var)\s+)?`?(\w+)`?\s*:", text)]


class KClass:
    """A class of the bindings or the domain, as far as the checks need it; types are package-qualified names."""

    def __init__(self, qname, kind):
        self.qname = qname
        self.name = qname.rsplit(".", 1)[-1]
        self.kind = kind  # "data", "sealed", "enum", "open", "class", "interface", "object"
        self.fields = {}  # name -> qualified type
        self.functions = {}  # name -> qualified return type or None
        self.nested = {}  # simple name -> KClass
        self.entries = []  # enum entries
        self.supertypes = []  # qualified names
        self.ctor = None  # constructor parameter names, or None when unknown

    def members(self, classes, seen=None):
        seen = (seen or set()) | {self.qname}
        names = set(self.fields) | set(self.functions) | set(self.nested) | set(self.entries)
        for parent in self.supertypes:
            if parent in classes and parent not in seen:
                names |= classes[parent].members(classes, seen)
        return names


def segments(text: str, pattern):
    """(match, text up to the next match of [pattern] or a line at column 0) for each match."""
    matches = list(pattern.finditer(text))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        top = re.compile(r"^[^\s{})\]/*]", re.MULTILINE).search(text, text.find("\n", m.end()) + 1 if "\n" in text[m.end():] else len(text))
        if top and top.start() < end:
            end = top.start()
        yield m, text[m.start() : end]


def read_class(qname, kind, segment, nested_pattern, resolve):
    cls = KClass(qname, kind)
    header = segment.split("{", 1)[0] if kind != "data" else segment
    cls.supertypes = [qualify(t, resolve).split("(")[0].split("<")[0] for t in re.findall(r"[:,]\s*([\w.]+(?:<[^>]*>)?)\s*(?:\(\))?", header.split(")")[-1])]
    body = segment
    inner = list(nested_pattern.finditer(segment)) if nested_pattern else []
    if inner:
        body = segment[: inner[0].start()]
        for m, nested_segment in segments(segment, nested_pattern):
            nested = read_class(f"{qname}.{m.group(2)}", m.group(1), nested_segment, None, resolve)
            nested.supertypes = [qname]
            cls.nested[m.group(2)] = nested
    for field, field_type in FIELD.findall(body):
        cls.fields.setdefault(field, qualify(field_type, resolve))
    for function, _, returns in FUNCTION.findall(body):
        cls.functions.setdefault(function, qualify(returns, resolve) if returns else None)
    if kind == "enum":
        cls.entries = ENUM_ENTRY.findall(body)
    constructors = [params(c) for c in CONSTRUCTOR.findall(body)]
    if kind in ("data", "class") and not constructors:
        primary = re.match(r"[^(]*\(((?:[^()]|\([^()]*\))*)\)", segment, re.DOTALL)
        constructors = [params(primary.group(1))] if primary else []
    if constructors:
        cls.ctor = sorted({p for c in constructors for p in c})
    return cls


def kotlin_classes(texts):
    """{qualified name: KClass} of the top-level classes, interfaces and objects in [texts] (comments and strings removed), nested ones included."""
    found = []
    declared = {}
    for text in texts:
        package = (re.search(r"^package\s+([\w.]+)", text, re.MULTILINE) or [None, ""])[1]
        for m, segment in segments(text, TOP_DECL):
            modifier, keyword, name = m.groups()
            if not name.startswith(("Ffi", "Uniffi", "Rust")):
                declared.setdefault(package, set()).add(name)
                found.append((package, name, modifier or keyword, segment))
    classes = {}
    for package, name, kind, segment in found:
        qname = f"{package}.{name}" if package else name
        if qname in classes:
            continue

        def resolve(type_name, package=package):
            return f"{package}.{type_name}" if type_name in declared.get(package, ()) else type_name

        cls = read_class(qname, kind, segment, NESTED_DECL, resolve)
        stack = [cls]
        while stack:
            k = stack.pop()
            classes[k.qname] = k
            stack.extend(k.nested.values())
    return classes


# --- what the app uses of them -------------------------------------------------------------

KNOWN_IMPORT = re.compile(r"^import\s+(vn\.vidi\.(?:app|ffi|domain))\.((?:[A-Z]\w*\.)*[A-Z]\w*)(?:\s+as\s+(\w+))?\s*$", re.MULTILINE)


class Use:
    """A value's possible types (plain names, `List<T>`), or a class named statically."""

    def __init__(self, types=(), static=None):
        self.types = set(types)
        self.static = static  # a KClass named as such (`Event`, `Event.Setup`)


def binding_problems(source: bytes, classes):
    """Each member, nested class, enum entry or named argument the app uses on the bindings' or the domain's classes that they do not declare; and each `when` over a sealed class or enum that misses a case with no `else`."""
    text = source.decode("utf-8", "replace")
    imported = {}
    for m in KNOWN_IMPORT.finditer(text):
        package, path, alias = m.groups()
        cls = classes.get(f"{package}.{path}")
        if cls is not None:
            imported[alias or path.split(".")[-1]] = cls

    def resolve_name(type_name):
        return imported[type_name].qname if type_name in imported else type_name

    found = []
    root = PARSER.parse(source).root_node

    def line(node):
        return node.start_point[0] + 1

    def txt(node):
        return node_text(node, source)

    def members_of(types):
        known = set(UNIVERSAL_MEMBERS)
        for t in types:
            cls = classes.get(t)
            if cls is None:
                return None  # not ours: anything goes
            known |= cls.members(classes)
            if cls.kind == "sealed":
                for nested in cls.nested.values():
                    known |= nested.members(classes)
        return known

    def member_type(types, member):
        out = set()
        for t in types:
            cls = classes.get(t)
            if cls is None:
                continue
            candidates = [cls] + (list(cls.nested.values()) if cls.kind == "sealed" else [])
            for c in candidates:
                seen = set()
                stack = [c]
                while stack:
                    k = stack.pop()
                    if k.qname in seen:
                        continue
                    seen.add(k.qname)
                    if member in k.fields:
                        out.add(k.fields[member])
                    elif member in k.functions and k.functions[member]:
                        out.add(k.functions[member])
                    stack.extend(classes[p] for p in k.supertypes if p in classes)
        return out

    def declared_type(node):
        kind = next((c for c in node.children if c.type in ("user_type", "nullable_type")), None)
        return qualify(txt(kind), resolve_name) if kind is not None else None

    # Names typed in each scope: the nearest function, else the file (class properties, top level).
    def scope_of(node):
        while node is not None and node.type not in ("function_declaration", "source_file"):
            node = node.parent
        return node

    scopes = {}

    def bind(node, name, types):
        types = {t for t in types if t}
        if types:
            scopes.setdefault(scope_of(node).id, {}).setdefault(name, set()).update(types)

    def lookup(node, name):
        found_types = set()
        for scope in (scope_of(node), root):
            found_types |= scopes.get(scope.id if scope is not None else None, {}).get(name, set())
        return found_types

    def resolve(node):
        """The Use of an expression, checking the members it reaches on the way."""
        if node is None:
            return Use()
        if node.type == "identifier":
            name = txt(node)
            types = lookup(node, name)
            if types:
                return Use(types)
            if name in imported:
                return Use(static=imported[name])
            return Use()
        if node.type == "parenthesized_expression":
            return resolve(next((c for c in node.children if c.is_named), None))
        if node.type == "navigation_expression":
            left, member = node.children[0], node.children[-1]
            if member.type != "identifier":
                return Use()
            name = txt(member)
            use = resolve(left)
            if use.static is not None:
                cls = use.static
                if name in cls.nested:
                    nested = cls.nested[name]
                    return Use({cls.qname}) if nested.kind == "object" else Use(static=nested)
                if name in cls.entries:
                    return Use({cls.qname})
                if name in cls.functions or name in cls.fields:  # companion members
                    return Use({cls.functions.get(name) or cls.fields.get(name)} - {None})
                if name not in ("values", "entries", "valueOf", "Companion"):
                    found.append((line(member), f"{txt(node)}: {cls.name} has no case or nested class {name}"))
                return Use()
            if use.types:
                known = members_of(use.types)
                if known is not None and name not in known and not any(t.startswith("List<") for t in use.types):
                    found.append((line(member), f"{txt(node)}: {'/'.join(sorted(simple(t) for t in use.types))} has no member {name}"))
                return Use(member_type(use.types, name))
            return Use()
        if node.type == "call_expression":
            callee = node.children[0]
            use = resolve(callee)
            arguments = next((c for c in node.children if c.type == "value_arguments"), None)
            if use.static is not None:
                cls = use.static
                if arguments is not None and cls.ctor is not None:
                    named = []
                    positional = 0
                    for argument in (c for c in arguments.children if c.type == "value_argument"):
                        arg_name, _ = argument_parts(argument, source)
                        if arg_name is None:
                            positional += 1
                        else:
                            named.append(arg_name)
                    for arg_name in named:
                        if arg_name not in cls.ctor:
                            found.append((line(node), f"{txt(callee)}({arg_name} = ...): no parameter {arg_name} (has {', '.join(cls.ctor) or 'none'})"))
                    if positional > len(cls.ctor):
                        found.append((line(node), f"{txt(callee)}: {positional} arguments for {len(cls.ctor)} parameters"))
                return Use({cls.qname})
            return use
        return Use()

    def element_type(types):
        return {m.group(1) for t in types for m in [re.fullmatch(r"List<([\w.]+)>", t)] if m}

    # Pass 1: what each name is (declared types, constructor calls, chains, lambda parameters), in
    # document order so that a name is known before it is used below.
    def walk(node):
        if node.type in ("parameter", "class_parameter"):
            name = next((c for c in node.children if c.type == "identifier"), None)
            kind = declared_type(node)
            if name is not None and kind:
                bind(node, txt(name).strip("`"), {kind})
        elif node.type == "property_declaration":
            variable = next((c for c in node.children if c.type == "variable_declaration"), None)
            name = next((c for c in variable.children if c.type == "identifier"), None) if variable else None
            if name is not None:
                kind = declared_type(variable)
                value = node.children[-1] if len(node.children) > 1 and node.children[-2].type == "=" else None
                if kind:
                    bind(node, txt(name), {kind})
                elif value is not None:
                    bind(node, txt(name), resolve(value).types)
        elif node.type == "call_expression" and node.children[0].type == "navigation_expression":
            callee = node.children[0]
            function = txt(callee.children[-1])
            lambda_node = next((c for c in node.children if c.type == "annotated_lambda"), None)
            if lambda_node is not None:
                lam = next((c for c in lambda_node.children if c.type == "lambda_literal"), None)
                parameters = next((c for c in lam.children if c.type == "lambda_parameters"), None) if lam else None
                names = [next((i for i in v.children if i.type == "identifier"), None) for v in parameters.children if v.type == "variable_declaration"] if parameters else []
                receiver = resolve(callee.children[0]).types
                if function in ELEMENT_LAMBDAS and names and names[0] is not None:
                    bind(node, txt(names[0]), element_type(receiver))
                elif function in INDEXED_LAMBDAS and len(names) > 1 and names[1] is not None:
                    bind(node, txt(names[1]), element_type(receiver))
                elif function in RECEIVER_LAMBDAS and names and names[0] is not None:
                    bind(node, txt(names[0]), receiver)
        for child in node.children:
            walk(child)

    walk(root)
    found.clear()  # pass 1 resolved before every name was known; pass 2 reports

    # Pass 2: every chain (each of its parts reports once), every `is` test and every `when`
    # over our sealed classes and enums.
    def check(node):
        if node.type in ("navigation_expression", "call_expression"):
            resolve(node)
        elif node.type == "user_type" and node.parent is not None and node.parent.type == "type_test":
            parts = [txt(c) for c in node.children if c.type == "identifier"]
            cls = imported.get(parts[0])
            for part in parts[1:]:
                if cls is None:
                    break
                if part not in cls.nested:
                    found.append((line(node), f"is {txt(node)}: {cls.name} has no case {part}"))
                cls = cls.nested.get(part)
        elif node.type == "when_expression" and any(c.type == "when_subject" for c in node.children):
            exhaustive(node)
        for child in node.children:
            check(child)

    def exhaustive(when):
        entries = [c for c in when.children if c.type == "when_entry"]
        if any(e.children and txt(e.children[0]) == "else" for e in entries):
            return
        owner, cases = None, set()
        for entry in entries:
            for condition in entry.children:
                if condition.type == "->":
                    break
                target = condition
                if condition.type == "type_test":
                    target = next((c for c in condition.children if c.type == "user_type"), None)
                if target is None or condition.type == ",":
                    continue
                parts = txt(target).split(".")
                if len(parts) == 2 and parts[0] in imported:
                    owner = imported[parts[0]]
                    cases.add(parts[1])
        if owner is None:
            return
        expected = set(owner.entries) if owner.kind == "enum" else set(owner.nested) if owner.kind == "sealed" else set()
        missing = sorted(expected - cases)
        if missing:
            found.append((line(when), f"when over {owner.name} misses {', '.join(missing)} and has no else"))

    check(root)
    return sorted(set(found))


# --- the manifest and network config -----------------------------------------------


def attr(element, name):
    return element.get(ANDROID_NS + name)


def manifest_problems(main: Path, debug: Path, network: Path):
    if not main.is_file():
        yield f"no {main}"
        return
    root = ET.parse(main).getroot()
    app = root.find("application")
    if app is None:
        yield "no <application>"
        return
    permissions = {attr(p, "name") for p in root.findall("uses-permission")}
    for needed in ("android.permission.CAMERA", "android.permission.USE_BIOMETRIC", "android.permission.INTERNET"):
        if needed not in permissions:
            yield f"missing <uses-permission {needed}>"
    cameras = [f for f in root.findall("uses-feature") if attr(f, "name") == "android.hardware.camera"]
    if not cameras or any(attr(f, "required") != "false" for f in cameras):
        yield "the camera must be declared as a feature that is not required"
    if attr(app, "allowBackup") != "false":
        yield "allowBackup must be false (the wallet has its own backup)"
    if attr(app, "usesCleartextTraffic") != "false":
        yield "the main manifest must set usesCleartextTraffic=false"
    if attr(app, "networkSecurityConfig") is not None:
        yield "the main manifest must not set a networkSecurityConfig (debug only)"
    if attr(app, "localeConfig") != "@xml/locales_config":
        yield "the application must point android:localeConfig at @xml/locales_config"
    if not (attr(app, "label") or "").startswith("@string/"):
        yield "the app's label must come from @string/"
    activities = app.findall("activity")
    if len(activities) != 1:
        yield f"one activity expected, found {len(activities)}"
    deep_link = False
    for activity in activities:
        for intent in activity.findall("intent-filter"):
            actions = {attr(a, "name") for a in intent.findall("action")}
            categories = {attr(c, "name") for c in intent.findall("category")}
            schemes = {attr(d, "scheme") for d in intent.findall("data")}
            if (
                "android.intent.action.VIEW" in actions
                and {"android.intent.category.DEFAULT", "android.intent.category.BROWSABLE"} <= categories
                and "openid-credential-offer" in schemes
            ):
                deep_link = True
    if not deep_link:
        yield "no VIEW/DEFAULT/BROWSABLE intent filter for scheme openid-credential-offer"

    if not debug.is_file():
        yield f"no {debug}"
    else:
        debug_app = ET.parse(debug).getroot().find("application")
        if debug_app is None or attr(debug_app, "networkSecurityConfig") != "@xml/network_security_config":
            yield "the debug manifest must set networkSecurityConfig=@xml/network_security_config"
    yield from network_problems(network)


def network_problems(path: Path):
    if not path.is_file():
        yield f"no {path}"
        return
    root = ET.parse(path).getroot()
    base = root.find("base-config")
    if base is not None and base.get("cleartextTrafficPermitted") != "false":
        yield "base-config must not permit cleartext"
    allowed = set()
    for config in root.iter("domain-config"):
        if config.get("cleartextTrafficPermitted") == "true":
            for domain in config.iter("domain"):
                if domain.get("includeSubdomains") == "true":
                    yield f"cleartext to subdomains of {domain.text}"
                allowed.add((domain.text or "").strip())
    if allowed != {"10.0.2.2", "localhost"}:
        yield f"cleartext must be permitted to exactly 10.0.2.2 and localhost, not {sorted(allowed)}"


# --- shell rules (issue 11) ---------------------------------------------------------


def block_after(code: str, start: int) -> str:
    """The body of the brace block opening at or after [start] in [code] (comments and strings removed)."""
    open_at = code.find("{", start)
    if open_at < 0:
        return ""
    depth = 0
    for i in range(open_at, len(code)):
        if code[i] == "{":
            depth += 1
        elif code[i] == "}":
            depth -= 1
            if depth == 0:
                return code[open_at + 1 : i]
    return code[open_at + 1 :]


def line_of(code: str, index: int) -> int:
    return code.count("\n", 0, index) + 1


SET_SECURE = re.compile(r"\b(?:addFlags|setFlags)\(\s*(?:WindowManager\.)?(?:LayoutParams\.)?FLAG_SECURE\b")
CLEAR_SECURE = re.compile(r"\bclearFlags\(\s*(?:WindowManager\.)?(?:LayoutParams\.)?FLAG_SECURE\b")


def secure_window_problems(text: str):
    """FLAG_SECURE set at the top level of onCreate (under no condition, in no lambda), and never cleared."""
    code = code_only(text)
    create = re.search(r"\boverride\s+fun\s+onCreate\s*\(", code)
    if create is None:
        yield "no onCreate"
        return
    body = block_after(code, code.find(")", create.end()))
    unconditional = False
    for m in SET_SECURE.finditer(body):
        before = body[: m.start()]
        depth = before.count("{") - before.count("}")
        line = before.rsplit("\n", 1)[-1]
        if depth == 0 and not re.search(r"\b(?:if|when|else)\b|\?\.|&&|\|\|", line):
            unconditional = True
    if not unconditional:
        yield "onCreate does not set FLAG_SECURE unconditionally (window.setFlags(FLAG_SECURE, FLAG_SECURE) at its top level)"
    for m in CLEAR_SECURE.finditer(code):
        yield f"line {line_of(code, m.start())}: FLAG_SECURE is cleared"


CONTEXT_CAST = re.compile(
    r"\bLocalContext\.current\s+as\b"
    r"|\bas\??\s+(?:android\.app\.)?(?:Activity|FragmentActivity|ComponentActivity|AppCompatActivity|MainActivity)\b"
)


def context_cast_problems(text: str):
    """(line, text) of each cast of a context to an activity (a ContextWrapper makes it throw)."""
    code = code_only(text)
    for m in CONTEXT_CAST.finditer(code):
        yield line_of(code, m.start()), m.group(0)


PER_USE_KEY = re.compile(r"\bsetUserAuthenticationParameters\(\s*0\s*,\s*KeyProperties\.AUTH_BIOMETRIC_STRONG\s*\)")
TIMED_KEY = re.compile(r"\bsetUserAuthenticationValidityDurationSeconds\(|\bsetUserAuthenticationParameters\(\s*(?!0\s*,)")
CRYPTO_PROMPT = re.compile(r"\.authenticate\(\s*\w+\s*,\s*BiometricPrompt\.CryptoObject\(")


def biometric_problems(texts: dict):
    """The shell's Kotlin ({name: text}): a CryptoObject prompt on a key that needs a biometric for every use, no time window."""
    codes = {name: code_only(text) for name, text in texts.items()}
    if not any(CRYPTO_PROMPT.search(code) for code in codes.values()):
        yield "the biometric prompt does not authenticate a BiometricPrompt.CryptoObject (prompt.authenticate(info, CryptoObject(cipher)))"
    if not any(PER_USE_KEY.search(code) for code in codes.values()):
        yield "no key needs a strong biometric for every use (setUserAuthenticationParameters(0, KeyProperties.AUTH_BIOMETRIC_STRONG))"
    for name, code in sorted(codes.items()):
        for m in TIMED_KEY.finditer(code):
            yield f"{name}:{line_of(code, m.start())}: a key usable for a while after authenticating: {m.group(0)}"


REMEMBERED_EXECUTOR = re.compile(r"\bremember(?:Saveable)?\s*(?:\([^)]*\))?\s*\{\s*Executors\.")


def executor_problems(text: str):
    """(line, text) of each executor kept in `remember`: it outlives the camera binding that shuts it down."""
    code = code_only(text)
    for m in REMEMBERED_EXECUTOR.finditer(code):
        yield line_of(code, m.start()), m.group(0)


DEBUG_SIGNING = re.compile(r"signingConfigs\.(?:getByName|named|findByName)\(\s*\"debug\"\s*\)|signingConfigs\.debug\b|signingConfigs\[\s*\"debug\"\s*\]")


def release_signing_problems(text: str):
    """The release build type of a build.gradle.kts names no debug signing config."""
    # Comments out, strings kept: the config's name is a string.
    code = re.sub(r"//[^\n]*|/\*.*?\*/", " ", text, flags=re.DOTALL)
    types = re.search(r"\bbuildTypes\s*\{", code)
    if types is None:
        yield "no buildTypes block"
        return
    body = block_after(code, types.start())
    release = re.search(r"(?:\brelease|getByName\(\s*\"release\"\s*\)|named\(\s*\"release\"\s*\))\s*\{", body)
    if release is None:
        yield "no release build type"
        return
    for m in DEBUG_SIGNING.finditer(block_after(body, release.start())):
        yield f"the release build type is signed with the debug key ({m.group(0)})"


# --- self test ---------------------------------------------------------------------


# A sample of the bindings as uniffi writes them, for the self-test.
SAMPLE_BINDINGS = """
package vn.vidi.app

/**
 * The view.
 */
data class SetupView (
    /**
     * Its words.
     */
    var `intro`: kotlin.String
    , 
    var `header`: Header
    , 
    var `items`: List<vn.vidi.app.MenuItem>
    , 
    var `note`: kotlin.String?
    
){
    companion object
}

data class Header (
    var `title`: kotlin.String
){
    companion object
}

data class MenuItem (
    var `label`: kotlin.String
    , 
    var `action`: MenuAction
){
    companion object
}

enum class MenuAction {
    
    /**
     * Lock it.
     */
    LOCK,
    BACK;
    companion object
}

sealed class Event {
    
    object Start : Event()
    
    data class Setup(
        /**
         * What happened there.
         */
        val `event`: vn.vidi.app.SetupEvent) : Event()
        
    {
        companion object
    }
    companion object
}

sealed class ScreenView {
    data class First(
        val `view`: vn.vidi.app.SetupView) : ScreenView()
    {
        companion object
    }
    data class Second(
        val `view`: vn.vidi.app.Header) : ScreenView()
    {
        companion object
    }
}

public object FfiConverterTypeHeader: FfiConverterRustBuffer<Header> {
    override fun read(buf: ByteBuffer): Header {
        return Header(FfiConverterString.read(buf))
    }
}

data class Code (
    var `modules`: kotlin.ByteArray
){
}
"""
SAMPLE_FFI = """
package vn.vidi.ffi

data class Code (
    var `matrix`: kotlin.String
){
}

open class AppCore: Disposable, AutoCloseable, AppCoreInterface
{
    constructor(`config`: AppConfig, `deviceKeys`: DeviceKeyStore? = null, `shell`: AppShell) :
        this(UniffiWithHandle, 0)

    /**
     * Sends.
     */override fun `send`(`event`: Event)
    {
    }

    @Throws(VidiException::class)override fun `view`(): SetupView {
        return x
    }

    override fun close() {
    }
}
"""


def self_test(tmp: Path):
    """Each check must pass a good sample and catch a bad one."""
    good = b'package a\n\nfun f(x: Int?): String = when (x) { null -> "" else -> "$x" }\nval g = listOf(1).map { it * 2 }\n'
    broken = b"package a\nfun f( {\n  val = 1\n}\nclass ( \n"
    ui_good = b'fun S() { Text(view.title); Text(text = s); Icon(contentDescription = null); Text(""); val k = "log"; setType("text/plain") }\n'
    ui_bad = [
        b'fun S() { Text("Hello") }',
        b'fun S() { Button(onClick = {}) { material3.Text(text = "Xin ch\xc3\xa0o $name") } }',
        b'fun S() { Icon(Icons.Default.Add, contentDescription = "Add") }',
        b'fun S() { Modifier.semantics { contentDescription = "QR code" } }',
        b'fun S() { Toast.makeText(context, "Saved", Toast.LENGTH_SHORT).show() }',
        b'fun S() { Text("${n} / ${m}") }',
        b'fun S() { Text(view.seconds.toString()) }',
        b'fun S() { Text(view.title + ":") }',
        b'fun S() { Intent.createChooser(send, "Share") }',
        b'fun S() { Modifier.clickable(onClickLabel = "Next") {} }',
    ]
    words_good = 'fun S() { Text(view.caption) } // String.format is the core\'s\nval t = "R.string.none"\n'
    words_bad = ['Text(stringResource(R.string.title))', 'val s = "%d".format(n)', 'val f = DateTimeFormatter.ofPattern(p)', 'getString(R.string.x)']
    sources = {"vn.vidi.app": ["class AppModel(\n", "fun QrTick.label(language: Language): String =\n", "enum class Str(\n", "   */ fun `pinKey`(`inner`: K): K {\n"]}
    refs_good = "import vn.vidi.app.AppModel\nimport vn.vidi.app.label\nimport vn.vidi.app.Str\nimport vn.vidi.app.pinKey\n"
    refs_bad = ["import vn.vidi.app.GoneModel\n", "import vn.vidi.app.*\n", "import vn.vidi.ffi.Gone\n"]
    network_good = tmp / "good.xml"
    network_good.write_text(
        '<network-security-config><base-config cleartextTrafficPermitted="false"/>'
        '<domain-config cleartextTrafficPermitted="true"><domain>10.0.2.2</domain><domain>localhost</domain></domain-config>'
        "</network-security-config>"
    )
    network_bad = tmp / "bad.xml"
    network_bad.write_text(
        '<network-security-config><base-config cleartextTrafficPermitted="true"/>'
        '<domain-config cleartextTrafficPermitted="true"><domain>10.0.2.2</domain><domain>example.com</domain></domain-config>'
        "</network-security-config>"
    )
    classes = kotlin_classes([code_only(SAMPLE_BINDINGS), code_only(SAMPLE_FFI)])
    imports = (
        "import vn.vidi.app.Event\nimport vn.vidi.app.Header\nimport vn.vidi.app.MenuAction\nimport vn.vidi.app.ScreenView\n"
        "import vn.vidi.app.SetupView\nimport vn.vidi.ffi.AppCore\nimport vn.vidi.app.MenuAction as Action\nimport vn.vidi.app.Code\n"
    )
    bindings_good = imports + (
        "class M(app: Application) {\n    private val core = AppCore(config = c, shell = this)\n"
        "    fun go() { core.send(Event.Setup(x)); core.send(Event.Start); val v = core.view(); Text(v.header.title) }\n}\n"
        "fun S(view: SetupView, screen: ScreenView, send: (Event) -> Unit) {\n"
        "    val header: Header = view.header\n    Text(header.title + view.intro)\n    view.note?.let { note -> Text(note.length) }\n"
        "    view.items.forEach { item -> Text(item.label); send(menu(item.action)) }\n"
        "    when (screen) {\n        is ScreenView.First -> Text(screen.view.intro)\n        is ScreenView.Second -> Text(screen.view.title)\n    }\n"
        "    val other = PreviewView(c); other.controller = x; view.items.isNotEmpty()\n}\n"
        "fun menu(action: MenuAction): Event = when (action) {\n    MenuAction.LOCK -> Event.Start\n    Action.BACK -> Event.Start\n}\n"
        "fun T(view: PreviewView, code: Code) { view.scaleType = x; code.modules.size }\n"
    )
    bindings_bad = [
        imports + "fun S(view: SetupView) { Text(view.title) }\n",
        imports + "fun S(view: SetupView) { Text(view.header.label) }\n",
        imports + "fun S(view: SetupView) { view.items.forEach { item -> Text(item.text) } }\n",
        imports + "fun S(view: SetupView) { view.header?.let { h -> Text(h.intro) } }\n",
        imports + "fun S(send: (Event) -> Unit) { send(Event.Stop) }\n",
        imports + "fun S(send: (Event) -> Unit) { send(Event.Setup(event = x, more = y)) }\n",
        imports + "fun S(send: (Event) -> Unit) { send(Event.Setup(x, y)) }\n",
        imports + "fun S(a: MenuAction) = when (a) { MenuAction.LOCK -> 1 }\n",
        imports + "fun S(s: ScreenView) = when (s) { is ScreenView.First -> 1; is ScreenView.Third -> 2; is ScreenView.Second -> 3 }\n",
        imports + "class M { private val core = AppCore(config = c, keys = k) }\n",
        imports + "class M { private val core = AppCore(config = c, shell = this)\n    fun go() { core.view().intro.length; core.render() } }\n",
        imports + "fun S(s: ScreenView) { when (s) { is ScreenView.First -> Text(s.view.nothing) } }\n",
        imports + "fun S(code: Code) { Text(code.matrix) }\n",
    ]
    wrong = []
    good_problems = binding_problems(bindings_good.encode(), classes)
    bad_found = [bool(binding_problems(b.encode(), classes)) for b in bindings_bad]
    if good_problems or not all(bad_found):
        wrong.append(f"bindings (good: {good_problems}, bad: {bad_found})")
    if syntax_errors(good) or not syntax_errors(broken):
        wrong.append("kotlin syntax")
    if ui_literals(ui_good) or not all(ui_literals(bad) for bad in ui_bad):
        wrong.append(f"ui literals (good: {ui_literals(ui_good)}, bad: {[bool(ui_literals(b)) for b in ui_bad]})")
    if list(no_words(words_good)) or not all(list(no_words(bad)) for bad in words_bad):
        wrong.append(f"no words (good: {list(no_words(words_good))}, bad: {[bool(list(no_words(b))) for b in words_bad]})")
    if list(domain_refs(refs_good, sources)) or not all(list(domain_refs(bad, sources)) for bad in refs_bad):
        wrong.append("imports")
    if list(network_problems(network_good)) or len(list(network_problems(network_bad))) < 2:
        wrong.append("network config")
    activity_good = (
        "class A : FragmentActivity() {\n    override fun onCreate(savedInstanceState: Bundle?) {\n        super.onCreate(savedInstanceState)\n"
        "        // no clearFlags(FLAG_SECURE) anywhere\n"
        "        window.setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)\n"
        "        lifecycle.addObserver(x)\n    }\n}\n"
    )
    activity_bad = [
        "class A { override fun onCreate(b: Bundle?) { if (secure) window.addFlags(WindowManager.LayoutParams.FLAG_SECURE) } }\n",
        "class A { override fun onCreate(b: Bundle?) { launch { window.addFlags(FLAG_SECURE) } } }\n",
        "class A { override fun onCreate(b: Bundle?) { super.onCreate(b) }\n"
        "    fun apply(p: PlatformView) { window.addFlags(FLAG_SECURE) } }\n",
        "class A { override fun onCreate(b: Bundle?) { window.addFlags(FLAG_SECURE) }\n"
        "    fun apply(p: PlatformView) { if (!p.secureDisplay) window.clearFlags(WindowManager.LayoutParams.FLAG_SECURE) } }\n",
    ]
    casts_good = 'val a = LocalContext.current.findActivity()\nval s = "as Activity"\n// LocalContext.current as Activity\nval n = x as Int\n'
    casts_bad = [
        "val a = LocalContext.current as Activity\n",
        "val a = LocalContext.current as? ComponentActivity\n",
        "val a = context as FragmentActivity\n",
        "(ctx as android.app.Activity).finish()\n",
    ]
    biometric_good = (
        "builder.setUserAuthenticationParameters(0, KeyProperties.AUTH_BIOMETRIC_STRONG)\n"
        "prompt.authenticate(info, BiometricPrompt.CryptoObject(cipher))\n"
    )
    biometric_bad = [
        "builder.setUserAuthenticationParameters(15, KeyProperties.AUTH_BIOMETRIC_STRONG)\nprompt.authenticate(info, BiometricPrompt.CryptoObject(c))\n",
        "builder.setUserAuthenticationParameters(0, KeyProperties.AUTH_BIOMETRIC_STRONG)\nprompt.authenticate(info)\n",
        biometric_good + "builder.setUserAuthenticationValidityDurationSeconds(AUTH_VALIDITY_SECONDS)\n",
        "builder.setUserAuthenticationParameters(AUTH_VALIDITY_SECONDS, KeyProperties.AUTH_BIOMETRIC_STRONG)\n",
    ]
    executor_good = "DisposableEffect(owner) {\n    val thread = Executors.newSingleThreadExecutor()\n    onDispose { thread.shutdown() }\n}\nval c = remember(context) { Controller(context) }\n"
    executor_bad = ["val thread = remember { Executors.newSingleThreadExecutor() }\n", "val t = remember(key) {\n  Executors.newCachedThreadPool() }\n"]
    gradle_good = (
        "android {\n    signingConfigs { create(\"release\") { storeFile = file(p) } }\n    buildTypes {\n"
        "        debug { }\n        release {\n            isMinifyEnabled = true\n"
        "            // not signingConfigs.getByName(\"debug\")\n            signingConfig = signingConfigs.findByName(\"release\")\n        }\n    }\n}\n"
    )
    gradle_bad = [
        gradle_good.replace('signingConfigs.findByName("release")', 'signingConfigs.getByName("debug")'),
        "android { buildTypes { getByName(\"release\") { signingConfig = signingConfigs.debug } } }\n",
        "android { buildTypes { debug { } } }\n",
    ]
    if list(secure_window_problems(activity_good)) or not all(list(secure_window_problems(b)) for b in activity_bad):
        wrong.append(f"flag secure (good: {list(secure_window_problems(activity_good))}, bad: {[bool(list(secure_window_problems(b))) for b in activity_bad]})")
    if list(context_cast_problems(casts_good)) or not all(list(context_cast_problems(b)) for b in casts_bad):
        wrong.append("context casts")
    biometric_good = {"A.kt": biometric_good}
    biometric_bad = [{"A.kt": b} for b in biometric_bad]
    if list(biometric_problems(biometric_good)) or not all(list(biometric_problems(b)) for b in biometric_bad):
        wrong.append(f"biometric (good: {list(biometric_problems(biometric_good))}, bad: {[bool(list(biometric_problems(b))) for b in biometric_bad]})")
    if list(executor_problems(executor_good)) or not all(list(executor_problems(b)) for b in executor_bad):
        wrong.append("remembered executors")
    if list(release_signing_problems(gradle_good)) or not all(list(release_signing_problems(b)) for b in gradle_bad):
        wrong.append(f"release signing (good: {list(release_signing_problems(gradle_good))}, bad: {[bool(list(release_signing_problems(b))) for b in gradle_bad]})")
    if wrong:
        sys.exit(f"check_android: the checker itself is wrong: {', '.join(wrong)}")


# --- main -------------------------------------------------------------------------


def main(argv):
    args = argv[1:]
    bindings = None
    if len(args) == 3 and args[1] == "--bindings":
        bindings = Path(args[2]).resolve()
    elif len(args) != 1:
        print("usage: check_android.py REPO_ROOT [--bindings DIR]", file=sys.stderr)
        return 2
    root = Path(args[0]).resolve()
    bindings = bindings or root / "bindings"
    android = root / "android"
    app = android / "app"
    # The Android-only shell, the screens it shares with the desktop build, and the desktop's shell.
    shell_dirs = [app / "src", android / "screens/src", android / "desktop/src/main"]
    app_code = sorted(p for d in shell_dirs if d.is_dir() for p in d.rglob("*.kt"))

    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        self_test(Path(tmp))
    report = Report()

    # Kotlin syntax, one check per file.
    for path in kotlin_files(android):
        errors = syntax_errors(path.read_bytes())
        report.check(f"kotlin syntax {path.relative_to(root)}", (f"line {line}: {text}" for line, text in errors))

    # XML.
    xml_problems = []
    xml_files = sorted(p for p in app.rglob("*.xml") if not SKIP_DIRS.intersection(p.relative_to(app).parts))
    for path in xml_files:
        try:
            ET.parse(path)
        except ET.ParseError as e:
            xml_problems.append(f"{path.relative_to(root)}: {e}")
    if not xml_files:
        xml_problems.append("no XML files under android/app")
    report.check(f"xml parses ({len(xml_files)} files)", xml_problems)

    report.check(
        "manifest and network config",
        manifest_problems(
            app / "src/main/AndroidManifest.xml",
            app / "src/debug/AndroidManifest.xml",
            app / "src/debug/res/xml/network_security_config.xml",
        ),
    )

    # The system's resources (the app's name).
    res = app / "src/main/res"
    english = string_resources(res / "values/strings.xml")
    vietnamese = string_resources(res / "values-vi/strings.xml")
    resources = []
    for path in xml_files:
        if path.name == "strings.xml":
            continue
        for name in sorted(set(re.findall(r"@string/(\w+)", path.read_text(encoding="utf-8")))):
            if name not in english or name not in vietnamese:
                resources.append(f"{path.relative_to(root)}: @string/{name} is not in the generated strings.xml (en and vi)")
    for path in app_code:
        for name in sorted(set(re.findall(r"\bR\.string\.(\w+)", path.read_text(encoding="utf-8")))):
            if name not in english or name not in vietnamese:
                resources.append(f"{path.relative_to(root)}: R.string.{name} is not in the generated strings.xml (en and vi)")
    report.check("resources: @string and R.string names exist", resources)

    # The bindings and domain names the app imports.
    kotlin_bindings = [bindings / "vn/vidi/app/vidi_app.kt", bindings / "vn/vidi/ffi/vidi.kt"]
    missing = [str(p) for p in kotlin_bindings if not p.is_file()]
    sources = packages([android / "domain/src/main/kotlin", bindings])
    refs = [f"no {p} (scripts/bindings.sh makes it)" for p in missing]
    for path in app_code:
        refs.extend(f"{path.relative_to(root)}: {p}" for p in domain_refs(path.read_text(encoding="utf-8"), sources))
    report.check("imports: every bindings and domain name imported exists", refs)

    # What the app uses of the bindings' (and the domain's) classes.
    texts = [code_only(p.read_text(encoding="utf-8")) for p in kotlin_bindings if p.is_file()]
    texts += [code_only(t) for ts in packages([android / "domain/src/main/kotlin"]).values() for t in ts]
    classes = kotlin_classes(texts)
    uses = [] if classes else ["no classes read from the bindings"]
    for name in ("ffi.AppCore", "ffi.AppShell", "ffi.AppConfig", "app.Event", "app.ViewModel", "app.ScreenView", "app.Effect"):
        if f"vn.vidi.{name}" not in classes:
            uses.append(f"the bindings declare no vn.vidi.{name}")
    for path in app_code:
        uses.extend(f"{path.relative_to(root)}:{line}: {p}" for line, p in binding_problems(path.read_bytes(), classes))
    report.check(f"bindings: every member, case and argument the app uses exists ({len(classes)} classes)", uses)

    # Every word from the view model.
    literals = []
    words = []
    for path in app_code:
        literals.extend(f"{path.relative_to(root)}:{line}: {text}" for line, text in ui_literals(path.read_bytes()))
        words.extend(f"{path.relative_to(root)}:{line}: {what}" for line, what in no_words(path.read_text(encoding="utf-8")))
    report.check("ui literals: no text made in Kotlin reaches the screen", literals)
    report.check("no words: no string resources read, nothing formatted for people", words)

    # The shell defects of issue 11 stay fixed.
    activity = app / "src/main/kotlin/vn/vidi/android/MainActivity.kt"
    report.check(
        "shell rules: FLAG_SECURE set unconditionally in MainActivity.onCreate, never cleared",
        secure_window_problems(activity.read_text(encoding="utf-8")) if activity.is_file() else [f"no {activity.relative_to(root)}"],
    )
    casts = []
    executors = []
    for path in app_code:
        text = path.read_text(encoding="utf-8")
        casts.extend(f"{path.relative_to(root)}:{line}: {what}" for line, what in context_cast_problems(text))
        executors.extend(f"{path.relative_to(root)}:{line}: {what}" for line, what in executor_problems(text))
    report.check("shell rules: no context cast to an activity (findActivity unwraps ContextWrapper)", casts)
    report.check("shell rules: no executor kept in remember (it outlives the camera binding)", executors)
    shell_kotlin = {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in sorted((app / "src/main").rglob("*.kt"))}
    report.check("shell rules: biometric unlock bound to a CryptoObject on a per-use key", biometric_problems(shell_kotlin))
    gradle = app / "build.gradle.kts"
    report.check(
        "shell rules: the release build is not signed with the debug key",
        release_signing_problems(gradle.read_text(encoding="utf-8")) if gradle.is_file() else [f"no {gradle.relative_to(root)}"],
    )

    print(f"android checks: {report.passed} passed, {report.failed} failed")
    return 0 if report.failed == 0 and report.passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

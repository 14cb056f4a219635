#!/usr/bin/env python3
"""Checks the Android project without the Android SDK, Gradle or Google Maven.

Nothing under android/app can be compiled on this machine, so this is what
guards it here:

  kotlin syntax   every .kt and .kts under android/ (not node_modules or
                  build output) parses with tree-sitter-kotlin with no ERROR
                  or MISSING node. tree-sitter-kotlin 1.1.0 parses the
                  domain layer, the screen models and the app as they are:
                  no grammar gap is excused;
  xml             every XML file under android/app parses;
  manifest        the main manifest: one activity, the offer deep link
                  (VIEW, DEFAULT, BROWSABLE, scheme openid-credential-offer),
                  CAMERA, USE_BIOMETRIC and INTERNET, the camera optional,
                  the locale config, allowBackup false, and no cleartext
                  (usesCleartextTraffic false, no network config); the
                  debug overlay adds the network config, which permits
                  cleartext to exactly 10.0.2.2 and localhost and nothing
                  else;
  catalog         every R.string.x and @string/x used by the app exists in
                  the generated strings.xml (English and Vietnamese), and
                  every Str.X in the generated Str.kt;
  domain refs     every vn.vidi.domain... and vn.vidi.ffi... name the app
                  imports is declared in android/domain/src/main/kotlin or
                  bindings/ (no wildcard imports, so the check sees them all):
                  a cheap guard against drift between the shell and models;
  model members   every member the app reads or calls on a typed name
                  (`setup.finish()`, `state.busy`, `item.holder`,
                  `model.app::switchMode`) is declared by that name's class
                  in the domain or the app: the screen models' state classes
                  (through `val state by m.state.collectAsStateWithLifecycle()`
                  and the model's `ScreenModel<S>`), their methods, the
                  domain's row types and the app's own view model. Names
                  are typed by `name: Type` (parameters, typed vals) and by
                  `val name = Type(...)` properties of the app's classes;
                  a lambda's untyped parameter is checked only when a typed
                  name of the same file has its name;
  ui literals     no string literal with a letter in it is handed to Text(),
                  to a text/label/title/placeholder/contentDescription
                  argument, assigned to a semantics description, or toasted:
                  the catalog is the only source of what the user reads.

Each check proves itself on a good and a bad sample first.

Usage: check_android.py REPO_ROOT
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

# Where a string literal would be text on screen.
UI_TEXT_CALLS = {"Text", "BasicText", "ClickableText"}
UI_TEXT_ARGS = {"text", "label", "title", "placeholder", "supportingText", "contentDescription", "stateDescription"}
UI_TEXT_ASSIGNMENTS = {"contentDescription", "stateDescription", "paneTitle"}
LETTER = re.compile(r"[^\W\d_]")


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


def is_text_literal(node, source: bytes) -> bool:
    """A string literal with a letter outside its `${...}` / `$name` parts."""
    if node is None or node.type != "string_literal":
        return False
    parts = [node_text(child, source) for child in node.children if child.type == "string_content"]
    content = re.sub(r"\$\{[^}]*\}|\$[A-Za-z_]\w*", "", "".join(parts))
    return bool(LETTER.search(content))


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
    """(line, snippet) of each string literal shown as UI text."""
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
                    or (name == "makeText" and arg_name is None and index == 1)
                )
                if shown and is_text_literal(value, source):
                    found.append((value.start_point[0] + 1, node_text(value, source)[:80]))
        elif node.type == "assignment":
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if left is not None and node_text(left, source).split(".")[-1] in UI_TEXT_ASSIGNMENTS and is_text_literal(right, source):
                found.append((right.start_point[0] + 1, node_text(right, source)[:80]))
    return sorted(found)


# --- the catalog and the domain -----------------------------------------------------


def string_resources(path: Path):
    if not path.is_file():
        return set()
    return {e.get("name") for e in ET.parse(path).getroot().iter("string")}


def str_entries(path: Path):
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    return set(re.findall(r"^\s+([A-Z][A-Z0-9_]*)\(", text, re.MULTILINE))


IMPORT = re.compile(r"^import\s+(vn\.vidi\.(?:domain|ffi)(?:\.[a-z]\w*)*)\.(\*|[A-Za-z_]\w*)(?:\s+as\s+\w+)?\s*$", re.MULTILINE)
DECLARATION = (
    r"^[ \t]*(?:\*/[ \t]*)?(?:(?:public|internal|private|data|sealed|enum|abstract|open|value|inline|const|suspend|operator|infix)\s+)*"
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
        # `vn.vidi.domain.ui.Str` or a nested `vn.vidi.ffi.VidiException.Locked`: try the
        # package as written, then one level up for a member of an imported class.
        if declared(package, name, sources):
            continue
        parent, _, owner = package.rpartition(".")
        if owner[:1].isupper() and declared(parent, owner, sources):
            continue
        yield f"{package}.{name} is not declared in the domain or the bindings"


# --- model members ------------------------------------------------------------------

# What every Kotlin object has, and the scope functions the screens call on values.
UNIVERSAL_MEMBERS = {"let", "also", "apply", "run", "takeIf", "toString", "equals", "hashCode", "copy", "orEmpty"}
COMMENT_OR_STRING = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"', re.DOTALL)
CLASS_HEAD = r"^[ \t]*(?:(?:public|internal|private|data|sealed|abstract|open|enum|value)\s+)*(?:class|interface|object)\s+{name}\b"
TOP_LEVEL = re.compile(r"^(?![)}\]])\S", re.MULTILINE)
TYPED_NAME = re.compile(r"(?<![\w.])(\w+)\s*:\s*([A-Z]\w*)\b")
STATE_OF = re.compile(r"\bval\s+(\w+)\s+by\s+([\w.]+)\.state\.collectAsStateWithLifecycle\(\)")
PROPERTY_OF = re.compile(r"^[ \t]*(?:(?:private|internal|public)\s+)?val\s+(\w+)(?:\s*:\s*([A-Z]\w*))?\s*=\s*\(?([A-Z]\w*)\(", re.MULTILINE)


def code_only(text: str) -> str:
    """[text] without comments and string literals (kept as empty strings)."""
    return COMMENT_OR_STRING.sub(lambda m: '""' if m.group(0).startswith('"') else " ", text)


def class_segment(name: str, texts):
    """The declaration of class [name] (up to the next top-level line) in one of [texts], or None."""
    head = re.compile(CLASS_HEAD.format(name=re.escape(name)), re.MULTILINE)
    for text in texts:
        match = head.search(text)
        if match:
            end = TOP_LEVEL.search(text, text.index("\n", match.end()) + 1 if "\n" in text[match.end():] else len(text))
            return text[match.start() : end.start() if end else len(text)]
    return None


def class_header(segment: str) -> str:
    """A class declaration up to its body's `{` (the first line at column 0 ending in `{`); all of it when it has no body."""
    match = re.search(r"^\S[^\n]*\{[ \t]*$", segment, re.MULTILINE)
    return segment[: match.end()] if match else segment


def class_members(name: str, texts, seen=None):
    """The properties and functions class [name] declares (at any depth) and inherits from a class in [texts]; None when unknown."""
    segment = class_segment(name, texts)
    if segment is None:
        return None
    members = set(re.findall(r"\b(?:val|var)\s+`?(\w+)`?", segment))
    members |= set(re.findall(r"\bfun\s+(?:<[^(]*?>\s*)?(?:[\w.]+\.)?`?(\w+)`?\s*\(", segment))
    members |= set(re.findall(r"\b(?:data\s+)?(?:object|class)\s+(\w+)", segment))
    seen = (seen or set()) | {name}
    header = class_header(segment)
    for parent in re.findall(r"\)\s*:\s*([A-Z]\w*)|\b:\s*([A-Z]\w*)\s*(?:<|\(|$)", header):
        parent = next(p for p in parent if p)
        if parent not in seen:
            members |= class_members(parent, texts, seen) or set()
    return members


def state_class(model: str, texts):
    """S of a model declared `class M(...) : ScreenModel<S>(...)`, or None."""
    segment = class_segment(model, texts) or ""
    match = re.search(r"ScreenModel<\s*(\w+)\s*>", class_header(segment))
    return match.group(1) if match else None


def member_problems(text: str, texts):
    """Each `name.member` / `name::member` in [text] whose typed name's class does not declare member."""
    code = code_only(text)
    types = {}
    for name, kind in TYPED_NAME.findall(code):
        if class_segment(kind, texts) is not None:
            types.setdefault(name, set()).add(kind)
    # `model.app` for `model: AppViewModel` with `val app = AppModel(...)`.
    for name, kinds in list(types.items()):
        for kind in kinds:
            segment = class_segment(kind, texts) or ""
            for prop, declared_type, made in PROPERTY_OF.findall(segment):
                kind_of = declared_type or made
                if class_segment(kind_of, texts) is not None:
                    types.setdefault(f"{name}.{prop}", set()).add(kind_of)
    for name, receiver in STATE_OF.findall(code):
        for model in types.get(receiver, ()):
            state = state_class(model, texts)
            if state:
                types.setdefault(name, set()).add(state)
    for name, kinds in sorted(types.items()):
        known = set(UNIVERSAL_MEMBERS)
        for kind in kinds:
            known |= class_members(kind, texts) or set()
        for match in re.finditer(r"(?<![\w.])" + re.escape(name) + r"(?:\?\.|\.|::)(\w+)", code):
            member = match.group(1)
            if member not in known and f"{name}.{member}" not in types:
                line = code.count("\n", 0, match.start()) + 1
                yield f"line {line}: {name}.{member}: {'/'.join(sorted(kinds))} has no member {member}"


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


# --- self test ---------------------------------------------------------------------


def self_test(tmp: Path):
    """Each check must pass a good sample and catch a bad one."""
    good = b'package a\n\nfun f(x: Int?): String = when (x) { null -> "" else -> "$x" }\nval g = listOf(1).map { it * 2 }\n'
    broken = b"package a\nfun f( {\n  val = 1\n}\nclass ( \n"
    ui_good = b'fun S() { Text(Str.A.text(l)); Text(text = s); Icon(contentDescription = null); Text("${n} / ${m}"); val k = "log" }\n'
    ui_bad = [
        b'fun S() { Text("Hello") }',
        b'fun S() { Button(onClick = {}) { material3.Text(text = "Xin ch\xc3\xa0o $name") } }',
        b'fun S() { Icon(Icons.Default.Add, contentDescription = "Add") }',
        b'fun S() { Modifier.semantics { contentDescription = "QR code" } }',
        b'fun S() { Toast.makeText(context, "Saved", Toast.LENGTH_SHORT).show() }',
    ]
    sources = {"vn.vidi.domain.ui": ["class AppModel(\n", "fun QrTick.label(language: Language): String =\n", "enum class Str(\n", "   */ fun `pinKey`(`inner`: K): K {\n"]}
    refs_good = "import vn.vidi.domain.ui.AppModel\nimport vn.vidi.domain.ui.label\nimport vn.vidi.domain.ui.Str\nimport vn.vidi.domain.ui.pinKey\n"
    refs_bad = ["import vn.vidi.domain.ui.GoneModel\n", "import vn.vidi.domain.ui.*\n"]
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
    model_texts = [
        "class FooModel(scope: Scope) : ScreenModel<FooState>(scope, FooState()) {\n    fun go(): Job = launch {}\n    fun setName(name: String) = update {}\n}\n"
        "data class FooState(\n    val busy: Boolean = false,\n    val rows: List<Row> = emptyList(),\n) {\n    val empty: Boolean get() = rows.isEmpty()\n}\n"
        "data class Row(val id: String, val label: String)\n",
        "abstract class ScreenModel<S>(initial: S) {\n    val state: StateFlow<S> = flow\n    fun setLanguage(language: Language) {}\n}\n",
        "class Holder(app: Application) {\n    val foo = FooModel(scope)\n}\n",
    ]
    members_good = (
        "fun S(holder: Holder, foo: FooModel, row: Row) {\n    val state by foo.state.collectAsStateWithLifecycle()\n"
        "    if (state.busy || state.empty) foo.go()\n    Field(onChange = foo::setName)\n    Text(row.label + row.id)\n"
        "    holder.foo.setLanguage(l)\n    state.rows.forEach { row -> Text(row.label) } // row.gone in a comment\n    Text(\"foo.nothing\")\n}\n"
    )
    members_bad = [
        "fun S(foo: FooModel) {\n    val state by foo.state.collectAsStateWithLifecycle()\n    if (state.loading) Text(x)\n}\n",
        "fun S(foo: FooModel) {\n    Button(onClick = foo::submit)\n}\n",
        "fun S(row: Row) {\n    Text(row.holder)\n}\n",
        "fun S(holder: Holder) {\n    holder.foo.refresh()\n}\n",
    ]
    wrong = []
    if list(member_problems(members_good, model_texts)) or not all(list(member_problems(bad, model_texts)) for bad in members_bad):
        wrong.append(f"model members (good: {list(member_problems(members_good, model_texts))}, bad: {[bool(list(member_problems(b, model_texts))) for b in members_bad]})")
    if syntax_errors(good) or not syntax_errors(broken):
        wrong.append("kotlin syntax")
    if ui_literals(ui_good) or not all(ui_literals(bad) for bad in ui_bad):
        wrong.append(f"ui literals (good: {ui_literals(ui_good)}, bad: {[bool(ui_literals(b)) for b in ui_bad]})")
    if list(domain_refs(refs_good, sources)) or not all(list(domain_refs(bad, sources)) for bad in refs_bad):
        wrong.append("domain refs")
    if list(network_problems(network_good)) or len(list(network_problems(network_bad))) < 2:
        wrong.append("network config")
    if wrong:
        sys.exit(f"check_android: the checker itself is wrong: {', '.join(wrong)}")


# --- main -------------------------------------------------------------------------


def main(argv):
    if len(argv) != 2:
        print("usage: check_android.py REPO_ROOT", file=sys.stderr)
        return 2
    root = Path(argv[1]).resolve()
    android = root / "android"
    app = android / "app"
    app_code = sorted((app / "src").rglob("*.kt")) if (app / "src").is_dir() else []

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

    # The catalog.
    res = app / "src/main/res"
    english = string_resources(res / "values/strings.xml")
    vietnamese = string_resources(res / "values-vi/strings.xml")
    str_kt = str_entries(android / "domain/src/main/kotlin/vn/vidi/domain/ui/Str.kt")
    catalog = []
    for path in app_code:
        text = path.read_text(encoding="utf-8")
        for name in sorted(set(re.findall(r"\bR\.string\.(\w+)", text))):
            if name not in english or name not in vietnamese:
                catalog.append(f"{path.relative_to(root)}: R.string.{name} is not in the generated strings.xml (en and vi)")
        for name in sorted(set(re.findall(r"\bStr\.([A-Z][A-Z0-9_]*)\b", text))):
            if name not in str_kt:
                catalog.append(f"{path.relative_to(root)}: Str.{name} is not in the generated Str.kt")
    for path in xml_files:
        if path.name == "strings.xml":
            continue
        for name in sorted(set(re.findall(r"@string/(\w+)", path.read_text(encoding="utf-8")))):
            if name not in english or name not in vietnamese:
                catalog.append(f"{path.relative_to(root)}: @string/{name} is not in the generated strings.xml (en and vi)")
    if not str_kt:
        catalog.append("the generated Str.kt has no entries")
    report.check("catalog: R.string, @string and Str names exist", catalog)

    # The domain and bindings names the app imports.
    sources = packages([android / "domain/src/main/kotlin", root / "bindings"])
    refs = []
    for path in app_code:
        refs.extend(f"{path.relative_to(root)}: {p}" for p in domain_refs(path.read_text(encoding="utf-8"), sources))
    report.check("domain refs: imported models and bindings exist", refs)

    # The members of the models, their states and rows, and the app's view model that the app uses.
    class_texts = [code_only(t) for texts in packages([android / "domain/src/main/kotlin"]).values() for t in texts]
    class_texts += [code_only(path.read_text(encoding="utf-8")) for path in app_code]
    members = []
    for path in app_code:
        members.extend(f"{path.relative_to(root)}: {p}" for p in member_problems(path.read_text(encoding="utf-8"), class_texts))
    report.check("model members: what the app reads and calls on models, states and rows exists", members)

    # UI text only from the catalog.
    literals = []
    for path in app_code:
        literals.extend(f"{path.relative_to(root)}:{line}: {text}" for line, text in ui_literals(path.read_bytes()))
    report.check("ui literals: no hard-coded text on screen", literals)

    print(f"android checks: {report.passed} passed, {report.failed} failed")
    return 0 if report.failed == 0 and report.passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

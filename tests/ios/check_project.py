#!/usr/bin/env python3
"""Checks the iOS app's Xcode project, Info.plists and UI texts without Xcode.

  project   ios/Vidi.xcodeproj/project.pbxproj parses (the pbxproj library),
            ids are unique 24-hex-digit strings, every object a reference
            names exists, every file reference points at a file, every .swift
            under ios/App/Sources is in the app target's Sources phase, the
            local package reference is ios/ with the product Vidi (the only
            one), both configurations exist and only Debug uses
            Info-Debug.plist
  plists    ios/App/Info.plist and Info-Debug.plist parse with plistlib;
            Debug is Release plus an ATS exception for localhost alone
            (NSExceptionAllowsInsecureHTTPLoads), Release has no ATS key;
            the URL scheme, usage strings and languages are there
  texts     the app draws the app core's view model and has no words of
            its own: no Text/Button/Label/accessibilityLabel/... shows a
            string literal, and nothing formats numbers or dates
            (DateFormatter, .formatted(), String(format:), format: ...):
            every text, accessibility labels included, comes from the view
            model, already in the user's language
  shell     the iOS shell defects of issue 11 stay fixed: the wallet's
            folder is excluded from backups (isExcludedFromBackup); the
            LAContext that passed Face ID reaches the Keychain read
            (useAuthentication, kSecUseAuthenticationContext); pasting is
            the system's PasteButton and the app reads no UIPasteboard;
            a privacy cover with ShellWords.privacyCover shows while
            scenePhase != .active; AppStore is @MainActor, the scanner's
            metadata delegate is nonisolated and not on the main queue, no
            Task.detached, no static formatters

Usage: check_project.py IOS_DIR
Prints "ok"/"FAIL" per check and a last line "ios project: N passed, M failed".
"""

import plistlib
import re
import sys
from pathlib import Path

from pbxproj import XcodeProject

ID = re.compile(r"^[0-9A-F]{24}$")
UI_CALLS = ("Text", "Button", "Label", "Toggle", "TextField", "SecureField", "Section",
            "navigationTitle", "Link", "Picker", "alert", "confirmationDialog", "Menu",
            "ShareLink", "accessibilityLabel", "accessibilityHint", "accessibilityValue",
            "LocalizedStringKey", "NSLocalizedString")
# A UI call whose first argument is a string literal: `Text("...")`,
# `.navigationTitle("...")`, `Text(verbatim: "...")`, or a localized string
# of the app's own. Every text comes from the app core's view model.
LITERAL_UI = re.compile(
    r"(?<![A-Za-z0-9_])(?:" + "|".join(UI_CALLS) + r")\(\s*(?:\w+:\s*)?\""
    r"|\bString\(localized:")
# Formatting numbers, dates or words in the shell: the core words them.
FORMATTING = re.compile(
    r"\b(?:DateFormatter|ISO8601DateFormatter|RelativeDateTimeFormatter|NumberFormatter|"
    r"DateComponentsFormatter|MeasurementFormatter|ListFormatter|ByteCountFormatter)\b"
    r"|\.formatted\(|String\(format:|\bformat:\s*\.")


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, problems):
        if problems:
            self.failed += 1
            print(f"FAIL {name}")
            for p in problems[:20]:
                print(f"  {p}")
        else:
            self.passed += 1
            print(f"ok   {name}")


def objects_of(project, isa):
    return [o for o in project.objects.get_objects_in_section(isa)]


def check_project(ios: Path, checks: Checks):
    path = ios / "Vidi.xcodeproj/project.pbxproj"
    text = path.read_text(encoding="utf-8")
    try:
        project = XcodeProject.load(str(path))
    except Exception as e:  # the library raises several kinds
        checks.check("project: parses", [f"{path}: {e}"])
        return
    checks.check("project: parses", [] if text.startswith("// !$*UTF8*$!") else ["no UTF8 header"])

    raw = project.objects
    ids = list(raw.get_keys())
    problems = [f"bad id {i}" for i in ids if not ID.match(i)]
    # Every 24-hex token in the file must be an object that exists.
    for token in set(re.findall(r"\b[0-9A-F]{24}\b", text)):
        if token not in raw:
            problems.append(f"reference to missing object {token}")
    defined = re.findall(r"^\t\t([0-9A-F]{24})(?: /\*.*?\*/)? = \{", text, re.M)
    if len(defined) != len(set(defined)):
        problems.append("an id is defined twice")
    checks.check("project: unique ids, no dangling references", problems)

    # Files: each PBXFileReference's path resolved through its groups.
    parents = {}
    for isa in ("PBXGroup", "PBXVariantGroup"):
        for g in objects_of(project, isa):
            for child in g.children:
                parents[child] = g
    problems = []
    refs = {}
    for f in objects_of(project, "PBXFileReference"):
        if f.sourceTree == "BUILT_PRODUCTS_DIR":
            continue
        parts = [f.path]
        node = parents.get(f.get_id())
        while node is not None:
            if hasattr(node, "path") and node["path"]:
                parts.append(node.path)
            node = parents.get(node.get_id())
        full = ios.joinpath(*reversed(parts))
        refs[f.get_id()] = full
        if f.sourceTree != "<group>":
            problems.append(f"{f.path}: sourceTree {f.sourceTree}")
        elif not full.exists():
            problems.append(f"{full.relative_to(ios)}: referenced but missing")
    checks.check("project: every referenced file exists", problems)

    targets = objects_of(project, "PBXNativeTarget")
    app = [t for t in targets if t.name == "Vidi"]
    if len(app) != 1:
        checks.check("project: app target Vidi", ["no single target named Vidi"])
        return
    app = app[0]
    problems = []
    if app.productType != "com.apple.product-type.application":
        problems.append(f"product type {app.productType}")
    phases = {raw[p].isa: raw[p] for p in app.buildPhases}
    sources = phases.get("PBXSourcesBuildPhase")
    compiled = set()
    if sources is None:
        problems.append("no Sources phase")
    else:
        for b in sources.files:
            compiled.add(refs.get(raw[b].fileRef))
    for swift in sorted((ios / "App/Sources").rglob("*.swift")):
        if swift not in compiled:
            problems.append(f"{swift.relative_to(ios)} is not in the app target's sources")
    for c in compiled:
        if c is None or c.suffix != ".swift":
            problems.append(f"the Sources phase compiles {c}")
    resources = phases.get("PBXResourcesBuildPhase")
    resource_files = set()
    if resources is not None:
        for b in resources.files:
            ref = raw[raw[b].fileRef]
            if ref.isa == "PBXVariantGroup":
                resource_files.update(refs.get(c) for c in ref.children)
    for lang in ("en", "vi"):
        strings = ios / f"App/Resources/{lang}.lproj/InfoPlist.strings"
        if strings not in resource_files:
            problems.append(f"{strings.relative_to(ios)} is not a resource of the app")
    checks.check("project: app target sources and resources", problems)

    problems = []
    packages = objects_of(project, "XCLocalSwiftPackageReference")
    if len(packages) != 1 or packages[0].relativePath != ".":
        problems.append("not one XCLocalSwiftPackageReference with relativePath '.'")
    elif not (ios / packages[0].relativePath / "Package.swift").is_file():
        problems.append("the package reference does not point at a Package.swift")
    products = {raw[p].productName: raw[p] for p in app.packageProductDependencies}
    if set(products) != {"Vidi"}:
        problems.append(f"the app depends on the package products {sorted(products)}, not Vidi alone")
    for name in ("Vidi",):
        if name not in products:
            problems.append(f"the app does not depend on the package product {name}")
        elif packages and products[name].package != packages[0].get_id():
            problems.append(f"{name} is not from the local package")
    linked = phases.get("PBXFrameworksBuildPhase")
    linked_products = {raw[raw[b].productRef].productName for b in (linked.files if linked else []) if "productRef" in raw[b]}
    if linked_products != {"Vidi"}:
        problems.append(f"the Frameworks phase links {sorted(linked_products)}")
    checks.check("project: local package ios/ with the product Vidi", problems)

    problems = []
    configs = {raw[c].name: raw[c].buildSettings for c in raw[app.buildConfigurationList].buildConfigurations}
    if set(configs) != {"Debug", "Release"}:
        problems.append(f"configurations {sorted(configs)}")
    else:
        if configs["Debug"].INFOPLIST_FILE != "App/Info-Debug.plist":
            problems.append(f"Debug uses {configs['Debug'].INFOPLIST_FILE}")
        if configs["Release"].INFOPLIST_FILE != "App/Info.plist":
            problems.append(f"Release uses {configs['Release'].INFOPLIST_FILE}")
        for name, s in configs.items():
            if s.PRODUCT_BUNDLE_IDENTIFIER != "vn.vidi.app":
                problems.append(f"{name}: bundle id {s.PRODUCT_BUNDLE_IDENTIFIER}")
            if s.IPHONEOS_DEPLOYMENT_TARGET != "16.0":
                problems.append(f"{name}: iOS {s.IPHONEOS_DEPLOYMENT_TARGET}")
            # The package's module is Vidi; the app must not be a module of that name.
            if s.PRODUCT_MODULE_NAME in (None, "Vidi"):
                problems.append(f"{name}: the app's module name clashes with the package")
    checks.check("project: Debug and Release, only Debug with the ATS plist", problems)

    scheme = ios / "Vidi.xcodeproj/xcshareddata/xcschemes/Vidi.xcscheme"
    problems = []
    if not scheme.is_file():
        problems.append("no shared scheme Vidi")
    else:
        import xml.etree.ElementTree as ET
        try:
            root = ET.parse(scheme).getroot()
            blueprints = {r.get("BlueprintIdentifier") for r in root.iter("BuildableReference")}
            if blueprints != {app.get_id()}:
                problems.append(f"the scheme builds {sorted(blueprints)}, not the app target")
        except ET.ParseError as e:
            problems.append(f"scheme: {e}")
    checks.check("project: shared scheme Vidi", problems)


def check_plists(ios: Path, checks: Checks):
    plists = {}
    for name in ("Info.plist", "Info-Debug.plist"):
        try:
            plists[name] = plistlib.loads((ios / "App" / name).read_bytes())
        except Exception as e:
            checks.check(f"plists: {name} parses", [str(e)])
            return
    checks.check("plists: both parse", [])
    release, debug = plists["Info.plist"], plists["Info-Debug.plist"]

    problems = []
    if "NSAppTransportSecurity" in release:
        problems.append("Release has an NSAppTransportSecurity key")
    ats = debug.get("NSAppTransportSecurity")
    if not isinstance(ats, dict):
        problems.append("Debug has no NSAppTransportSecurity")
    else:
        if set(ats) != {"NSExceptionDomains"}:
            problems.append(f"Debug ATS keys {sorted(ats)} (no global exception allowed)")
        domains = ats.get("NSExceptionDomains", {})
        if set(domains) != {"localhost"}:
            problems.append(f"Debug ATS exception domains {sorted(domains)}")
        elif domains["localhost"].get("NSExceptionAllowsInsecureHTTPLoads") is not True:
            problems.append("localhost does not allow insecure HTTP loads")
        elif domains["localhost"].get("NSIncludesSubdomains", False):
            problems.append("the exception covers subdomains of localhost")
    rest = {k: v for k, v in debug.items() if k != "NSAppTransportSecurity"}
    if rest != release:
        differing = sorted(k for k in set(rest) | set(release) if rest.get(k) != release.get(k))
        problems.append(f"Debug differs from Release beyond ATS: {differing}")
    checks.check("plists: ATS exception for localhost in Debug only", problems)

    problems = []
    schemes = [s for t in release.get("CFBundleURLTypes", []) for s in t.get("CFBundleURLSchemes", [])]
    if "openid-credential-offer" not in schemes:
        problems.append("no openid-credential-offer URL scheme")
    for key in ("NSCameraUsageDescription", "NSFaceIDUsageDescription"):
        if not str(release.get(key, "")).strip():
            problems.append(f"no {key}")
        for lang in ("en", "vi"):
            strings = (ios / f"App/Resources/{lang}.lproj/InfoPlist.strings").read_text(encoding="utf-8")
            if f'"{key}" = "' not in strings:
                problems.append(f"{lang}.lproj/InfoPlist.strings has no {key}")
    if sorted(release.get("CFBundleLocalizations", [])) != ["en", "vi"]:
        problems.append("CFBundleLocalizations is not vi and en")
    checks.check("plists: URL scheme, usage strings, languages", problems)


def check_texts(ios: Path, checks: Checks):
    literal_problems = []
    format_problems = []
    files = 0
    for swift in sorted(ios.rglob("*.swift")):
        rel = swift.relative_to(ios)
        if "Generated" in rel.parts or ".build" in rel.parts or "Tests" in rel.parts:
            continue
        files += 1
        source = swift.read_text(encoding="utf-8")
        for n, line in enumerate(source.splitlines(), 1):
            code = line.split("//", 1)[0]
            if LITERAL_UI.search(code):
                literal_problems.append(f"{rel}:{n}: a literal shown as UI text: {code.strip()[:80]}")
            if "App" in rel.parts and FORMATTING.search(code):
                format_problems.append(f"{rel}:{n}: the shell formats a value: {code.strip()[:80]}")
    if files == 0:
        literal_problems.append("no Swift found at all (the check would be vacuous)")
    checks.check(f"texts: no literal UI text in {files} files", literal_problems)
    checks.check("texts: no formatting in the app (the core words every value)", format_problems)


# The shell defects of issue 11, each as (name, test over {relative path: code
# without // comments}) returning the problems found.
def _code(source: str) -> str:
    return "\n".join(line.split("//", 1)[0] for line in source.splitlines())


def _app(files):
    return {rel: code for rel, code in files.items() if rel.startswith("App/")}


def _hits(files, pattern):
    return [f"{rel}:{code.count(chr(10), 0, m.start()) + 1}: {m.group(0)}"
            for rel, code in sorted(files.items()) for m in re.finditer(pattern, code)]


def rule_backup(files):
    if not any(re.search(r"\.isExcludedFromBackup\s*=\s*true\b", c) and "setResourceValues" in c for c in _app(files).values()):
        return ["the wallet's folder is not excluded from backups (URLResourceValues.isExcludedFromBackup = true, setResourceValues)"]
    return []


def rule_face_id_once(files):
    problems = []
    if not any("kSecUseAuthenticationContext" in c for c in files.values()):
        problems.append("no Keychain read takes the evaluated LAContext (kSecUseAuthenticationContext)")
    for rel, code in sorted(_app(files).items()):
        if ".evaluatePolicy(" in code and "useAuthentication(" not in code:
            problems.append(f"{rel}: evaluates a policy without handing the context to the key (useAuthentication)")
    return problems


def rule_paste(files):
    problems = _hits(_app(files), r"UIPasteboard\.general\.(?:string|strings|url|urls|items|hasStrings)\b")
    if not any(re.search(r"\bPasteButton\s*\(", c) for c in _app(files).values()):
        problems.append("no PasteButton: pasting must be the system's button")
    return problems


def rule_privacy_cover(files):
    app = _app(files)
    if not any(re.search(r"scenePhase\s*!=\s*\.active", c) and re.search(r"\.privacyCover\b", c) for c in app.values()):
        return ["no privacy cover with ShellWords.privacyCover while scenePhase != .active"]
    return []


def rule_concurrency(files):
    app = _app(files)
    problems = _hits(app, r"\bTask\.detached\b")
    problems += _hits(app, r"\bstatic\s+(?:let|var)\s+\w+\s*(?::\s*\w*Formatter\b|=\s*\w*Formatter\s*\()")
    if not any(re.search(r"@MainActor\s+(?:final\s+)?class\s+AppStore\b", c) for c in app.values()):
        problems.append("AppStore is not @MainActor")
    for rel, code in sorted(app.items()):
        if "AVCaptureMetadataOutputObjectsDelegate" in code and not re.search(r"\bnonisolated\s+func\s+metadataOutput\(", code):
            problems.append(f"{rel}: the metadata delegate is not nonisolated")
        if re.search(r"setMetadataObjectsDelegate\(\s*self\s*,\s*queue:\s*(?:\.main|DispatchQueue\.main)\b", code):
            problems.append(f"{rel}: the metadata delegate runs on the main queue (give it the capture queue, hop to the main actor)")
    return problems


SHELL_RULES = [
    ("shell: the wallet's folder is excluded from backups", rule_backup),
    ("shell: Face ID once (the evaluated LAContext reaches the Keychain read)", rule_face_id_once),
    ("shell: PasteButton, no pasteboard read in the app", rule_paste),
    ("shell: privacy cover while the scene is not active", rule_privacy_cover),
    ("shell: Swift 6 concurrency (MainActor store, nonisolated scanner delegate, no Task.detached or static formatters)", rule_concurrency),
]


def check_shell(ios: Path, checks: Checks):
    files = {}
    for swift in sorted(ios.rglob("*.swift")):
        rel = swift.relative_to(ios)
        if "Generated" in rel.parts or ".build" in rel.parts or "Tests" in rel.parts:
            continue
        files[rel.as_posix()] = _code(swift.read_text(encoding="utf-8"))
    for name, rule in SHELL_RULES:
        checks.check(name, rule(files))


SHELL_GOOD = {
    "App/Sources/AppStore.swift": _code(
        "@MainActor\nfinal class AppStore: ObservableObject {\n"
        "    func f() { var values = URLResourceValues(); values.isExcludedFromBackup = true; try? url.setResourceValues(values) }\n"
        "    func g() { keys.useAuthentication(nil); context.evaluatePolicy(.deviceOwnerAuthentication, localizedReason: t) { _, _ in } }\n"
        "    // UIPasteboard.general.string and Task.detached in a comment\n}\n"),
    "App/Sources/Offer.swift": "PasteButton(payloadType: String.self) { send($0) }\n",
    "App/Sources/Root.swift": "if scenePhase != .active { PrivacyCover(text: view.shell.privacyCover) }\n",
    "App/Sources/Scanner.swift": (
        "final class C: NSObject, AVCaptureMetadataOutputObjectsDelegate {\n"
        "    func configure() { output.setMetadataObjectsDelegate(self, queue: queue) }\n"
        "    nonisolated func metadataOutput(_ o: AVCaptureMetadataOutput) {}\n}\n"),
    "Sources/Vidi/Keychain.swift": "query[kSecUseAuthenticationContext as String] = context\n",
}


def _with(rel, old, new):
    files = dict(SHELL_GOOD)
    files[rel] = files[rel].replace(old, new)
    return files


SHELL_BAD = {
    "shell: the wallet's folder is excluded from backups": [
        _with("App/Sources/AppStore.swift", "isExcludedFromBackup = true", "isExcludedFromBackup = false")],
    "shell: Face ID once (the evaluated LAContext reaches the Keychain read)": [
        _with("Sources/Vidi/Keychain.swift", "kSecUseAuthenticationContext", "kSecUseOperationPrompt"),
        _with("App/Sources/AppStore.swift", "keys.useAuthentication(nil); ", "")],
    "shell: PasteButton, no pasteboard read in the app": [
        _with("App/Sources/Offer.swift", "PasteButton(payloadType: String.self) { send($0) }",
              "Button { send(UIPasteboard.general.string ?? \"\") } label: { Text(view.pasteLabel) }"),
        _with("App/Sources/Offer.swift", "\n", "\nlet s = UIPasteboard.general.string\n")],
    "shell: privacy cover while the scene is not active": [
        _with("App/Sources/Root.swift", "scenePhase != .active", "view.platform.secureDisplay"),
        _with("App/Sources/Root.swift", "view.shell.privacyCover", "view.header.title")],
    "shell: Swift 6 concurrency (MainActor store, nonisolated scanner delegate, no Task.detached or static formatters)": [
        _with("App/Sources/AppStore.swift", "@MainActor\n", ""),
        _with("App/Sources/Scanner.swift", "nonisolated func", "func"),
        _with("App/Sources/Scanner.swift", "queue: queue", "queue: .main"),
        _with("App/Sources/Offer.swift", "\n", "\nTask.detached { await work() }\n"),
        _with("App/Sources/Offer.swift", "\n", "\nstatic let dates = DateFormatter()\n")],
}


def self_test_shell():
    wrong = [name for name, rule in SHELL_RULES if rule(SHELL_GOOD)]
    wrong += [name for name, rule in SHELL_RULES for bad in SHELL_BAD[name] if not rule(bad)]
    if wrong:
        sys.exit(f"check_project: the shell rules themselves are wrong: {wrong}")


def self_test():
    bad = ['Text("Hello")', '.navigationTitle("x")', 'Button("OK") {', 'Label( "a", systemImage: "b")',
           '.accessibilityLabel("Back")', 'Text(verbatim: "x")', 'String(localized: "k")', 'Menu("More") {']
    good = ['Text(view.intro)', 'Text(verbatim: view.number)', 'Image(systemName: "qrcode")',
            '.accessibilityLabel(header.backLabel)', 'Label { Text(item.label) } icon: { Image(systemName: "a") }']
    if not all(LITERAL_UI.search(b) for b in bad) or any(LITERAL_UI.search(g) for g in good):
        sys.exit("check_project: the literal detector itself is wrong")
    bad = ['Text(seconds, format: .number)', 'let f = DateFormatter()', 'date.formatted(.dateTime)',
           'String(format: "%d", n)']
    good = ['Text(view.wait)', 'let formatter = view.expiry', 'Button { format() }']
    if not all(FORMATTING.search(b) for b in bad) or any(FORMATTING.search(g) for g in good):
        sys.exit("check_project: the formatting detector itself is wrong")


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    self_test()
    self_test_shell()
    ios = Path(argv[1]).resolve()
    checks = Checks()
    check_project(ios, checks)
    check_plists(ios, checks)
    check_texts(ios, checks)
    check_shell(ios, checks)
    print(f"ios project: {checks.passed} passed, {checks.failed} failed")
    return 0 if checks.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

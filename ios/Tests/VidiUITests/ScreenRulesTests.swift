import XCTest

@testable import Vidi
@testable import VidiUI

/// A clock the test moves by hand.
final class TestClock: WallClock, @unchecked Sendable {
    var current = Date(timeIntervalSince1970: 1_800_000_000)
    func now() -> Date { current }
}

/// A platform over a temporary folder, the core's in-memory keys and a
/// PIN provider made with a small scrypt work factor.
final class TestPlatform: AppPlatform {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vidi-\(UUID().uuidString)")
    let inner = memoryKeyProvider()
    let settings: SettingsStore = MemorySettingsStore()
    let testClock = TestClock()
    var defaultServerUrl: String { "http://localhost:8080" }
    var biometricAvailable: Bool { false }
    var walletPath: String { folder.appendingPathComponent("wallet.db").path }
    var verifierCacheDir: String { folder.appendingPathComponent("verifier").path }
    var deviceKeys: DeviceKeyStore? { nil }
    var clock: WallClock { testClock }

    init() {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func keyProvider(method: UnlockMethod, pin: String?) throws -> KeyProvider {
        pinKeyProvider(inner: inner, pin: pin ?? "", workFactor: 2)
    }
}

@MainActor
final class ScreenRulesTests: XCTestCase {
    func testPinRules() {
        XCTAssertEqual(SetupModel.pinProblem("12345", "12345"), .length)
        XCTAssertEqual(SetupModel.pinProblem("12a456", "12a456"), .length)
        XCTAssertEqual(SetupModel.pinProblem("777777", "777777"), .oneDigit)
        XCTAssertEqual(SetupModel.pinProblem("123456", "123456"), .run)
        XCTAssertEqual(SetupModel.pinProblem("654321", "654321"), .run)
        XCTAssertEqual(SetupModel.pinProblem("890123", "890123"), .run)
        XCTAssertEqual(SetupModel.pinProblem("482915", "482916"), .mismatch)
        XCTAssertNil(SetupModel.pinProblem("482915", "482915"))
    }

    func testSetupKeepsDigitsOnlyAndWordsTheProblem() {
        let model = SetupModel(language: .english, platform: TestPlatform())
        model.setPin("12-34 56 78")
        XCTAssertEqual(model.state.pin.text, "123456")
        XCTAssertFalse("\(model.state)".contains("123456"), "a state's description printed the PIN")
        model.setPinConfirm("123456")
        model.finish()
        XCTAssertEqual(model.state.pinError, Str.setupPinRun.text(.english))
        model.setLanguage(.vietnamese)
        XCTAssertEqual(model.state.pinError, Str.setupPinRun.text(.vietnamese))
    }

    func testLockOutWaitsDoubleAndSurviveARestart() {
        XCTAssertNil(UnlockModel.waitMillis(4))
        XCTAssertEqual(UnlockModel.waitMillis(5), 30_000)
        XCTAssertEqual(UnlockModel.waitMillis(6), 60_000)
        XCTAssertEqual(UnlockModel.waitMillis(7), 120_000)
        XCTAssertEqual(UnlockModel.waitMillis(40), 30_000 << 7)
        XCTAssertEqual(UnlockModel.attemptsLeft(2), 3)
        XCTAssertEqual(UnlockModel.attemptsLeft(9), 1)

        let platform = TestPlatform()
        let model = UnlockModel(language: .english, platform: platform)
        for _ in 0..<4 { model.wrongPin() }
        XCTAssertEqual(model.state.attemptsLeft, 1)
        XCTAssertEqual(model.state.waitSeconds, 0)
        model.wrongPin()
        XCTAssertEqual(model.state.waitSeconds, 30)
        // A new screen (the app restarted) still waits.
        let again = UnlockModel(language: .english, platform: platform)
        XCTAssertEqual(again.state.waitSeconds, 30)
        XCTAssertEqual(platform.settings.load().failedUnlocks, 5)
        again.setPin("482915")
        again.submit()
        XCTAssertFalse(again.state.busy, "a PIN was tried during the wait")
    }

    func testAWrongPinIsCountedAndTheRightOneUnlocks() async throws {
        let platform = TestPlatform()
        let created = try Wallet.create(
            path: platform.walletPath, keyProvider: platform.keyProvider(method: .pin, pin: "482915"))
        try created.lock()
        let model = UnlockModel(language: .english, platform: platform)
        await model.attempt(.pin, pin: "000001")
        XCTAssertEqual(model.state.attemptsLeft, 4)
        XCTAssertEqual(model.state.error, Str.unlockWrongPin.text(.english, 4))
        await model.attempt(.pin, pin: "482915")
        XCTAssertTrue(model.state.unlocked)
        XCTAssertEqual(platform.settings.load().failedUnlocks, 0)
    }

    func testTheVerifierIgnoresTheSameCodeWithinThreeSeconds() async {
        let platform = TestPlatform()
        let model = VerifierModel(
            language: .english, verifier: Verifier(cacheDir: platform.verifierCacheDir),
            serverUrl: platform.defaultServerUrl, clock: platform.testClock)
        let first = model.onScanned("VD1:NOT-A-PROOF")
        XCTAssertNotNil(first)
        await first?.value
        XCTAssertNotNil(model.state.error ?? model.state.verdict?.reason)
        platform.testClock.current += 2.9
        XCTAssertNil(model.onScanned("VD1:NOT-A-PROOF"))
        await model.onScanned("VD1:ANOTHER")?.value
        platform.testClock.current += 0.2
        XCTAssertNotNil(model.onScanned("VD1:NOT-A-PROOF"), "another code came in between")
    }

    func testLanguageChoice() {
        XCTAssertEqual(Language.forDevice(["fr-FR", "en-GB", "vi-VN"]), .english)
        XCTAssertEqual(Language.forDevice(["vi"]), .vietnamese)
        XCTAssertEqual(Language.forDevice(["ja-JP"]), .vietnamese)
        XCTAssertEqual(Language.forDevice([]), .vietnamese)
    }

    func testEveryCatalogTextHasBothLanguagesAndItsArguments() {
        for key in Str.allCases {
            let vi = key.text(.vietnamese), en = key.text(.english)
            XCTAssertFalse(vi.isEmpty || en.isEmpty, "\(key.rawValue) is empty")
            XCTAssertNotEqual(vi, key.rawValue, "\(key.rawValue) has no Vietnamese text")
            for i in 0..<4 where vi.contains("{\(i)}") != en.contains("{\(i)}") {
                XCTFail("\(key.rawValue): {\(i)} in one language only")
            }
        }
        XCTAssertEqual(errorText(VidiError.WrongPin(triesLeft: 2, reason: "x"), .english), Str.errorWrongPinTries.text(.english, 2))
        XCTAssertEqual(errorText(CancellationError(), .vietnamese), Str.errorOther.text(.vietnamese))
    }
}

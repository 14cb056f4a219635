// swift-tools-version:5.9
//
// Vidi for iOS: the Rust core as a static library (vidiFFI.xcframework),
// its two generated Swift files, and the platform's keys (the Keychain key
// provider, the Secure Enclave device key store).
//
// The xcframework carries one module map declaring the two C modules the
// generated Swift imports: `vidiFFI` (the wallet, verifier, keys, AppCore)
// and `vidiAppFFI` (the app core's events, view models and effects).
// scripts/build-ios.sh makes it and copies bindings/Vidi.swift and
// bindings/VidiApp.swift to Sources/Vidi/Generated/, where they are
// compiled into this one Swift module `Vidi`; both are build outputs, not
// committed. It runs on a Mac with Xcode only.
//
// The app itself (App/, a SwiftUI target in Vidi.xcodeproj) depends on the
// product Vidi through a local package reference to this folder; it only
// draws the app core's view model and performs its effects.
import PackageDescription

let package = Package(
    name: "Vidi",
    defaultLocalization: "vi",
    platforms: [.iOS(.v16)],
    products: [
        .library(name: "Vidi", targets: ["Vidi"]),
    ],
    targets: [
        // libvidi_ffi.a per platform, with vidiFFI.h, vidiAppFFI.h and a
        // module map declaring the C modules vidiFFI and vidiAppFFI.
        .binaryTarget(name: "vidiFFI", path: "vidiFFI.xcframework"),
        .target(
            name: "Vidi",
            dependencies: ["vidiFFI"],
            path: "Sources/Vidi",
            linkerSettings: [
                // TLS certificate checks through the platform verifier.
                .linkedFramework("Security"),
                .linkedFramework("CoreFoundation"),
            ]
        ),
        .testTarget(
            name: "VidiTests",
            dependencies: ["Vidi"],
            path: "Tests/VidiTests"
        ),
    ]
)

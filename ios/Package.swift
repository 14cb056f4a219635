// swift-tools-version:5.9
//
// Vidi for iOS: the Rust core as a static library (vidiFFI.xcframework),
// its generated Swift bindings and a thin facade (async wrappers, the
// Keychain key provider, the Secure Enclave device key store), and the
// screen models the SwiftUI app draws (VidiUI).
//
// scripts/build-ios.sh makes vidiFFI.xcframework and copies the generated
// bindings (bindings/Vidi.swift) to Sources/Vidi/Generated/; both are build
// outputs, not committed. It runs on a Mac with Xcode only.
//
// The app itself (App/, a SwiftUI target in Vidi.xcodeproj) depends on the
// products Vidi and VidiUI through a local package reference to this folder.
import PackageDescription

let package = Package(
    name: "Vidi",
    defaultLocalization: "vi",
    platforms: [.iOS(.v16)],
    products: [
        .library(name: "Vidi", targets: ["Vidi"]),
        .library(name: "VidiUI", targets: ["VidiUI"]),
    ],
    targets: [
        // The C module `vidiFFI`: libvidi_ffi.a per platform, with
        // vidiFFI.h and its module map as the headers.
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
        // Screen models: what each screen shows and does, minus the drawing
        // (docs/screens.md), mirroring android/domain's vn.vidi.domain.ui.
        .target(
            name: "VidiUI",
            dependencies: ["Vidi"],
            path: "Sources/VidiUI"
        ),
        .testTarget(
            name: "VidiTests",
            dependencies: ["Vidi"],
            path: "Tests/VidiTests"
        ),
        .testTarget(
            name: "VidiUITests",
            dependencies: ["VidiUI", "Vidi"],
            path: "Tests/VidiUITests"
        ),
    ]
)

// swift-tools-version:5.9
//
// Vidi for iOS: the Rust core as a static library (vidiFFI.xcframework),
// its generated Swift bindings and a thin facade (async wrappers, the
// Keychain key provider, the Secure Enclave device key store).
//
// scripts/build-ios.sh makes vidiFFI.xcframework and copies the generated
// bindings (bindings/Vidi.swift) to Sources/Vidi/Generated/; both are build
// outputs, not committed. It runs on a Mac with Xcode only.
import PackageDescription

let package = Package(
    name: "Vidi",
    platforms: [.iOS(.v15)],
    products: [
        .library(name: "Vidi", targets: ["Vidi"]),
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
    ]
)

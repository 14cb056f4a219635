import org.jetbrains.kotlin.gradle.dsl.JvmTarget

// The shell's plain-Kotlin part (no Android SDK): the generated uniffi
// bindings (vn.vidi.ffi and the app core's vn.vidi.app) with the
// java.security key store and AES-GCM sealing the Keystore provider shares.
// The same sources are compiled and tested without Gradle by
// scripts/kotlin.sh; this build lets the app depend on them and runs the
// same tests (the app core driven through the bindings) under Gradle.
plugins {
    alias(libs.plugins.kotlin.jvm)
}

java {
    sourceCompatibility = JavaVersion.VERSION_17
    targetCompatibility = JavaVersion.VERSION_17
}

kotlin {
    compilerOptions {
        jvmTarget.set(JvmTarget.JVM_17)
    }
    // The generated Kotlin bindings live at the repository root
    // (bindings/vn/vidi/ffi/vidi.kt and bindings/vn/vidi/app/vidi_app.kt,
    // next to the Swift and C ones): only the Kotlin files under vn/vidi are
    // compiled from that folder. Configured on
    // the Kotlin source set (KotlinSourceSet.kotlin, a member), not through
    // Gradle's generated `SourceSet.kotlin` accessor, which a `kotlin { }`
    // block inside `sourceSets.main { }` could resolve to the project's
    // `kotlin { }` extension instead.
    sourceSets.getByName("main").kotlin.apply {
        srcDir("../../bindings")
        include("vn/vidi/**/*.kt")
    }
}

dependencies {
    // Provided by whoever uses the library: the app brings JNA as an AAR
    // (with libjnidispatch.so per ABI) and coroutines for Android.
    compileOnly(libs.jna)
    compileOnly(libs.kotlinx.coroutines.core)

    testImplementation(libs.jna)
    testImplementation(libs.kotlinx.coroutines.core)
    testImplementation(libs.kotlin.test.junit5)
    testImplementation(platform(libs.junit.bom))
    testImplementation(libs.junit.jupiter)
    testRuntimeOnly(libs.junit.platform.launcher)
}

// The tests load the host build of the core (cargo build -p vidi-ffi) and
// run the mock issuer (cargo build -p vidi-server-mock), as scripts/kotlin.sh does.
val repoRoot: File = rootDir.parentFile
tasks.test {
    useJUnitPlatform()
    systemProperty("jna.library.path", repoRoot.resolve("target/debug").absolutePath)
    systemProperty("vidi.serverMock", repoRoot.resolve("target/debug/vidi-server-mock").absolutePath)
    systemProperty("file.encoding", "UTF-8")
}

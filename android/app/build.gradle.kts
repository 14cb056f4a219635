import org.jetbrains.kotlin.gradle.dsl.JvmTarget

// The Vidi app: a thin shell that draws the Rust app core's view model with
// Compose (vn.vidi.app.* from the generated bindings, through :domain), runs
// CameraX with ML Kit for QR codes, keeps the wallet key in the Android
// Keystore and device keys in StrongBox/TEE, and loads the core as
// libvidi_ffi.so per ABI from src/main/jniLibs (scripts/build-android.sh).
plugins {
    alias(libs.plugins.android.application)
    alias(libs.plugins.kotlin.android)
    alias(libs.plugins.kotlin.compose)
}

android {
    // The shell's own code is vn.vidi.android; vn.vidi.app is the app core's
    // generated package (its events and view models), and stays the app's id.
    namespace = "vn.vidi.android"
    compileSdk = 35

    defaultConfig {
        applicationId = "vn.vidi.app"
        minSdk = 28 // StrongBox (KeyGenParameterSpec.setIsStrongBoxBacked) arrived with Android 9
        targetSdk = 35
        versionCode = 1
        versionName = "0.1.0"
        ndk {
            // What scripts/build-android.sh builds; x86_64 is the emulator.
            abiFilters += listOf("arm64-v8a", "armeabi-v7a", "x86_64")
        }
    }

    // A release is signed only with a keystore given from outside the
    // repository: Gradle properties (~/.gradle/gradle.properties or -P) or
    // the environment, VIDI_RELEASE_STORE_FILE, VIDI_RELEASE_STORE_PASSWORD,
    // VIDI_RELEASE_KEY_ALIAS, VIDI_RELEASE_KEY_PASSWORD. Without them the
    // release APK is left unsigned (never signed with the debug key, which
    // every developer machine has): sign it with apksigner, or install a
    // debug build on emulators. See android/README.md.
    val releaseSigning = listOf(
        "VIDI_RELEASE_STORE_FILE",
        "VIDI_RELEASE_STORE_PASSWORD",
        "VIDI_RELEASE_KEY_ALIAS",
        "VIDI_RELEASE_KEY_PASSWORD",
    ).associateWith { name -> providers.gradleProperty(name).orElse(providers.environmentVariable(name)).orNull }
    if (releaseSigning.values.all { !it.isNullOrBlank() }) {
        signingConfigs {
            create("release") {
                storeFile = file(releaseSigning.getValue("VIDI_RELEASE_STORE_FILE")!!)
                storePassword = releaseSigning.getValue("VIDI_RELEASE_STORE_PASSWORD")
                keyAlias = releaseSigning.getValue("VIDI_RELEASE_KEY_ALIAS")
                keyPassword = releaseSigning.getValue("VIDI_RELEASE_KEY_PASSWORD")
            }
        }
    }

    buildTypes {
        debug {
            // src/debug adds the network config that lets the emulator reach
            // server-mock over plain HTTP at 10.0.2.2.
        }
        release {
            isMinifyEnabled = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
            // The release keystore when one was given (above); else unsigned.
            signingConfig = signingConfigs.findByName("release")
        }
    }

    sourceSets {
        getByName("main") {
            jniLibs.srcDir("src/main/jniLibs")
            // The screens, shared with the desktop build (android/desktop),
            // written against the common Compose API only.
            kotlin.srcDir("../screens/src/main/kotlin")
        }
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    buildFeatures {
        compose = true
    }

    packaging {
        jniLibs {
            // Stored uncompressed and page-aligned (16 KB pages, Android 15).
            useLegacyPackaging = false
        }
    }
}

kotlin {
    compilerOptions {
        jvmTarget.set(JvmTarget.JVM_17)
    }
}

dependencies {
    implementation(project(":domain"))
    // The uniffi bindings in :domain call the core through JNA; the AAR
    // carries libjnidispatch.so for every ABI.
    implementation("net.java.dev.jna:jna:${libs.versions.jna.get()}@aar")
    implementation(libs.kotlinx.coroutines.core)
    implementation(libs.kotlinx.coroutines.android)

    implementation(libs.androidx.core.ktx)
    implementation(libs.androidx.activity.compose)
    implementation(libs.androidx.fragment.ktx)
    implementation(libs.androidx.lifecycle.viewmodel.compose)
    implementation(libs.androidx.lifecycle.runtime.compose)
    implementation(platform(libs.androidx.compose.bom))
    implementation(libs.androidx.compose.ui)
    implementation(libs.androidx.compose.ui.tooling.preview)
    implementation(libs.androidx.compose.material3)
    debugImplementation(libs.androidx.compose.ui.tooling)

    implementation(libs.androidx.camera.camera2)
    implementation(libs.androidx.camera.lifecycle)
    implementation(libs.androidx.camera.view)
    implementation(libs.mlkit.barcode.scanning)
    implementation(libs.androidx.biometric)
    // The Kotlin half of rustls-platform-verifier (see settings.gradle.kts
    // for its repository), at the version of the Rust half the core was
    // built with: rustls-platform-verifier-android's version in Cargo.lock.
    // Another version may not match the JNI calls, so it is read, not typed.
    implementation("rustls:rustls-platform-verifier:${rustlsPlatformVerifierVersion()}")
}

/** The version of rustls-platform-verifier-android in the workspace's Cargo.lock. */
fun rustlsPlatformVerifierVersion(): String {
    val lines = rootProject.file("../Cargo.lock").readLines()
    val at = lines.indexOfFirst { it.trim() == "name = \"rustls-platform-verifier-android\"" }
    val version = lines.drop(at + 1).firstOrNull { it.startsWith("version = ") }?.substringAfter('"')?.substringBefore('"')
    require(at >= 0 && !version.isNullOrEmpty()) { "rustls-platform-verifier-android is not in Cargo.lock" }
    return version!!
}

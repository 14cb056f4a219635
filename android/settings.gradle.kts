// The Vidi Android project: the plain-Kotlin domain library (:domain, also
// compiled and tested without Gradle by scripts/kotlin.sh) and the app (:app).
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
        // rustls-platform-verifier's Kotlin component (the AAR the core's
        // HTTPS certificate checks call into on Android) is not on Maven
        // Central or Google's Maven: its maintainers publish it as a Maven
        // repository in their GitHub repository. Only that group is read
        // from it.
        maven {
            url = uri("https://github.com/rustls/rustls-platform-verifier/raw/maven-archive/android-release-support/maven/")
            content { includeGroup("rustls") }
        }
    }
}

rootProject.name = "vidi"
include(":domain", ":app")

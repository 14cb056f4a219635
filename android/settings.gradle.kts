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
    }
}

rootProject.name = "vidi"
include(":domain", ":app")

// Plugins used by the modules, declared once with their versions
// (gradle/libs.versions.toml) and applied in each module's own build file.
plugins {
    alias(libs.plugins.android.application) apply false
    alias(libs.plugins.kotlin.android) apply false
    alias(libs.plugins.kotlin.jvm) apply false
    alias(libs.plugins.kotlin.compose) apply false
}

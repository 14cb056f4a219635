package vn.vidi.app

import android.app.Application
import vn.vidi.app.platform.AndroidPlatform

/** The process: holds the one [AndroidPlatform] the screens share. */
class VidiApplication : Application() {
    /** This phone, as the screen models see it. */
    val platform: AndroidPlatform by lazy { AndroidPlatform(this) }
}

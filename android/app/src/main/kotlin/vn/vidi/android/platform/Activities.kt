package vn.vidi.android.platform

import android.app.Activity
import android.content.Context
import android.content.ContextWrapper

/**
 * The activity this context belongs to, unwrapping `ContextWrapper`s (a
 * themed or localised context around it, as Compose's `LocalContext` may
 * be), or null when there is none. Never cast a context to an activity.
 */
fun Context.findActivity(): Activity? {
    var context: Context? = this
    while (context is ContextWrapper) {
        if (context is Activity) return context
        context = context.baseContext
    }
    return null
}

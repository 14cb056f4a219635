package vn.vidi.domain

import vn.vidi.ffi.DeviceKeyStore
import vn.vidi.ffi.DocumentType
import vn.vidi.ffi.KeyProvider
import java.nio.file.Path

/** A new wallet in [dir] sealed by [keys], its device keys in [deviceKeys] (the Kotlin ones unless told). */
suspend fun newWallet(
    dir: Path,
    keys: KeyProvider = KeyStoreKeyProvider.inMemory(),
    deviceKeys: DeviceKeyStore? = JcaDeviceKeyStore(),
    name: String = "wallet.db",
): VidiWallet = VidiWallet.create(dir.resolve(name).toString(), keys, deviceKeys)

/** The id of the wallet's national ID card. */
suspend fun VidiWallet.idCard(): String = documents().single { it.documentType == DocumentType.NATIONAL_ID }.id

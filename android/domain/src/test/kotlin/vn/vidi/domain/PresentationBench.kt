package vn.vidi.domain

import vn.vidi.ffi.DeviceKeyStore
import vn.vidi.ffi.Disclose
import vn.vidi.ffi.Wallet
import vn.vidi.ffi.memoryDeviceKeyStore
import vn.vidi.ffi.memoryKeyProvider
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.security.MessageDigest

/**
 * Making a `checkpoint-id` presentation from Kotlin through the bindings,
 * with the device key in the Kotlin store ([JcaDeviceKeyStore]: the core
 * calls back across the boundary for the public key and the signature)
 * against the same call with the core's in-memory store (a Rust object: the
 * signing stays in Rust), with a Kotlin store relaying each call to that
 * Rust store (the callbacks without the Java signature), and with software
 * keys kept in the wallet. Each
 * call is timed on its own; the variants take turns in rounds so that drift
 * and the growing activity log hit them alike. Prints a Markdown table.
 *
 * Run by scripts/kotlin-bench.sh: `ROUNDS` (default 10) rounds of `PER_ROUND`
 * (default 200) calls per variant, after a warm-up of the same size.
 */
fun main(args: Array<String>) {
    val rounds = args.getOrNull(0)?.toInt() ?: 10
    val perRound = args.getOrNull(1)?.toInt() ?: 200
    val shm = Paths.get("/dev/shm")
    val dir = if (Files.isDirectory(shm) && Files.isWritable(shm)) Files.createTempDirectory(shm, "vidi-bench") else Files.createTempDirectory("vidi-bench")
    try {
        Bench(dir, rounds, perRound).run()
    } finally {
        dir.toFile().deleteRecursively()
    }
}

private class Bench(private val dir: Path, private val rounds: Int, private val perRound: Int) {
    private class Variant(val name: String, val call: () -> Unit) {
        val nanos = ArrayList<Long>()
    }

    private fun wallet(name: String, deviceKeys: DeviceKeyStore?): Pair<Wallet, String> {
        val wallet = Wallet.create(dir.resolve("$name.db").toString(), memoryKeyProvider(), deviceKeys)
        return wallet to wallet.addSampleDocuments().first()
    }

    fun run() {
        val checkpoint = Disclose.Preset("checkpoint-id")
        val (rustWallet, rustCard) = wallet("rust", memoryDeviceKeyStore())
        val kotlinKeys = JcaDeviceKeyStore()
        val (kotlinWallet, kotlinCard) = wallet("kotlin", kotlinKeys)
        val (softWallet, softCard) = wallet("software", null)
        // Kotlin callbacks around the Rust signer: what the crossing alone costs.
        val (relayWallet, relayCard) = wallet("relay", Relay(memoryDeviceKeyStore()))

        val signingKey = kotlinKeys.create().handle
        val prehash = MessageDigest.getInstance("SHA-256").digest("bench".toByteArray())

        val variants = listOf(
            Variant("present, Rust device key store (memory_device_key_store)") { rustWallet.present(rustCard, checkpoint) },
            Variant("present, Kotlin device key store (JcaDeviceKeyStore)") { kotlinWallet.present(kotlinCard, checkpoint) },
            Variant("present, software keys in the wallet (no store)") { softWallet.present(softCard, checkpoint) },
            Variant("present, Kotlin store relaying to the Rust one (callbacks, Rust signature)") {
                relayWallet.present(relayCard, checkpoint)
            },
            Variant("Kotlin signature alone: NONEwithECDSA + DER to raw, no FFI") { kotlinKeys.sign(signingKey, prehash) },
            Variant("an empty round trip: Wallet.isUnlocked()") { kotlinWallet.isUnlocked() },
        )

        for (v in variants) repeat(perRound) { v.call() } // warm-up: JIT, SQLite pages
        repeat(rounds) {
            for (v in variants) {
                repeat(perRound) {
                    val start = System.nanoTime()
                    v.call()
                    v.nanos += System.nanoTime() - start
                }
            }
        }

        val runtime = Runtime.getRuntime()
        println("Java ${System.getProperty("java.version")} (${System.getProperty("java.vm.name")}), ${runtime.availableProcessors()} cores, ${cpuModel()}")
        println("${rounds * perRound} calls per row, wallets in $dir, libvidi_ffi from ${System.getProperty("jna.library.path")}")
        println()
        println("| operation | median | p10 | p90 |")
        println("|---|---:|---:|---:|")
        for (v in variants) {
            val sorted = v.nanos.sorted()
            println("| ${v.name} | ${micros(sorted.quantile(0.5))} | ${micros(sorted.quantile(0.1))} | ${micros(sorted.quantile(0.9))} |")
        }
        val median = { i: Int -> variants[i].nanos.sorted().quantile(0.5).toDouble() }
        println()
        println("Kotlin store / Rust store: %.2fx (%+.0f µs a presentation)".format(median(1) / median(0), (median(1) - median(0)) / 1000))
        println("software keys / Rust store: %.2fx".format(median(2) / median(0)))
        println("relay / Rust store: %.2fx (%+.0f µs for the callbacks)".format(median(3) / median(0), (median(3) - median(0)) / 1000))

        listOf(rustWallet, kotlinWallet, softWallet, relayWallet).forEach { it.close() }
    }

    /** A Kotlin store that hands every call to [inner], a Rust one. */
    private class Relay(private val inner: DeviceKeyStore) : DeviceKeyStore by inner

    private fun List<Long>.quantile(q: Double): Long = this[((size - 1) * q).toInt()]

    private fun micros(nanos: Long) = "%.0f µs".format(nanos / 1000.0)

    private fun cpuModel(): String = runCatching {
        Files.readAllLines(Paths.get("/proc/cpuinfo")).first { it.startsWith("model name") }.substringAfter(':').trim()
    }.getOrDefault("unknown CPU")
}

package vn.vidi.domain

import java.io.IOException
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread

/** An offer made through the admin API: the link to scan, its PIN, and the QR code the portal shows for it (a PNG). */
class Offer(val uri: String, val pin: String, val qrPng: ByteArray)

/**
 * A relying party's session made through `POST /rp/sessions`: its id, the
 * `openid4vp://` link the wallet reads, and where its request object is.
 */
class RpSession(val id: String, val link: String, val requestUri: String) {
    /** The same request with [requestObject] in the link itself (`request=`), as someone who kept it would replay it. */
    fun byValue(requestObject: String): String = link.substringBefore("&request_uri=") + "&request=" + requestObject
}

/**
 * The mock issuer, `target/debug/vidi-server-mock` (the `vidi.serverMock`
 * system property, which scripts/kotlin.sh sets), run as a child process on
 * a free loopback port with its data in [dataDir]; [baseUrl] is read from
 * its startup banner. [close] kills it: use it in `use { }`, so that a
 * failing test kills it too.
 */
class ServerMock private constructor(private val process: Process, val baseUrl: String) : AutoCloseable {
    private val http: HttpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()

    // Should the JVM end without close() (killed by a timeout), the server goes with it.
    private val reaper = Thread { process.destroyForcibly() }.also { Runtime.getRuntime().addShutdownHook(it) }

    /** `POST /admin/offers`: an offer of citizen [citizen]'s documents, naming [issuerUrl] as the issuer when given. */
    fun offer(citizen: Int, issuerUrl: String? = null): Offer {
        val body = buildString {
            append("{\"citizen\":").append(citizen).append(",\"qr\":[\"png\"]")
            issuerUrl?.let { append(",\"issuer_url\":").append(Json.quote(it)) }
            append('}')
        }
        val created = post("/admin/offers", body).obj()
        val png = java.util.Base64.getDecoder().decode(created["qr_png_base64"] as String)
        return Offer(created["offer_uri"] as String, created["pin"] as String, png)
    }

    /** `GET /admin/citizens/{n}`. */
    fun citizen(number: Int): Map<String, Any?> = request(HttpRequest.newBuilder(uri("/admin/citizens/$number")).GET()).obj()

    /** The admin API's ids of citizen [number]'s credentials of [documentType] (`national_id`, ...) in [state]. */
    fun credentialIds(number: Int, documentType: String, state: String = "valid"): List<Long> =
        citizen(number)["documents"].list().map { it.obj() }
            .filter { it["document_type"] == documentType }
            .flatMap { it["credentials"].list().map { c -> c.obj() } }
            .filter { it["state"] == state }
            .map { it["id"] as Long }

    /** `POST /admin/credentials/{id}/revoke`. */
    fun revoke(credentialId: Long) {
        post("/admin/credentials/$credentialId/revoke", "")
    }

    /** `POST /rp/sessions`: the mock relying party asks for [service]'s claims (`residence`, `licence`, `age`). */
    fun rpSession(service: String): RpSession {
        val created = post("/rp/sessions", "{\"service\":${Json.quote(service)}}").obj()
        return RpSession(created["id"] as String, created["link"] as String, created["request_uri"] as String)
    }

    /** The session's signed request object, as a wallet fetches it (`GET request_uri`). */
    fun requestObject(session: RpSession): String {
        val response = http.send(
            HttpRequest.newBuilder(URI.create(session.requestUri)).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString(),
        )
        check(response.statusCode() == 200) { "GET ${session.requestUri}: ${response.statusCode()}" }
        return response.body().trim()
    }

    /** `GET /rp/sessions/{id}`: the session's `state` (`waiting`, `verified`, `refused`, `declined`, `expired`). */
    fun rpState(id: String): String = request(HttpRequest.newBuilder(uri("/rp/sessions/$id")).GET()).obj()["state"] as String

    private fun uri(path: String) = URI.create(baseUrl + path)

    private fun post(path: String, json: String): Any? = request(
        HttpRequest.newBuilder(uri(path)).header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)),
    )

    private fun request(builder: HttpRequest.Builder): Any? {
        val response = http.send(builder.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
        check(response.statusCode() in 200..299) { "${response.request().method()} ${response.uri()}: ${response.statusCode()} ${response.body()}" }
        return if (response.body().isBlank()) null else Json.parse(response.body())
    }

    /** Kills the server and waits for it. */
    override fun close() {
        runCatching { Runtime.getRuntime().removeShutdownHook(reaper) }
        process.destroy()
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly()
            process.waitFor(5, TimeUnit.SECONDS)
        }
    }

    companion object {
        private val BANNER = Regex("""^\s*this machine\s+(http://127\.0\.0\.1:\d+)\s*$""")

        /** The server binary. */
        val binary: Path = Paths.get(System.getProperty("vidi.serverMock") ?: "target/debug/vidi-server-mock")

        /** libfaketime, from Debian's faketime package. */
        private val FAKETIME: Path = Paths.get("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")

        /**
         * Starts a server with a fresh database in [dataDir]. With
         * [clockOffset] (libfaketime's syntax, such as `-3d`) the server
         * runs with libfaketime preloaded (Debian's `faketime` package), its
         * clock that far off: an issuer whose trust and status lists were
         * signed days ago. Preloaded rather than run by the `faketime`
         * command, which would be a parent that [close] kills while the
         * server lives on.
         */
        fun start(dataDir: Path, clockOffset: String? = null): ServerMock {
            check(Files.isExecutable(binary)) { "no server binary at $binary (cargo build -p vidi-server-mock)" }
            val builder = ProcessBuilder(binary.toString(), "--data-dir", dataDir.toString(), "--listen", "127.0.0.1:0", "--quiet")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
            if (clockOffset != null) {
                check(Files.isReadable(FAKETIME)) { "no $FAKETIME (apt-get install faketime)" }
                builder.environment()["LD_PRELOAD"] = FAKETIME.toString()
                builder.environment()["FAKETIME"] = clockOffset
                builder.environment()["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"
            }
            val process = builder.start()
            try {
                val url = CompletableFuture<String>()
                // Reads the banner, then keeps draining stdout so that the server never blocks on it.
                thread(isDaemon = true, name = "server-mock-stdout") {
                    try {
                        process.inputStream.bufferedReader().useLines { lines ->
                            lines.forEach { line -> BANNER.find(line)?.let { url.complete(it.groupValues[1]) } }
                        }
                    } catch (_: IOException) {
                    }
                    url.completeExceptionally(IllegalStateException("vidi-server-mock ended without printing its URL"))
                }
                return ServerMock(process, url.get(20, TimeUnit.SECONDS))
            } catch (e: Throwable) {
                process.destroyForcibly()
                throw e
            }
        }
    }
}

/**
 * A TCP server on loopback that accepts connections and never answers: a
 * network slow enough to cancel an issuance in. [accepted] completes at the
 * first connection.
 */
class BlackHole : AutoCloseable {
    private val server = ServerSocket(0, 50, InetAddress.getLoopbackAddress())
    private val sockets = CopyOnWriteArrayList<Socket>()
    val accepted = CompletableFuture<Unit>()
    val url: String = "http://127.0.0.1:${server.localPort}"

    init {
        thread(isDaemon = true, name = "black-hole") {
            try {
                while (true) {
                    sockets += server.accept()
                    accepted.complete(Unit)
                }
            } catch (_: IOException) {
            }
        }
    }

    override fun close() {
        server.close()
        sockets.forEach { runCatching { it.close() } }
    }
}

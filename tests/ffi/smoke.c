/*
 * A C program that calls libvidi_ffi through the generated header
 * (bindings/vidiFFI.h), the way the Kotlin and Swift bindings do underneath:
 *
 *  1. the scaffolding's contract version and every API checksum equal what
 *     the committed Kotlin and Swift bindings expect (tests/ffi/run.sh
 *     extracts those into expected.h), so the bindings fit this library;
 *  2. format_version(): a call with no buffer, through RustCallStatus;
 *  3. presets(): a RustBuffer result, read as uniffi serializes it
 *     (big-endian i32 counts and lengths) and freed;
 *  4. Verifier(cache_dir).verify(...) on an empty folder: String and
 *     Option arguments lowered into RustBuffers made by the library, an
 *     object handle, and the error path (VidiError.NotFound with its
 *     reason) read from the error buffer; then the object is freed;
 *  5. check_server_url(): a String result (unprefixed UTF-8 bytes) and
 *     an InvalidInput error.
 *
 * Prints each failure and a last line "smoke: N passed, M failed".
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "vidiFFI.h"

struct expected_checksum {
    const char *name;
    uint16_t (*actual)(void);
    uint16_t expected;
};

/* EXPECTED_CONTRACT_VERSION, SWIFT_CHECKSUMS[] and KOTLIN_CHECKSUMS[]. */
#include "expected.h"

#define CALL_SUCCESS 0
#define CALL_ERROR 1

/* VidiError's variants in declaration order, 1-based on the wire. */
#define VIDI_ERROR_NOT_FOUND 9
#define VIDI_ERROR_INVALID_INPUT 8

static int passed;
static int failed;

#define CHECK(cond, ...)                                          \
    do {                                                          \
        if (cond) {                                               \
            passed++;                                             \
        } else {                                                  \
            failed++;                                             \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
            fprintf(stderr, __VA_ARGS__);                         \
            fputc('\n', stderr);                                  \
        }                                                         \
    } while (0)

/* A cursor over a RustBuffer's bytes. */
struct reader {
    const uint8_t *data;
    uint64_t len;
    uint64_t at;
    int ok;
};

static int32_t read_i32(struct reader *r) {
    if (r->at + 4 > r->len) {
        r->ok = 0;
        return 0;
    }
    const uint8_t *p = r->data + r->at;
    r->at += 4;
    return (int32_t)(((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) |
                     (uint32_t)p[3]);
}

/* Reads a serialized String (i32 length, UTF-8 bytes) into out. */
static void read_string(struct reader *r, char *out, size_t cap) {
    int32_t n = read_i32(r);
    if (!r->ok || n < 0 || (uint64_t)n > r->len - r->at || (size_t)n >= cap) {
        r->ok = 0;
        out[0] = '\0';
        return;
    }
    memcpy(out, r->data + r->at, (size_t)n);
    out[n] = '\0';
    r->at += (uint64_t)n;
}

/* A RustBuffer holding bytes, allocated by the library (which frees it
   when it takes the buffer as an argument). */
static RustBuffer buffer_of(const uint8_t *bytes, int32_t len) {
    RustCallStatus status = {0};
    ForeignBytes foreign = {len, bytes};
    RustBuffer buf = ffi_vidi_ffi_rustbuffer_from_bytes(foreign, &status);
    CHECK(status.code == CALL_SUCCESS, "rustbuffer_from_bytes failed");
    return buf;
}

/* A lowered String argument: its UTF-8 bytes, unprefixed. */
static RustBuffer string_arg(const char *text) {
    return buffer_of((const uint8_t *)text, (int32_t)strlen(text));
}

/* A lowered Option argument holding None: one zero byte. */
static RustBuffer none_arg(void) {
    static const uint8_t none = 0;
    return buffer_of(&none, 1);
}

static void check_versions(void) {
    CHECK(ffi_vidi_ffi_uniffi_contract_version() == EXPECTED_CONTRACT_VERSION,
          "contract version %u, the bindings expect %u", ffi_vidi_ffi_uniffi_contract_version(),
          (unsigned)EXPECTED_CONTRACT_VERSION);
    size_t swift = sizeof SWIFT_CHECKSUMS / sizeof SWIFT_CHECKSUMS[0];
    size_t kotlin = sizeof KOTLIN_CHECKSUMS / sizeof KOTLIN_CHECKSUMS[0];
    CHECK(swift > 30 && swift == kotlin, "%zu Swift checksums, %zu Kotlin", swift, kotlin);
    for (size_t i = 0; i < swift; i++) {
        const struct expected_checksum *c = &SWIFT_CHECKSUMS[i];
        CHECK(c->actual() == c->expected, "%s: library %u, Swift bindings %u", c->name,
              c->actual(), c->expected);
    }
    for (size_t i = 0; i < kotlin; i++) {
        const struct expected_checksum *c = &KOTLIN_CHECKSUMS[i];
        CHECK(c->actual() == c->expected, "%s: library %u, Kotlin bindings %u", c->name,
              c->actual(), c->expected);
    }
}

static void check_format_version(void) {
    RustCallStatus status = {0};
    uint8_t version = uniffi_vidi_ffi_fn_func_format_version(&status);
    CHECK(status.code == CALL_SUCCESS, "format_version: status %d", status.code);
    CHECK(version == 2, "format_version() = %u", version);
}

static void check_presets(void) {
    RustCallStatus status = {0};
    RustBuffer buf = uniffi_vidi_ffi_fn_func_presets(&status);
    CHECK(status.code == CALL_SUCCESS, "presets: status %d", status.code);
    struct reader r = {buf.data, buf.len, 0, buf.data != NULL};
    int32_t count = read_i32(&r);
    CHECK(r.ok && count == 4, "presets: %d presets", count);
    /* The first PresetInfo begins with its name. */
    char name[64];
    read_string(&r, name, sizeof name);
    CHECK(r.ok && strcmp(name, "checkpoint-id") == 0, "presets: first is \"%s\"", name);
    ffi_vidi_ffi_rustbuffer_free(buf, &status);
    CHECK(status.code == CALL_SUCCESS, "rustbuffer_free: status %d", status.code);
}

static void check_verifier_error(const char *cache_dir) {
    RustCallStatus status = {0};
    uint64_t verifier = uniffi_vidi_ffi_fn_constructor_verifier_new(string_arg(cache_dir), &status);
    CHECK(status.code == CALL_SUCCESS && verifier != 0, "Verifier(): status %d", status.code);
    if (status.code != CALL_SUCCESS) {
        return;
    }

    RustCallStatus call = {0};
    RustBuffer verdict = uniffi_vidi_ffi_fn_method_verifier_verify(
        uniffi_vidi_ffi_fn_clone_verifier(verifier, &status), string_arg("VD1:"), none_arg(),
        none_arg(), none_arg(), &call);
    CHECK(call.code == CALL_ERROR, "verify on an empty cache: status %d", call.code);
    CHECK(verdict.data == NULL || verdict.len == 0, "verify returned a verdict");
    struct reader r = {call.errorBuf.data, call.errorBuf.len, 0, call.errorBuf.data != NULL};
    int32_t variant = read_i32(&r);
    CHECK(r.ok && variant == VIDI_ERROR_NOT_FOUND, "error variant %d, expected NotFound", variant);
    char reason[256];
    read_string(&r, reason, sizeof reason);
    CHECK(r.ok && strstr(reason, "run a sync first") != NULL, "reason \"%s\"", reason);
    if (call.errorBuf.data != NULL) {
        ffi_vidi_ffi_rustbuffer_free(call.errorBuf, &status);
    }

    uniffi_vidi_ffi_fn_free_verifier(verifier, &status);
    CHECK(status.code == CALL_SUCCESS, "free_verifier: status %d", status.code);
}

static void check_server_url(void) {
    RustCallStatus status = {0};
    RustBuffer url = uniffi_vidi_ffi_fn_func_check_server_url(string_arg(" http://10.0.2.2:8080/ "),
                                                              &status);
    CHECK(status.code == CALL_SUCCESS, "check_server_url: status %d", status.code);
    const char *expected = "http://10.0.2.2:8080";
    CHECK(url.data != NULL && url.len == strlen(expected) &&
              memcmp(url.data, expected, strlen(expected)) == 0,
          "check_server_url: %.*s", (int)url.len, url.data ? (const char *)url.data : "");
    ffi_vidi_ffi_rustbuffer_free(url, &status);

    RustCallStatus call = {0};
    RustBuffer refused =
        uniffi_vidi_ffi_fn_func_check_server_url(string_arg("http://issuer.example"), &call);
    CHECK(call.code == CALL_ERROR, "plain http to a remote host: status %d", call.code);
    CHECK(refused.data == NULL || refused.len == 0, "check_server_url returned a URL");
    struct reader r = {call.errorBuf.data, call.errorBuf.len, 0, call.errorBuf.data != NULL};
    int32_t variant = read_i32(&r);
    CHECK(r.ok && variant == VIDI_ERROR_INVALID_INPUT, "error variant %d, expected InvalidInput",
          variant);
    if (call.errorBuf.data != NULL) {
        ffi_vidi_ffi_rustbuffer_free(call.errorBuf, &status);
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s EMPTY_CACHE_DIR\n", argv[0]);
        return 2;
    }
    check_versions();
    check_format_version();
    check_presets();
    check_verifier_error(argv[1]);
    check_server_url();
    printf("smoke: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

//! `uniffi-bindgen`: uniffi's generator, built from the workspace so that
//! it always matches the uniffi version `vidi-ffi` is compiled with. Run by
//! `scripts/bindings.sh` in library mode:
//! `uniffi-bindgen generate --library target/debug/libvidi_ffi.so --language kotlin --out-dir bindings/kotlin`.

fn main() {
    uniffi::uniffi_bindgen_main()
}

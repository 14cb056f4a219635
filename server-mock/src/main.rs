//! `vidi-server-mock`: the mock issuer (filled by the issuance issue).

fn main() {
    eprintln!("vidi-server-mock: not built yet; see server-mock/README.md");
    std::process::exit(2);
}

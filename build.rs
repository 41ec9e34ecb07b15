//! Records the target triple this crate is built for, so the suite can build
//! the reference server as a static binary for the same platform.
fn main() {
    let target = std::env::var("TARGET").expect("cargo sets TARGET for build scripts");
    println!("cargo:rustc-env=MCP_MATRIX_BUILD_TARGET={target}");
}

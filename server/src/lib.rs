//! Where the sources of arc-server, mcp-matrix's reference MCP server, are.
//!
//! The server itself is this package's binary (`src/main.rs`, built with the
//! default `serve` feature). This library is what mcp-matrix depends on,
//! without that feature: one constant, so that every way of installing
//! mcp-matrix brings these sources along. Cargo leaves a directory that holds
//! a `Cargo.toml` of its own out of another package, so the server cannot
//! travel inside mcp-matrix's package; as a dependency it is unpacked next to
//! it (`~/.cargo/registry/src/…` for `cargo install mcp-matrix`, the checkout
//! for `--path` and `--git`), with its manifest and lock file, and
//! mcp-matrix builds the server's image from there.

/// The directory of this package: its `Cargo.toml`, `src/` and, in a
/// published package, the `Cargo.lock` that pins the server's dependencies.
pub const SOURCE_DIR: &str = env!("CARGO_MANIFEST_DIR");

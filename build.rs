//! The built-in theme is compiled into the binary (`src/theme.rs`); a file added to or removed
//! from `themes/default/` must rebuild it.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}

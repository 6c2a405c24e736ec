//! Records the commit the binary is built from, for `--version`: `git
//! describe --always` when the source is a git checkout, `unknown commit` otherwise
//! (a source archive, `cargo install` from a copy).

use std::process::Command;

fn main() {
    let commit = Command::new("git")
        .args(["describe", "--always", "--abbrev=12"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown commit".to_owned());
    println!("cargo:rustc-env=PLANSHEET_COMMIT={commit}");
    // A new commit or a checkout changes HEAD or the ref it points to.
    for path in ["../../.git/HEAD", "../../.git/refs/heads"] {
        println!("cargo:rerun-if-changed={path}");
    }
}

//! Generate a synthetic promotion-case repository for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen-case -- OUT --files N --commits C [--seed S]
//! ```
//!
//! See `support/synthetic.rs` for what it writes.

#[path = "support/synthetic.rs"]
mod synthetic;

use std::path::PathBuf;
use synthetic::{generate, Spec};

fn parse_args() -> Result<Spec, String> {
    let mut it = std::env::args().skip(1);
    let mut out = None;
    let (mut files, mut commits, mut seed) = (1000usize, 100usize, 1u64);
    while let Some(a) = it.next() {
        let mut num = |name: &str| -> Result<u64, String> {
            it.next()
                .and_then(|v| v.parse().ok())
                .ok_or(format!("{name} takes a number"))
        };
        match a.as_str() {
            "--files" => files = num("--files")? as usize,
            "--commits" => commits = num("--commits")? as usize,
            "--seed" => seed = num("--seed")?,
            "-h" | "--help" => return Err(String::new()),
            other if out.is_none() && !other.starts_with('-') => out = Some(PathBuf::from(other)),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    let out = out.ok_or("name the output folder")?;
    Ok(Spec {
        out,
        files,
        commits,
        seed: seed.max(1),
    })
}

fn main() -> std::process::ExitCode {
    let spec = match parse_args() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}\nusage: gen-case OUT --files N --commits C [--seed S]");
            return std::process::ExitCode::from(2);
        }
    };
    match generate(&spec) {
        Ok(head) => {
            println!(
                "{} files, {} commits, HEAD {head}",
                spec.files, spec.commits
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}", e.message());
            std::process::ExitCode::from(2)
        }
    }
}

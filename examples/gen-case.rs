//! Generate a synthetic promotion-case repository for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen-case -- OUT --files N --commits C [--seed S] [--shape steady|wide|bursty] [--pack repack|aggressive] [--cases K]
//! ```
//!
//! See `support/synthetic.rs` for what it writes. The repository is written
//! through libgit2, so its objects are all loose, which no user has: with
//! `--pack`, it is then cloned (`git clone --no-local`, as CI clones) and
//! packed with deltas, by `git repack -adf` (what a clone or `git gc`
//! leaves) or `git gc --aggressive` (longer delta chains). Needs `git`.
//! With `--cases K`, K cases of N files each under `cases/`, in one commit
//! (for `calibrate`).

#[path = "support/synthetic.rs"]
mod synthetic;

use std::path::PathBuf;
use synthetic::{generate, generate_cases, pack, Pack, Shape, Spec};

fn parse_args() -> Result<(Spec, Pack, usize), String> {
    let mut it = std::env::args().skip(1);
    let mut out = None;
    let (mut files, mut commits, mut seed) = (1000usize, 100usize, 1u64);
    let mut packing = Pack::Loose;
    let mut cases = 0usize;
    let mut shape = Shape::Steady;
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
            "--cases" => cases = num("--cases")? as usize,
            "--shape" => {
                shape = it
                    .next()
                    .as_deref()
                    .and_then(|s| match s {
                        "steady" => Some(Shape::Steady),
                        "wide" => Some(Shape::Wide),
                        "bursty" => Some(Shape::Bursty),
                        _ => None,
                    })
                    .ok_or("--shape takes steady, wide or bursty")?
            }
            "--pack" => {
                packing = match it.next().as_deref() {
                    Some("repack") => Pack::Repack,
                    Some("aggressive") => Pack::Aggressive,
                    _ => return Err("--pack takes repack or aggressive".into()),
                }
            }
            "-h" | "--help" => return Err(String::new()),
            other if out.is_none() && !other.starts_with('-') => out = Some(PathBuf::from(other)),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    let out = out.ok_or("name the output folder")?;
    let spec = Spec {
        out,
        files,
        commits,
        seed: seed.max(1),
        shape,
    };
    Ok((spec, packing, cases))
}

fn main() -> std::process::ExitCode {
    let (mut spec, packing, cases) = match parse_args() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}\nusage: gen-case OUT --files N --commits C [--seed S] [--shape steady|wide|bursty] [--pack repack|aggressive] [--cases K]");
            return std::process::ExitCode::from(2);
        }
    };
    let out = spec.out.clone();
    if packing != Pack::Loose {
        spec.out = out.with_extension("loose-tmp");
    }
    // --cases K: K cases of N files each under cases/, in one commit.
    let generated = match cases {
        0 => generate(&spec),
        k => generate_cases(&spec, k),
    };
    let generated = generated.map_err(|e| e.message().to_string());
    let generated = generated.and_then(|head| {
        if packing != Pack::Loose {
            pack(&spec.out, &out, packing)?;
            std::fs::remove_dir_all(&spec.out).map_err(|e| e.to_string())?;
        }
        Ok(head)
    });
    match generated {
        Ok(head) => {
            println!(
                "{} files, {} commits, HEAD {head}",
                spec.files, spec.commits
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::from(2)
        }
    }
}

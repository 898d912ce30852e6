//! The `promocase` binary: parse arguments, run, map the outcome to an exit
//! code. Everything else lives in the library.

fn main() -> std::process::ExitCode {
    promocase::cli::main()
}

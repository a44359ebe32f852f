//! The `twinform` binary: everything lives in `cli`, the only part of twinform that does I/O.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}

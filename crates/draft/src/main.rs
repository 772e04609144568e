//! The `draft` executable: hands its arguments to the library and exits
//! with the code it returns.

fn main() -> std::process::ExitCode {
    draft::run(std::env::args_os())
}

// Many small allocations per request (rows, templates, JSON): mimalloc handles them faster than glibc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    passerelle::cli::main()
}

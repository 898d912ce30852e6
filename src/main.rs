//! The `promocase` binary: parse arguments, run, map the outcome to an exit
//! code. Everything else lives in the library.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let code = promocase::cli::main();
    keep_memory_at_exit();
    code
}

/// mimalloc's `purge_delay` option, by its place in `mi_option_e` (the
/// crate names no constant for it; `purge_delay_is_the_option_we_name`
/// checks it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// As the process exits, mimalloc collects its heap and hands every free
/// page back to the system one range at a time (each a system call that
/// signals the other cores): 14 ms of a 10,000-entry brief's 240 (bench/NOTES.md).
/// While running it waits a second before handing pages back, so this
/// changes nothing before the exit; the system takes all the memory back
/// at once anyway.
fn keep_memory_at_exit() {
    // SAFETY: mi_option_set stores one number in mimalloc's option table
    // (thread-safe, any time); -1 is a documented value of purge_delay.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn purge_delay_is_the_option_we_name() {
        // purge_delay's default in mimalloc 3 is 1000 (ms); no option next
        // to it has that default.
        // SAFETY: reads one number from mimalloc's option table.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(delay, 1000);
    }
}

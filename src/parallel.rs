//! A parallel map that stays on the calling thread for small batches.
//!
//! Reading and parsing are spread over every core when a command meets
//! thousands of files at once. `timeline` meets a handful per commit, a
//! thousand times: handing ten files to the thread pool costs more in
//! wake-ups than reading them, so below a threshold the work is done here.

use rayon::prelude::*;

/// Below this many items, mapping is done on the calling thread.
pub(crate) const SMALL: usize = 64;

/// `items` mapped by `f`, in order.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    if items.len() < SMALL {
        items.iter().map(f).collect()
    } else {
        items.par_iter().map(f).collect()
    }
}

/// [`map`], with state `init` makes for each run of neighbouring items a
/// thread maps (a repository kept open from one item to the next); work is
/// still shared out as in [`map`], so one slow item does not hold up a
/// whole stretch. The results in order.
pub(crate) fn map_init<T: Sync, S, R: Send>(
    items: &[T],
    init: impl Fn() -> S + Sync + Send,
    f: impl Fn(&mut S, &T) -> R + Sync + Send,
) -> Vec<R> {
    if items.len() < SMALL {
        let mut state = init();
        items.iter().map(|t| f(&mut state, t)).collect()
    } else {
        items.par_iter().map_init(init, f).collect()
    }
}

/// `items` cut into one contiguous stretch per thread, each mapped by `f`
/// to one result (a stretch may set up something of its own, such as a
/// repository handle, or gather what it gave in one place); the results in
/// the stretches' order. Below [`SMALL`] items, or on one thread, one
/// stretch of all of them.
pub(crate) fn per_stretch<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&[T]) -> R + Sync + Send,
) -> Vec<R> {
    let threads = rayon::current_num_threads().max(1);
    if items.len() < SMALL || threads == 1 {
        return vec![f(items)];
    }
    let size = items.len().div_ceil(threads);
    items.par_chunks(size).map(f).collect()
}

/// [`per_stretch`] where each stretch gives one result per item: the
/// results in order.
pub(crate) fn stretches<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&[T]) -> Vec<R> + Sync + Send,
) -> Vec<R> {
    let mut parts = per_stretch(items, f);
    if parts.len() == 1 {
        return parts.pop().unwrap_or_default();
    }
    parts.into_iter().flatten().collect()
}

/// Drop `value` on a thread of its own. Freeing a loaded case of 100,000
/// entries, allocated on the reading threads, took the calling thread a
/// tenth of a second; nothing waits for it, and a process that exits first
/// leaves the work to the operating system.
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    // Already off the calling thread (a case of `calibrate` on the pool):
    // a thread per value would cost more than it saves.
    if rayon::current_thread_index().is_some() {
        return drop(value);
    }
    // Without a thread to be had, the closure (and the value in it) is
    // dropped here.
    let _ = std::thread::Builder::new()
        .name("promocase-drop".into())
        .spawn(move || drop(value));
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_order_on_both_paths() {
        for n in [0, 3, super::SMALL - 1, super::SMALL, 1000] {
            let items: Vec<usize> = (0..n).collect();
            let doubled = super::map(&items, |x| x * 2);
            assert_eq!(doubled, (0..n).map(|x| x * 2).collect::<Vec<_>>());
            let stretched = super::stretches(&items, |s| s.iter().map(|x| x * 2).collect());
            assert_eq!(stretched, doubled);
            // One result per stretch, the stretches in order and whole.
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(3)
                .build()
                .unwrap();
            let parts = pool.install(|| super::per_stretch(&items, <[usize]>::to_vec));
            let expected = if n < super::SMALL { 1 } else { 3 };
            assert_eq!(parts.len(), expected);
            assert_eq!(parts.concat(), items);
        }
    }
}

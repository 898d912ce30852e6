//! A parallel map that stays on the calling thread for small batches.
//!
//! Reading and parsing are spread over every core when a command meets
//! thousands of files at once. `timeline` meets a handful per commit, a
//! thousand times: handing ten files to the thread pool costs more in
//! wake-ups than reading them, so below a threshold the work is done here.

use rayon::prelude::*;

/// Below this many items, mapping is done on the calling thread.
const SMALL: usize = 64;

/// `items` mapped by `f`, in order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    if items.len() < SMALL {
        items.iter().map(f).collect()
    } else {
        items.par_iter().map(f).collect()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_order_on_both_paths() {
        for n in [0, 3, super::SMALL - 1, super::SMALL, 1000] {
            let items: Vec<usize> = (0..n).collect();
            let doubled = super::map(&items, |x| x * 2);
            assert_eq!(doubled, (0..n).map(|x| x * 2).collect::<Vec<_>>());
        }
    }
}

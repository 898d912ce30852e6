//! Walking two sequences sorted by key side by side.
//!
//! A case's files and a side's entries are held in path order: comparing
//! two of them is one walk of both, where a lookup per path in a map of
//! paths compared their long shared prefixes a dozen times each.

use std::cmp::Ordering;

/// Every key of `a` and `b` (each sorted by key, each key once), in
/// order, with what each holds there.
pub(crate) fn side_by_side<K: Ord, A, B>(
    a: impl IntoIterator<Item = (K, A)>,
    b: impl IntoIterator<Item = (K, B)>,
) -> impl Iterator<Item = (K, Option<A>, Option<B>)> {
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    std::iter::from_fn(move || {
        let order = match (a.peek(), b.peek()) {
            (None, None) => return None,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some((x, _)), Some((y, _))) => x.cmp(y),
        };
        Some(match order {
            Ordering::Less => a.next().map(|(k, x)| (k, Some(x), None))?,
            Ordering::Greater => b.next().map(|(k, y)| (k, None, Some(y)))?,
            Ordering::Equal => {
                let (k, x) = a.next()?;
                let (_, y) = b.next()?;
                (k, Some(x), Some(y))
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::side_by_side;
    use std::collections::BTreeMap;

    #[test]
    fn every_key_once_in_order() {
        type Keys = &'static [(&'static str, i32)];
        let cases: &[(Keys, Keys)] = &[
            (&[], &[]),
            (&[("a", 1)], &[]),
            (&[], &[("a", 1)]),
            (
                &[("a", 1), ("c", 3), ("e", 5)],
                &[("b", 2), ("c", 30), ("f", 6)],
            ),
            (&[("x", 1), ("y", 2)], &[("a", 1), ("b", 2)]),
        ];
        for (old, new) in cases {
            let (old, new): (BTreeMap<_, _>, BTreeMap<_, _>) =
                (old.iter().copied().collect(), new.iter().copied().collect());
            let walked: Vec<_> = side_by_side(old.clone(), new.clone()).collect();
            let mut keys: Vec<&str> = old.keys().chain(new.keys()).copied().collect();
            keys.sort();
            keys.dedup();
            let expected: Vec<_> = keys
                .into_iter()
                .map(|k| (k, old.get(k).copied(), new.get(k).copied()))
                .collect();
            assert_eq!(walked, expected);
        }
    }
}

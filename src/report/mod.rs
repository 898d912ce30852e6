//! Reports: the contexts that outputs are rendered from.

//! What stays contribute to a person's own page.

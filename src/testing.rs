//! Helpers shared by the unit tests.

/// Marsaglia's xorshift generator (shifts 13, 7, 17) from `seed` (not 0):
/// the tests that generate their inputs get the same ones on every run.
pub(crate) fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}

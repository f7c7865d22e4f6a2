mod bitset;

pub use bitset::BitSet;

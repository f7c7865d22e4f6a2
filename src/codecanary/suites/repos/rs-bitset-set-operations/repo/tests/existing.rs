use bitset::BitSet;

#[test]
fn insert_remove() {
    let mut s = BitSet::new(130);
    s.insert(0);
    s.insert(64);
    s.insert(129);
    assert!(s.contains(129) && s.contains(64) && !s.contains(1));
    assert_eq!(s.len(), 3);
    s.remove(64);
    assert!(!s.contains(64));
    assert!(!s.contains(500));
}

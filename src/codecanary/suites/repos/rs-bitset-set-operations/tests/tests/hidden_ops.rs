use bitset::BitSet;

fn set(cap: usize, xs: &[usize]) -> BitSet {
    let mut s = BitSet::new(cap);
    for &x in xs {
        s.insert(x);
    }
    s
}

#[test]
fn ops_same_capacity() {
    let a = set(100, &[1, 5, 70, 99]);
    let b = set(100, &[5, 6, 99]);
    assert_eq!(a.union(&b).iter().collect::<Vec<_>>(), vec![1, 5, 6, 70, 99]);
    assert_eq!(a.intersection(&b).iter().collect::<Vec<_>>(), vec![5, 99]);
    assert_eq!(a.difference(&b).iter().collect::<Vec<_>>(), vec![1, 70]);
    assert_eq!(a.union(&b).len(), 5);
    assert_eq!(a.difference(&b).len(), 2);
}

#[test]
fn ops_different_capacity() {
    let small = set(10, &[2, 9]);
    let big = set(200, &[2, 150]);
    let u = small.union(&big);
    assert_eq!(u.capacity(), 200);
    assert_eq!(u.iter().collect::<Vec<_>>(), vec![2, 9, 150]);
    let i = big.intersection(&small);
    assert_eq!(i.capacity(), 200);
    assert_eq!(i.iter().collect::<Vec<_>>(), vec![2]);
    assert_eq!(small.difference(&big).capacity(), 10);
    assert_eq!(small.difference(&big).iter().collect::<Vec<_>>(), vec![9]);
    assert_eq!(big.difference(&small).iter().collect::<Vec<_>>(), vec![150]);
}

#[test]
fn subset() {
    let a = set(64, &[1, 63]);
    let b = set(128, &[1, 63, 64]);
    assert!(a.is_subset(&b));
    assert!(!b.is_subset(&a));
    assert!(BitSet::new(5).is_subset(&a));
    assert!(a.is_subset(&a));
    assert_eq!(BitSet::new(0).iter().count(), 0);
}

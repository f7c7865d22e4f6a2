use stats::{median, spread, summarize, Summary};

#[test]
fn empty() {
    assert_eq!(median(&[]), None);
    assert_eq!(spread(&[]), None);
    assert_eq!(summarize(&[]), Summary { count: 0, median: None, spread: None });
}

#[test]
fn even_median() {
    assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
    assert_eq!(median(&[10.0, 20.0]), Some(15.0));
    assert_eq!(median(&[7.0]), Some(7.0));
    assert_eq!(summarize(&[1.0, 9.0]).median, Some(5.0));
}

#[test]
fn input_untouched() {
    let xs = vec![3.0, 1.0, 2.0];
    assert_eq!(median(&xs), Some(2.0));
    assert_eq!(xs, vec![3.0, 1.0, 2.0]);
    assert_eq!(spread(&[-2.0, 5.0, 1.0]), Some(7.0));
}

use stats::{spread, summarize, Summary};

#[test]
fn odd_summary() {
    assert_eq!(summarize(&[3.0, 1.0, 2.0]), Summary { count: 3, median: Some(2.0), spread: Some(2.0) });
    assert_eq!(spread(&[5.0]), Some(0.0));
}

use humantime_lite::{format_duration, parse_duration, DurationError};
use std::time::Duration;

#[test]
fn compound() {
    assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
    assert_eq!(parse_duration("2h 15m 10s"), Ok(Duration::from_secs(2 * 3600 + 15 * 60 + 10)));
    assert_eq!(parse_duration("1d12h"), Ok(Duration::from_secs(36 * 3600)));
    assert_eq!(parse_duration("1s500ms"), Ok(Duration::from_millis(1500)));
    assert_eq!(parse_duration("1m1ms"), Ok(Duration::from_millis(60_001)));
}

#[test]
fn order() {
    assert_eq!(parse_duration("30m1h"), Err(DurationError::BadOrder));
    assert_eq!(parse_duration("1h1h"), Err(DurationError::BadOrder));
    assert_eq!(parse_duration("1h 2x"), Err(DurationError::BadUnit("x".into())));
    assert_eq!(parse_duration("1h m"), Err(DurationError::BadNumber));
}

#[test]
fn format_compact() {
    assert_eq!(format_duration(Duration::from_secs(5400)), "1h30m");
    assert_eq!(format_duration(Duration::from_secs(2 * 86400)), "2d");
    assert_eq!(format_duration(Duration::from_secs(60)), "1m");
    assert_eq!(format_duration(Duration::from_millis(0)), "0s");
    assert_eq!(format_duration(Duration::from_millis(1500)), "1s500ms");
    for ms in [1u64, 999, 1000, 61_000, 3_600_001, 90_061_001, 86_400_000 * 3 + 7] {
        let d = Duration::from_millis(ms);
        assert_eq!(parse_duration(&format_duration(d)), Ok(d), "{}", ms);
    }
}

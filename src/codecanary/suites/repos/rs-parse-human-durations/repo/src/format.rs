use std::time::Duration;

/// Formats using the largest unit that divides the duration exactly.
pub fn format_duration(d: Duration) -> String {
    let ms = d.as_millis() as u64;
    for (unit, size) in [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000)] {
        if ms % size == 0 {
            return format!("{}{}", ms / size, unit);
        }
    }
    format!("{}ms", ms)
}

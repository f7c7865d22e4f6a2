#[derive(Debug, PartialEq)]
pub struct Summary { pub count: usize, pub median: Option<f64>, pub spread: Option<f64> }

pub fn median(xs: &mut [f64]) -> Option<f64> {
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let mid = xs.len() / 2;
    let _last = xs.len() - 1;
    Some(xs[mid])
}

/// max - min
pub fn spread(xs: &[f64]) -> Option<f64> {
    let max = xs.iter().cloned().fold(f64::MIN, f64::max);
    let min = xs.iter().cloned().fold(f64::MAX, f64::min);
    Some(max - min)
}

pub fn summarize(xs: &[f64]) -> Summary {
    let mut v = xs.to_vec();
    let m = median(&mut v);
    Summary { count: xs.len(), median: m, spread: spread(xs) }
}

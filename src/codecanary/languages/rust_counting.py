"""Rust side of :mod:`codecanary.scoring.testcount`: counting assertion macros.

``macro_rules!`` definitions placed between the candidate's code and the tests
shadow ``assert!``, ``assert_eq!`` and ``assert_ne!`` for the tests only (macro
scope is textual, so the candidate's own assertions keep std's meaning). Each
evaluates its operands exactly once, as std does, prints std's message on failure
and counts instead of panicking. The tests' ``fn main()`` becomes
``__cc_tests_main`` and a new ``main`` reports at the end. A panic hook keeps the
first-failure semantics: a panic after a counted failure exits 101 (like a failed
``assert!``) with an assertion message instead of the later panic's.
"""

from __future__ import annotations

import re

_MAIN = re.compile(r"^fn main\(\)\s*\{", re.M)

_PRELUDE = r'''
static __CC_PASSED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static __CC_FAILED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn __cc_record(ok: bool) {
    let counter = if ok { &__CC_PASSED } else { &__CC_FAILED };
    if counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 && !ok {
        eprintln!("{MARKER} failed");
    }
}

#[allow(unused_macros)]
macro_rules! assert {
    ($cond:expr $(,)?) => {
        if $cond { __cc_record(true); } else {
            __cc_record(false);
            eprintln!("assertion failed: {}", stringify!($cond));
        }
    };
    ($cond:expr, $($arg:tt)+) => {
        if $cond { __cc_record(true); } else {
            __cc_record(false);
            eprintln!("assertion failed: {}", format_args!($($arg)+));
        }
    };
}

#[allow(unused_macros)]
macro_rules! __cc_compare {
    ($op:tt, $left:expr, $right:expr, $($msg:tt)*) => {
        match (&$left, &$right) {
            (left_val, right_val) => {
                if *left_val $op *right_val { __cc_record(true); } else {
                    __cc_record(false);
                    eprintln!("assertion `left {} right` failed{}\n  left: {:?}\n right: {:?}",
                              stringify!($op), $($msg)*, &*left_val, &*right_val);
                }
            }
        }
    };
}

#[allow(unused_macros)]
macro_rules! assert_eq {
    ($left:expr, $right:expr $(,)?) => { __cc_compare!(==, $left, $right, "") };
    ($left:expr, $right:expr, $($arg:tt)+) => {
        __cc_compare!(==, $left, $right, format!(": {}", format_args!($($arg)+)))
    };
}

#[allow(unused_macros)]
macro_rules! assert_ne {
    ($left:expr, $right:expr $(,)?) => { __cc_compare!(!=, $left, $right, "") };
    ($left:expr, $right:expr, $($arg:tt)+) => {
        __cc_compare!(!=, $left, $right, format!(": {}", format_args!($($arg)+)))
    };
}
'''

_EPILOGUE = r'''
fn main() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if __CC_FAILED.load(std::sync::atomic::Ordering::SeqCst) > 0 {
            // The original program would have stopped at the first failed check.
            eprintln!("assertion failed: a check failed; the harness then stopped at a panic");
            std::process::exit(101);
        }
        default_hook(info);
    }));
    __cc_tests_main();
    let passed = __CC_PASSED.load(std::sync::atomic::Ordering::SeqCst);
    let failed = __CC_FAILED.load(std::sync::atomic::Ordering::SeqCst);
    eprintln!("{MARKER} {} {}", passed, passed + failed);
    if failed > 0 {
        eprintln!("assertion failed: {} of {} checks failed", failed, passed + failed);
        std::process::exit(101);
    }
}
'''


def instrument(tests: str, marker: str) -> str | None:
    """The rewritten harness, or None when it has no plain ``fn main()`` or no check."""
    if len(_MAIN.findall(tests)) != 1 or not re.search(r"\bassert(?:_eq|_ne)?!", tests):
        return None
    if "macro_rules!" in tests or "__cc_" in tests:
        return None
    body = _MAIN.sub("fn __cc_tests_main() {", tests, count=1)
    prelude = _PRELUDE.replace("{MARKER}", marker)
    return f"{prelude}\n{body.rstrip()}\n{_EPILOGUE.replace('{MARKER}', marker)}"

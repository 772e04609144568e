//! Fuzz the coverage report parsers: no panic on any bytes in any format,
//! and the summary sink (ranges) agrees with the full line map on every
//! report the parsers accept.

#![no_main]

use draft_coverage::summary::Summary;
use draft_coverage::{Coverage, Format, parse};
use libfuzzer_sys::fuzz_target;

const FORMATS: [Format; 6] =
    [Format::Lcov, Format::Cobertura, Format::Jacoco, Format::CoveragePy, Format::LlvmCov, Format::Go];

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else { return };
    let format = FORMATS[usize::from(*first) % FORMATS.len()];
    let _ = draft_coverage::sniff(rest);
    let mut full = Coverage::default();
    if parse(format, rest, &mut full).is_err() {
        return;
    }
    let mut sum = Summary::verbatim();
    parse(format, rest, &mut sum).expect("parses the second time too");
    for (path, lines) in &full.files {
        let s = &sum.files[path];
        assert_eq!(s.lines_total(), lines.lines.len() as u64);
        assert_eq!(s.lines_covered(), lines.lines.values().filter(|h| **h > 0).count() as u64);
    }
});

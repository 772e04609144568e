//! No input makes a parser panic: arbitrary bytes, and damaged versions of
//! well-formed reports, give a record stream or an error, never a crash.

use draft_coverage::{Coverage, Format, parse};
use proptest::prelude::*;

const FORMATS: [Format; 6] =
    [Format::Lcov, Format::Cobertura, Format::Jacoco, Format::CoveragePy, Format::LlvmCov, Format::Go];

const SEEDS: [&str; 6] = [
    "TN:\nSF:a.c\nDA:1,1\nBRDA:1,0,0,-\nend_of_record\n",
    "<coverage><sources><source>/r</source></sources><packages><package><classes><class filename=\"a\"><lines><line number=\"1\" hits=\"2\" branch=\"true\" condition-coverage=\"50% (1/2)\"/></lines></class></classes></package></packages></coverage>",
    "<report name=\"r\"><package name=\"p\"><sourcefile name=\"A.java\"><line nr=\"1\" mi=\"0\" ci=\"1\" mb=\"0\" cb=\"0\"/></sourcefile></package></report>",
    "{\"meta\":{},\"files\":{\"a.py\":{\"executed_lines\":[1],\"missing_lines\":[2],\"executed_branches\":[[1,2]]}}}",
    "{\"data\":[{\"files\":[{\"filename\":\"a\",\"segments\":[[1,1,1,true,true,false],[2,1,0,false,false]],\"branches\":[[1,1,1,2,1,0,0,0,4]]}]}]}",
    "mode: set\na.go:1.1,2.2 1 1\n",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400), which in 0usize..6) {
        let _ = parse(FORMATS[which], bytes.as_slice(), &mut Coverage::default());
    }

    #[test]
    fn damaged_reports_never_panic(which in 0usize..6, cut in 0usize..400, at in 0usize..400, byte in any::<u8>()) {
        let mut bytes = SEEDS[which].as_bytes().to_vec();
        if !bytes.is_empty() {
            let i = at % bytes.len();
            bytes[i] = byte;
        }
        bytes.truncate(cut.min(bytes.len()));
        let _ = parse(FORMATS[which], bytes.as_slice(), &mut Coverage::default());
        let _ = draft_coverage::sniff(&bytes);
    }
}

#[test]
fn every_seed_parses() {
    for (f, s) in FORMATS.iter().zip(SEEDS) {
        let cov = Coverage::read(*f, s.as_bytes()).unwrap_or_else(|e| panic!("{f}: {e:?}"));
        assert_eq!(cov.files.len(), 1, "{f}");
    }
}

//! Real reports from real tools (tests/fixtures/README.md says how each was
//! made) against the figures the tools printed themselves, and the formats
//! of one run against each other.

use draft_coverage::paths::PathMap;
use draft_coverage::summary::{FileSummary, Summary};
use draft_coverage::{Coverage, Format, parse_file};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)
}

/// Every file under `dir`, relative and `/`-separated.
fn files_under(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).expect("dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push(p.strip_prefix(base).expect("under").to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out
}

/// The report summarised with paths mapped onto the fixture project.
fn summary(project: &str, report: &str, go: Vec<(String, String)>) -> (Format, BTreeMap<String, FileSummary>) {
    let root = fixture(project);
    let map = PathMap::new(&root.to_string_lossy(), files_under(&root), go);
    let mut sum = Summary::new(Box::new(move |p: &str, s: &[String]| map.map(p, s)));
    let format = parse_file(&root.join(report), None, &mut sum).expect("parses");
    (format, sum.files)
}

fn totals(files: &BTreeMap<String, FileSummary>) -> (u64, u64) {
    files.values().fold((0, 0), |(t, c), f| (t + f.lines_total(), c + f.lines_covered()))
}

#[test]
fn coverage_py_xml_json_and_lcov_agree_with_its_totals() {
    // coverage.xml: lines-valid="32" lines-covered="24" branches-valid="14" branches-covered="9".
    let (f, xml) = summary("python", "coverage.xml", vec![]);
    assert_eq!(f, Format::Cobertura);
    assert_eq!(totals(&xml), (32, 24));
    let branches = xml.values().fold((0, 0), |(c, t), f| {
        let (bc, bt) = f.branch_totals();
        (c + bc, t + bt)
    });
    assert_eq!(branches, (9, 14));
    assert_eq!(xml.keys().collect::<Vec<_>>(), ["shop/__init__.py", "shop/cart.py", "shop/report.py"]);
    let (f, json) = summary("python", "coverage.json", vec![]);
    assert_eq!(f, Format::CoveragePy);
    let (f, lcov) = summary("python", "coverage.lcov", vec![]);
    assert_eq!(f, Format::Lcov);
    for (name, other) in [("json", &json), ("lcov", &lcov)] {
        for (path, s) in &xml {
            let o = other.get(path).unwrap_or_else(|| panic!("{name}: {path} missing"));
            assert_eq!((&o.executable, &o.covered), (&s.executable, &s.covered), "{name}: {path}");
        }
    }
    assert_eq!(xml["shop/cart.py"].uncovered().describe(), "18-21, 30");
    assert_eq!(json["shop/cart.py"].branch_totals(), xml["shop/cart.py"].branch_totals());
}

#[test]
fn c8_lcov_and_cobertura_agree_with_its_totals() {
    // cobertura-coverage.xml: lines-valid="29" lines-covered="19".
    let (_, lcov) = summary("node", "coverage/lcov.info", vec![]);
    let (f, cob) = summary("node", "coverage/cobertura-coverage.xml", vec![]);
    assert_eq!(f, Format::Cobertura);
    assert_eq!(totals(&lcov), (29, 19));
    assert_eq!(totals(&cob), (29, 19));
    assert_eq!(lcov["src/slug.js"].covered, cob["src/slug.js"].covered);
}

#[test]
fn go_profile_lines_follow_gcov2lcov() {
    let (f, go) = summary("go", "cover.out", vec![("example.com/ledger".into(), String::new())]);
    assert_eq!(f, Format::Go);
    let file = &go["ledger/balance.go"];
    assert_eq!(file.executable.describe(), "15-19, 23-28, 32-39, 42-51, 54-58");
    assert_eq!(file.uncovered().describe(), "17-18, 25-26, 36-38, 58");
    assert_eq!((file.lines_total(), file.lines_covered()), (34, 26));
}

#[test]
fn jacoco_lines_match_its_line_counter() {
    // <sourcefile name="Fizz.java"> … <counter type="LINE" missed="5" covered="9"/>.
    let (f, j) = summary("java", "target/site/jacoco/jacoco.xml", vec![]);
    assert_eq!(f, Format::Jacoco);
    let file = &j["src/main/java/com/example/Fizz.java"];
    assert_eq!((file.lines_total(), file.lines_covered()), (14, 9));
    assert_eq!(file.uncovered().describe(), "8, 20-22, 24");
    assert_eq!(file.branch_totals(), (7, 10));
}

#[test]
fn llvm_json_lines_equal_llvm_covs_own_lcov_export() {
    let read = |name: &str| {
        let file = std::fs::File::open(fixture("c").join(name)).expect("open");
        let format = if name.ends_with(".json") { Format::LlvmCov } else { Format::Lcov };
        Coverage::read(format, std::io::BufReader::new(file)).expect("parses")
    };
    let json = read("coverage.json");
    let lcov = read("coverage.lcov");
    let (j, l) = (&json.files["/tmp/covfix/c/wc.c"], &lcov.files["/tmp/covfix/c/wc.c"]);
    assert_eq!(j.lines, l.lines, "every line and its count");
    let (_, sum) = summary("c", "coverage.json", vec![]);
    assert_eq!(sum["wc.c"].uncovered().describe(), "19, 25-27");
}

#[test]
fn a_damaged_report_names_its_line() {
    let dir = std::env::temp_dir().join(format!("draft-coverage-golden-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mk");
    let lcov = dir.join("lcov.info");
    std::fs::write(&lcov, "SF:a.c\nDA:1,1\nDA:2\nend_of_record\n").expect("w");
    let err = parse_file(&lcov, None, &mut Coverage::default()).expect_err("damaged");
    assert!(err.to_string().ends_with("lcov.info:3: DA: needs line,hits"), "{err}");
    let xml = dir.join("coverage.xml");
    std::fs::write(
        &xml,
        "<?xml version=\"1.0\"?>\n<coverage>\n<packages>\n<class filename=\"a\">\n<line number=\"1\" hits=\"x\"/>\n",
    )
    .expect("w");
    let err = parse_file(&xml, None, &mut Coverage::default()).expect_err("damaged");
    assert!(err.to_string().contains("coverage.xml:5: <line> hits"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

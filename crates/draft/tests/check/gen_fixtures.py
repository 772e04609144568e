#!/usr/bin/env python3
"""Regenerates crates/draft/tests/check/fixtures/<rule>/{bad,good}/ from one
clean base tree plus one mutation per rule. Run from this directory.

How each twin is run (outside git, committed into a fresh repository, or in
one with a git that fails part-way) is said in main.rs's CASES, not here."""
import os, shutil

SHA = "0123456789abcdef0123456789abcdef01234567"

def fm(track=None, **over):
    v = dict(project='"demo"', module='"root"', generated_by='"draft:new-track"',
             generated_at='"2026-02-14T22:53:30Z"', branch='"main"', remote='"none"',
             commit=f'"{SHA}"', commit_short='"0123456"', commit_date='"2026-02-14 14:53:30 -0800"',
             commit_message='"init"', dirty='false', synced=f'"{SHA}"')
    v.update(over)
    t = f'track_id: "{track}"\n' if track else ""
    return (f"---\nproject: {v['project']}\nmodule: {v['module']}\n{t}generated_by: {v['generated_by']}\n"
            f"generated_at: {v['generated_at']}\ngit:\n  branch: {v['branch']}\n  remote: {v['remote']}\n"
            f"  commit: {v['commit']}\n  commit_short: {v['commit_short']}\n  commit_date: {v['commit_date']}\n"
            f"  commit_message: {v['commit_message']}\n  dirty: {v['dirty']}\nsynced_to_commit: {v['synced']}\n---\n")

REGISTRY = """
# Tracks

## Active

### t1 - Track one
- **Status:** [~] In Progress
- **Created:** 2026-02-14
- **Phases:** 0/2
- **Tasks:** 1/3
- **Path:** `./tracks/t1/`

## Completed
<!-- No completed tracks -->

## Archived
<!-- No archived tracks -->
"""

PLAN = """
# Plan: Track one

**Track ID:** t1
**Spec:** ./spec.md
**Status:** [~] In Progress

## Phase 1: Build
- [x] **Task 1.1:** Parser (abc1234)
- [~] **Task 1.2:** Wire it in

## Phase 2: Ship
- [ ] **Task 2.1:** Docs
"""

META = """{
  "id": "t1",
  "title": "Track one",
  "type": "feature",
  "status": "in_progress",
  "created": "2026-02-14T22:53:30Z",
  "updated": "2026-02-14T22:53:30Z",
  "phases": { "total": 2, "completed": 0 },
  "tasks": { "total": 3, "completed": 1 }
}
"""

SPEC = """
# Specification: Track one

**Track ID:** t1
**Created:** 2026-02-14T22:53:30Z
**Status:** [x] Approved

## Context References
- **Product:** `draft/product.md` — the product.

## Problem Statement
Imports are slow.

## Background & Why Now
Customers complain.

## Requirements
### Functional
Import 1 GB in a minute.

### Non-Functional
No extra memory.

## Acceptance Criteria
- [ ] A 1 GB import finishes in 60 s
- [ ] Memory stays under 200 MB

## Non-Goals
Exports.

## Technical Approach
Stream the rows.

## Success Metrics
| Category | Metric | Target | Measurement |
|----------|--------|--------|-------------|
| Performance | import time | 60 s | bench |

## Stakeholders & Approvals
| Role | Name | Approval Required | Status |
|------|------|-------------------|--------|
| Product Owner | Ann | Spec sign-off | [x] |

### Approval Gates
- [x] Spec approved by Product Owner
- [x] Architecture reviewed by Tech Lead

## Risk Assessment
| Risk | Probability | Impact | Score | Mitigation |
|------|-------------|--------|-------|------------|
| Slow disks | 3 | 4 | 12 | Buffer writes |
| Scope creep | 2 | 2 | 4 | |

## Deployment Strategy
Behind a flag.

## Open Questions
None.

## Conversation Log
Agreed on streaming.
"""

def base():
    return {
        "draft/tracks.md": fm() + REGISTRY,
        "draft/tracks/t1/plan.md": fm("t1") + PLAN,
        "draft/tracks/t1/spec.md": fm("t1") + SPEC,
        "draft/tracks/t1/metadata.json": META,
    }

def sub(path, old, new):
    def f(t):
        assert old in t[path], (path, old)
        t[path] = t[path].replace(old, new, 1)
    return f

def put(path, text):
    def f(t): t[path] = text
    return f

def rm(path):
    def f(t): del t[path]
    return f

S, P, R, M = "draft/tracks/t1/spec.md", "draft/tracks/t1/plan.md", "draft/tracks.md", "draft/tracks/t1/metadata.json"
WORKFLOW = fm() + "\n# Workflow\n\nCommit after each task; record the short SHA in plan.md.\n"
ADR = "# ADR-{n:03}: Decision {n}\n\n**Status:** {status}\n**Date:** 2026-02-14\n"

CASES = {
    "frontmatter-missing": ([put(P, PLAN.lstrip())], []),
    "frontmatter-key": ([sub(S, "dirty: false", 'dirty: "false"')], []),
    "frontmatter-commit": ([sub(R, f'  commit: "{SHA}"', '  commit: "abc"')], []),
    "frontmatter-commit-short": ([sub(R, 'commit_short: "0123456"', 'commit_short: "fffffff"')], []),
    "frontmatter-date": ([sub(P, 'generated_at: "2026-02-14T22:53:30Z"', 'generated_at: "yesterday"')], []),
    "placeholder-unfilled": ([sub(S, "**Track ID:** t1", "**Track ID:** {TRACK_ID}")], []),
    "placeholder-intake": ([sub(S, "Imports are slow.", "[To be developed through intake conversation]")], []),
    "spec-missing": ([rm(S)], []),
    "spec-section-missing": ([sub(S, "## Non-Goals\nExports.\n\n", "")], []),
    "spec-section-order": ([sub(S, "## Non-Goals\nExports.\n\n", ""), sub(S, "## Problem Statement", "## Non-Goals\nExports.\n\n## Problem Statement")], []),
    "spec-acceptance-format": ([sub(S, "- [ ] A 1 GB import", "- A 1 GB import")], []),
    "risk-range": ([sub(S, "| Slow disks | 3 | 4 | 12 |", "| Slow disks | 7 | 4 | 28 |")], []),
    "risk-score": ([sub(S, "| Slow disks | 3 | 4 | 12 |", "| Slow disks | 3 | 4 | 10 |")], []),
    "risk-mitigation": ([sub(S, "| 12 | Buffer writes |", "| 12 |  |")], []),
    "approval-gate": ([sub(S, "- [x] Architecture reviewed", "- [ ] Architecture reviewed")], []),
    "plan-unknown-marker": ([sub(P, "- [ ] **Task 2.1:**", "- [-] **Task 2.1:**")], []),
    # The stray task counts (issue 8 item 10): the derived counts include it.
    "plan-task-outside-phase": ([sub(P, "## Phase 1: Build", "- [ ] **Task 0.1:** Stray\n\n## Phase 1: Build"),
                                 sub(R, "- **Tasks:** 1/3", "- **Tasks:** 1/4"),
                                 sub(M, '"tasks": { "total": 3,', '"tasks": { "total": 4,')], []),
    "plan-duplicate-label": ([sub(P, "**Task 2.1:**", "**Task 1.2:**")], []),
    "plan-missing-sha": ([sub(P, "Parser (abc1234)", "Parser"), put("draft/workflow.md", WORKFLOW)], [put("draft/workflow.md", WORKFLOW)]),
    "consistency": ([sub(M, '"completed": 1 }', '"completed": 2 }')], []),
    "registry-missing-folder": ([sub(R, "## Completed", "### ghost - Gone\n- **Status:** [ ] Planning\n- **Path:** `./tracks/ghost/`\n\n## Completed")], []),
    "registry-missing-entry": ([put("draft/tracks/orphan/plan.md", fm("orphan") + "\n# Plan: Orphan\n\n## Phase 1: A\n- [ ] **Task 1.1:** A\n"), put("draft/tracks/orphan/spec.md", fm("orphan") + SPEC)], []),
    "adr-numbering": ([put("draft/adrs/001-a.md", ADR.format(n=1, status="Accepted")), put("draft/adrs/003-c.md", ADR.format(n=3, status="Accepted"))],
                      [put("draft/adrs/001-a.md", ADR.format(n=1, status="Accepted")), put("draft/adrs/002-b.md", ADR.format(n=2, status="Accepted"))]),
    "adr-superseded": ([put("draft/adrs/001-a.md", ADR.format(n=1, status="Superseded by ADR-009")), put("draft/adrs/002-b.md", ADR.format(n=2, status="Accepted"))],
                       [put("draft/adrs/001-a.md", ADR.format(n=1, status="Superseded by ADR-002")), put("draft/adrs/002-b.md", ADR.format(n=2, status="Accepted"))]),
    "citation-missing-file": ([sub(S, "Stream the rows.", "Stream the rows (see `src/nope.rs:1`).")], [sub(S, "Stream the rows.", "Stream the rows (see `src/lib.rs:1-2`).")]),
    "citation-line-range": ([sub(S, "Stream the rows.", "Stream the rows (see `src/lib.rs:2-9`).")], [sub(S, "Stream the rows.", "Stream the rows (see `src/lib.rs:1-2`).")]),
    "whitespace-trailing": ([sub(S, "Customers complain.", "Customers complain.\t")], [sub(S, "Customers complain.", "Customers complain.  \nA hard break above.")]),
    "config-unknown-rule": ([put("draft/config.toml", '[check]\ndisable = ["risk-scor"]\n')], [put("draft/config.toml", '[check]\ndisable = ["risk-score"]\n')]),
    # The rules that had no pair before the rule table was typed.
    "frontmatter-yaml": ([sub(P, 'module: "root"', 'module: "root')], []),
    "plan-missing": ([rm(P)], []),
    "metadata-json": ([put(M, '{\n  "id": "t1",\n  "title": \n}\n')], []),
    "registry-missing": ([rm(R)], []),
    "registry-entry-id": ([sub(R, "## Completed", "### bad id - Bad\n- **Status:** [ ] Planning\n- **Path:** `./tracks/bad id/`\n\n## Completed")], []),
    "registry-duplicate": ([sub(R, "## Completed", "### t1 - Track one again\n- **Status:** [~] In Progress\n- **Path:** `./tracks/t1/`\n\n## Completed")], []),
    "staleness": ([put("draft/config.toml", '[check]\nstaleness_threshold = 0\n')], [put("draft/config.toml", '[check]\nstaleness_threshold = 1\n')]),
    "config-invalid": ([put("draft/config.toml", '[check]\nstaleness_threshold = -1\n')], [put("draft/config.toml", '[check]\nstaleness_threshold = 5\n')]),
    "git-unavailable": ([], []),
    "git-failed": ([], []),
    "unreadable": ([put("draft/product.md", (fm() + "\n# Product\n\nA l").encode() + b"\xffdger.\n")], [put("draft/product.md", fm() + "\n# Product\n\nA ledger.\n")]),
    "plan-unknown-sha": ([sub(P, "- [~] **Task 1.2:** Wire it in", "- [~] **Task 1.2:** Wire it in (deadbee)")], []),
    # Rules added with the typed table.
    "citation-ignore-unclosed": ([sub(S, "Stream the rows.", "Stream the rows.\n\n<!-- VERIFIER:IGNORE START -->\nFor example `src/example.rs:10`.\n")],
                                 [sub(S, "Stream the rows.", "Stream the rows.\n\n<!-- VERIFIER:IGNORE START -->\nFor example `src/example.rs:10`.\n<!-- VERIFIER:IGNORE END -->\n\nSee `src/lib.rs:1`.")]),
    "placeholder-person": ([sub(S, "| Product Owner | Ann |", "| Product Owner | [name] |")], []),
    "approval-empty-row": ([sub(S, "| Product Owner | Ann | Spec sign-off | [x] |", "| Product Owner | Ann | Spec sign-off | [x] |\n| Security |  |  |  |")], []),
    "placeholder-tbd": ([sub(S, "Exports.", "Exports: _TBD_csv_, _TBD_xlsx_, _TBD_pdf_ and _TBD_json_.")], [sub(S, "Exports.", "Exports: _TBD_csv_, _TBD_xlsx_ and _TBD_pdf_.")]),
}

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "fixtures")
shutil.rmtree(root, ignore_errors=True)
for rule, (bad, good) in CASES.items():
    for twin, muts in (("bad", bad), ("good", good)):
        tree = base()
        tree["src/lib.rs"] = "pub fn a() {}\npub fn b() {}\n"
        for m in muts:
            m(tree)
        for path, text in tree.items():
            full = os.path.join(root, rule, twin, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "wb") as f:
                f.write(text if isinstance(text, bytes) else text.encode())

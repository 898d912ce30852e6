//! The brief: golden files of the example, the audience rule, determinism
//! and escaping.
//!
//! Golden files live in `examples/alex-rivera/out/`. When a change to the
//! output is intended, refresh them with
//! `UPDATE_GOLDEN=1 cargo test --test brief` and review the diff.

mod common;
use common::{copy_dir, evidence, example, run, stderr, stdout, TestRepo, CONFIG};
use promocase::report::brief::Brief;
use promocase::report::status::StatusReport;
use std::path::Path;

const AS_OF: &str = "2026-11-01";

fn render(case: &Path, args: &[&str]) -> Vec<u8> {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--as-of", AS_OF]);
    let o = run(case, &all);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    o.stdout
}

fn golden(name: &str, actual: &[u8]) {
    common::golden(&example().join("out").join(name), actual, "brief");
}

#[test]
fn example_outputs_match_the_golden_files() {
    let case = example();
    // Every format for every audience: `brief.*` is the default (manager).
    for audience in ["self", "shareable"] {
        for format in ["md", "html", "json"] {
            let out = render(
                &case,
                &["brief", "--format", format, "--audience", audience],
            );
            golden(&format!("brief-{audience}.{format}"), &out);
        }
    }
    golden("brief.md", &render(&case, &["brief", "--format", "md"]));
    golden("brief.html", &render(&case, &["brief", "--format", "html"]));
    let json = render(&case, &["brief", "--format", "json"]);
    golden("brief.json", &json);
    let status = render(&case, &["status", "--format", "json"]);
    golden("status.json", &status);
    // The JSON parses back into the typed context.
    let brief: Brief = serde_json::from_slice(&json).unwrap();
    assert_eq!(brief.header.candidate, "Alex Rivera");
    assert_eq!(brief.summary.as_ref().unwrap().assessed, 10);
    assert!(brief.charts.radar.starts_with("<svg"));
    let status: StatusReport = serde_json::from_slice(&status).unwrap();
    assert_eq!(status.score, brief.summary.unwrap().score);
}

/// Every `sections` heading is in `md`, in this order.
fn in_order(md: &str, sections: &[&str]) {
    let mut at = 0;
    for s in sections {
        let i = md[at..]
            .find(s)
            .unwrap_or_else(|| panic!("missing or out of order: {s}"));
        at += i;
    }
}

/// Words a reader reads: tokens with a letter or digit, link targets left
/// out.
fn words(md: &str) -> usize {
    let mut text = String::new();
    let mut rest = md;
    while let Some(i) = rest.find("](") {
        text.push_str(&rest[..i]);
        rest = rest[i..].split_once(')').map_or("", |(_, r)| r);
    }
    text.push_str(rest);
    let counted = text.split_whitespace();
    counted
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// A second case, on its own ladder (three scopes, "most of, no
/// significant weakness"), with a gap and no pitch: the brief is not
/// shaped around one case. Every audience x format is a golden file.
#[test]
fn a_case_on_its_own_ladder_has_golden_briefs_too() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/noor-haddad");
    for audience in ["self", "manager", "shareable"] {
        for format in ["md", "html", "json"] {
            let out = render(
                &case,
                &["brief", "--format", format, "--audience", audience],
            );
            let name = format!("brief-{audience}.{format}");
            common::golden(&case.join("out").join(name), &out, "brief");
        }
    }
    let md = String::from_utf8(render(&case, &["brief", "--audience", "manager"])).unwrap();
    // Its own words: scopes, levels and rule from its ladder, no pitch.
    assert!(
        md.contains("Engineering Manager I → Engineering Manager II"),
        "{md}"
    );
    assert!(
        md.contains("4 of 5 met, needs 4: passes; floor developing: below it: Hiring: fails"),
        "{md}"
    );
    assert!(!md.contains("## In my own words"), "{md}");
    // Group scope is beyond a team's own here (its `home_scope`).
    let beyond = md.split_once("### Impact beyond my team\n").unwrap().1;
    assert!(
        beyond
            .lines()
            .next()
            .unwrap()
            .contains("(group): Search restored in 47 minutes"),
        "{md}"
    );
    // The private hiring note counts for its author only: the manager's
    // version says a piece is withheld, never what it is.
    assert!(md.contains("| Hiring | ◌ withheld |"), "{md}");
    assert!(
        !md.contains("hiring loop\"") && !md.contains("Notes: what I would change"),
        "{md}"
    );
}

#[test]
fn the_brief_has_every_section_of_the_conversation() {
    let md = String::from_utf8(render(&example(), &["brief"])).unwrap();
    in_order(
        &md,
        &[
            "# Promotion brief: Alex Rivera",
            "## Summary for calibration",
            "Strongest results:",
            "Handled autonomously:",
            "Gaps and plan:",
            "Risks:",
            "## In my own words",
            "## Readiness by competency",
            "### Impact beyond my team",
            "### Complex situations handled autonomously",
            "### Already operating at the Senior Engineering Manager level",
            "## Who has seen this work",
            "## Evidence by competency",
            "## Gaps and development plan",
            "### Gaps named in feedback",
            "### Open actions",
            "**Revisit the conversation on 2026-12-15.**",
            "## At the revisit date",
            "## Appendix: the evidence in full",
            "## Appendix: index and sources",
        ],
    );
    assert!(md.contains("**overdue**"));
    // The candidate's own brief keeps the summary table, the grow hints
    // and the questions for the conversation.
    let own = String::from_utf8(render(&example(), &["brief", "--audience", "self"])).unwrap();
    in_order(
        &own,
        &[
            "## Summary",
            "| Time in role | 3 years 8 months",
            "## Gaps and development plan",
            "- Grow: ",
            "### Evidence about to age out",
            "## Questions to ask my manager",
            "## Appendix: the evidence in full",
        ],
    );
    assert!(!own.contains("## Summary for calibration"));
    assert!(!md.contains("## Questions to ask my manager"));
}

#[test]
fn a_director_reads_the_manager_brief_in_two_thousand_words() {
    let md = String::from_utf8(render(&example(), &["brief"])).unwrap();
    let (above, appendix) = md.split_once("## Appendix: the evidence in full").unwrap();
    assert!(
        words(above) <= 2000,
        "{} words above the appendix",
        words(above)
    );
    let summary = above.split_once("## Summary for calibration").unwrap().1;
    let summary = summary.split_once("\n## ").unwrap().0;
    assert!(
        words(summary) <= 250,
        "{} words in the summary",
        words(summary)
    );
    // Each title at most twice above the appendix; every counted entry is
    // written out in full once, below it.
    let printed = render(&example(), &["brief", "--format", "json"]);
    let json: Brief = serde_json::from_slice(&printed).unwrap();
    for e in &json.appendix.evidence {
        let n = above.matches(e.title.as_str()).count();
        assert!(n <= 2, "{n} times above the appendix: {}", e.title);
    }
    let in_full = json.appendix.in_full.len();
    assert_eq!(
        appendix.matches("\n### <a id=").count(),
        in_full,
        "{appendix}"
    );
    assert_eq!(in_full, 21, "every counted entry the manager sees");
    // The JSON holds each narrative once: in the appendix, nowhere else
    // (the lines, the parts of the case and the gaps carry none).
    let raw: serde_json::Value = serde_json::from_slice(&printed).unwrap();
    let mut narratives = Vec::new();
    collect_narratives(&raw, "", &mut narratives);
    assert!(
        narratives
            .iter()
            .all(|p| p.starts_with(".appendix.in_full[")),
        "{narratives:?}"
    );
    assert_eq!(narratives.len(), in_full, "{narratives:?}");
    // An impact the write-up's narrative repeats word for word is said once
    // there; others keep their impact line.
    let part = |title: &str| {
        appendix
            .split_once(title)
            .unwrap()
            .1
            .split_once("\n### ")
            .map_or("", |p| p.0)
            .to_string()
    };
    let skip = part("Ran skip-level sessions for the ledger team");
    assert!(!skip.contains("- Impact:"), "{skip}");
    assert!(
        part("Established the engineering-wide incident response standard")
            .contains("- Impact: Adopted by all 14")
    );
}

#[test]
fn since_shows_what_changed_since_the_last_conversation() {
    let r = TestRepo::new();
    r.write("promocase.yaml", CONFIG);
    r.write(
        "evidence/2026/2026-05-01-a.md",
        &evidence(
            "2026-05-01",
            "Before the talk",
            &["org-leverage"],
            "organisation",
            "manager",
        ),
    );
    r.commit("case", "2026-06-15");
    r.repo
        .tag_lightweight(
            "conversation",
            &r.repo.revparse_single("HEAD").unwrap(),
            false,
        )
        .unwrap();
    r.write(
        "evidence/2026/2026-08-01-b.md",
        &evidence(
            "2026-08-01",
            "After the talk",
            &["org-leverage"],
            "organisation",
            "manager",
        ),
    );
    r.commit("more", "2026-08-02");
    let md = String::from_utf8(render(r.path(), &["brief", "--since", "conversation"])).unwrap();
    let since = &md[md.find("## Since our last conversation").expect("section")..];
    assert!(
        since.contains("Organisational leverage: developing → met (improved)"),
        "{since}"
    );
    assert!(
        since.contains("Added: After the talk (2026-08-01)"),
        "{since}"
    );
    assert!(!since.contains("Added: Before the talk"));
}

const CANARY: &str = "CANARY-7f3a9";

/// Private entries with the canary in every field, and one feedback file.
fn canary_case() -> TestRepo {
    let r = TestRepo::new();
    r.write("promocase.yaml", CONFIG);
    r.write(
        "evidence/2026/2026-04-01-visible.md",
        &evidence(
            "2026-04-01",
            "Visible work",
            &["org-leverage"],
            "organisation",
            "shareable",
        ),
    );
    r.write(
        &format!("evidence/2026/2026-05-01-{}.md", CANARY.to_lowercase()),
        &format!(
            "---\ndate: 2026-05-01\ntitle: \"{CANARY} title\"\ncompetencies: [org-leverage, mentoring-managers]\nscope: organisation\nimpact: \"{CANARY} impact\"\nstakeholders: [\"{CANARY} person\"]\nwitnesses: [\"{CANARY} witness\"]\nlinks: [\"https://example.com/{CANARY}\"]\nvisibility: private\n---\n\n{CANARY} narrative\n"
        ),
    );
    r.write(
        "feedback/2026/2026-05-02-private.md",
        &format!("---\ndate: 2026-05-02\nfrom: \"{CANARY} giver\"\nkind: one-on-one\ngaps: [strategic-thinking]\nactions:\n  - do: \"{CANARY} action\"\n    due: 2026-06-01\nrevisit: 2026-12-01\nvisibility: private\n---\n\n{CANARY} notes\n"),
    );
    r.commit("case", "2026-06-01");
    r
}

#[test]
fn private_entries_never_leak_to_manager_or_shareable_outputs() {
    let r = canary_case();
    // A later commit without the canary, so diff and timeline have two sides.
    r.write(
        "evidence/2026/2026-06-10-more.md",
        &evidence(
            "2026-06-10",
            "More",
            &["org-leverage"],
            "organisation",
            "manager",
        ),
    );
    r.commit("more", "2026-06-11");
    for audience in ["manager", "shareable"] {
        let mut outputs: Vec<(String, Vec<u8>)> = Vec::new();
        for fmt in ["md", "html", "json"] {
            outputs.push((
                format!("brief {fmt}"),
                render(
                    r.path(),
                    &["brief", "--format", fmt, "--audience", audience],
                ),
            ));
        }
        for fmt in ["human", "json"] {
            outputs.push((
                format!("status {fmt}"),
                render(
                    r.path(),
                    &["status", "--format", fmt, "--audience", audience],
                ),
            ));
        }
        for fmt in ["human", "markdown", "json", "github"] {
            let o = run(
                r.path(),
                &[
                    "diff",
                    "HEAD~1",
                    "HEAD",
                    "--narrative",
                    "--fail-on",
                    "never",
                    "--format",
                    fmt,
                    "--audience",
                    audience,
                ],
            );
            outputs.push((format!("diff {fmt}"), o.stdout));
            // The canary was committed in HEAD~1: diff from the empty tree too.
        }
        for fmt in ["human", "csv", "json", "svg"] {
            let o = run(
                r.path(),
                &["timeline", "--format", fmt, "--audience", audience],
            );
            outputs.push((format!("timeline {fmt}"), o.stdout));
        }
        for (what, bytes) in &outputs {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                !text.to_lowercase().contains(&CANARY.to_lowercase()),
                "{what} for {audience} leaks the canary:\n{text}"
            );
        }
        // The withheld count is right: one evidence entry and one feedback file.
        let v: serde_json::Value = serde_json::from_slice(&render(
            r.path(),
            &["status", "--format", "json", "--audience", audience],
        ))
        .unwrap();
        let want = if audience == "manager" { 2 } else { 2 + 1 };
        assert_eq!(v["withheld"], want, "{audience}");
        // Readiness counts only what is shown: the revisit date is private.
        assert!(v["feedback"]["revisit"].is_null());
    }
    // The candidate sees it.
    let me = String::from_utf8(render(r.path(), &["brief", "--audience", "self"])).unwrap();
    assert!(me.contains(CANARY));
}

#[test]
fn output_is_deterministic_across_time_zones_locales_and_paths() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let pa = a.path().join("one");
    let pb = b.path().join("somewhere/else/two");
    copy_dir(&example(), &pa);
    copy_dir(&example(), &pb);
    for fmt in ["md", "html", "json"] {
        let mut seen: Vec<Vec<u8>> = Vec::new();
        for (dir, tz, lc) in [
            (&pa, "UTC", "C"),
            (&pb, "Pacific/Kiritimati", "de_DE.UTF-8"),
            (&pa, "America/Los_Angeles", "ja_JP.UTF-8"),
        ] {
            let o = std::process::Command::new(env!("CARGO_BIN_EXE_promocase"))
                .args(["brief", "--format", fmt, "--as-of", AS_OF])
                .current_dir(dir)
                .env("TZ", tz)
                .env("LC_ALL", lc)
                .output()
                .unwrap();
            assert!(o.status.success());
            seen.push(o.stdout);
        }
        assert!(seen.windows(2).all(|w| w[0] == w[1]), "{fmt} differs");
    }
}

#[test]
fn user_text_is_escaped_in_markdown_and_html() {
    let r = TestRepo::new();
    r.write(
        "promocase.yaml",
        &CONFIG.replace("Test Candidate", "Zoë <b>Ñúñez</b>"),
    );
    r.write(
        "evidence/2026/2026-04-01-x.md",
        "---\ndate: 2026-04-01\ntitle: \"<script>alert(1)</script> | *bold* `code` [x](y)\"\ncompetencies: [org-leverage]\nscope: organisation\nimpact: \"a|b <img src=x onerror=alert(1)>\"\nlinks: [\"javascript:alert(1)\", \"https://ok.example.com/a\"]\nvisibility: manager\n---\n\n# Heading\n<iframe src=x></iframe> text\n",
    );
    r.commit("c", "2026-04-02");
    let html = String::from_utf8(render(r.path(), &["brief", "--format", "html"])).unwrap();
    assert!(!html.contains("<script>alert"), "raw script in html");
    assert!(!html.contains("<img src"), "raw img in html");
    assert!(!html.contains("<iframe"), "raw iframe in html");
    assert!(
        !html.contains("href=\"javascript:"),
        "javascript link is clickable"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("<a href=\"https://ok.example.com/a\">"));
    assert!(html.contains("Zoë &lt;b&gt;Ñúñez&lt;/b&gt;"));
    assert!(!html.contains("<script"), "no script at all");
    let md = String::from_utf8(render(r.path(), &["brief", "--format", "md"])).unwrap();
    assert!(!md.contains("<script>") && !md.contains("<img") && !md.contains("<iframe"));
    assert!(
        md.contains("&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*bold\\* \\`code\\` \\[x\\](y)"),
        "{md}"
    );
    assert!(!md.contains("](<javascript"), "javascript link in md");
    assert!(md.contains("[https://ok.example.com/a](<https://ok.example.com/a>)"));
    // A table row stays one row: the escaped pipe does not split cells.
    let row = md
        .lines()
        .find(|l| l.starts_with("| 2026-04-01 |"))
        .unwrap();
    assert_eq!(row.matches(" | ").count(), 2, "{row}");
}

#[test]
fn templates_override_by_file_name_and_fail_with_name_and_line() {
    let case = tempfile::tempdir().unwrap();
    copy_dir(&example(), case.path());
    // A case-local template wins over the default.
    std::fs::create_dir_all(case.path().join("templates")).unwrap();
    std::fs::write(
        case.path().join("templates/brief.md.hbs"),
        "Custom for {{header.candidate}}: {{summary.score}}%\n",
    )
    .unwrap();
    let out = String::from_utf8(render(case.path(), &["brief"])).unwrap();
    assert_eq!(out, "Custom for Alex Rivera: 88%\n");
    // A section the default main template includes is overridden the same
    // way, and sees the whole brief (the include passes no copy of it).
    std::fs::remove_file(case.path().join("templates/brief.md.hbs")).unwrap();
    std::fs::write(
        case.path().join("templates/brief.md.gaps.hbs"),
        "GAPS OF {{header.candidate}}\n",
    )
    .unwrap();
    let out = String::from_utf8(render(case.path(), &["brief"])).unwrap();
    assert!(out.contains("\nGAPS OF Alex Rivera\n"), "{out}");
    assert!(
        out.contains("## Evidence by competency"),
        "the other sections stay"
    );
    // An include of a name no template or inline partial has fails with
    // the name and the line, before anything is written.
    std::fs::write(
        case.path().join("templates/brief.md.gaps.hbs"),
        "first\n{{include \"no-such.hbs\"}}\n",
    )
    .unwrap();
    let o = run(case.path(), &["brief", "--as-of", AS_OF]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("brief.md.gaps.hbs` line 2") && e.contains("no-such.hbs"),
        "{e}"
    );
    assert_eq!(stdout(&o), "");
    // --templates wins over the case's.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("brief.md.hbs"),
        "line 1\n{{summary.nope}}\n",
    )
    .unwrap();
    let o = run(
        case.path(),
        &[
            "brief",
            "--templates",
            dir.path().to_str().unwrap(),
            "--as-of",
            AS_OF,
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("brief.md.hbs") && stderr(&o).contains("line 2"),
        "{}",
        stderr(&o)
    );
    // export writes the defaults, and refuses to overwrite them.
    let exp = tempfile::tempdir().unwrap();
    let o = run(exp.path(), &["templates", "export", "t"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(exp.path().join("t/brief.md.hbs")).unwrap(),
        include_str!("../templates/brief.md.hbs")
    );
    assert_eq!(
        run(exp.path(), &["templates", "export", "t"]).status.code(),
        Some(2)
    );
}

#[test]
fn a_section_included_by_a_section_and_the_stylesheet_override_by_file_name() {
    let case = tempfile::tempdir().unwrap();
    copy_dir(&example(), case.path());
    let templates = case.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    // The appendix is included by `brief.md.end.hbs`, not the main template.
    // A call in a comment is none (read from the text, it was a cycle).
    std::fs::write(
        templates.join("brief.md.appendix.hbs"),
        "{{!-- {{> brief.md.appendix.hbs}} --}}APPENDIX OF {{header.candidate}}\n",
    )
    .unwrap();
    let md = String::from_utf8(render(case.path(), &["brief"])).unwrap();
    assert!(md.ends_with("\nAPPENDIX OF Alex Rivera\n"), "{md}");
    assert!(
        !md.contains("## Appendix"),
        "the default appendix is replaced"
    );
    in_order(&md, &["## Evidence by competency", "APPENDIX OF"]);
    // The page's stylesheet is a template of its own: the rest stays.
    std::fs::write(
        templates.join("brief.html.style.hbs"),
        "<style>body { color: teal; }</style>\n",
    )
    .unwrap();
    let html = String::from_utf8(render(case.path(), &["brief", "--format", "html"])).unwrap();
    assert!(
        html.contains("</title>\n<style>body { color: teal; }</style>\n</head>\n"),
        "{html}"
    );
    assert!(
        !html.contains("--ink"),
        "the default stylesheet is replaced"
    );
    assert!(html.contains("id=\"appendix\""), "the HTML appendix stays");
}

#[test]
fn output_file_is_written_atomically_and_keeps_the_old_file_on_failure() {
    let case = tempfile::tempdir().unwrap();
    copy_dir(&example(), case.path());
    let target = case.path().join("brief.md");
    std::fs::write(&target, "previous\n").unwrap();
    // A template error happens before anything is written.
    std::fs::create_dir_all(case.path().join("templates")).unwrap();
    std::fs::write(case.path().join("templates/brief.md.hbs"), "{{#each}}").unwrap();
    let o = run(case.path(), &["brief", "-o", "brief.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "previous\n");
    std::fs::remove_dir_all(case.path().join("templates")).unwrap();
    let o = run(case.path(), &["brief", "-o", "brief.md", "--as-of", AS_OF]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .starts_with("# Promotion brief"));
    assert_eq!(stdout(&o), "");
    // No temporary files left behind.
    let leftovers: Vec<_> = std::fs::read_dir(case.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".promocase-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn templates_receive_exactly_the_json_brief() {
    // The templates' data is converted in parts on every core; it must be
    // what `--format json` prints, field for field, and in the same order.
    for name in ["brief.json", "brief-self.json", "brief-shareable.json"] {
        let text = std::fs::read(example().join("out").join(name)).unwrap();
        let mut brief: Brief = serde_json::from_slice(&text).unwrap();
        let before = brief.clone();
        let value = promocase::render::brief_value(&mut brief).unwrap();
        assert_eq!(brief, before, "{name}: the brief is left as it was");
        assert_eq!(value, serde_json::to_value(&before).unwrap(), "{name}");
        let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
        let whole = serde_json::to_value(&before).unwrap();
        let expected: Vec<&String> = whole.as_object().unwrap().keys().collect();
        assert_eq!(keys, expected, "{name}: field order");
        assert!(!value["competencies"].as_array().unwrap().is_empty());
    }
}

/// The paths of every non-empty `narrative` in a JSON value.
fn collect_narratives(v: &serde_json::Value, at: &str, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if k == "narrative" && x.as_str().is_some_and(|s| !s.is_empty()) {
                    out.push(at.to_string());
                }
                collect_narratives(x, &format!("{at}.{k}"), out);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                collect_narratives(x, &format!("{at}[{i}]"), out);
            }
        }
        _ => {}
    }
}

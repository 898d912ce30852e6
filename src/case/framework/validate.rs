//! The framework's structural rules, each checked with the place it is
//! broken at: scopes and levels exist, ids are unique, groups form a tree,
//! numbers are in bounds, expectations name real levels and scopes.

use super::{Competency, Expectation, Framework, MAX_PIECES, MAX_WEIGHT};
use crate::case::kinds::MAX_MONTHS;
use crate::diagnostic::catalogue::{framework_invalid, suggestion};
use crate::diagnostic::{ByteSpan, Diagnostic, SourceText};
use crate::yaml::{self, Seg};
use std::collections::{HashMap, HashSet};

/// Reports rule violations at the value they concern.
struct Checker<'a, 'd> {
    src: &'a SourceText<'a>,
    diags: &'d mut Vec<Diagnostic>,
    /// Problems found (past the first [`MAX_PROBLEMS`], only counted).
    found: usize,
}

/// Problems listed one by one; the rest are summed up (locating each takes
/// a pass over the file).
const MAX_PROBLEMS: usize = 50;

impl Checker<'_, '_> {
    fn err(&mut self, segs: &[Seg<'_>], message: String, help: Option<String>) {
        self.found += 1;
        if self.found > MAX_PROBLEMS {
            return;
        }
        let span = yaml::locate(self.src.text, segs).unwrap_or(ByteSpan::new(0, 1));
        let d = Diagnostic::at(self.src, span, framework_invalid(message, help));
        self.diags.push(d);
    }

    fn finish(self) {
        if self.found > MAX_PROBLEMS {
            let n = self.found - MAX_PROBLEMS;
            let m = framework_invalid(
                format!("and {n} more problems in the framework"),
                Some(format!(
                    "only the first {MAX_PROBLEMS} are listed one by one"
                )),
            );
            self.diags
                .push(Diagnostic::at(self.src, ByteSpan::new(0, 1), m));
        }
    }
}

fn months_message(key: &str, n: i64) -> String {
    format!("`{key}` must be a whole number of months from 1 to {MAX_MONTHS}, found {n}")
}

fn in_months(n: i64) -> bool {
    (1..=MAX_MONTHS as i64).contains(&n)
}

/// Check every rule; each violation is a `framework-invalid` diagnostic.
pub(super) fn validate(fw: &Framework, src: &SourceText<'_>, diags: &mut Vec<Diagnostic>) {
    let mut c = Checker {
        src,
        diags,
        found: 0,
    };
    top_level(fw, &mut c);
    unique_ids(fw, &mut c);
    groups(fw, &mut c);
    let level_ids: Vec<&str> = fw.levels.iter().map(|l| l.id.as_str()).collect();
    let group_ids: Vec<&str> = fw.groups.iter().map(|g| g.id.as_str()).collect();
    for (i, comp) in fw.competencies.iter().enumerate() {
        competency(fw, i, comp, &group_ids, &mut c);
        for (level, e) in &comp.expectations {
            let here = [
                Seg::Key("competencies"),
                Seg::Index(i),
                Seg::Key("expectations"),
                Seg::Key(level),
            ];
            if !level_ids.contains(&level.as_str()) {
                c.err(
                    &here,
                    format!(
                        "expectation for unknown level `{level}` in competency `{}`",
                        comp.id
                    ),
                    suggestion(level, level_ids.iter().copied()),
                );
            }
            expectation(fw, &here, e, &mut c);
            stated(fw, comp, level, &here, e, &mut c);
        }
    }
    implies(fw, &mut c);
    behaviour_ids(fw, &mut c);
    inherits(fw, &mut c);
    for (i, level) in fw.levels.iter().enumerate() {
        judged_by(i, level, &mut c);
        if let Some(rule) = &level.verdict {
            verdict_rule(fw, i, &level.id, rule, &mut c);
        }
    }
    let comp_ids: Vec<&str> = fw.competencies.iter().map(|c| c.id.as_str()).collect();
    for (i, id) in fw.complex_situations.iter().enumerate() {
        if !comp_ids.contains(&id.as_str()) {
            c.err(
                &[Seg::Key("complex_situations"), Seg::Index(i)],
                format!("unknown competency `{id}`"),
                suggestion(id, comp_ids.iter().copied()),
            );
        }
    }
    c.finish();
}

/// The chain of levels `level` inherits from, nearest first; stops at an
/// unknown level or when a level comes round again.
fn ancestors<'a>(fw: &'a Framework, level: &str) -> Vec<&'a str> {
    let mut chain: Vec<&str> = Vec::new();
    let mut at = fw.level(level).and_then(|l| l.inherits.as_deref());
    while let Some(p) = at {
        if p == level || chain.contains(&p) {
            break;
        }
        chain.push(p);
        at = fw.level(p).and_then(|l| l.inherits.as_deref());
    }
    chain
}

/// `inherits` names another level, and no chain of them comes back round.
fn inherits(fw: &Framework, c: &mut Checker<'_, '_>) {
    let ids: Vec<&str> = fw.levels.iter().map(|l| l.id.as_str()).collect();
    for (i, l) in fw.levels.iter().enumerate() {
        let Some(p) = l.inherits.as_deref() else {
            continue;
        };
        let at = [Seg::Key("levels"), Seg::Index(i), Seg::Key("inherits")];
        if fw.level(p).is_none() {
            let m = format!("level `{}` inherits `{p}`, which is not a level", l.id);
            c.err(&at, m, suggestion(p, ids.iter().copied()));
            continue;
        }
        // Following the chain from here comes back to this level: a cycle.
        let mut at_level = Some(p);
        let mut steps = 0;
        while let Some(x) = at_level.filter(|_| steps <= ids.len()) {
            if x == l.id {
                let m = format!(
                    "level `{}` inherits itself through `inherits` (a cycle)",
                    l.id
                );
                c.err(
                    &at,
                    m,
                    Some("a level builds on a lower one only: remove one link".into()),
                );
                break;
            }
            at_level = fw.level(x).and_then(|y| y.inherits.as_deref());
            steps += 1;
        }
    }
}

/// `evidence` and `scope` are stated, here or, for a level that inherits,
/// at a level it inherits from (for this competency).
fn stated(
    fw: &Framework,
    comp: &super::Competency,
    level: &str,
    here: &[Seg<'_>; 4],
    e: &Expectation,
    c: &mut Checker<'_, '_>,
) {
    // Under a judgement basis the rating decides: evidence counts are not
    // asked for (a ladder that states none needs none invented).
    let judged = fw
        .level(level)
        .is_some_and(|l| l.basis() == super::StatusBasis::Judgement);
    if judged {
        return;
    }
    let chain = ancestors(fw, level);
    let from_chain = |has: &dyn Fn(&Expectation) -> bool| {
        chain
            .iter()
            .any(|p| comp.expectations.get(*p).is_some_and(has))
    };
    for (field, missing) in [
        ("evidence", e.evidence == super::UNSTATED),
        ("scope", e.scope.is_empty()),
    ] {
        if !missing {
            continue;
        }
        let inherited = match field {
            "evidence" => from_chain(&|x| x.evidence != super::UNSTATED),
            _ => from_chain(&|x| !x.scope.is_empty()),
        };
        if !inherited {
            let why = match chain.first() {
                Some(p) => format!(
                    "`{}` at `{level}` has no `{field}`, and `{p}` (which it inherits) states none",
                    comp.id
                ),
                None => format!("`{}` at `{level}` has no `{field}`", comp.id),
            };
            c.err(
                here,
                why,
                Some(format!("write `{field}:` in the expectation")),
            );
        }
    }
}

/// `judged_by` names kinds of feedback.
fn judged_by(i: usize, level: &super::Level, c: &mut Checker<'_, '_>) {
    use crate::case::kinds::{FeedbackKind, Word};
    for (j, kind) in level.judged_by.iter().flatten().enumerate() {
        if FeedbackKind::parse(kind).is_none() {
            let at = [
                Seg::Key("levels"),
                Seg::Index(i),
                Seg::Key("judged_by"),
                Seg::Index(j),
            ];
            let m = format!("`{kind}` is not a kind of feedback");
            let help = suggestion(kind, FeedbackKind::NAMES.iter().copied())
                .unwrap_or_else(|| format!("kinds: {}", FeedbackKind::NAMES.join(", ")));
            c.err(&at, m, Some(help));
        }
    }
}

/// Where a field of level `i`'s verdict rule is.
fn rule_at(i: usize, k: &'static str) -> [Seg<'static>; 4] {
    [
        Seg::Key("levels"),
        Seg::Index(i),
        Seg::Key("verdict"),
        Seg::Key(k),
    ]
}

/// A level's verdict rule: the fields its kind takes, numbers in range,
/// required ids that the level assesses.
fn verdict_rule(
    fw: &Framework,
    i: usize,
    level: &str,
    rule: &super::VerdictRule,
    c: &mut Checker<'_, '_>,
) {
    use super::RuleName;
    let assessed: Vec<&str> = fw
        .competencies
        .iter()
        .filter(|x| x.expectations.contains_key(level))
        .map(|x| x.id.as_str())
        .collect();
    match (rule.rule, &rule.met, rule.score) {
        (RuleName::AtLeast, None, _) => c.err(
            &rule_at(i, "rule"),
            "`at-least` needs `met`: how many competencies must be met".into(),
            Some("write `verdict: {rule: at-least, met: 8}` or `met: \"2/3\"`".into()),
        ),
        (RuleName::Score, _, None) => c.err(
            &rule_at(i, "rule"),
            "`score` needs `score`: the overall score needed, a whole percentage".into(),
            Some("write `verdict: {rule: score, score: 80}`".into()),
        ),
        _ => {}
    }
    if let Some(m) = &rule.met {
        met(i, level, rule.rule, m, assessed.len(), c);
    }
    score(i, rule, c);
    if rule.rule == RuleName::Holistic {
        for (k, set) in [
            ("required", !rule.required.is_empty()),
            ("floor", rule.floor.is_some()),
            ("also_current", rule.also_current),
        ] {
            if set {
                c.err(
                    &rule_at(i, k),
                    format!("a `holistic` level has no verdict, so `{k}` says nothing"),
                    Some(format!(
                        "remove `{k}`, or choose `all`, `at-least` or `score`"
                    )),
                );
            }
        }
    }
    required(i, level, rule, &assessed, c);
}

/// `met`: only with `at-least`; a whole number from 1 to the number the
/// level assesses, or a fraction `a/b` with `1 <= a <= b`.
fn met(
    i: usize,
    level: &str,
    rule: super::RuleName,
    m: &super::Met,
    assessed: usize,
    c: &mut Checker<'_, '_>,
) {
    if rule != super::RuleName::AtLeast {
        let msg = format!(
            "`met` belongs to the `at-least` rule, not `{}`",
            rule.as_str()
        );
        return c.err(&rule_at(i, "met"), msg, None);
    }
    let message = match m {
        super::Met::Count(n) if *n < 1 || *n as usize > assessed => format!(
            "`met` must be from 1 to the {assessed} competencies `{level}` assesses, found {n}"
        ),
        super::Met::Fraction(t) if super::Met::fraction(t).is_none() => format!(
            "`met` must be a whole number or a fraction of the assessed competencies from \"1/N\" to \"N/N\", found \"{t}\""
        ),
        _ => return,
    };
    let help = "write `met: 8` (a count) or `met: \"2/3\"` (a fraction, rounded up)";
    c.err(&rule_at(i, "met"), message, Some(help.into()));
}

/// `score`: only with the `score` rule, a whole percentage from 1 to 100.
fn score(i: usize, rule: &super::VerdictRule, c: &mut Checker<'_, '_>) {
    let Some(s) = rule.score else {
        return;
    };
    if rule.rule != super::RuleName::Score {
        let msg = format!(
            "`score` belongs to the `score` rule, not `{}`",
            rule.rule.as_str()
        );
        c.err(&rule_at(i, "score"), msg, None);
    } else if !(1..=100).contains(&s) {
        let msg = format!("`score` must be a whole percentage from 1 to 100, found {s}");
        c.err(&rule_at(i, "score"), msg, None);
    }
}

/// `required` ids are competencies the level assesses.
fn required(
    i: usize,
    level: &str,
    rule: &super::VerdictRule,
    assessed: &[&str],
    c: &mut Checker<'_, '_>,
) {
    for (j, id) in rule.required.iter().enumerate() {
        if !assessed.contains(&id.as_str()) {
            let segs = [
                Seg::Key("levels"),
                Seg::Index(i),
                Seg::Key("verdict"),
                Seg::Key("required"),
                Seg::Index(j),
            ];
            c.err(
                &segs,
                format!("required competency `{id}` is not assessed at `{level}`"),
                suggestion(id, assessed.iter().copied()),
            );
        }
    }
}

/// Behaviour ids are unique across the framework (evidence cites them
/// without naming the competency).
fn behaviour_ids(fw: &Framework, c: &mut Checker<'_, '_>) {
    // Behaviours add up along `inherits`: within one competency, an id may
    // stand again at a level that builds on (or under) the one it stood at.
    let mut seen: std::collections::HashMap<String, (usize, &str)> = Default::default();
    for (i, comp) in fw.competencies.iter().enumerate() {
        for (level, e) in &comp.expectations {
            for (j, b) in e.behaviours.iter().enumerate() {
                let again = match seen.get(&b.id.to_lowercase()) {
                    None => false,
                    Some((ci, other)) => {
                        let linked = ancestors(fw, level).contains(other)
                            || ancestors(fw, other).contains(&level.as_str());
                        !(*ci == i && linked)
                    }
                };
                seen.entry(b.id.to_lowercase())
                    .or_insert((i, level.as_str()));
                if again {
                    let at = [
                        Seg::Key("competencies"),
                        Seg::Index(i),
                        Seg::Key("expectations"),
                        Seg::Key(level),
                        Seg::Key("behaviours"),
                        Seg::Index(j),
                    ];
                    c.err(
                        &at,
                        format!("behaviour `{}` is defined twice", b.id),
                        Some("behaviour ids are unique across the framework".into()),
                    );
                }
            }
        }
    }
}

/// Implied competencies exist, and no competency implies itself through
/// others (a cycle would make every one of them count for all). Linear in
/// competencies and links: ids are looked up in a map, and the cycles are
/// the strongly connected components found in one pass.
fn implies(fw: &Framework, c: &mut Checker<'_, '_>) {
    let ids: Vec<&str> = fw.competencies.iter().map(|x| x.id.as_str()).collect();
    let mut links: Vec<Vec<usize>> = Vec::with_capacity(ids.len());
    for (i, comp) in fw.competencies.iter().enumerate() {
        let mut out = Vec::new();
        for (j, id) in comp.implies.iter().enumerate() {
            match fw.position(id) {
                Some(k) => out.push(k),
                None => {
                    let at = [
                        Seg::Key("competencies"),
                        Seg::Index(i),
                        Seg::Key("implies"),
                        Seg::Index(j),
                    ];
                    let m = format!("`{}` implies `{id}`, which is not defined", comp.id);
                    c.err(&at, m, suggestion(id, ids.iter().copied()));
                }
            }
        }
        links.push(out);
    }
    let cyclic = on_a_cycle(&links);
    for (i, comp) in fw.competencies.iter().enumerate() {
        if cyclic[i] {
            let at = [Seg::Key("competencies"), Seg::Index(i), Seg::Key("implies")];
            c.err(
                &at,
                format!("`{}` implies itself through `implies` (a cycle)", comp.id),
                Some("a graded ladder implies downwards only: remove one link".into()),
            );
        }
    }
}

/// Which nodes of a directed graph lie on a cycle (a strongly connected
/// component of more than one node, or a node linked to itself): Tarjan's
/// algorithm, iterative, since a chain of thousands would overflow the
/// stack if it recursed.
fn on_a_cycle(links: &[Vec<usize>]) -> Vec<bool> {
    let mut t = Tarjan::new(links.len());
    for root in 0..links.len() {
        if t.index[root] == Tarjan::UNSEEN {
            t.component_from(root, links);
        }
    }
    t.cyclic
}

struct Tarjan {
    index: Vec<usize>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    cyclic: Vec<bool>,
    stack: Vec<usize>,
    work: Vec<(usize, usize)>,
    next: usize,
}

impl Tarjan {
    const UNSEEN: usize = usize::MAX;

    fn new(n: usize) -> Tarjan {
        Tarjan {
            index: vec![Self::UNSEEN; n],
            low: vec![0; n],
            on_stack: vec![false; n],
            cyclic: vec![false; n],
            stack: Vec::new(),
            work: Vec::new(),
            next: 0,
        }
    }

    fn visit(&mut self, v: usize) {
        (self.index[v], self.low[v], self.on_stack[v]) = (self.next, self.next, true);
        self.next += 1;
        self.stack.push(v);
        self.work.push((v, 0));
    }

    /// Every component reachable from `root`, each marked when a cycle.
    fn component_from(&mut self, root: usize, links: &[Vec<usize>]) {
        self.visit(root);
        while let Some(&(v, e)) = self.work.last() {
            if let Some(&w) = links[v].get(e) {
                self.work.last_mut().expect("not empty").1 += 1;
                if self.index[w] == Self::UNSEEN {
                    self.visit(w);
                } else if self.on_stack[w] {
                    self.low[v] = self.low[v].min(self.index[w]);
                }
                continue;
            }
            self.work.pop();
            if let Some(&(parent, _)) = self.work.last() {
                self.low[parent] = self.low[parent].min(self.low[v]);
            }
            if self.low[v] == self.index[v] {
                let at = self
                    .stack
                    .iter()
                    .rposition(|&w| w == v)
                    .expect("v is on the stack");
                let members = self.stack.split_off(at);
                let cycle = members.len() > 1 || links[v].contains(&v);
                for w in members {
                    (self.on_stack[w], self.cyclic[w]) = (false, cycle);
                }
            }
        }
    }
}

/// Scopes and levels exist; the window and sustained months are in bounds.
fn top_level(fw: &Framework, c: &mut Checker<'_, '_>) {
    if fw.scopes.is_empty() {
        let m = "a framework needs at least one scope".into();
        c.err(&[Seg::Key("scopes")], m, None);
    }
    if fw.levels.is_empty() {
        let m = "a framework needs at least one level".into();
        c.err(&[Seg::Key("levels")], m, None);
    }
    if let Some(h) = fw
        .home_scope
        .as_ref()
        .filter(|h| fw.scope_rank(h).is_none())
    {
        c.err(
            &[Seg::Key("home_scope")],
            format!("`home_scope` `{h}` is not one of the scopes"),
            suggestion(h, fw.scopes.iter().map(String::as_str))
                .or(Some(format!("scopes: {}", fw.scopes.join(", ")))),
        );
    }
    if let Some(w) = fw.window_months.filter(|w| !in_months(*w)) {
        c.err(
            &[Seg::Key("window_months")],
            months_message("window_months", w),
            None,
        );
    }
    for (i, l) in fw.levels.iter().enumerate() {
        let Some(m) = l.sustained_months else {
            continue;
        };
        let message = if m < 0 {
            format!("`sustained_months` cannot be negative, found {m}")
        } else if m > MAX_MONTHS as i64 {
            months_message("sustained_months", m)
        } else {
            continue;
        };
        let at = [
            Seg::Key("levels"),
            Seg::Index(i),
            Seg::Key("sustained_months"),
        ];
        c.err(&at, message, None);
    }
}

/// Ids are compared case-insensitively: `Mentoring` and `mentoring` side
/// by side would be a trap for every evidence file.
fn unique_ids(fw: &Framework, c: &mut Checker<'_, '_>) {
    fn dupes<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<(usize, String)> {
        let mut seen = HashSet::new();
        ids.enumerate()
            .filter(|(_, id)| !seen.insert(id.to_lowercase()))
            .map(|(i, id)| (i, id.to_string()))
            .collect()
    }
    for (i, id) in dupes(fw.scopes.iter().map(String::as_str)) {
        let at = [Seg::Key("scopes"), Seg::Index(i)];
        c.err(&at, format!("scope `{id}` is defined twice"), None);
    }
    let kinds: [(&str, &str, Vec<&str>); 3] = [
        (
            "levels",
            "level",
            fw.levels.iter().map(|l| l.id.as_str()).collect(),
        ),
        (
            "groups",
            "group",
            fw.groups.iter().map(|g| g.id.as_str()).collect(),
        ),
        (
            "competencies",
            "competency",
            fw.competencies.iter().map(|c| c.id.as_str()).collect(),
        ),
    ];
    for (key, what, ids) in kinds {
        for (i, id) in dupes(ids.into_iter()) {
            let at = [Seg::Key(key), Seg::Index(i), Seg::Key("id")];
            c.err(&at, format!("{what} `{id}` is defined twice"), None);
        }
    }
}

/// Every parent group exists, and parents never come back round.
fn groups(fw: &Framework, c: &mut Checker<'_, '_>) {
    let group_ids: Vec<&str> = fw.groups.iter().map(|g| g.id.as_str()).collect();
    let parents: HashMap<&str, &str> = fw
        .groups
        .iter()
        .filter_map(|g| g.parent.as_deref().map(|p| (g.id.as_str(), p)))
        .collect();
    for (i, g) in fw.groups.iter().enumerate() {
        let Some(p) = &g.parent else {
            continue;
        };
        let at = [Seg::Key("groups"), Seg::Index(i), Seg::Key("parent")];
        if !group_ids.contains(&p.as_str()) {
            c.err(
                &at,
                format!("group `{}` names a parent `{p}` that is not defined", g.id),
                suggestion(p, group_ids.iter().copied()),
            );
            continue;
        }
        // Follow parents; coming back to the start is a cycle.
        let mut cur = p.as_str();
        let mut steps = 0;
        while let Some(next) = parents.get(cur) {
            steps += 1;
            if *next == g.id || steps > fw.groups.len() {
                c.err(
                    &at,
                    format!("group `{}` is its own ancestor (a cycle of parents)", g.id),
                    Some("a group's parents must end at a group with no parent".into()),
                );
                break;
            }
            cur = next;
        }
    }
}

/// A competency's group exists and its weight is in bounds.
fn competency(
    _fw: &Framework,
    i: usize,
    comp: &Competency,
    group_ids: &[&str],
    c: &mut Checker<'_, '_>,
) {
    let at = |k: &'static str| [Seg::Key("competencies"), Seg::Index(i), Seg::Key(k)];
    if let Some(g) = comp
        .group
        .as_ref()
        .filter(|g| !group_ids.contains(&g.as_str()))
    {
        c.err(
            &at("group"),
            format!(
                "competency `{}` names group `{g}`, which is not defined",
                comp.id
            ),
            suggestion(g, group_ids.iter().copied()).or(Some("add it under `groups:`".into())),
        );
    }
    if let Some(w) = comp.weight {
        if w <= 0.0 || !w.is_finite() {
            c.err(
                &at("weight"),
                format!("`weight` must be above 0, found {w}"),
                None,
            );
        } else if w > MAX_WEIGHT {
            c.err(
                &at("weight"),
                format!("`weight` must be at most {MAX_WEIGHT}, found {w}"),
                Some("weights are relative: divide them all by the same number".into()),
            );
        }
    }
}

/// An expectation's numbers are in bounds and its scope exists.
fn expectation(fw: &Framework, here: &[Seg<'_>; 4], e: &Expectation, c: &mut Checker<'_, '_>) {
    let field = |k: &'static str| [here[0], here[1], here[2], here[3], Seg::Key(k)];
    let b = e.behaviours.len() as i64;
    match e.behaviours_required {
        Some(r) if r < 0 || r > b => c.err(
            &field("behaviours_required"),
            format!("`behaviours_required` must be from 0 to the {b} behaviours listed, found {r}"),
            None,
        ),
        _ => {}
    }
    if e.evidence == super::UNSTATED {
        // Absent: `stated` says whether an inherited level states it.
    } else if e.evidence <= 0 {
        c.err(
            &field("evidence"),
            format!("`evidence` must be at least 1, found {}", e.evidence),
            Some(
                "an expectation that needs no evidence is no expectation; remove it instead".into(),
            ),
        );
    } else if e.evidence > MAX_PIECES {
        c.err(
            &field("evidence"),
            format!(
                "`evidence` must be at most {MAX_PIECES}, found {}",
                e.evidence
            ),
            None,
        );
    }
    if !e.scope.is_empty() && fw.scope_rank(&e.scope).is_none() {
        c.err(
            &field("scope"),
            format!("unknown scope `{}`", e.scope),
            suggestion(&e.scope, fw.scopes.iter().map(String::as_str))
                .or(Some(format!("scopes: {}", fw.scopes.join(", ")))),
        );
    }
    months(fw, here, e, c);
}

/// An expectation's months: in bounds, and within the window that holds
/// them (its own, else the framework's or the default).
fn months(fw: &Framework, here: &[Seg<'_>; 4], e: &Expectation, c: &mut Checker<'_, '_>) {
    let field = |k: &'static str| [here[0], here[1], here[2], here[3], Seg::Key(k)];
    match e.months {
        Some(m) if m < 0 => c.err(
            &field("months"),
            format!("`months` cannot be negative, found {m}"),
            None,
        ),
        Some(m) if m > MAX_MONTHS as i64 => {
            c.err(&field("months"), months_message("months", m), None)
        }
        _ => {}
    }
    if let Some(w) = e.within_months {
        if !in_months(w) {
            let m = months_message("within_months", w);
            c.err(&field("within_months"), m, None);
        }
        if e.months.unwrap_or(0) > w {
            c.err(
                &field("months"),
                format!(
                    "`months` ({}) cannot exceed `within_months` ({w})",
                    e.months.unwrap_or(0)
                ),
                None,
            );
        }
    } else {
        // No window of its own: the framework's (or the default) bounds it.
        let w = fw
            .window_months
            .filter(|w| in_months(*w))
            .unwrap_or(super::DEFAULT_WINDOW_MONTHS as i64);
        if let Some(m) = e.months.filter(|m| *m > w) {
            c.err(
                &field("months"),
                format!("`months` ({m}) cannot be reached in a window of {w} months: never met"),
                Some("lower `months`, or give the expectation a wider `within_months`".into()),
            );
        }
    }
}

#[cfg(test)]
mod cycle_tests {
    #[test]
    fn nodes_on_cycles_and_only_those() {
        // (links, on a cycle)
        let table: Vec<(Vec<Vec<usize>>, Vec<bool>)> = vec![
            (vec![], vec![]),
            (vec![vec![]], vec![false]),
            (vec![vec![0]], vec![true]),
            (vec![vec![1], vec![]], vec![false, false]),
            (vec![vec![1], vec![0]], vec![true, true]),
            // 0 leads into the cycle 1 -> 2 -> 1 without being on it.
            (vec![vec![1], vec![2], vec![1]], vec![false, true, true]),
            // Two cycles joined by a one-way link.
            (
                vec![vec![1], vec![0, 2], vec![3], vec![2]],
                vec![true, true, true, true],
            ),
            (vec![vec![1, 2], vec![3], vec![3], vec![]], vec![false; 4]),
        ];
        for (links, want) in table {
            assert_eq!(super::on_a_cycle(&links), want, "{links:?}");
        }
        // A chain of 100,000 and a ring of 100,000: no stack overflow.
        let chain: Vec<Vec<usize>> = (0..100_000)
            .map(|i| if i + 1 < 100_000 { vec![i + 1] } else { vec![] })
            .collect();
        assert!(super::on_a_cycle(&chain).iter().all(|c| !c));
        let ring: Vec<Vec<usize>> = (0..100_000).map(|i| vec![(i + 1) % 100_000]).collect();
        assert!(super::on_a_cycle(&ring).iter().all(|c| *c));
    }
}

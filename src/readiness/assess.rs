//! A full assessment: every competency's status with its lists (evidence,
//! missing, rules, expiring), then the conclusion shared with a tally.

use super::rules::{competency_row, count, leaves_window, plural, status_of, terms, Counts, Terms};
use super::{
    percent, Audience, CompetencyReadiness, Expiring, FeedbackSummary, Gap, OpenAction, Readiness,
    RuleCheck, RuleKind, Scoring, Status, Sustained, Verdict, EXPIRING_DAYS,
};
use super::{ActedOn, EvidenceRef};
use crate::case::framework::{Competency, Expectation};
use crate::case::framework::{Floor, RuleName, VerdictRule};
use crate::case::{Case, Evidence, Feedback, View};
use crate::date::{self, Date};
use std::collections::{BTreeMap, BTreeSet};

/// Compute readiness for the case's target level at `as_of`, from the
/// evidence `audience` may see, with every list filled in. (A [`super::Tally`]
/// gives the same statuses, scores and verdict without the lists.)
pub fn assess(case: &Case, as_of: Date, audience: Audience) -> Readiness {
    let view = case.view(audience);
    let mut r = assess_at(case, &case.config, as_of, &view);
    if r.verdict_rule.also_current {
        also_current(case, as_of, &view, &mut r);
    }
    r
}

/// `also_current`: ready also needs the current level to pass its own rule,
/// assessed at its own expectations with the same evidence, judgement and
/// date (a current level that assesses nothing passes).
fn also_current(case: &Case, as_of: Date, view: &View<'_>, r: &mut Readiness) {
    let mut config = case.config.clone();
    config.target_level = case.config.current_level.clone();
    let current = assess_at(case, &config, as_of, view);
    let holds = current.assessed == 0 || current.verdict != Verdict::NotYet;
    let word = if holds { "yes: passes" } else { "no: fails" };
    r.verdict_detail.push(format!(
        "holds the current level ({}): {word}",
        config.target_level
    ));
    if !holds && r.verdict == Verdict::Ready {
        r.verdict = Verdict::NotYet;
    }
    r.current_level = Some(super::CurrentLevel {
        id: config.target_level,
        verdict: current.verdict,
    });
}

/// For each open action with a competency, the visible evidence for it
/// dated after the action was asked (up to the as-of date), newest first:
/// what may already answer it.
fn evidence_since(
    fw: &crate::case::Framework,
    visible: &[&Evidence],
    as_of: Date,
    actions: &mut [OpenAction],
) {
    for a in actions.iter_mut() {
        let Some(ci) = a.competency.as_deref().and_then(|c| fw.position(c)) else {
            continue;
        };
        let mut since: Vec<&Evidence> = visible
            .iter()
            .copied()
            .filter(|e| e.date > a.asked && e.date <= as_of && e.competency_index.contains(&ci))
            .collect();
        since.sort_by(|x, y| (y.date, &y.path).cmp(&(x.date, &x.path)));
        let refs = since.iter().map(|e| EvidenceRef {
            title: e.title.clone(),
            date: e.date,
            path: e.path.clone(),
        });
        a.evidence_since = refs.collect();
    }
}

/// The row's counted evidence (newest first) and the evidence below the
/// expected scope, by path.
fn paths(counts: &Counts, visible: &[&Evidence], row: &mut CompetencyReadiness) {
    let mut evidence: Vec<&Evidence> = counts.counted.iter().map(|&i| visible[i]).collect();
    evidence.sort_by(|a, b| (b.date, &b.path).cmp(&(a.date, &a.path)));
    row.evidence = evidence.iter().map(|e| e.path.clone()).collect();
    row.below_scope = counts
        .below
        .iter()
        .map(|&i| visible[i].path.clone())
        .collect();
}

/// Readiness for `config`'s target level (the case's own, or another level
/// of its framework for `also_current`).
fn assess_at(case: &Case, config: &crate::case::Config, as_of: Date, view: &View<'_>) -> Readiness {
    let s = Scoring {
        config,
        framework: &case.framework,
        feedback: &case.feedback,
    };
    let fw = &case.framework;
    let target = &config.target_level;
    let visible = &view.evidence;
    let index = by_competency(visible, fw.competencies.len());
    let unseen = &view.withheld_evidence;
    let unseen_index = by_competency(unseen, fw.competencies.len());
    let mut competencies = Vec::new();
    let mut expiring = Vec::new();
    let mut sustained_months = BTreeSet::new();
    for (ci, c) in fw.competencies.iter().enumerate() {
        let Some(exp) = c.expectations.get(target) else {
            continue;
        };
        let t = terms(&s, exp, as_of);
        let counts = count(visible, &index[ci], &t, as_of);
        let scored = status_of(
            counts.window.numbers(None),
            counts.shown.len(),
            (t.n, t.m, t.b),
        );
        let numbers = (counts.counted.len(), counts.window.months());
        let withheld = count(unseen, &unseen_index[ci], &t, as_of).counted.len();
        let mut row = competency_row(&s, c, exp, &t, scored, (numbers.0, numbers.1, withheld));
        if row.waived.is_none() {
            // Months are numbered back from the as-of month, the same for
            // every competency.
            sustained_months.extend(counts.window.filled_months_back());
            row.missing = missing(exp, &t, numbers);
            behaviours(&t, &counts, visible, &mut row);
            let leaving = Leaving::new(visible, &counts, &t, c, row.status);
            expiring.extend(leaving.expiring(as_of));
        }
        row.rules = rule_checks(exp, &t, numbers, counts.shown.len());
        paths(&counts, visible, &mut row);
        competencies.push(row);
    }
    expiring.sort_by_key(|x| (x.leaves_window, x.path.clone(), x.competency.clone()));
    let hidden_evidence = view.hidden.evidence;
    let closed = closing(visible, as_of);
    let sustained_months = &sustained_months;
    let found = Found {
        competencies,
        sustained_months,
        expiring,
        hidden_evidence,
        closed,
    };
    let mut r = conclude(&s, as_of, view.audience, found);
    evidence_since(fw, visible, as_of, &mut r.feedback.actions);
    r.left_out = case.left_out.len();
    r.sealed = case.sealed;
    r.outside_window = outside_window(&s, visible, as_of);
    r
}

/// Visible entries older than the window of every assessed competency they
/// are tagged with (entries tagged with none that is assessed are not
/// counted here: they count nowhere, a `not-assessed` warning).
fn outside_window(s: &Scoring<'_>, visible: &[&Evidence], as_of: Date) -> usize {
    let target = &s.config.target_level;
    let windows: Vec<Option<u32>> = s
        .framework
        .competencies
        .iter()
        .map(|c| {
            match (
                c.expectations.get(target),
                s.config.waive.contains_key(&c.id),
            ) {
                (Some(exp), false) => Some(crate::case::framework::window_months(
                    s.config,
                    s.framework,
                    exp,
                )),
                _ => None,
            }
        })
        .collect();
    visible
        .iter()
        .filter(|e| {
            let widest = e
                .competency_index
                .iter()
                .filter_map(|&i| windows.get(i).copied().flatten())
                .max();
            widest.is_some_and(|w| e.end(as_of) <= date::months_before(as_of, w))
        })
        .count()
}

/// The expectation's behaviours, each with the counted evidence that shows
/// it, and the words for those not shown yet when too few are.
fn behaviours(t: &Terms, counts: &Counts, visible: &[&Evidence], row: &mut CompetencyReadiness) {
    let not_shown: Vec<&str> = t
        .behaviours
        .iter()
        .filter(|(id, _)| !counts.shown.contains(id))
        .map(|(_, text)| text.as_str())
        .collect();
    if counts.shown.len() < t.b {
        row.missing.push(format!(
            "{} not shown yet (of: {})",
            plural(
                t.b - counts.shown.len(),
                "more behaviour",
                "more behaviours"
            ),
            not_shown.join("; ")
        ));
    }
    row.behaviours = t
        .behaviours
        .iter()
        .map(|(id, text)| super::BehaviourShown {
            id: id.clone(),
            text: text.clone(),
            shown_by: counts
                .counted
                .iter()
                .map(|&i| visible[i])
                .filter(|e| e.shows.contains(id))
                .map(|e| e.path.clone())
                .collect(),
        })
        .collect();
}

/// Competency (by position in the framework) -> indices of the visible
/// entries tagged with it.
fn by_competency(visible: &[&Evidence], competencies: usize) -> Vec<Vec<usize>> {
    let mut index: Vec<Vec<usize>> = vec![Vec::new(); competencies];
    for (i, e) in visible.iter().enumerate() {
        for &c in &e.competency_index {
            if let Some(list) = index.get_mut(c) {
                // An id listed twice in one entry still counts the entry once.
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
    }
    index
}

/// What a competency still needs, in words.
fn missing(exp: &Expectation, t: &Terms, (counted, months): (usize, usize)) -> Vec<String> {
    let mut missing = Vec::new();
    if counted < t.n {
        missing.push(format!(
            "{} at {} scope or wider",
            plural(t.n - counted, "more piece", "more pieces"),
            exp.scope
        ));
    }
    if months < t.m {
        missing.push(format!(
            "evidence in {}",
            plural(t.m - months, "more month", "more months")
        ));
    }
    missing
}

/// Each rule of the status, whether it passes, in words.
fn rule_checks(
    exp: &Expectation,
    t: &Terms,
    (counted, months): (usize, usize),
    shown: usize,
) -> Vec<RuleCheck> {
    let (n, m, w, b) = (t.n, t.m, t.w, t.b);
    let check = |rule, passed, asked, detail| RuleCheck {
        rule,
        passed,
        asked,
        detail,
    };
    let scope = &exp.scope;
    let mut rules = vec![
        check(
            RuleKind::Evidence,
            counted >= n,
            true,
            format!("{counted} of {n} pieces at {scope} scope or wider within {w} months"),
        ),
        check(
            RuleKind::Months,
            months >= m,
            m > 0,
            format!("{months} of {m} distinct months"),
        ),
        check(
            RuleKind::Strong,
            counted >= 2 * n && months >= m && shown >= b,
            true,
            format!("{counted} of {} pieces for strong", 2 * n),
        ),
    ];
    // A row must not read "✓ evidence, ✓ months" and not be met: the
    // behaviours it asks for are a rule of their own.
    if b > 0 {
        rules.push(check(
            RuleKind::Behaviours,
            shown >= b,
            true,
            format!("{shown} of {b} behaviours shown"),
        ));
    }
    rules
}

/// One competency's counted pieces, to find those leaving soon.
struct Leaving<'a> {
    visible: &'a [&'a Evidence],
    counts: &'a Counts,
    terms: &'a Terms,
    competency: &'a Competency,
    status: Status,
}

impl<'a> Leaving<'a> {
    fn new(
        visible: &'a [&'a Evidence],
        counts: &'a Counts,
        terms: &'a Terms,
        competency: &'a Competency,
        status: Status,
    ) -> Leaving<'a> {
        Leaving {
            visible,
            counts,
            terms,
            competency,
            status,
        }
    }
}

impl Leaving<'_> {
    /// Counted pieces leaving the window within [`EXPIRING_DAYS`] whose
    /// leaving lowers the status. Only pieces dated on or before the
    /// horizon can leave within it; the rest need no date arithmetic.
    fn expiring(&self, as_of: Date) -> Vec<Expiring> {
        let (n, m, w) = (self.terms.n, self.terms.m, self.terms.w);
        let horizon = date::months_before(date::days_after(as_of, EXPIRING_DAYS), w);
        let mut out = Vec::new();
        for &i in &self.counts.counted {
            let e = self.visible[i];
            // Work that spans months leaves when its end does; ongoing work
            // does not leave.
            if matches!(e.until, Some(crate::case::evidence::Until::Ongoing)) {
                continue;
            }
            let Some((first, end)) = self.terms.span_in_window(e, as_of) else {
                continue;
            };
            if end > horizon {
                continue;
            }
            let leaves = leaves_window(end, w);
            let days = date::days_between(as_of, leaves);
            if days <= 0 || days > EXPIRING_DAYS {
                continue;
            }
            let shown = self.counts.shown.len();
            let (after, _) = status_of(
                self.counts.window.numbers(Some((first, end))),
                shown,
                (n, m, self.terms.b),
            );
            if after < self.status {
                out.push(Expiring {
                    path: e.path.clone(),
                    title: e.title.clone(),
                    date: e.date,
                    competency: self.competency.id.clone(),
                    leaves_window: leaves,
                    days_left: days,
                    status_now: self.status,
                    status_after: after,
                });
            }
        }
        out
    }
}

/// What the competencies gave, for [`conclude`].
pub(super) struct Found<'a> {
    pub(super) competencies: Vec<CompetencyReadiness>,
    pub(super) sustained_months: &'a BTreeSet<usize>,
    pub(super) expiring: Vec<Expiring>,
    pub(super) hidden_evidence: usize,
    /// Action id -> the earliest visible entry dated by the as-of date
    /// that `closes` it.
    pub(super) closed: BTreeMap<String, EvidenceRef>,
}

/// For each action id, the earliest visible entry dated on or before
/// `as_of` that closes it (only evidence the audience sees can).
fn closing(visible: &[&Evidence], as_of: Date) -> BTreeMap<String, EvidenceRef> {
    let mut out: BTreeMap<String, EvidenceRef> = BTreeMap::new();
    for e in visible.iter().filter(|e| e.date <= as_of) {
        for id in &e.closes {
            let earlier = out
                .get(id)
                .is_none_or(|x| (e.date, &e.path) < (x.date, &x.path));
            if earlier {
                let r = EvidenceRef {
                    title: e.title.clone(),
                    date: e.date,
                    path: e.path.clone(),
                };
                out.insert(id.clone(), r);
            }
        }
    }
    out
}

/// What feedback the audience sees says now: the latest revisit date, gaps
/// with their competency's status, open actions, and actions acted on; and
/// how many feedback files it may not see.
/// An action of feedback `f` not done by `as_of`.
fn open_action(f: &Feedback, a: &crate::case::feedback::Action, as_of: Date) -> OpenAction {
    OpenAction {
        what: a.what.clone(),
        competency: a.competency.clone(),
        due: a.due,
        overdue: a.due.is_some_and(|d| d < as_of),
        from: f.from.clone(),
        asked: f.date,
        id: a.id.clone(),
        evidence_since: Vec::new(),
    }
}

fn summarize_feedback(
    visible: &[&Feedback],
    as_of: Date,
    competencies: &[CompetencyReadiness],
    closed: BTreeMap<String, EvidenceRef>,
) -> FeedbackSummary {
    let mut feedback = FeedbackSummary::default();
    for f in visible {
        if let Some(r) = f.revisit {
            feedback.revisit = Some(feedback.revisit.map_or(r, |x: Date| x.max(r)));
        }
        for g in &f.gaps {
            let status_now = competencies.iter().find(|c| &c.id == g).map(|c| c.status);
            feedback.gaps.push(Gap {
                competency: g.clone(),
                from: f.from.clone(),
                date: f.date,
                status_now,
                addressed: status_now.is_some_and(Status::is_met),
            });
        }
        for a in &f.actions {
            let answer = a.id.as_ref().and_then(|id| closed.get(id));
            let own = a.done.filter(|d| *d <= as_of);
            let done = match (own, answer.map(|e| e.date)) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            };
            match done {
                Some(done) => feedback.acted_on.push(ActedOn {
                    what: a.what.clone(),
                    competency: a.competency.clone(),
                    from: f.from.clone(),
                    done,
                    answered_by: answer.cloned(),
                }),
                None => feedback.actions.push(open_action(f, a, as_of)),
            }
        }
    }
    feedback
        .actions
        .sort_by(|a, b| (a.due.is_none(), a.due, &a.what).cmp(&(b.due.is_none(), b.due, &b.what)));
    feedback
        .acted_on
        .sort_by(|a, b| (b.done, &a.what).cmp(&(a.done, &b.what)));
    feedback
}

/// The rule's own test, in words: `None` for a `holistic` level.
fn main_rule(
    rule: &VerdictRule,
    met: usize,
    assessed: usize,
    score: u32,
) -> Option<(bool, String)> {
    let word = |ok: bool| if ok { "passes" } else { "fails" };
    Some(match rule.rule {
        RuleName::Holistic => return None,
        RuleName::All => {
            let ok = met == assessed;
            (
                ok,
                format!("{met} of {assessed} met, needs all: {}", word(ok)),
            )
        }
        RuleName::AtLeast => {
            let need = rule.met.as_ref().map_or(0, |m| m.needed(assessed));
            let ok = met >= need;
            let of = match &rule.met {
                Some(crate::case::framework::Met::Fraction(f)) => {
                    format!(" ({f} of {assessed}, rounded up)")
                }
                _ => String::new(),
            };
            (
                ok,
                format!("{met} of {assessed} met, needs {need}{of}: {}", word(ok)),
            )
        }
        RuleName::Score => {
            let need = rule.score.unwrap_or(0).max(0) as u32;
            let ok = score >= need;
            (ok, format!("score {score}%, needs {need}%: {}", word(ok)))
        }
    })
}

/// "No significant weaknesses": every assessed (not waived) competency at
/// or above the floor's status.
fn floor_check(floor: Floor, competencies: &[CompetencyReadiness]) -> (bool, String) {
    let least = match floor {
        Floor::Emerging => Status::Emerging,
        Floor::Developing => Status::Developing,
        Floor::Met => Status::Met,
    };
    let below: Vec<&str> = competencies
        .iter()
        .filter(|c| c.status != Status::Waived && c.status < least)
        .map(|c| c.name.as_str())
        .collect();
    match below.as_slice() {
        [] => (
            true,
            format!(
                "floor {}: every competency at or above: passes",
                least.as_str()
            ),
        ),
        names => (
            false,
            format!(
                "floor {}: below it: {}: fails",
                least.as_str(),
                names.join(", ")
            ),
        ),
    }
}

/// The verdict by the level's rule, and each part of the rule in words:
/// the rule's own test, the floor, each required competency, sustained
/// months. Every part must pass for `ready`; a `holistic` level has no
/// verdict.
fn decide(
    rule: &VerdictRule,
    competencies: &[CompetencyReadiness],
    met: usize,
    assessed: usize,
    score: u32,
    sustained: &Sustained,
) -> (Verdict, Vec<String>) {
    let word = |ok: bool| if ok { "passes" } else { "fails" };
    let Some((mut ok, first)) = main_rule(rule, met, assessed, score) else {
        let why = "judged as a whole by people: no verdict from the evidence alone";
        return (Verdict::NoVerdict, vec![why.into()]);
    };
    let mut words = vec![first];
    // Readiness must rest on something: with every competency waived, each
    // rule above passes vacuously.
    if assessed == 0 {
        ok = false;
        words.push("no competency is assessed (every one is waived): never ready".into());
    }
    if let Some(floor) = rule.floor {
        let (pass, said) = floor_check(floor, competencies);
        ok &= pass;
        words.push(said);
    }
    for id in &rule.required {
        let Some(c) = competencies.iter().find(|c| &c.id == id) else {
            continue;
        };
        // A waived competency does not apply to the role: it does not block.
        let pass = c.status.is_met() || c.status == Status::Waived;
        ok &= pass;
        words.push(format!(
            "required {}: {}: {}",
            c.name,
            c.status.as_str(),
            word(pass)
        ));
    }
    if sustained.required > 0 {
        ok &= sustained.met;
        let phrase = super::sustained_phrase(sustained.months, sustained.required);
        words.push(format!("sustained {phrase}: {}", word(sustained.met)));
    }
    let verdict = if ok { Verdict::Ready } else { Verdict::NotYet };
    (verdict, words)
}

/// Overall score, sustained months, verdict and feedback: rules 6 to 8,
/// the same for a full assessment and a tally's.
pub(super) fn conclude(
    s: &Scoring<'_>,
    as_of: Date,
    audience: Audience,
    found: Found<'_>,
) -> Readiness {
    let Found {
        mut competencies,
        sustained_months,
        expiring,
        hidden_evidence,
        closed,
    } = found;
    let target = &s.config.target_level;
    let level = s.framework.level(target);
    let (seen, hidden_feedback) = audience.split(s.feedback);
    let hidden_feedback = hidden_feedback.len();
    super::judgement::judge(s, as_of, &seen, &mut competencies);
    let assessed: Vec<&CompetencyReadiness> = competencies
        .iter()
        .filter(|c| c.status != Status::Waived)
        .collect();
    let score = percent(overall(&assessed));
    let required = level.map_or(0, |l| l.sustained as usize);
    let sustained = Sustained {
        months: sustained_months.len(),
        required,
        met: sustained_months.len() >= required,
    };
    let met = assessed.iter().filter(|c| c.status.is_met()).count();
    let rule = level.and_then(|l| l.verdict.clone()).unwrap_or_default();
    let assessed = assessed.len();
    let (verdict, verdict_detail) = decide(&rule, &competencies, met, assessed, score, &sustained);
    let feedback = summarize_feedback(&seen, as_of, &competencies, closed);
    Readiness {
        as_of,
        target_level: target.clone(),
        verdict,
        verdict_rule: rule,
        current_level: None,
        basis: level.map(|l| l.basis()).unwrap_or_default(),
        verdict_detail,
        score,
        sustained,
        met,
        assessed,
        competencies,
        expiring,
        feedback,
        withheld: hidden_evidence + hidden_feedback,
        sealed: 0,
        left_out: 0,
        outside_window: 0,
    }
}

/// Overall score: the weighted mean of the assessed competencies' exact
/// scores (0 when nothing is assessed).
fn overall(assessed: &[&CompetencyReadiness]) -> f64 {
    let total_weight: f64 = assessed.iter().map(|c| c.weight).sum();
    if total_weight <= 0.0 {
        return 0.0;
    }
    assessed
        .iter()
        .map(|c| c.weight * c.score_exact)
        .sum::<f64>()
        / total_weight
}

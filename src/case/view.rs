//! What one audience may see of a case, decided in one place.
//!
//! Every version of a promotion case (the candidate's own, the manager's,
//! the shareable one) must claim only what its reader can see. So "who
//! sees what" is one predicate ([`Audience::sees`]) applied by one
//! function ([`Case::view`]): readiness counts from a [`View`], and every
//! report reads one, rather than each filtering the case again in its own
//! words (where one forgotten filter is a private entry in a shared brief).

use super::{Case, Evidence, Feedback, LeftOut, Visibility};
use serde::{Deserialize, Serialize};

/// Who an output is for; decides which entries it may show and count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    /// The candidate: every entry.
    #[serde(rename = "self")]
    Myself,
    /// The candidate's manager: `manager` and `shareable` entries.
    #[default]
    Manager,
    /// Anyone: `shareable` entries only.
    Shareable,
}

impl Audience {
    /// The one rule of who sees what.
    pub fn sees(self, v: Visibility) -> bool {
        match self {
            Audience::Myself => true,
            Audience::Manager => v != Visibility::Private,
            Audience::Shareable => v == Visibility::Shareable,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Audience::Myself => "self",
            Audience::Manager => "manager",
            Audience::Shareable => "shareable",
        }
    }

    /// The items of `all` this audience sees and those it does not, each
    /// in their order.
    pub(crate) fn split<T: Restricted>(self, all: &[T]) -> (Vec<&T>, Vec<&T>) {
        all.iter().partition(|x| self.sees(x.visibility()))
    }
}

/// Anything a case holds that has a `visibility`.
pub trait Restricted {
    fn visibility(&self) -> Visibility;
}

impl Restricted for Evidence {
    fn visibility(&self) -> Visibility {
        self.visibility
    }
}

impl<T: Restricted> Restricted for std::sync::Arc<T> {
    fn visibility(&self) -> Visibility {
        (**self).visibility()
    }
}

impl Restricted for Feedback {
    fn visibility(&self) -> Visibility {
        self.visibility
    }
}

impl Restricted for LeftOut {
    /// An unknown visibility is private: no audience learns of a file it
    /// may not see.
    fn visibility(&self) -> Visibility {
        self.visibility.unwrap_or(Visibility::Private)
    }
}

/// How many of each kind an audience may not see.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hidden {
    pub evidence: usize,
    pub feedback: usize,
    pub left_out: usize,
}

/// A case as one audience sees it.
#[derive(Debug, Clone)]
pub struct View<'a> {
    pub(crate) audience: Audience,
    /// Valid entries it sees, in path order.
    pub evidence: Vec<&'a Evidence>,
    /// Feedback files it sees, in the case's order.
    pub feedback: Vec<&'a Feedback>,
    /// The candidate's own words, when it may read them.
    pub pitch: Option<&'a str>,
    /// Files left out of readiness that it may be told of.
    pub left_out: Vec<&'a LeftOut>,
    pub hidden: Hidden,
    /// The valid entries it may not see, in path order: counted (how many
    /// pieces each competency has that this version does not show), never
    /// shown or named.
    pub(crate) withheld_evidence: Vec<&'a Evidence>,
}

impl Case {
    /// This case as `audience` sees it.
    pub fn view(&self, audience: Audience) -> View<'_> {
        let (evidence, withheld) = audience.split(&self.evidence);
        let (feedback, hidden_feedback) = audience.split(&self.feedback);
        let (left_out, hidden_left_out) = audience.split(&self.left_out);
        // The committee's pitch is the shareable version's; the others read
        // `pitch.md` when they may, else the committee's.
        let own = self.pitch.as_ref().filter(|p| audience.sees(p.visibility));
        let committee = self.committee_pitch.as_ref();
        let pitch = match audience {
            Audience::Shareable => committee.or(own),
            _ => own.or(committee),
        };
        View {
            audience,
            evidence: evidence.into_iter().map(|e| e.as_ref()).collect(),
            feedback,
            pitch: pitch.map(|p| p.text.as_str()),
            left_out,
            hidden: Hidden {
                evidence: withheld.len(),
                feedback: hidden_feedback.len(),
                left_out: hidden_left_out.len(),
            },
            withheld_evidence: withheld.into_iter().map(|e| e.as_ref()).collect(),
        }
    }
}

impl<'a> View<'a> {
    /// The entries it sees, newest first.
    pub fn newest_first(&self) -> Vec<&'a Evidence> {
        let mut v = self.evidence.clone();
        v.sort_by(|a, b| (b.date, &b.path).cmp(&(a.date, &a.path)));
        v
    }
}

//! What each kind of file holds: its fields, and the closed sets of words
//! its fields take.
//!
//! One description per file kind drives everything that must agree about
//! it: the reader (which fields are known, which are required, what an
//! example value looks like), the JSON Schema editors validate with
//! (`promocase schema`), the file `promocase new` writes, the fields `diff`
//! compares, and the words outputs print. Adding a field here is the one
//! change that makes all of them know it.

use serde::{Deserialize, Serialize};

/// A closed set of words a field may take: an enum, parsed once from the
/// file and printed back with the same word.
pub(crate) trait Word: Sized + Copy + 'static {
    /// Every word, in documentation order.
    const NAMES: &'static [&'static str];
    fn parse(s: &str) -> Option<Self>;
    fn as_str(self) -> &'static str;
}

macro_rules! words {
    ($(#[$meta:meta])* $vis:vis $name:ident { $($(#[$doc:meta])* $variant:ident = $word:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        $vis enum $name {
            $($(#[$doc])* #[serde(rename = $word)] $variant,)*
        }

        impl Word for $name {
            const NAMES: &'static [&'static str] = &[$($word,)*];

            fn parse(s: &str) -> Option<Self> {
                match s {
                    $($word => Some($name::$variant),)*
                    _ => None,
                }
            }

            fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)*
                }
            }
        }

        impl $name {
            /// The word as written in files and outputs.
            $vis fn as_str(self) -> &'static str {
                Word::as_str(self)
            }
        }
    };
}

words! {
    /// Who may see an entry (ordered: each sees what the narrower ones see).
    pub Visibility {
        /// The candidate alone.
        Private = "private",
        /// The candidate and their manager (the default).
        Manager = "manager",
        /// Anyone the brief is shared with (a calibration committee).
        Shareable = "shareable",
    }
}

// The macro cannot mark one variant `#[default]`.
#[allow(clippy::derivable_impls)]
impl Default for Visibility {
    fn default() -> Self {
        Visibility::Manager
    }
}

words! {
    /// The candidate's part in the work.
    pub Role {
        Led = "led",
        Contributed = "contributed",
        Supported = "supported",
    }
}

words! {
    /// Who started the work.
    pub Autonomy {
        Directed = "directed",
        Guided = "guided",
        SelfInitiated = "self-initiated",
    }
}

words! {
    /// The conversation a piece of feedback came from.
    pub(crate) FeedbackKind {
        PromotionConversation = "promotion-conversation",
        OneOnOne = "one-on-one",
        Peer = "peer",
        SkipLevel = "skip-level",
    }
}

words! {
    /// A rating of a competency in feedback, on the status scale: the
    /// judgement of whoever gave the feedback.
    pub(crate) Rating {
        Developing = "developing",
        Met = "met",
        Strong = "strong",
    }
}

/// The shape of a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// One line of text (numbers and booleans are taken as written).
    Text,
    /// A `YYYY-MM-DD` date.
    Date,
    /// A list of strings.
    List,
    /// One of a closed set of words.
    Word(&'static [&'static str]),
    /// A list of feedback actions (see [`action`]).
    Actions,
    /// A mapping of competency id to a reason.
    Reasons,
    /// A mapping of competency id to a [`Rating`].
    Ratings,
    /// A whole number of months, 1 to [`MAX_MONTHS`].
    Months,
    /// `true` or `false`.
    Flag,
    /// `self` and `manager`, each a list of public keys (`seal:`).
    Keys,
    /// A mapping of name to a relation, or to `{relation, aliases}`.
    People,
    /// A whole number, 0 to [`MAX_COUNT`].
    Count,
}

/// The largest count a field takes (teams, reports): far beyond any
/// organisation, small enough that no sum overflows.
pub(crate) const MAX_COUNT: u32 = 1_000_000;

/// The most months a window may span (a century): larger values are
/// refused, so that no command allocates per month without bound.
pub(crate) const MAX_MONTHS: u32 = 1200;

/// One field of a file kind.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub(crate) name: &'static str,
    pub(crate) required: bool,
    pub(crate) shape: Shape,
    /// What it means, for the JSON Schema.
    pub(crate) doc: &'static str,
    /// A value to suggest in "add `name: example`" help.
    pub(crate) example: &'static str,
    /// Whether `promocase new` writes the example as the value (else, for
    /// an optional field, as a comment to fill in).
    pub(crate) suggested: bool,
}

impl Field {
    const fn suggested(mut self) -> Field {
        self.suggested = true;
        self
    }
}

const fn field(
    name: &'static str,
    required: bool,
    shape: Shape,
    doc: &'static str,
    example: &'static str,
) -> Field {
    Field {
        name,
        required,
        shape,
        doc,
        example,
        suggested: false,
    }
}

/// The front matter of an evidence file (`evidence/**/*.md`).
pub(crate) mod evidence {
    use super::*;

    pub(crate) const DATE: Field = field(
        "date",
        true,
        Shape::Date,
        "The date of the work, `YYYY-MM-DD`.",
        "2026-01-31",
    );
    pub(crate) const TITLE: Field = field(
        "title",
        true,
        Shape::Text,
        "What you did, in one line.",
        "\"What you did, in one line\"",
    );
    pub(crate) const COMPETENCIES: Field = field(
        "competencies",
        true,
        Shape::List,
        "Competency ids of the framework this evidence supports.",
        "[org-leverage]",
    );
    pub(crate) const SCOPE: Field = field(
        "scope",
        true,
        Shape::Text,
        "How far the work reached (one of the framework's scopes).",
        "team",
    );
    pub(crate) const IMPACT: Field = field(
        "impact",
        false,
        Shape::Text,
        "The outcome, ideally measured.",
        "\"time to hire down from 41 to 29 days\"",
    );
    pub(crate) const ROLE: Field = field(
        "role",
        false,
        Shape::Word(Role::NAMES),
        "Your part in the work: a choice to make for each entry (left commented out by `new`).",
        "led",
    );
    pub(crate) const AUTONOMY: Field = field(
        "autonomy",
        false,
        Shape::Word(Autonomy::NAMES),
        "Who started the work.",
        "self-initiated",
    );
    pub(crate) const STAKEHOLDERS: Field = field(
        "stakeholders",
        false,
        Shape::List,
        "People or roles who saw the work.",
        "[\"who saw the work\"]",
    );
    pub(crate) const WITNESSES: Field = field(
        "witnesses",
        false,
        Shape::List,
        "People who can vouch for it.",
        "[\"who can vouch for it\"]",
    );
    pub(crate) const LINKS: Field = field(
        "links",
        false,
        Shape::List,
        "URLs or paths.",
        "[\"https://...\"]",
    );
    pub(crate) const VISIBILITY: Field = field(
        "visibility",
        false,
        Shape::Word(Visibility::NAMES),
        "Who may see it: private, manager (the default) or shareable.",
        "manager",
    )
    .suggested();
    pub(crate) const UNTIL: Field = field(
        "until",
        false,
        Shape::Text,
        "For work that spans months: its last day (`YYYY-MM-DD`, on or after `date`), or `ongoing`.",
        "ongoing",
    );
    pub(crate) const SHOWS: Field = field(
        "shows",
        false,
        Shape::List,
        "Ids of the framework's behaviours this work shows.",
        "[behaviour-id]",
    );
    pub(crate) const CLOSES: Field = field(
        "closes",
        false,
        Shape::List,
        "Ids of feedback actions this work answers.",
        "[action-id]",
    );

    pub(crate) const EXAMPLE: Field = field(
        "example",
        false,
        Shape::Flag,
        "An example to copy from (`init` writes one): it never counts anywhere, and `check` notes it until you remove it.",
        "true",
    );

    /// Every field, in the order `promocase new` writes and `diff` compares.
    pub(crate) const ALL: &[Field] = &[
        DATE,
        TITLE,
        COMPETENCIES,
        SCOPE,
        IMPACT,
        ROLE,
        AUTONOMY,
        STAKEHOLDERS,
        WITNESSES,
        LINKS,
        VISIBILITY,
        UNTIL,
        SHOWS,
        CLOSES,
        EXAMPLE,
    ];
}

/// The front matter of a feedback file (`feedback/**/*.md`).
pub(crate) mod feedback {
    use super::*;

    pub(crate) const DATE: Field = field(
        "date",
        true,
        Shape::Date,
        "When the feedback was given, `YYYY-MM-DD`.",
        "2026-01-31",
    );
    pub(crate) const FROM: Field = field(
        "from",
        true,
        Shape::Text,
        "Who gave the feedback.",
        "\"Dana Okafor (manager)\"",
    );
    pub(crate) const KIND: Field = field(
        "kind",
        true,
        Shape::Word(FeedbackKind::NAMES),
        "The conversation it came from.",
        "one-on-one",
    );
    pub(crate) const GAPS: Field = field(
        "gaps",
        false,
        Shape::List,
        "Competency ids named as gaps.",
        "[org-leverage]",
    );
    pub(crate) const RATINGS: Field = field(
        "ratings",
        false,
        Shape::Ratings,
        "Competency id -> developing | met | strong: the giver's judgement. It counts where the level's `basis` says (docs/framework.md), and is as visible as this file.",
        "{org-leverage: met}",
    );
    pub(crate) const ACTIONS: Field = field(
        "actions",
        false,
        Shape::Actions,
        "What was agreed to do.",
        "[{do: \"what you will do\"}]",
    );
    pub(crate) const REVISIT: Field = field(
        "revisit",
        false,
        Shape::Date,
        "When to revisit the promotion conversation.",
        "2026-06-30",
    );
    pub(crate) const VISIBILITY: Field = field(
        "visibility",
        false,
        Shape::Word(Visibility::NAMES),
        "Who may see it: private, manager (the default) or shareable.",
        "manager",
    );

    /// `example: true`, as in evidence: `init` writes one.
    pub(crate) const EXAMPLE: Field = super::evidence::EXAMPLE;

    /// Every field, in documentation order.
    pub(crate) const ALL: &[Field] = &[
        DATE, FROM, KIND, GAPS, RATINGS, ACTIONS, REVISIT, VISIBILITY, EXAMPLE,
    ];
}

/// One action in a feedback file's `actions`.
pub(crate) mod action {
    use super::*;

    pub(crate) const DO: Field = field(
        "do",
        true,
        Shape::Text,
        "What to do.",
        "\"what you will do\"",
    );
    pub(crate) const COMPETENCY: Field = field(
        "competency",
        false,
        Shape::Text,
        "The competency it builds.",
        "org-leverage",
    );
    pub(crate) const DUE: Field = field("due", false, Shape::Date, "When it is due.", "2026-03-31");
    pub(crate) const DONE: Field = field(
        "done",
        false,
        Shape::Date,
        "When it was done; an action without it is open.",
        "2026-03-15",
    );

    pub(crate) const ID: Field = field(
        "id",
        false,
        Shape::Text,
        "An id (unique in the case) that evidence cites in `closes:` to answer this action.",
        "hiring-plan",
    );

    /// Every field, in documentation order.
    pub(crate) const ALL: &[Field] = &[DO, COMPETENCY, DUE, DONE, ID];
}

/// `promocase.yaml`.
pub(crate) mod config {
    use super::*;

    pub(crate) const CANDIDATE: Field = field(
        "candidate",
        true,
        Shape::Text,
        "Your name.",
        "\"Your Name\"",
    );
    pub(crate) const FRAMEWORK: Field = field(
        "framework",
        true,
        Shape::Text,
        "`builtin:senior-em`, or a path relative to the case folder.",
        "builtin:senior-em",
    );
    pub(crate) const CURRENT_LEVEL: Field = field(
        "current_level",
        true,
        Shape::Text,
        "A level id of the framework.",
        "em",
    );
    pub(crate) const TARGET_LEVEL: Field = field(
        "target_level",
        true,
        Shape::Text,
        "A level id of the framework; readiness is computed for it.",
        "senior-em",
    );
    pub(crate) const IN_ROLE_SINCE: Field = field(
        "in_role_since",
        false,
        Shape::Date,
        "Since when you hold the current level.",
        "2024-01-31",
    );
    pub(crate) const MANAGER: Field = field(
        "manager",
        false,
        Shape::Text,
        "Your manager.",
        "\"Dana Okafor\"",
    );
    pub(crate) const WINDOW_MONTHS: Field = field(
        "window_months",
        false,
        Shape::Months,
        "Months of evidence that count (overrides the framework's).",
        "12",
    );
    pub(crate) const WAIVE: Field = field(
        "waive",
        false,
        Shape::Reasons,
        "Competency id -> why it does not apply.",
        "{org-leverage: \"why\"}",
    );
    pub(crate) const TRACK_CHANGE: Field = field(
        "track_change",
        false,
        Shape::Flag,
        "The target level is on another track than the current one, deliberately.",
        "true",
    );
    pub(crate) const SEAL: Field = field(
        "seal",
        false,
        Shape::Keys,
        "Who may open sealed files: `self` and `manager`, each a list of age or SSH public keys (README, \"Privacy\").",
        "{self: [\"ssh-ed25519 AAAA... alex@laptop\"], manager: [\"ssh-ed25519 AAAA... dana@laptop\"]}",
    );
    pub(crate) const PEOPLE: Field = field(
        "people",
        false,
        Shape::People,
        "The people your evidence names: name -> relation (manager, above-manager, peer, partner, report), or {relation, aliases}; the brief groups who vouches by it.",
        "{\"Sam Lee\": {relation: above-manager, aliases: [\"VP Engineering\"]}}",
    );
    pub(crate) const TEAMS: Field = field(
        "teams",
        false,
        Shape::Count,
        "Your current scope: how many teams you lead (the brief's header shows it).",
        "2",
    );
    pub(crate) const REPORTS: Field = field(
        "reports",
        false,
        Shape::Count,
        "Your current scope: how many people report to you, directly or not.",
        "14",
    );
    pub(crate) const MANAGERS_OF_MANAGERS: Field = field(
        "managers_of_managers",
        false,
        Shape::Count,
        "Your current scope: how many of your reports manage managers.",
        "0",
    );

    /// Every field, in documentation order.
    pub(crate) const ALL: &[Field] = &[
        CANDIDATE,
        FRAMEWORK,
        CURRENT_LEVEL,
        TARGET_LEVEL,
        IN_ROLE_SINCE,
        MANAGER,
        WINDOW_MONTHS,
        WAIVE,
        TRACK_CHANGE,
        SEAL,
        PEOPLE,
        TEAMS,
        REPORTS,
        MANAGERS_OF_MANAGERS,
    ];
}

/// The names of `fields`, in order (tests compare them with schemas).
#[cfg(test)]
pub(crate) fn names(fields: &[Field]) -> Vec<&'static str> {
    fields.iter().map(|f| f.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<W: Word + std::fmt::Debug + PartialEq>() {
        for n in W::NAMES {
            let w = W::parse(n).unwrap();
            assert_eq!(w.as_str(), *n);
        }
        assert!(W::parse("nonsense").is_none());
    }

    #[test]
    fn words_round_trip_and_serialise_as_written() {
        round_trip::<Visibility>();
        round_trip::<Role>();
        round_trip::<Autonomy>();
        round_trip::<FeedbackKind>();
        assert_eq!(
            serde_json::to_string(&Autonomy::SelfInitiated).unwrap(),
            "\"self-initiated\""
        );
        assert!(Visibility::Private < Visibility::Manager);
        assert!(Visibility::Manager < Visibility::Shareable);
    }

    #[test]
    fn every_kind_names_each_field_once() {
        for kind in [evidence::ALL, feedback::ALL, action::ALL, config::ALL] {
            let mut n = names(kind);
            n.sort();
            n.dedup();
            assert_eq!(n.len(), kind.len());
        }
    }
}

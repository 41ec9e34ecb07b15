//! A list method's whole answer: every page, and what went wrong walking them.

use std::fmt;

use serde::Serialize;

/// The four list methods of a server (spec 2024-11-05 on, server/tools,
/// server/resources, server/prompts), each paginated (utilities/pagination).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ListKind {
    Tools,
    Resources,
    ResourceTemplates,
    Prompts,
}

impl ListKind {
    pub const ALL: [Self; 4] = [
        Self::Tools,
        Self::Resources,
        Self::ResourceTemplates,
        Self::Prompts,
    ];

    /// The JSON-RPC method.
    pub const fn method(self) -> &'static str {
        match self {
            Self::Tools => "tools/list",
            Self::Resources => "resources/list",
            Self::ResourceTemplates => "resources/templates/list",
            Self::Prompts => "prompts/list",
        }
    }

    /// The member of the result that holds the page's items.
    pub const fn items_key(self) -> &'static str {
        match self {
            Self::Tools => "tools",
            Self::Resources => "resources",
            Self::ResourceTemplates => "resourceTemplates",
            Self::Prompts => "prompts",
        }
    }

    /// A short name, used in case ids: `list-next-page[tools]`.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Tools => "tools",
            Self::Resources => "resources",
            Self::ResourceTemplates => "resource-templates",
            Self::Prompts => "prompts",
        }
    }
}

impl fmt::Display for ListKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.method())
    }
}

/// Why walking a list's pages stopped before its end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "problem")]
pub enum ListingProblem {
    /// A page's `nextCursor` was one an earlier page had already returned:
    /// following it would never end.
    CursorLoop { page: u32, cursor: String },
    /// Every page still has a fresh `nextCursor`, but the last ones brought
    /// no item that earlier pages had not: the list pages forever.
    NothingNew { pages: u32, since: u32 },
    /// A list still growing after this many pages; the walk was stopped
    /// there and later items are not tested. Long lists are legitimate.
    TooManyPages { limit: u32 },
    /// A page after the first was not a list result (the first page is a
    /// case of the matrix and judged there).
    PageRefused { page: u32, outcome: String },
    /// A page after the first got no HTTP answer.
    PageUnanswered { page: u32, reason: String },
}

impl fmt::Display for ListingProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CursorLoop { page, cursor } => write!(
                f,
                "page {page} returned nextCursor {cursor:?}, which an earlier page had already \
                 returned: following the cursors never ends"
            ),
            Self::NothingNew { pages, since } => write!(
                f,
                "after {pages} pages the list still had a nextCursor, and no page since page \
                 {since} brought an item it had not listed before: following the cursors \
                 never ends"
            ),
            Self::TooManyPages { limit } => write!(
                f,
                "the list still had a nextCursor after {limit} pages, and was still bringing new \
                 items; the walk was stopped there, and later items are not tested"
            ),
            Self::PageRefused { page, outcome } => {
                write!(
                    f,
                    "page {page}, asked for with the previous page's nextCursor, was answered {outcome}"
                )
            }
            Self::PageUnanswered { page, reason } => {
                write!(f, "page {page} got no answer: {reason}")
            }
        }
    }
}

/// Every item of a list, gathered over its pages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Listing<T> {
    pub items: Vec<T>,
    /// Pages read (0 when the list was not asked for: the capability is not declared).
    pub pages: u32,
    /// The first page's `nextCursor`, when the list is paged: a case asks for
    /// the second page with it. Opaque and possibly different on every run,
    /// so it is left out of snapshots (`pages` shows the paging).
    #[serde(skip)]
    pub next_page_cursor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<ListingProblem>,
    /// The first page was not a list result. The first page is a case of
    /// the matrix and judged there; discovery only notes it, to tell a
    /// server that needs a session.
    #[serde(skip)]
    pub refused_first_page: bool,
}

impl<T> Default for Listing<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            pages: 0,
            next_page_cursor: None,
            problem: None,
            refused_first_page: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_every_list_once_in_order() {
        assert_all_lists_every_variant!(
            ListKind::ALL,
            [
                ListKind::Tools,
                ListKind::Resources,
                ListKind::ResourceTemplates,
                ListKind::Prompts,
            ]
        );
    }
}

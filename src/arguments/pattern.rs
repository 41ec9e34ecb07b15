//! Candidate strings for `format` and `pattern` (JSON Schema 2020-12 validation §7.3, §6.3.3).
//!
//! Nothing here decides validity: every candidate goes through the validator, whose regex
//! dialect (ECMA-262 translated for `fancy-regex`) is the one that counts. This only has to
//! propose strings likely to pass.

/// Shapes tried after the generated ones when a `pattern` is present.
pub(super) const COMMON: &[&str] = &[
    "mcp-matrix",
    "mcp_matrix",
    "mcpmatrix",
    "MCP",
    "abc",
    "ABC",
    "a",
    "A",
    "1",
    "0",
    "42",
    "abc123",
    "ABC-123",
    "user@example.com",
    "https://example.com",
    "2025-01-01",
    "2025-01-01T12:00:00Z",
    "12:00:00",
    "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "127.0.0.1",
    "example.com",
    "en",
    "en-US",
    "USD",
    "#ffffff",
    "",
];

/// The `k`-th sample of a format the validator knows, realistic enough for pydantic's
/// `datetime`, `EmailStr`, `AnyUrl`, `UUID` and friends; `None` for other formats.
pub(super) fn format_sample(format: &str, k: usize) -> Option<String> {
    let day = k % 28 + 1;
    Some(match format {
        "date-time" => format!("2025-01-{day:02}T12:00:00Z"),
        "date" => format!("2025-01-{day:02}"),
        "time" => format!("12:00:{:02}Z", k % 60),
        "duration" => format!("P{day}D"),
        "email" | "idn-email" if k == 0 => "user@example.com".into(),
        "email" | "idn-email" => format!("user{k}@example.com"),
        "uri" | "iri" | "uri-reference" | "iri-reference" if k == 0 => {
            "https://example.com/mcp-matrix".into()
        }
        "uri" | "iri" | "uri-reference" | "iri-reference" => {
            format!("https://example.com/mcp-matrix/{k}")
        }
        "uuid" => format!("3fa85f64-5717-4562-b3fc-{:012x}", 0x2c96_3f66_afa6 + k),
        "ipv4" => format!("127.0.0.{}", k % 254 + 1),
        "ipv6" => format!("::{:x}", k + 1),
        "hostname" | "idn-hostname" if k == 0 => "example.com".into(),
        "hostname" | "idn-hostname" => format!("host{k}.example.com"),
        _ => return None,
    })
}

/// A string matching `pattern`, for the common subset of regex syntax: literals, escapes,
/// classes, `.`, groups and alternation, and quantifiers. Unbounded repeats take `repeat`
/// (clamped to the quantifier's bounds), and `seed` picks among class members and
/// alternatives so that different seeds give different strings. `None` for what it does not
/// model (lookaround, backreferences, flags, Unicode properties).
pub(super) fn example(pattern: &str, repeat: usize, seed: usize) -> Option<String> {
    let mut parser = Parser {
        chars: pattern.chars().collect(),
        pos: 0,
    };
    let tree = parser.alternation()?;
    if parser.pos != parser.chars.len() {
        return None;
    }
    let mut out = String::new();
    emit(&tree, repeat, seed, &mut out)?;
    Some(out)
}

/// Alternatives, each a sequence of quantified atoms.
type Alternation = Vec<Vec<(Atom, usize, Option<usize>)>>;

enum Atom {
    /// One character out of these (an empty set matches nothing).
    Set(Vec<char>),
    /// A zero-width assertion such as `\b`, emitting nothing.
    Empty,
    Group(Alternation),
}

const DIGITS: &str = "1234567890";
const WORD: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
/// For negated classes: the first of these that the class does not exclude.
const ANY: &str = "aA1-_ z.";
/// Longest repeat emitted, so `{1000000}` gives up instead of allocating.
const MAX_REPEAT: usize = 4096;

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        let hit = self.peek() == Some(c);
        self.pos += usize::from(hit);
        hit
    }

    fn alternation(&mut self) -> Option<Alternation> {
        let mut alternatives = vec![self.sequence()?];
        while self.eat('|') {
            alternatives.push(self.sequence()?);
        }
        Some(alternatives)
    }

    fn sequence(&mut self) -> Option<Vec<(Atom, usize, Option<usize>)>> {
        let mut items = Vec::new();
        while let Some(c) = self.peek().filter(|c| *c != '|' && *c != ')') {
            self.pos += 1;
            let atom = match c {
                '^' | '$' => Atom::Empty,
                '(' => {
                    if self.eat('?') && !self.eat(':') {
                        // Only named groups, `(?<name>` / `(?P<name>`, are plain groups.
                        self.eat('P');
                        let lookbehind = matches!(self.chars.get(self.pos + 1), Some('=' | '!'));
                        if !self.eat('<') || lookbehind {
                            return None;
                        }
                        while self.next()? != '>' {}
                    }
                    let inner = self.alternation()?;
                    self.eat(')').then_some(Atom::Group(inner))?
                }
                '[' => self.class()?,
                '.' => Atom::Set(vec!['a']),
                '\\' => self.escape()?,
                '*' | '+' | '?' | '{' => return None,
                c => Atom::Set(vec![c]),
            };
            let (min, max) = self.quantifier()?;
            items.push((atom, min, max));
        }
        Some(items)
    }

    fn quantifier(&mut self) -> Option<(usize, Option<usize>)> {
        let bounds = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                let close = self.chars[self.pos..].iter().position(|c| *c == '}')? + self.pos;
                let body: String = self.chars[self.pos + 1..close].iter().collect();
                self.pos = close;
                match body.split_once(',') {
                    None => (body.parse().ok()?, Some(body.parse().ok()?)),
                    Some((lo, "")) => (lo.parse().ok()?, None),
                    Some((lo, hi)) => (lo.parse().ok()?, Some(hi.parse().ok()?)),
                }
            }
            _ => return Some((1, Some(1))),
        };
        self.pos += 1;
        // Lazy `?` and possessive `+` suffixes change matching, not what matches.
        let _ = self.eat('?') || self.eat('+');
        Some(bounds)
    }

    /// An escape outside a class; inside one, only its characters matter.
    fn escape(&mut self) -> Option<Atom> {
        let c = self.next()?;
        Some(match c {
            'b' | 'B' | 'A' | 'z' | 'Z' | 'G' => Atom::Empty,
            _ => Atom::Set(self.escaped(c)?),
        })
    }

    fn escaped(&mut self, c: char) -> Option<Vec<char>> {
        Some(match c {
            'd' => DIGITS.chars().collect(),
            'w' => WORD.chars().collect(),
            's' => vec![' '],
            'D' | 'S' => vec!['a'],
            'W' => vec!['-'],
            'n' => vec!['\n'],
            't' => vec!['\t'],
            'r' => vec!['\r'],
            'x' | 'u' => {
                let width = if c == 'x' { 2 } else { 4 };
                let hex: String = self.chars.get(self.pos..self.pos + width)?.iter().collect();
                self.pos += width;
                vec![char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?]
            }
            '0'..='9' | 'p' | 'P' | 'k' | 'c' => return None,
            c => vec![c],
        })
    }

    fn class(&mut self) -> Option<Atom> {
        let negated = self.eat('^');
        let mut members = Vec::new();
        loop {
            let c = self.next()?;
            if c == ']' {
                break;
            }
            let low = match c {
                '\\' => {
                    let e = self.next()?;
                    self.escaped(e)?
                }
                c => vec![c],
            };
            let start = match low.as_slice() {
                [c] if self.peek() == Some('-')
                    && !matches!(self.chars.get(self.pos + 1), None | Some(']')) =>
                {
                    *c
                }
                _ => {
                    members.extend(low);
                    continue;
                }
            };
            self.pos += 1;
            let end = match self.next()? {
                '\\' => {
                    let e = self.next()?;
                    *self.escaped(e)?.first()?
                }
                h => h,
            };
            members.extend((start..=end).take(256));
        }
        Some(Atom::Set(if negated {
            ANY.chars().filter(|c| !members.contains(c)).collect()
        } else {
            members
        }))
    }
}

fn emit(alternation: &Alternation, repeat: usize, seed: usize, out: &mut String) -> Option<()> {
    let sequence = alternation.get(seed % alternation.len().max(1))?;
    for (atom, min, max) in sequence {
        let count = repeat.max(*min).min(max.unwrap_or(usize::MAX));
        if count > MAX_REPEAT {
            return None;
        }
        for _ in 0..count {
            match atom {
                Atom::Set(set) => out.push(*set.get(seed % set.len().max(1))?),
                Atom::Empty => {}
                Atom::Group(inner) => emit(inner, repeat, seed, out)?,
            }
        }
    }
    Some(())
}

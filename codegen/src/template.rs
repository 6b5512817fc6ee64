//! Path templates (`/v1/patients/{patientId}/phone-numbers`), parsed once here: the repairs, the document's
//! checks (`parse.rs`), lowering (which stores the parse as `ir::Operation.path`) and emission all read it.

use std::fmt;

/// A parsed path template.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Template {
    pieces: Vec<Piece>,
}

/// A run of literal text, or a `{name}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Piece {
    /// Text sent as written (never holding a brace).
    Literal(String),
    /// A parameter's place, by its wire name.
    Param(String),
}

/// One `/`-separated segment of a template, as REST conventions read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    /// A literal segment (`phone-numbers`).
    Literal(&'a str),
    /// A segment that is one parameter (`{patientId}`), by name.
    Param(&'a str),
    /// A segment mixing text and parameters (`{name}.json`): neither a collection nor an item.
    Mixed,
}

/// Why a text is not a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// A `{` without its `}`, or a `}` without its `{`.
    Unbalanced,
    /// `{}`, or the same `{name}` twice.
    EmptyOrRepeated(String),
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::Unbalanced => f.write_str("has unbalanced braces"),
            TemplateError::EmptyOrRepeated(name) => write!(f, "has an empty or repeated `{{{name}}}`"),
        }
    }
}

impl Template {
    /// Parses `path`.
    ///
    /// # Errors
    /// Unbalanced braces, an empty `{}` or a repeated name.
    pub fn parse(path: &str) -> Result<Self, TemplateError> {
        let mut pieces = Vec::new();
        let mut rest = path;
        while let Some(start) = rest.find(['{', '}']) {
            if !rest[start..].starts_with('{') {
                return Err(TemplateError::Unbalanced);
            }
            if start > 0 {
                pieces.push(Piece::Literal(rest[..start].to_owned()));
            }
            let after = &rest[start + 1..];
            let Some(end) = after.find(['{', '}']).filter(|end| after[*end..].starts_with('}')) else {
                return Err(TemplateError::Unbalanced);
            };
            let name = &after[..end];
            if name.is_empty() || pieces.iter().any(|piece| matches!(piece, Piece::Param(seen) if seen == name)) {
                return Err(TemplateError::EmptyOrRepeated(name.to_owned()));
            }
            pieces.push(Piece::Param(name.to_owned()));
            rest = &after[end + 1..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Literal(rest.to_owned()));
        }
        Ok(Self { pieces })
    }

    /// The literal runs and parameters, in order.
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// The parameters' names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Param(name) => Some(name.as_str()),
            Piece::Literal(_) => None,
        })
    }

    /// The template with the parameter `from` called `to`.
    pub fn renamed(&self, from: &str, to: &str) -> Self {
        let pieces = self
            .pieces
            .iter()
            .map(|piece| match piece {
                Piece::Param(name) if name == from => Piece::Param(to.to_owned()),
                other => other.clone(),
            })
            .collect();
        Self { pieces }
    }

    /// The non-empty `/`-separated segments.
    pub fn segments(&self) -> Vec<Segment<'_>> {
        // The pieces of each segment, split at the slashes of the literal runs.
        let mut groups: Vec<Vec<Segment<'_>>> = vec![Vec::new()];
        for piece in &self.pieces {
            match piece {
                Piece::Param(name) => groups.last_mut().into_iter().for_each(|group| group.push(Segment::Param(name))),
                Piece::Literal(text) => {
                    for (index, part) in text.split('/').enumerate() {
                        if index > 0 {
                            groups.push(Vec::new());
                        }
                        if let Some(group) = groups.last_mut().filter(|_| !part.is_empty()) {
                            group.push(Segment::Literal(part));
                        }
                    }
                }
            }
        }
        groups
            .into_iter()
            .filter(|group| !group.is_empty())
            .map(|group| match group.as_slice() {
                [one] => *one,
                _ => Segment::Mixed,
            })
            .collect()
    }

    /// The template without its last segment, and that segment, when it is one parameter (`…/{itemId}`).
    pub fn split_item(&self) -> Option<(Template, &str)> {
        let (Piece::Param(name), before) = self.pieces.split_last()? else { return None };
        let Some(Piece::Literal(text)) = before.last() else { return None };
        let parent_text = text.strip_suffix('/')?;
        let mut pieces = before[..before.len() - 1].to_vec();
        if !parent_text.is_empty() {
            pieces.push(Piece::Literal(parent_text.to_owned()));
        }
        Some((Template { pieces }, name))
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for piece in &self.pieces {
            match piece {
                Piece::Literal(text) => f.write_str(text)?,
                Piece::Param(name) => write!(f, "{{{name}}}")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_spells_back() {
        let path = "/v1/practices/{practiceId}/archives/{archiveId}/patients/{patientId}";
        let template = Template::parse(path).unwrap();
        assert_eq!(template.to_string(), path);
        assert_eq!(template.names().collect::<Vec<_>>(), ["practiceId", "archiveId", "patientId"]);
        let (parent, item) = template.split_item().unwrap();
        assert_eq!(
            (parent.to_string().as_str(), item),
            ("/v1/practices/{practiceId}/archives/{archiveId}/patients", "patientId")
        );
        assert_eq!(template.renamed("archiveId", "archive").to_string(), path.replace("archiveId", "archive"));
    }

    #[test]
    fn segments_as_rest_reads_them() {
        let template = Template::parse("/v1/a/{id}/files/{name}.json").unwrap();
        assert_eq!(
            template.segments(),
            [
                Segment::Literal("v1"),
                Segment::Literal("a"),
                Segment::Param("id"),
                Segment::Literal("files"),
                Segment::Mixed
            ]
        );
        assert_eq!(template.split_item(), None);
    }

    #[test]
    fn refuses_what_is_not_a_template() {
        assert_eq!(Template::parse("/a/{b}}"), Err(TemplateError::Unbalanced));
        assert_eq!(Template::parse("/a/{b"), Err(TemplateError::Unbalanced));
        assert_eq!(Template::parse("/a/}b{"), Err(TemplateError::Unbalanced));
        assert_eq!(Template::parse("/a/{b{c}}"), Err(TemplateError::Unbalanced));
        assert_eq!(Template::parse("/a/{}"), Err(TemplateError::EmptyOrRepeated(String::new())));
        assert_eq!(Template::parse("/{a}/{a}"), Err(TemplateError::EmptyOrRepeated("a".into())));
    }
}

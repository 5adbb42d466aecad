//! Deserialising a model type from a [`Node`] tree, with each failure kept as a [`Problem`]: what
//! serde reported, in fields (the unknown key and the keys allowed, the missing key, what was
//! found and what was expected), not as a sentence to be read back.
//!
//! Scalars are read as serde_yaml reads them, so that a file reads the same here as when it
//! deserialises at once: a plain scalar is a null, a boolean or a number where it reads as one,
//! and any scalar is text where text is asked for (`number: 010` is the text `010`).

use std::fmt;

use serde::de::value::{MapDeserializer, SeqDeserializer, StrDeserializer};
use serde::de::{self, Expected, IntoDeserializer, Unexpected, Visitor};

use super::scalar::{CORE, is_null, visit_plain, visit_tagged};
use super::tree::{Node, Value};

/// One problem serde reported while deserialising, by kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A key the type does not have; the keys it has.
    UnknownField {
        /// The key as written.
        field: String,
        /// The keys allowed in this block.
        expected: &'static [&'static str],
    },
    /// A key the type needs and the block does not have.
    MissingField(&'static str),
    /// A key given twice for one field (a key and its alias).
    DuplicateField(&'static str),
    /// A value of the wrong shape: what was found and what was expected, in the data format's
    /// words (`a list`, `keys and values`, `text "…"`).
    WrongType {
        /// What the file has.
        found: String,
        /// What the type wants.
        expected: String,
    },
    /// A model type's own refusal of a value (`` `2019x` is not a fiscal year ``), its words.
    Refused(String),
    /// A problem with a mapping's key rather than its value (a fiscal year key that is not
    /// one): the problem, to be pointed at the key.
    InKey(Box<Problem>),
}

impl Problem {
    /// `self`, marked as a problem with a key.
    fn in_key(self) -> Problem {
        match self {
            Problem::InKey(_) => self,
            other => Problem::InKey(Box::new(other)),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::UnknownField { field, expected } => {
                write!(f, "unknown field `{field}`, ")?;
                match expected {
                    [] => write!(f, "there are no fields"),
                    [one] => write!(f, "expected `{one}`"),
                    many => {
                        let quoted: Vec<String> = many.iter().map(|k| format!("`{k}`")).collect();
                        write!(f, "expected one of {}", quoted.join(", "))
                    }
                }
            }
            Problem::MissingField(field) => write!(f, "missing field `{field}`"),
            Problem::DuplicateField(field) => write!(f, "duplicate field `{field}`"),
            Problem::WrongType { found, expected } => {
                write!(f, "invalid type: {found}, expected {expected}")
            }
            Problem::Refused(message) => f.write_str(message),
            Problem::InKey(problem) => problem.fmt(f),
        }
    }
}

impl std::error::Error for Problem {}

impl de::Error for Problem {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Problem::Refused(message.to_string())
    }

    fn invalid_type(found: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Problem::WrongType {
            found: found_words(&found),
            expected: expected_words(expected),
        }
    }

    fn invalid_value(found: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Problem::WrongType {
            found: found_words(&found),
            expected: expected_words(expected),
        }
    }

    fn invalid_length(len: usize, expected: &dyn Expected) -> Self {
        Problem::WrongType {
            found: format!("{len} items"),
            expected: expected_words(expected),
        }
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Problem::WrongType {
            found: format!("`{variant}`"),
            expected: match expected {
                [one] => format!("`{one}`"),
                many => {
                    let quoted: Vec<String> = many.iter().map(|k| format!("`{k}`")).collect();
                    format!("one of {}", quoted.join(", "))
                }
            },
        }
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Problem::UnknownField {
            field: field.to_string(),
            expected,
        }
    }

    fn missing_field(field: &'static str) -> Self {
        Problem::MissingField(field)
    }

    fn duplicate_field(field: &'static str) -> Self {
        Problem::DuplicateField(field)
    }
}

/// What was found, in the words of the data format rather than of Rust.
fn found_words(found: &Unexpected<'_>) -> String {
    match found {
        Unexpected::Seq => "a list".to_string(),
        Unexpected::Map => "keys and values".to_string(),
        Unexpected::Str(text) => format!("text {text:?}"),
        Unexpected::Unit => "an empty value".to_string(),
        Unexpected::Enum => "a value with a tag (`!…`)".to_string(),
        other => other.to_string(),
    }
}

/// What was expected, in the words of the data format: a derived struct expects "struct Name"
/// (a Rust type nobody editing YAML knows), the others what their `expecting` says.
fn expected_words(expected: &dyn Expected) -> String {
    let words = expected.to_string();
    if words.starts_with("struct ") {
        return "keys and values (`key: value` lines)".to_string();
    }
    match words.as_str() {
        "a sequence" => "a list".to_string(),
        "a string" => "text".to_string(),
        _ => words,
    }
}

/// A node to deserialise from.
#[derive(Clone, Copy)]
pub struct NodeDeserializer<'a>(pub &'a Node);

impl<'de, 'a> IntoDeserializer<'de, Problem> for NodeDeserializer<'a> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

/// A node written with a tag of the file's own (`!name value`), read as serde_yaml reads it: as
/// the variant `name` of an enum, holding the value. None of the model's types is such an enum,
/// so the model refuses it, as it does through serde_yaml.
struct OwnTag {
    /// The tag without its `!`.
    variant: String,
    /// The node without its tag.
    value: Node,
}

impl OwnTag {
    fn of(node: &Node) -> Option<OwnTag> {
        let tag = node.tag.as_deref()?;
        let name = tag.strip_prefix('!')?;
        let mut value = node.clone();
        value.tag = None;
        Some(OwnTag {
            variant: if name.is_empty() { tag } else { name }.to_string(),
            value,
        })
    }
}

impl<'de> de::EnumAccess<'de> for OwnTag {
    type Error = Problem;
    type Variant = OwnTagValue;

    fn variant_seed<S: de::DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, OwnTagValue), Problem> {
        let name: StrDeserializer<'_, Problem> = self.variant.as_str().into_deserializer();
        let variant = seed.deserialize(name)?;
        Ok((variant, OwnTagValue(self.value)))
    }
}

/// The value a node with a tag of the file's own holds.
struct OwnTagValue(Node);

impl<'de> de::VariantAccess<'de> for OwnTagValue {
    type Error = Problem;

    fn unit_variant(self) -> Result<(), Problem> {
        de::Deserialize::deserialize(NodeDeserializer(&self.0))
    }

    fn newtype_variant_seed<S: de::DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<S::Value, Problem> {
        seed.deserialize(NodeDeserializer(&self.0))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Problem> {
        de::Deserializer::deserialize_seq(NodeDeserializer(&self.0), visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Problem> {
        de::Deserializer::deserialize_map(NodeDeserializer(&self.0), visitor)
    }
}

impl<'de, 'a> de::Deserializer<'de> for NodeDeserializer<'a> {
    type Error = Problem;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        if let Some(tagged) = OwnTag::of(self.0) {
            return visitor.visit_enum(tagged);
        }
        match &self.0.value {
            Value::Scalar { text, plain } => match self.0.tag.as_deref() {
                Some(tag) => visit_tagged(tag, text, visitor),
                None if *plain => visit_plain(text, visitor),
                None => visitor.visit_str(text),
            },
            Value::Sequence(items) => {
                let mut seq = SeqDeserializer::new(items.iter().map(NodeDeserializer));
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Value::Mapping(entries) => {
                let mut map = MapDeserializer::new(
                    entries
                        .iter()
                        .map(|(k, v)| (KeyDeserializer(k), NodeDeserializer(v))),
                );
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
        }
    }

    /// Absent for a plain null (nothing, `~`, `null`) or a `!!null`; present for anything else,
    /// `''` included.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        let null_tag = self
            .0
            .tag
            .as_deref()
            .is_some_and(|t| t.strip_prefix(CORE) == Some("null"));
        match &self.0.value {
            Value::Scalar { text, plain: true } if null_tag => {
                if is_null(text) {
                    visitor.visit_none()
                } else {
                    Err(Problem::WrongType {
                        found: format!("text {text:?}"),
                        expected: "null".to_string(),
                    })
                }
            }
            _ if self.0.is_null() => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    /// Any scalar is text where text is asked for, an empty value and `~` too (as in
    /// serde_yaml: `name:` is the text ``, `name: ~` the text `~`).
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        match &self.0.value {
            Value::Scalar { text, .. } => visitor.visit_str(text),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        self.deserialize_str(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Problem> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Problem> {
        match &self.0.value {
            Value::Scalar { text, .. } => visitor.visit_enum(
                IntoDeserializer::<Problem>::into_deserializer(text.as_str())
                    as StrDeserializer<'_, Problem>,
            ),
            Value::Mapping(entries) if entries.len() == 1 => {
                let mut map = MapDeserializer::new(
                    entries
                        .iter()
                        .map(|(k, v)| (KeyDeserializer(k), NodeDeserializer(v))),
                );
                visitor.visit_enum(de::value::MapAccessDeserializer::new(&mut map))
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct
    }
}

/// A mapping's key to deserialise from: what goes wrong in it is marked [`Problem::InKey`].
#[derive(Clone, Copy)]
pub struct KeyDeserializer<'a>(pub &'a Node);

impl<'de, 'a> IntoDeserializer<'de, Problem> for KeyDeserializer<'a> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de, 'a> de::Deserializer<'de> for KeyDeserializer<'a> {
    type Error = Problem;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        NodeDeserializer(self.0)
            .deserialize_any(visitor)
            .map_err(Problem::in_key)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        NodeDeserializer(self.0)
            .deserialize_str(visitor)
            .map_err(Problem::in_key)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        NodeDeserializer(self.0)
            .deserialize_option(visitor)
            .map_err(Problem::in_key)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Problem> {
        NodeDeserializer(self.0)
            .deserialize_newtype_struct(name, visitor)
            .map_err(Problem::in_key)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Problem> {
        NodeDeserializer(self.0)
            .deserialize_enum(name, variants, visitor)
            .map_err(Problem::in_key)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct ignored_any
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;
    use crate::load::yaml::tree;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Sample {
        text: Option<String>,
        count: Option<u32>,
        share: Option<f64>,
        list: Option<Vec<String>>,
    }

    fn read(text: &str) -> Result<Sample, Problem> {
        let root = tree::read(text)
            .unwrap_or_else(|e| panic!("{e:?}"))
            .unwrap_or_else(|| panic!("empty"));
        Sample::deserialize(NodeDeserializer(&root))
    }

    #[test]
    fn scalars_read_as_serde_yaml_reads_them() {
        let sample = read("text: 010\ncount: 7\nshare: 1e1\nlist: [1, true, ~x]\n");
        assert_eq!(
            sample,
            Ok(Sample {
                text: Some("010".into()),
                count: Some(7),
                share: Some(10.0),
                list: Some(vec!["1".into(), "true".into(), "~x".into()]),
            })
        );
        assert_eq!(read("text: ~\n").map(|s| s.text), Ok(None));
        // Digits with a leading zero are text even where a number could be read.
        assert_eq!(
            read("list: [01, 010, 0.5]\n").map(|s| s.list),
            Ok(Some(vec!["01".into(), "010".into(), "0.5".into()]))
        );
    }

    #[test]
    fn each_problem_keeps_its_kind_and_its_pieces() {
        assert_eq!(
            read("count: '7'\n"),
            Err(Problem::WrongType {
                found: "text \"7\"".into(),
                expected: "u32".into()
            })
        );
        assert_eq!(
            read("list: {a: 1}\n"),
            Err(Problem::WrongType {
                found: "keys and values".into(),
                expected: "a list".into()
            })
        );
        let unknown = read("txt: a\n").err();
        // An unknown key is found while the key is read: a problem in the key.
        let Some(Problem::InKey(inner)) = &unknown else {
            panic!("{unknown:?}")
        };
        assert!(matches!(
            &**inner,
            Problem::UnknownField { field, expected }
                if field == "txt" && *expected == ["text", "count", "share", "list"]
        ));
        assert_eq!(
            unknown.map(|p| p.to_string()).as_deref(),
            Some("unknown field `txt`, expected one of `text`, `count`, `share`, `list`")
        );
    }
}

//! Deserialising a model type from a [`Node`] tree, with each failure kept as a [`Problem`]: what
//! serde reported, in fields (the unknown key and the keys allowed, the missing key, what was
//! found and what was expected), not as a sentence to be read back.
//!
//! Every value is read as serde_yaml (yaml_serde 0.10) reads it, method for method, so that a
//! file means here what it means there: through `deserialize_any` a plain scalar is a null, a
//! boolean or a number where it reads as one (`scalar.rs`); any scalar is text where text
//! is asked for (`number: 010` is the text `010`); a number or a boolean field reads a plain
//! scalar by its own rule (`min: 050` is 50); an empty value is an empty list or an empty block
//! of keys where one is asked for; a tag of the file's own (`!higher`) names an enum's variant.
//! The testsuite's `yaml_reading` holds the two readings to each other.

mod key;
mod problem;
mod tagged;

use serde::de::value::{MapDeserializer, SeqDeserializer, StrDeserializer};
use serde::de::{self, Expected, IntoDeserializer, Unexpected, Visitor};

use super::scalar::{
    self, CORE, boolean, float, is_null, signed, unsigned, visit_plain, visit_tagged,
};
use super::tree::{Node, Value};
pub use key::KeyDeserializer;
pub use problem::Problem;
use problem::found_words;
use tagged::OwnTag;

/// A node to deserialise from.
#[derive(Clone, Copy)]
pub struct NodeDeserializer<'a>(pub &'a Node);

impl NodeDeserializer<'_> {
    /// The node is not of the kind `expected` asks for.
    fn wrong_type(&self, expected: &dyn Expected) -> Problem {
        de::Error::invalid_type(unexpected(self.0), expected)
    }
}

/// What a node is, in serde's terms.
fn unexpected(node: &Node) -> Unexpected<'_> {
    match &node.value {
        Value::Scalar {
            text, plain: true, ..
        } if node.tag.is_none() => scalar::unexpected(text),
        Value::Scalar { text, .. } => Unexpected::Str(text),
        Value::Sequence(_) => Unexpected::Seq,
        Value::Mapping(_) => Unexpected::Map,
    }
}

/// The text serde_yaml reads a number or a boolean from: a plain scalar's (whatever its tag), or
/// a literal block's (`|`) tagged with the core tag `core` (`!!int`).
fn typed_text<'a>(node: &'a Node, core: &str) -> Option<&'a str> {
    match &node.value {
        Value::Scalar {
            text, plain: true, ..
        } => Some(text),
        Value::Scalar {
            text,
            literal: true,
            ..
        } => node
            .tag
            .as_deref()
            .and_then(|t| t.strip_prefix(CORE))
            .is_some_and(|t| t == core)
            .then_some(text.as_str()),
        _ => None,
    }
}

impl<'de, 'a> IntoDeserializer<'de, Problem> for NodeDeserializer<'a> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de, 'a> de::Deserializer<'de> for NodeDeserializer<'a> {
    type Error = Problem;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        if let Some(tagged) = OwnTag::of(self.0) {
            return visitor.visit_enum(tagged);
        }
        match &self.0.value {
            Value::Scalar { text, plain, .. } => match self.0.tag.as_deref() {
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
            Value::Scalar {
                text, plain: true, ..
            } if null_tag => {
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

    /// A value of a unit variant (`higher`), or a variant named by a tag of the file's own
    /// (`!higher`); keys and values or a list without such a tag are refused, as serde_yaml
    /// refuses them.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Problem> {
        if let Some(tagged) = OwnTag::of(self.0) {
            return visitor.visit_enum(tagged);
        }
        match &self.0.value {
            Value::Scalar { text, .. } => visitor.visit_enum(
                IntoDeserializer::<Problem>::into_deserializer(text.as_str())
                    as StrDeserializer<'_, Problem>,
            ),
            _ => Err(Problem::WrongType {
                found: found_words(&unexpected(self.0)),
                expected:
                    "a value (a tag such as `!name` is how a value with more in it is written)"
                        .to_string(),
            }),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        match typed_text(self.0, "bool").and_then(boolean) {
            Some(b) => visitor.visit_bool(b),
            None => Err(self.wrong_type(&visitor)),
        }
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        match typed_text(self.0, "int").and_then(|t| signed(t, i64::from_str_radix)) {
            Some(n) => visitor.visit_i64(n),
            None => Err(self.wrong_type(&visitor)),
        }
    }

    fn deserialize_i128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        match typed_text(self.0, "int").and_then(|t| signed(t, i128::from_str_radix)) {
            Some(n) => visitor.visit_i128(n),
            None => Err(self.wrong_type(&visitor)),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        match typed_text(self.0, "int").and_then(|t| unsigned(t, u64::from_str_radix)) {
            Some(n) => visitor.visit_u64(n),
            None => Err(self.wrong_type(&visitor)),
        }
    }

    fn deserialize_u128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        match typed_text(self.0, "int").and_then(|t| unsigned(t, u128::from_str_radix)) {
            Some(n) => visitor.visit_u128(n),
            None => Err(self.wrong_type(&visitor)),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        match typed_text(self.0, "float").and_then(float) {
            Some(f) => visitor.visit_f64(f),
            None => Err(self.wrong_type(&visitor)),
        }
    }

    /// A plain null (or `!!null`); anything else is refused.
    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        let Value::Scalar { text, plain, .. } = &self.0.value else {
            return Err(self.wrong_type(&visitor));
        };
        let null = match self.0.tag.as_deref() {
            _ if !plain => false,
            Some(tag) => tag.strip_prefix(CORE) == Some("null") && is_null(text),
            None => text.is_empty() || is_null(text),
        };
        if null {
            return visitor.visit_unit();
        }
        Err(Problem::WrongType {
            found: found_words(&Unexpected::Str(text)),
            expected: "null".to_string(),
        })
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Problem> {
        self.deserialize_unit(visitor)
    }

    /// A list; an empty plain value is an empty list, as in serde_yaml (`remarks:`).
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        match &self.0.value {
            Value::Sequence(items) => {
                let mut seq = SeqDeserializer::new(items.iter().map(NodeDeserializer));
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Value::Scalar {
                text, plain: true, ..
            } if text.is_empty() => visitor.visit_seq(SeqDeserializer::new(std::iter::empty::<
                NodeDeserializer<'_>,
            >())),
            _ => Err(self.wrong_type(&visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Problem> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Problem> {
        self.deserialize_seq(visitor)
    }

    /// Keys and values; an empty plain value is none, as in serde_yaml (`departments:` read
    /// as no departments); a list is refused, not read field by field.
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        match &self.0.value {
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
            Value::Scalar {
                text, plain: true, ..
            } if text.is_empty() => visitor.visit_map(MapDeserializer::new(std::iter::empty::<(
                KeyDeserializer<'_>,
                NodeDeserializer<'_>,
            )>())),
            _ => Err(self.wrong_type(&visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Problem> {
        self.deserialize_map(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        char bytes byte_buf
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        self.deserialize_f64(visitor)
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

//! A node written with a tag of the file's own (`!name value`), as an enum's variant.

use serde::de::value::StrDeserializer;
use serde::de::{self, IntoDeserializer, Visitor};

use super::{NodeDeserializer, Problem};
use crate::load::yaml::tree::Node;

/// A node written with a tag of the file's own (`!name value`), read as serde_yaml reads it: as
/// the variant `name` of an enum, holding the value: an indicator's `direction: !higher` is
/// `higher`, and a type that is not an enum refuses it, as it does through serde_yaml.
pub(super) struct OwnTag {
    /// The tag without its `!`.
    variant: String,
    /// The node without its tag.
    value: Node,
}

impl OwnTag {
    pub(super) fn of(node: &Node) -> Option<OwnTag> {
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
pub(super) struct OwnTagValue(Node);

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

//! A mapping's key to deserialise from: read as a value is, with what goes wrong marked as a
//! problem in the key.

use serde::de::{self, IntoDeserializer, Visitor};

use super::{NodeDeserializer, Problem};
use crate::load::yaml::tree::Node;

/// Methods of [`KeyDeserializer`] that read the key as [`NodeDeserializer`] reads a value,
/// marking what goes wrong as a problem in the key.
macro_rules! key_as_node {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
                NodeDeserializer(self.0).$method(visitor).map_err(Problem::in_key)
            }
        )*
    };
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

    key_as_node! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_unit deserialize_seq
        deserialize_map
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Problem> {
        NodeDeserializer(self.0)
            .deserialize_unit_struct(name, visitor)
            .map_err(Problem::in_key)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Problem> {
        NodeDeserializer(self.0)
            .deserialize_tuple(len, visitor)
            .map_err(Problem::in_key)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Problem> {
        NodeDeserializer(self.0)
            .deserialize_tuple_struct(name, len, visitor)
            .map_err(Problem::in_key)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Problem> {
        NodeDeserializer(self.0)
            .deserialize_struct(name, fields, visitor)
            .map_err(Problem::in_key)
    }

    serde::forward_to_deserialize_any! {
        char bytes byte_buf ignored_any
    }
}

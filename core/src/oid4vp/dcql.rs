//! The Digital Credentials Query Language (OpenID4VP 1.0 §6), the part a
//! Vidi service asks with and a Vidi wallet answers: credential queries in
//! format `dc+sd-jwt` with `meta.vct_values`, each with claims named by a
//! one-element path. `claim_sets`, `credential_sets` and longer paths are
//! refused by name rather than misread.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::RequestError;
use crate::sdjwt::SD_JWT_VC_FORMAT;

/// A DCQL query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DcqlQuery {
    /// What is asked: every credential query must be answered.
    pub credentials: Vec<CredentialQuery>,
}

/// One credential asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialQuery {
    /// Its id: the key of its presentation in the response's `vp_token`.
    pub id: String,
    /// The credential format: `dc+sd-jwt`.
    pub format: String,
    /// The credential types accepted.
    pub meta: CredentialMeta,
    /// The claims asked, each by its path.
    pub claims: Vec<ClaimQuery>,
}

/// A credential query's `meta` for SD-JWT VCs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialMeta {
    /// The `vct` values accepted.
    pub vct_values: Vec<String>,
}

/// One claim asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimQuery {
    /// The claim's path in the credential: one name here.
    pub path: Vec<Value>,
}

impl DcqlQuery {
    /// A query for one SD-JWT VC of type `vct` with the claims `names`,
    /// under the credential query id `id`.
    pub fn one(id: &str, vct: &str, names: &[&str]) -> Self {
        Self {
            credentials: vec![CredentialQuery {
                id: id.to_owned(),
                format: SD_JWT_VC_FORMAT.to_owned(),
                meta: CredentialMeta {
                    vct_values: vec![vct.to_owned()],
                },
                claims: names
                    .iter()
                    .map(|n| ClaimQuery {
                        path: vec![Value::from(*n)],
                    })
                    .collect(),
            }],
        }
    }

    /// Reads a query from the request object's `dcql_query`, refusing what
    /// this wallet does not answer.
    pub fn from_json(value: &Value) -> Result<Self, RequestError> {
        let object = value
            .as_object()
            .ok_or(RequestError::Query("not an object"))?;
        if object.contains_key("credential_sets") {
            return Err(RequestError::Query("credential_sets"));
        }
        let query: Self =
            serde_json::from_value(value.clone()).map_err(|_| RequestError::Query("malformed"))?;
        if query.credentials.is_empty() {
            return Err(RequestError::Query("no credentials"));
        }
        let raw = object
            .get("credentials")
            .and_then(Value::as_array)
            .ok_or(RequestError::Query("malformed"))?;
        for (i, q) in query.credentials.iter().enumerate() {
            if raw[i].get("claim_sets").is_some() {
                return Err(RequestError::Query("claim_sets"));
            }
            if q.id.is_empty()
                || !q
                    .id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                return Err(RequestError::Query("credential id"));
            }
            if query.credentials[..i].iter().any(|o| o.id == q.id) {
                return Err(RequestError::Query("duplicate credential id"));
            }
            if q.format != SD_JWT_VC_FORMAT {
                return Err(RequestError::Query("format"));
            }
            if q.meta.vct_values.is_empty() {
                return Err(RequestError::Query("vct_values"));
            }
            if q.claims.is_empty() {
                return Err(RequestError::Query("no claims"));
            }
            for c in &q.claims {
                if c.name().is_none() {
                    return Err(RequestError::Query("claim path"));
                }
            }
        }
        Ok(query)
    }

    /// The JSON the request object carries.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

impl CredentialQuery {
    /// The names of the claims asked, in the query's order.
    pub fn claim_names(&self) -> Vec<&str> {
        self.claims.iter().filter_map(ClaimQuery::name).collect()
    }
}

impl ClaimQuery {
    /// The claim's name, when its path is one name.
    pub fn name(&self) -> Option<&str> {
        match self.path.as_slice() {
            [Value::String(name)] if !name.is_empty() => Some(name),
            _ => None,
        }
    }
}

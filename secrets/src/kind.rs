//! The two kinds of secret, their names and their file names.

use crate::SecretError;

/// What a store holds; decides the names allowed and the file layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A hub token per CLI profile (`[a-z0-9_.-]`): `<dir>/<profile>.token`.
    Token,
    /// A model API key per environment variable name (`ANTHROPIC_API_KEY`):
    /// `<dir>/<NAME>`.
    ApiKey,
}

impl Kind {
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Kind::Token => "token",
            Kind::ApiKey => "API key",
        }
    }

    pub(crate) fn check_name(self, name: &str) -> Result<(), SecretError> {
        match self {
            Kind::Token if m3shd_api::is_valid_name(name) => Ok(()),
            Kind::Token => Err(SecretError::Invalid(format!(
                "profile name `{}` must be [a-z0-9_.-], 1-64 characters",
                name.escape_debug()
            ))),
            Kind::ApiKey if is_env_name(name) => Ok(()),
            Kind::ApiKey => Err(SecretError::Invalid(format!(
                "secret name `{}` must be an environment variable name: A-Z, 0-9 and _, \
                 starting with a letter, at most 64 characters (e.g. ANTHROPIC_API_KEY)",
                name.escape_debug()
            ))),
        }
    }

    pub(crate) fn file_name(self, name: &str) -> String {
        match self {
            Kind::Token => format!("{name}.token"),
            Kind::ApiKey => name.to_string(),
        }
    }

    /// The name a file in the store's dir holds, if it is one of ours.
    pub(crate) fn name_of_file(self, file: &str) -> Option<String> {
        let name = match self {
            Kind::Token => file.strip_suffix(".token")?,
            Kind::ApiKey => file,
        };
        self.check_name(name).is_ok().then(|| name.to_string())
    }
}

/// `[A-Z][A-Z0-9_]{0,63}`.
pub fn is_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() <= 64
        && chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

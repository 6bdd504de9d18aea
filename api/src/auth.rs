//! Who may do what: the 18 permissions and the role presets of ARCHITECTURE.md, "Security model",
//! and the wire types of token, join-key, user, session and API-key admin.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Timestamp;

/// Prefix of an agent token (`m3shd_ag_…`).
pub const AGENT_TOKEN_PREFIX: &str = "m3shd_ag_";
/// Prefix of a third-party API key (`m3shd_key_…`).
pub const API_KEY_PREFIX: &str = "m3shd_key_";
/// Prefix of a login session token (`m3shd_ses_…`).
pub const SESSION_TOKEN_PREFIX: &str = "m3shd_ses_";
/// Prefix of an enrolment join key (`m3shd_join_…`).
pub const JOIN_KEY_PREFIX: &str = "m3shd_join_";

macro_rules! permissions {
    ($($variant:ident = $name:literal,)*) => {
        /// One permission. The wire form is `group:verb`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Permission { $($variant,)* }

        impl Permission {
            /// All 18, in the order of ARCHITECTURE.md, "Security model".
            pub const ALL: [Permission; 18] = [$(Permission::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Permission::$variant => $name,)* }
            }
        }

        impl FromStr for Permission {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<Self, UnknownName> {
                match s {
                    $($name => Ok(Permission::$variant),)*
                    _ => Err(UnknownName::new("permission", s, Permission::ALL.iter().map(|p| p.as_str()))),
                }
            }
        }
    };
}

permissions! {
    TasksRead = "tasks:read",
    TasksWrite = "tasks:write",
    TasksStream = "tasks:stream",
    AgentsRead = "agents:read",
    AgentsWrite = "agents:write",
    AgentsAdmin = "agents:admin",
    MessagesRead = "messages:read",
    MessagesWrite = "messages:write",
    MemoryRead = "memory:read",
    MemoryWrite = "memory:write",
    AdminAnalytics = "admin:analytics",
    AdminWebhooks = "admin:webhooks",
    AdminUsers = "admin:users",
    AdminTokens = "admin:tokens",
    AdminPlugins = "admin:plugins",
    AdminFederation = "admin:federation",
    VoiceDispatch = "voice:dispatch",
    FederationRelay = "federation:relay",
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Permission {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Permission {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Permission {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Permission".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = Permission::ALL.iter().map(|p| p.as_str()).collect();
        schemars::json_schema!({"type": "string", "enum": names})
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for PermissionSet {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PermissionSet".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let item = generator.subschema_for::<Permission>();
        schemars::json_schema!({"type": "array", "items": item, "uniqueItems": true})
    }
}

/// A name that is not one of a fixed set; the message lists the valid ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName(String);

impl UnknownName {
    pub(crate) fn new<'a>(what: &str, got: &str, valid: impl Iterator<Item = &'a str>) -> Self {
        let valid: Vec<&str> = valid.collect();
        UnknownName(format!(
            "unknown {what} {got:?} (one of: {})",
            valid.join(", ")
        ))
    }
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UnknownName {}

/// A set of permissions. Empty means no access at all, never "everything".
/// On the wire: a sorted list of permission names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct PermissionSet(u32);

impl PermissionSet {
    pub const EMPTY: PermissionSet = PermissionSet(0);

    pub fn all() -> PermissionSet {
        Self::from_slice(&Permission::ALL)
    }

    pub const fn from_slice(perms: &[Permission]) -> PermissionSet {
        let mut bits = 0u32;
        let mut i = 0;
        while i < perms.len() {
            bits |= 1 << perms[i] as u8;
            i += 1;
        }
        PermissionSet(bits)
    }

    pub fn contains(self, p: Permission) -> bool {
        self.0 & (1 << p as u8) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    pub fn iter(self) -> impl Iterator<Item = Permission> {
        Permission::ALL
            .into_iter()
            .filter(move |p| self.contains(*p))
    }

    pub fn union(self, other: PermissionSet) -> PermissionSet {
        PermissionSet(self.0 | other.0)
    }

    /// Whether every permission of `other` is in `self` (a token may only
    /// mint what it holds).
    pub fn covers(self, other: PermissionSet) -> bool {
        other.0 & !self.0 == 0
    }

    /// Comma-separated names, the form stored in the database.
    pub fn to_csv(self) -> String {
        self.iter()
            .map(Permission::as_str)
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn from_csv(s: &str) -> Result<PermissionSet, UnknownName> {
        let mut perms = Vec::new();
        for name in s.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            perms.push(name.parse()?);
        }
        Ok(Self::from_slice(&perms))
    }
}

impl FromIterator<Permission> for PermissionSet {
    fn from_iter<I: IntoIterator<Item = Permission>>(iter: I) -> Self {
        let v: Vec<Permission> = iter.into_iter().collect();
        Self::from_slice(&v)
    }
}

impl Serialize for PermissionSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for PermissionSet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Vec::<Permission>::deserialize(d)?;
        Ok(Self::from_slice(&v))
    }
}

use Permission as P;

// The design lists these permissions for the worker preset and counts
// them as 10 (mobile 9, commander 12); the list holds 9. The named
// permissions are what the hub enforces, so the presets hold 9, 8 and 11.
const WORKER: [Permission; 9] = [
    P::TasksRead,
    P::TasksWrite,
    P::TasksStream,
    P::AgentsRead,
    P::MessagesRead,
    P::MessagesWrite,
    P::MemoryRead,
    P::MemoryWrite,
    P::VoiceDispatch,
];

/// The token role presets of ARCHITECTURE.md, "Security model".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// tasks:read/write/stream, agents:read, messages:read/write,
    /// memory:read/write, voice:dispatch.
    Worker,
    /// The worker set without voice:dispatch.
    Mobile,
    /// The worker set plus agents:write and admin:analytics.
    Commander,
    /// All 18.
    Admin,
    /// What a peer hub needs and nothing else: offer work to this hub, read
    /// how much it can take, and fetch the results of what it offered
    /// (`federation:relay`).
    Federation,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Worker,
        Role::Mobile,
        Role::Commander,
        Role::Admin,
        Role::Federation,
    ];

    pub fn permissions(self) -> PermissionSet {
        let worker = PermissionSet::from_slice(&WORKER);
        match self {
            Role::Worker => worker,
            Role::Mobile => PermissionSet(worker.0 & !(1 << P::VoiceDispatch as u8)),
            Role::Commander => worker.union(PermissionSet::from_slice(&[
                P::AgentsWrite,
                P::AdminAnalytics,
            ])),
            Role::Admin => PermissionSet::all(),
            Role::Federation => PermissionSet::from_slice(&[P::FederationRelay]),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Worker => "worker",
            Role::Mobile => "mobile",
            Role::Commander => "commander",
            Role::Admin => "admin",
            Role::Federation => "federation",
        }
    }
}

impl FromStr for Role {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, UnknownName> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownName::new("role", s, Role::ALL.iter().map(|r| r.as_str())))
    }
}

/// The three user-account roles of ARCHITECTURE.md, "Security model".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum UserRole {
    /// Everything.
    Admin,
    /// Operates the mesh: the commander preset.
    User,
    /// Reads only.
    Viewer,
}

impl UserRole {
    pub const ALL: [UserRole; 3] = [UserRole::Admin, UserRole::User, UserRole::Viewer];

    pub fn permissions(self) -> PermissionSet {
        match self {
            UserRole::Admin => PermissionSet::all(),
            UserRole::User => Role::Commander.permissions(),
            UserRole::Viewer => PermissionSet::from_slice(&[
                P::TasksRead,
                P::AgentsRead,
                P::MessagesRead,
                P::MemoryRead,
            ]),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            UserRole::Admin => "admin",
            UserRole::User => "user",
            UserRole::Viewer => "viewer",
        }
    }
}

impl FromStr for UserRole {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, UnknownName> {
        UserRole::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                UnknownName::new("user role", s, UserRole::ALL.iter().map(|r| r.as_str()))
            })
    }
}

/// What a grant asks for: a role preset, explicit permissions, both (the
/// union) or neither (the empty set, which can do nothing).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Grant {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<PermissionSet>,
}

impl Grant {
    pub fn resolve(&self) -> PermissionSet {
        let role = self.role.map(Role::permissions).unwrap_or_default();
        role.union(self.permissions.unwrap_or_default())
    }
}

/// `POST /api/admin/tokens`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateTokenRequest {
    pub agent_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<PermissionSet>,
}

/// A token as listed: never the secret, only what it grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TokenInfo {
    pub id: String,
    pub agent_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    pub permissions: PermissionSet,
    pub created_at: Timestamp,
    #[serde(default)]
    pub created_by: String,
    #[serde(default)]
    pub last_used_at: Option<Timestamp>,
    #[serde(default)]
    pub revoked_at: Option<Timestamp>,
}

/// The answer to a token creation or a join: the secret, shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreatedToken {
    pub token: String,
    #[serde(flatten)]
    pub info: TokenInfo,
}

/// `GET /api/admin/tokens`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TokenList {
    pub tokens: Vec<TokenInfo>,
}

/// `POST /api/admin/join-keys`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateJoinKeyRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<PermissionSet>,
    /// Seconds until the key expires (default 24 h).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in_secs: Option<u64>,
    /// How many agents may join with it (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uses: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JoinKeyInfo {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    pub permissions: PermissionSet,
    pub expires_at: Timestamp,
    pub uses_left: u32,
    pub created_at: Timestamp,
    #[serde(default)]
    pub created_by: String,
    #[serde(default)]
    pub revoked_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreatedJoinKey {
    pub key: String,
    #[serde(flatten)]
    pub info: JoinKeyInfo,
}

/// `GET /api/admin/join-keys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JoinKeyList {
    pub join_keys: Vec<JoinKeyInfo>,
}

/// `POST /api/join`, authenticated by the join key as bearer token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct JoinRequest {
    pub agent_id: String,
}

/// What `GET /api/whoami` answers: who the bearer token is and what it may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WhoAmI {
    /// `master`, `agent`, `user`, `api_key` or `join_key`.
    pub kind: String,
    /// Agent id, username or key name (`operator` for the master token).
    pub name: String,
    pub permissions: PermissionSet,
    /// Present for user sessions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Timestamp>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_match_seed_20() {
        assert_eq!(Permission::ALL.len(), 18);
        assert_eq!(Role::Worker.permissions().len(), 9);
        assert_eq!(Role::Mobile.permissions().len(), 8);
        assert_eq!(Role::Commander.permissions().len(), 11);
        assert_eq!(Role::Admin.permissions().len(), 18);
        assert_eq!(Role::Federation.permissions().len(), 1);
        assert!(!Role::Mobile.permissions().contains(P::VoiceDispatch));
        assert!(Role::Worker.permissions().contains(P::VoiceDispatch));
        assert!(Role::Commander.permissions().contains(P::AgentsWrite));
        assert!(Role::Commander.permissions().contains(P::AdminAnalytics));
        assert!(!Role::Commander.permissions().contains(P::AdminTokens));
        assert!(
            Role::Commander
                .permissions()
                .covers(Role::Worker.permissions())
        );
    }

    #[test]
    fn sets_round_trip_on_the_wire_and_in_csv() {
        let set = Role::Mobile.permissions();
        let json = serde_json::to_string(&set).expect("ser");
        assert!(json.starts_with("[\"tasks:read\""), "{json}");
        let back: PermissionSet = serde_json::from_str(&json).expect("de");
        assert_eq!(back, set);
        assert_eq!(PermissionSet::from_csv(&set.to_csv()), Ok(set));
        assert_eq!(PermissionSet::from_csv(""), Ok(PermissionSet::EMPTY));
        let err = serde_json::from_str::<PermissionSet>("[\"tasks:delete\"]").unwrap_err();
        assert!(err.to_string().contains("tasks:read"), "{err}");
    }

    #[test]
    fn an_empty_grant_is_no_access() {
        assert!(Grant::default().resolve().is_empty());
        let g = Grant {
            role: Some(Role::Mobile),
            permissions: Some(PermissionSet::from_slice(&[P::AdminTokens])),
        };
        assert_eq!(g.resolve().len(), 9);
    }
}

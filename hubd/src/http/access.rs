//! What a caller needs to reach an operation: declared with each route
//! (`routes`) and checked against the caller (`auth`).

use m3shd_api::Permission;

/// What a caller needs to reach an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No token (health, login, the API document, inbound webhooks).
    Public,
    /// Any valid token except a join key (who am I).
    Authenticated,
    /// Only an enrolment join key (`POST /api/join`).
    JoinKey,
    /// A token holding this permission.
    Perm(Permission),
    /// The permission, and acting as the agent `{id}` of the path (worker
    /// protocol): that agent's own token, the master token or agents:admin.
    AsAgent(Permission),
    /// The permission, and access to agent `{id}`'s own data (memory): any
    /// operator-side caller, but another agent's token only with agents:admin.
    AgentData(Permission),
}

impl Access {
    /// The `x-m3shd-permission` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Public => "public",
            Access::Authenticated => "authenticated",
            Access::JoinKey => "join-key",
            Access::Perm(p) | Access::AsAgent(p) | Access::AgentData(p) => p.as_str(),
        }
    }

    /// The `x-m3shd-scope` value, for operations scoped to the path's agent.
    pub fn scope(self) -> Option<&'static str> {
        match self {
            Access::AsAgent(_) => Some("as-path-agent"),
            Access::AgentData(_) => Some("path-agent-data"),
            _ => None,
        }
    }
}

impl From<Permission> for Access {
    fn from(p: Permission) -> Access {
        Access::Perm(p)
    }
}

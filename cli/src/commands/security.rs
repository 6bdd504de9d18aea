//! `m3shd token …`, `m3shd join-key …` and `m3shd whoami`.

use std::process::ExitCode;

use m3shd_api::{
    CreateJoinKeyRequest, CreateTokenRequest, JoinKeyList, PermissionSet, Timestamp, TokenList,
};
use m3shd_client::Client;
use serde_json::json;

use crate::args_security::{GrantArgs, JoinKeyCmd, TokenCmd};
use crate::exit::CliError;
use crate::output;

/// The explicit permissions asked for (None: only the role's, if any).
pub(super) fn perms_of(grant: &GrantArgs) -> Option<PermissionSet> {
    (!grant.perms.is_empty()).then(|| grant.perms.iter().copied().collect())
}

pub(super) fn describe(perms: PermissionSet) -> String {
    if perms.is_empty() {
        "(none: this credential can do nothing)".into()
    } else {
        perms.to_csv()
    }
}

/// How long ago, or `-` for never.
pub(super) fn when(t: Option<Timestamp>) -> String {
    t.map(output::age).unwrap_or_else(|| "-".into())
}

pub(super) fn state(revoked_at: Option<Timestamp>) -> String {
    if revoked_at.is_some() {
        "revoked"
    } else {
        "active"
    }
    .into()
}

/// A new credential's secret, shown this once, between its summary and a
/// hint on where it goes.
pub(super) fn print_secret_once(summary: &[String], secret: &str, hint: &str) {
    for line in summary {
        outln!("{line}");
    }
    outln!();
    outln!("{secret}");
    outln!();
    outln!("{hint}");
}

/// The answer to a revocation.
pub(super) fn revoked(what: &str, id: &str, json: bool) -> Result<(), CliError> {
    if json {
        output::json(&json!({"revoked": id}))?;
    } else {
        outln!("revoked {what} {id}");
    }
    Ok(())
}

pub async fn token(client: &Client, cmd: TokenCmd) -> Result<ExitCode, CliError> {
    match cmd {
        TokenCmd::Create { agent, grant, json } => {
            let req = CreateTokenRequest {
                agent_id: agent,
                role: grant.role,
                permissions: perms_of(&grant),
            };
            let t = client.create_token(&req).await?;
            if json {
                output::json(&t)?;
            } else {
                print_secret_once(
                    &[
                        format!("token {} for agent {}", t.info.id, t.info.agent_id),
                        format!("permissions: {}", describe(t.info.permissions)),
                    ],
                    &t.token,
                    "Shown once: store it now (e.g. M3SHD_TOKEN on the worker).",
                );
            }
        }
        TokenCmd::List { json } => {
            let tokens = client.tokens().await?;
            if json {
                output::json(&TokenList { tokens })?;
            } else if tokens.is_empty() {
                outln!("no agent tokens");
            } else {
                let rows: Vec<Vec<String>> = tokens
                    .iter()
                    .map(|t| {
                        vec![
                            t.id.clone(),
                            t.agent_id.clone(),
                            t.role
                                .map(|r| r.as_str().to_string())
                                .unwrap_or_else(|| "-".into()),
                            t.permissions.len().to_string(),
                            when(t.last_used_at),
                            state(t.revoked_at),
                        ]
                    })
                    .collect();
                output::table(&["ID", "AGENT", "ROLE", "PERMS", "USED", "STATE"], &rows);
            }
        }
        TokenCmd::Revoke { id, json } => {
            client.revoke_token(&id).await?;
            revoked("token", &id, json)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn join_key(client: &Client, cmd: JoinKeyCmd) -> Result<ExitCode, CliError> {
    match cmd {
        JoinKeyCmd::Create {
            grant,
            expires,
            uses,
            json,
        } => {
            let req = CreateJoinKeyRequest {
                role: grant.role,
                permissions: perms_of(&grant),
                expires_in_secs: expires.map(|d| d.as_secs()),
                uses,
            };
            let k = client.create_join_key(&req).await?;
            if json {
                output::json(&k)?;
            } else {
                outln!(
                    "join key {} ({} use(s), expires {})",
                    k.info.id,
                    k.info.uses_left,
                    k.info.expires_at.to_rfc3339()
                );
                outln!("grants: {}", describe(k.info.permissions));
                outln!();
                outln!("{}", k.key);
                outln!();
                outln!(
                    "On the new machine: M3SHD_JOIN_KEY=<key> m3shd-workerd --hub URL --name NAME"
                );
            }
        }
        JoinKeyCmd::List { json } => {
            let keys = client.join_keys().await?;
            if json {
                output::json(&JoinKeyList { join_keys: keys })?;
            } else if keys.is_empty() {
                outln!("no join keys");
            } else {
                let rows: Vec<Vec<String>> = keys
                    .iter()
                    .map(|k| {
                        vec![
                            k.id.clone(),
                            k.role
                                .map(|r| r.as_str().to_string())
                                .unwrap_or_else(|| "-".into()),
                            k.uses_left.to_string(),
                            k.expires_at.to_rfc3339(),
                            if k.revoked_at.is_some() {
                                "revoked"
                            } else if k.uses_left == 0 {
                                "used up"
                            } else if k.expires_at <= chrono::Utc::now() {
                                "expired"
                            } else {
                                "active"
                            }
                            .into(),
                        ]
                    })
                    .collect();
                output::table(&["ID", "ROLE", "USES LEFT", "EXPIRES", "STATE"], &rows);
            }
        }
        JoinKeyCmd::Revoke { id, json } => {
            client.revoke_join_key(&id).await?;
            revoked("join key", &id, json)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn whoami(client: &Client, json: bool) -> Result<ExitCode, CliError> {
    let me = client.whoami().await?;
    if json {
        output::json(&me)?;
    } else {
        let kind = match me.kind.as_str() {
            "user" => "login session",
            "api_key" => "API key",
            "join_key" => "join key",
            "master" => "master token",
            other => other,
        };
        outln!("{} ({kind})", me.name);
        outln!("permissions: {}", describe(me.permissions));
        if let Some(t) = me.expires_at {
            outln!("expires: {}", t.to_rfc3339());
        }
    }
    Ok(ExitCode::SUCCESS)
}

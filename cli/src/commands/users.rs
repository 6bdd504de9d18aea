//! `m3shd user …` and `m3shd key …`.

use std::process::ExitCode;

use m3shd_api::{
    ApiKeyList, CreateApiKeyRequest, CreateUserRequest, UpdateUserRequest, UserInfo, UserList,
};
use m3shd_client::Client;
use serde_json::json;

use super::security::{describe, perms_of, print_secret_once, revoked, state, when};
use crate::args_security::{KeyCmd, UserCmd};
use crate::exit::CliError;
use crate::{output, password};

fn show_user(u: &UserInfo, json: bool, what: &str) -> Result<(), CliError> {
    if json {
        output::json(u)
    } else {
        outln!(
            "{what} user {} ({}, id {})",
            u.username,
            u.role.as_str(),
            u.id
        );
        Ok(())
    }
}

pub async fn user(client: &Client, cmd: UserCmd) -> Result<ExitCode, CliError> {
    match cmd {
        UserCmd::Add { name, role, json } => {
            m3shd_api::check_username(&name).map_err(CliError::Usage)?;
            let pw = password::new(&format!("password for {name}: "))?;
            let req = CreateUserRequest {
                username: name,
                password: pw,
                role,
            };
            let u = client.create_user(&req).await?;
            show_user(&u, json, "created")?;
        }
        UserCmd::List { json } => {
            let users = client.users().await?;
            if json {
                output::json(&UserList { users })?;
            } else if users.is_empty() {
                outln!("no users (create one with `m3shd user add NAME --role admin`)");
            } else {
                let rows: Vec<Vec<String>> = users
                    .iter()
                    .map(|u| {
                        vec![
                            u.id.clone(),
                            u.username.clone(),
                            u.role.as_str().into(),
                            u.sessions.to_string(),
                            output::age(u.updated_at),
                        ]
                    })
                    .collect();
                output::table(&["ID", "USERNAME", "ROLE", "SESSIONS", "CHANGED"], &rows);
            }
        }
        UserCmd::SetRole { name, role, json } => {
            let req = UpdateUserRequest {
                role: Some(role),
                password: None,
            };
            let u = client.update_user(&name, &req).await?;
            show_user(&u, json, "updated")?;
        }
        UserCmd::Passwd { name, json } => {
            let pw = password::new(&format!("new password for {name}: "))?;
            let req = UpdateUserRequest {
                role: None,
                password: Some(pw),
            };
            let u = client.update_user(&name, &req).await?;
            if json {
                output::json(&u)?;
            } else {
                outln!(
                    "changed the password of {}; their sessions have ended",
                    u.username
                );
            }
        }
        UserCmd::Rm { name, json } => {
            client.delete_user(&name).await?;
            if json {
                output::json(&json!({"deleted": name}))?;
            } else {
                outln!("deleted user {name}; their sessions have ended");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn key(client: &Client, cmd: KeyCmd) -> Result<ExitCode, CliError> {
    match cmd {
        KeyCmd::Create {
            name,
            grant,
            rate,
            daily,
            json,
        } => {
            let req = CreateApiKeyRequest {
                name,
                role: grant.role,
                permissions: perms_of(&grant),
                rate_limit_per_minute: rate,
                daily_cap: daily,
            };
            let k = client.create_api_key(&req).await?;
            if json {
                output::json(&k)?;
            } else {
                print_secret_once(
                    &[
                        format!(
                            "key {} ({}): {} requests/minute, {} requests/day",
                            k.info.id, k.info.name, k.info.rate_limit_per_minute, k.info.daily_cap
                        ),
                        format!("permissions: {}", describe(k.info.permissions)),
                    ],
                    &k.key,
                    "Shown once: store it now. Use it as `Authorization: Bearer <key>`.",
                );
            }
        }
        KeyCmd::List { json } => {
            let keys = client.api_keys().await?;
            if json {
                output::json(&ApiKeyList { keys })?;
            } else if keys.is_empty() {
                outln!("no API keys");
            } else {
                let rows: Vec<Vec<String>> = keys
                    .iter()
                    .map(|k| {
                        vec![
                            k.id.clone(),
                            k.name.clone(),
                            k.permissions.len().to_string(),
                            k.rate_limit_per_minute.to_string(),
                            format!("{}/{}", k.usage_today, k.daily_cap),
                            k.usage_total.to_string(),
                            when(k.last_used_at),
                            state(k.revoked_at),
                        ]
                    })
                    .collect();
                output::table(
                    &[
                        "ID", "NAME", "PERMS", "PER MIN", "TODAY", "TOTAL", "USED", "STATE",
                    ],
                    &rows,
                );
            }
        }
        KeyCmd::Revoke { id, json } => {
            client.revoke_api_key(&id).await?;
            revoked("key", &id, json)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

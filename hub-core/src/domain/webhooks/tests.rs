//! Webhooks through the domain: creation rules, and every way a delivery
//! is refused or dispatched, on a real store.

use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, Mac};
use m3shd_api::{CreateTemplate, CreateWebhook, CreatedWebhook, UpdateWebhook, WebhookKind};
use serde_json::json;
use sha2::Sha256;

use super::{Delivery, TriggerError, TriggerOutcome};
use crate::domain::{DomainError, Hub, NoWake, Policy};
use crate::store::{Durability, Store};

fn hub(dir: &std::path::Path) -> Hub {
    let store = Store::open(dir, Durability::Normal).expect("open");
    let policy = Policy::for_tests(Duration::from_secs(60));
    Hub::new(store, policy, Arc::new(NoWake))
}

async fn template(hub: &Hub, name: &str, prompt: &str) {
    hub.create_template(
        CreateTemplate {
            name: name.into(),
            prompt_template: prompt.into(),
            ..CreateTemplate::default()
        },
        "operator",
    )
    .await
    .expect("template");
}

async fn webhook(
    hub: &Hub,
    name: &str,
    tpl: &str,
    kind: WebhookKind,
    vars: &[(&str, &str)],
) -> CreatedWebhook {
    hub.create_webhook(
        CreateWebhook {
            name: name.into(),
            template: tpl.into(),
            kind,
            variables: vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        },
        "operator",
    )
    .await
    .expect("webhook")
}

fn generic(secret: &str, body: serde_json::Value) -> Delivery {
    Delivery {
        route: WebhookKind::Generic,
        secret: Some(secret.into()),
        body: body.to_string().into_bytes(),
        ..Delivery::default()
    }
}

fn github(secret: &str, event: &str, body: &[u8]) -> Delivery {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(body);
    Delivery {
        route: WebhookKind::Github,
        signature: Some(format!(
            "sha256={}",
            hex::encode(mac.finalize().into_bytes())
        )),
        github_event: Some(event.into()),
        body: body.to_vec(),
        ..Delivery::default()
    }
}

fn task_count(hub: &Hub) -> i64 {
    hub.store().read(|r| r.tasks().total()).expect("count")
}

fn prompt_of(hub: &Hub, out: &TriggerOutcome) -> String {
    let accepted = out.result.as_ref().expect("dispatched");
    let id = accepted.task_id.clone().expect("a task");
    hub.store()
        .read(|r| r.tasks().get(&id))
        .expect("read")
        .expect("task")
        .task
        .prompt
}

fn refusal(out: &TriggerOutcome) -> &TriggerError {
    out.result.as_ref().expect_err("refused")
}

#[tokio::test]
async fn a_generic_delivery_with_the_secret_dispatches_the_template() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = hub(dir.path());
    template(&hub, "deploy", "deploy {repo} at {sha}").await;
    let w = webhook(
        &hub,
        "ci",
        "deploy",
        WebhookKind::Generic,
        &[("repo", "/repo"), ("sha", "/head/sha")],
    )
    .await;
    assert!(w.secret.starts_with("m3shd_wh_") && w.secret.len() > 60);
    assert_eq!(
        w.webhook.trigger_path,
        format!("/api/webhooks/{}/trigger", w.webhook.id)
    );
    let listed = format!("{:?}", hub.webhooks().expect("list"));
    assert!(!listed.contains(&w.secret));

    let body = json!({"repo": "acme/site", "head": {"sha": "abc123"}});
    let out = hub
        .trigger_webhook(&w.webhook.id, generic(&w.secret, body.clone()))
        .await;
    assert_eq!(out.actor.as_deref(), Some("webhook:ci"));
    assert_eq!(prompt_of(&hub, &out), "deploy acme/site at abc123");

    let out = hub
        .trigger_webhook(&w.webhook.id, generic("m3shd_wh_wrong", body.clone()))
        .await;
    assert!(matches!(
        refusal(&out),
        TriggerError::Refused(DomainError::Unauthorized(_))
    ));
    assert_eq!(out.actor, None, "an unproven call is nobody's");
    let out = hub
        .trigger_webhook("wh-000000000000", generic(&w.secret, body.clone()))
        .await;
    assert!(matches!(
        refusal(&out),
        TriggerError::Refused(DomainError::NotFound(_))
    ));
    let out = hub
        .trigger_webhook("ci", generic(&w.secret, body.clone()))
        .await;
    assert!(
        matches!(
            refusal(&out),
            TriggerError::Refused(DomainError::NotFound(_))
        ),
        "deliveries address the id, not the name"
    );
    let mut wrong_route = generic(&w.secret, body.clone());
    wrong_route.route = WebhookKind::Github;
    let out = hub.trigger_webhook(&w.webhook.id, wrong_route).await;
    assert!(matches!(
        refusal(&out),
        TriggerError::Refused(DomainError::NotFound(_))
    ));
    assert_eq!(task_count(&hub), 1);
}

#[tokio::test]
async fn a_secret_in_the_query_string_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = hub(dir.path());
    template(&hub, "t", "run").await;
    let w = webhook(&hub, "q", "t", WebhookKind::Generic, &[]).await;
    for query in [
        vec![("secret".to_string(), w.secret.clone())],
        vec![("token".to_string(), "anything".to_string())],
        vec![("x".to_string(), w.secret.clone())],
    ] {
        let mut d = generic(&w.secret, json!({}));
        d.query = query;
        let out = hub.trigger_webhook(&w.webhook.id, d).await;
        assert!(
            matches!(refusal(&out), TriggerError::SecretInQuery(_)),
            "{out:?}"
        );
    }
    // The name alone is refused even for a webhook that does not exist.
    let mut d = generic("x", json!({}));
    d.query = vec![("secret".into(), "x".into())];
    let out = hub.trigger_webhook("wh-nope", d).await;
    assert!(matches!(refusal(&out), TriggerError::SecretInQuery(_)));
    // Other parameters are nobody's business.
    let mut d = generic(&w.secret, json!({}));
    d.query = vec![("ref".into(), "main".into())];
    assert!(hub.trigger_webhook(&w.webhook.id, d).await.result.is_ok());
    assert_eq!(task_count(&hub), 1);
}

#[tokio::test]
async fn a_payload_without_a_mapped_variable_dispatches_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = hub(dir.path());
    template(&hub, "review", "review {repo}").await;
    let w = webhook(
        &hub,
        "rv",
        "review",
        WebhookKind::Generic,
        &[("repo", "/repository/full_name")],
    )
    .await;
    let out = hub
        .trigger_webhook(&w.webhook.id, generic(&w.secret, json!({"repository": {}})))
        .await;
    let TriggerError::Refused(DomainError::Validation(msg)) = refusal(&out) else {
        panic!("{out:?}");
    };
    assert!(msg.contains("`repo` (/repository/full_name)"), "{msg}");
    let mut not_json = generic(&w.secret, json!({}));
    not_json.body = b"payload=1".to_vec();
    let out = hub.trigger_webhook(&w.webhook.id, not_json).await;
    assert!(matches!(refusal(&out), TriggerError::BadPayload(_)));
    assert_eq!(task_count(&hub), 0);
}

#[tokio::test]
async fn github_deliveries_are_signed_over_the_raw_body() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = hub(dir.path());
    template(&hub, "gh", "{event} on {repo}").await;
    let w = webhook(
        &hub,
        "gh",
        "gh",
        WebhookKind::Github,
        &[("repo", "/repository/full_name")],
    )
    .await;
    let body = br#"{"repository": {"full_name": "acme/site"}}"#;
    let out = hub
        .trigger_webhook(&w.webhook.id, github(&w.secret, "push", body))
        .await;
    assert_eq!(prompt_of(&hub, &out), "push on acme/site");

    let mut tampered = github(&w.secret, "push", body);
    tampered.body = br#"{"repository": {"full_name": "evil/site"}}"#.to_vec();
    let out = hub.trigger_webhook(&w.webhook.id, tampered).await;
    assert!(matches!(
        refusal(&out),
        TriggerError::Refused(DomainError::Unauthorized(_))
    ));
    let out = hub
        .trigger_webhook(&w.webhook.id, github("another secret", "push", body))
        .await;
    assert!(matches!(
        refusal(&out),
        TriggerError::Refused(DomainError::Unauthorized(_))
    ));

    let out = hub
        .trigger_webhook(&w.webhook.id, github(&w.secret, "ping", b"{}"))
        .await;
    let accepted = out.result.expect("ping answered");
    assert_eq!(accepted.task_id, None);
    assert_eq!(task_count(&hub), 1);
}

#[tokio::test]
async fn an_uptime_kuma_down_event_becomes_status_down() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = hub(dir.path());
    template(&hub, "kuma", "{monitor} is {status}").await;
    let w = webhook(&hub, "kuma", "kuma", WebhookKind::Generic, &[]).await;
    let down = json!({
        "heartbeat": {"status": 0, "msg": "connect ECONNREFUSED"},
        "monitor": {"name": "site"},
        "msg": "[site] [Down] connect ECONNREFUSED",
    });
    let out = hub
        .trigger_webhook(&w.webhook.id, generic(&w.secret, down))
        .await;
    assert_eq!(prompt_of(&hub, &out), "site is down");
    // Kuma's test notification has no heartbeat: nothing to say `status`.
    let mut test = generic(
        &w.secret,
        json!({"heartbeat": null, "monitor": null, "msg": "Testing"}),
    );
    test.uptime_kuma = true;
    let out = hub.trigger_webhook(&w.webhook.id, test).await;
    let TriggerError::Refused(DomainError::Validation(msg)) = refusal(&out) else {
        panic!("{out:?}");
    };
    assert!(msg.contains("monitor"), "{msg}");
}

#[tokio::test]
async fn the_eleventh_verified_delivery_in_a_minute_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = hub(dir.path());
    template(&hub, "t", "run").await;
    let w = webhook(&hub, "busy", "t", WebhookKind::Generic, &[]).await;
    for _ in 0..3 {
        let out = hub
            .trigger_webhook(&w.webhook.id, generic("wrong", json!({})))
            .await;
        assert!(out.result.is_err());
    }
    for i in 0..10 {
        let out = hub
            .trigger_webhook(&w.webhook.id, generic(&w.secret, json!({})))
            .await;
        assert!(out.result.is_ok(), "delivery {i}: {out:?}");
    }
    let out = hub
        .trigger_webhook(&w.webhook.id, generic(&w.secret, json!({})))
        .await;
    let TriggerError::Refused(DomainError::RateLimited { retry_after, .. }) = refusal(&out) else {
        panic!("{out:?}");
    };
    assert!(*retry_after >= Duration::from_secs(1));
    assert_eq!(out.actor.as_deref(), Some("webhook:busy"));
    assert_eq!(task_count(&hub), 10);
}

#[tokio::test]
async fn creation_checks_the_template_and_its_variables() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = hub(dir.path());
    template(&hub, "review", "review {repo} for {who}").await;
    let create = |name: &str, tpl: &str, vars: &[(&str, &str)]| CreateWebhook {
        name: name.into(),
        template: tpl.into(),
        kind: WebhookKind::Generic,
        variables: vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    };
    let err = hub
        .create_webhook(create("a", "nope", &[]), "op")
        .await
        .expect_err("no template");
    assert!(matches!(err, DomainError::Validation(_)), "{err}");
    let err = hub
        .create_webhook(create("a", "review", &[("repo", "/r")]), "op")
        .await
        .expect_err("who is unmapped");
    assert!(err.to_string().contains("`who`"), "{err}");
    let err = hub
        .create_webhook(
            create("Bad Name", "review", &[("repo", "/r"), ("who", "/w")]),
            "op",
        )
        .await
        .expect_err("name");
    assert!(matches!(err, DomainError::Validation(_)));
    let ok = hub
        .create_webhook(
            create("a", "review", &[("repo", "/r"), ("who", "/w")]),
            "op",
        )
        .await
        .expect("created");
    let err = hub
        .create_webhook(
            create("a", "review", &[("repo", "/r"), ("who", "/w")]),
            "op",
        )
        .await
        .expect_err("duplicate");
    assert!(matches!(err, DomainError::Conflict(_)));
    let gone = hub.delete_webhook("a").await.expect("by name");
    assert_eq!(gone.id, ok.webhook.id);
    assert!(matches!(
        hub.delete_webhook(&ok.webhook.id).await,
        Err(DomainError::NotFound(_))
    ));
    let out = hub
        .trigger_webhook(&ok.webhook.id, generic(&ok.secret, json!({"r": 1, "w": 2})))
        .await;
    assert!(matches!(
        refusal(&out),
        TriggerError::Refused(DomainError::NotFound(_))
    ));
}

fn mappings(vars: &[(&str, &str)]) -> std::collections::BTreeMap<String, String> {
    vars.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn an_edit_keeps_the_id_and_the_secret_and_must_stay_dispatchable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = hub(dir.path());
    template(&hub, "deploy", "deploy {repo}").await;
    template(&hub, "release", "release {repo} as {tag}").await;
    let w = webhook(
        &hub,
        "ci",
        "deploy",
        WebhookKind::Generic,
        &[("repo", "/repo")],
    )
    .await;
    webhook(
        &hub,
        "other",
        "deploy",
        WebhookKind::Generic,
        &[("repo", "/r")],
    )
    .await;
    let edit = |req: UpdateWebhook| hub.update_webhook("ci", req);

    let err = edit(UpdateWebhook {
        template: Some("release".into()),
        ..UpdateWebhook::default()
    })
    .await
    .expect_err("tag is unmapped");
    assert!(
        matches!(&err, DomainError::Validation(m) if m.contains("`tag`")),
        "{err}"
    );
    let err = edit(UpdateWebhook {
        template: Some("nope".into()),
        ..UpdateWebhook::default()
    })
    .await
    .expect_err("no template");
    assert!(matches!(err, DomainError::Validation(_)), "{err}");
    let err = edit(UpdateWebhook {
        variables: Some(mappings(&[("repo", "no-slash")])),
        ..UpdateWebhook::default()
    })
    .await
    .expect_err("not a pointer");
    assert!(matches!(err, DomainError::Validation(_)), "{err}");
    let err = edit(UpdateWebhook {
        name: Some("other".into()),
        ..UpdateWebhook::default()
    })
    .await
    .expect_err("taken");
    assert!(matches!(err, DomainError::Conflict(_)), "{err}");
    let err = hub
        .update_webhook("wh-000000000000", UpdateWebhook::default())
        .await
        .expect_err("unknown");
    assert!(matches!(err, DomainError::NotFound(_)), "{err}");

    let changed = edit(UpdateWebhook {
        name: Some("releases".into()),
        template: Some("release".into()),
        variables: Some(mappings(&[("repo", "/repository"), ("tag", "/tag")])),
        ..UpdateWebhook::default()
    })
    .await
    .expect("changed");
    assert_eq!(changed.id, w.webhook.id);
    assert_eq!(changed.trigger_path, w.webhook.trigger_path);
    assert_eq!(
        (changed.name.as_str(), changed.template.as_str()),
        ("releases", "release")
    );
    assert_eq!(hub.webhooks().expect("list").len(), 2);

    let out = hub
        .trigger_webhook(
            &w.webhook.id,
            generic(&w.secret, json!({"repository": "acme/site", "tag": "v2"})),
        )
        .await;
    assert_eq!(out.actor.as_deref(), Some("webhook:releases"));
    assert_eq!(prompt_of(&hub, &out), "release acme/site as v2");

    // A new kind moves the URL to that kind's route; the secret stays.
    let moved = hub
        .update_webhook(
            &w.webhook.id,
            UpdateWebhook {
                kind: Some(WebhookKind::Github),
                ..UpdateWebhook::default()
            },
        )
        .await
        .expect("kind");
    assert_eq!(
        moved.trigger_path,
        format!("/api/webhooks/{}/github", w.webhook.id)
    );
    let body = br#"{"repository": "acme/site", "tag": "v3"}"#;
    let out = hub
        .trigger_webhook(&w.webhook.id, github(&w.secret, "release", body))
        .await;
    assert_eq!(prompt_of(&hub, &out), "release acme/site as v3");
}

#[tokio::test]
async fn a_rotated_secret_replaces_the_old_one_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = hub(dir.path());
    template(&hub, "t", "run").await;
    let w = webhook(&hub, "r", "t", WebhookKind::Generic, &[]).await;
    let rotated = hub.rotate_webhook_secret("r").await.expect("rotated");
    assert_eq!(rotated.webhook.id, w.webhook.id);
    assert!(rotated.secret.starts_with("m3shd_wh_"));
    assert_ne!(rotated.secret, w.secret);

    let out = hub
        .trigger_webhook(&w.webhook.id, generic(&w.secret, json!({})))
        .await;
    assert!(matches!(
        refusal(&out),
        TriggerError::Refused(DomainError::Unauthorized(_))
    ));
    let out = hub
        .trigger_webhook(&w.webhook.id, generic(&rotated.secret, json!({})))
        .await;
    assert!(out.result.is_ok(), "{out:?}");
    assert!(matches!(
        hub.rotate_webhook_secret("nope").await,
        Err(DomainError::NotFound(_))
    ));
}

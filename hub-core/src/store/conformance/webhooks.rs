//! Inbound webhooks: by id or name, names unique, secrets sealed at rest,
//! the last delivery moving forward only, changes in place keeping the id
//! (and the secret until it is replaced).

use m3shd_api::WebhookKind;

use super::{at, backends};
use crate::store::StoreError;
use crate::store::repos::WebhookRow;

fn webhook(id: &str, name: &str) -> WebhookRow {
    WebhookRow {
        id: id.into(),
        name: name.into(),
        kind: WebhookKind::Github,
        template: "review".into(),
        variables: [("repo".to_string(), "/repository/full_name".to_string())].into(),
        created_by: "ops".into(),
        created_at: at(1),
        last_triggered_at: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_keep_their_secret_sealed_and_note_deliveries() {
    for b in backends() {
        let s = &b.store;
        let ci = webhook("wh-1", "ci");
        let mut plain = webhook("wh-2", "alerts");
        plain.kind = WebhookKind::Generic;
        plain.variables.clear();
        for (w, secret) in [(ci.clone(), "m3shd_wh_plain"), (plain.clone(), "other")] {
            s.write(move |tx| tx.webhooks().insert(&w, secret))
                .await
                .expect("insert");
        }
        let taken = webhook("wh-3", "ci");
        let dup = s.write(move |tx| tx.webhooks().insert(&taken, "x")).await;
        assert!(
            matches!(dup, Err(StoreError::Duplicate(_))),
            "{}: {dup:?}",
            b.name
        );

        let stored = b
            .raw_texts("SELECT secret FROM webhooks WHERE id = 'wh-1'")
            .await;
        assert!(stored[0].starts_with("enc1:"), "{}: {}", b.name, stored[0]);
        assert!(!stored[0].contains("m3shd_wh_plain"), "{}", b.name);
        let secret = |id: &str| s.read(|r| r.webhooks().secret(id)).expect("secret");
        assert_eq!(
            secret("wh-1").as_deref(),
            Some("m3shd_wh_plain"),
            "{}",
            b.name
        );
        assert_eq!(secret("wh-9"), None, "{}", b.name);

        let get = |key: &str| s.read(|r| r.webhooks().get(key)).expect("get");
        assert_eq!(get("ci"), Some(ci.clone()), "{}", b.name);
        assert_eq!(get("wh-2"), Some(plain.clone()), "{}", b.name);
        assert_eq!(get("nope"), None, "{}", b.name);
        let listed = s.read(|r| r.webhooks().list()).expect("list");
        assert_eq!(listed, [plain, ci], "{}", b.name);

        for when in [5, 2] {
            s.write(move |tx| tx.webhooks().touch("wh-1", at(when)))
                .await
                .expect("touch");
        }
        let last = get("wh-1").and_then(|w| w.last_triggered_at);
        assert_eq!(last, Some(at(5)), "{}", b.name);

        assert!(
            s.write(|tx| tx.webhooks().delete("wh-1"))
                .await
                .expect("delete")
        );
        assert!(
            !s.write(|tx| tx.webhooks().delete("wh-1"))
                .await
                .expect("delete")
        );
        assert_eq!(secret("wh-1"), None, "{}", b.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_changes_in_place_and_its_secret_only_when_replaced() {
    for b in backends() {
        let s = &b.store;
        for (w, secret) in [
            (webhook("wh-1", "ci"), "m3shd_wh_first"),
            (webhook("wh-2", "alerts"), "other"),
        ] {
            s.write(move |tx| tx.webhooks().insert(&w, secret))
                .await
                .expect("insert");
        }
        s.write(|tx| tx.webhooks().touch("wh-1", at(7)))
            .await
            .expect("touch");

        let mut changed = webhook("wh-1", "deploys");
        changed.kind = WebhookKind::Generic;
        changed.template = "deploy".into();
        changed.variables = [("sha".to_string(), "/after".to_string())].into();
        let edit = changed.clone();
        assert!(
            s.write(move |tx| tx.webhooks().update(&edit))
                .await
                .expect("update"),
            "{}",
            b.name
        );
        let get = |key: &str| s.read(|r| r.webhooks().get(key)).expect("get");
        let mut expected = changed.clone();
        expected.last_triggered_at = Some(at(7));
        assert_eq!(get("wh-1"), Some(expected.clone()), "{}", b.name);
        assert_eq!(get("deploys"), Some(expected), "{}", b.name);
        assert_eq!(get("ci"), None, "{}: the old name is free", b.name);
        let secret = |id: &str| s.read(|r| r.webhooks().secret(id)).expect("secret");
        assert_eq!(
            secret("wh-1").as_deref(),
            Some("m3shd_wh_first"),
            "{}",
            b.name
        );

        let mut taken = changed.clone();
        taken.name = "alerts".into();
        let dup = s.write(move |tx| tx.webhooks().update(&taken)).await;
        assert!(
            matches!(dup, Err(StoreError::Duplicate(_))),
            "{}: {dup:?}",
            b.name
        );
        assert_eq!(
            get("wh-1").map(|w| w.name),
            Some("deploys".to_string()),
            "{}",
            b.name
        );
        let ghost = webhook("wh-9", "ghost");
        assert!(
            !s.write(move |tx| tx.webhooks().update(&ghost))
                .await
                .expect("update"),
            "{}",
            b.name
        );

        assert!(
            s.write(|tx| tx.webhooks().set_secret("wh-1", "m3shd_wh_second"))
                .await
                .expect("rotate"),
            "{}",
            b.name
        );
        assert_eq!(
            secret("wh-1").as_deref(),
            Some("m3shd_wh_second"),
            "{}",
            b.name
        );
        assert_eq!(secret("wh-2").as_deref(), Some("other"), "{}", b.name);
        let stored = b
            .raw_texts("SELECT secret FROM webhooks WHERE id = 'wh-1'")
            .await;
        assert!(stored[0].starts_with("enc1:"), "{}: {}", b.name, stored[0]);
        assert!(!stored[0].contains("m3shd_wh_second"), "{}", b.name);
        assert!(
            !s.write(|tx| tx.webhooks().set_secret("wh-9", "x"))
                .await
                .expect("rotate"),
            "{}",
            b.name
        );
    }
}

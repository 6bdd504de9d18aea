//! Inbound webhooks: by id or name, names unique, secrets sealed at rest,
//! the last delivery moving forward only.

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

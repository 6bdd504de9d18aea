//! Task templates: the built-in ones, by id or name, listed by name,
//! names unique.

use super::{at, backends};
use crate::store::StoreError;
use crate::store::repos::TemplateRow;

fn template(id: &str, name: &str) -> TemplateRow {
    TemplateRow {
        id: id.into(),
        name: name.into(),
        description: format!("{name} things"),
        prompt_template: "Review {{repo}}".into(),
        capability: None,
        priority: 3,
        model: None,
        protocol: Default::default(),
        federated_input: Default::default(),
        created_by: "ops".into(),
        created_at: at(1),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn templates_are_found_by_id_or_name_and_names_are_unique() {
    for b in backends() {
        let s = &b.store;
        let mut full = template("tp-1", "review");
        full.capability = Some("code".into());
        full.model = Some("big".into());
        full.protocol.challenge = Some(true);
        let plain = template("tp-2", "audit");
        // Named like another template's id: the id still wins.
        let tricky = template("tp-3", "tp-1");
        for t in [full.clone(), plain.clone(), tricky.clone()] {
            s.write(move |tx| tx.templates().insert(&t))
                .await
                .expect("insert");
        }
        let taken = template("tp-4", "review");
        let dup = s.write(move |tx| tx.templates().insert(&taken)).await;
        assert!(
            matches!(dup, Err(StoreError::Duplicate(_))),
            "{}: {dup:?}",
            b.name
        );

        let get = |key: &str| s.read(|r| r.templates().get(key)).expect("get");
        assert_eq!(get("tp-1"), Some(full.clone()), "{}", b.name);
        assert_eq!(get("review"), Some(full.clone()), "{}", b.name);
        assert_eq!(get("audit"), Some(plain.clone()), "{}", b.name);
        assert_eq!(get("nope"), None, "{}", b.name);
        let names: Vec<String> = s
            .read(|r| r.templates().list())
            .expect("list")
            .into_iter()
            .map(|t| t.name)
            .collect();
        // Both backends start with the same built-in templates.
        assert_eq!(
            names,
            [
                "audit",
                "code-review",
                "qa",
                "research",
                "review",
                "summarize",
                "tp-1",
                "write"
            ],
            "{}",
            b.name
        );
        let seeded = get("code-review").expect("built in");
        assert_eq!(
            (
                seeded.id.as_str(),
                seeded.capability.as_deref(),
                seeded.priority
            ),
            ("seed-code-review", Some("code_review"), 5),
            "{}",
            b.name
        );

        assert!(
            s.write(|tx| tx.templates().delete("tp-2"))
                .await
                .expect("delete")
        );
        assert!(
            !s.write(|tx| tx.templates().delete("tp-2"))
                .await
                .expect("delete")
        );
        assert_eq!(get("audit"), None, "{}", b.name);
    }
}

//! Federation: peers with sealed tokens, and a task's federation row.

use m3shd_api::Trust;

use super::{at, backends};
use crate::store::{PeerRow, TaskFederationRow};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn peers_keep_their_tokens_sealed_and_relays_are_found_while_open() {
    for b in backends() {
        let s = &b.store;
        let peer = PeerRow::new("lab", "http://127.0.0.1:1", at(0));
        let p = peer.clone();
        s.write(move |tx| tx.federation().upsert_peer(&p, "m3shd_ag_secret"))
            .await
            .expect("add");
        let p = PeerRow {
            url: "http://127.0.0.1:2".into(),
            ..peer.clone()
        };
        s.write(move |tx| tx.federation().upsert_peer(&p, "m3shd_ag_other"))
            .await
            .expect("replace");
        let peers = s.read(|r| r.federation().peers()).expect("peers");
        assert_eq!(peers.len(), 1, "{}", b.name);
        assert_eq!(peers[0].url, "http://127.0.0.1:2", "{}", b.name);
        let token = s.read(|r| r.federation().peer_token("lab")).expect("token");
        assert_eq!(token.as_deref(), Some("m3shd_ag_other"), "{}", b.name);
        let at_rest = b.raw_texts("SELECT token FROM peers").await;
        assert!(
            at_rest.iter().all(|t| !t.contains("m3shd_ag_other")),
            "sealed at rest: {}",
            b.name
        );

        let row = TaskFederationRow {
            trust: Trust::Federated,
            origin_hub: Some("hub-a".into()),
            origin_task_id: Some("t-a".into()),
            hops: 2,
            visited: vec!["hub-a".into(), "hub-b".into()],
            relayed_to: Some("lab".into()),
            relay_fence: Some(3),
            ..TaskFederationRow::local("t-1")
        };
        let r = row.clone();
        s.write(move |tx| tx.federation().save_task_federation(&r))
            .await
            .expect("save");
        let got = s
            .read(|r| r.federation().task_federation("t-1"))
            .expect("get");
        assert_eq!(got.as_ref(), Some(&row), "{}", b.name);
        let open = s.read(|r| r.federation().open_relays()).expect("open");
        assert_eq!(open, vec![row.clone()], "{}", b.name);
        let settled = TaskFederationRow {
            relay_fence: None,
            ..row
        };
        s.write(move |tx| tx.federation().save_task_federation(&settled))
            .await
            .expect("settle");
        assert!(
            s.read(|r| r.federation().open_relays())
                .expect("open")
                .is_empty(),
            "{}",
            b.name
        );
        assert!(
            s.write(|tx| tx.federation().delete_peer("lab"))
                .await
                .expect("rm"),
            "{}",
            b.name
        );
        assert!(
            s.read(|r| r.federation().peers())
                .expect("peers")
                .is_empty(),
            "{}",
            b.name
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_peer_keeps_its_record_and_a_callback_secret_stays_sealed_until_cleared() {
    for b in backends() {
        let s = &b.store;
        let peer = PeerRow::new("lab", "http://127.0.0.1:1", at(0));
        let p = peer.clone();
        s.write(move |tx| tx.federation().upsert_peer(&p, "m3shd_ag_secret"))
            .await
            .expect("add");
        s.write(|tx| {
            tx.federation()
                .note_peer("lab", Some("hub-lab"), Some(1500))?;
            tx.federation().count_peer("lab", 2, 1, 0)?;
            tx.federation().count_peer("lab", 0, 0, 1)?;
            tx.federation().note_peer("lab", None, None)
        })
        .await
        .expect("record");
        // Replacing the URL and token keeps the record.
        let p = PeerRow {
            url: "http://127.0.0.1:2".into(),
            ..peer.clone()
        };
        s.write(move |tx| tx.federation().upsert_peer(&p, "m3shd_ag_other"))
            .await
            .expect("replace");
        let got = s.read(|r| r.federation().peers()).expect("peers");
        assert_eq!(
            got,
            vec![PeerRow {
                url: "http://127.0.0.1:2".into(),
                hub: Some("hub-lab".into()),
                relayed: 2,
                succeeded: 1,
                failed: 1,
                latency_us: Some(1500),
                ..peer
            }],
            "{}",
            b.name
        );

        let row = TaskFederationRow {
            trust: Trust::Federated,
            origin_hub: Some("hub-a".into()),
            origin_task_id: Some("t-a".into()),
            hops: 1,
            visited: vec!["hub-a".into()],
            template: Some("nightly".into()),
            return_task_id: Some("t-a".into()),
            return_fence: Some(4),
            ..TaskFederationRow::local("t-2")
        };
        let r = row.clone();
        s.write(move |tx| {
            tx.federation().save_task_federation(&r)?;
            tx.federation()
                .set_callback_secret("t-2", Some("ab".repeat(32).as_str()))
        })
        .await
        .expect("save");
        assert_eq!(
            s.read(|r| r.federation().task_federation("t-2"))
                .expect("get")
                .as_ref(),
            Some(&row),
            "{}",
            b.name
        );
        let at_rest = b
            .raw_texts("SELECT callback_secret FROM task_federation WHERE task_id = 't-2'")
            .await;
        assert!(
            at_rest.iter().all(|t| !t.contains(&"ab".repeat(32))),
            "sealed at rest: {}",
            b.name
        );
        assert_eq!(
            s.read(|r| r.federation().callback_secret("t-2"))
                .expect("secret"),
            Some("ab".repeat(32)),
            "{}",
            b.name
        );
        // Saving the row again keeps the secret.
        let pushed = TaskFederationRow {
            push: true,
            ..row.clone()
        };
        s.write(move |tx| tx.federation().save_task_federation(&pushed))
            .await
            .expect("save again");
        let pending = s
            .read(|r| r.federation().pending_callbacks())
            .expect("pending");
        assert_eq!(pending.len(), 1, "{}", b.name);
        assert!(pending[0].push, "{}", b.name);
        s.write(|tx| tx.federation().set_callback_secret("t-2", None))
            .await
            .expect("clear");
        assert!(
            s.read(|r| r.federation().pending_callbacks())
                .expect("pending")
                .is_empty(),
            "{}",
            b.name
        );
        assert_eq!(
            s.read(|r| r.federation().callback_secret("t-2"))
                .expect("secret"),
            None,
            "{}",
            b.name
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_peers_signed_link_is_kept_beside_the_task() {
    use crate::store::FederatedLinkRow;
    for b in backends() {
        super::task(&b, "t1").await;
        let s = &b.store;
        let link = FederatedLinkRow {
            task_id: "t1".into(),
            peer: "lab".into(),
            link: m3shd_api::FederatedLink {
                hub: "hub-lab".into(),
                task_id: "t-9".into(),
                agent_id: "wb".into(),
                signed_at: at(3),
                prev_hash: "0".repeat(64),
                output_hash: "cd".repeat(32),
                signature: "ef".repeat(32),
            },
        };
        let l = link.clone();
        s.write(move |tx| tx.provenance().insert_federated_link(&l))
            .await
            .expect("insert");
        assert_eq!(
            s.read(|r| r.provenance().federated_link("t1"))
                .expect("link"),
            Some(link),
            "{}",
            b.name
        );
        assert_eq!(
            s.read(|r| r.provenance().federated_link("t2"))
                .expect("none"),
            None,
            "{}",
            b.name
        );
    }
}

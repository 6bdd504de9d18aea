//! Federation: peers with sealed tokens, and a task's federation row.

use m3shd_api::Trust;

use super::{at, backends};
use crate::store::{PeerRow, TaskFederationRow};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn peers_keep_their_tokens_sealed_and_relays_are_found_while_open() {
    for b in backends() {
        let s = &b.store;
        let peer = PeerRow {
            name: "lab".into(),
            url: "http://127.0.0.1:1".into(),
            created_at: at(0),
        };
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

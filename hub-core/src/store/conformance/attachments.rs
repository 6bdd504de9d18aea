//! Task attachments: listed oldest first, counted, found again by content
//! and name, read back with their bytes.

use m3shd_api::Attachment;

use super::{at, backends, task};

fn file(id: &str, task: &str, name: &str, sha: &str, when: i64) -> Attachment {
    Attachment {
        id: id.into(),
        task_id: task.into(),
        filename: name.into(),
        mime: "text/plain".into(),
        size: 3,
        sha256: sha.into(),
        created_at: at(when),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attachments_are_listed_counted_and_read_with_their_bytes() {
    for b in backends() {
        task(&b, "t1").await;
        task(&b, "t2").await;
        let s = &b.store;
        let later = file("at-a", "t1", "notes.txt", "s1", 20);
        let first = file("at-b", "t1", "data.csv", "s2", 10);
        let elsewhere = file("at-c", "t2", "notes.txt", "s1", 5);
        for (a, data) in [
            (later.clone(), b"abc".to_vec()),
            (first.clone(), vec![0u8, 255, 7]),
            (elsewhere.clone(), b"xyz".to_vec()),
        ] {
            s.write(move |tx| tx.attachments().insert(&a, &data))
                .await
                .expect("insert");
        }
        let same = file("at-d", "t1", "notes.txt", "s1", 30);
        let dup = s
            .write(move |tx| tx.attachments().insert(&same, b"abc"))
            .await;
        // Refused (SQLite does not name it a duplicate, PostgreSQL does).
        assert!(dup.is_err(), "{}", b.name);

        let listed = s.read(|r| r.attachments().list("t1")).expect("list");
        assert_eq!(listed, [first.clone(), later.clone()], "{}", b.name);
        assert_eq!(s.read(|r| r.attachments().count("t1")).expect("count"), 2);
        assert_eq!(s.read(|r| r.attachments().count("t9")).expect("count"), 0);
        let found = s
            .read(|r| r.attachments().find_same("t1", "s1", "notes.txt"))
            .expect("find");
        assert_eq!(found, Some(later.clone()), "{}", b.name);
        let renamed = s
            .read(|r| r.attachments().find_same("t1", "s1", "other.txt"))
            .expect("find");
        assert_eq!(renamed, None, "{}", b.name);
        let got = s.read(|r| r.attachments().get("t1", "at-b")).expect("get");
        assert_eq!(got, Some((first, vec![0u8, 255, 7])), "{}", b.name);
        // An attachment is read only through its own task.
        assert_eq!(
            s.read(|r| r.attachments().get("t2", "at-b")).expect("get"),
            None
        );
    }
}

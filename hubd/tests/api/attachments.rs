//! Task attachments: an image goes in as the raw body and comes back byte
//! for byte; what is not an image, too large, or for no task is refused
//! with the stable error codes, and nothing is stored.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::{TOKEN, TestHub};

pub(crate) const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

pub(crate) async fn upload(
    th: &TestHub,
    task: &str,
    content_type: &str,
    name: Option<&str>,
    body: Vec<u8>,
) -> (StatusCode, Value) {
    let mut req = th
        .http
        .post(th.url(&format!("/api/tasks/{task}/attachments")))
        .bearer_auth(TOKEN)
        .header("content-type", content_type)
        .body(body);
    if let Some(n) = name {
        req = req.header("x-filename", n);
    }
    let resp = req.send().await.expect("send");
    let status = resp.status();
    let text = resp.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

#[tokio::test]
async fn an_image_is_stored_listed_and_served_back() {
    let th = TestHub::start().await;
    let task = th.create(json!({"prompt": "look at this"})).await;

    let (status, a) = upload(
        &th,
        &task.id,
        "image/png",
        Some("%D0%A4%D0%BE%D1%82%D0%BE.png"),
        PNG.to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{a:?}");
    assert_eq!(a["filename"], "Фото.png");
    assert_eq!(a["mime"], "image/png");
    assert_eq!(a["size"], PNG.len());
    assert_eq!(a["task_id"], task.id.as_str());
    assert_eq!(a["sha256"].as_str().map(str::len), Some(64));

    // The same file again (a retried upload) is the same attachment.
    let (status, again) = upload(
        &th,
        &task.id,
        "image/png",
        Some("%D0%A4%D0%BE%D1%82%D0%BE.png"),
        PNG.to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["id"], a["id"]);

    let list = th.get(&format!("/api/tasks/{}/attachments", task.id)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.body["attachments"].as_array().map(Vec::len), Some(1));

    let resp = th
        .http
        .get(th.url(&format!(
            "/api/tasks/{}/attachments/{}",
            task.id,
            a["id"].as_str().unwrap()
        )))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "image/png");
    let disposition = resp.headers()["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert_eq!(resp.bytes().await.unwrap().as_ref(), PNG);

    let added = th.events_of("attachment_added").await;
    assert_eq!(added.len(), 1, "one event for one stored file");
}

#[tokio::test]
async fn larger_than_the_json_limit_but_within_20_mb_is_fine() {
    let th = TestHub::start().await;
    let task = th.create(json!({"prompt": "big picture"})).await;
    let mut big = PNG.to_vec();
    big.resize(5 * 1024 * 1024, 0);
    let (status, a) = upload(&th, &task.id, "image/png", Some("big.png"), big).await;
    assert_eq!(status, StatusCode::CREATED, "{a:?}");
    assert_eq!(a["size"], 5 * 1024 * 1024);
}

#[tokio::test]
async fn bad_uploads_are_refused_and_store_nothing() {
    let th = TestHub::start().await;
    let task = th.create(json!({"prompt": "x"})).await;

    let (status, body) = upload(
        &th,
        &task.id,
        "image/png",
        Some("a.png"),
        b"%PDF-1.7".to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body:?}");
    assert_eq!(body["error"]["code"], "validation");

    let (status, body) = upload(&th, &task.id, "text/plain", Some("a.png"), PNG.to_vec()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body:?}");

    let (status, body) = upload(&th, &task.id, "image/png", Some("%zz"), PNG.to_vec()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body:?}");

    let mut huge = PNG.to_vec();
    huge.resize(m3shd_api::MAX_ATTACHMENT_BYTES + 1, 0);
    let (status, body) = upload(&th, &task.id, "image/png", Some("huge.png"), huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body:?}");
    assert_eq!(body["error"]["code"], "payload_too_large");

    let (status, body) = upload(&th, "nosuchtask", "image/png", None, PNG.to_vec()).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body:?}");

    let list = th.get(&format!("/api/tasks/{}/attachments", task.id)).await;
    assert_eq!(list.body["attachments"], json!([]));
    let missing = th
        .get(&format!(
            "/api/tasks/{}/attachments/0123456789abcdef",
            task.id
        ))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.code(), "not_found");

    // Without a token there is nothing to see.
    let resp = th
        .http
        .get(th.url(&format!("/api/tasks/{}/attachments", task.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
}
